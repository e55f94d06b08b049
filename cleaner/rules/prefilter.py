"""Keyword pre-filters for rule patterns: skip a regex when the line cannot match it.

`required_keys(pattern, flags)` reads a pattern's parse tree and returns a set of literal strings
at least one of which every match contains (for "(?:©|copyright).{0,200}" that is {"©",
"copyright"}), or None when no such set is known. It is conservative: when unsure (scoped flag
changes, classes, optional parts), a part adds no requirement, so a pre-filter built on it never
rejects a line the pattern would match.

Case-insensitive keys are ASCII and lowercase; a line is compared through `fold()`, which maps
every character that `re.IGNORECASE` treats as equal to an ASCII letter ("K" KELVIN SIGN,
"ſ" LONG S, "İ", ...) onto that letter, so the test `key in fold(line)` agrees with the regex.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = tuple(getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n))
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The more selective of two requirements: longer shortest key, then fewer keys."""
    if a is None:
        return b
    if b is None:
        return a
    ka = (min(map(len, a)), -len(a))
    kb = (min(map(len, b)), -len(b))
    return b if kb > ka else a


def _caseless(ch: str) -> bool:
    """A character re.IGNORECASE matches only to itself (punctuation, symbols, digits)."""
    return not ch.isalpha() and ch.lower() == ch == ch.upper() == ch.casefold() and \
        ord(ch) not in _fold_table()


def _punct(key: str) -> bool:
    return len(key) == 1 and not key.isalnum() and not key.isspace()


def _better_marks(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """For `required_marks`: sets of single punctuation marks only, the smaller the better."""
    a = a if a is not None and all(map(_punct, a)) else None
    b = b if b is not None and all(map(_punct, b)) else None
    if a is None or b is None:
        return a if b is None else b
    return b if len(b) < len(a) else a


def _req(items, ci: bool, better=_better) -> set[str] | None:
    best: set[str] | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best, run
        if run:
            for key in ([run[0]] if better is _better_marks else ["".join(run)]):
                best = better(best, {key})
            if better is _better_marks:
                for ch in run:
                    best = better(best, {ch})
            run = []

    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av)
            if ci:
                if ch.isascii():
                    ch = ch.lower()
                elif not _caseless(ch):
                    flush()
                    continue
            run.append(ch)
            continue
        flush()
        if op is _c.SUBPATTERN:
            add, dele, sub = av[1], av[2], av[3]
            if (add | dele) & re.IGNORECASE:
                continue  # the case mode changes inside: require nothing
            best = better(best, _req(sub, ci, better))
        elif op is _c.BRANCH:
            sets = [_req(b, ci, better) for b in av[1]]
            if sets and all(s is not None for s in sets):
                best = better(best, set().union(*sets))  # type: ignore[arg-type]
        elif op in _REPEATS:
            lo, _hi, sub = av
            if lo >= 1:
                best = better(best, _req(sub, ci, better))
        elif op is _c.IN and av and all(o is _c.LITERAL for o, _ in av):
            chars = {chr(v) for _, v in av}  # [|•·] needs one of its characters
            if all(not ch.isalpha() and (not ci or _caseless(ch)) for ch in chars):
                best = better(best, chars)
        elif _ATOMIC is not None and op is _ATOMIC:
            best = better(best, _req(av, ci, better))
        # anything else (classes, anchors, lookarounds, group references): no requirement
    flush()
    return best


def _required(pattern: str, flags: int, better) -> set[str] | None:
    if flags & re.VERBOSE:
        return None
    try:
        tree = _p.parse(pattern, flags & ~re.UNICODE)
    except Exception:
        return None
    return _req(tree, bool(flags & re.IGNORECASE), better)


def required_keys(pattern: str, flags: int) -> frozenset[str] | None:
    """Literal strings one of which every match of `pattern` contains; None if unknown."""
    keys = _required(pattern, flags, _better)
    if not keys or any(not k for k in keys):
        return None
    return frozenset(keys)


def required_marks(pattern: str, flags: int) -> frozenset[str] | None:
    """Single punctuation marks one of which every match of `pattern` contains ('|', '(', '/'),
    or None. Testing a few marks is cheaper than any regex: a screen for patterns that need one."""
    marks = _required(pattern, flags, _better_marks)
    if not marks or not all(map(_punct, marks)) or any(ord(ch) in _fold_table() for ch in marks):
        return None
    return frozenset(marks)


_FOLD: dict[int, str] | None = None


def _fold_table() -> dict[int, str]:
    """Non-ASCII characters that re.IGNORECASE matches to an ASCII letter -> that letter."""
    global _FOLD
    if _FOLD is None:
        table: dict[int, str] = {}
        letter = re.compile("[a-z]", re.IGNORECASE)
        for cp in range(0x80, 0x10000):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            ch = chr(cp)
            if letter.fullmatch(ch):
                for a in "abcdefghijklmnopqrstuvwxyz":
                    if re.fullmatch(a, ch, re.IGNORECASE):
                        table[cp] = a
                        break
        _FOLD = table
    return _FOLD


_SPECIAL: re.Pattern | None = None


def fold(text: str) -> str:
    """`text` for case-insensitive key tests: ASCII letters lowercase, their equivalents too."""
    global _SPECIAL
    if text.isascii():
        return text.lower()
    if _SPECIAL is None:
        _SPECIAL = re.compile("[" + "".join(map(chr, sorted(_fold_table()))) + "]")
    if _SPECIAL.search(text) is not None:
        text = text.translate(_fold_table())
    return text.lower()
