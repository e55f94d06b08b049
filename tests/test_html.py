"""HTML mode: golden JSON per fixtures/html-*/ case, and each case.toml's stated expectations.

Regenerate goldens with `pytest tests/test_html.py --force-regen` and read every diff first.
"""

from __future__ import annotations

import json

import pytest

from cleaner import clean, default_rules

from .conftest import FIXTURES, NOW, html_cases, load_case

CASES = html_cases()


def _result(case: str):
    spec = load_case(case)
    return clean((FIXTURES / case / "input.html").read_bytes(), kind="html",
                 url=spec.get("url") or None, now=NOW)


@pytest.mark.parametrize("case", CASES)
def test_golden_html(case, file_regression):
    out = json.dumps(_result(case).to_dict(), ensure_ascii=False, indent=2) + "\n"
    file_regression.check(out, fullpath=FIXTURES / case / "expected.json", encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_html_case_expectations(case):
    spec = load_case(case)
    r = _result(case)
    assert r.kind == "html"
    if spec.get("is_article") is False:
        assert r.body == ""
        assert any(x.rule == "HT190" for x in r.removed)
        return
    for key in ("title", "byline", "published"):
        if spec.get(key):
            assert getattr(r, key) == spec[key], key
    for keep in spec.get("must_keep", []):
        assert keep in r.body, f"article text lost: {keep!r}"
    for drop in spec.get("must_drop", []):
        assert drop not in r.body, f"chrome left in the body: {drop!r}"
    titles = spec.get("related_titles")
    if titles is not None:
        assert [x.title for x in r.related] == titles
    urls = spec.get("related_urls")
    if urls is not None:
        assert [x.url for x in r.related] == urls


@pytest.mark.parametrize("case", CASES)
def test_html_removals_name_known_rules(case):
    rules = default_rules()
    r = _result(case)
    for rem in r.removed:
        assert rules.get(rem.rule) is not None, rem
        assert rem.line >= 1 and rem.col >= 1 and rem.text


def test_auto_detects_html():
    case = next(c for c in CASES if load_case(c).get("is_article", True))
    data = (FIXTURES / case / "input.html").read_bytes()
    assert clean(data, now=NOW).kind == "html"


def test_non_utf8_pages_decode():
    for case in CASES:
        spec = load_case(case)
        enc = (spec.get("encoding") or "utf-8").lower()
        if enc in ("utf-8", "utf8"):
            continue
        r = _result(case)
        assert "\ufffd" not in r.body and "\ufffd" not in (r.title or "")
        assert r.title == spec["title"]


def test_stage_rules_with_patterns_match_their_examples():
    """HT rules that carry patterns (applied by html.py) honour their examples like line rules do."""
    rules = default_rules()
    for rule in rules:
        if rule.id.startswith("HT") and rule.rx is not None:
            for ex in rule.examples:
                assert rule.match_line(ex), (rule.id, ex)
            for ex in rule.counterexamples:
                assert not rule.match_line(ex), (rule.id, ex)


def test_timestamp_block_is_removed_and_dated():
    page = (
        "<html><head><title>Harbour ferry returns to service | Coast Times</title></head><body>"
        "<article><h1>Harbour ferry returns to service</h1><p>08.04.2025 12:46</p>"
        + "".join(f"<p>The harbour ferry carried its first passengers in {n} months on Tuesday, "
                  f"the operator said, after repairs to both engines were finished early.</p>"
                  for n in range(2, 7))
        + "</article></body></html>"
    )
    r = clean(page, kind="html", now=NOW)
    assert r.title == "Harbour ferry returns to service"
    assert "08.04.2025" not in r.body
    assert any(x.rule == "HT113" for x in r.removed)
    assert len(r.paragraphs) == 5


_ARTICLE = "".join(
    f"<p>The county opened its {n} cooling centre on Monday after forecasters warned that the heat "
    f"would last into the weekend, officials said in a statement.</p>" for n in
    ("first", "second", "third", "fourth", "fifth"))


def test_related_never_from_navigation():
    page = ("<html><head><title>Cooling centres open | County Post</title></head><body><nav>"
            "<h2>Related</h2><a href='/news/2025/07/a-long-story'>Heat wave grips the county again</a>"
            "<a href='/news/2025/07/b-long-story'>Pools extend their opening hours</a></nav>"
            "<article><h1>Cooling centres open</h1>" + _ARTICLE + "</article>"
            "<section class='related-stories'><h2>Related stories</h2>"
            "<a href='/news/2025/07/c-long-story'>Library keeps reading room cool for visitors</a>"
            "<a href='https://other.example/d'>Farmers move cattle to shaded pasture early</a>"
            "</section></body></html>")
    r = clean(page, kind="html", url="https://post.example/news/2025/07/cooling", now=NOW)
    assert [x.title for x in r.related] == ["Library keeps reading room cool for visitors",
                                            "Farmers move cattle to shaded pasture early"]
    assert [x.url for x in r.related] == ["https://post.example/news/2025/07/c-long-story",
                                          "https://other.example/d"]
    assert "Heat wave grips" not in r.body and "Library keeps" not in r.body
    assert r.title == "Cooling centres open"
    assert "second cooling centre" in r.body


@pytest.mark.parametrize("page", ["", "<html></html>", "<p>x</p>", "<div><div><span>", "<?xml version='1.0'?><html/>",
                                  b"\xef\xbb\xbf<html><body><p>caf\xc3\xa9</p></body></html>"])
def test_degenerate_markup_gives_an_empty_result_not_an_error(page):
    r = clean(page, kind="html", now=NOW)
    assert r.kind == "html"
    assert r.body == ""
    assert any(x.rule == "HT190" for x in r.removed)
