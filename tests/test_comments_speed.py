"""The text thread reader's shortcuts against the code they replace, kept here as references:
`_age_when` against `_when` read for an age, and `parse_thread` against its form that read every
line's time before asking whether an entry's text stood above it."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import comments as C
from cleaner import default_rules
from cleaner.pipeline import run_lines
from cleaner.segment import segment

from .conftest import FIXTURES, NOW, text_cases

RULES = default_rules()
NOWS = (None, datetime.fromisoformat(NOW))


def _plain_age_when(text, now):
    when = C._when(text, now)
    return when if when is not None and when[0] is not None else None


def _plain_parse_thread(items, now=None):
    """parse_thread as written before: `_when` of every line that opens no entry."""
    items = [(" ".join(t.split()), r) for t, r in items]
    items = [(t, r) for t, r in items if t]
    out = []
    cur = None

    def close():
        nonlocal cur
        if cur is not None:
            rec = cur.record()
            if rec is not None:
                out.append(rec)
        cur = None

    i = 0
    n = len(items)
    while i < n:
        text, rule = items[i]
        following = items[i + 1][0] if i + 1 < n and items[i + 1][1] not in C._CLOSERS else None
        if rule == C.OTHER:
            close()
            i += 1
            continue
        if rule in C.WIDGET_RULES or C._BUTTON.fullmatch(text):
            if cur is not None and cur.lines:
                cur.closed = True
            i += 1
            continue
        head = _plain_header(text, following, now)
        if head is not None:
            close()
            author, age, pub, uses_next = head
            cur = C._Entry(author, age, pub)
            i += 2 if uses_next else 1
            while i < n and cur.age is None and cur.published is None and items[i][1] not in C._CLOSERS:
                when = C._when(items[i][0], now)
                if when is None:
                    break
                cur.age, cur.published = when
                i += 1
            continue
        when = C._when(text, now)
        if when is not None and cur is not None and cur.lines:
            if cur.age is None and cur.published is None:
                cur.age, cur.published = when
            cur.closed = True
            i += 1
            continue
        if cur is not None and not cur.closed:
            cur.lines.append(C._REPLY_MARK.sub("", text).strip())
        i += 1
    close()
    return out


def _plain_header(text, following, now):
    """_header as written before: the tails read with `_when`."""
    text = C._REPLY_MARK.sub("", text).strip()
    m = C._COMMENTER.fullmatch(text)
    if m and C._name_like(m.group("name").strip()):
        return m.group("name").strip(), None, None, False
    parts = C._SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and C._name_like(parts[0]):
        when = C._when(parts[1], now)
        if when is not None:
            return parts[0], when[0], when[1], False
    words = text.split()
    if len(words) > 1:
        digit = [C._has_digit(w) for w in words]
        for k in range(min(4, len(words) - 1), 0, -1):
            if not any(digit[-k:]):
                continue
            name = " ".join(words[:-k])
            if C._name_like(name):
                when = C._when(" ".join(words[-k:]), now)
                if when is not None and when[0] is not None:
                    return name, when[0], when[1], False
    if following is not None and C._name_like(text) and C._has_digit(following):
        when = C._when(following, now)
        if when is not None:
            return text, when[0], when[1], True
    return None


def _lines():
    out = set()
    for case in text_cases():
        for ln in (FIXTURES / case / "input.txt").read_text(encoding="utf-8").splitlines():
            words = ln.split()
            for k in range(1, 5):
                out.add(" ".join(words[-k:]))
            out.add(ln)
    return sorted(out)


TIMES = ["3 hours ago", "Mar 5", "March 5", "Mar. 5", "March 5, 2024", "5 March 2024", "vor 3 Std.",
         "November 30, 2010 at", "July 6, 2025 at 3:14 pm", "2 days ago", "Dec 12 at", "12.03.2024",
         "yesterday", "Sept 3", "Jan 32", "", "  ", "x" * 70, "May 2"]


def test_age_when_as_when_on_fixture_lines_and_tails():
    for now in NOWS:
        for text in _lines() + TIMES:
            assert C._age_when(text, now) == _plain_age_when(text, now), text


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["Mar", "March", "5", "2024,", "at", "3", "hours", "ago", "vor", "Std.", "Jan",
                                 "Dec.", "12", "1:05", "pm", "x", "Ana", "yesterday"]), max_size=5))
def test_age_when_as_when_on_word_runs(words):
    text = " ".join(words)
    for now in NOWS:
        assert C._age_when(text, now) == _plain_age_when(text, now)


def _threads():
    """Each text case's comment threads as `text_comments` hands them to parse_thread."""
    for case in text_cases():
        lines = segment((FIXTURES / case / "input.txt").read_text(encoding="utf-8"))
        removed = run_lines(lines, RULES).removed
        whole = {}
        for r in removed:
            if r.col == 1 or r.family == "comments":
                whole.setdefault(r.line, r)
        run = []
        for ln in lines:
            r = whole.get(ln.no)
            if not ln.blank and r is not None and r.text == ln.text:
                run.append((ln.text, r.rule if r.family == "comments" else C.OTHER))
        if any(rule == C.THREAD_RULE for _, rule in run):
            yield case, run


def test_parse_thread_as_plain_on_fixture_threads():
    seen = 0
    for case, run in _threads():
        for now in NOWS:
            assert C.parse_thread(run, now) == _plain_parse_thread(run, now), case
        seen += 1
    assert seen >= 3


@pytest.mark.parametrize("run", [
    [("Ana 2 hours ago", "CH310"), ("Great piece.", "CH310"), ("March 5, 2024", "CH310"), ("Reply", "CH302")],
    [("Mary T.", "CH310"), ("July 6, 2025 at 3:14 pm", "CH310"), ("Thanks!", "CH310"), ("Mar 5", "CH310"),
     ("Bob Mar 5", "CH310"), ("Me too", "CH310"), ("3 hours ago", "CH310")],
    [("3 hours ago", "CH310"), ("Text before any entry", "CH310"), ("Jo", "CH310"), ("Dec 12 at", "CH310")],
])
def test_parse_thread_as_plain_on_shapes(run):
    for now in NOWS:
        assert C.parse_thread(run, now) == _plain_parse_thread(run, now)
