"""Related-article records: parse the lines of a zone into `Related` records.

Layouts read (each seen on several aggregators):
  meta-first   Source / 3 hours ago / - Source / Title / summary      (Daily8)
               Source · 2h / Title / summary
  meta-last    Title / Source · 2h [/ summary]      Title / summary / Source · 3 hours ago
               Title / Source / 2h        Source / Title / 2h [/ By Author]
                                                                         (MSN, Google News, NewsBreak)
  groups       Source / Title / summary, blank-separated groups or not  (Flipboard)
  list         Title / Title / Title, or Title / summary / Title / summary

In a feed whose records carry ages, a record without one is a sponsored card: it is parsed (so
that it leaves the body) and flagged `sponsored`, and does not become a related article.

A zone ends at the first line that does not fit its layout, so article text after a mid-page
box is never taken. The parser only reads; `zones.py` decides where zones are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ages import AGE_TEXT, is_age, stamp_date
from .memo import Memo, memoized
from .rules.registry import LazyPattern
from .segment import Line
from .textfeatures import is_prose, is_titleish, words

_SEP = r"\s?[·•|–—]\s?|\s-\s"
# The record shapes compile on first use (`LazyPattern`): RE2 names the lines that may match them
# (`class_of`), and most pages hold none of the first three.
_META = LazyPattern(
    rf"(?:(?P<src>[^·•|–—]{{1,60}}?)(?:{_SEP}))?(?P<age>{AGE_TEXT})"
    rf"(?:(?:{_SEP})(?P<src2>[^·•|–—]{{1,60}}))?",
    re.I,
)
_READTIME = LazyPattern(
    rf"(?:(?P<src>[^·•|–—]{{1,60}}?)(?:{_SEP}))?\d{{1,3}}\s?min(?:ute)?s?\.?\s(?:read|lesezeit|de lecture|de lectura)",
    re.I,
)
# 'Vandaag, 09:12', 'Gisteren, 18:40', 'Today at 10:30': an age with the time of day.
_AGE_CLOCK = LazyPattern(
    rf"(?P<age>(?:{AGE_TEXT}),?\s(?:om\s|at\s|um\s|à\s|a las\s|alle\s|às\s)?\d{{1,2}}[:.h]\d{{2}}(?:\s?(?:uhr|h|am|pm))?)",
    re.I,
)
_MARK = re.compile(r"[-–—•]\s?(?P<src>[^\s].{0,59})")
# Lines that close a record without naming its source: 'In "Category"', 'By Author'.
_TAIL = re.compile(
    r"(?:in|filed under|posted in)\s[\"“«].{1,60}[\"”»]|(?:by|von|par|por)\s(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*(?:\s[\w.'’-]+){0,4}",
    re.I,
)
_URL = re.compile(r"https?://\S{3,2000}")

# A source name is short: "Japan Times", "The Associated Press", "Yahoo Finance".
SOURCE_MAX_WORDS = 5
# A source line standing before a title is shorter still; longer lines there are titles.
LEAD_SOURCE_MAX_WORDS = 4
# Summaries longer than this many lines are not one record's teaser.
SUMMARY_MAX_LINES = 3


@dataclass(slots=True)
class Item:
    """A non-blank line of a zone with its record class."""

    line: Line
    kind: str  # META | MARK | TAIL | URL | TEXT | HEAD
    age: str | None = None
    source: str | None = None
    gap: bool = False  # a blank line stands before it


@dataclass
class Record:
    lines: list[Line] = field(default_factory=list)
    title: str | None = None
    source: str | None = None
    url: str | None = None
    age: str | None = None
    summary: list[str] = field(default_factory=list)
    summary_lines: list[Line] = field(default_factory=list)
    sponsored: bool = False
    label: bool = False  # a site link read into the end of a list ('Privacy and Cookies'): not an article


def age_core(age: str | None) -> str | None:
    """'Vandaag, 09:12' -> 'Vandaag': the part of an age with a clock time that dates it."""
    if not age:
        return None
    m = _AGE_CLOCK.fullmatch(age)
    return age.split(",")[0].strip() if m and "," in age else age


def _clean_src(s: str | None) -> str | None:
    if not s:
        return None
    s = s.strip(" -–—·•|")
    if not s or words(s) > SOURCE_MAX_WORDS or _READTIME.fullmatch(s):
        return None
    return s


# The record class of most lines, and of a URL line: made once.
_TEXT_CLASS = ("TEXT", None, None)
_URL_CLASS = ("URL", None, None)


def classify(line: Line, gap: bool) -> Item:
    """`line` as a zone's item (`gap`: a blank line stands before it), with its record class."""
    kind, age, source = class_of(line.text)
    return Item(line, kind, age, source, gap)


