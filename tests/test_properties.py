"""Invariants, checked with hypothesis: never raises, idempotent, nothing invented."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean

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


@settings(max_examples=400, deadline=None)
@given(st.one_of(DOC, st.text()))
def test_every_paragraph_comes_from_one_input_line(doc):
    r = clean(doc, kind="text")
    lines = [_WORD.findall(ln) for ln in doc.replace("\r", "\n").split("\n")]
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
    lines = doc.split("\n")
    for rem in clean(doc, kind="text").removed:
        assert lines[rem.line - 1][rem.col - 1:].startswith(rem.text)
