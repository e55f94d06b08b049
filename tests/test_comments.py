"""Reader comments as records: `result.comments`, in the JSON contract, never in the body."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from lxml import html as lxml_html

from cleaner import Comment, clean
from cleaner.comments import html_comments, parse_thread

from .conftest import FIXTURES, NOW, html_cases, load_case, text_cases

NEWS = "comments-en-news-thread"
BLOG = "html-de-blog-kommentare"


def _clean(case: str):
    spec = load_case(case)
    path = FIXTURES / case / ("input.html" if (FIXTURES / case / "input.html").exists() else "input.txt")
    kind = "html" if path.suffix == ".html" else "text"
    return clean(path.read_bytes(), kind=kind, url=spec.get("url") or None, now=NOW)


def test_news_thread_comments_in_page_order():
    r = _clean(NEWS)
    assert r.comments == (
        Comment("Rosa Delgado", "3 hours ago", "2025-07-06",
                "Six weeks in the middle of summer is fine. Just please make sure the shuttle actually runs on time."),
        Comment("Tom Brennan", "2 hours ago", "2025-07-06",
                "The shuttle ran every ten minutes when they fixed the Mill Road bridge in 2019. It worked well."),
        Comment("Greg Paulsen", "1h", "2025-07-06",
                "Why does a wooden deck cost $410,000? Somebody should look at that contract."),
        Comment("Millbrook Public Works", "45m", "2025-07-06",
                "Greg, the price includes the steel repairs and repainting, not only the deck. The bid documents are "
                "posted on the city website."),
    )
    widgets = {x.text: x for x in r.removed}
    for w in ("18 Comments", "Log in to comment", "Sort by: Oldest", "View more comments"):
        assert widgets[w].family == "comments", w


def test_blog_thread_comments_with_nested_replies():
    r = _clean(BLOG)
    assert [(c.author, c.published) for c in r.comments] == [
        ("Ursula Brandt", "2025-07-03"), ("Jonas Reiter", "2025-07-03"),
        ("Bäckerlehrling Tim", "2025-07-04"), ("Margit", "2025-07-05")]
    assert r.comments[0].text == ("Danke für die Anleitung! Mein erster Versuch ist letztes Jahr nach drei Tagen "
                                  "geschimmelt.\n\nKann es sein, dass mein Glas zu fest verschlossen war?")
    # a reply's text is its own, never its parent's
    assert "Gut möglich" not in r.comments[0].text and r.comments[1].text.startswith("Gut möglich, Ursula.")
    assert all("Antworten" not in c.text and "sagt" not in c.author for c in r.comments)
    assert any(x.rule == "HT104" and x.text.startswith("4 Gedanken zu") for x in r.removed)


@pytest.mark.parametrize("case", sorted(c for c in text_cases() + html_cases() if load_case(c).get("comment_authors")))
def test_case_comment_authors(case):
    assert [c.author for c in _clean(case).comments] == load_case(case)["comment_authors"]


@pytest.mark.parametrize("case", text_cases() + html_cases())
def test_comments_never_in_the_body(case):
    r = _clean(case)
    for c in r.comments:
        assert c.author and c.text
        for para in c.text.split("\n\n"):
            assert para not in r.body, (case, para)


def test_contract_field_order_is_kept_and_comments_come_last():
    d = _clean(NEWS).to_dict()
    assert list(d) == ["title", "byline", "published", "body", "related", "removed", "comments"]
    assert list(d["comments"][0]) == ["author", "age", "published", "text"]


def test_comments_are_not_cleaned_again():
    r = _clean(NEWS)
    again = clean(r.text, kind="text", now=NOW)
    assert again.comments == () and again.body == r.body


def test_thread_shapes():
    items = [("2 comments:", "CH302"), ("Linda P. said...", "CH310"), ("A great tally this year!", "CH310"),
             ("December 21, 2025 at 9:02 AM", "CH310"), ("Kai schreibt:", "CH310"),
             ("Wir hatten dieses Jahr weniger Meisen.", "CH310"), ("Post a Comment", "CH303")]
    assert parse_thread(items) == [
        Comment("Linda P.", None, "2025-12-21", "A great tally this year!"),
        Comment("Kai", None, None, "Wir hatten dieses Jahr weniger Meisen."),
    ]
    # widgets alone, or a name with no text, make no record; text without an author neither
    assert parse_thread([("12 Comments", "CH302"), ("Log in to comment", "CH303"),
                         ("No comments yet", "CH303")]) == []
    assert parse_thread([("Rosa Delgado", "CH310"), ("3 hours ago", "CH310"), ("Reply", "CH303")]) == []
    assert parse_thread([("Enfin ! Je prenais ce train pour aller au lycée.", "CH310")]) == []
    # text under 'Reply' that no header opens belongs to nobody
    got = parse_thread([("Ana · 2h", "CH310"), ("Yes.", "CH310"), ("Reply", "CH303"), ("Load older posts", "CH310")])
    assert got == [Comment("Ana", "2h", None, "Yes.")]


def test_html_shapes():
    page = lxml_html.fromstring("""<div class="comments">
      <h3>2 Comments</h3>
      <div itemprop="comment" itemscope itemtype="https://schema.org/Comment">
        <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ola N.</span></span>
        <meta itemprop="dateCreated" content="2025-07-05T08:00:00Z">
        <div itemprop="text"><p>First point.</p><p>Second point.</p></div>
        <div class="comment-replies">
          <div class="c-comment"><a class="c-comment__username" href="/u/pj">pj</a>
            <span class="c-comment__time">3 hours ago</span><p>A reply.</p><button>Reply</button></div>
        </div>
      </div>
      <div class="comment"><span class="author">Nobody</span></div>
      <form class="comment-form"><p class="comment-form-author"><label>Name</label><input name="author"></p></form>
    </div>""")
    got = html_comments([page], now=None)
    assert got == (Comment("Ola N.", None, "2025-07-05", "First point.\n\nSecond point."),
                   Comment("pj", "3 hours ago", None, "A reply."))


def test_cli_comments_flag():
    path = str(FIXTURES / NEWS / "input.txt")
    run = [sys.executable, "-m", "cleaner", "clean", path, "--now", NOW]
    for fmt in ("text", "markdown"):
        off = subprocess.run(run + ["-f", fmt], capture_output=True, text=True, timeout=300)
        on = subprocess.run(run + ["-f", fmt, "--comments"], capture_output=True, text=True, timeout=300)
        assert off.returncode == on.returncode == 0
        assert "Rosa Delgado" not in off.stdout and "Comments" not in off.stdout
        assert "Rosa Delgado" in on.stdout and "Why does a wooden deck cost $410,000?" in on.stdout
        assert on.stdout.startswith(off.stdout.rstrip("\n"))
    js = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert [c["author"] for c in json.loads(js.stdout)["comments"]][:2] == ["Rosa Delgado", "Tom Brennan"]


def test_html_form_labels_buttons_and_times_are_not_comments():
    page = lxml_html.fromstring("""<section id="comments">
      <div class="comment"><div class="comment-author">Rarst · March 10, 2017 at 9:02 am</div>
        <p>One nuance is worth adding.</p></div>
      <div class="comment"><span class="username">Kim 9 days ago</span><p>Nice.</p></div>
      <div class="comment"><span class="username">Kim 9 days ago</span><p>Nice.</p></div>
      <div class="comment"><span class="author">Lee</span><p>October 27, 2011 at 5:39 AM</p><p>Agreed.</p></div>
      <div class="comment"><span class="author">null</span><p>The latest news, in your inbox.</p></div>
      <div class="comment"><a class="author">Reply</a><p>Stray text.</p></div>
      <form class="comment-form"><label class="author">Your name *</label><input name="name">
        <p class="text">More information about text formats</p></form>
    </section>""")
    assert html_comments([page], now=None) == (
        Comment("Rarst", None, "2017-03-10", "One nuance is worth adding."),
        Comment("Kim", "9 days ago", None, "Nice."),
        Comment("Lee", None, "2011-10-27", "Agreed."),
    )


# --- properties --------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_THREAD_LINE = st.one_of(
    st.sampled_from(["Mary T.", "Dan Kowalski", "↳ Jen R.", "Ellen R. · 4h", "Kai schreibt:", "Linda P. said...",
                     "2 hours ago", "vor 3 Std.", "July 6, 2025 at 3:14 pm", "Mar 5", "Reply", "12 likes",
                     "Liked by Ruth", "Antworten", "Six weeks is fine. Just make sure the shuttle runs.",
                     "Who pays for this?", "", "Agreed.", "@dan", "View more comments"]),
    st.text(max_size=60),
)
_RULE = st.sampled_from(["CH301", "CH302", "CH303", "CH310", None])


@given(st.lists(st.tuples(_THREAD_LINE, _RULE), max_size=30))
@settings(max_examples=300, deadline=None)
def test_parse_thread_never_invents(items):
    """Whatever the lines: records have an author and a text, and their text is the input's."""
    texts = {" ".join(t.split()) for t, _ in items}  # as lines are read: runs of blanks made one space
    for c in parse_thread(items):
        assert c.author.strip() and c.text
        for para in c.text.split("\n\n"):
            assert para in texts or any(para in t for t in texts)


