"""Every rule's examples must fire and its counterexamples must not, alone and inside a page."""

from __future__ import annotations

import pytest

from cleaner import clean, default_rules, load_rules
from cleaner.errors import RuleError
from cleaner.rules.registry import load_pack

RULES = default_rules()
PROSE = ("The council approved the budget on Tuesday after a long debate that ran into the evening, "
         "and officials said the money would reach schools by the autumn term.")
PROSE2 = ("Residents who spoke at the meeting said they welcomed the decision but wanted more detail "
          "on how the new spending would be tracked over the next three years.")

EXAMPLES = [(r.id, ex) for r in RULES if r.scope != "stage" for ex in r.examples]
COUNTER = [(r.id, ex) for r in RULES if r.scope != "stage" for ex in r.counterexamples]


def test_registry_ids_unique_and_documented():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert r.explanation and r.name and r.family
        if r.scope != "stage":
            assert r.examples, f"{r.id} has no examples"
            assert r.counterexamples, f"{r.id} has no counterexamples"


@pytest.mark.parametrize("rule_id,example", EXAMPLES)
def test_example_matches(rule_id, example):
    assert RULES.get(rule_id).test(example)


@pytest.mark.parametrize("rule_id,example", COUNTER)
def test_counterexample_does_not_match(rule_id, example):
    assert not RULES.get(rule_id).test(example)


def _page(middle: str) -> str:
    return f"A headline about the budget\n\n{PROSE}\n\n{middle}\n\n{PROSE2}\n"


STRONG = [(rid, ex) for rid, ex in EXAMPLES
          if RULES.get(rid).scope in ("line", "pair", "inline") and not RULES.get(rid).weak]


@pytest.mark.parametrize("rule_id,example", STRONG)
def test_example_removed_in_a_page(rule_id, example):
    r = clean(_page(example), kind="text")
    assert PROSE in r.body and PROSE2 in r.body
    fired = {x.rule for x in r.removed}
    assert fired, f"nothing removed for {example!r}"
    kept = [ln for ln in example.split("\n") if ln.strip() and ln.strip() in r.body]
    if RULES.get(rule_id).scope != "inline":
        assert not kept


@pytest.mark.parametrize("rule_id,example", COUNTER)
def test_counterexample_kept_in_a_page(rule_id, example):
    r = clean(_page(example), kind="text")
    line = 1 if RULES.get(rule_id).after_chrome else 0  # after_chrome: the first line is the context
    assert example.split("\n")[line].strip() in r.text


@pytest.mark.parametrize("rule_id", sorted(r.id for r in RULES if r.weak))
def test_weak_rule_needs_chrome_beside_it(rule_id):
    example = RULES.get(rule_id).examples[0]
    kept = clean(_page(example), kind="text")
    assert example in kept.paragraphs, "a weak label between two paragraphs must stay"
    gone = clean(_page(f"{example}\n\nAdvertisement"), kind="text")
    assert example not in gone.paragraphs
    assert rule_id in {x.rule for x in gone.removed}


def test_disable_rule():
    page = _page("Advertisement")
    assert "Advertisement" not in clean(page).body
    assert "Advertisement" in clean(page, rules=load_rules(disable=["CH801"])).body


def test_unknown_disable_is_an_error():
    with pytest.raises(RuleError):
        load_rules(disable=["ZZ999"])


def test_user_pack(tmp_path):
    pack = tmp_path / "extra.toml"
    pack.write_text('''
family = "promo"
scope = "line"
[[rule]]
id = "XX101"
name = "house-promo"
explanation = "The house's own promo."
patterns = ['get the gazette app']
examples = ["Get the Gazette app"]
counterexamples = ["The gazette app was down"]
''', encoding="utf-8")
    r = clean(_page("Get the Gazette App"), rules=[pack])
    assert "Gazette" not in r.body
    assert any(x.rule == "CH102" or x.rule == "XX101" for x in r.removed)


