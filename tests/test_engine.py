"""The RE2 rule engine (cleaner/rules/engine.py) gives the answers of the `re` reference matcher
(registry._FirstMatch, the rule set with engine="re"): on the rules' own examples, on every line
of the fixtures and of the shared dumps, and in the end result of `clean()` on every fixture and
every shared page and dump (the shared parts are skipped when absent)."""

from __future__ import annotations

import json
import re
import sys

import pytest

from cleaner import clean
from cleaner.memo import clear_all
from cleaner.rules import engine
from cleaner.repair import normalize
from cleaner.rules.registry import default_rules, load_rules

from .conftest import FIXTURES, NOW, SHARED

re2 = pytest.importorskip("re2")

RE2 = default_rules().with_engine("re2")
REF = default_rules().with_engine("re")


def _lines(paths) -> list[str]:
    out: set[str] = set()
    for p in paths:
        for ln in p.read_text(encoding="utf-8", errors="replace").splitlines():
            s = ln.strip()
            if s:
                out.add(s)
                out.add(ln.rstrip())  # lines as the stages may see them, indent kept
    return sorted(out)


def _examples() -> list[str]:
    return sorted({part.strip() for r in RE2 for s in (*r.examples, *r.counterexamples)
                   for part in (s, *s.split("\n"))} - {""})


FIXTURE_FILES = sorted(FIXTURES.glob("*/input.txt")) + sorted(FIXTURES.glob("*/input.html"))
SHARED_DUMPS = sorted((SHARED / "corpus" / "dumps").glob("*.txt")) + \
    sorted((SHARED / "corpus-recall" / "dumps").glob("*.txt"))
SHARED_PAGES = sorted((SHARED / "corpus" / "pages").glob("*.html")) + \
    sorted((SHARED / "corpus-recall" / "pages").glob("*.html"))


def _same_answers(lines: list[str]) -> None:
    strong_weak = len(REF.line) - sum(r.weak for r in REF.line)
    assert strong_weak >= 0
    bad = []
    for text in lines:
        got = (RE2.first_line_any(text), RE2.first_line(text), RE2.first_line(text, weak=True),
               RE2.first_zone(text), [r for r in RE2.pairs_for(text) if r.match_line(text)],
               [r for r in RE2.pair if len(text) <= r.max_chars and RE2.next_fullmatch(r, text)])
        want = (REF.first_line_any(text), REF.first_line(text), REF.first_line(text, weak=True),
                REF.first_zone(text), [r for r in REF.pair if r.match_line(text)],
                [r for r in REF.pair if len(text) <= r.max_chars and r.next_rx.fullmatch(text)])
        if got != want:
            bad.append((text, [x.id if hasattr(x, "id") else x for x in got],
                        [x.id if hasattr(x, "id") else x for x in want]))
    assert not bad, bad[:5]


def test_rule_examples_same_answers():
    _same_answers(_examples())


def test_fixture_lines_same_answers():
    _same_answers(_lines(FIXTURE_FILES))


@pytest.mark.skipif(not SHARED_DUMPS, reason="shared dumps absent")
def test_shared_dump_lines_same_answers():
    _same_answers(_lines(SHARED_DUMPS))


def test_odd_lines_same_answers():
    """Lines where Python's Unicode classes and RE2's ASCII defaults would part ways."""
    odd = ["Share\u00a0this", "Share\u2003this", "caf\u00e9 Share", "\u0130stanbul", "Stra\u00dfe",
           "\u2160 comments", "\u0661\u0662 comments", "Read more\u2026", "Tags:\u3000x", "\u212aelvin",
           "Share\x1c", "Share\x85", "foo\nShare", "Share\n", "\u00e9Share", "Share\u00e9", "Related_",
           "Share \ud800", "Related Articles\udcff", "\U00011f05 Comments", "Share\u0345"]
    _same_answers(odd)


