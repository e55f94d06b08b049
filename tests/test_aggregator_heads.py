"""Aggregator page heads and feeds, on small dumps written for these tests: the publisher's label
over a headline, the source and age lines under it, a site name standing first on a short dump,
sponsored cards inside a related feed, parenthesised photo credits, AI-summary notices."""

from __future__ import annotations

from cleaner import clean, default_rules
from cleaner.ages import is_age
from cleaner.inline import find_cuts
from cleaner.segment import segment
from cleaner.title import headline_before, source_age_lines

NOW = "2025-07-06T12:00"
RULES = default_rules()

PARAS = [
    "The council voted on Tuesday to reopen the old ferry landing, which has been closed since a storm "
    "damaged its pilings two winters ago, and work should start in the spring.",
    "Repairs will cost about 1.2 million pounds, most of it from a regional fund, the council's finance "
    "officer told the meeting, and the first crossing is planned for the autumn.",
    "Residents who had to drive around the estuary for two years said the decision was long overdue, and "
    "several thanked the crews who kept the old boat in working order.",
]


def _page(head: list[str], tail: list[str] = ()) -> str:
    return "\n".join(head + PARAS + list(tail)) + "\n"


def test_publisher_label_named_by_the_age_line_is_not_the_headline():
    text = _page(["Reader", "Sign in", "Follow", "Estuary Weekly Courier",
                  "Ferry landing to reopen after two years of repairs",
                  "Estuary Weekly Courier · 4h"])
    lines = segment(text)
    lede = next(i for i, ln in enumerate(lines) if ln.text == PARAS[0])
    j = headline_before(lines, lede, set(), RULES)
    assert lines[j].text == "Ferry landing to reopen after two years of repairs"


def test_headline_signed_by_a_byline_over_a_deck_is_still_the_headline():
    # a deck (standfirst) between headline and byline must not take the headline's place
    text = _page(["Ferry landing to reopen after two years of repairs",
                  "A small crossing that mattered more than anyone thought, and the people who kept it going",
                  "By Jane Doe"])
    lines = segment(text)
    lede = next(i for i, ln in enumerate(lines) if ln.text == PARAS[0])
    assert headline_before(lines, lede, set(), RULES) == 0


def test_source_and_age_under_the_headline_are_its_dateline():
    lines = segment("Ferry landing to reopen\nHarbor Ledger\n2 days ago\n" + PARAS[0] + "\n")
    assert source_age_lines(lines, 0, RULES) == [1, 2]
    lines = segment("Ferry landing to reopen\nValley Farm Report\nStory by Jane Doe • 6h\n" + PARAS[0] + "\n")
    assert source_age_lines(lines, 0, RULES) == [1, 2]
    # only the run right under the headline: a line of text before the age ends it
    lines = segment("Ferry landing to reopen\nWhat changes\nWhat changes\nHome\n2 days ago\n" + PARAS[0] + "\n")
    assert source_age_lines(lines, 0, RULES) == []
    # age lines far below the headline (a related list) are not the article's
    lines = segment("Ferry landing to reopen\n" + "\n".join(PARAS) + "\nHarbor Ledger\n2 days ago\n")
    assert source_age_lines(lines, 0, RULES) == []


def test_site_name_first_on_a_short_dump_gives_way_to_a_signed_headline():
    r = clean(_page(["Daily8", "Follow", "Ferry landing to reopen after two years of repairs",
                     "Harbor Ledger", "2 days ago"]), kind="text", now=NOW)
    assert r.title == "Ferry landing to reopen after two years of repairs"
    assert r.paragraphs == tuple(PARAS)
    # without a date or byline under it, a short first line stays the title (a tidy page)
    r = clean("Ferry landing\n\n" + "\n\n".join(PARAS) + "\n", kind="text", now=NOW)
    assert r.title == "Ferry landing" and r.removed == ()


def test_abbreviated_age_units():
    assert is_age("vor 4 Std.") and is_age("il y a 2 j.") and is_age("hace 4 h")
    assert not is_age("vor 4 Std. 12")


FEED = [
    "More for You",
    "Utility proposes 9% rate increase for summer months",
    "Northfield Courier · 5 hours ago",
    "The company says higher wholesale prices and grid upgrades are behind the request.",
    "Sponsored",
    "Ad · Brightwave Solar",
    "Homeowners are switching to solar at record rates. See what you could save.",
    "City council delays vote on building electrification ordinance",
    "Metro Daily Post · 1 day ago",
    "Council members asked staff for more data on costs to small businesses.",
]


def test_related_feed_goes_on_past_a_sponsored_card():
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "By Jane Doe"], FEED),
              kind="text", now=NOW)
    assert [x.title for x in r.related] == ["Utility proposes 9% rate increase for summer months",
                                             "City council delays vote on building electrification ordinance"]
    assert r.related[0].summary.startswith("The company says")
    assert "Homeowners" not in r.body and "Brightwave" not in r.body
    assert r.paragraphs == tuple(PARAS)


def test_trailing_ad_copy_is_not_a_related_record():
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "By Jane Doe"],
                    FEED[:4] + ["Anzeige · Stadtwerke Nord", "Jetzt Ökostrom-Tarif sichern und 100 € Bonus erhalten"]),
              kind="text", now=NOW)
    assert [x.title for x in r.related] == ["Utility proposes 9% rate increase for summer months"]
    assert "Ökostrom" not in r.body


def test_ad_label_over_a_long_paragraph_keeps_the_paragraph():
    long = ("The state commission approved the new rebate on Tuesday after a long public hearing in which "
            "dozens of residents, installers and landlords spoke for and against the plan.")
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "By Jane Doe", "Ad · Brightwave Solar", long]),
              kind="text", now=NOW)
    assert long in r.body


