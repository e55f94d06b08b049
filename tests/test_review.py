"""`cleaner review`: the HTML page that shows every removal, checked as markup and in a real browser."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from lxml import html as lxml_html

from cleaner import clean, default_rules
from cleaner.review import FAMILY_COLOURS, render_review, review_paths
from cleaner.review import ReviewItem

from .browser import start_chromium, why_no_browser
from .conftest import FIXTURES, NOW

TEXT_CASE = FIXTURES / "daily8-nk-troops" / "input.txt"
HTML_CASE = FIXTURES / "html-trap-comments-newsletter" / "input.html"


@pytest.fixture(scope="module")
def page() -> str:
    return review_paths([TEXT_CASE, HTML_CASE], now=NOW)


def _results():
    return [clean(TEXT_CASE.read_bytes(), kind="text", now=NOW), clean(HTML_CASE.read_bytes(), kind="html", now=NOW)]


def test_page_is_self_contained(page):
    doc = lxml_html.fromstring(page)
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert not doc.xpath("//*[@src]")
    assert not re.search(r"url\(|@import", page), "CSS must not load anything"
    assert doc.xpath("//style"), "the CSS is inline"


def test_every_removal_is_listed_with_its_rule_and_explanation(page):
    doc = lxml_html.fromstring(page)
    rules = default_rules()
    for i, result in enumerate(_results()):
        items = doc.xpath(f'//section[@id="p{i}"]//div[contains(@class,"side")]//li')
        assert [li.get("data-rule") for li in items] == [r.rule for r in result.removed]
        for li, rem in zip(items, result.removed):
            assert rules.get(rem.rule).explanation.split()[0] in li.text_content()


def test_removed_spans_are_highlighted_in_the_source(page):
    doc = lxml_html.fromstring(page)
    text_result = _results()[0]
    marks = doc.xpath('//section[@id="p0"]//mark[contains(@class,"rm")]')
    # every text-mode removal stands on its line as it was removed: one mark each
    assert len(marks) == len(text_result.removed)
    by_text = {m.text_content(): m for m in marks}
    for rem in text_result.removed:
        m = by_text[rem.text]
        assert m.get("data-rule") == rem.rule and f"fam-{rem.family}" in m.get("class")
        assert m.get("title").startswith(rem.rule)
    # the article's own lines are not marked
    body_line = text_result.paragraphs[1]
    rows = [tr for tr in doc.xpath('//section[@id="p0"]//tr[starts-with(@id,"p0-L")]')
            if tr.xpath('string(td[@class="src"])') == body_line]
    assert rows and not rows[0].xpath(".//mark")


def test_header_fields_and_related_table(page):
    doc = lxml_html.fromstring(page)
    html_result = _results()[1]
    sec = doc.xpath('//section[@id="p1"]')[0]
    assert sec.xpath('string(.//td[@class="title"])') == html_result.title
    assert sec.xpath('string(.//td[@class="byline"])') == html_result.byline
    assert sec.xpath('string(.//td[@class="published"])') == html_result.published
    links = sec.xpath('.//table[@class="related"]//a')
    assert [a.get("href") for a in links] == [r.url for r in html_result.related]
    assert [a.text_content() for a in links] == [r.title for r in html_result.related]


def test_summary_charts_count_every_removal(page):
    doc = lxml_html.fromstring(page)
    results = _results()
    fams: dict[str, int] = {}
    for r in results:
        for rem in r.removed:
            fams[rem.family] = fams.get(rem.family, 0) + 1
    bars = doc.xpath('//svg[@id="chart-families"]/g[@class="bar"]')
    assert {b.get("data-label"): int(b.get("data-value")) for b in bars} == fams
    values = [int(b.get("data-value")) for b in bars]
    assert values == sorted(values, reverse=True)
    rule_bars = doc.xpath('//svg[@id="chart-rules"]/g[@class="bar"]')
    assert sum(int(b.get("data-value")) for b in rule_bars) == sum(fams.values())


def test_one_page_has_no_summary():
    page = review_paths([TEXT_CASE], now=NOW)
    assert 'id="summary"' not in page and 'id="p0"' in page


def test_batch_output_gives_the_summary_and_its_errors(tmp_path):
    out = tmp_path / "cleaned.jsonl"
    lines = []
    for i, r in enumerate(_results()):
        lines.append({"id": f"r{i}", "source": {"path": "in.jsonl", "line": i + 1}, "kind": r.kind,
                      **r.to_dict(), "error": None})
    lines.append({"id": "r2", "source": {"path": "in.jsonl", "line": 3}, "kind": None, "title": None,
                  "byline": None, "published": None, "body": None, "related": None, "removed": None,
                  "error": "binary input (PNG)"})
    out.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    page = review_paths([out])
    doc = lxml_html.fromstring(page)
    assert doc.xpath('//section[@id="summary"]')
    assert "binary input (PNG)" in doc.xpath('string(//table[@class="errors"])')
    most = doc.xpath('//table[@class="most"]//tr/td[1]/text()')
    assert most[0] == str(max(len(r.removed) for r in _results()))


def test_escapes_markup_in_the_input():
    item = ReviewItem("x", {"title": "<b>t</b>", "removed": [
        {"rule": "CH501", "family": "share", "text": "<script>alert(1)</script>", "line": 1, "col": 1}]},
        lines=["<script>alert(1)</script>", "A & B <i>"])
    page = render_review([item], default_rules())
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_family_colours_are_distinct():
    assert len(set(FAMILY_COLOURS.values())) == len(FAMILY_COLOURS)


def test_cli_writes_the_page(tmp_path):
    out = tmp_path / "review.html"
    p = subprocess.run([sys.executable, "-m", "cleaner", "review", str(TEXT_CASE), str(HTML_CASE),
                        "--now", NOW, "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert 'id="chart-families"' in out.read_text(encoding="utf-8")
    missing = subprocess.run([sys.executable, "-m", "cleaner", "review", str(tmp_path / "nope.txt"),
                              "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_review_renders_in_chromium(tmp_path, page):
    reason = why_no_browser()
    if reason:
        pytest.skip(f"no browser for the review page test: {reason}")
    path = tmp_path / "review.html"
    path.write_text(page, encoding="utf-8")
    driver = start_chromium(str(tmp_path / "profile"))
    try:
        driver.get(path.as_uri())
        assert driver.title == "cleaner review"
        results = _results()
        # highlighted spans: shown, coloured by family, with the rule and its explanation on hover
        marks = driver.find_elements("css selector", "#p0 mark.rm")
        assert len(marks) == len(results[0].removed)
        rules = default_rules()
        seen_colours = {}
        for m in marks:
            rule = m.get_attribute("data-rule")
            fam = m.get_attribute("data-family")
            hover = m.get_attribute("title")
            assert hover.startswith(rule) and rules.get(rule).explanation.split()[0] in hover
            colour = m.value_of_css_property("background-color")
            assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
            assert seen_colours.setdefault(fam, colour) == colour
        assert len(set(seen_colours.values())) == len(seen_colours)
        assert driver.find_elements("css selector", "#p1 tr.hit mark.rm")
        # the chart: one visible bar per family, as wide as its count says
        bars = driver.find_elements("css selector", "#chart-families g.bar rect")
        fams = {r.family for res in results for r in res.removed}
        assert len(bars) == len(fams)
        widths = [b.rect["width"] for b in bars]
        assert all(w > 0 for w in widths) and widths == sorted(widths, reverse=True)
        bar_colour = driver.find_element("css selector", "#chart-families g.bar rect").get_attribute("fill")
        assert bar_colour in FAMILY_COLOURS.values()
        shot = tmp_path / "review.png"
        assert driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        driver.quit()


def test_lines_read_as_the_input(page):
    """Marking never changes the text: each row reads as its input line, for both fixtures."""
    doc = lxml_html.fromstring(page)
    for i, path in enumerate((TEXT_CASE, HTML_CASE)):
        raw = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        rows = doc.xpath(f'//section[@id="p{i}"]//tr[starts-with(@id,"p{i}-L")]/td[@class="src"]')
        assert [r.text_content() for r in rows] == raw


def test_overlapping_and_indented_removals_keep_the_line():
    rems = [{"rule": "RL110", "family": "related", "text": "A summary with a caption | Reuters inside", "line": 1, "col": 3},
            {"rule": "CH403", "family": "captions", "text": "a caption | Reuters", "line": 1, "col": 19},
            {"rule": "HT104", "family": "comments", "text": "12 Comments Sort by", "line": 2, "col": 1}]
    lines = ["  A summary with a caption | Reuters inside  ", "<div class=comments>"]
    page = render_review([ReviewItem("x", {"removed": rems}, lines=lines)], default_rules())
    doc = lxml_html.fromstring(page)
    rows = doc.xpath('//tr[starts-with(@id,"p0-L")]/td[@class="src"]')
    assert [r.text_content() for r in rows] == lines
    outer = rows[0].xpath("./mark")[0]
    assert outer.get("data-rule") == "RL110" and outer.xpath("./mark")[0].get("data-rule") == "CH403"
    assert rows[1].xpath("./mark")[0].get("data-rule") == "HT104"


def test_comments_are_listed():
    page = review_paths([FIXTURES / "comments-en-news-thread" / "input.txt"], now=NOW)
    doc = lxml_html.fromstring(page)
    rows = doc.xpath('//table[@class="comments"]//tr/td[1]/text()')
    assert rows == ["Rosa Delgado", "Tom Brennan", "Greg Paulsen", "Millbrook Public Works"]
