"""Reader comments as records: `Comment(author, age, published, text)` in page order.

The comment section is still removed from the body (CH3xx, HT104: every removal is reported);
this stage reads what was removed there into records, for those who want the comments apart.

Text dumps: the runs of lines the comment rules removed (a thread must hold CH310 lines, so a lone
'12 Comments' widget gives nothing) are read entry by entry. An entry opens with its author:

    Linda P. said...            a commenter line ('says:', 'schreibt:', 'a écrit :')
    Ellen R. · 4h               a name and an age or a date on one line
    harzwanderer_62 vor 3 Std.
    Mary T.                     a short name over an age or a date line
    2 hours ago

and its text runs to the next entry or to widget text (Reply, Report, 'View more comments'). A date
line after the text (Blogger's 'December 21, 2025 at 9:02 AM') dates the entry above it.

HTML: the comment containers (HT104) are read item by item: an element marked as a comment (class
or id 'comment', schema.org Comment, a list item of a comment list) that holds an author element
(class author/fn/username/..., itemprop author); its text is in its content element (class
content/text/body/message, itemprop text) or its paragraphs, its date in a <time> or a date-classed
element. Replies nested in a comment are records of their own, in page order.

An entry without an author or without text is not a record (the cautious answer: nothing).
"""

from __future__ import annotations

import re
from dataclasses import replace
from operator import attrgetter
from datetime import datetime
from typing import Iterable, Sequence

from .ages import _MONTHS, parse_age, published as age_published, stamp_date
from .model import Comment, Result, Removal
from .segment import Line

# Removals that are the widget around comments, not their text: they end an entry's text.
WIDGET_RULES = frozenset({"CH301", "CH302", "CH303"})
THREAD_RULE = "CH310"
_RULE = attrgetter("rule")
OTHER = "other"  # a line another family's rule removed inside a thread: it only ends the entry above
_CLOSERS = WIDGET_RULES | {OTHER}

_COMMENTER = re.compile(
    r"(?P<name>[^\s].{0,59}?)\s(?:says|said|wrote|schreibt|schrieb|sagt|écrit|a écrit|dit|dice|escribió|"
    r"scrive|ha scritto|zegt|schreef)\s?(?:\.\.\.|…|:)?",
    re.IGNORECASE,
)
_BUTTON = re.compile(
    r"(?:reply|replies|\d+\s(?:replies|likes?)|like|likes|report|share|flag|upvote|downvote|"
    r"antworten|melden|empfehlen|teilen|répondre|signaler|responder|denunciar|rispondi|segnala|reageer|"
    r"in reply to .{1,60}|antwort auf .{1,60}|en réponse à .{1,60}|liked by .{1,60}|@\S{1,40})(?:\s?[·•|]\s?\S.{0,30})?\W*",
    re.IGNORECASE,
)
# 'Name · 4h', 'Name | July 6, 2025', 'Name - 2 hours ago'
_SPLIT = re.compile(r"\s(?:·|•|\||–|—|-)\s")
_REPLY_MARK = re.compile(r"^(?:↳|└|»|>|re:)\s*", re.IGNORECASE)
_MONTH_DAY = re.compile(r"(?P<mon>[^\W\d_]{3,10})\.?\s(?P<d>\d{1,2})|(?P<d2>\d{1,2})\.?\s(?P<mon2>[^\W\d_]{3,10})\.?")
_DANGLING = re.compile(r"\s(?:at|um|à|a las|alle|às|om|kl\.?)$", re.IGNORECASE)
# What _DANGLING takes off a line at most: ' a las'.
_DANGLING_MAX_CHARS = 6
# A time line is short.
WHEN_MAX_CHARS = 60
NAME_MAX_CHARS = 40
NAME_MAX_WORDS = 4
_NAME_END = re.compile(r"(?:[.!?:;,]|\.\.\.|…)$")
_INITIAL_END = re.compile(r"(?:^|\s)\w\.$")


def _name_like(text: str) -> bool:
    """A commenter's name or handle: short, a few words, not a sentence."""
    if not text or len(text) > NAME_MAX_CHARS or len(text.split()) > NAME_MAX_WORDS:
        return False
    if _NAME_END.search(text) and not _INITIAL_END.search(text):
        return False
    if not any(map(str.isalpha, text)):
        return False
    return not _BUTTON.fullmatch(text)


