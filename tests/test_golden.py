"""Golden files: every fixtures/<case>/input.txt against fixtures/<case>/expected.json.

Regenerate with `pytest tests/test_golden.py --force-regen` and read every diff before committing.
"""

from __future__ import annotations

import json

import pytest

from cleaner import clean

from .conftest import FIXTURES, NOW, text_cases


@pytest.mark.parametrize("case", text_cases())
def test_golden_text(case, file_regression):
    source = (FIXTURES / case / "input.txt").read_bytes()
    result = clean(source, kind="text", now=NOW)
    out = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    file_regression.check(out, fullpath=FIXTURES / case / "expected.json", encoding="utf-8")


@pytest.mark.parametrize("case", text_cases())
def test_golden_is_stable(case):
    """Cleaning the clean text again gives the same title and body, with nothing more removed."""
    source = (FIXTURES / case / "input.txt").read_bytes()
    first = clean(source, kind="text", now=NOW)
    second = clean(first.text, kind="text", now=NOW)
    assert second.title == first.title
    assert second.body == first.body
    assert second.removed == ()
