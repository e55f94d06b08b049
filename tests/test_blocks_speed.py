"""blocks.label_lines answers as its former loop (kept here as the reference) on every fixture
and shared dump, with and without lines to skip."""

from __future__ import annotations

import pytest

from cleaner import default_rules
from cleaner.blocks import _chrome_before, _next_text, label_lines
from cleaner.memo import clear_all
from cleaner.model import Removal
from cleaner.segment import segment

from .conftest import FIXTURES, SHARED

RULES = default_rules()


def reference(lines, rules, skip, gone=frozenset()):
    chrome: dict = {}
    weak: set = set()
    n = len(lines)
    for i, line in enumerate(lines):
        if not line.text or i in skip:
            continue
        if i in chrome:
            continue
        rule = rules.first_line_any(line.text)
        if rule is not None and not rule.weak:
            chrome[i] = Removal(rule.id, rule.family, line.text, line.no, line.col)
        else:
            pairs = rules.pair_candidates(line.text)
            j = _next_text(lines, i + 1, n, skip) if pairs else None
            nexts: dict = {}
            for pr in pairs if j is not None else ():
                nrx, nt = pr.next_rx, lines[j].text
                if nrx is None or len(nt) > pr.max_chars:
                    continue
                if id(nrx) not in nexts:
                    nexts[id(nrx)] = rules.next_fullmatch(pr, nt)
                if nexts[id(nrx)] and pr.match_line(line.text) and \
                        (not pr.after_chrome or _chrome_before(lines, i, rules, chrome, gone)):
                    chrome[i] = Removal(pr.id, pr.family, line.text, line.no, line.col)
                    chrome[j] = Removal(pr.id, pr.family, lines[j].text, lines[j].no, lines[j].col)
                    break
            else:
                if rule is not None:
                    weak.add(i)
    return chrome, weak


