"""Bounded memos: answers already given about a line's text.

The stages ask about the same lines several times (the content stage and its fixed-point check,
the line rules, the zones), and a site's menus and footers recur from page to page. Each memo
is bounded (cleared when full), so memory stays flat on any stream, and answers never depend on
it: `clear_all()` empties every memo (the speed benchmark uses it to time each page as if it
were the first).
"""

from __future__ import annotations

import weakref
from typing import Callable

_CLEARERS: list[Callable[[], None]] = []
_MEMOS: "weakref.WeakValueDictionary[int, Memo]" = weakref.WeakValueDictionary()  # go with their owner


class Memo(dict):
    """A dict of answers, emptied when it holds `limit` of them."""

    limit = 1 << 16

    def __init__(self) -> None:
        super().__init__()
        _MEMOS[id(self)] = self

    def put(self, key, value):
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


def register(clear: Callable[[], None]) -> None:
    """Have `clear_all` call `clear` too (for functools caches)."""
    _CLEARERS.append(clear)


def clear_all() -> None:
    for clear in _CLEARERS:
        clear()
    for memo in list(_MEMOS.values()):
        memo.clear()
