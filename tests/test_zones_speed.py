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


def _find_zones_former(lines, exclude, rules, table=None):
    """`find_zones` as it walked every item, the reference."""
    items, heads = Z.build_items(lines, exclude, rules, table)
    zones = []
    seen_prose = False
    k, n = 0, len(items)
    next_meta = [n] * (n + 1)
    metas_from = [0] * (n + 1)  # meta lines at or after each item
    for x in range(n - 1, -1, -1):
        if items[x].kind == "META":
            next_meta[x], metas_from[x] = x, metas_from[x + 1] + 1
        else:
            next_meta[x], metas_from[x] = next_meta[x + 1], metas_from[x + 1]
    while k < n:
        it = items[k]
        if k in heads:
            rule = heads[k]
            first = k + 1
            # pager furniture under the heading ('Previous', '1', 'Next') is part of the zone
            while first < n and first < k + 1 + Z.ZONE_FURNITURE and items[first].kind == "TEXT" \
                    and Z._PAGER.fullmatch(items[first].line.text):
                first += 1
            records, end = Z.parse_records(items, first)
            furniture = [items[x].line for x in range(k + 1, first)]
            # a ranked list with its ranks on lines of their own: '1' / title / '2' / title ...
            while records and end + 1 < n and items[end].kind == "TEXT" and \
                    items[end].line.text.strip() == str(len(records) + 1):
                more, after = Z.parse_records(items, end + 1)
                if not more:
                    break
                furniture.append(items[end].line)
                records.extend(more)
                end = after
            if records:
                end = Z._mixed_cards(items, records, end)
                end = Z._across_ads(lines, items, end, records, exclude, rules)
            Z._drop_section_sources(records, rules)
            if records:
                zones.append(Z.Zone(rule.zone or "related", rule.id, it.line, records, furniture,
                                  Z.kind_of(it.line.text, rules, rule.zone)))
                k = end
                continue
            # A heading with nothing under it goes only when nothing but chrome follows
            # (decided by the pipeline once all chrome is known).
            zones.append(Z.Zone(rule.zone or "related", rule.id, it.line, []))
            k += 1
            continue
        if seen_prose and it.kind in ("META", "TEXT") and next_meta[k] <= k + Z.SHAPE_META_REACH and \
                metas_from[k] >= Z.SHAPE_MIN_RECORDS:
            records, end = Z.parse_meta_first(items, k)
            head = None
            if not Z._dated(records) and it.kind == "TEXT":
                # headline / 'Source · 5d' [/ summary], or headline / summary / 'Source · 5d', under
                # a heading no rule knows ('More stories like this') or none
                if it.gap and Z._list_heading(it.line.text) and k + 1 < n and not items[k + 1].gap:
                    records, end = Z.parse_meta_last(items, k + 1)
                    head = it if Z._dated(records, sourced=True) else None
                if head is None:
                    records, end = Z.parse_meta_last(items, k)
                    records = records if Z._dated(records, sourced=True) else []
            if Z._dated(records):
                zones.append(Z.Zone("related", "RL111", head.line if head is not None else None, records,
                                  list_kind=Z.kind_of(head.line.text, rules) if head is not None else "related"))
                k = end
                continue
        if not seen_prose and it.kind == "TEXT" and Z.is_prose(it.line.text):
            seen_prose = True
        k += 1
    return zones


def _next_headings_former(lines, rules):
    """`next_headings` as it asked each line's blank property and `_zone_rule`, the reference."""
    out = [len(lines)] * len(lines)
    nxt = len(lines)
    for k in range(len(lines) - 1, -1, -1):
        out[k] = nxt
        if not lines[k].blank and Z._zone_rule(lines[k].text, rules) is not None:
            nxt = k
    return out


def _comment_threads_former(lines, rules, taken, weak, keep, article_start=0):
    """`comment_threads` as it walked every line, the reference."""
    out = {}
    n = len(lines)
    prefix = None
    next_head = None
    i = 0
    while i < n:
        rem = taken.get(i)
        opens = rem is not None and rem.rule == "CH302"
        if not opens and i in weak and rem is None:
            nxt = next((j for j in range(i + 1, n) if not lines[j].blank), None)
            r2 = taken.get(nxt) if nxt is not None else None
            opens = r2 is not None and r2.family == "comments"
        if not opens or i < article_start:
            i += 1
            continue
        if next_head is None:
            next_head = _next_headings_former(lines, rules)
        end = next_head[i]
        if not (Z._looks_like_comments(lines, i + 1, end, rules, taken) or
                Z._fits_count(lines[i].text, lines, i + 1, end)):
            i += 1
            continue
        if prefix is None:  # prose words before each line, computed once (linear in the page)
            prefix = [0]
            for k, ln in enumerate(lines):
                w = 0 if ln.blank or k in taken or not Z.is_prose(ln.text) else Z.words(ln.text)
                prefix.append(prefix[-1] + w)
        if prefix[end] - prefix[i + 1] >= prefix[i]:
            i += 1
            continue
        if rem is None:
            ln = lines[i]
            out[i] = Z.Removal("CH301", "comments", ln.text, ln.no, ln.col)
        for j in range(i + 1, end):
            ln = lines[j]
            if ln.blank or j in taken or j in keep:
                continue
            out[j] = Z.Removal("CH310", "comments", ln.text, ln.no, ln.col)
        i = end
    return out



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


