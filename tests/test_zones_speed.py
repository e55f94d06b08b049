"""Zones, related records and the line table: the shortcuts answer as the readings they replace
(the former code is kept here as the reference)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cleaner import default_rules
from cleaner import related as R
from cleaner import zones as Z
from cleaner.linetable import LineTable
from cleaner.model import Removal
from cleaner.segment import Line, segment

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*/input.txt"))


def _pages() -> list[bytes]:
    """Every fixture's input, the test data's dumps and the shared corpus's dumps (when present)."""
    paths = list(FIXTURES) + sorted((ROOT / "tests" / "data" / "dumps").glob("*.txt")) + \
        sorted((ROOT.parent / "shared" / "corpus" / "dumps").glob("*.txt"))
    return [p.read_bytes() for p in paths]


def _classify_former(line, gap):
    """`related.classify` as it tried every record shape on a line (no screen), the reference."""
    t = line.text
    if len(t) <= R.SHAPE_MAX_CHARS:
        m = R._META.fullmatch(t)
        if m and R.is_age(m.group("age")):
            src = R._clean_src(m.group("src")) or R._clean_src(m.group("src2"))
            return R.Item(line, "META", age=m.group("age"), source=src, gap=gap)
        m = R._AGE_CLOCK.fullmatch(t)
        if m and R.is_age(t[:m.end("age")].split(",")[0].strip()):
            return R.Item(line, "META", age=t, gap=gap)
        m = R._READTIME.fullmatch(t)
        if m:
            return R.Item(line, "META", source=R._clean_src(m.group("src")), gap=gap)
        m = R._MARK.fullmatch(t)
        if m and R.words(m.group("src")) <= R.SOURCE_MAX_WORDS and not m.group("src").endswith("."):
            return R.Item(line, "MARK", source=m.group("src").strip(), gap=gap)
        if R._TAIL.fullmatch(t):
            return R.Item(line, "TAIL", gap=gap)
    if R._URL.fullmatch(t):
        return R.Item(line, "URL", gap=gap)
    return R.Item(line, "TEXT", gap=gap)


def _lines_of_pages() -> list[str]:
    texts: set[str] = set()
    for data in _pages():
        texts.update(ln.text for ln in segment(data.decode("utf-8", "replace")) if ln.text)
    return sorted(texts)


META_SAMPLES = [
    "Japan Times · 3h", "Reuters - 2 hours ago", "3 hours ago", "vor 4 Std.", "Yahoo Finance · 5d",
    "Vandaag, 09:12", "Today at 10:30", "5 min read", "Wired · 6 min read", "- The Guardian",
    "— Associated Press", "• BBC News.", "In \"Politics\"", "By Jane Doe", "von Max Muster",
    "https://example.com/a/b", "http://x", "hace 2 horas · El País", "March 3, 2025", "12/05/2024",
    "İstanbul · 2 saat önce", "K\u212a · 3h", "ſome · 2d", "by \u0131van", "\u0130n \"News\"", "",
]


@pytest.mark.parametrize("engine", ["re2", "re"])
def test_class_of_answers_as_every_shape_tried(engine, monkeypatch):
    """`class_of` (the RE2 screen, tuples made once for TEXT and URL lines) gives the kind, age and
    source that trying every record shape gives, on every line of the fixtures and dumps, and on
    meta-like lines; `classify` makes the same item."""
    from cleaner.rules import engine as E

    monkeypatch.setenv("CLEANER_RULE_ENGINE", engine)
    monkeypatch.setattr(R, "_shapes", None)  # (built again under this engine)
    R.class_of.memo.clear()
    try:
        assert E.enabled() == (engine == "re2")
        texts = _lines_of_pages() + META_SAMPLES
        for text in texts:
            line = Line(3, text, 1)
            want = _classify_former(line, True)
            assert R.class_of.__wrapped__(text) == (want.kind, want.age, want.source), text
            assert R.classify(line, True) == want
        assert {R.class_of(t)[0] for t in META_SAMPLES} >= {"META", "MARK", "TAIL", "URL", "TEXT"}
    finally:
        R._shapes = None
        R.class_of.memo.clear()
