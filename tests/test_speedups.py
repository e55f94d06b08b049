"""The rule-matching shortcuts (registry.py, rules/prefilter.py) give the same answers as the
plain loops they replace: first matching rule in order, and keyword pre-filters that never
reject a line a pattern matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import default_rules, load_rules

from .conftest import ROOT
from cleaner.rules.prefilter import fold, required_keys, required_marks

RULES = default_rules()
SAMPLES = sorted({s.strip() for r in RULES for s in (*r.examples, *r.counterexamples)
                  for s in s.split("\n")} - {""})
# characters re.IGNORECASE treats as ASCII letters, and some that only look alike
ODD = "İıſKßÅéΣς•·›»|#/©"


def naive(rules, text):
    return next((r for r in rules if r.match_line(text)), None)


def check(text: str) -> None:
    strong = [r for r in RULES.line if not r.weak]
    weak = [r for r in RULES.line if r.weak]
    assert RULES.first_line(text) is naive(strong, text)
    assert RULES.first_line(text, weak=True) is naive(weak, text)
    assert RULES.first_line_any(text) is (naive(strong, text) or naive(weak, text))
    assert RULES.first_zone(text) is naive(RULES.zone, text)
    kept = RULES.pairs_for(text)
    assert [r for r in RULES.pair if r.match_line(text)] == [r for r in kept if r.match_line(text)]
    # the candidates (keywords, length) hold every pair rule that matches, in rule order
    assert [r for r in RULES.pair_candidates(text) if r.match_line(text)] == list(kept)


def test_examples_and_counterexamples_agree():
    for s in SAMPLES:
        for text in (s, s.upper(), s.lower(), s + " " + s, s[: len(s) // 2]):
            check(text)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.text(alphabet=ODD + "abcXYZ ./-|", max_size=12),
       st.integers(min_value=0, max_value=200))
def test_mutated_lines_agree(base, noise, pos):
    pos = min(pos, len(base))
    check(base[:pos] + noise + base[pos:])
    check(noise + base)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([r for r in RULES if r.rx is not None]), st.sampled_from(SAMPLES),
       st.text(alphabet=ODD + "aeiouKS ", max_size=6))
def test_prefilter_never_rejects_a_match(rule, sample, noise):
    keys = required_keys(rule.rx.pattern, rule.rx.flags)
    if keys is None:
        return
    for text in (sample, noise + sample, sample.upper(), sample.replace("i", "İ").replace("s", "ſ")):
        if rule.rx.fullmatch(text) or rule.rx.search(text):
            hay = fold(text)
            assert any(k in hay or k in text for k in keys), (rule.id, text, keys)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([r for r in RULES if r.rx is not None]), st.sampled_from(SAMPLES),
       st.text(alphabet=ODD + "aeiouKS |/(©:", max_size=6))
def test_mark_screen_never_rejects_a_match(rule, sample, noise):
    marks = required_marks(rule.rx.pattern, rule.rx.flags)
    if marks is None:
        return
    for text in (sample, noise + sample, sample + noise, sample.upper()):
        if rule.rx.search(text):
            assert any(m in text for m in marks), (rule.id, text, marks)


def test_required_marks_reads_patterns():
    assert required_marks(r"\s\|\s?(?:via\s)?Reuters", re.I) == {"|"}
    assert required_marks(r"(?:a\(b|c/d)", re.I) == {"(", "/"}
    assert required_marks(r"(?:a\(b|cd)", re.I) is None  # one branch needs no mark
    assert required_marks(r"(?=\|)x", re.I) is None  # a lookahead's mark is not consumed: no claim
    marks, _ = RULES.inline_screen()
    assert marks is not None and "|" in marks


def test_required_keys_reads_patterns():
    assert required_keys(r"(?:©|copyright)\s.{0,20}", re.I) == {"©", "copyright"}
    assert required_keys(r".{5,590}?\s?\|", re.I) == {"|"}
    assert required_keys(r"share(?: this)?", re.I) == {"share"}
    assert required_keys(r"(?:abc|de.*)", re.I) == {"abc", "de"}  # one of the branches
    assert required_keys(r"x?", re.I) is None  # nothing is required
    assert required_keys(r"(?-i:ABC)", re.I) is None  # case mode changes: no claim
    assert required_keys(r"ABC", 0) == {"ABC"}  # case-sensitive keys keep their case


def test_fold_matches_ignorecase():
    for ch in "İıſK":
        assert re.fullmatch("[a-z]", ch, re.I) and fold(ch).isascii()
    assert fold("ſhare THIS") == "share this"
    assert "in" in fold("İN")


def test_extra_pack_with_groups_falls_back(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text('[[rule]]\nid = "XX101"\nname = "twice"\nfamily = "promo"\nscope = "line"\n'
                    'explanation = "x"\npatterns = [\'(ab)\\1\']\nexamples = ["abab"]\n', encoding="utf-8")
    rs = load_rules(packs=[pack])
    assert rs.first_line("abab").id == "XX101"
    assert rs.first_line("abcd") is None


def test_extra_pack_with_max_words_is_honoured(tmp_path):
    """A rule the alternation finds first but that has too many words gives way to a later one."""
    pack = tmp_path / "p.toml"
    pack.write_text(
        '[[rule]]\nid = "XX201"\nname = "short"\nfamily = "promo"\nscope = "line"\nexplanation = "x"\n'
        'max_words = 2\npatterns = [\'zork .+\']\nexamples = ["zork now"]\n'
        '[[rule]]\nid = "XX202"\nname = "long"\nfamily = "promo"\nscope = "line"\nexplanation = "x"\n'
        'patterns = [\'zork .+ today\']\nexamples = ["zork it all today"]\n', encoding="utf-8")
    rs = load_rules(packs=[pack])
    assert rs.first_line("zork now").id == "XX201"
    assert rs.first_line("zork it all today").id == "XX202"
    assert rs.first_line("zork it all tomorrow") is None


def plain_cuts(text, rules):
    from cleaner.inline import _find_cuts

    return _find_cuts(text, rules)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SAMPLES), st.sampled_from(SAMPLES), st.text(alphabet=ODD + "abc .|", max_size=8))
def test_inline_screen_and_memo_agree_with_the_plain_search(a, b, noise):
    from cleaner.inline import find_cuts

    for text in (a, f"{a} {b}", f"{a}{noise} {b}", f"Prose here. {a} | Reuters {b}"):
        assert find_cuts(text, RULES) == plain_cuts(text, RULES)
        assert find_cuts(text, RULES) == plain_cuts(text, RULES)  # now from the memo


def test_memos_are_bounded_and_clearing_them_changes_no_answer(monkeypatch):
    from cleaner import clean
    from cleaner.memo import Memo, clear_all

    page = (ROOT / "fixtures" / "daily8-nk-troops" / "input.txt").read_text(encoding="utf-8")
    first = clean(page, kind="text").to_dict()
    clear_all()
    assert clean(page, kind="text").to_dict() == first
    monkeypatch.setattr(Memo, "limit", 3)  # memos that keep almost nothing give the same answers
    clear_all()
    assert clean(page, kind="text").to_dict() == first
    m = Memo()
    for k in range(10):
        m.put(k, k)
    assert len(m) <= 3


def test_keyword_gates_leave_answers_unchanged():
    """Scanning patterns that need a keyword are gated; lines with and without it agree with the
    plain loop."""
    ref = RULES.with_engine("re")  # the gates of the `re` matcher (engine.py's set has its own)
    ref.first_line_any("warm")
    m = ref._matchers[("line", None)]
    assert m.gated and "newsletter" in m.keys_ci
    lines = ["Get the best stories of the day delivered to your inbox every morning.",
             "Sign up for our free Morning Briefing newsletter here",
             "© 2025 Example Media. All rights reserved.",
             "Copyright 2025 Example Media. ALL RIGHTS RESERVED",
             "The council said the newsletter would be printed on recycled paper from next month.",
             "Officials said the plan would go ahead as scheduled, according to a statement."]
    for text in lines:
        check(text)


def test_a_rule_too_short_for_the_line_gives_way_in_its_length_bucket(tmp_path):
    """Lengths share an alternation per bucket: a rule found there whose limit is shorter than
    the line is passed over for the next rule that allows it."""
    pack = tmp_path / "p.toml"
    pack.write_text(
        '[[rule]]\nid = "XX301"\nname = "short"\nfamily = "promo"\nscope = "line"\nexplanation = "x"\n'
        'max_chars = 21\npatterns = [\'zork.*\']\nexamples = ["zork it"]\n'
        '[[rule]]\nid = "XX302"\nname = "long"\nfamily = "promo"\nscope = "line"\nexplanation = "x"\n'
        'max_chars = 39\npatterns = [\'zork.*end\']\nexamples = ["zork it to the end"]\n', encoding="utf-8")
    rs = load_rules(packs=[pack])
    for n in range(4, 45):
        text = "zork " + "x" * max(0, n - 8) + "end"
        want = naive([r for r in rs.line if not r.weak], text)
        assert rs.first_line(text) is want, (n, want)
    assert rs.first_line("zork " + "x" * 20 + " end").id == "XX302"


def test_memo_budget_bounds_the_characters_it_keeps(monkeypatch):
    from cleaner.memo import MAX_KEY_CHARS, Memo

    monkeypatch.setattr(Memo, "budget", 1000)
    m = Memo()
    for k in range(50):
        m.put(f"{k:03d}" + "x" * 97, k)  # 100 characters each
        assert m.chars <= 1000 and len(m) <= 10
    m.put("y" * (MAX_KEY_CHARS + 1), 1)  # too long to remember
    assert "y" * (MAX_KEY_CHARS + 1) not in m
    m.put(("z" * 10, None), 2)  # (text, ...) keys count their text
    assert m.chars % 100 == 10


def test_memoized_answers_as_the_function_and_stays_bounded(monkeypatch):
    from cleaner.memo import MAX_KEY_CHARS, Memo, memoized

    calls = []

    def fn(text):
        calls.append(text)
        return None if text == "none" else len(text)

    f = memoized(fn)
    assert f.__wrapped__ is fn and f.__name__ == "fn"
    long = "x" * (MAX_KEY_CHARS + 1)
    texts = ("a", "bb", "none", "a", "none", long, long, (1, 2), (1, 2))
    assert [f(t) for t in texts] == [1, 2, None, 1, None, len(long), len(long), 2, 2]
    assert calls == ["a", "bb", "none", long, long, (1, 2)]  # answers kept, None too; long keys not
    assert long not in f.memo and f.memo.chars == len("a") + len("bb") + len("none")
    monkeypatch.setattr(Memo, "limit", 3)
    for k in range(10):
        assert f(str(k)) == 1
        assert len(f.memo) <= 3


def test_inline_screen_reads_lines_re2_cannot_rule_by_rule():
    """The RE2 screen of the inline rules searches a line RE2 cannot read (a newline, a
    character its tables differ on) with each rule's own pattern: the same yes or no as the
    rules' alternation."""
    import re

    _, scr = RULES.with_engine("re2").inline_screen()
    if not hasattr(scr, "re2"):
        pytest.skip("no RE2 screen")
    alternation = re.compile("|".join(f"(?:{r.rx.pattern})" if r.case_sensitive else f"(?i:{r.rx.pattern})"
                                      for r in RULES.inline))
    for text in ("Photo: Reuters\nmore", "A caption | Getty Images\n", "plain prose\nhere",
                 "Foto: AP \U00010400", "nothing \U00010400 here", "Credit \u0345 x"):
        assert (scr.search(text) is None) == (alternation.search(text) is None), text


def test_warm_with_patterns_compiles_every_lazy_pattern():
    """A parent that forks workers compiles the built-in packs' own patterns once for all."""
    from cleaner.rules.registry import _LAZY

    rules = default_rules().warm(patterns=True)
    assert _LAZY, "the built-in packs load their patterns lazily"
    assert all("_rx" in p.__dict__ for p in _LAZY.values())
    line = "Photo: Reuters"
    assert rules.first_line(line) == default_rules().first_line(line)
