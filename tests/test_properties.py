"""Invariants, checked with hypothesis: never raises, idempotent, nothing invented."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean
from cleaner.repair import normalize

# Lines of the kinds real dumps are made of, so that rules and zones actually fire.
PROSE = st.sampled_from([
    "The council approved the budget on Tuesday after a long debate that ran into the evening.",
    "Officials said the money would reach schools by the autumn term, according to a statement.",
    "'We are pleased,' the mayor said . 'This is a good day for the city.'",
    "Kim and Putin attend a state reception in Pyongyang on June 19, 2024. | Reuters He said more talks would follow in the spring.",
    "Reuters reported the figures on Monday, citing two people familiar with the matter.",
    "Comments on the proposal closed Friday, and the board will vote next month.",
    "The #MeToo movement changed how the company handled complaints, staff said.",
])
CHROME = st.sampled_from([
    "Advertisement", "Share", "Comments", "No comments yet...", "Related Articles", "Hashtags",
    "#Budget #Schools", "Try Our AI Features", "Sign up for our newsletter", "Home", "Menu",
    "We use cookies to improve your experience.", "Accept all", "Sputnik / via REUTERS",
    "A man walks past a shop in Kyiv on Monday. |", "© 2025 The Daily Ledger", "Read more",
    "Tags", "Reuters", "Facebook", "3 hours ago", "2h", "Japan Times", "- Japan Times",
    "More for You", "Most Read", "Sponsored",
])
TITLE = st.sampled_from(["Council approves school budget", "Markets slide as tariffs loom",
                         "Under pressure, the board weighs its options", "Why the harbour matters"])
LINE = st.one_of(PROSE, CHROME, TITLE, st.just(""))
DOC = st.lists(LINE, min_size=0, max_size=30).map("\n".join)

_WORD = re.compile(r"\w+")


def _subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(w == h for h in it) for w in needle)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_on_any_string(s):
    r = clean(s, kind="text")
    assert isinstance(r.body, str)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_bytes_give_a_result_or_a_clear_error(b):
    from cleaner.errors import CleanerError

    try:
        clean(b, kind="text")
    except CleanerError:
        pass


@settings(max_examples=400, deadline=None)
@given(DOC)
def test_idempotent(doc):
    first = clean(doc, kind="text")
    second = clean(first.text, kind="text")
    assert second.text == first.text
    if first.title is not None:
        assert (second.title, second.body) == (first.title, first.body)
    assert second.removed == ()


def test_idempotent_when_the_title_is_found_late():
    """The first line is a caption with the lede after it: once the caption is cut, the lede is
    the title, and the date under the next line is the article's date on the first pass too."""
    doc = ("President Smith speaks in Washington, Jan. 5, 2025. (AP Photo/Jane Doe) The talks resume "
           "Monday.\n\nMarkets slide as tariffs loom | Daily Ledger\nJul 5, 2025\n")
    first = clean(doc, kind="text")
    assert first.title == "The talks resume Monday."
    assert first.published == "2025-07-05"
    assert "Jul 5, 2025" not in first.body
    second = clean(first.text, kind="text")
    assert second.text == first.text and second.removed == ()


def test_head_reads_lines_as_the_inline_rules_leave_them():
    """A caption cut from the lede leaves a short line: the byline under it is still in the head
    (on a second reading it would be), so the first pass takes it too."""
    doc = ("Markets slide as tariffs loom | Daily Ledger\nKim and Putin attend a state reception in "
           "Pyongyang on June 19, 2024. | Reuters He said more talks would follow.\n"
           "The vote was close. Both sides claimed victory.\nBy Jane Doe\n"
           "Turnout was the highest in a decade, officials said after the count ended.\n")
    first = clean(doc, kind="text")
    assert first.byline == "Jane Doe"
    second = clean(first.text, kind="text")
    assert second.text == first.text and second.removed == ()


def _stable(doc: str):
    first = clean(doc, kind="text")
    second = clean(first.text, kind="text")
    assert second.text == first.text and second.removed == ()
    return first


