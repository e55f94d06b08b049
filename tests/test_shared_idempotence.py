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


# Known: a Wikipedia page whose infobox rows ('Coordinates: ...') stand between the title and the
# lede. The first pass keeps the rows as the article's table; read again without the page's menus,
# the rows or the hatnote above them are judged differently. Left for the content stage's table
# reading. (Henne_Strand, the other such page, is a fixed point: its title is the subject its
# first paragraph names, not a site's name.)
KNOWN = {"snacktory__wikipedia_president"}
DUMPS = [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="infobox rows between title and lede"))
         if p.stem in KNOWN else p for p in _dumps()]


def _id(p) -> str:
    return f"{p.parent.parent.name}/{p.parent.name}/{p.stem}"


@pytest.mark.skipif(not DUMPS, reason="shared dumps not available")
@pytest.mark.parametrize("path", DUMPS, ids=_id)
def test_cleaning_a_shared_dump_again_changes_nothing(path):
    first = clean(path.read_bytes(), kind="text", now=NOW)
    second = clean(first.text, kind="text", now=NOW)
    assert second.text == first.text
    assert [(r.rule, r.text) for r in second.removed] == []
