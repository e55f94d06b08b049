"""Zones: related-article and most-read lists, found by heading vocabulary or by record shape.

A heading (a `zone` rule such as RL101) opens a zone; the zone holds only the lines that parse
as records (`related.py`) and ends at the first line that does not. Without a heading, a run of
at least `SHAPE_MIN_RECORDS` meta-first records (source / age / title), each with an age, after
the article has begun, is a zone too (RL111).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .inline import after_cuts
from .linetable import LineTable
from .lists import kind_of
from .related import Item, Record, class_of, classify, parse_meta_first, parse_meta_last, parse_records
from .rules.registry import Rule, RuleSet
from .segment import Line
import re

from .ages import stamp_date
from .model import Removal
from .textfeatures import is_prose, words

SHAPE_MIN_RECORDS = 2
# The first record of a list found by shape has its meta line at most this many items after the
# line it starts at: [list heading /] [source /] title / up to three lines of summary or source / meta.
SHAPE_META_REACH = 6
# At most this many pager lines ('Previous', '1', 'Next') between a heading and its records.
ZONE_FURNITURE = 4
_PAGER = re.compile(
    r"(?:previous|prev|next|more|\d{1,3}|[<>«»‹›←→]+|page \d+|vorherige?|nächste|zurück|weiter"
    r"|précédent|suivant|anterior|siguiente|precedente|successivo|anterior|próximo|vorige|volgende)",
    re.IGNORECASE,
)


@dataclass
class Zone:
    kind: str  # "related" | "most-read"
    rule_id: str  # the heading's rule, or RL111 for a zone found by shape
    heading: Line | None
    records: list[Record] = field(default_factory=list)
    furniture: list[Line] = field(default_factory=list)  # pager lines under the heading
    list_kind: str = "related"  # what its records are (`lists.kind_of`): related, most-read, latest ...


def _zone_rule(text: str, rules: RuleSet) -> Rule | None:
    return rules.first_zone(text)


def build_items(lines: list[Line], exclude: set[int], rules: RuleSet,
                table: LineTable | None = None) -> tuple[list[Item], dict[int, Rule]]:
    """Classify every non-blank line not already taken; zone headings become HEAD items.
    Lines are read as the inline rules leave them (a caption cut from a record's summary, a
    line that is all caption gone), as cleaning the output again would read them: items carry
    that text, under the input line's number. `table`: the page's line table (of `lines`), whose
    answers are read instead of asked again."""
    if table is not None:
        return table.items(exclude)
    items: list[Item] = []
    heads: dict[int, Rule] = {}
    gap = False
    for i, line in enumerate(lines):
        if line.blank or i in exclude:
            gap = True
            continue
        text = after_cuts(line.text, rules)
        if text != line.text:
            if not text:
                gap = True
                continue
            line = Line(line.no, text, line.col)
        rule = _zone_rule(line.text, rules)
        if rule is not None:
            heads[len(items)] = rule
            items.append(Item(line, "HEAD", gap=gap))
        else:
            items.append(classify(line, gap))
        gap = False
    return items, heads


def next_headings(lines: list[Line], rules: RuleSet) -> list[int]:
    """For each line, the index of the next zone heading after it (or len(lines)): one pass."""
    out = [len(lines)] * len(lines)
    nxt = len(lines)
    first_zone = rules.first_zone  # (`_zone_rule`)
    for k in range(len(lines) - 1, -1, -1):
        out[k] = nxt
        text = lines[k].text
        if text and first_zone(text) is not None:  # (not blank)
            nxt = k
    return out


def _drop_section_sources(records: list[Record], rules: RuleSet) -> None:
    """A label above a title may be a section ('Commodities'), not a source: sections are the
    navigation words of CH903."""
    nav = rules.get("CH903")
    if nav is None or not rules.enabled("CH903"):
        return
    for rec in records:
        if rec.source and nav.match_line(rec.source):
            rec.source = None


# A sponsored card inside a feed: its ad label ('Sponsored', 'Ad · Brand'), then at most this many
# lines of ad copy, then the feed's records go on.
AD_COPY_MAX_LINES = 2


def _is_ad_label(text: str, rules: RuleSet) -> bool:
    """An ad slot's label: 'Sponsored' (a line rule), or 'Ad · Brand' (the first line of a pair)."""
    rule = rules.first_line(text)
    if rule is not None:
        return rule.family == "ads"
    return any(pr.family == "ads" and pr.match_line(text) for pr in rules.pairs_for(text))


