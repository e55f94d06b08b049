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


_PROSE = "".join(
    f"<p>The harbour board met on {d} to hear residents on the plan to dredge the channel, and the "
    f"vote was put off until the engineers report in the autumn, the chair said.</p>"
    for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"))


def _page(body: str, head: str = "<title>Harbour board delays dredging vote</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_short_page_without_markup_is_kept_and_says_so():
    r = clean(_page("<div class='post'><h1>Harbour board delays dredging vote</h1>"
                    "<p>The vote on dredging the channel is put off until the autumn.</p></div>"), kind="html", now=NOW)
    assert "The vote on dredging the channel is put off until the autumn." in r.body
    assert any(x.rule == "HT191" for x in r.removed)
    assert not any(x.rule == "HT190" for x in r.removed)


@pytest.mark.parametrize("title", ["Page not found | Harbour News", "404 - Not Found", "Search results for dredging"])
def test_error_and_search_pages_are_emptied_on_evidence(title):
    r = clean(_page("<div><h1>Sorry</h1><p>The page you asked for is not here. Try the search box.</p></div>",
                    f"<title>{title}</title>"), kind="html", now=NOW)
    assert r.body == ""
    assert any(x.rule == "HT190" for x in r.removed)


def test_teaser_cards_around_one_long_article_are_not_a_section_front():
    cards = "".join(f"<article class='card'><a href='/news/2025/07/story-{n}'><h3>Other story number {n} "
                    f"of the week</h3></a></article>" for n in range(4))
    r = clean(_page(f"<article><h1>Harbour board delays dredging vote</h1>{_PROSE}</article>{cards}",
                    "<title>Harbour board delays dredging vote</title><meta property='og:type' content='website'>"),
              kind="html", now=NOW)
    assert "the vote was put off until the engineers report" in r.body
    assert not any(x.rule == "HT190" for x in r.removed)


@pytest.mark.parametrize("cls", ["cmp-text", "elementor-widget elementor-widget-text-editor",
                                 "live-comment", "gallery-comment", "hidden-xs"])
def test_class_words_that_are_no_chrome(cls):
    extra = ("<p>The dredger would work only at night, when the ferries are tied up, the engineers said "
             "in their first note to the board last spring.</p>")
    r = clean(_page(f"<article><h1>Harbour board delays dredging vote</h1>{_PROSE}"
                    f"<div class='{cls}'>{extra}</div></article>"), kind="html", now=NOW)
    assert "The dredger would work only at night" in r.body


def test_figcaption_carrying_paragraphs_is_prose():
    slide = ("<figure><img src='a.jpg'><figcaption><p>The old quay wall was built in 1880 from granite "
             "blocks brought by rail from the quarry.</p><p>Divers found that the lowest courses have "
             "shifted by up to a hand's width since the last survey.</p></figcaption></figure>")
    r = clean(_page(f"<article><h1>Harbour board delays dredging vote</h1>{_PROSE}{slide}</article>"),
              kind="html", now=NOW)
    assert "Divers found that the lowest courses have shifted" in r.body


def test_related_heading_over_an_empty_list_never_takes_the_post():
    part = ("<div class='part'><p>The board first <a href='/news/2024/12/dredging-plan-unveiled'>unveiled the "
            "plan in December</a> and residents <a href='/news/2025/02/residents-object-dredging'>objected "
            "in February</a>, citing the noise of night work.</p><h3>Related</h3><ul class='js-related'></ul></div>")
    r = clean(_page(f"<div><h1>Harbour board delays dredging vote</h1>{part}<div class='part'>{_PROSE}</div></div>"),
              kind="html", now=NOW)
    assert "citing the noise of night work" in r.body
    assert [x.text for x in r.removed if x.rule == "HT110"] == ["Related"]
    assert r.related == ()


def test_tables_listed_one_after_another_keep_the_page_order():
    # the extraction lists a table nested in a cell after the rows of the table around it
    from lxml import etree

    from cleaner.html import _blocks, _order_tables, _page_order, parse

    page = parse("<html><body><table><tr><td><table><tr><td><p>AD25-117</p></td></tr></table></td></tr>"
                 "<tr><td><p>2025.03.05</p></td></tr></table><p>Release text.</p></body></html>")
    out = etree.fromstring("<body><table><row><cell><p>2025.03.05</p></cell></row></table>"
                           "<table><row><cell><p>AD25-117</p></cell></row></table><p>Release text.</p></body>")
    _order_tables(out, _page_order(page))
    assert [t for t, _ in _blocks(out)] == ["AD25-117", "2025.03.05", "Release text."]