def _when(text: str, now: datetime | None) -> tuple[str | None, str | None] | None:
    """(age, published) of a time line: a relative age ('2 hours ago') or a date; None if neither."""
    t = text.strip()
    if len(t) > WHEN_MAX_CHARS + _DANGLING_MAX_CHARS:  # (too long even without a dangling word)
        return None
    t = _DANGLING.sub("", t)  # 'November 30, 2010 at' (the time lost by the scraper)
    if not t or len(t) > WHEN_MAX_CHARS:
        return None
    delta, day = parse_age(t)
    if day is not None:  # an absolute date is no age: its ISO date is published
        return None, day.isoformat()
    if delta is not None:
        return t, age_published(t, now)
    d = stamp_date(t)
    if d is not None:
        return None, d.isoformat()
    m = _MONTH_DAY.fullmatch(t)
    if m and (m.group("mon") or m.group("mon2")).lower().rstrip(".") in _MONTHS:
        return t, None  # 'Mar 5': a date without its year, shown as it stands
    return None


def _age_when(text: str, now: datetime | None) -> tuple[str, str | None] | None:
    """`_when(text, now)` when it gives an age (a relative age, or a month and day without the
    year), else None: the same steps, except that `stamp_date` is asked only of a line that
    reads as a month and day (elsewhere a dated stamp and no time line at all both give None)."""
    t = text.strip()
    if len(t) > WHEN_MAX_CHARS + _DANGLING_MAX_CHARS:
        return None
    t = _DANGLING.sub("", t)
    if not t or len(t) > WHEN_MAX_CHARS:
        return None
    delta, day = parse_age(t)
    if day is not None:
        return None
    if delta is not None:
        return t, age_published(t, now)
    m = _MONTH_DAY.fullmatch(t)
    if m and (m.group("mon") or m.group("mon2")).lower().rstrip(".") in _MONTHS and stamp_date(t) is None:
        return t, None
    return None


def _header(text: str, following: str | None, now: datetime | None):
    """(author, age, published, uses the next line) if `text` opens an entry, else None."""
    text = _REPLY_MARK.sub("", text).strip()
    m = _COMMENTER.fullmatch(text)
    if m and _name_like(m.group("name").strip()):
        return m.group("name").strip(), None, None, False
    parts = _SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and _name_like(parts[0]):
        when = _when(parts[1], now)
        if when is not None:
            return parts[0], when[0], when[1], False
    words = text.split()
    if len(words) > 1:
        # a tail of words holds a digit when one of its words does (the spaces between hold none)
        digit = [_has_digit(w) for w in words]
        for k in range(min(4, len(words) - 1), 0, -1):  # 'harzwanderer_62 vor 3 Std.', 'Ana 2 hours ago': longest age first
            if not any(digit[-k:]):  # 'Join Today', 'Popular Right Now' are no entries
                continue
            name = " ".join(words[:-k])
            if _name_like(name):
                when = _age_when(" ".join(words[-k:]), now)
                if when is not None:
                    return name, when[0], when[1], False
    if following is not None and _name_like(text) and _has_digit(following):
        when = _when(following, now)
        if when is not None:
            return text, when[0], when[1], True
    return None


def _has_digit(text: str) -> bool:
    return any(map(str.isdigit, text))


class _Entry:
    __slots__ = ("author", "age", "published", "lines", "closed")

    def __init__(self, author: str, age: str | None, published: str | None):
        self.author, self.age, self.published = author, age, published
        self.lines: list[str] = []
        self.closed = False

    def record(self) -> Comment | None:
        if not any(ch.isalnum() for line in self.lines for ch in line):
            return None
        return Comment(author=self.author, age=self.age, published=self.published, text="\n\n".join(self.lines))