def test_a_zone_heading_is_never_the_title():
    """'Related articles' on the first line heads a list; the headline is found elsewhere and
    the heading goes with its records, on the first pass as on the second."""
    first = _stable("Articles liés\nCouncil approves school budget\nMarkets slide as tariffs loom | Daily Ledger\n\n"
                    "The council approved the budget on Tuesday after a long debate that ran into the evening.\n")
    assert first.title != "Articles liés"
    assert "Articles liés" not in first.text
    assert any(r.rule == "RL101" and r.text == "Articles liés" for r in first.removed)


def test_a_caption_taken_whole_is_no_headline():
    """A caption line (all caption and credit, CH403) above a junk first line that reads as a
    site name: the caption never stands in for the headline (MD104), as it is gone on a second
    pass."""
    first = _stable("A man walks past a destroyed building in Kharkiv, July 3, 2025. REUTERS/Jane Doe/File Photo\n"
                    "¾()¦®~£\n\n3 hours ago\nhttps://example.com/a/b?c=d\n"
                    "Café owners said the éclair prices rose 5%, the ministry said.\n\n"
                    "Markets slide as tariffs loom | Daily Ledger\n"
                    "The council approved the budget on Tuesday after a long debate that ran into the evening.\n"
                    "In this article:\n")
    assert "Kharkiv" not in (first.title or "") and "Kharkiv" not in first.text
    assert any(r.rule == "CH403" for r in first.removed)


def test_zone_records_are_read_as_the_inline_rules_leave_them():
    """A most-read record whose line starts with a caption: the zone reads the line without it,
    as a second cleaning would, and takes the record on the first pass."""
    first = _stable("Le conseil municipal a adopté le budget mardi soir après un long débat qui a duré.\n"
                    "Most popular\n2h\nPresident Smith speaks in Washington, Jan. 5, 2025. (AP Photo/Jane Doe) "
                    "The talks resume Monday.\n")
    assert "Most popular" not in first.text and "The talks resume Monday." not in first.text
    gone = {r.rule for r in first.removed}
    assert {"RL102", "RL112"} <= gone


def test_a_credit_left_under_a_late_title_goes():
    """The title is found late (a caption cut from the first line leaves a headline): a bare
    credit that then stands alone under it goes on the first pass, as the second would take it."""
    first = _stable("\nPresident Smith speaks in Washington, Jan. 5, 2025. (AP Photo/Jane Doe) The talks resume Monday.\n"
                    "Reuters\n3 hours ago\n")
    assert first.title == "The talks resume Monday."
    assert first.paragraphs == ()
    assert any(r.rule == "CH405" and r.text == "Reuters" for r in first.removed)


def test_related_list_under_a_late_title_goes_with_its_records():
    """Under a late title, a related heading whose record is followed by a byline and chrome:
    the list goes (its record reported as a related article), as it would on a second pass."""
    first = _stable("President Smith speaks in Washington, Jan. 5, 2025. (AP Photo/Jane Doe) The talks resume Monday.\n\n"
                    "Related topics\n\n\n\nBy Jane Doe and John Smith\n\nCouncil approves school budget\n\n\n\n"
                    "The vote was close. Both sides claimed victory.\n\n5 min read\n\nReuters\n\n"
                    "Le conseil municipal a adopté le budget mardi soir après un long débat.\n\n"
                    "Café owners said the éclair prices rose 5%, the ministry said.\n")
    assert "Related topics" not in first.text
    assert "Council approves school budget" in [r.title for r in first.related]


def test_source_and_age_under_the_headline_go_once_garbage_between_them_goes():
    """Junk between the headline and its source/age lines is removed late (it is no text of the
    page); the source and age lines then stand right under the headline and go too (MD103)."""
    first = _stable("\nJul 5, 2025\nJul 5, 2025\n*¼\x07\x86\n\nJul 5, 2025\n\nWhy the harbour matters\nhace 5 horas\n\n"
                    "وافق المجلس البلدي على الميزانية يوم الثلاثاء بعد نقاش طويل.\nJul 5, 2025\n\n")
    assert "hace 5 horas" not in first.text


