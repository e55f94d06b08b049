"""Explained losses in HTML mode: whatever trafilatura extracts from the unpruned page and the
result lacks is accounted for by a `removed` entry (its text is there, under some rule).

The check extracts a second time, here in the test only: `clean()` never does. A block counts as
accounted for when nearly all of its characters (whitespace removed) lie in 12-character pieces,
or short removed texts, that stand in the title, byline, body, related records or removed texts: repair may change quotes and
dashes, and the two readings space inline elements differently. Runs on every HTML fixture and on the shared corpora (skipped where absent).
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.decode import decode
from cleaner.html import _blocks, _extract, parse

from .conftest import FIXTURES, NOW, SHARED, html_cases, load_case

# Share of a block's characters that must be found; the rest is left to repair's rewrites and to
# labels the extractor writes itself (it reads 'Photo' before a credit no element holds).
COVERED = 0.85
GRAM = 12  # characters, whitespace removed: the two readings space inline elements differently


def _key(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def unexplained(data: bytes, url: str | None, now=None) -> list[str]:
    """The blocks of trafilatura's extraction of the unpruned page that the result neither keeps
    nor reports as removed."""
    r = clean(data, kind="html", url=url, now=now)
    texts = [r.title, r.byline, r.published, *r.paragraphs]
    texts += [x.text for x in r.removed]
    for rel in r.related:
        texts += [rel.title, rel.source, rel.age, rel.summary]
    keys = [_key(t) for t in texts if t]
    have = {k[i:i + GRAM] for k in keys for i in range(len(k) - GRAM + 1)}
    short = {k for k in keys if 2 < len(k) < GRAM}  # a citation mark, a label cut from a line
    joined = "\n".join(keys)
    tree = parse(decode(data, html=True))
    lost = []
    for block, _ in _blocks(_extract(tree, url) if tree is not None else None):
        k = _key(block)
        if not any(ch.isalnum() for ch in k):
            continue
        if len(k) < GRAM:
            if k not in joined:
                lost.append(block)
            continue
        # each character of the block must stand in some found gram (or short removed text)
        covered = bytearray(len(k))
        for i in range(len(k) - GRAM + 1):
            if k[i:i + GRAM] in have:
                covered[i:i + GRAM] = b"\x01" * GRAM
        for w in short:
            at = k.find(w)
            while at >= 0:
                covered[at:at + len(w)] = b"\x01" * len(w)
                at = k.find(w, at + 1)
        if sum(covered) < COVERED * len(k):
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
