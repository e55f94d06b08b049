"""Invariants over the real pages of the shared corpus (skipped where the corpus is absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleaner import clean

from .conftest import SHARED

CORPUS = Path(os.environ.get("CLEANER_SHARED", SHARED)) / "corpus"
DUMPS = sorted((CORPUS / "dumps").glob("*.txt")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not DUMPS, reason="shared corpus not present")


@pytest.mark.parametrize("path", DUMPS, ids=lambda p: p.stem)
def test_dump_cleaning_is_stable(path):
    """Cleaning the clean text of a real whole-page dump again changes and removes nothing."""
    first = clean(path.read_bytes(), kind="text")
    second = clean(first.text, kind="text")
    assert second.text == first.text
    assert second.removed == ()


@pytest.mark.parametrize("path", DUMPS, ids=lambda p: p.stem)
def test_dump_is_not_mistaken_for_html(path):
    from cleaner.decode import looks_like_html

    assert not looks_like_html(path.read_text(encoding="utf-8"))