PAGES = sorted(FIXTURES.glob("*/input.txt")) + sorted((SHARED / "corpus" / "dumps").glob("*.txt"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.parent.name if p.name == "input.txt" else p.stem)
def test_label_lines_as_reference(path):
    clear_all()
    lines = segment(path.read_text(encoding="utf-8", errors="replace"))
    skips = [set(), set(range(0, len(lines), 7)), {k for k, ln in enumerate(lines[:30]) if ln.text}]
    for skip in skips:
        gone = set(range(1, len(lines), 5))
        assert label_lines(lines, RULES, skip, gone) == reference(lines, RULES, skip, gone)
        assert label_lines(lines, RULES, skip) == reference(lines, RULES, skip)


# The revision pass's former forms, as references.

def ref_resolve_weak(lines, rules, weak, gone, keep):
    from cleaner.blocks import WEAK_RUN_MIN, line_rule

    out = {}
    order = [i for i, ln in enumerate(lines) if not ln.blank and i not in keep]
    pos = {i: k for k, i in enumerate(order)}
    runs: list = []
    for i in sorted(weak):
        if runs and pos[runs[-1][-1]] + 1 == pos[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        before = pos[run[0]] - 1
        after = pos[run[-1]] + 1
        at_edge = before < 0 or after >= len(order)
        near_chrome = (before >= 0 and order[before] in gone) or (after < len(order) and order[after] in gone)
        if at_edge or near_chrome or len(run) >= WEAK_RUN_MIN:
            for i in run:
                rule = line_rule(lines[i].text, rules, weak=True)
                ln = lines[i]
                out[i] = Removal(rule.id, rule.family, ln.text, ln.no, ln.col)
    return out


def ref_periphery(lines, rules, taken, keep):
    from cleaner.blocks import PERIPHERY_MAX_WORDS, TRAILER_MAX_WORDS, _short_label, _titlecase_headline
    from cleaner.textfeatures import is_prose

    out = {}
    order = [i for i, ln in enumerate(lines) if ln.text]
    live = [i for i in order if i not in taken and i not in keep]
    prose = [i for i in live if is_prose(lines[i].text)]
    if not prose:
        return out
    first, last = prose[0], prose[-1]
    gone = set(taken)
    pos = {i: k for k, i in enumerate(order)}

    def chrome(k):
        return 0 <= k < len(order) and order[k] in gone

    if rules.enabled("CH990"):
        for i in live:
            if i >= first:
                break
            k = pos[i]
            if chrome(k - 1) and chrome(k + 1) and _short_label(lines[i].text, PERIPHERY_MAX_WORDS):
                ln = lines[i]
                out[i] = Removal("CH990", "navigation", ln.text, ln.no, ln.col)
    trailer = [i for i in order if i > last]
    if rules.enabled("CH991") and any(i in gone for i in trailer):
        for i in reversed(trailer):
            if i in gone:
                continue
            k = pos[i]
            edge = k + 1 >= len(order) or chrome(k + 1) or chrome(k - 1)
            text = lines[i].text
            if edge and i not in keep and (_short_label(text, TRAILER_MAX_WORDS) or
                                           (chrome(k + 1) and _titlecase_headline(text))):
                ln = lines[i]
                out[i] = Removal("CH991", "navigation", ln.text, ln.no, ln.col)
                gone.add(i)
    return out


def ref_widget_headings(lines, rules, taken, keep):
    from cleaner.blocks import WIDGET_FAMILIES, WIDGET_HEADING_MAX_WORDS, WIDGET_MIN_LINES
    from cleaner.textfeatures import ends_sentence, is_prose, words

    out = {}
    if not rules.enabled("CH992"):
        return out
    order = [i for i, ln in enumerate(lines) if ln.text]
    for k, i in enumerate(order):
        if i in taken or i in keep:
            continue
        text = lines[i].text
        if words(text) > WIDGET_HEADING_MAX_WORDS or ends_sentence(text) or is_prose(text):
            continue
        families = []
        for j in order[k + 1:]:
            if j not in taken:
                break
            rem = taken[j]
            families.append(rem.family if rem is not None else None)
        if len(families) >= WIDGET_MIN_LINES and families[0] in WIDGET_FAMILIES and \
                all(f == families[0] for f in families):
            ln = lines[i]
            out[i] = Removal("CH992", "navigation", ln.text, ln.no, ln.col)
    return out


def test_revision_pass_as_references(monkeypatch):
    """Every call the pipeline makes on the fixtures and the shared dumps answers as before."""
    import copy

    from cleaner import blocks, clean, pipeline

    calls = {"resolve_weak": 0, "periphery": 0, "widget_headings": 0}

    def checked(name, new, ref):
        def run(*args):
            frozen = copy.copy(args)
            got = new(*args)
            assert got == ref(*frozen), name
            calls[name] += 1
            return got
        return run

    monkeypatch.setattr(pipeline, "resolve_weak", checked("resolve_weak", blocks.resolve_weak, ref_resolve_weak))
    monkeypatch.setattr(pipeline, "periphery", checked("periphery", blocks.periphery, ref_periphery))
    monkeypatch.setattr(pipeline, "widget_headings",
                        checked("widget_headings", blocks.widget_headings, ref_widget_headings))
    for path in PAGES:
        clear_all()
        clean(path.read_bytes(), kind="text")
    assert all(n > 100 for n in calls.values()), calls


def test_widget_heading_examples():
    from cleaner.blocks import widget_headings
    from cleaner.segment import Line

    lines = [Line(k + 1, t, 1) for k, t in enumerate(
        ["Get the Morning Brief", "Sign up", "Email", "Subscribe", "Body text of the story goes on here.", "Share"])]
    r = lambda fam: Removal("X", fam, "", 1, 1)  # noqa: E731
    for taken in ({1: r("newsletter"), 2: r("newsletter"), 3: r("newsletter")},
                  {1: r("newsletter"), 2: r("share"), 3: r("newsletter")},
                  {1: r("newsletter")}, {1: None, 2: None}, {5: r("share")}, {}):
        assert widget_headings(lines, RULES, taken, set()) == ref_widget_headings(lines, RULES, taken, set())


def test_may_close_pair_says_no_only_where_no_next_pattern_matches():
    """`RuleSet.may_close_pair` answers False only where `next_fullmatch` answers no for each
    candidate that allows the next line's length (what label_lines' loop would find), on each two
    consecutive lines of the fixtures and the shared dumps and on odd next lines; and it does
    answer False for most of them (the line set answers the candidates' next patterns)."""
    no = 0
    for rules in (RULES, RULES.with_engine("re")):
        for path in PAGES:
            texts = [ln.text for ln in segment(path.read_text(encoding="utf-8", errors="replace")) if ln.text]
            odd = [(t, nt) for t in texts[:3] for nt in ("x" * 400, "(AP Photo/Jane Doe)\n", "Photo : AFP\u00ad")]
            for text, nt in list(zip(texts, texts[1:])) + odd:
                pairs = rules.pair_candidates(text)
                if not pairs:
                    continue
                want = any(rules.next_fullmatch(pr, nt) for pr in pairs
                           if pr.next_rx is not None and len(nt) <= pr.max_chars)
                got = rules.may_close_pair(pairs, nt)
                assert got or not want, (text, nt)
                no += not got
    assert no > 1000
