"""Stage 2: text -> numbered lines.

Every later stage works on `Line` objects, so every removal can name the input line (1-based)
and column it came from. Lines are stripped for matching; `col` keeps where the text starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .decode import normalize_newlines

# Zero-width and BOM characters that scrapers leave at line starts; they are not content.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


# Runs of spaces, tabs and other blanks inside a line: rules and output see one space, as the
# page showed it.
_BLANKS = re.compile(r"\s{2,}|[^\S ]")


@dataclass(frozen=True, slots=True)
class Line:
    no: int  # 1-based line number in the input
    text: str  # stripped text, inner runs of blanks made one space
    col: int  # 1-based column where `text` starts
    starts: tuple[int, ...] | None = None  # where each run-collapsed stretch of `text` starts in the input

    @property
    def blank(self) -> bool:
        return not self.text

    def col_at(self, k: int) -> int:
        """The input column of `text[k]`."""
        if self.starts is None:
            return self.col + k
        # starts: pairs (offset in text, offset in the input line from `col`), one per stretch
        pos = 0
        for j in range(0, len(self.starts), 2):
            if self.starts[j] > k:
                break
            pos = j
        return self.col + self.starts[pos + 1] + (k - self.starts[pos])


# A `Line` made field by field (`segment`'s lines without runs, nearly all of them): the frozen
# dataclass's __init__ sets each field through a Python-level `object.__setattr__`, about twice
# the cost of a new instance and its four slots set directly (tests/test_segment_speed.py checks
# the lines are equal to, and hash and print as, those the constructor makes).
_new = object.__new__
_set_no, _set_text = Line.no.__set__, Line.text.__set__  # type: ignore[attr-defined]
_set_col, _set_starts = Line.col.__set__, Line.starts.__set__  # type: ignore[attr-defined]


def plain_lines(texts: list[str]) -> list[Line]:
    """`[Line(i, text, 1) for i, text in enumerate(texts, start=1)]`: lines without runs (a page the
    stages build of their own), made field by field as `segment` makes its own."""
    out: list[Line] = []
    append = out.append
    for i, text in enumerate(texts, start=1):
        line = _new(Line)
        _set_no(line, i)
        _set_text(line, text)
        _set_col(line, 1)
        _set_starts(line, None)
        append(line)
    return out


def segment(text: str) -> list[Line]:
    text = normalize_newlines(text)
    out: list[Line] = []
    append = out.append
    for i, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            while stripped and (stripped[0] in _INVISIBLE or stripped[-1] in _INVISIBLE):
                stripped = stripped.strip(_INVISIBLE).strip()  # '\ufeff \ufeff text': every layer
            col = 1 if stripped is raw else raw.find(stripped) + 1 if stripped else 1
            # (a printable line holds no blank but the space, so only a double space could be a
            # run: two string scans read most lines faster than the pattern)
            runs = not (stripped.isprintable() and "  " not in stripped or _BLANKS.search(stripped) is None)
        else:  # (a blank line)
            col, runs = 1, False
        if not runs:  # Line(i, stripped, col)
            line = _new(Line)
            _set_no(line, i)
            _set_text(line, stripped)
            _set_col(line, col)
            _set_starts(line, None)
            append(line)
            continue
        parts, starts, k, last = [], [0, 0], 0, 0
        for m in _BLANKS.finditer(stripped):
            parts.append(stripped[last:m.start()] + " ")
            k += m.start() - last + 1
            last = m.end()
            starts += [k, last]
        parts.append(stripped[last:])
        append(Line(i, "".join(parts), col, tuple(starts)))
    return out
