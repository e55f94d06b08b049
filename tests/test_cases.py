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
    spec = load_case(case)
    r = _result(case)
    if spec.get("title"):
        assert r.title == spec["title"]
    for keep in spec.get("must_keep", []):
        assert keep in r.body, f"article text lost: {keep!r}"
    for drop in spec.get("must_drop", []):
        assert drop not in r.body, f"chrome left in the body: {drop!r}"
    titles = spec.get("related_titles")
    if titles is not None:
        assert [x.title for x in r.related] == titles
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
