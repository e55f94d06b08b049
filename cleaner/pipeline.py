"""The text pipeline, stage by stage. `clean()` in `cleaner/__init__.py` is the public entry.

    decode -> segment -> title/byline -> block rules (label) -> zones + related records
           -> block rules (revise weak labels) -> inline rules -> repair -> Result
"""

from __future__ import annotations

from datetime import datetime

from . import ages
from .blocks import label_lines, line_rule, periphery, resolve_weak
from .content import Content, find_content
from .inline import cut_line
from .model import Related, Removal, Result
from .related import Record
from .repair import repair
from .rules.registry import RuleSet
from .segment import Line, segment
from .title import Head, find_head
from .zones import comment_threads, find_zones


def _related(rec: Record, rules: RuleSet, now: datetime | None, removed: list[Removal]) -> Related:
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
        published=ages.published(rec.age, now),
        summary=summary,
    )


def run_text(text: str, rules: RuleSet, *, url: str | None = None, now: datetime | None = None) -> Result:
    return run_lines(segment(text), rules, url=url, now=now)


def run_lines(lines: list[Line], rules: RuleSet, *, url: str | None = None, now: datetime | None = None,
              kind: str = "text", head: Head | None = None, whole_page: bool = True) -> Result:
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
    content = find_content(lines, rules, keep | set(taken), head.title) if whole_page else Content()
    if head.byline_idx is None and content.byline_idx is not None and rules.enabled("MD101"):
        head.byline, head.byline_idx = content.byline, content.byline_idx
        ln = lines[content.byline_idx]
        taken[content.byline_idx] = Removal("MD101", "metadata", ln.text, ln.no, ln.col)
    if head.repeat_idx is None and content.title:
        head.title = content.title
    byline = head.byline if head.byline_idx in taken else None
    published = head.published if head.stamp_idx in taken else None

    skip = keep | set(taken)
    chrome, weak = label_lines(lines, rules, skip)
    taken.update(chrome)

    removed: list[Removal] = []
    related: list[Related] = []
    index = {ln.no: i for i, ln in enumerate(lines)}
    for zone in find_zones(lines, keep | set(taken) | content.no_zones, rules):
        rid = zone.rule_id
        if zone.heading is not None:
            h = zone.heading
            taken[index[h.no]] = Removal(rid, "related", h.text, h.no, h.col)
        rec_rule = "RL112" if zone.kind == "most-read" else ("RL111" if rid == "RL111" else "RL110")
        if not rules.enabled(rec_rule) or not rules.enabled(rid):
            continue
        for rec in zone.records:
            rule_id, family = ("RL113", "ads") if rec.sponsored else (rec_rule, "related")
            for ln in rec.lines:
                taken[index[ln.no]] = Removal(rule_id, family, ln.text, ln.no, ln.col)
            if zone.kind != "most-read" and not rec.sponsored:
                related.append(_related(rec, rules, now, removed))

    if rules.enabled("CH310"):
        start = content.span[0] if content.active and content.span else 0
        taken.update(comment_threads(lines, rules, taken, weak, keep, start))
    for i, rem in content.removed.items():
        if rules.enabled(rem.rule) and i not in taken:
            named = line_rule(lines[i].text, rules, weak=True) if i in weak else None
            if named is not None:  # a weak label outside the article: name it by its own rule
                rem = Removal(named.id, named.family, rem.text, rem.line, rem.col)
            taken[i] = rem

    # Inline rules run before weak labels are revised: a line that is all caption is chrome
    # for its neighbours too, so cleaning the output again finds the same neighbourhoods.
    texts: dict[int, str] = {}
    for i, ln in enumerate(lines):
        if ln.blank or i in taken or i in keep:
            continue
        text, cuts = cut_line(ln, rules)
        if cuts:
            removed.extend(cuts)
            if not text.strip(" .,;:|-–—"):
                taken[i] = None  # type: ignore[assignment]  # removed by its cuts, reported above
                continue
        texts[i] = text

    weak -= set(taken)
    weak_gone = resolve_weak(lines, rules, weak, set(taken), keep)
    taken.update(weak_gone)
    edges = periphery(lines, rules, taken, keep)
    taken.update(edges)
    weak_gone.update(edges)

    paragraphs: list[str] = []
    for i, text in texts.items():
        if i in weak_gone:
            continue
        text = repair(text)
        if text:
            paragraphs.append(text)

    removed.extend(r for r in taken.values() if r is not None)
    removed.sort(key=lambda r: (r.line, r.col))
    return Result(
        title=repair(head.title) if head.title else None,
        byline=byline,
        paragraphs=tuple(paragraphs),
        related=tuple(related),
        removed=tuple(removed),
        published=published,
        kind=kind,
    )