def parse_thread(items: Sequence[tuple[str, str | None]], now: datetime | None = None) -> list[Comment]:
    """Comments from a thread's lines, each (text, the rule that removed it or None), in order."""
    items = [(" ".join(t.split()), r) for t, r in items]
    items = [(t, r) for t, r in items if t]
    out: list[Comment] = []
    cur: _Entry | None = None

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
        following = items[i + 1][0] if i + 1 < n and items[i + 1][1] not in _CLOSERS else None
        if rule == OTHER:  # another family's line (a menu, a related list): no entry goes on past it
            close()
            i += 1
            continue
        if rule in WIDGET_RULES or _BUTTON.fullmatch(text):
            if cur is not None and cur.lines:  # 'Reply' under the text ends it; 'Liked by' above it does not
                cur.closed = True
            i += 1
            continue
        head = _header(text, following, now)
        if head is not None:
            close()
            author, age, pub, uses_next = head
            cur = _Entry(author, age, pub)
            i += 2 if uses_next else 1
            # a date line right under the name: 'Mary T.' / 'July 6, 2025 at 3:14 pm'
            while i < n and cur.age is None and cur.published is None and items[i][1] not in _CLOSERS:
                when = _when(items[i][0], now)
                if when is None:
                    break
                cur.age, cur.published = when
                i += 1
            continue
        # (the time line is read only under an entry's text, the one place it counts)
        when = _when(text, now) if cur is not None and cur.lines else None
        if when is not None:
            # Blogger's stamp under the comment: it dates the entry above and ends it
            if cur.age is None and cur.published is None:
                cur.age, cur.published = when
            cur.closed = True
            i += 1
            continue
        if cur is not None and not cur.closed:
            cur.lines.append(_REPLY_MARK.sub("", text).strip())
        i += 1
    close()
    return out


def text_comments(lines: Sequence[Line], removed: Iterable[Removal], now: datetime | None = None) -> tuple[Comment, ...]:
    """The comments of a text dump, read from the lines the comment rules removed whole.

    A thread is a run of removed lines holding CH310 lines; it ends at a line the body kept.
    Lines other rules removed inside it (a 'Like · Reply · Share' row, an ad label) end the
    entry above them like widget text, and are never read as a header or as comment text."""
    removed = tuple(removed)
    if THREAD_RULE not in map(_RULE, removed):  # no thread: most pages stop here (asked in C)
        return ()
    whole: dict[int, Removal] = {}
    for r in removed:
        if r.col == 1 or r.family == "comments":
            whole.setdefault(r.line, r)
    out: list[Comment] = []
    run: list[tuple[str, str | None]] = []
    has_thread = False
    for ln in lines:
        if ln.blank:
            continue
        r = whole.get(ln.no)
        if r is not None and r.text == ln.text:
            run.append((ln.text, r.rule if r.family == "comments" else OTHER))
            has_thread |= r.rule == THREAD_RULE
            continue
        if has_thread:
            out.extend(parse_thread(run, now))
        run, has_thread = [], False
    if has_thread:
        out.extend(parse_thread(run, now))
    return tuple(out)


def with_text_comments(result: Result, lines: Sequence[Line], now: datetime | None) -> Result:
    found = text_comments(lines, result.removed, now)
    return replace(result, comments=found) if found else result


# --- HTML ------------------------------------------------------------------------------------

_AUTHOR_TOKENS = frozenset({"author", "fn", "username", "user", "commenter", "name", "nickname", "byline"})
_TEXT_TOKENS = frozenset({"content", "text", "body", "message", "msg", "commenttext"})
_TIME_TOKENS = frozenset({"date", "time", "timestamp", "meta", "metadata", "posted", "ago", "age"})
_SAYS = re.compile(r"\s*(?:says|said|wrote|schreibt|sagt|a écrit|écrit|dice|escribió|scrive|zegt)\s?:?\s*$", re.I)
AUTHOR_MAX_CHARS = 80
# A page's comment section is read up to this many comments (a bound on the work, not a filter).
MAX_HTML_COMMENTS = 1000


def _tokens(el) -> frozenset[str]:
    from .dom import tokens_of

    return tokens_of(el)


_NOT_A_NAME = re.compile(r"null|undefined|none|nan|\W*", re.I)
_FORM_TAGS = frozenset({"form", "label", "input", "textarea", "select", "button", "option"})


def _in_form(el) -> bool:
    p = el
    while p is not None:
        if p.tag in _FORM_TAGS:
            return True
        p = p.getparent()
    return False


def _is_author(el, text_of) -> bool:
    """An element that names a comment's author: itemprop=author or an author/fn/username class,
    short, without paragraphs (a comment <li> classed 'comment-author-admin' is not one), outside
    the reply form (its 'Name *' label is no author), and not a button or template garbage."""
    if not isinstance(el.tag, str):
        return False
    if el.get("itemprop") != "author" and not (_tokens(el) & _AUTHOR_TOKENS):
        return False
    if _tokens(el) & _TEXT_TOKENS or next(el.iter("p"), None) is not None:
        return False
    if next((e for e in el.iter() if e.tag in _FORM_TAGS), None) is not None or _in_form(el):
        return False
    t = text_of(el)
    return 0 < len(t) <= AUTHOR_MAX_CHARS and not _BUTTON.fullmatch(t) and not _NOT_A_NAME.fullmatch(t)


