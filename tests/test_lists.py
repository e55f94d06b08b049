"""Typed link lists: the kind of a list from its heading, the `related_kinds` filter, and HTML lists
found wherever they stand (by heading, class or shape), never from menus, tags, authors or ads."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cleaner import RELATED_KINDS, Related, clean, default_rules
from cleaner.cli import app
from cleaner.lists import kind_of

RULES = default_rules()

PARAS = "".join(
    f"<p>The harbour ferry carried its first passengers in {n} months on Tuesday, the operator said, "
    f"after repairs to both engines were finished two weeks earlier than planned.</p>"
    for n in range(2, 8)
)


def _page(extra: str, *, article_extra: str = "") -> str:
    return (
        "<html><head><title>Harbour ferry returns to service | Coast Times</title>"
        "<meta property='og:type' content='article'></head><body>"
        "<nav><ul><li><a href='/news/'>News</a></li><li><a href='/sport/'>Sport</a></li>"
        "<li><a href='/news/2025/07/01/council-approves-a-new-budget-for-the-harbour'>Council approves"
        " a new budget for the harbour</a></li></ul></nav>"
        f"<article><h1>Harbour ferry returns to service</h1>{PARAS}{article_extra}</article>"
        f"{extra}</body></html>"
    )


def _clean(html: str, **kw):
    return clean(html, kind="html", url="https://www.coasttimes.example/news/2025/07/08/ferry", **kw)


def _li(slug: str, title: str, host: str = "") -> str:
    return f"<li><a href='{host}/news/2025/07/0{len(slug) % 9 + 1}/{slug}'>{title}</a></li>"


SIDEBAR = (
    "<aside class='sidebar'><h3>Most read</h3><ol>"
    + _li("storm-closes-the-coast-road", "Storm closes the coast road for two days")
    + _li("new-lifeboat-station-opens-at-last", "New lifeboat station opens at last in Kellby")
    + _li("school-bus-routes-change-in-september", "School bus routes change in September")
    + "</ol></aside>"
)


@pytest.mark.parametrize("heading,kind", [
    ("Related Articles", "related"), ("More on this story", "related"), ("Lesen Sie auch", "related"),
    ("Most Read", "most-read"), ("Trending now", "most-read"), ("Lo más leído", "most-read"),
    ("I più letti", "most-read"), ("Mais lidas", "most-read"), ("Meest gelezen", "most-read"),
    ("Latest", "latest"), ("Top Stories", "latest"), ("À la une", "latest"), ("Últimas noticias", "latest"),
    ("Editor's Picks", "recommended"), ("Highlights", "recommended"), ("You may also like", "recommended"),
    ("Das könnte Sie auch interessieren", "recommended"),
    ("More from Sport", "more-from"), ("Mehr aus Hamburg", "more-from"), ("Plus de Sport", "more-from"),
    (None, "related"), ("", "related"),
])
def test_kind_of_heading(heading, kind):
    assert kind_of(heading, RULES) == kind


def test_most_read_zone_without_kind_words_is_most_read():
    assert kind_of("Nejčtenější", RULES, "most-read") == "most-read"


def test_kind_rules_match_their_examples():
    for rid in ("RL130", "RL131", "RL132", "RL133"):
        rule = RULES.get(rid)
        assert rule is not None and rule.rx is not None
        for ex in rule.examples:
            assert rule.match_line(ex), (rid, ex)
        for ex in rule.counterexamples:
            assert not rule.match_line(ex), (rid, ex)


def test_related_gains_kind_and_block():
    r = Related(title="A story", kind="most-read", block="Most read")
    d = r.to_dict()
    assert d["kind"] == "most-read" and d["block"] == "Most read"
    assert Related(title="x").to_dict()["kind"] == "related"
    assert set(RELATED_KINDS) == {"related", "more-from", "most-read", "latest", "recommended"}


def test_sidebar_most_read_is_reported_with_its_kind_and_heading():
    r = _clean(_page(SIDEBAR))
    assert [x.title for x in r.related] == ["Storm closes the coast road for two days",
                                            "New lifeboat station opens at last in Kellby",
                                            "School bus routes change in September"]
    assert {x.kind for x in r.related} == {"most-read"}
    assert {x.block for x in r.related} == {"Most read"}
    assert all(x.url.startswith("https://www.coasttimes.example/news/2025/07/") for x in r.related)
    assert "Storm closes the coast road" not in r.body and "Most read" not in r.body


def test_related_kinds_filter():
    related = (
        "<section class='related'><h2>Related</h2><ul>"
        + _li("ferry-operator-orders-a-second-boat", "Ferry operator orders a second boat")
        + _li("island-shops-welcome-the-ferry-back", "Island shops welcome the ferry back")
        + "</ul></section>"
    )
    page = _page(related + SIDEBAR)
    assert {x.kind for x in _clean(page).related} == {"related", "most-read"}
    only = _clean(page, related_kinds=["related"]).related
    assert [x.title for x in only] == ["Ferry operator orders a second boat", "Island shops welcome the ferry back"]
    assert {x.kind for x in _clean(page, related_kinds="most-read").related} == {"most-read"}
    with pytest.raises(ValueError):
        _clean(page, related_kinds=["popular"])


def test_cli_related_option(tmp_path):
    related = (
        "<section class='related'><h2>Related</h2><ul>"
        + _li("ferry-operator-orders-a-second-boat", "Ferry operator orders a second boat")
        + _li("island-shops-welcome-the-ferry-back", "Island shops welcome the ferry back")
        + "</ul></section>"
    )
    path = tmp_path / "page.html"
    path.write_text(_page(related + SIDEBAR), encoding="utf-8")
    out = CliRunner().invoke(app, ["clean", str(path), "--related", "most-read",
                                   "--url", "https://www.coasttimes.example/news/2025/07/08/ferry"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [x["kind"] for x in data["related"]] == ["most-read"] * 3
    bad = CliRunner().invoke(app, ["clean", str(path), "--related", "popular"])
    assert bad.exit_code == 2


def test_sidebar_list_by_shape_without_heading():
    rail = (
        "<div class='rail'><ul>"
        + _li("storm-closes-the-coast-road", "Storm closes the coast road for two days")
        + _li("new-lifeboat-station-opens-at-last", "New lifeboat station opens at last in Kellby")
        + _li("school-bus-routes-change-in-september", "School bus routes change in September")
        + "</ul></div>"
    )
    r = _clean(_page(rail))
    assert len(r.related) == 3
    assert all(x.block is None for x in r.related)


def test_menus_tags_authors_and_sponsored_are_never_records():
    junk = (
        "<div class='topics'><h3>Related topics</h3><ul>"
        "<li><a href='/topics/harbour-ferries-and-boats'>Harbour ferries and boats</a></li>"
        "<li><a href='/tag/coast-times-transport-desk'>Coast transport news</a></li>"
        "<li><a href='/author/jane-doe-the-reporter'>Jane Doe the reporter</a></li></ul></div>"
        "<div class='sponsored'><h3>Recommended</h3><ul>"
        + _li("buy-a-boat-today-with-low-rates", "Buy a boat today with our low rates")
        + _li("the-best-life-jackets-of-the-year", "The best life jackets of the year reviewed")
        + "</ul></div>"
        "<div class='promoted-stories'><h3>Around the web</h3><ul>"
        + _li("doctors-hate-this-simple-trick-now", "Doctors hate this simple trick for sleeping", "https://ads.example")
        + _li("you-will-not-believe-these-photos", "You will not believe these vintage photos", "https://ads.example")
        + _li("a-cruise-deal-for-the-whole-family", "A cruise deal for the whole family this year", "https://ads.example")
        + "</ul></div>"
        "<footer><ul><li><a href='/about/'>About us</a></li><li><a href='/contact/'>Contact</a></li>"
        "<li><a href='/news/page/2'>Older stories from the newsroom</a></li></ul></footer>"
    )
    r = _clean(_page(junk))
    assert r.related == ()


def test_page_without_lists_has_no_records():
    r = _clean(_page(""))
    assert r.related == ()


def test_links_inside_article_prose_are_not_a_list():
    prose = "".join(
        f"<p>Officials pointed to <a href='/news/2025/06/0{n}/earlier-report-on-the-ferry-{n}'>an earlier report"
        f" on the ferry engines</a> and said repairs had been planned for months before the breakdown.</p>"
        for n in range(1, 5)
    )
    r = _clean(_page("", article_extra=prose))
    assert r.related == ()
    assert "an earlier report on the ferry engines" in r.body


def test_tab_panes_are_all_read():
    tabs = (
        "<div class='tabs'><ul role='tablist'><li id='t1' role='tab'>Most read</li>"
        "<li id='t2' role='tab'>Latest</li></ul>"
        "<div role='tabpanel' aria-labelledby='t1'><ol>"
        + _li("storm-closes-the-coast-road", "Storm closes the coast road for two days")
        + _li("new-lifeboat-station-opens-at-last", "New lifeboat station opens at last in Kellby")
        + "</ol></div><div role='tabpanel' aria-labelledby='t2' hidden><ol>"
        + _li("school-bus-routes-change-in-september", "School bus routes change in September")
        + _li("harbour-market-returns-on-saturdays", "Harbour market returns on Saturdays in August")
        + "</ol></div></div>"
    )
    r = _clean(_page(tabs))
    kinds = [(x.kind, x.title) for x in r.related]
    assert ("most-read", "Storm closes the coast road for two days") in kinds
    assert ("latest", "Harbour market returns on Saturdays in August") in kinds
    assert len(kinds) == 4


def test_ranks_and_duplicate_rails():
    rail = (
        "<aside><h3>Most popular</h3><ol>"
        "<li><a href='/news/2025/07/02/storm-closes-the-coast-road'>1. Storm closes the coast road for two days</a></li>"
        "<li><a href='/news/2025/07/03/new-lifeboat-station-opens'>2. New lifeboat station opens at last</a></li>"
        "</ol></aside>"
    )
    r = _clean(_page(rail + rail.replace("<aside>", "<aside class='mobile'>")))
    assert [x.title for x in r.related] == ["Storm closes the coast road for two days",
                                            "New lifeboat station opens at last"]
    assert any(x.text == "1. Storm closes the coast road for two days" for x in r.removed)


def test_text_most_read_list_reported_with_ages():
    text = (
        "Harbour ferry returns to service\n\n"
        + "\n\n".join(p.replace("<p>", "").replace("</p>", "") for p in PARAS.split("</p>") if p)
        + "\n\nMeest gelezen\nZware storm verwacht: code oranje voor hele regio\nVandaag, 09:12\n"
        "Supermarkt in Oosthout na veertig jaar dicht\nGisteren, 18:40\n"
    )
    r = clean(text, kind="text", now="2025-07-06T12:00")
    assert [(x.kind, x.block, x.title, x.age, x.published) for x in r.related] == [
        ("most-read", "Meest gelezen", "Zware storm verwacht: code oranje voor hele regio", "Vandaag, 09:12", "2025-07-06"),
        ("most-read", "Meest gelezen", "Supermarkt in Oosthout na veertig jaar dicht", "Gisteren, 18:40", "2025-07-05"),
    ]


def test_text_card_list_without_known_heading():
    from .conftest import FIXTURES, NOW

    r = clean((FIXTURES / "feed-card-list-no-heading" / "input.txt").read_bytes(), kind="text", now=NOW)
    got = [(x.kind, x.block, x.source, x.age, x.summary) for x in r.related]
    assert got[:3] == [
        ("related", "More stories like this", "Valley Courier", "5d",
         "The lifts and a new footbridge opened on Monday, months later than first promised."),
        ("related", "More stories like this", "Regional Post", "1w",
         "The deal gives drivers a rise of 6% this year and 4% next year."),
        ("related", "More stories like this", "Harlow Gazette", "2w",
         "The lanes would link the station with the new housing estate north of the river."),
    ]
    assert got[3:] == [
        ("most-read", "Trending near you", None, None, None),
        ("most-read", "Trending near you", "Valley Courier", "3d", None),
        ("most-read", "Trending near you", "Regional Post", "6d",
         "Vendors said the new site would bring more passers-by on weekday evenings."),
    ]


@pytest.mark.parametrize("title,bad", [
    ("Published: 3 Jan 2019", True), ("by Rick Stoeckel (5/17/2007)", True), ("3 hours ago", True),
    ('<img src="/pixel.gif" width="1" height="1">', True), ("", True),
    ("Harbour museum wins heritage award", False), ("By the river, a new school opens its doors to 300 pupils", False),
])
def test_text_records_that_are_no_headline(title, bad):
    from cleaner.related import not_an_article

    assert not_an_article(title) is bad


@pytest.mark.parametrize("title,expected", [
    ("Obama urges UK to stay in European Union 4 hours ago", ("Obama urges UK to stay in European Union", "4 hours ago")),
    ("Hitzewelle erreicht den Süden vor 2 Stunden", ("Hitzewelle erreicht den Süden", "vor 2 Stunden")),
    ("LWN.net Weekly Edition for April 23, 2015", ("LWN.net Weekly Edition for April 23, 2015", None)),
    ("Climber reaches the summit at 30 m", ("Climber reaches the summit at 30 m", None)),
])
def test_age_printed_after_a_headline_is_split_off(title, expected):
    from cleaner.htmllists import split_age

    assert split_age(title) == expected


@pytest.mark.parametrize("title,expected", [
    ("Abo Hitzewelle erreicht den Süden", "Hitzewelle erreicht den Süden"),
    ("Premium: Die besten Wanderwege im Harz", "Die besten Wanderwege im Harz"),
    ("Les loyers flambent à Lyon Réservé aux abonnés", "Les loyers flambent à Lyon"),
    ("Premium Bonds rise in value again", "Premium Bonds rise in value again"),
    ("Exclusive interview with the mayor", "Exclusive interview with the mayor"),
])
def test_subscription_markers_leave_the_title(title, expected):
    from cleaner.htmllists import strip_marker

    assert strip_marker(title) == expected


def _typed_page() -> str:
    related = (
        "<section class='related'><h2>Related</h2><ul>"
        + _li("ferry-operator-orders-a-second-boat", "Ferry operator orders a second boat")
        + _li("island-shops-welcome-the-ferry-back", "Island shops welcome the ferry back")
        + "</ul></section>"
    )
    return _page(related + SIDEBAR)


URL = "https://www.coasttimes.example/news/2025/07/08/ferry"


def test_batch_keeps_only_the_asked_kinds(tmp_path):
    from cleaner.batch import clean_record
    from cleaner.sources import SourceRecord

    rec = SourceRecord("p1", {}, _typed_page(), url=URL)
    every = clean_record(rec, RULES, kind="html")
    assert {x["kind"] for x in every["related"]} == {"related", "most-read"}
    some = clean_record(rec, RULES, kind="html", related_kinds=frozenset({"most-read"}))
    assert [x["kind"] for x in some["related"]] == ["most-read"] * 3
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "p1", "html": _typed_page(), "url": URL}) + "\n",
                                       encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["batch", str(tmp_path / "in.jsonl"), "-o", str(out), "-j", "1", "-q",
                                   "--related", "related"])
    assert res.exit_code == 0, res.output
    line = json.loads(out.read_text(encoding="utf-8"))
    assert [x["kind"] for x in line["related"]] == ["related", "related"]
    bad = CliRunner().invoke(app, ["batch", str(tmp_path / "in.jsonl"), "-o", str(out), "--related", "popular"])
    assert bad.exit_code == 2 and "--related" in bad.output


def test_scrapy_pipeline_keeps_only_the_asked_kinds():
    pytest.importorskip("scrapy")
    from scrapy.utils.test import get_crawler

    from cleaner.contrib.scrapy import CleanerPipeline

    for setting, kinds in (("most-read", {"most-read"}), (["related", "latest"], {"related"}), (None, None)):
        crawler = get_crawler(settings_dict={"CLEANER_RELATED_KINDS": setting} if setting else {})
        pipe = CleanerPipeline.from_crawler(crawler)
        item = pipe.process_item({"html": _typed_page(), "url": URL})
        assert {x["kind"] for x in item["clean_related"]} == (kinds or {"related", "most-read"})
    with pytest.raises(ValueError, match="CLEANER_RELATED_KINDS"):
        CleanerPipeline.from_crawler(get_crawler(settings_dict={"CLEANER_RELATED_KINDS": "popular"}))


def test_dask_partition_keeps_only_the_asked_kinds():
    pytest.importorskip("dask.bag")
    from cleaner.dask import clean_bag, clean_partition

    rows = clean_partition([{"id": "p1", "html": _typed_page(), "url": URL}], kind="html",
                           related_kinds=("most-read",))
    assert [x["kind"] for x in rows[0]["related"]] == ["most-read"] * 3
    with pytest.raises(ValueError):
        clean_bag(None, related_kinds="popular")


def _article_with(note: str) -> str:
    return (
        "<html><head><title>Harbour ferry returns to service | Coast Times</title></head><body>"
        "<article><h1>Harbour ferry returns to service</h1>"
        + PARAS[:len(PARAS) // 2] + note + PARAS[len(PARAS) // 2:]
        + "</article></body></html>"
    )


@pytest.mark.parametrize("note", [
    "<div class='hatnote'>See also: <a href='/news/2025/07/01/ferries-of-the-northern-coast'>Ferries of the"
    " northern coast</a></div>",
    "<div class='rellink boilerplate seealso'>See also: <a href='/news/2025/07/01/ferries-of-the-northern-coast'>"
    "Ferries of the northern coast</a></div>",
    "<p>Main article: <a href='/news/2025/07/01/ferries-of-the-northern-coast'>Ferries of the northern coast</a></p>",
    "<div>Hauptartikel: <a href='/news/2025/07/01/ferries-of-the-northern-coast'>Fähren der Nordküste im Überblick</a>"
    "</div>",
])
def test_a_hatnote_is_no_related_list(note):
    r = _clean(_article_with(note))
    assert r.related == ()
    assert all(x.family != "related" for x in r.removed)


def test_a_read_also_teaser_is_still_a_record():
    note = ("<p>Read also: <a href='/news/2025/07/01/ferry-operator-orders-a-second-boat'>Ferry operator orders"
            " a second boat for the island route</a></p>")
    r = _clean(_article_with(note))
    assert [(x.title, x.block) for x in r.related] == [("Ferry operator orders a second boat for the island route",
                                                        "Read also")]


def _p(slug: str, title: str) -> str:
    return f"<p class='teaser'><a href='/news/2025/07/0{len(slug) % 9 + 1}/{slug}'>{title}</a></p>"


RUN = [("storm-closes-the-coast-road", "Storm closes the coast road for two days"),
       ("new-lifeboat-station-opens-at-last", "New lifeboat station opens at last in Kellby"),
       ("school-bus-routes-change-in-september", "School bus routes change in September"),
       ("council-votes-to-keep-the-night-bus", "Council votes to keep the night bus running")]
TABBED = [("harbour-master-retires-after-forty-years", "Harbour master retires after forty years"),
          ("fish-market-moves-to-the-old-station", "Fish market moves to the old station building"),
          ("sea-wall-repairs-start-in-october", "Sea wall repairs start in October, council says")]


def test_a_column_s_lists_each_under_its_heading():
    column = (
        "<div class='rightcol'>"
        "<div class='tabs'><ul><li><a href='#pane-1'>Most read</a></li><li><a href='#pane-2'>Videos</a></li></ul>"
        "<div id='pane-1'>" + "".join(_p(s, t) for s, t in TABBED) + "</div>"
        "<div id='pane-2'><p>No videos yet.</p></div></div>"
        "<h5>Latest news</h5>" + "".join(_p(s, t) for s, t in RUN) + "<p>More news</p></div>"
    )
    r = _clean(_page(column))
    got = [(x.title, x.kind, x.block) for x in r.related]
    assert got == [(t, "most-read", "Most read") for _, t in TABBED] + [(t, "latest", "Latest news") for _, t in RUN]


def test_a_see_all_link_between_the_heading_and_its_list():
    box = ("<div class='box'><h3>Most viewed in Coast</h3><a href='/most-viewed/'>» Top 50</a><ol>"
           + "".join(_li(s, t) for s, t in RUN) + "</ol></div>")
    r = _clean(_page(box))
    assert {(x.kind, x.block) for x in r.related} == {("most-read", "Most viewed in Coast")}


def test_a_list_under_its_own_heading_inside_a_column_headed_other_news():
    column = ("<div class='secondary'><h2>Other news</h2><div class='adslot'></div>"
              "<div class='box'><h3>Most read in Coast</h3><ol>" + "".join(_li(s, t) for s, t in RUN)
              + "</ol></div></div>")
    r = _clean(_page(column))
    assert [(x.kind, x.block) for x in r.related] == [("most-read", "Most read in Coast")] * len(RUN)


def test_a_promo_box_under_a_list_heading_is_a_list_and_without_one_is_not():
    cards = "".join(f"<div class='promo-card'><a class='promo-link' href='/news/2025/07/0{k + 1}/{s}'>"
                    f"<strong>{t}</strong><p>{t}, the council said on Monday.</p></a></div>"
                    for k, (s, t) in enumerate(RUN))
    headed = _clean(_page(f"<div class='top-stories-promo'><h2>Top Stories</h2>{cards}</div>"))
    assert [(x.kind, x.block) for x in headed.related] == [("latest", "Top Stories")] * len(RUN)
    bare = _clean(_page(f"<div class='top-stories-promo'>{cards}</div>"))
    assert bare.related == ()


def test_the_link_in_a_list_s_heading_names_it_and_is_no_record():
    box = ("<section class='more-stories'><h2>More from this stream <a href='/news/2025/06/01/harbour-ferry-"
           "repairs-all-the-news'>Harbour ferry repairs: all the news</a></h2><ul>"
           + "".join(_li(s, t) for s, t in RUN) + "</ul></section>")
    r = _clean(_page(box))
    assert [(x.title, x.kind) for x in r.related] == [(t, "more-from") for _, t in RUN]
    assert {x.block for x in r.related} == {"More from this stream Harbour ferry repairs: all the news"}


def test_ranks_printed_beside_the_headlines_leave_the_titles():
    def ranked(items):
        return "".join(f"<li><span class='rank'>{k + 1}</span> <a href='/news/2025/07/0{k + 1}/{s}'>{t}</a></li>"
                       for k, (s, t) in enumerate(items))
    box = ("<div class='most-popular'><h2>Most Popular</h2><h3>Read</h3><ol>" + ranked(RUN) + "</ol>"
           "<h3>Watched</h3><ol>" + ranked(TABBED) + "</ol></div>")
    r = _clean(_page(box))
    assert [x.title for x in r.related] == [t for _, t in RUN] + [t for _, t in TABBED]
    # two numbered headlines are not enough to call the numbers ranks
    r = _clean(_page("<div class='most-popular'><h2>Most Popular</h2><ol>"
                     "<li><a href='/news/2025/07/01/one-a'>1 dead after storm hits the coast road</a></li>"
                     "<li><a href='/news/2025/07/02/two-b'>2 ferries cancelled as winds rise again</a></li>"
                     "</ol></div>"))
    assert [x.title for x in r.related] == ["1 dead after storm hits the coast road",
                                            "2 ferries cancelled as winds rise again"]


def test_a_paid_list_s_heading_under_a_related_heading_is_no_record():
    body = "\n\n".join([
        "Harbour ferry returns to service",
        "The harbour ferry carried its first passengers in six months on Tuesday, the operator said, after "
        "repairs to both engines were finished two weeks earlier than planned.",
        "Island shops welcomed the return of the ferry, which brings most of their goods and many of their "
        "customers in summer.",
        "More Stories", "From around the web", "© 2025 Coast Times",
    ])
    r = clean(body, kind="text")
    assert r.related == ()
    assert "From around the web" not in r.text