def _across_ads(lines: list[Line], items: list[Item], end: int, records: list[Record],
                exclude: set[int], rules: RuleSet) -> int:
    """A zone's records stop at a sponsored card ('Sponsored' / 'Ad · Brand' / one line of copy)
    and resume under it: the card joins the zone as a sponsored record and the records after it
    are read too. Only where an ad label stands right there and dated records follow
    the copy in a dated feed, so article text after a box is never taken. The last
    record's teaser, given back because no record followed it (`related._keep_summary`), is its
    teaser again when the feed goes on past the card. Returns the new end of the zone."""
    dated = any(r.age for r in records)
    if not dated:  # sponsored cards sit in dated feeds; an undated list may be an inline box
        return end
    index = {ln.no: i for i, ln in enumerate(lines)}

    def label_before(k: int) -> bool:  # an ad label among the lines taken out before items[k]
        lo = index[items[k - 1].line.no] + 1
        return any(not lines[x].blank and _is_ad_label(lines[x].text, rules)
                   for x in range(lo, index[items[k].line.no]))

    def resume(pre: int) -> int | None:
        """The zone's new end if the feed goes on past a card `pre` teaser lines further on."""
        at = end + pre
        if at >= len(items) or pre and not (items[end].kind == "TEXT" and is_prose(items[end].line.text)
                                             and not records[-1].summary):
            return None
        head = 0
        if not label_before(at):
            if not (items[at].kind == "TEXT" and _is_ad_label(items[at].line.text, rules)):
                return None
            head = 1  # the label is still a line of the zone (its rule off, or weak)
        for k in range(at + head, at + head + AD_COPY_MAX_LINES + 1):
            if k >= len(items) or any(items[x].kind == "HEAD" for x in range(at, k + 1)):
                return None
            more, after = parse_records(items, k)
            if more and more[0].age:
                if pre:
                    _add_teaser(records[-1], items[end].line)
                records.append(Record(lines=[items[x].line for x in range(at, k)], sponsored=True))
                records.extend(more)
                return after
        return None

    while end < len(items):
        new = resume(0)
        if new is None:
            new = resume(1)
        if new is None:
            return end
        end = new
    return end


def _add_teaser(rec: Record, line: Line) -> None:
    rec.summary.append(line.text)
    rec.summary_lines.append(line)
    rec.lines.append(line)


# An unknown heading right above a list of cards ('More stories like this') is this short.
LIST_HEADING_MAX_WORDS = 8


def _mixed_cards(items: list[Item], records: list[Record], end: int) -> int:
    """A feed whose cards do not all show the same lines: a plain headline read as the list's last
    title may be followed by its 'Source · 3d' line, and dated cards after it (headline /
    [summary /] 'Source · 6d') go on the list. Returns the zone's new end."""
    n = len(items)
    while end < n and not items[end].gap:
        last = records[-1]
        if items[end].kind == "META" and last.title and not (last.age or last.source or last.summary):
            last.age, last.source = items[end].age, items[end].source
            last.lines.append(items[end].line)
            end += 1
            continue
        more, after = parse_meta_last(items, end)
        if not more or not all(r.age and r.source for r in more):
            break
        records.extend(more)
        end = after
    return end


def _dated(records: list[Record], sourced: bool = False) -> bool:
    """Enough records for a list found by its shape, each with an age (and a source)."""
    return len(records) >= SHAPE_MIN_RECORDS and all(r.age and (r.source or not sourced) for r in records)


def _list_heading(text: str) -> bool:
    return words(text) <= LIST_HEADING_MAX_WORDS and not is_prose(text) and \
        not text.rstrip().endswith((".", "!", "?", ":", ","))