# The record shapes a line of at most this many characters is tried against, in this order.
SHAPE_MAX_CHARS = 120
_SHAPES = (_META, _AGE_CLOCK, _READTIME, _MARK, _TAIL)
_shapes = None  # which of them may match a line: one RE2 pass (`engine.candidates`), built on first use
# its RE2 set's own match, of a line's UTF-8 bytes, for the lines it reads as they are (ASCII,
# no newline: `Candidates.__call__` hands them to it after the same tests); None without RE2
_shapes_match = None


# (remembered by line text: zones are read on every page twice or more, the content stage and the
# pipeline, and a site's lists recur)
@memoized
def class_of(t: str) -> tuple[str, str | None, str | None]:
    """(kind, age, source) of a zone's line of text `t`: META | MARK | TAIL | URL | TEXT, as
    `classify` gives its item. A line no record shape may match (most lines: the RE2 screen names
    none) is TEXT, or URL, without a regex tried."""
    global _shapes, _shapes_match
    if len(t) <= SHAPE_MAX_CHARS:
        if _shapes is None:
            from .rules.engine import Candidates, candidates

            _shapes = candidates(_SHAPES, SHAPE_MAX_CHARS)
            _shapes_match = _shapes._match if isinstance(_shapes, Candidates) else None
        if _shapes_match is not None and t.isascii() and "\n" not in t:
            may = _shapes_match(t.encode())  # (a list of indices, or None)
        else:
            may = _shapes(t)
        if may:
            m = _META.fullmatch(t) if 0 in may else None
            if m and is_age(m.group("age")):
                src = _clean_src(m.group("src")) or _clean_src(m.group("src2"))
                return "META", m.group("age"), src
            m = _AGE_CLOCK.fullmatch(t) if 1 in may else None
            if m and is_age(t[:m.end("age")].split(",")[0].strip()):
                return "META", t, None
            m = _READTIME.fullmatch(t) if 2 in may else None
            if m:
                return "META", None, _clean_src(m.group("src"))
            m = _MARK.fullmatch(t) if 3 in may else None
            if m and words(m.group("src")) <= SOURCE_MAX_WORDS and not m.group("src").endswith("."):
                return "MARK", None, m.group("src").strip()
            if 4 in may and _TAIL.fullmatch(t):
                return "TAIL", None, None
    if t.startswith("http") and _URL.fullmatch(t):  # (the pattern opens with 'http')
        return _URL_CLASS
    return _TEXT_CLASS


def _text(items: list[Item], i: int) -> str | None:
    return items[i].line.text if i < len(items) and items[i].kind == "TEXT" else None


def _is_source(it: Item, max_words: int = SOURCE_MAX_WORDS) -> bool:
    t = it.line.text
    return it.kind == "TEXT" and words(t) <= max_words and len(t) <= 60 and \
        not t.endswith((".", "?", "!", ":"))


# A subheading has at most this many words (a related headline is longer than that as a rule).
SUBHEADING_MAX_WORDS = 5
# A related headline has a few words; 'Previous', '1', 'Next' or a topic chip is not one.
TITLE_MIN_WORDS = 3


# A wire story's credit line ('Reporting by Ann Lowe; Editing by Tom Reed') ends the article; it is
# never a related headline.
_CREDIT = re.compile(r"(?:additional |further )?(?:reporting|writing|editing|written|edited|compiled|"
                     r"produced|research) by\s\S", re.I)


# _title's answers by text: the record parsers try every start position of a zone, and ask
# about the same lines again at each.
_TITLES = Memo()


