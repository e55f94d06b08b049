"""Cleaning is a fixed point on every text dump in ../shared (corpus and corpus-recall dumps,
seeds): the output of a dump, cleaned again, gives the same text and removes nothing. Skipped
where the shared folder is absent."""

from __future__ import annotations

import pytest

from cleaner import clean

from .conftest import NOW, SHARED


def _dumps() -> list:
    found = []
    for pattern in ("corpus/dumps/*.txt", "corpus-recall/dumps/*.txt", "seeds/*.txt", "seeds/**/*.txt"):
        found += [p for p in SHARED.glob(pattern) if p.name != "README.txt"]
    return sorted(set(found))


DUMPS = _dumps()


def _id(p) -> str:
    return f"{p.parent.parent.name}/{p.parent.name}/{p.stem}"


@pytest.mark.skipif(not DUMPS, reason="shared dumps not available")
@pytest.mark.parametrize("path", DUMPS, ids=_id)
def test_cleaning_a_shared_dump_again_changes_nothing(path):
    first = clean(path.read_bytes(), kind="text", now=NOW)
    second = clean(first.text, kind="text", now=NOW)
    assert second.text == first.text
    assert [(r.rule, r.text) for r in second.removed] == []