def test_classes_agree_on_every_code_point():
    """`\\w`, `\\d`, `\\s` of Python's `re` and their RE2 spellings accept the same characters."""
    chars = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    routed = re.compile(f"[{engine.NEWER_TABLES}{engine.FOLD_SPECIAL}]")  # lines holding these are matched with re
    for py, rx in ((r"\w", engine._CLASS_OUT["w"]), (r"\d", engine._CLASS_OUT["d"]),
                   (r"\s", engine._CLASS_OUT["s"]), (r"(?i)\w", "(?i)" + engine._CLASS_OUT["w"])):
        differ = set(re.findall(py, chars)) ^ set(re2.findall(rx, chars))
        assert not [c for c in differ if not routed.fullmatch(c)], py


def test_case_folding_differs_only_where_the_engine_knows():
    """Every letter whose case-insensitive matches differ between `re` and RE2 is one the engine
    sends to `re` (engine.FOLD_SPECIAL) or the "i"/"I" they pair with."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    pool = set()
    for c in chars:
        for d in (c, c.lower(), c.upper(), c.casefold(), c.title()):
            if d != c or c.lower() != c or c.upper() != c:
                pool.update(d)
    pool_s = "".join(sorted(pool))
    differ = {c for c in pool_s
              if re.findall("(?i)" + re.escape(c), pool_s) != re2.findall("(?i)\\x{%x}" % ord(c), pool_s)}
    assert differ <= set(engine.FOLD_SPECIAL) | set(engine._TURKISH_I), sorted(differ)


@pytest.mark.parametrize("pattern", ["i", "I", "\u0130", "[a-z]+", "[^a-z]", "[h-j]", "[\u0100-\u017f]",
                                     "[^\u0100-\u017f]", "(?-i:i)", "(?-i:[a-z])", "x(?-i:[A-Z])i", "\\w"])
def test_turkish_i_folds_as_in_re(pattern):
    out, _ = engine.translate(pattern, True)
    for text in ("i", "I", "\u0130", "\u0131", "xIi", "xii", "a", "\u0101"):
        assert bool(re.fullmatch(pattern, text, re.I)) == bool(re2.fullmatch(f"(?i)(?:{out})", text)), (pattern, text)


def test_turkish_variants_of_examples_same_answers():
    """Each example with its i's dotted or dotless, its I's dotted (a Turkish page's letters)."""
    variants = set()
    for s in _examples():
        variants.update((s.replace("i", "\u0131"), s.replace("i", "\u0130"), s.replace("I", "\u0130"),
                         s.replace("I", "\u0131")))
    _same_answers(sorted(variants))


@pytest.mark.parametrize("pattern,text", [
    (r"(?:share|tweet)\s*(?:this)?", "Share this"),
    (r"\bshare\b.{0,20}", "share it"),
    (r"[\w-]+ news", "foo-bar news"),
    (r"a{,3}b", "aab"),
    (r"\u00e9t\u00e9", "\u00e9t\u00e9"),
    (r"x(?!y)\w*", "xz"),
    (r"[]a]+", "]a]"),
])
def test_translation_accepts_what_re_accepts(pattern, text):
    out, exact = engine.translate(pattern)
    assert re.fullmatch(pattern, text, re.I)
    assert re2.fullmatch(f"(?i)(?:{out})", text)
    assert exact == ("(?!" not in pattern and r"\b" not in pattern)


@pytest.mark.parametrize("pattern", [r"\w+", r"[\w.'-]+ news", r"[^\w\s]*", r"\W+", r"\w{1,2}\.?\d",
                                     r"[^\w]+x", r"[\w-]+", r"(?i)[^\wi]+", r"[\d-]+"])
def test_loose_translation_is_a_superset(pattern):
    """The sets' reading of `\\w` (`loose`): every line `re` accepts, RE2 accepts, and the
    translation says it is not exact (so that `re` confirms what it lets through)."""
    texts = ["abc", "ab_1", "été", "Straße news", "İi", "ıI", "\u212a", "\u017f", "١٢", "12.", "٣x", "—…",
             "“x”", "a b", "😀", "日本語", "-\u0663-", "ǅ", "\u2160"]
    for icase in (False, True):
        out, exact = engine.translate(pattern, icase, loose=True)
        assert exact == ("w" not in pattern.lower())
        for text in texts:
            if re.fullmatch(pattern, text, re.I if icase else 0):
                assert re2.fullmatch(("(?i)" if icase else "") + f"(?:{out})", text), (pattern, icase, text)
    assert engine.translate(r"\s+[^\s]", loose=True)[1]  # (`\\s` is read as it is)


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?P<x>a)(?P=x)", r"(?>a)", r"a{2000}", r"a*+",
                                     r"(?x) a", r"\N{BULLET}", r"(?=a)*b"])
