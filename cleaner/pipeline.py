"""The text pipeline, stage by stage. `clean()` in `cleaner/__init__.py` is the public entry.

    decode -> segment -> title/byline -> block rules (label) -> zones + related records
           -> block rules (revise weak labels) -> inline rules -> repair -> Result
"""

from __future__ import annotations

import re
from dataclasses import replace

from datetime import datetime

from . import ages
from .blocks import label_lines, line_rule, periphery, resolve_weak, widget_headings
from .content import Content, find_content
from .inline import after_cuts, cut_line
from .linetable import LineTable
from .lists import sponsored_heading
from .model import Related, Removal, Result
from .related import Record, age_core, not_an_article
from .repair import repair
from .rules.registry import RuleSet
from .segment import Line, segment
from .textfeatures import is_prose, is_titleish, words
from .title import (SITE_NAME_MAX_WORDS, TITLE_WINDOW, Head, find_head, first_under_head, headline_before,
                    is_page_title_head, line_age, never_headline, site_name_words, site_part, source_age_lines)
from .zones import comment_threads, find_zones, next_headings


def _related(rec: Record, rules: RuleSet, now: datetime | None, removed: list[Removal],
             kind: str = "related", block: str | None = None) -> Related:
    summary = None
    if rec.summary_lines:
        parts = []
        for ln in rec.summary_lines:
            text, cuts = cut_line(ln, rules)
            removed.extend(cuts)
            parts.append(repair(text))
        summary = " ".join(p for p in parts if p) or None
    return Related(
        title=repair(rec.title or ""),
        source=rec.source,
        url=rec.url,
        age=rec.age,
        published=ages.published(rec.age, now) or ages.published(age_core(rec.age), now),
        summary=summary,
        kind=kind,
        block=block,
    )


def _distinct(records) -> tuple[Related, ...]:
    """One record per story: a story linked inline ('Read more: X') and listed again under the
    article ('More from ...': X, with its summary) is one related article. It keeps the first
    place (and its list's kind and heading) and the fuller of the two records (the one with more
    fields)."""
    out: list[Related] = []
    seen: dict[str, int] = {}
    for rec in records:
        key = rec.title.casefold()
        k = seen.get(key)
        if k is None:
            seen[key] = len(out)
            out.append(rec)
        elif sum(v is not None for v in rec.to_dict().values()) > \
                sum(v is not None for v in out[k].to_dict().values()):
            out[k] = replace(rec, kind=out[k].kind, block=out[k].block)  # the first list says what it is
    return tuple(out)


# Menu lines (chrome) between a site's name and the headline that make the name a masthead.
MASTHEAD_MENU_LINES = 3

# Revision rounds: one settles real pages; the bound keeps a pathological page linear.
REVISION_ROUNDS = 3


def _apply(taken: dict, found: dict) -> dict:
    taken.update(found)
    return found


class _HeadMeta:
    """The source and age lines right under the headline (MD103) not yet taken: called with
    (lines, head, rules, taken, keep), and asked of one page again as `taken` grows (up to four
    times). Each ask starts reading where the last one's reading began (`first_under_head`): the
    lines above it that it passed over (blank, chrome, cut whole, or taken without the age) are
    passed over again, as `taken` only grows between asks. A new headline starts from the top.
    (tests/test_head_speed.py holds it to a reading from the top at every ask.)"""

    __slots__ = ("title_idx", "start")

    def __init__(self) -> None:
        self.title_idx: int | None = None
        self.start: int | None = None

    def __call__(self, lines: list[Line], head: Head, rules: RuleSet, taken: dict, keep: set[int]) -> dict[int, Removal]:
        if head.title_idx is None or not rules.enabled("MD103"):
            return {}
        if head.title_idx != self.title_idx:
            self.title_idx, self.start = head.title_idx, None
        gone = set(taken)
        self.start = first_under_head(lines, head.title_idx, rules, gone, self.start)
        return {k: Removal("MD103", "metadata", lines[k].text, lines[k].no, lines[k].col)
                for k in source_age_lines(lines, head.title_idx, rules, gone, self.start)
                if k not in taken and k not in keep}