@pytest.mark.parametrize("body,msg", [
    ('[[rule]]\nid = "bad"\n', "id"),
    ('[[rule]]\nid = "XX101"\nname="n"\nfamily="f"\nscope="line"\nexplanation="e"\npatterns=["("]\n', "bad pattern"),
    ('[[rule]]\nid = "XX101"\nname="n"\nfamily="f"\nscope="line"\nexplanation="e"\npatterns=["abc"]\nexamples=["xyz"]\n', "example"),
    ('[[rule]]\nid = "CH101"\nname="n"\nfamily="f"\nscope="line"\nexplanation="e"\npatterns=["abc"]\n', "duplicate"),
    ('not toml [', "TOML"),
])
def test_bad_pack_is_a_clear_error(tmp_path, body, msg):
    pack = tmp_path / "bad.toml"
    pack.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError, match=msg):
        load_rules(packs=[pack])


def test_builtin_packs_load_alone():
    from cleaner.rules.registry import builtin_pack_paths

    for p in builtin_pack_paths():
        assert load_pack(p) is not None


def test_caption_after_chrome_needs_chrome_above():
    caption = ("Workers repair the flood wall along the river in Dunmore, where the water rose more than "
               "two metres during the storm last week.")
    gone = clean(_page(f"Enlarge image\n\n{caption}\n\nPhoto: Jane Doe/Harbor Ledger"), kind="text")
    assert caption not in gone.body and "CH413" in {x.rule for x in gone.removed}
    for above in ("The mayor spoke for an hour at the meeting on Monday night.", "By Jane Doe"):
        kept = clean(_page(f"{above}\n\n{caption}\n\nPhoto: Jane Doe/Harbor Ledger"), kind="text")
        assert caption in kept.body


def test_builtin_packs_validate_when_asked():
    """A built-in pack compiles lazily and leaves its examples to the tests above; asked to
    validate, it compiles every pattern and matches every example at load."""
    import re

    from cleaner.rules.registry import LazyPattern, builtin_pack_paths

    for p in builtin_pack_paths():
        lazy, eager = load_pack(p), load_pack(p, validate=True)
        assert [r.id for r in lazy] == [r.id for r in eager]
        for a, b in zip(lazy, eager):
            for la, eb in ((a.rx, b.rx), (a.next_rx, b.next_rx)):
                assert (la is None) == (eb is None)
                if la is not None:
                    assert isinstance(la, LazyPattern) and isinstance(eb, re.Pattern)
                    assert (la.pattern, la.flags) == (eb.pattern, eb.flags)  # known before compiling
    # one object per distinct pattern (as re.compile's cache gives): the block rules ask once per
    # distinct next-line pattern, told apart by identity
    pairs = [r for r in RULES.pair if r.next_rx is not None]
    for a in pairs:
        for b in pairs:
            assert (a.next_rx is b.next_rx) == ((a.next_rx.pattern, a.next_rx.flags) == (b.next_rx.pattern, b.next_rx.flags))
    assert len({id(r.next_rx) for r in pairs}) < len(pairs)


def test_lazy_pattern_answers_as_the_compiled_one():
    import pickle
    import re

    from cleaner.rules.registry import LazyPattern

    for pattern, flags in (("(?:ab+c)|(?:x\\d)", re.I), ("(?s)a.b", 0), ("(?P<w>\\w+) (?P=w)", 0),
                           ("caf\u00e9", re.ASCII)):
        want = re.compile(pattern, flags)
        got = LazyPattern(pattern, flags, "test")
        assert (got.pattern, got.flags) == (want.pattern, want.flags)
        copy = pickle.loads(pickle.dumps(got))
        for text in ("abbc", "ABC", "x1", "a\nb", "go go", "caf\u00e9", "zzz"):
            assert bool(got.fullmatch(text)) == bool(want.fullmatch(text)) == bool(copy.fullmatch(text))
            assert [m.span() for m in got.finditer(text)] == [m.span() for m in want.finditer(text)]
        assert got.groups == want.groups and got.compiled() is got.compiled()
    bad = LazyPattern("(", 0, "pack.toml: rule XX101")
    with pytest.raises(RuleError, match="XX101: bad pattern"):
        bad.search("x")