def _inside(el, anc) -> bool:
    if anc is None:
        return False
    p = el
    while p is not None:
        if p is anc:
            return True
        p = p.getparent()
    return False


def _own(el, item, items: set) -> bool:
    """`el` belongs to `item` itself, not to a reply nested in it."""
    p = el
    while p is not None and p is not item:
        if p in items:
            return False
        p = p.getparent()
    return p is item


def _text_part(el) -> bool:
    return el.tag == "p" or el.get("itemprop") == "text" or bool(_tokens(el) & _TEXT_TOKENS)


def html_comments(containers: Iterable, now: datetime | None = None) -> tuple[Comment, ...]:
    """Comments from the comment containers of a page (elements HT104 removed), in page order.

    Each author element (outermost, short) makes one comment; its item is the nearest ancestor
    that also holds text outside the author element. Replies nested in an item are items of
    their own, and their text is not their parent's."""
    from .dom import text_of

    out: list[Comment] = []
    for box in containers:
        authors = []
        for el in box.iter():
            if _is_author(el, text_of) and not any(_inside(el, a) for a in authors[-3:]):
                authors.append(el)
        del authors[MAX_HTML_COMMENTS:]
        under: dict = {}  # element -> how many author elements it holds
        for a in authors:
            up = a.getparent()
            while up is not None:
                under[up] = under.get(up, 0) + 1
                up = up.getparent()
        pairs = []
        for a in authors:
            item = a.getparent()
            while item is not None and not any(
                    _text_part(e) and not _inside(e, a) and text_of(e) for e in item.iter() if isinstance(e.tag, str)):
                # climb, but never to the box itself or to an element that holds another author
                up = item.getparent()
                if item is box or up is None or under.get(up, 0) > 1:
                    item = None
                    break
                item = up
            if item is not None and item is not box and all(item is not other for _, other in pairs):
                pairs.append((a, item))
        items = {item for _, item in pairs}
        seen = set()
        for a, item in pairs:
            rec = _html_comment(a, item, items, now, text_of)
            if rec is not None and (rec.author, rec.text) not in seen:  # markup shown twice (mobile/desktop)
                seen.add((rec.author, rec.text))
                out.append(rec)
    return tuple(out)


def _html_comment(a, item, items: set, now, text_of) -> Comment | None:
    inner = next((e for e in a.iter() if e.get("itemprop") == "name"), None)
    author = _SAYS.sub("", text_of(inner if inner is not None else a)).strip()
    if not author:
        return None
    age = pub = None
    head = _header(author, None, now)  # 'Rarst · March 10, 2017 at 9:02 am', 'Marco 9 days ago'
    if head is not None and head[0] != author:
        author, age, pub = head[0], head[1], head[2]
    own = [e for e in item.iter() if isinstance(e.tag, str) and e is not item and _own(e, item, items)
           and not _inside(e, a) and not _in_form(e)]
    t = next((e for e in own if e.tag == "time" or e.get("itemprop") in ("dateCreated", "datePublished")), None)
    if t is None:
        t = next((e for e in own if _tokens(e) & _TIME_TOKENS and _when(text_of(e), now) is not None), None)
    if t is not None and age is None and pub is None:
        when = _when(text_of(t), now)
        if when is not None:
            age, pub = when
        stamp = t.get("datetime") or t.get("content")
        if stamp and re.match(r"\d{4}-\d{2}-\d{2}", stamp):
            pub = stamp[:10]
    body = next((e for e in own if e.get("itemprop") == "text" or
                 (_tokens(e) & _TEXT_TOKENS and not _inside(e, t))), None)
    if body is not None:
        ps = [p for p in body.iter("p") if _own(p, item, items)]
        paras = [text_of(p) for p in ps] if ps else [text_of(body)]
    else:
        paras = [text_of(p) for p in own if p.tag == "p" and not _inside(p, t)]
    text: list[str] = []
    for p in paras:
        when = _when(p, now) if p else None
        if when is not None:  # a paragraph that is only the comment's time
            if age is None and pub is None:
                age, pub = when
        elif p:
            text.append(p)
    if not text:
        return None
    return Comment(author=author, age=age, published=pub, text="\n\n".join(text))