def test_find_zones_answers_as_the_walk_over_every_item():
    """`find_zones` (no walk when no heading and too few meta lines; then from one heading or
    tryable item to the next) finds the zones the former walk over every item finds, on every
    page with several sets of lines left out, with and without a line table."""
    rules = default_rules()
    found = 0
    rng = random.Random(16)
    for data in _pages():
        lines = segment(data.decode("utf-8", "replace"))
        n = len(lines)
        for exclude in (set(), set(range(0, n, 3)), set(range(n // 2)), set(range(n // 2, n)),
                        set(rng.sample(range(n), n // 5))):
            want = _find_zones_former(lines, exclude, rules)
            assert Z.find_zones(lines, exclude, rules) == want
            assert Z.find_zones(lines, exclude, rules, LineTable(lines, rules)) == want
            found += sum(1 for z in want if z.records)
    assert found > 100


def test_find_zones_and_comment_threads_on_the_pipeline_s_calls(monkeypatch):
    """Every call the content stage and the pipeline make over the pages: the same zones as the
    former walk (each on a table in the state the call found it), and the same comment threads."""
    import copy

    from cleaner import clean
    from cleaner import content as C
    from cleaner import pipeline as P
    from cleaner.memo import clear_all

    real_zones, real_threads = Z.find_zones, Z.comment_threads
    counts = {"zones": 0, "records": 0, "threads": 0, "removed": 0}

    def zones(lines, exclude, rules, table=None):
        before = copy.copy(table) if table is not None else None
        if before is not None:
            for name in ("_cut", "_zone", "_item", "_gap_item", "_kind"):
                setattr(before, name, list(getattr(table, name)))
        out = real_zones(lines, exclude, rules, table)
        assert out == _find_zones_former(lines, exclude, rules, before)
        counts["zones"] += 1
        counts["records"] += sum(len(z.records) for z in out)
        return out

    def threads(lines, rules, taken, weak, keep, article_start=0):
        out = real_threads(lines, rules, taken, weak, keep, article_start)
        assert out == _comment_threads_former(lines, rules, taken, weak, keep, article_start)
        counts["threads"] += 1
        counts["removed"] += len(out)
        return out

    monkeypatch.setattr(C, "find_zones", zones)
    monkeypatch.setattr(P, "find_zones", zones)
    monkeypatch.setattr(P, "comment_threads", threads)
    for data in _pages():
        clear_all()
        clean(data, kind="text")
    assert counts["zones"] > 200 and counts["records"] > 100 and counts["threads"] > 50 and counts["removed"] > 0


def test_comment_threads_answer_as_the_walk_over_every_line():
    """`comment_threads` visits only the lines that can open a thread: the same removals as the
    former walk over every line, on pages with comment headings, weak lines and comment-family
    removals placed at random (and an article start)."""
    rules = default_rules()
    rng = random.Random(7)
    opened = 0
    for data in _pages()[:120]:
        lines = segment(data.decode("utf-8", "replace"))
        full = [i for i, ln in enumerate(lines) if ln.text]
        if len(full) < 10:
            continue
        for _ in range(4):
            taken = {}
            for i in rng.sample(full, max(1, len(full) // 12)):
                ln = lines[i]
                rule, family = rng.choice([("CH302", "comments"), ("CH304", "comments"), ("CH101", "nav"),
                                           ("CH310", "comments")])
                taken[i] = Removal(rule, family, ln.text, ln.no, ln.col)
            weak = set(rng.sample(full, max(1, len(full) // 10)))
            for i in rng.sample(sorted(weak), min(3, len(weak))):
                taken.setdefault(i, None)  # (a line taken with no removal reads as not taken)
            keep = set(rng.sample(full, 3))
            start = rng.choice([0, 0, full[len(full) // 3]])
            want = _comment_threads_former(lines, rules, taken, weak, keep, start)
            assert Z.comment_threads(lines, rules, taken, weak, keep, start) == want
            opened += bool(want)
    assert opened > 20


def test_next_headings_answer_as_before():
    rules = default_rules()
    for data in _pages():
        lines = segment(data.decode("utf-8", "replace"))
        assert Z.next_headings(lines, rules) == _next_headings_former(lines, rules)


def test_cut_texts_answer_as_each_line_s_cuts():
    """`LineTable.cut_texts` answers a line without a cut as `_cuts` does, without the call: the
    same texts and the same remembered answers as the former reading (a `_cuts` call a line), on
    every page, some answers known before the list is asked."""
    rules = default_rules()
    for data in _pages():
        lines = segment(data.decode("utf-8", "replace"))
        idx = [i for i, ln in enumerate(lines) if ln.text]
        table, plain = LineTable(lines, rules), LineTable(lines, rules)
        for i in idx[::7]:
            table.after_cuts(i)
            plain.after_cuts(i)
        assert table.cut_texts(idx) == [(plain._cut[i] or plain._cuts(i))[0] for i in idx]
        assert table._cut == plain._cut
