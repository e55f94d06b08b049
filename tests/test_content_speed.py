"""The content stage's shortcuts answer as the readings they replace."""

from __future__ import annotations

import re
from pathlib import Path

from cleaner.content import _SEPARATOR_MARKS, _SEPARATORS

FIXTURES = sorted(p for p in (Path(__file__).resolve().parent.parent / "fixtures").glob("*/input.txt"))
_SPACES = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))]


def test_separator_marks_cover_separators():
    # every character the second place of a separator match can hold is one of the marks
    for line in ["a | b | c", "x › y", "a > b", "a/b", "a · b · c · d"] + [
            f"a{s}{m}{s}b" for s in _SPACES for m in "|›»·•/▪◾■●◆♦>"]:
        if _SEPARATORS.search(line):
            assert _SEPARATOR_MARKS.search(line)
    for path in FIXTURES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if _SEPARATOR_MARKS.search(line) is None:
                assert len(_SEPARATORS.split(line)) == 1


def test_table_lists_match_per_line_answers():
    from cleaner import default_rules
    from cleaner.linetable import LineTable
    from cleaner.segment import segment

    rules = default_rules()
    for path in FIXTURES[:20]:
        lines = segment(path.read_text(encoding="utf-8"))
        idx = [i for i, ln in enumerate(lines) if ln.text]
        table, plain = LineTable(lines, rules), LineTable(lines, rules)
        table.zone(idx[len(idx) // 2]) if idx else None  # (some answers known before the lists are asked)
        assert table.zones(idx) == [plain.zone(i) for i in idx]
        assert table.cut_texts(idx) == [plain.cut_text(i) for i in idx]
        # items made after the lists, and a line's items made in either order of gaps
        items, heads = table.items(set(idx[::2]))
        again, heads2 = plain.items(set(idx[::2]))
        assert [(it.line, it.kind, it.age, it.source, it.gap) for it in items] == \
            [(it.line, it.kind, it.age, it.source, it.gap) for it in again] and heads == heads2
        for gap in (True, False):
            for i in idx[:30]:
                assert (table.item(i, gap).kind, table.item(i, gap).gap) == (plain.item(i, gap).kind, gap)
