"""Text mode keeps the article on ../shared/corpus-recall (real pages with the snippets each page's
tests require): at least RECALL_MIN of the snippets are in the output, and no page that has
snippets comes out with an empty body. Skipped where the shared folder is absent.

The misses left are deliberate or out of reach: credited captions (the caption goes with its
credit), chrome a page's tests happen to name, and snippets written in a form the dump does not
hold (bullets the dump lacks, a drop cap split from its word)."""

from __future__ import annotations

import json
import re

import pytest

from cleaner import clean

from .conftest import SHARED

RECALL = SHARED / "corpus-recall"
RECALL_MIN = 0.90

pytestmark = pytest.mark.skipif(not (RECALL / "gold.jsonl").is_file(), reason="no ../shared/corpus-recall")


def _norm(text: str, no_ws: bool) -> str:
    return re.sub(r"\s+", "" if no_ws else " ", text or "").strip()


def test_text_mode_keeps_the_snippets_and_empties_no_page():
    found = total = 0
    empty = []
    for line in (RECALL / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        path = RECALL / "dumps" / f"{g['id']}.txt"
        if not path.is_file():
            continue
        r = clean(path.read_bytes(), kind="text", url=g.get("url"))
        if g["with"] and not r.body.strip():
            empty.append(g["id"])
        no_ws = g["match"] == "no_whitespace"
        out = _norm("\n\n".join(x for x in (r.title, r.body) if x), no_ws)
        found += sum(1 for w in g["with"] if _norm(w, no_ws) in out)
        total += len(g["with"])
    assert not empty
    assert total and found / total >= RECALL_MIN, f"{found}/{total}"
