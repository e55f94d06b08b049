"""segment() gives the lines its former loop gave (kept here as the reference) on every fixture,
shared dump and seed, and on odd lines (invisible characters, tabs, runs of blanks)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.decode import normalize_newlines
from cleaner.segment import _BLANKS, _INVISIBLE, Line, segment

from .conftest import FIXTURES, SHARED


def reference(text: str) -> list[Line]:
    text = normalize_newlines(text)
    out = []
    for i, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        while stripped and (stripped[0] in _INVISIBLE or stripped[-1] in _INVISIBLE):
            stripped = stripped.strip(_INVISIBLE).strip()
        col = raw.find(stripped) + 1 if stripped else 1
        if stripped.isprintable() and "  " not in stripped or _BLANKS.search(stripped) is None:
            out.append(Line(i, stripped, col))
            continue
        parts, starts, k, last = [], [0, 0], 0, 0
        for m in _BLANKS.finditer(stripped):
            parts.append(stripped[last:m.start()] + " ")
            k += m.start() - last + 1
            last = m.end()
            starts += [k, last]
        parts.append(stripped[last:])
        out.append(Line(i, "".join(parts), col, tuple(starts)))
    return out


def test_segment_as_reference_on_every_page():
    paths = sorted(FIXTURES.glob("*/input.txt"))
    for pattern in ("corpus/dumps/*.txt", "corpus-recall/dumps/*.txt", "seeds/*.txt", "seeds/**/*.txt"):
        paths += sorted(SHARED.glob(pattern))
    for p in paths:
        text = p.read_text(encoding="utf-8", errors="replace")
        got, want = segment(text), reference(text)
        assert got == want, p
        assert [(type(ln), hash(ln), repr(ln)) for ln in got] == [(type(ln), hash(ln), repr(ln)) for ln in want], p


@settings(max_examples=400)
@given(st.text(alphabet=" \t\r\n\u00a0\u3000\ufeff\u200b\u200dab.\u2028", max_size=40))
def test_segment_as_reference_on_odd_text(text):
    got, want = segment(text), reference(text)
    assert got == want
    assert [(hash(ln), repr(ln)) for ln in got] == [(hash(ln), repr(ln)) for ln in want]


def test_lines_made_field_by_field_are_the_constructors():
    """`segment`'s lines made field by field are what `Line(...)` makes: equal, hashed and
    printed alike, frozen, and read by `dataclasses.replace` and `col_at` alike."""
    import dataclasses

    import pytest

    for text in ("a", "  Hello world ", "", "\ufeff x", "\u200b"):
        (got,) = segment(text)
        want = Line(1, text.strip().strip("\ufeff\u200b").strip(), got.col)
        assert got == want and hash(got) == hash(want) and repr(got) == repr(want)
        assert type(got) is Line and got.starts is None
        assert dataclasses.replace(got, no=3) == dataclasses.replace(want, no=3)
        assert dataclasses.astuple(got) == dataclasses.astuple(want)
        assert [got.col_at(k) for k in range(4)] == [want.col_at(k) for k in range(4)]
        with pytest.raises(dataclasses.FrozenInstanceError):
            got.text = "other"  # type: ignore[misc]


def test_plain_lines_are_the_constructors():
    """`plain_lines` makes what `Line(i, text, 1)` makes: equal, hashed and printed alike, frozen,
    read by `dataclasses.replace`, `astuple` and `col_at` alike."""
    import dataclasses

    import pytest

    from cleaner.segment import plain_lines

    texts = ["Title", "", "Hello world", "", "x  y", "\u00e9t\u00e9", ""]
    got, want = plain_lines(texts), [Line(i, t, 1) for i, t in enumerate(texts, start=1)]
    assert got == want and [hash(ln) for ln in got] == [hash(ln) for ln in want]
    assert [repr(ln) for ln in got] == [repr(ln) for ln in want]
    for g, w in zip(got, want):
        assert type(g) is Line and g.starts is None and g.blank == w.blank
        assert dataclasses.replace(g, no=5) == dataclasses.replace(w, no=5)
        assert dataclasses.astuple(g) == dataclasses.astuple(w)
        assert [g.col_at(k) for k in range(4)] == [w.col_at(k) for k in range(4)]
        with pytest.raises(dataclasses.FrozenInstanceError):
            g.text = "other"  # type: ignore[misc]
    assert plain_lines([]) == []