def _bare_headings(lines: list[Line], bare: list, ends: list[int], taken: dict) -> dict[int, Removal]:
    """Zone headings with nothing under them (up to the next heading, `ends`) but chrome."""
    out = {}
    for i, zone in bare:
        if i not in taken and all(lines[j].blank or j in taken for j in range(i + 1, ends[i])):
            out[i] = Removal(zone.rule_id, "related", lines[i].text, lines[i].no, lines[i].col)
    return out


def _lede(lines: list[Line], start: int, end: int, taken: dict, rules: RuleSet) -> int | None:
    """The first line of prose in lines[start:end] not taken, read as the inline rules leave it
    (a caption is no lede)."""
    return next((k for k in range(start, end) if not lines[k].blank and k not in taken
                 and is_prose(after_cuts(lines[k].text, rules))), None)


# Rounds of `_settle`: cleaning the output of a page whose title was found late.
SETTLE_ROUNDS = 2


def _settle(title: str, kept: list[tuple[int, str]], lines: list[Line], rules: RuleSet,
            now: datetime | None, taken: dict, related: list) -> list[tuple[int, str]]:
    """A page whose title was found late (below lines that are gone, or under kept lines from
    above it) is read again as its output: title, then the kept paragraphs. The lines that this
    reading removes whole (a credit, a tag heading or a related list now standing under the
    title) go now, under their own rules and at their input lines, so that cleaning the output
    again changes nothing. Only whole lines: a reading that would change the title or cut inside a
    paragraph is left alone. Rare on real pages (one page in a hundred), so the cost is small;
    on every page it would cost about half the text mode's time again."""
    for _ in range(SETTLE_ROUNDS):
        page = [Line(1, title, 1)]
        at: dict[int, int] = {}  # page line number -> position in `kept`
        for k, (_, text) in enumerate(kept):
            page.append(Line(len(page) + 1, "", 1))
            page.append(Line(len(page) + 1, text, 1))
            at[len(page)] = k
        again = run_lines(page, rules, now=now, settle=False)
        if again.title != title:
            break
        drop: dict[int, Removal] = {}
        for r in again.removed:
            k = at.get(r.line)
            if k is not None and r.col == 1 and r.text == kept[k][1]:
                drop[k] = r
        if not drop:
            break
        first = None
        for k, r in sorted(drop.items()):
            i = kept[k][0]
            ln = lines[i]
            taken[i] = Removal(r.rule, r.family, ln.text, ln.no, ln.col)
            if first is None and r.family == "related":
                first = ln.no
        if first is not None:
            related.extend((first, rec) for rec in again.related)
        kept = [x for k, x in enumerate(kept) if k not in drop]
    return kept


def run_text(text: str, rules: RuleSet, *, url: str | None = None, now: datetime | None = None) -> Result:
    from .comments import with_text_comments

    lines = segment(text)
    return with_text_comments(run_lines(lines, rules, url=url, now=now), lines, now)


def _subject(name: str, lines: list[Line], span: tuple[int, int]) -> bool:
    """The short first line is the article's subject, not a site's name, when the article's first
    paragraph of prose names it as written ('Henne Strand' over 'Der dänische Ort Henne Strand
    befindet sich ...': a reference page's title once its <title> line is gone)."""
    if words(name) < 2:
        return False
    pat = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
    for k in range(span[0], min(span[1] + 1, len(lines))):
        if not lines[k].blank and is_prose(lines[k].text):
            return pat.search(lines[k].text) is not None
    return False


# The blank line between two paragraphs of the output read again by `find_head`: one object for
# every gap, as the head (and `source_age_lines`) reads only the text of a blank line, never its
# number (a Line is frozen: building one per gap cost about a microsecond each).
_GAP = Line(0, "", 1)