def find_zones(lines: list[Line], exclude: set[int], rules: RuleSet, table: LineTable | None = None) -> list[Zone]:
    """The zones of `lines` outside `exclude`. `table`: the page's line table, if it has one."""
    items, heads = build_items(lines, exclude, rules, table)
    n = len(items)
    metas = [x for x, it in enumerate(items) if it.kind == "META"]
    if not heads and len(metas) < SHAPE_MIN_RECORDS:
        return []  # (no heading opens a zone, and no list found by its shape can be read: see below)
    # A list found by its shape has a meta line ('Source · 5d') within SHAPE_META_REACH items of
    # where it is tried: where none stands, no layout can read a dated record there. Each of its
    # SHAPE_MIN_RECORDS or more records takes its age from a meta line of its own (the only items
    # with an age), after the one before: where fewer meta lines follow, none is tried either.
    # `tried`: the items where one may be, those at most SHAPE_META_REACH before the next meta
    # line, when at least SHAPE_MIN_RECORDS meta lines stand from that one on.
    tried: set[int] = set()
    prev = -1
    for m in metas[: len(metas) - SHAPE_MIN_RECORDS + 1]:
        tried.update(range(max(prev + 1, m - SHAPE_META_REACH), m + 1))
        prev = m
    # Once prose is seen, an item acts only if it heads a zone or a list may be tried there: the
    # walk goes from one such item to the next (`stops`, in order).
    stops = sorted(tried.union(heads))
    s, n_stops = 0, len(stops)
    zones: list[Zone] = []
    seen_prose = False
    k = 0
    while k < n:
        if seen_prose:
            while s < n_stops and stops[s] < k:
                s += 1
            if s == n_stops:
                break
            k = stops[s]
        it = items[k]
        if k in heads:
            rule = heads[k]
            first = k + 1
            # pager furniture under the heading ('Previous', '1', 'Next') is part of the zone
            while first < n and first < k + 1 + ZONE_FURNITURE and items[first].kind == "TEXT" \
                    and _PAGER.fullmatch(items[first].line.text):
                first += 1
            records, end = parse_records(items, first)
            furniture = [items[x].line for x in range(k + 1, first)]
            # a ranked list with its ranks on lines of their own: '1' / title / '2' / title ...
            while records and end + 1 < n and items[end].kind == "TEXT" and \
                    items[end].line.text.strip() == str(len(records) + 1):
                more, after = parse_records(items, end + 1)
                if not more:
                    break
                furniture.append(items[end].line)
                records.extend(more)
                end = after
            if records:
                end = _mixed_cards(items, records, end)
                end = _across_ads(lines, items, end, records, exclude, rules)
            _drop_section_sources(records, rules)
            if records:
                zones.append(Zone(rule.zone or "related", rule.id, it.line, records, furniture,
                                  kind_of(it.line.text, rules, rule.zone)))
                k = end
                continue
            # A heading with nothing under it goes only when nothing but chrome follows
            # (decided by the pipeline once all chrome is known).
            zones.append(Zone(rule.zone or "related", rule.id, it.line, []))
            k += 1
            continue
        if seen_prose and k in tried and it.kind in ("META", "TEXT"):
            records, end = parse_meta_first(items, k)
            head = None
            if not _dated(records) and it.kind == "TEXT":
                # headline / 'Source · 5d' [/ summary], or headline / summary / 'Source · 5d', under
                # a heading no rule knows ('More stories like this') or none
                if it.gap and _list_heading(it.line.text) and k + 1 < n and not items[k + 1].gap:
                    records, end = parse_meta_last(items, k + 1)
                    head = it if _dated(records, sourced=True) else None
                if head is None:
                    records, end = parse_meta_last(items, k)
                    records = records if _dated(records, sourced=True) else []
            if _dated(records):
                zones.append(Zone("related", "RL111", head.line if head is not None else None, records,
                                  list_kind=kind_of(head.line.text, rules) if head is not None else "related"))
                k = end
                continue
        if not seen_prose and it.kind == "TEXT" and is_prose(it.line.text):
            seen_prose = True
        k += 1
    return zones