def test_an_age_line_is_never_the_title():
    """'Japan Times · 3h' first in the page, or left first once a caption is cut: a dateline,
    never the headline, on the first pass as on the second."""
    first = _stable("Japan Times · 3h\nWhy the harbour matters\n\nJapan Times · 3h\n \n"
                    "President Smith speaks in Washington, Jan. 5, 2025. (AP Photo/Jane Doe) The talks resume Monday.\n"
                    "Le conseil municipal a adopté le budget mardi soir après un long débat.\n3 hours ago\n")
    assert first.title == "Why the harbour matters"
    first = _stable("9999 years ago\n\nPresident Smith speaks in Washington, Jan. 5, 2025. (AP Photo/Jane Doe) "
                    "The talks resume Monday.\n")
    assert first.title == "The talks resume Monday."


def test_chrome_labels_are_never_the_title():
    """A hashtag heading, a related list's heading, a '- Source' mark or an ad label standing
    first is no headline; the site-name logic (MD104) never has to replace it on a second pass."""
    body = ("Under pressure, the board weighs its options\nvor 3 Stunden\n"
            "The council approved the budget on Tuesday after a long debate that ran into the evening.\n")
    for label in ("Tags", "Más columnas de Marta Echeverría", "- Japan Times", "Sponsorisé · Maisons Drômoises"):
        first = _stable(label + "\n" + body)
        assert first.title != label, label


def test_source_and_age_lines_are_read_after_cuts():
    """Under the headline, a caption ending in its credit, then the source's name, then the age:
    once the caption is cut, name and age are the aggregator's dateline (MD103) on the first
    pass too, and a date written out ('Jul 5, 2025') standing first is never the title."""
    first = _stable("Markets slide as tariffs loom\nPresident Smith speaks in Washington, Jan. 5, 2025. "
                    "(AP Photo/Jane Doe) Harbor Ledger\nil y a 2 jours\n"
                    "The council approved the budget on Tuesday after a long debate that ran into the evening.\n")
    assert first.paragraphs == ("The council approved the budget on Tuesday after a long debate that ran into the evening.",)
    first = _stable("Jul 5, 2025\nWhy the harbour matters\n"
                    "The council approved the budget on Tuesday after a long debate that ran into the evening.\n")
    assert first.title == "Why the harbour matters"


@settings(max_examples=400, deadline=None)
@given(st.one_of(DOC, st.text()))
def test_every_paragraph_comes_from_one_input_line(doc):
    r = clean(doc, kind="text")
    # (the output is written in NFC without invisible characters: compare with lines so written)
    lines = [_WORD.findall(normalize(ln)) for ln in doc.replace("\r", "\n").split("\n")]
    for p in r.paragraphs:
        words = _WORD.findall(p)
        assert any(_subsequence(words, ln) for ln in lines), p


@settings(max_examples=200, deadline=None)
@given(DOC)
def test_deterministic(doc):
    assert clean(doc, kind="text") == clean(doc, kind="text")


@settings(max_examples=200, deadline=None)
@given(DOC)
def test_removals_point_at_their_text(doc):
    _point_at_their_text(doc)


def _point_at_their_text(doc: str) -> None:
    # Runs of blanks inside a line read as one space (as rules and output see them).
    lines = doc.split("\n")
    for rem in clean(doc, kind="text").removed:
        assert " ".join(lines[rem.line - 1][rem.col - 1:].split()).startswith(rem.text)
        assert not lines[rem.line - 1][rem.col - 1].isspace()


def test_runs_of_blanks_read_as_one_space():
    """'Share  this' with two spaces is still a share prompt; a caption cut after a run of spaces
    still points at its own column."""
    doc = ("Council approves school budget\n\nThe council approved the budget on Tuesday after a long "
           "debate, officials said.\n\nShare  this\tarticle\n\nThe mayor  spoke   first. People "
           "gather outside city hall in April.   | Reuters The vote was close, and both sides claimed it.\n")
    r = clean(doc, kind="text")
    assert "Share this article" in [x.text for x in r.removed]
    assert "The mayor spoke first. The vote was close, and both sides claimed it." in r.paragraphs
    _point_at_their_text(doc)
    caption = next(x for x in r.removed if x.rule.startswith("CH4"))
    assert doc.split("\n")[caption.line - 1][caption.col - 1:].startswith("People gather")