ARTICLE = ("Council approves school budget\n"
           "The council approved the budget on Tuesday after a long debate that ran into the evening.\n"
           "Officials said the money would reach schools by the autumn term, according to a statement.\n")


@given(st.lists(_THREAD_LINE.filter(lambda t: "\n" not in t and "\r" not in t), max_size=20))
@settings(max_examples=60, deadline=None)
def test_text_comments_stay_out_of_the_body(thread):
    r = clean(ARTICLE + "12 Comments\n" + "\n".join(thread) + "\n", kind="text", now=NOW)
    for c in r.comments:
        for para in c.text.split("\n\n"):
            assert para not in r.paragraphs and (len(para) < 20 or para not in r.body)


def test_thread_guards():
    from cleaner.comments import OTHER

    # another family's line ends an entry, even one that has no text yet
    assert parse_thread([("Blackberry Curve hands-on", "CH310"), ("14 hours ago", "CH310"), ("SEE ALL", OTHER),
                         ("iPhone coming to more carriers", "CH310")]) == []
    # a bare day word is no commenter's time ('Join Today', 'Popular Right Now')
    assert parse_thread([("Join Today", "CH310"), ("CBS Sports Digital", "CH310")]) == []
    assert parse_thread([("Popular Right", "CH310"), ("Now", "CH310"), ("Alicia Powe", "CH310")]) == []
    # a date whose time the scraper lost, and an absolute date, are published dates, not ages
    assert parse_thread([("Dave says:", "CH310"), ("November 30, 2010 at", "CH310"), ("Great post.", "CH310"),
                         ("Reply", "CH303"), ("Christian", "CH310"), ("Oct 04, 2010", "CH310"),
                         ("Is the shuttle back?", "CH310")]) == [
        Comment("Dave", None, "2010-11-30", "Great post."), Comment("Christian", None, "2010-10-04", "Is the shuttle back?")]
    # a like row between two comments ends the first; the second opens anew
    assert parse_thread([("Ana · 2h", "CH310"), ("Yes.", "CH310"), ("Like · Reply · Share", OTHER),
                         ("Bo · 1h", "CH310"), ("No.", "CH310")]) == [
        Comment("Ana", "2h", None, "Yes."), Comment("Bo", "1h", None, "No.")]



