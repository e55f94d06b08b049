"""Small, readable line features shared by the stages (word counts, sentence ends, title shape)."""

from __future__ import annotations

import re

from .memo import memoized

_WORD = re.compile(r"\w+(?:['’.-]\w+)*", re.UNICODE)
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]+(?:['.-][A-Za-z0-9_]+)*")  # `_WORD` on an ASCII line
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Thai, Lao, Myanmar and Khmer: alphabets written without spaces between words (a space ends a
# phrase or a sentence); a word is about this many characters (vowel and tone marks included).
_NOSPACE = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
NOSPACE_WORD_CHARS = 3
_TERMINAL = ".!?…。！？:;\"'”’»)"

# Headlines are rarely longer than this many words; a longer line is prose.
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 300


@memoized  # stages ask again about the same lines
def words(text: str) -> int:
    """Words in `text`; each CJK character counts as a word, and every NOSPACE_WORD_CHARS letters of
    Thai, Lao, Myanmar or Khmer do (these scripts are written without spaces between words)."""
    if text.isascii():
        return _ASCII_WORD.subn("", text)[1]  # (counts the matches without building them)
    n = _WORD.subn("", text)[1]
    cjk = len(_CJK.findall(text))
    other = len(_NOSPACE.findall(text)) // NOSPACE_WORD_CHARS
    return max(n, cjk + other) if cjk or other else n


# Closing quotes and brackets after a sentence's end: '... he said."' ends a sentence too.
_CLOSERS = "\"'”’»)]"


def ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip().rstrip(_CLOSERS)[-1:] in ".!?…。！？။។।؟۔"


def is_titleish(text: str) -> bool:
    """Short, headline-shaped: not a paragraph of prose."""
    if not text or len(text) > TITLE_MAX_CHARS:
        return False
    n = words(text)
    if n == 0 or n > TITLE_MAX_WORDS:
        return False
    # A headline may end in ? or ! but rarely in a period: a short line ending in one is a sentence.
    end = text.rstrip().rstrip(_CLOSERS)
    return not (end.endswith(".") and n > 5 and not end.endswith("..") and not _INITIALS_END.search(end))


# A headline may end in an abbreviation's period ('... Underneath N.Y.C.', '... in the U.S.').
_INITIALS_END = re.compile(r"(?:\b\w\.){2,}$")


def is_prose(text: str) -> bool:
    """A paragraph: long, or a full sentence."""
    n = words(text)
    return n > TITLE_MAX_WORDS or (n >= 8 and ends_sentence(text))
