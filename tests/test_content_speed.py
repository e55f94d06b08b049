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


def _pages():
    """Every fixture's input, the test data's dumps and the shared corpus's dumps (when present)."""
    root = Path(__file__).resolve().parent.parent
    paths = list(FIXTURES) + sorted((root / "tests" / "data" / "dumps").glob("*.txt")) + \
        sorted((root.parent / "shared" / "corpus" / "dumps").glob("*.txt"))
    return [p.read_bytes() for p in paths]


def test_second_reading_with_adopted_answers_matches_a_fresh_one(monkeypatch):
    """The fixed-point reading gets a table holding the first reading's answers for the lines it
    reads as they stood (and skips the zones when no line can hold a record): it decides as a
    reading with a fresh table does, on every page that reaches one."""
    import dataclasses

    from cleaner import clean
    from cleaner import content as C
    from cleaner.memo import clear_all

    real = C._find_content
    seen = []

    def both(lines, rules, skip, title, table=None):
        out = real(lines, rules, skip, title, table)
        if table is not None and table.adopted:
            fresh = real(lines, rules, skip, title, None)
            assert dataclasses.asdict(out) == dataclasses.asdict(fresh)
            seen.append(bool(out.removed))
        return out

    monkeypatch.setattr(C, "_find_content", both)
    for data in _pages():
        clear_all()
        clean(data, kind="text")
    assert len(seen) >= 20 and any(seen)


def test_may_hold_records_is_never_wrong():
    from cleaner import default_rules
    from cleaner.linetable import LineTable
    from cleaner.segment import segment
    from cleaner.zones import find_zones

    rules = default_rules()
    said_no = 0
    for data in _pages():
        lines = segment(data.decode("utf-8", "replace"))
        idx = [i for i, ln in enumerate(lines) if ln.text]
        for exclude in (set(), set(idx[: len(idx) // 3]), set(idx[::2]), set(idx[len(idx) // 2:])):
            order = [i for i in idx if i not in exclude]
            table = LineTable(lines, rules)
            if not table.may_hold_records(order, exclude):
                said_no += 1
                assert not any(z.records for z in find_zones(lines, exclude, rules, LineTable(lines, rules)))
    assert said_no >= 20


def test_adopted_answers_are_the_table_s_own():
    from cleaner import default_rules
    from cleaner.linetable import LineTable
    from cleaner.segment import Line, segment

    rules = default_rules()
    for path in FIXTURES[:20]:
        lines = segment(path.read_text(encoding="utf-8"))
        first = LineTable(lines, rules)
        first.items(set())
        copy = [Line(2 * k + 1, ln.text, 1) for k, ln in enumerate(lines)]
        adopted, fresh = LineTable(copy, rules), LineTable(copy, rules)
        for k in range(len(lines)):
            adopted.adopt(k, first, k)
        for exclude in (set(), set(range(0, len(lines), 3))):
            a, ha = adopted.items(exclude)
            b, hb = fresh.items(exclude)
            assert [(it.line, it.kind, it.age, it.source, it.gap) for it in a] == \
                [(it.line, it.kind, it.age, it.source, it.gap) for it in b] and ha == hb


def test_no_dated_list_where_fewer_meta_lines_follow():
    """find_zones tries no list found by its shape where fewer than SHAPE_MIN_RECORDS meta lines
    stand at or after the item: no layout reads a dated list there (checked at every such item)."""
    from cleaner import default_rules
    from cleaner.linetable import LineTable
    from cleaner.related import parse_meta_first, parse_meta_last
    from cleaner.segment import segment
    from cleaner.zones import SHAPE_MIN_RECORDS, _dated, build_items

    rules = default_rules()
    tried = 0
    for data in _pages():
        lines = segment(data.decode("utf-8", "replace"))
        table = LineTable(lines, rules)
        for exclude in (set(), set(range(0, len(lines), 4))):
            items, _ = build_items(lines, exclude, rules, table)
            metas = 0
            for k in range(len(items) - 1, -1, -1):
                metas += items[k].kind == "META"
                if metas >= SHAPE_MIN_RECORDS:
                    continue
                tried += 1
                assert not _dated(parse_meta_first(items, k)[0])
                for start in (k, k + 1):
                    assert not _dated(parse_meta_last(items, start)[0])
    assert tried > 1000


def _language_reference(tokens):
    """`_language` as a Counter of languages read it."""
    from collections import Counter

    from cleaner.content import LANG_MIN_SHARE
    from cleaner.stopwords import LANGUAGES_OF

    total = sum(tk.n_lower for tk in tokens)
    stops = [s for tk in tokens for s in tk.stops_lower]
    counts: Counter[str] = Counter()
    for tok, n in Counter(stops).items():
        for lang in LANGUAGES_OF.get(tok, ()):
            counts[lang] += n
    if not total or not counts:
        return None
    lang, hits = counts.most_common(1)[0]
    return lang if hits / total >= LANG_MIN_SHARE else None


def test_language_matches_counter_reading():
    import random

    from cleaner.content import _language, _tokens
    from cleaner.stopwords import LANGUAGES_OF

    for data in _pages()[:80]:
        toks = [_tokens(t) for t in data.decode("utf-8", "replace").splitlines() if t.strip()]
        assert _language(toks) == _language_reference(toks)
    words = sorted(LANGUAGES_OF)
    rng = random.Random(16)
    for _ in range(300):  # short pages of stopwords alone: ties between languages are common
        lines = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 4))]
        toks = [_tokens.__wrapped__(t) for t in lines]
        assert _language(toks) == _language_reference(toks), lines
