"""The content stage's shortcuts answer as the readings they replace."""

from __future__ import annotations

import re
from pathlib import Path

from cleaner.content import _SEPARATOR_MARKS, _SEPARATORS

FIXTURES = sorted(p for p in (Path(__file__).resolve().parent.parent / "fixtures").glob("*/input.txt"))
_SPACES = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))]


def test_separator_marks_cover_separators():
    # every character the second place of a separator match can hold is one of the marks
    for line in ["a | b | c", "x › y", "a > b", "a/b", "a · b · c · d"] + [
            f"a{s}{m}{s}b" for s in _SPACES for m in "|›»·•/▪◾■●◆♦>"]:
        if _SEPARATORS.search(line):
            assert _SEPARATOR_MARKS.search(line)
    for path in FIXTURES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if _SEPARATOR_MARKS.search(line) is None:
                assert len(_SEPARATORS.split(line)) == 1
