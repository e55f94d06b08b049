"""Related-article records: parse the lines of a zone into `Related` records.

Layouts read (each seen on several aggregators):
  meta-first   Source / 3 hours ago / - Source / Title / summary      (Daily8)
               Source · 2h / Title / summary
  meta-last    Title / Source · 2h      Title / summary / Source · 3 hours ago
               Title / Source / 2h                                       (MSN, Google News, NewsBreak)
  groups       Source / Title / summary, one blank-separated group each  (Flipboard)
  list         Title / Title / Title, or Title / summary / Title / summary

A zone ends at the first line that does not fit its layout, so article text after a mid-page
box is never taken. The parser only reads; `zones.py` decides where zones are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ages import AGE_TEXT, is_age
from .segment import Line
from .textfeatures import is_prose, is_titleish, words

_SEP = r"\s?[·•|–—]\s?|\s-\s"
_META = re.compile(
    rf"(?:(?P<src>[^·•|–—]{{1,60}}?)(?:{_SEP}))?(?P<age>{AGE_TEXT})"
    rf"(?:(?:{_SEP})(?P<src2>[^·•|–—]{{1,60}}))?",
    re.I,
)
_READTIME = re.compile(
    rf"(?:(?P<src>[^·•|–—]{{1,60}}?)(?:{_SEP}))?\d{{1,3}}\s?min(?:ute)?s?\.?\s(?:read|lesezeit|de lecture|de lectura)",
    re.I,
)
_MARK = re.compile(r"[-–—•]\s?(?P<src>[^\s].{0,59})")
_URL = re.compile(r"https?://\S{3,2000}")

# A source name is short: "Japan Times", "The Associated Press", "Yahoo Finance".
SOURCE_MAX_WORDS = 6
# Summaries longer than this many lines are not one record's teaser.
SUMMARY_MAX_LINES = 3


@dataclass
class Item:
    """A non-blank line of a zone with its record class."""

    line: Line
    kind: str  # META | MARK | URL | TEXT
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


def _clean_src(s: str | None) -> str | None:
    if not s:
        return None
    s = s.strip(" -–—·•|")
    if not s or words(s) > SOURCE_MAX_WORDS or _READTIME.fullmatch(s):
        return None
    return s


def classify(line: Line, gap: bool) -> Item:
    t = line.text
    if len(t) <= 120:
        m = _META.fullmatch(t)
        if m and is_age(m.group("age")):
            src = _clean_src(m.group("src")) or _clean_src(m.group("src2"))
            return Item(line, "META", age=m.group("age"), source=src, gap=gap)
        m = _READTIME.fullmatch(t)
        if m:
            return Item(line, "META", source=_clean_src(m.group("src")), gap=gap)
        m = _MARK.fullmatch(t)
        if m and words(m.group("src")) <= SOURCE_MAX_WORDS and not m.group("src").endswith("."):
            return Item(line, "MARK", source=m.group("src").strip(), gap=gap)
    if _URL.fullmatch(t):
        return Item(line, "URL", gap=gap)
    return Item(line, "TEXT", gap=gap)


def _is_source(it: Item) -> bool:
    t = it.line.text
    return it.kind == "TEXT" and words(t) <= SOURCE_MAX_WORDS and len(t) <= 60 and \
        not t.endswith((".", "?", "!", ":"))


def _starts_meta_record(items: list[Item], i: int) -> bool:
    if i >= len(items):
        return False
    if items[i].kind == "META":
        return True
    # the cheap test first: most lines are not followed by a meta line
    return i + 1 < len(items) and items[i + 1].kind == "META" and _is_source(items[i])


def _take_tail(items: list[Item], i: int, rec: Record) -> int:
    """After a record's meta: '- Source' marks and URLs."""
    while i < len(items) and items[i].kind in ("MARK", "URL"):
        it = items[i]
        if it.kind == "MARK":
            rec.source = rec.source or it.source
        else:
            rec.url = rec.url or it.line.text
        rec.lines.append(it.line)
        i += 1
    return i


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
        rec.source = rec.source or meta.source
        rec.lines.append(meta.line)
        j = _take_tail(items, j + 1, rec)
        if j >= n or items[j].kind != "TEXT" or not is_titleish(items[j].line.text):
            break
        rec.title = items[j].line.text
        rec.lines.append(items[j].line)
        j += 1
        while (j < n and items[j].kind == "TEXT" and not items[j].gap
               and len(rec.summary) < SUMMARY_MAX_LINES and not _starts_meta_record(items, j)):
            rec.summary.append(items[j].line.text)
            rec.summary_lines.append(items[j].line)
            rec.lines.append(items[j].line)
            j += 1
        j = _take_tail(items, j, rec)
        records.append(rec)
        i = j
    return records, i


