"""Bounded memos: answers already given about a line's text.

The stages ask about the same lines several times (the content stage and its fixed-point check,
the line rules, the zones), and a site's menus and footers recur from page to page. Each memo
is bounded: it remembers lines of at most `MAX_KEY_CHARS` characters (long paragraphs are seldom
asked about twice and would cost memory) and is emptied when it holds `limit` answers, so memory
stays flat on any stream. Answers never depend on a memo: `clear_all()` empties every one (the
speed benchmark uses it to time each page as if it were the first).
"""

from __future__ import annotations

import weakref
from typing import Callable, TypeVar

# Longer keys are not remembered: a paragraph this long is rarely asked about again.
MAX_KEY_CHARS = 1000

_T = TypeVar("_T")  # a memoized function's answer
_CLEARERS: list[Callable[[], None]] = []
_MEMOS: "weakref.WeakValueDictionary[int, Memo]" = weakref.WeakValueDictionary()  # go with their owner


class Memo(dict):
    """A dict of answers, emptied when it holds `limit` of them or keys of `budget` characters
    in all (a few MB each at most)."""

    __slots__ = ("chars", "__weakref__")  # (a slot reads and writes faster than an instance dict)

    limit = 1 << 15
    budget = 2_000_000

    def __init__(self) -> None:
        super().__init__()
        self.chars = 0
        _MEMOS[id(self)] = self

    def put(self, key, value):
        if key.__class__ is str:  # (the common case first: a line's text)
            size = len(key)
        else:
            size = len(key[0]) if isinstance(key, tuple) and key and isinstance(key[0], str) else \
                len(key) if isinstance(key, str) else 0
        if size > MAX_KEY_CHARS:
            return value
        if len(self) >= self.limit or self.chars + size > self.budget:
            self.clear()
        self[key] = value
        self.chars += size
        return value

    def clear(self) -> None:
        super().clear()
        self.chars = 0


_MISS = object()


def memoized(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """`fn(text)`, remembered in a Memo (functools.lru_cache keeps every key however long).
    A known answer costs one `dict.get`; a new one is stored as `Memo.put` stores it, written
    out here (with memos emptied before each page, most calls are new answers: a second call
    and a raised KeyError were most of their cost)."""
    memo = Memo()
    get = memo.get

    def wrapper(text: str):
        found = get(text, _MISS)
        if found is not _MISS:
            return found
        value = fn(text)
        if text.__class__ is not str:
            return memo.put(text, value)
        size = len(text)
        if size <= MAX_KEY_CHARS:
            if len(memo) >= memo.limit or memo.chars + size > memo.budget:
                memo.clear()
            memo[text] = value
            memo.chars += size
        return value

    wrapper.__doc__, wrapper.__name__, wrapper.__wrapped__ = fn.__doc__, fn.__name__, fn  # type: ignore[attr-defined]
    wrapper.memo = memo  # type: ignore[attr-defined]
    return wrapper


def register(clear: Callable[[], None]) -> None:
    """Have `clear_all` call `clear` too (for functools caches)."""
    _CLEARERS.append(clear)


def clear_all() -> None:
    for clear in _CLEARERS:
        clear()
    for memo in list(_MEMOS.values()):
        memo.clear()