# A thread shows itself within its first lines: a commenter's "says:", a time stamp, a Reply
# button, the widget's own text.
THREAD_EVIDENCE_LINES = 8
_COMMENTER = re.compile(
    r".{1,60}?\s(?:says|said|wrote|schreibt|sagt|écrit|dit|dice|escribió|scrive|zegt)\s?(?:\.\.\.|…|:)?",
    re.IGNORECASE,
)
_BUTTON = re.compile(
    r"(?:reply|replies|like|report|share|antworten|melden|répondre|signaler|responder|denunciar|rispondi|reageer)\W*",
    re.IGNORECASE,
)


# 'Comments (3)' then three comments: a thread this size is what the count says. Comments take
# a few lines each (name, time, text, buttons).
LINES_PER_COMMENT = 4


def _fits_count(heading: str, lines: list[Line], start: int, end: int) -> bool:
    m = re.search(r"\d+", heading)
    if not m:
        return False
    n = sum(1 for j in range(start, end) if not lines[j].blank)
    return 0 < n <= LINES_PER_COMMENT * int(m.group()) + 2


def _looks_like_comments(lines: list[Line], start: int, end: int, rules: RuleSet, taken: dict) -> bool:
    seen = 0
    for j in range(start, end):
        ln = lines[j]
        if ln.blank:
            continue
        seen += 1
        if seen > THREAD_EVIDENCE_LINES:
            break
        rem = taken.get(j)
        if rem is not None and rem.family == "comments":
            return True
        t = ln.text
        if len(t) <= 80 and (_COMMENTER.fullmatch(t) or _BUTTON.fullmatch(t) or
                             class_of(t)[0] == "META" or stamp_date(t) is not None):
            return True
    return False


def comment_threads(lines: list[Line], rules: RuleSet, taken: dict, weak: set[int],
                    keep: set[int], article_start: int = 0) -> dict[int, Removal]:
    """Comment sections after the article, removed whole (CH310).

    A thread opens at a strong comment heading (CH302: '12 Comments', 'Leave a Reply') or at a
    bare 'Comments' (weak CH301) whose next line is comment-widget text, and runs to the next zone
    heading or the end. It opens only where its first lines look like comments (a commenter's
    "says:", a time stamp, a Reply button, widget text) and where the prose after it is less
    than the prose before it, so a comment count under the headline never takes the article.
    Where the content stage found the article (`article_start`), no thread opens above it."""
    out: dict[int, Removal] = {}
    n = len(lines)
    prefix: list[int] | None = None
    next_head: list[int] | None = None
    # A thread opens only at a CH302 line or at a weak line nothing took: those are visited, in
    # order, from the article on (none inside a thread already read).
    starts = sorted({i for i, rem in taken.items() if rem is not None and rem.rule == "CH302"}
                    .union(i for i in weak if taken.get(i) is None))
    after = 0  # (the end of the last thread: lines before it are read)
    for i in starts:
        if i < after or i < article_start or i >= n:
            continue
        rem = taken.get(i)
        opens = rem is not None and rem.rule == "CH302"
        if not opens and i in weak and rem is None:
            nxt = next((j for j in range(i + 1, n) if not lines[j].blank), None)
            r2 = taken.get(nxt) if nxt is not None else None
            opens = r2 is not None and r2.family == "comments"
        if not opens:
            continue
        if next_head is None:
            next_head = next_headings(lines, rules)
        end = next_head[i]
        if not (_looks_like_comments(lines, i + 1, end, rules, taken) or
                _fits_count(lines[i].text, lines, i + 1, end)):
            continue
        if prefix is None:  # prose words before each line, computed once (linear in the page)
            prefix = [0]
            total = 0
            for k, ln in enumerate(lines):
                text = ln.text
                if text and k not in taken and is_prose(text):  # (not blank)
                    total += words(text)
                prefix.append(total)
        if prefix[end] - prefix[i + 1] >= prefix[i]:
            continue
        if rem is None:
            ln = lines[i]
            out[i] = Removal("CH301", "comments", ln.text, ln.no, ln.col)
        for j in range(i + 1, end):
            ln = lines[j]
            if ln.blank or j in taken or j in keep:
                continue
            out[j] = Removal("CH310", "comments", ln.text, ln.no, ln.col)
        after = end
    return out
