"""The text pipeline, stage by stage. `clean()` in `cleaner/__init__.py` is the public entry.

    decode -> segment -> title/byline -> block rules (label) -> zones + related records
           -> block rules (revise weak labels) -> inline rules -> repair -> Result
"""

from __future__ import annotations

from datetime import datetime

from . import ages
from .blocks import label_lines, resolve_weak
from .inline import apply_cuts, find_cuts
from .model import Related, Removal, Result
from .related import Record
from .repair import repair
from .rules.registry import RuleSet
from .segment import Line, segment
from .title import find_head
from .zones import find_zones


def _related(rec: Record, rules: RuleSet, now: datetime | None, removed: list[Removal]) -> Related:
    summary = None
    if rec.summary_lines:
        parts = []
        for ln in rec.summary_lines:
            text = ln.text
            cuts = find_cuts(text, rules)
            for c in cuts:
                removed.append(Removal(c.rule.id, c.rule.family, text[c.start:c.end].strip(), ln.no,
                                       ln.col + c.start + (len(text[c.start:c.end]) - len(text[c.start:c.end].lstrip()))))
            parts.append(repair(apply_cuts(text, cuts)) if cuts else repair(text))
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
    lines = segment(text)
    head = find_head(lines, rules)
    taken: dict[int, Removal] = {}
    keep: set[int] = set()
    if head.title_idx is not None:
        keep.add(head.title_idx)
    for j in head.repeats:
        ln = lines[j]
        taken[j] = Removal("MD102", "metadata", ln.text, ln.no, ln.col)
    if head.byline_idx is not None and rules.enabled("MD101"):
        for k in (head.byline_idx, *head.byline_repeats):
            ln = lines[k]
            taken[k] = Removal("MD101", "metadata", ln.text, ln.no, ln.col)
    byline = head.byline if head.byline_idx in taken else None

    skip = keep | set(taken)
    chrome, weak = label_lines(lines, rules, skip)
    taken.update(chrome)

    removed: list[Removal] = []
    related: list[Related] = []
    index = {ln.no: i for i, ln in enumerate(lines)}
    for zone in find_zones(lines, keep | set(taken), rules):
        rid = zone.rule_id
        if zone.heading is not None:
            h = zone.heading
            taken[index[h.no]] = Removal(rid, "related", h.text, h.no, h.col)
        rec_rule = "RL112" if zone.kind == "most-read" else ("RL111" if rid == "RL111" else "RL110")
        if not rules.enabled(rec_rule) or not rules.enabled(rid):
            continue
        for rec in zone.records:
            for ln in rec.lines:
                taken[index[ln.no]] = Removal(rec_rule, "related", ln.text, ln.no, ln.col)
            if zone.kind != "most-read":
                related.append(_related(rec, rules, now, removed))

    # Inline rules run before weak labels are revised: a line that is all caption is chrome
    # for its neighbours too, so cleaning the output again finds the same neighbourhoods.
    texts: dict[int, str] = {}
    for i, ln in enumerate(lines):
        if ln.blank or i in taken or i in keep:
            continue
        text = ln.text
        cuts = find_cuts(text, rules)
        if cuts:
            for c in cuts:
                span = text[c.start:c.end]
                lead = len(span) - len(span.lstrip())
                removed.append(Removal(c.rule.id, c.rule.family, span.strip(), ln.no,
                                       ln.col + c.start + lead))
            text = apply_cuts(text, cuts)
            if not text.strip(" .,;:|-–—"):
                taken[i] = None  # type: ignore[assignment]  # removed by its cuts, reported above
                continue
        texts[i] = text

    weak -= set(taken)
    weak_gone = resolve_weak(lines, rules, weak, set(taken), keep)
    taken.update(weak_gone)

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
        kind="text",
    )