def run_lines(lines: list[Line], rules: RuleSet, *, url: str | None = None, now: datetime | None = None,
              kind: str = "text", head: Head | None = None, whole_page: bool = True,
              settle: bool = True) -> Result:
    """The text stages over numbered lines (`segment` output, or the blocks HTML mode extracts).
    `head`: title/byline already known (HTML mode), else found by `find_head`. `whole_page=False`:
    the lines are already the article's blocks (HTML mode), so the content stage is skipped."""
    if head is None:
        head = find_head(lines, rules)
    taken: dict[int, Removal] = {}
    keep: set[int] = set()
    if head.title_idx is not None:
        keep.add(head.title_idx)
    for j in head.repeats:
        ln = lines[j]
        taken[j] = Removal("MD102", "metadata", ln.text, ln.no, ln.col)
    for rule_id, found in (("MD101", head.bylines), ("MD103", head.stamps)):
        if rules.enabled(rule_id):
            for j in found:
                ln = lines[j]
                taken[j] = Removal(rule_id, "metadata", ln.text, ln.no, ln.col)
    # Whole-page dumps: the article's span; lines outside it go once rules and zones have named theirs.
    table = LineTable(lines, rules)  # (what the content stage and the zones read of each line, once)
    content = find_content(lines, rules, keep | set(taken), head.title, table) if whole_page else Content()
    if head.byline_idx is None and content.byline_idx is not None and rules.enabled("MD101"):
        head.byline, head.byline_idx = content.byline, content.byline_idx
        ln = lines[content.byline_idx]
        taken[content.byline_idx] = Removal("MD101", "metadata", ln.text, ln.no, ln.col)
    if head.stamp_idx is None and content.stamp_idx is not None and rules.enabled("MD103"):
        when = ages.stamp_date(lines[content.stamp_idx].text)
        if when is not None:
            head.published, head.stamp_idx = when.isoformat(), content.stamp_idx
            ln = lines[content.stamp_idx]
            taken[content.stamp_idx] = Removal("MD103", "metadata", ln.text, ln.no, ln.col)
    if head.repeat_idx is None and content.title:
        head.title = content.title
    j = None
    if head.title_idx is not None and site_name_words(head.title or "") <= SITE_NAME_MAX_WORDS and \
            rules.enabled("MD104") and not head.site_stripped and not is_page_title_head(lines, head.title or "") \
            and not _subject(head.title or "", lines, content.span if content.active and content.span
                             else (head.title_idx + 1, len(lines) - 1)):
        if content.active and content.span:
            # The first line was the site's name; the headline stands above the article.
            j = headline_before(lines, content.span[0], keep | set(taken), rules)
            if j is None:
                # A dateline above the headline may open the span ('Published 6 hours ago' /
                # headline / lede): look up from the lede.
                lede = _lede(lines, content.span[0], content.span[1] + 1, taken, rules)
                if lede is not None and lede != content.span[0]:
                    j = headline_before(lines, lede, keep | set(taken), rules)
        elif not content.active and whole_page:
            # A short dump the content stage leaves alone ('Daily8' / 'Follow' / headline /
            # source / '2 days ago' / paragraphs): the site's name gives way only to a headline
            # its own date or byline follows, above the first paragraph of prose, or to the
            # headline under a menu that follows the name (a masthead: 'Site' / 'Products' /
            # 'Blog' / 'Sign in' / headline / paragraphs).
            lede = _lede(lines, head.title_idx + 1, len(lines), taken, rules)
            if lede is not None:
                menu = sum(1 for k in range(head.title_idx + 1, lede) if not lines[k].blank and
                           (line_rule(lines[k].text, rules) or line_rule(lines[k].text, rules, weak=True)))
                j = headline_before(lines, lede, keep | set(taken), rules, signed_only=menu < MASTHEAD_MENU_LINES)
        if j is not None and site_name_words(lines[j].text) <= SITE_NAME_MAX_WORDS:
            # (a headline as short as a site's name would give way in turn on a second reading)
            j = None
        if j is not None:
            ln = lines[head.title_idx]
            taken[head.title_idx] = Removal("MD104", "metadata", ln.text, ln.no, ln.col)
            keep = {j}
            head.title, head.title_idx = lines[j].text, j
            taken.pop(j, None)
            key = repair(head.title)
            for k in range(len(lines)):
                if k != j and k not in taken and lines[k].text and repair(lines[k].text) == key:
                    taken[k] = Removal("MD102", "metadata", lines[k].text, lines[k].no, lines[k].col)
    byline = head.byline if head.byline_idx in taken else None
    published = head.published if head.stamp_idx in taken else None

    skip = keep | set(taken)
    chrome, weak = label_lines(lines, rules, skip, {k for k, r in taken.items() if r.family != "metadata"})
    taken.update(chrome)

    removed: list[Removal] = []
    related: list[tuple[int, Related]] = []  # (line, record): in the order the page shows them
    index = {ln.no: i for i, ln in enumerate(lines)}
    bare: list[tuple[int, object]] = []  # zone headings with no records under them
    link_rule = rules.get("RL120")
    for i, rem in chrome.items():
        if rem.rule == "RL120" and link_rule is not None:
            m = link_rule.rx.fullmatch(lines[i].text)
            if m and m.group("title"):
                label = lines[i].text[:m.start("title")].strip(" :|»›>→-–—")
                related.append((rem.line, Related(title=repair(m.group("title").strip()),
                                                  block=label or None)))
    for zone in find_zones(lines, keep | set(taken) | content.no_zones, rules, table):
        rid = zone.rule_id
        if not zone.records and zone.heading is not None:
            bare.append((index[zone.heading.no], zone))
            continue
        # (zones read lines as the inline rules leave them; a removal names the input line)
        for h in ([zone.heading] if zone.heading is not None else []) + zone.furniture:
            ln = lines[index[h.no]]
            taken[index[h.no]] = Removal(rid, "related", ln.text, ln.no, ln.col)
        rec_rule = "RL112" if zone.kind == "most-read" else ("RL111" if rid == "RL111" else "RL110")
        block = lines[index[zone.heading.no]].text if zone.heading is not None else None
        if not rules.enabled(rec_rule) or not rules.enabled(rid):
            continue
        for rec in zone.records:
            rule_id, family = ("RL113", "ads") if rec.sponsored else (rec_rule, "related")
            for rl in rec.lines:
                ln = lines[index[rl.no]]
                taken[index[rl.no]] = Removal(rule_id, family, ln.text, ln.no, ln.col)
            # (a paid list's heading read as a headline, 'From around the web', is no record)
            if not rec.sponsored and not rec.label and not not_an_article(rec.title) and \
                    not sponsored_heading(rec.title, rules):
                rec.summary_lines = [lines[index[rl.no]] for rl in rec.summary_lines]
                related.append((rec.lines[0].no, _related(rec, rules, now, removed, zone.list_kind, block)))

    if rules.enabled("CH310"):
        start = content.span[0] if content.active and content.span else 0
        taken.update(comment_threads(lines, rules, taken, weak, keep, start))
    for i, rem in content.removed.items():
        if rules.enabled(rem.rule) and i not in taken:
            named = line_rule(lines[i].text, rules, weak=True) if i in weak else None
            if named is not None:  # a weak label outside the article: name it by its own rule
                rem = Removal(named.id, named.family, rem.text, rem.line, rem.col)
            taken[i] = rem

    # The source and age lines under the headline, as an aggregator prints them; read once the
    # rest of the chrome is known, as cleaning the output again would read them (and again as
    # the revision below takes more: garbage between the headline and its source goes late).
    head_meta = _HeadMeta()
    taken.update(head_meta(lines, head, rules, taken, keep))

    # Inline rules run before weak labels are revised: a line that is all caption is chrome
    # for its neighbours too, so cleaning the output again finds the same neighbourhoods.
    texts: dict[int, str] = {}
    for i, ln in enumerate(lines):
        if not ln.text or i in taken or i in keep:
            continue
        text, cuts = cut_line(ln, rules)
        if cuts:
            removed.extend(cuts)
            if not text.strip(" .,;:|-–—"):
                taken[i] = None  # type: ignore[assignment]  # removed by its cuts, reported above
                continue
        texts[i] = text

    # Revise weak labels, bare zone headings and the page's edges from their neighbours until
    # nothing changes: each can make the others' neighbours chrome (jusText's revision pass).
    weak_gone: dict[int, Removal] = {}
    ends = next_headings(lines, rules) if bare else []
    for _ in range(REVISION_ROUNDS):
        found = _bare_headings(lines, bare, ends, taken)
        taken.update(found)
        found.update(_apply(taken, resolve_weak(lines, rules, weak - set(taken), set(taken), keep)))
        found.update(_apply(taken, _bare_headings(lines, bare, ends, taken)))
        found.update(_apply(taken, periphery(lines, rules, taken, keep)))
        found.update(_apply(taken, widget_headings(lines, rules, taken, keep)))
        found.update(_apply(taken, head_meta(lines, head, rules, taken, keep)))
        weak_gone.update(found)
        if not found:
            break

    kept: list[tuple[int, str]] = []
    for i, text in texts.items():
        if i in weak_gone:
            continue
        text = repair(text)
        if text:
            kept.append((i, text))
    title = repair(head.title) if head.title else None
    # (age lines and zone headings before it are passed over, as `find_head` passes them over)
    first = next((k for k, (_, text) in enumerate(kept) if not never_headline(text, rules)), None) \
        if title is None and kind == "text" else None
    if first is not None and first < TITLE_WINDOW and is_titleish(kept[first][1]):
        # No headline stood first, but what survives starts with one: that is the title, as it
        # would be on cleaning this output again (and its repeats go, MD102).
        title = kept.pop(first)[1]
        for i, text in [x for x in kept if x[1] == title]:
            ln = lines[i]
            taken[i] = Removal("MD102", "metadata", ln.text, ln.no, ln.col)
        kept = [x for x in kept if x[1] != title]
        late = True
    else:
        # Lines kept from above a headline found further down stand under it in the output.
        late = title is not None and kind == "text" and head.title_idx is not None and \
            bool(kept) and kept[0][0] < head.title_idx
    if late or (title is not None and kind == "text"):
        # Read the head again below the title, as cleaning this output again would: a date
        # or a byline under it is the article's metadata, not a paragraph (also when the line
        # that kept it from the head on the first reading, a second standfirst or a
        # byline of another shape, is gone).
        page = [Line(1, title, 1)]
        for _, text in kept:
            page += [_GAP, Line(len(page) + 2, text, 1)]
        again = find_head(page, rules)
        if again.title_idx == 0:
            drop: set[int] = set()
            for rule_id, found in (("MD101", again.bylines), ("MD103", again.stamps), ("MD102", again.repeats)):
                if rule_id == "MD102" or rules.enabled(rule_id):
                    for j in found:
                        i = kept[(j - 2) // 2][0]
                        ln = lines[i]
                        taken[i] = Removal(rule_id, "metadata", ln.text, ln.no, ln.col)
                        drop.add(i)
            if rules.enabled("MD103"):
                gone = {j for j in range(2, len(page), 2) if kept[(j - 2) // 2][0] in drop}
                for j in source_age_lines(page, 0, rules, gone):
                    i = kept[(j - 2) // 2][0]
                    ln = lines[i]
                    taken[i] = Removal("MD103", "metadata", ln.text, ln.no, ln.col)
                    drop.add(i)
            if again.byline_idx is not None and (again.byline_idx - 2) // 2 < len(kept) and \
                    kept[(again.byline_idx - 2) // 2][0] in drop and byline is None:
                byline = again.byline
            if again.stamp_idx is not None and (again.stamp_idx - 2) // 2 < len(kept) and \
                    kept[(again.stamp_idx - 2) // 2][0] in drop and published is None:
                published = again.published
            kept = [x for x in kept if x[0] not in drop]
        if settle and late:
            kept = _settle(title, kept, lines, rules, now, taken, related)
    paragraphs = [text for _, text in kept]
    if published is None and now is not None:
        # No dated stamp: the age under the headline ('Reuters · 3h', 'Published 8 hours ago')
        # dates the story, as a related record's age dates it.
        for k in sorted(k for k, r in taken.items() if r is not None and r.rule == "MD103"):
            age = line_age(lines[k])
            if age is not None:
                published = ages.published(age, now)
                break

    removed.extend(r for r in taken.values() if r is not None)
    site = site_part(head, lines, title, rules) if head.title_idx not in taken else None
    if site is not None:  # the site's name the title line ends with (MD105)
        removed.append(site)
    removed.sort(key=lambda r: (r.line, r.col))
    return Result(
        title=title,
        byline=repair(byline) if byline else byline,
        paragraphs=tuple(paragraphs),
        related=_distinct(r for _, r in sorted(related, key=lambda x: x[0])),
        removed=tuple(removed),
        published=published,
        kind=kind,
    )
