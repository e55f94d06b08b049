"""justext's stoplists for trafilatura's fallback extractor, held compactly.

trafilatura's justext fallback reads the union of all languages' stoplists (`external.JT_STOPLIST`)
and justext turns it into a frozenset of lowered words (`core.define_stoplist`) that it only asks
`word in stoplist`. As Python strings in a set, its 154k words take about 19 MB per worker, beside
trafilatura's own tuple of them (about 14 MB more). `install()` gives trafilatura a `Stoplist`
instead, and justext, for that object alone, a `WordTable`: the same words, lowered, as UTF-8 in one
buffer under an open-addressing table of offsets (about 4 MB), answering `in` exactly as the
frozenset does.
"""

from __future__ import annotations

from array import array


class WordTable:
    """A read-only set of strings: `word in table` for a string as in `frozenset(words)`."""

    def __init__(self, words, most: int):
        """`words` an iterable of at most `most` strings (repeats allowed), read once."""
        size = 1 << max(4, (most * 2).bit_length())  # load factor at most 1/2
        self._mask = mask = size - 1
        self._slots = slots = array("I", bytes(4 * size))  # 0: empty, else offset + 1
        self._buf = buf = bytearray()
        self._len = 0
        for w in words:
            key = w.encode("utf-8", "surrogatepass") + b"\n"
            i = hash(w) & mask
            while slots[i] and not buf.startswith(key, slots[i] - 1):
                i = (i + 1) & mask
            if not slots[i]:
                slots[i] = len(buf) + 1
                buf += key
                self._len += 1

    def __contains__(self, word) -> bool:
        if not isinstance(word, str):
            return False
        key = word.encode("utf-8", "surrogatepass") + b"\n"
        buf, slots, mask = self._buf, self._slots, self._mask
        i = hash(word) & mask
        while True:
            at = slots[i]
            if not at:
                return False
            if buf.startswith(key, at - 1):
                return True
            i = (i + 1) & mask

    def __len__(self) -> int:
        return self._len


class Stoplist:
    """All of justext's stoplists, the words trafilatura's `jt_stoplist_init` unites."""

    def __iter__(self):
        from justext.utils import get_stoplist, get_stoplists

        for language in get_stoplists():
            yield from get_stoplist(language)

    def __bool__(self) -> bool:
        return True


_TABLE: list[WordTable] = []


def install() -> None:
    """Give trafilatura's fallback the compact stoplist (once, and only where trafilatura has
    not read its own yet)."""
    import justext.core
    from trafilatura import external

    if external.JT_STOPLIST is not None:
        return
    stop = Stoplist()
    define = justext.core.define_stoplist

    def define_stoplist(stoplist):
        """justext's `define_stoplist`; for `stop`, the same lowered words as a `WordTable`."""
        if stoplist is not stop:
            return define(stoplist)
        if not _TABLE:
            _TABLE.append(WordTable((w.lower() for w in stop), sum(1 for _ in stop)))
        return _TABLE[0]

    justext.core.define_stoplist = define_stoplist
    external.JT_STOPLIST = stop