def test_untranslatable_patterns_stay_on_re(pattern):
    with pytest.raises(engine.Untranslatable):
        engine.translate(pattern)


def test_fallback_rules_are_few_and_listed():
    kinds = {r.id: engine.engine_of(r) for r in RE2 if r.scope in ("line", "zone")}
    fallback = sorted(k for k, v in kinds.items() if v == "re")
    assert len(fallback) <= max(3, len(kinds) // 10), fallback
    from typer.testing import CliRunner

    from cleaner.cli import app

    out = CliRunner().invoke(app, ["rules"]).output
    for rid in fallback:
        assert re.search(rf"^{rid} +\S+ +\S+ +re +", out, re.M), rid


PACK = """[[rule]]
id = "XX101"
name = "doubled"
family = "promo"
scope = "line"
explanation = "A doubled word."
patterns = ['(\\w+) \\1']
examples = ["go go"]
"""


def test_user_pack_fallback_is_warned(tmp_path):
    from cleaner.rules.registry import load_pack

    if not engine.enabled():
        pytest.skip("RE2 not in use")
    pack = tmp_path / "pack.toml"
    pack.write_text(PACK, encoding="utf-8")
    with pytest.warns(engine.FallbackWarning, match="XX101"):
        rules = load_pack(pack)
    assert engine.engine_of(rules[0]) == "re"


def _result(data: bytes, kind: str, rules) -> str:
    clear_all()
    try:
        res = clean(data, kind=kind, now=NOW, rules=rules)
    except Exception as exc:  # a page refused by both engines alike is still the same answer
        return f"{type(exc).__name__}: {exc}"
    return json.dumps(res.to_dict(), ensure_ascii=False, sort_keys=True)


def _same_results(paths, kind: str) -> None:
    bad = [p.name for p in paths
           if _result(p.read_bytes(), kind, RE2) != _result(p.read_bytes(), kind, REF)]
    assert not bad, bad


def test_fixtures_clean_alike():
    _same_results(sorted(FIXTURES.glob("*/input.txt")), "text")
    _same_results(sorted(FIXTURES.glob("*/input.html")), "html")


@pytest.mark.skipif(not SHARED_DUMPS, reason="shared dumps absent")
def test_shared_dumps_clean_alike():
    _same_results(SHARED_DUMPS, "text")


@pytest.mark.skipif(not SHARED_PAGES, reason="shared pages absent")
def test_shared_pages_clean_alike():
    _same_results(SHARED_PAGES, "html")


def test_engine_env_switch(monkeypatch):
    monkeypatch.setenv("CLEANER_RULE_ENGINE", "re")
    assert not engine.enabled()
    monkeypatch.setenv("CLEANER_RULE_ENGINE", "re2")
    assert engine.enabled() == ("re2" in sys.modules)


def test_candidates_name_every_pattern_that_matches():
    """`engine.candidates` (the related-record shapes' screen) never leaves out a pattern that
    matches a line, on every fixture and shared dump line and some made ones."""
    from cleaner import related

    shapes = engine.Candidates(related._SHAPES, related.SHAPE_MAX_CHARS)
    made = ["Reuters · 3h", "Today at 10:30", "Vandaag, 09:12", "5 min read", "Harbor Ledger - 4 min read",
            "- Reuters", "• The Times", 'In "Politics"', "By Jane Doe", "vor 3 Std.", "il y a 2 j.",
            "3 hours ago", "İn “Politics”", "BY JANE", "Jul 5, 2025", "14 maja 2025 · Onet", "x\n3h"]
    missed = []
    for text in made + _lines(FIXTURE_FILES + SHARED_DUMPS):
        may = shapes(text)
        missed += [(text, k) for k, rx in enumerate(related._SHAPES) if k not in may and rx.fullmatch(text)]
    assert not missed, missed[:5]


def test_starts_pair_answers_as_pairs_for():
    """`RuleSet.starts_pair` (the next line first, once per next pattern) answers what a
    `match_next` over `pairs_for` answers, with either engine, on consecutive fixture lines."""
    bad = []
    for p in FIXTURE_FILES + SHARED_DUMPS:
        lines = [ln.strip() for ln in p.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
        for first, second in zip(lines, lines[1:]):
            want = any(r.match_next(second) for r in REF.pairs_for(first))
            if RE2.starts_pair(first, second) != want or REF.starts_pair(first, second) != want:
                bad.append((first, second, want))
    assert not bad, bad[:5]


def test_line_and_zone_rules_in_one_matcher_answer_as_apart():
    """The rule set's one matcher of line and zone rules (`RuleSet._line_set`) gives what a
    matcher of the line rules and one of the zone rules give, on the ordinary path and on the
    lines matched with `re` (a newline, a character the engines' tables disagree on)."""
    strong = [r for r in RE2.line if not r.weak]
    lines_only = engine.SetMatcher(strong + [r for r in RE2.line if r.weak], len(strong))
    zones_only = engine.SetMatcher(list(RE2.zone))
    both = RE2._lineset or RE2._line_set()
    texts = _examples() + _lines(FIXTURE_FILES)[:3000]
    texts += [t + "\n" for t in texts[:200]] + ["Related \U00010400 stories", "Comments\u0345"]
    for text in texts:
        want = (*lines_only.pair(text), zones_only(text))
        assert both.answers(text)[:3] == want, text
        assert (both(text), both.pair(text), both.zone(text)) == (want[0], want[:2], want[2])


def test_line_set_answers_the_next_line_patterns_as_the_patterns():
    """The line set answers the next-line patterns of the pair rules without keywords too
    (`RuleSet._set_nexts`; `answers`' fourth value): each is a match of the pattern over the
    whole line no longer than the longest max_chars of the rules that share it, on the ordinary
    path and on the lines matched with `re`; `next_fullmatch` reads that answer for those
    patterns (on an ASCII line within that length) and gives the pattern's own answer."""
    from cleaner.rules.registry import _keyed

    m = RE2._lineset or RE2._line_set()
    nexts = m.rules[m.zend:]
    keyless = [r for r, keys, _ in _keyed(RE2.pair) if keys is None and r.next_rx is not None]
    assert keyless and {(r.next_rx.pattern, r.next_rx.flags) for r in keyless} == \
        {(r.rx.pattern, r.rx.flags) for r in nexts}
    for r in nexts:
        assert r.max_chars == max(q.max_chars for q in RE2.pair if q.next_rx is not None
                                  and q.next_rx.pattern == r.rx.pattern) and not r.max_words
    for r in keyless:
        RE2.next_fullmatch(r, "")
        entry = RE2._nexts[id(r.next_rx)]
        assert entry[2] is not None and nexts[entry[2]].rx is r.next_rx and entry[3] == nexts[entry[2]].max_chars
    texts = _examples() + _lines(FIXTURE_FILES)[:4000]
    credits = [t for t in texts if any(r.rx.fullmatch(t) for r in nexts)]
    assert len(credits) > 20
    texts += [t + "\n" for t in credits[:100]] + [t + "\u0345" for t in credits[:50]]
    texts += [t.replace("o", "\u00f6") for t in credits[:50]] + [t + "\u00ad" for t in credits[:50]]
    for text in texts:
        norm = normalize(text)  # (what the line set reads)
        want = tuple(k for k, r in enumerate(nexts)
                     if len(norm) <= r.max_chars and r.rx.fullmatch(norm) is not None)
        assert m.answers(text)[3] == want, text
        for r in keyless:
            assert RE2.next_fullmatch(r, text) == (r.next_rx.fullmatch(text) is not None), (r.id, text)


def test_next_fullmatch_past_the_line_sets_length(tmp_path):
    """A line longer than the line set reads a next-line pattern for (the longest max_chars of
    the pair rules that share it) gets the pattern's own answer, as does a line past ASCII (the
    set reads the normalised line, `next_fullmatch` the line as it is)."""
    pack = tmp_path / "p.toml"
    pack.write_text(
        '[[rule]]\nid = "XX401"\nname = "a"\nfamily = "captions"\nscope = "pair"\nexplanation = "x"\n'
        'max_chars = 20\npatterns = [\'[A-Z].*\']\nnext_patterns = [\'[a-z\u00e9\u00ad]+\']\n'
        '[[rule]]\nid = "XX402"\nname = "b"\nfamily = "captions"\nscope = "pair"\nexplanation = "x"\n'
        'max_chars = 30\npatterns = [\'[A-Z][a-z]*\']\nnext_patterns = [\'[a-z\u00e9\u00ad]+\']\n', encoding="utf-8")
    rules = load_rules(packs=[pack]).with_engine("re2")
    m = rules._lineset or rules._line_set()
    (nxt,) = [r for r in m.rules[m.zend:] if r.id in ("XX401", "XX402")]
    assert nxt.max_chars == 30
    k = m.rules[m.zend:].index(nxt)
    for rule in rules.pair:
        if rule.id in ("XX401", "XX402"):
            for n in range(25, 36):
                for text in ("x" * n, "\u00e9" * n, "e\u0301" * n, "x\u00ad" * (n // 2)):
                    assert rules.next_fullmatch(rule, text) == (rule.next_rx.fullmatch(text) is not None)
                    assert (k in m.answers(text)[3]) == (len(normalize(text)) <= 30), text


def test_long_lines_read_the_long_set_with_the_same_answers():
    """A line longer than `engine.LONG_LINE` is matched against the set of the rules that admit
    it (`SetMatcher._long`): the answers of the full sets and the gate (the same matcher with the
    long set turned off, the reference), on the long lines of the fixtures and the shared dumps
    and on the long rules' examples, alone and run on past the limit."""
    m = RE2._lineset or RE2._line_set()
    assert m.long is not None and m.long_from == engine.LONG_LINE
    assert {m.rules[ri].id for ri in m.long_owner} == \
        {r.id for r in m.rules if r.max_chars > engine.LONG_LINE and engine.classify(r)[0] != "re"}
    ref = engine.SetMatcher.__new__(engine.SetMatcher)
    ref.__dict__.update(m.__dict__)
    ref.long_from = sys.maxsize
    long_rules = [r for r in m.rules if r.max_chars > engine.LONG_LINE]
    texts = [t for t in _lines(FIXTURE_FILES + SHARED_DUMPS) if len(t) > engine.LONG_LINE]
    for r in long_rules:
        for ex in r.examples:
            texts += [ex, (ex + " ") * (engine.LONG_LINE // max(1, len(ex)) + 1), ex + " x" * engine.LONG_LINE]
    found = 0
    for text in texts:
        want = ref._match(text, len(text))
        assert m._match(text, len(text)) == want, text
        found += want != engine._NONE4 and len(text) > engine.LONG_LINE
    assert found > 10


def test_keyword_gate_opens_wherever_the_folded_test_does():
    """`SetMatcher`'s one search for the gated patterns' keywords (`engine._gate`, on the line's
    bytes) says yes wherever the test on the folded line (`_open`) does: on every character that
    `fold` maps to an ASCII letter, and on real lines."""
    import string

    from cleaner.rules.prefilter import fold

    gates = {c: engine._gate(set(), {c}) for c in string.ascii_lowercase}
    for cp in range(0x80, 0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        for c in set(fold(chr(cp))) & gates.keys():
            assert gates[c](chr(cp).encode()), (c, hex(cp))
    m = RE2._lineset or RE2._line_set()
    assert m.gate is not None
    texts = _examples() + _lines(FIXTURE_FILES)
    texts += ["SIGN UP FOR OUR NEWSLETTER", "Sıgn up for our newsletter", "\u0130NSCR\u0130BETE"]
    for text in texts:
        if m._open(text):
            assert m.gate(text.encode()), text