def _header_before(text, following, now):
    """comments._header as written before it tested the tails' digits word by word (the reference)."""
    from cleaner import comments as c

    text = c._REPLY_MARK.sub("", text).strip()
    m = c._COMMENTER.fullmatch(text)
    if m and c._name_like(m.group("name").strip()):
        return m.group("name").strip(), None, None, False
    parts = c._SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and c._name_like(parts[0]):
        when = c._when(parts[1], now)
        if when is not None:
            return parts[0], when[0], when[1], False
    words = text.split()
    for k in range(min(4, len(words) - 1), 0, -1):
        name, tail = " ".join(words[:-k]), " ".join(words[-k:])
        if c._name_like(name) and any(ch.isdigit() for ch in tail):
            when = c._when(tail, now)
            if when is not None and when[0] is not None:
                return name, when[0], when[1], False
    if following is not None and c._name_like(text) and any(ch.isdigit() for ch in following):
        when = c._when(following, now)
        if when is not None:
            return text, when[0], when[1], True
    return None


def test_header_as_before():
    """_header asks whether a tail of words holds a digit word by word: the same entries."""
    from datetime import datetime

    from cleaner.comments import _header

    now = datetime(2025, 7, 6, 12)
    texts = ["harzwanderer_62 vor 3 Std.", "Ana 2 hours ago", "Join Today", "Popular Right Now",
             "Mary T. · July 6, 2025", "x 3", "Ellen R. 4h", "a b c d e 5 days ago", "²nd place 3h", "",
             "Linda P. said...", "Bob 12 Mar", "Reply", "Mary T."]
    for text in texts:
        for following in (None, "2 hours ago", "July 6, 2025 at 3:14 pm", "text"):
            assert _header(text, following, now) == _header_before(text, following, now), (text, following)


def _when_before(text, now):
    """comments._when as written before its length and digit shortcuts (the reference)."""
    from cleaner import comments as c
    from cleaner.ages import parse_age, published, stamp_date

    t = c._DANGLING.sub("", text.strip())
    if not t or len(t) > 60:
        return None
    delta, day = parse_age(t)
    if day is not None:
        return None, day.isoformat()
    if delta is not None:
        return t, published(t, now)
    d = stamp_date(t)
    if d is not None:
        return None, d.isoformat()
    m = c._MONTH_DAY.fullmatch(t)
    if m and (m.group("mon") or m.group("mon2")).lower().rstrip(".") in c._MONTHS:
        return t, None
    return None


def test_when_as_before():
    from datetime import datetime

    from cleaner.comments import _when

    now = datetime(2025, 7, 6, 12)
    texts = ["2 hours ago", "November 30, 2010 at", "Mar 5", "yesterday", "December 21, 2025 at 9:02 AM",
             "5 de julio de 2025 a las", "x" * 58 + " a las", "x" * 60 + " a las", "x" * 61 + " a las",
             "x" * 55 + " 2 hours ago", "A comment of some length that says nothing about time at all, really.",
             "  3 Std.  ", "", " at", "heute um", "12.11.2025, 17:45 Uhr"]
    for path in sorted(FIXTURES.glob("*/input.txt"))[:80]:
        texts += [ln for ln in path.read_text(encoding="utf-8").splitlines()[:200]]
    for text in texts:
        assert _when(text, now) == _when_before(text, now), text