def _title(t: str | None) -> bool:
    if t is None:
        return False
    found = _TITLES.get(t)
    if found is None:
        found = _TITLES.put(t, _is_title(t))
    return found


def _is_title(t: str) -> bool:
    return is_titleish(t) and not is_prose(t) and words(t) >= TITLE_MIN_WORDS and not _CREDIT.match(t)


def _lead_source(items: list[Item], i: int) -> bool:
    """items[i] is a short source line and items[i+1] the (longer) title it introduces."""
    nxt = _text(items, i + 1)
    return _is_source(items[i], LEAD_SOURCE_MAX_WORDS) and _title(nxt) and \
        words(nxt) > words(items[i].line.text)


# A label between a record's meta line and its title (a section, a bias rating) is this short.
LABEL_MAX_WORDS = 3


def _label(items: list[Item], i: int) -> bool:
    """items[i] is a short label ('Lean Left', 'World') over the title that items[i+1] is."""
    t = _text(items, i)
    return t is not None and words(t) <= LABEL_MAX_WORDS and len(t) <= 30 and \
        not t.endswith((".", "?", "!", ":")) and _title(_text(items, i + 1))


def _starts_meta_record(items: list[Item], i: int) -> bool:
    if i >= len(items):
        return False
    if items[i].kind == "META":
        return True
    # the cheap test first: most lines are not followed by a meta line
    return i + 1 < len(items) and items[i + 1].kind == "META" and _is_source(items[i], LEAD_SOURCE_MAX_WORDS)


def _take_tail(items: list[Item], i: int, rec: Record) -> int:
    """After a record's meta: '- Source' marks, 'In "Category"' / 'By Author' lines, URLs."""
    while i < len(items) and items[i].kind in ("MARK", "URL", "TAIL"):
        it = items[i]
        if it.kind == "MARK":
            rec.source = rec.source or it.source
        elif it.kind == "URL":
            rec.url = rec.url or it.line.text
        rec.lines.append(it.line)
        i += 1
    return i


def _add_summary(rec: Record, it: Item) -> None:
    rec.summary.append(it.line.text)
    rec.summary_lines.append(it.line)
    rec.lines.append(it.line)


def _keep_summary(items: list[Item], rec: Record, j0: int, j: int, records: list[Record],
                  starts) -> int:
    """A teaser must be part of a pattern: another record follows it, or the records before it
    had teasers too. Otherwise the lines may be the article going on after a one-link box (the
    page or the zone ending after them proves nothing): they are given back, since losing a
    paragraph costs more than keeping a teaser (returns where the record really ends)."""
    if j == j0:
        return j
    if j < len(items) and starts(items, j) or any(r.summary for r in records):
        return j
    del rec.summary[-(j - j0):]
    del rec.summary_lines[-(j - j0):]
    given_back = {id(it.line) for it in items[j0:j]}
    rec.lines = [ln for ln in rec.lines if id(ln) not in given_back]
    return j0


def _title_starts(items: list[Item], j: int) -> bool:
    return _lead_source(items, j) or _title(_text(items, j))


def _parse_meta_first(items: list[Item], start: int) -> tuple[list[Record], int]:
    records: list[Record] = []
    i, n = start, len(items)
    while i < n and _starts_meta_record(items, i):
        rec = Record()
        j = i
        if items[j].kind != "META":
            rec.source = _clean_src(items[j].line.text)
            rec.lines.append(items[j].line)
            j += 1
        meta = items[j]
        rec.age = meta.age
        rec.source = meta.source or rec.source  # a meta line naming its source says it best
        rec.lines.append(meta.line)
        j = _take_tail(items, j + 1, rec)
        if not _title(_text(items, j)) and _label(items, j):
            rec.lines.append(items[j].line)  # 'Lean Left', 'Politics': a label over the title
            j += 1
        if not _title(_text(items, j)):
            break
        rec.title = items[j].line.text
        rec.lines.append(items[j].line)
        j += 1
        j0 = j
        while (j < n and items[j].kind == "TEXT" and not items[j].gap
               and len(rec.summary) < SUMMARY_MAX_LINES and not _starts_meta_record(items, j)):
            _add_summary(rec, items[j])
            j += 1
        j = _keep_summary(items, rec, j0, j, records, _starts_meta_record)
        j = _take_tail(items, j, rec)
        records.append(rec)
        i = j
    return records, i