def _parse_meta_last(items: list[Item], start: int) -> tuple[list[Record], int]:
    records: list[Record] = []
    i, n = start, len(items)
    while i < n and items[i].kind == "TEXT" and is_titleish(items[i].line.text):
        # find the meta line within the next three lines
        k = i + 1
        while k < n and k <= i + 3 and items[k].kind == "TEXT":
            k += 1
        if k >= n or items[k].kind != "META" or k > i + 3:
            break
        rec = Record(title=items[i].line.text)
        rec.lines.append(items[i].line)
        between = items[i + 1:k]
        src_item = None
        if between and _is_source(between[-1]) and not items[k].source:
            src_item = between.pop()
            rec.source = _clean_src(src_item.line.text)
        for it in between:
            rec.summary.append(it.line.text)
            rec.summary_lines.append(it.line)
            rec.lines.append(it.line)
        if src_item is not None:
            rec.lines.append(src_item.line)
        meta = items[k]
        rec.age = meta.age
        rec.source = rec.source or meta.source
        rec.lines.append(meta.line)
        i = _take_tail(items, k + 1, rec)
        records.append(rec)
    return records, i


def _parse_groups(items: list[Item], start: int) -> tuple[list[Record], int]:
    """Blank-separated groups: [Source /] Title [/ summary]."""
    records: list[Record] = []
    i, n = start, len(items)
    while i < n:
        j = i + 1
        while j < n and not items[j].gap:
            j += 1
        group = items[i:j]
        if any(it.kind != "TEXT" for it in group) or len(group) > 2 + SUMMARY_MAX_LINES:
            break
        texts = [it.line.text for it in group]
        rec = Record(lines=[it.line for it in group])
        k = 0
        if len(group) >= 2 and _is_source(group[0]) and words(texts[0]) <= 4 and \
                is_titleish(texts[1]) and words(texts[1]) > words(texts[0]):
            rec.source = texts[0]
            k = 1
        if not is_titleish(texts[k]):
            break
        rec.title = texts[k]
        rec.summary = texts[k + 1:]
        rec.summary_lines = [it.line for it in group[k + 1:]]
        if any(not is_prose(s) and words(s) < 6 for s in rec.summary):
            break
        records.append(rec)
        i = j
    return records, i


def _parse_list(items: list[Item], start: int) -> tuple[list[Record], int]:
    """Titles one per line, optionally each followed by one summary line."""
    records: list[Record] = []
    i, n = start, len(items)
    with_summary = n >= start + 2 and items[start + 1].kind == "TEXT" and \
        is_prose(items[start + 1].line.text) and is_titleish(items[start].line.text)
    while i < n and items[i].kind == "TEXT" and is_titleish(items[i].line.text) and \
            not is_prose(items[i].line.text):
        rec = Record(title=items[i].line.text, lines=[items[i].line])
        i += 1
        if with_summary:
            if i < n and items[i].kind == "TEXT" and is_prose(items[i].line.text):
                rec.summary = [items[i].line.text]
                rec.summary_lines = [items[i].line]
                rec.lines.append(items[i].line)
                i += 1
            else:
                records.append(rec)
                break
        i = _take_tail(items, i, rec)
        records.append(rec)
    return records, i


def parse_records(items: list[Item], start: int) -> tuple[list[Record], int]:
    """Parse as many records as fit from `items[start]` on; returns (records, index after them)."""
    if start >= len(items):
        return [], start
    if _starts_meta_record(items, start):
        return _parse_meta_first(items, start)
    best: tuple[list[Record], int] = ([], start)
    for parser in (_parse_meta_last, _parse_groups, _parse_list):
        if parser is _parse_groups and not any(it.gap for it in items[start + 1:start + 6]):
            continue
        recs, end = parser(items, start)
        if end > best[1]:
            best = (recs, end)
    return best


def parse_meta_first(items: list[Item], start: int) -> tuple[list[Record], int]:
    return _parse_meta_first(items, start)
