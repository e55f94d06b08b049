"""Explained losses in HTML mode: whatever trafilatura extracts from the unpruned page and the
result lacks is accounted for by a `removed` entry (its text is there, under some rule).

The check extracts a second time, here in the test only: `clean()` never does. A block counts as
accounted for when nearly all of its word trigrams (single words for blocks of one or two words)
stand in the title, byline, body, related records or removed texts: repair may change quotes and
dashes, never words. Runs on every HTML fixture and on the shared corpora (skipped where absent).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.decode import decode
from cleaner.html import _blocks, _extract, parse

from .conftest import FIXTURES, NOW, SHARED, html_cases, load_case

_WORD = re.compile(r"\w+")
# Share of a block's trigrams that must be found; the rest is left to repair's rewrites.
COVERED = 0.9


def _words(text: str | None) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def _grams(ws: list[str]) -> set[tuple[str, ...]]:
    if len(ws) < 3:
        return {(w,) for w in ws}
    return {tuple(ws[i:i + 3]) for i in range(len(ws) - 2)}


def unexplained(data: bytes, url: str | None, now=None) -> list[str]:
    """The blocks of trafilatura's extraction of the unpruned page that the result neither keeps
    nor reports as removed."""
    r = clean(data, kind="html", url=url, now=now)
    texts = [r.title, r.byline, r.published, *r.paragraphs]
    texts += [x.text for x in r.removed]
    for rel in r.related:
        texts += [rel.title, rel.source, rel.age, rel.summary]
    have: set[tuple[str, ...]] = set()
    for t in texts:
        ws = _words(t)
        have |= {(w,) for w in ws} | _grams(ws)
    tree = parse(decode(data, html=True))
    lost = []
    for block, _ in _blocks(_extract(tree, url) if tree is not None else None):
        need = _grams(_words(block))
        if need and len(need & have) < COVERED * len(need):
            lost.append(block)
    return lost


@pytest.mark.parametrize("case", html_cases())
def test_fixture_losses_are_explained(case):
    spec = load_case(case)
    data = (FIXTURES / case / "input.html").read_bytes()
    assert unexplained(data, spec.get("url") or None, NOW) == []


def _corpus_pages() -> list[tuple[str, Path, str | None]]:
    base = Path(os.environ.get("CLEANER_SHARED", SHARED))
    out = []
    for name in ("corpus", "corpus-recall"):
        gold = base / name / "gold.jsonl"
        if not gold.is_file():
            continue
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                page = base / name / "pages" / f"{g['id']}.html"
                if page.is_file():
                    out.append((f"{name}/{g['id']}", page, g.get("url")))
    return out


PAGES = _corpus_pages()


@pytest.mark.skipif(not PAGES, reason="shared corpora not present")
@pytest.mark.parametrize("page", PAGES, ids=[p[0] for p in PAGES])
def test_corpus_losses_are_explained(page):
    _, path, url = page
    assert unexplained(path.read_bytes(), url) == []
