"""Stage 2: text -> numbered lines.

Every later stage works on `Line` objects, so every removal can name the input line (1-based)
and column it came from. Lines are stripped for matching; `col` keeps where the text starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .decode import normalize_newlines

# Zero-width and BOM characters that scrapers leave at line starts; they are not content.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


@dataclass(frozen=True, slots=True)
class Line:
    no: int  # 1-based line number in the input
    text: str  # stripped text
    col: int  # 1-based column where `text` starts

    @property
    def blank(self) -> bool:
        return not self.text


def segment(text: str) -> list[Line]:
    text = normalize_newlines(text)
    out = []
    for i, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip().strip(_INVISIBLE).strip()
        col = raw.find(stripped) + 1 if stripped else 1
        out.append(Line(i, stripped, col))
    return out
