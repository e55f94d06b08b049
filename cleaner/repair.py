"""Repair of link-removal artifacts: the space a scraper leaves where a link stood before
punctuation ('as saying .' -> 'as saying.', 'by NHK ,' -> 'by NHK,'). Only '.' and ',' are
repaired: French typography puts a space before ':', ';', '!' and '?' on purpose.
Repair changes whitespace only, never a word.
"""

from __future__ import annotations

import re

_SPACE_BEFORE = re.compile(r"(?<=[\w\"'”’)\]])[ \t\u00a0]+([.,])(?=\s|$|[\"'”’])")
_MULTISPACE = re.compile(r"[ \t]{2,}")


def repair(text: str) -> str:
    if " ." in text or " ," in text or "\u00a0." in text or "\t" in text:
        text = _SPACE_BEFORE.sub(r"\1", text)
    if "  " in text or "\t" in text:
        text = _MULTISPACE.sub(" ", text)
    return text
