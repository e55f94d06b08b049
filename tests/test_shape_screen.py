"""`related.class_of` asks the record shapes' RE2 set directly for an ASCII line without a newline
(`_shapes_match`), as `Candidates.__call__` would after its own tests: the same candidates, and
the classes of every shape tried in turn."""

from __future__ import annotations

import pytest

from cleaner import related as R
from cleaner.memo import clear_all
from cleaner.segment import Line

from .test_line_questions import LINES
from .test_zones_speed import META_SAMPLES, _classify_former

ODD = ["2h\n", "Reuters - 2h\n", "- Reuters\nx", "x" * R.SHAPE_MAX_CHARS, "2h" + " " * R.SHAPE_MAX_CHARS,
       "Reuters \u00b7 2h", "By Ann Lowe", "BY ANN LOWE", "- Reuters.", "5 min read"]


def former_class_of(t: str):
    """The classes as every record shape tried in turn gives them (`test_zones_speed`'s former
    `classify`, which `class_of` with its screen through `Candidates.__call__` gave)."""
    it = _classify_former(Line(3, t, 1), True)
    return it.kind, it.age, it.source


@pytest.fixture
def shapes_built(monkeypatch):
    monkeypatch.setenv("CLEANER_RULE_ENGINE", "re2")
    monkeypatch.setattr(R, "_shapes", None)
    monkeypatch.setattr(R, "_shapes_match", None)
    R.class_of.__wrapped__("3 hours ago")  # (builds them)
    yield
    clear_all()


def test_direct_match_names_the_candidates_call_names(shapes_built):
    assert R._shapes_match is not None
    for t in LINES + META_SAMPLES + ODD:
        if t.isascii() and "\n" not in t and len(t) <= R.SHAPE_MAX_CHARS:
            assert tuple(R._shapes_match(t.encode()) or ()) == tuple(R._shapes(t)), t


def test_class_of_answers_as_the_former_reading(shapes_built):
    for t in LINES + META_SAMPLES + ODD:
        assert R.class_of.__wrapped__(t) == former_class_of(t), t


def test_without_re2_the_screen_names_every_shape(monkeypatch):
    monkeypatch.setenv("CLEANER_RULE_ENGINE", "re")
    monkeypatch.setattr(R, "_shapes", None)
    monkeypatch.setattr(R, "_shapes_match", None)
    for t in META_SAMPLES + ODD:
        assert R.class_of.__wrapped__(t) == former_class_of(t), t
    assert R._shapes_match is None
    clear_all()