# --- robustness properties: any text, tokens, determinism across processes ---------------

import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from cleaner.errors import CleanerError  # noqa: E402

# Unicode with everything hypothesis can draw: surrogates, controls, bidi marks, line separators.
ANY_CHAR = st.characters(codec=None)
NASTY = st.sampled_from(["\x00", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u200b", "\ufeff",
                         "\u202e", "\u200f", "\u0301", "\ud800", "|", " | ", "·", "…", "\t", "\u00a0", "#"])
MIXED = st.lists(st.one_of(LINE, st.text(ANY_CHAR, max_size=30), NASTY), max_size=30).map(
    lambda parts: "\n".join(parts))


def _tokens(s: str) -> set[str]:
    return set(_WORD.findall(s))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(ANY_CHAR), MIXED))
def test_never_raises_on_any_unicode(s):
    r = clean(s, kind="text")
    assert isinstance(r.text, str)
    r.to_dict()


@settings(max_examples=150, deadline=None)
@given(st.one_of(DOC, MIXED).flatmap(lambda d: st.sampled_from(
    ["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "gb18030"]).map(lambda e: d.encode(e, "replace"))))
def test_encoded_text_gives_a_result_or_a_clear_error(data):
    try:
        clean(data, kind="text")
    except CleanerError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.one_of(DOC, MIXED, st.text()))
def test_output_tokens_are_input_tokens(doc):
    """Nothing is invented: every word of the title, byline, body and related records is a word
    of the input (written, as the output is, in NFC without invisible characters)."""
    r = clean(doc, kind="text")
    have = _tokens(doc) | _tokens(normalize(doc))
    out = [r.text, r.byline or ""]
    for rel in r.related:
        out += [rel.title or "", rel.source or "", rel.summary or "", rel.url or ""]
    for rem in r.removed:
        out.append(rem.text)
    invented = set().union(*(_tokens(o) for o in out)) - have
    assert not invented


# A fixed corpus of documents for the cross-process check, drawn once with a fixed seed.
def _corpus() -> list[str]:
    import random

    rng = random.Random(20250706)
    pool = list(PROSE.elements) + list(CHROME.elements) + list(TITLE.elements) + ["", "", "\u200f", "e\u0301 👩‍🍳"]
    docs = ["\n".join(rng.choice(pool) for _ in range(rng.randint(0, 40))) for _ in range(150)]
    return docs


_WORKER = """
import json, sys
from cleaner import clean
docs = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps([clean(d, kind="text", now="2025-07-06T12:00").to_dict() for d in docs], sort_keys=True))
"""


def test_deterministic_across_processes(tmp_path):
    """Two interpreters with different hash seeds produce byte-identical results (no set or dict
    order leaks into the output), equal to this process's."""
    docs = _corpus()
    path = tmp_path / "docs.json"
    path.write_text(json.dumps(docs), encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    outs = []
    for hashseed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        p = subprocess.run([sys.executable, "-c", _WORKER, str(path)], capture_output=True, env=env,
                           cwd=root, timeout=300)
        assert p.returncode == 0, p.stderr.decode()[-2000:]
        outs.append(p.stdout)
    assert outs[0] == outs[1]
    here = json.dumps([clean(d, kind="text", now="2025-07-06T12:00").to_dict() for d in docs], sort_keys=True)
    assert json.loads(outs[0]) == json.loads(here)


def test_idempotent_when_the_headline_under_a_site_name_is_as_short_as_one():
    # (fuzz case: a first line taken as the site's name gave way to a headline that a second
    # reading took as the site's name in turn)
    doc = "Ø\nh\U00074ec7äp5¢ÿ982\"Ü\nm and Putin a\ne\n3h\ny the autumn term, according to a statement."
    r = clean(doc)
    assert clean(r.text).text == r.text