def _source_and_title(items: list[Item], j: int, rec: Record) -> int | None:
    """Read '[Source /] Title' into `rec`; the index after it, or None if no title stands there."""
    if _lead_source(items, j):
        rec.source = items[j].line.text
        rec.lines.append(items[j].line)
        j += 1
    if not _title(_text(items, j)):
        return None
    rec.title = items[j].line.text
    rec.lines.append(items[j].line)
    return j + 1


def _parse_meta_last(items: list[Item], start: int) -> tuple[list[Record], int]:
    """[Source /] Title [/ summary] [/ Source] / meta [/ summary]; records without meta are sponsored."""
    records: list[Record] = []
    i, n = start, len(items)
    while i < n:
        rec = Record()
        j = _source_and_title(items, i, rec)
        if j is None:
            break
        # "Title / Advertiser / next title": a sponsored card, if the feed is dated
        if records and any(r.age for r in records) and j < n and _is_source(items[j]) and \
                not _starts_meta_record(items, j) and (j + 1 >= n or _title(_text(items, j + 1))):
            rec.source = items[j].line.text
            rec.lines.append(items[j].line)
            rec.sponsored = True
            records.append(rec)
            i = j + 1
            continue
        # up to three lines before the meta: summary, then perhaps the source
        k = j
        while k < n and k < j + 3 and items[k].kind == "TEXT":
            k += 1
        if k < n and items[k].kind == "META":
            between = items[j:k]
            if between and not rec.source and not items[k].source and _is_source(between[-1]):
                rec.source = between.pop().line.text
                rec.lines.append(items[k - 1].line)
            if any(not is_prose(it.line.text) for it in between):
                break  # a headline between: not one record
            for it in between:
                _add_summary(rec, it)
            rec.age = items[k].age
            rec.source = rec.source or items[k].source
            rec.lines.append(items[k].line)
            j = j0 = _take_tail(items, k + 1, rec)
            if j < n and items[j].kind == "TEXT" and is_prose(items[j].line.text) and not rec.summary:
                _add_summary(rec, items[j])  # one teaser line after the meta
                j += 1
            j = _keep_summary(items, rec, j0, j, records, _title_starts)
        else:
            break
        records.append(rec)
        i = j
    return records, i


def _parse_groups(items: list[Item], start: int) -> tuple[list[Record], int]:
    """[Source /] Title [/ summary] records, blank-separated or back to back."""
    records: list[Record] = []
    i, n = start, len(items)
    while i < n:
        rec = Record()
        j = _source_and_title(items, i, rec)
        if j is None:
            break
        j0 = j
        while j < n and items[j].kind == "TEXT" and is_prose(items[j].line.text) and \
                len(rec.summary) < SUMMARY_MAX_LINES and not (items[j].gap and rec.summary):
            _add_summary(rec, items[j])
            j += 1
        j = _keep_summary(items, rec, j0, j, records, _title_starts)
        j = _take_tail(items, j, rec)
        if rec.source is None and not rec.summary:
            break  # plain titles are the list layout's
        records.append(rec)
        i = j
    return records, i


def _parse_list(items: list[Item], start: int) -> tuple[list[Record], int]:
    """Titles one per line, optionally each followed by one summary line."""
    records: list[Record] = []
    i, n = start, len(items)
    with_summary = _title(_text(items, start)) and _text(items, start + 1) is not None and \
        is_prose(items[start + 1].line.text)
    while i < n and _title(_text(items, i)):
        rec = Record(title=items[i].line.text, lines=[items[i].line])
        i += 1
        if with_summary:
            if i < n and items[i].kind == "TEXT" and is_prose(items[i].line.text):
                _add_summary(rec, items[i])
                i = _keep_summary(items, rec, i, i + 1, records, _title_starts)
                if not rec.summary:  # the article going on after a one-link box
                    records.append(rec)
                    break
            else:
                records.append(rec)
                break
        i = _take_tail(items, i, rec)
        records.append(rec)
    if not with_summary and len(records) >= 2 and i < n and items[i].kind == "TEXT" and \
            not items[i].gap and is_prose(items[i].line.text) and records[-1].lines[-1:] == [items[i - 1].line] and \
            words(records[-1].title or "") <= SUBHEADING_MAX_WORDS and \
            words(records[-1].title or "") < min(words(r.title or "") for r in records[:-1]):
        # A plain list whose last 'title' runs straight into a paragraph and is shorter than every
        # headline above it: that line is the article's subheading, resuming after a one-link
        # box; it is given back.
        records.pop()
        i -= 1
    return records, i


