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
# `words` counts `_WORD`'s matches without the regexes (about 3x faster; a line past `_MASK_BYTES`
# bytes or holding a character of `_SPACED` is counted with them): a match begins at a word character
# (a letter, digit or '_') whose previous character is neither one nor a joining mark (one of
# "'’.-" right after a word character: a match runs through it when a word character follows).
# The line's characters other than word characters become ASCII ones of their kind ('’' a "'",
# the others a space: `_kind`), and its UTF-8 bytes a byte each of `_CLASS_BYTE` (word: 1, mark: 2,
# else 0; each byte of a word character past ASCII is a word byte: the same runs), read as
# one little-endian integer: its word bits, less those with a word byte before (shifted up 8) and
# those with a joining mark before (a mark after a word byte, shifted up 8 again), are one bit at
# each match's start.
_CLASS_BYTE = bytes(1 if c >= 128 or chr(c).isalnum() or c == 95 else 2 if chr(c) in "'.-" else 0
                    for c in range(256))
_MASK_BYTES = 4096
_LOW_BITS = int.from_bytes(b"\x01" * _MASK_BYTES, "little")  # bit 0 of each byte
_ASCII_BYTES = bytes(range(128))
_KIND_BYTES = {"'": b"'", " ": b" "}
# Characters counted apart (`_CJK`, `_NOSPACE`): a line holding one is read with the regexes.
_SPACED = re.compile(f"(?:{_CJK.pattern}|{_NOSPACE.pattern})")
_KINDS: dict[str, str | None] = {}  # `_kind`'s answers (at most a few thousand characters)


def _kind(ch: str) -> str | None:
    """What `words` reads a character past ASCII as: "" a word character (kept), "'" a joining
    mark, " " any other, None a character of `_SPACED` (the line is read with the regexes)."""
    if _SPACED.match(ch):
        kind = None
    elif ch.isalnum() or ch == "_":  # (`_WORD`'s \w: str.isalnum is re's Unicode alnum test)
        kind = ""
    else:
        kind = "'" if ch == "’" else " "
    if len(_KINDS) >= 4096:
        _KINDS.clear()
    _KINDS[ch] = kind
    return kind


_TERMINAL = ".!?…。！？:;\"'”’»)"

# Headlines are rarely longer than this many words; a longer line is prose.
TITLE_MAX_WORDS = 30
TITLE_MAX_CHARS = 300


@memoized  # stages ask again about the same lines
def words(text: str) -> int:
    """Words in `text`; each CJK character counts as a word, and every NOSPACE_WORD_CHARS letters of
    Thai, Lao, Myanmar or Khmer do (these scripts are written without spaces between words)."""
    if text.isascii():
        data = text.encode()
    else:
        # (a lone surrogate, which JSON input may hold, is no word character: it is made a space)
        data = text.encode("utf-8", "surrogatepass")
        get = _KINDS.get
        # (the line's characters past ASCII: its bytes past ASCII, every sequence whole; each
        # character's UTF-8 bytes stand in the line's bytes only where that character stands)
        past = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
        if _SPACED.search(past) is not None:  # (a character `_kind` reads as None)
            return _spaced_words(text)
        for ch in set(past):
            kind = get(ch, 0)
            if kind == 0:
                kind = _kind(ch)
            if kind:
                data = data.replace(ch.encode("utf-8", "surrogatepass"), _KIND_BYTES[kind])
            elif kind is None:
                return _spaced_words(text)
    if len(data) > _MASK_BYTES:
        return _spaced_words(text)
    x = int.from_bytes(data.translate(_CLASS_BYTE), "little")  # (see `_CLASS_BYTE`)
    word = x & _LOW_BITS
    before = word << 8  # a word byte before
    return (word & ~before & ~((x >> 1 & _LOW_BITS & before) << 8)).bit_count()


def _spaced_words(text: str) -> int:
    """`words` with the regexes (`_WORD`, `_CJK`, `_NOSPACE`)."""
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