def test_parenthesised_credits_go_and_datelines_stay():
    def cut(text: str) -> list[str]:
        return [text[c.start:c.end].strip() for c in find_cuts(text, RULES)]
    assert cut("A worker empties a crate of olives in December. (EFE/Rafael Montes)")
    assert cut("A bear on the overpass, March 3. (State Wildlife Department via AP)")
    assert cut("WASHINGTON (AP) — The Senate voted on Tuesday to extend the program.") == []
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "By Jane Doe", "(AFP / Jean-Luc Roche)"]),
              kind="text", now=NOW)
    assert "Roche" not in r.body


def test_ai_summary_notices_go_but_prose_about_ai_stays():
    prose = "The summary was written with AI help, the agency admitted after complaints from readers."
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "By Jane Doe",
                     "The summary below was written with AI from 32 sources."], [prose]),
              kind="text", now=NOW)
    assert "summary below" not in r.body
    assert prose in r.body


def test_story_by_line_with_an_age_is_the_byline_and_the_source_above_it_goes():
    """MSN-style head: 'Outlet' / 'Story by Jane Doe • 6h' under the headline: the name is the
    byline (MD101) and the outlet's label above it leaves the body (MD103)."""
    doc = "\n".join(["Ferry landing to reopen after storm repairs", "Harbour Courier",
                     "Story by Jane Doe • 6h", *PARAS]) + "\n"
    r = clean(doc, kind="text", now=NOW)
    assert r.byline == "Jane Doe"
    assert "Harbour Courier" not in r.body and "Story by" not in r.body
    assert list(r.paragraphs) == PARAS
    rules = {x.text: x.rule for x in r.removed}
    assert rules["Story by Jane Doe • 6h"] == "MD101" and rules["Harbour Courier"] == "MD103"
    assert clean(r.text, kind="text", now=NOW).text == r.text


def test_a_long_run_of_ages_under_the_headline_is_stable():
    """Source and age pairs repeated under the headline are a feed, not one dateline: cleaning
    takes none or all of them, never the first few (a second cleaning would take the next)."""
    run = ["Harbour Courier", "3 hours ago"] * 4
    doc = "\n".join(["Ferry landing to reopen after storm repairs", *run, *PARAS]) + "\n"
    first = clean(doc, kind="text", now=NOW)
    assert list(first.paragraphs)[-len(PARAS):] == PARAS
    assert clean(first.text, kind="text", now=NOW).text == first.text


def test_a_label_between_a_records_meta_and_its_title_joins_the_record():
    """A coverage list: 'Source · age' / a bias or section label / title / summary. The label is
    part of the record (not its title), and the meta line names the source, not a tab above it."""
    coverage = ["All", "Left", "Right",
                "Coastal Times · 2h", "Lean Left", "Ferry operator warns of delays on the northern route",
                "The operator said two boats would be in dry dock until May.",
                "Valley Courier · 5h", "State budget adds money for island ferry services",
                "Lawmakers approved the plan late on Thursday after a long debate."]
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "By Jane Doe"], coverage),
              kind="text", now=NOW)
    assert [(x.title, x.source) for x in r.related] == [
        ("Ferry operator warns of delays on the northern route", "Coastal Times"),
        ("State budget adds money for island ferry services", "Valley Courier")]
    assert "Lean Left" not in r.body
    assert r.paragraphs == tuple(PARAS)


def test_datelines_written_as_ages_go_under_the_headline():
    r = clean(_page(["Ferry landing to reopen after two years of repairs",
                     "Published 8 hours ago · Updated 2 hours ago"]), kind="text", now=NOW)
    assert r.title == "Ferry landing to reopen after two years of repairs"
    assert r.paragraphs == tuple(PARAS)
    assert any(x.rule == "MD103" and x.text.startswith("Published 8 hours ago") for x in r.removed)


def test_the_age_under_the_headline_dates_the_story_when_now_is_known():
    page = _page(["Ferry landing to reopen after two years of repairs", "Harbor Ledger", "2 days ago"])
    assert clean(page, kind="text", now=NOW).published == "2025-07-04"
    assert clean(page, kind="text").published is None  # no clock, no date


def test_a_bare_name_over_a_dated_stamp_is_the_byline():
    """'Theo Marsh' / 'Sat, July 5, 2025 at 9:41 AM EDT' under the headline: the byline (Yahoo, many
    European sites). An outlet's name over an age ('Harbor Ledger' / '2 days ago') stays the source."""
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "Theo Marsh",
                     "Sat, July 5, 2025 at 9:41 AM EDT"]), kind="text", now=NOW)
    assert (r.byline, r.published) == ("Theo Marsh", "2025-07-05")
    assert r.paragraphs == tuple(PARAS)
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "Harbor Ledger", "2 days ago"]),
              kind="text", now=NOW)
    assert r.byline is None and r.paragraphs == tuple(PARAS)
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "By Carla Benning Staff writer"]),
              kind="text", now=NOW)
    assert r.byline == "Carla Benning"


def test_an_outlet_over_the_byline_and_date_goes_with_them():
    """'Northfield Times' / 'Rachel Obuya' / 'Wed, June 18, 2025 at 3:42 PM' (Yahoo, MSN): the
    outlet's name over the head's byline and date is the publisher's label, not a paragraph."""
    r = clean(_page(["Ferry landing to reopen after two years of repairs", "Northfield Times", "Rachel Obuya",
                     "Wed, June 18, 2025 at 3:42 PM"]), kind="text", now=NOW)
    assert (r.byline, r.published) == ("Rachel Obuya", "2025-06-18")
    assert r.paragraphs == tuple(PARAS)
    assert any(x.rule == "MD103" and x.text == "Northfield Times" for x in r.removed)