# A list's last 'titles' that are this short, under headlines all longer than LABEL_LIST_MIN_WORDS,
# are the footer's links read into it ('Privacy and Cookies', 'Over de NOS').
LABEL_TITLE_MAX_WORDS = 3
LABEL_LIST_MIN_WORDS = 5


_BYLINE = re.compile(r"(?:by|von|par|por|di|door)\s\S.{0,60}", re.I)
_MARKUP = re.compile(r"<[a-z/!][^>]*>", re.I)


def not_an_article(title: str | None) -> bool:
    """A 'title' that is no headline: a timestamp ('Published: 3 Jan 2019'), an age, a byline
    ('by Rick Stoeckel (5/17/2007)') or markup the dump kept. Such records leave the body and are
    not reported."""
    t = (title or "").strip()
    return not t or bool(_MARKUP.search(t)) or is_age(t) or stamp_date(t) is not None or \
        (bool(_BYLINE.fullmatch(t)) and words(t) <= 8)


def mark_labels(records: list[Record]) -> None:
    """Flag the short site links a plain list ran into at its end (still removed, never reported)."""
    heads = [r for r in records if not r.summary and not r.age and not r.source]
    if len(heads) != len(records) or len(records) < 3:
        return
    k = len(records)
    while k > 1 and words(records[k - 1].title or "") <= LABEL_TITLE_MAX_WORDS:
        k -= 1
    if k < len(records) and k >= 1 and min(words(r.title or "") for r in records[:k]) >= LABEL_LIST_MIN_WORDS:
        for r in records[k:]:
            r.label = True


_RANKED = re.compile(r"(?P<n>\d{1,2})(?P<mark>[.)]?)\s(?P<title>\S.*)")


def strip_ranks(records: list[Record]) -> None:
    """A ranked list's titles ('1. Accident sur la D538 ...', '2. Météo ...') lose their ranks,
    when every title carries one, counting up from 1 (or from 1 again: the panes of a tabbed
    box, 'Most read' and 'Most watched'). A bare number ('1 Jeep hack prompts recall', the rank
    printed beside the headline) counts only in a list of three or more."""
    ms = [_RANKED.fullmatch(r.title or "") for r in records]
    if len(records) < 2 or not all(ms):
        return
    if not all(m.group("mark") for m in ms) and len(records) < 3:
        return
    prev = 0
    for m in ms:
        n = int(m.group("n"))
        if n != prev + 1 and not (n == 1 and prev >= 2):
            return
        prev = n
    for r, m in zip(records, ms):
        r.title = m.group("title")


def _mean_title_words(records: list[Record]) -> float:
    return sum(words(r.title or "") for r in records) / max(1, len(records))


def parse_records(items: list[Item], start: int) -> tuple[list[Record], int]:
    """Parse as many records as fit from `items[start]` on; returns (records, index after them).

    Every layout is tried; the one that reads furthest wins, and on a tie the one whose titles
    are longer (a source mistaken for a title is short)."""
    if start >= len(items):
        return [], start
    best: tuple[list[Record], int] = ([], start)
    best_key = (start, 0.0)
    for parser in (_parse_meta_first, _parse_meta_last, _parse_groups, _parse_list):
        recs, end = parser(items, start)
        key = (end, _mean_title_words(recs))
        if recs and key > best_key:
            best, best_key = (recs, end), key
    mark_labels(best[0])
    strip_ranks(best[0])
    return best


def parse_meta_first(items: list[Item], start: int) -> tuple[list[Record], int]:
    return _parse_meta_first(items, start)


def parse_meta_last(items: list[Item], start: int) -> tuple[list[Record], int]:
    return _parse_meta_last(items, start)
