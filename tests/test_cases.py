"""Each fixture's case.toml states what must stay, what must go, and which related records exist."""

from __future__ import annotations

import pytest

from cleaner import clean

from .conftest import FIXTURES, NOW, load_case, text_cases

CASES = [c for c in text_cases() if load_case(c)]


def _result(case):
    return clean((FIXTURES / case / "input.txt").read_bytes(), kind="text", now=NOW)


@pytest.mark.parametrize("case", CASES)
def test_case_expectations(case):
    """must_keep always holds. Known failures ([known] in case.toml: chrome still left, a wrong
    title or related list) are kept honestly: they are checked to still fail, so a fix shows."""
    spec = load_case(case)
    known = spec.get("known", {})
    r = _result(case)
    for keep in spec.get("must_keep", []):
        assert keep in r.body or keep == r.title, f"article text lost: {keep!r}"
    if spec.get("title"):
        if known.get("title"):
            assert r.title != spec["title"], "known title failure now passes: remove it from [known]"
        else:
            assert r.title == spec["title"]
    for field in ("byline", "published"):  # when the case names them
        if field in spec:
            assert getattr(r, field) == spec[field], field
    left = set(known.get("left", []))
    for drop in spec.get("must_drop", []):
        if drop in left:
            assert drop in r.body, f"known leftover now removed: drop {drop!r} from [known].left"
        else:
            assert drop not in r.body, f"chrome left in the body: {drop!r}"
    titles = spec.get("related_titles")
    got = [x.title for x in r.related]
    if known.get("related"):
        assert got != titles, "known related failure now passes: remove it from [known]"
    elif titles is not None:
        assert got == titles
        sources = spec.get("related_sources")
        if sources:
            assert [x.source or "" for x in r.related] == sources
    if spec.get("zero_removals"):
        assert r.removed == ()


@pytest.mark.parametrize("case", CASES)
def test_every_removal_names_a_known_rule(case):
    from cleaner import default_rules

    rules = default_rules()
    r = _result(case)
    for rem in r.removed:
        assert rules.get(rem.rule) is not None, rem
        assert rem.line >= 1 and rem.col >= 1 and rem.text
