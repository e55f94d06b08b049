"""Zones: related-article and most-read lists, found by heading vocabulary or by record shape.

A heading (a `zone` rule such as RL101) opens a zone; the zone holds only the lines that parse
as records (`related.py`) and ends at the first line that does not. Without a heading, a run of
at least `SHAPE_MIN_RECORDS` meta-first records (source / age / title), each with an age, after
the article has begun, is a zone too (RL111).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .related import Item, Record, classify, parse_meta_first, parse_records
from .rules.registry import Rule, RuleSet
from .segment import Line
from .textfeatures import is_prose

SHAPE_MIN_RECORDS = 2


@dataclass
class Zone:
    kind: str  # "related" | "most-read"
    rule_id: str  # the heading's rule, or RL111 for a zone found by shape
    heading: Line | None
    records: list[Record] = field(default_factory=list)


def _zone_rule(text: str, rules: RuleSet) -> Rule | None:
    return rules.first_zone(text)


def build_items(lines: list[Line], exclude: set[int], rules: RuleSet) -> tuple[list[Item], dict[int, Rule]]:
    """Classify every non-blank line not already taken; zone headings become HEAD items."""
    items: list[Item] = []
    heads: dict[int, Rule] = {}
    gap = False
    for i, line in enumerate(lines):
        if line.blank or i in exclude:
            gap = True
            continue
        rule = _zone_rule(line.text, rules)
        if rule is not None:
            heads[len(items)] = rule
            items.append(Item(line, "HEAD", gap=gap))
        else:
            items.append(classify(line, gap))
        gap = False
    return items, heads


def find_zones(lines: list[Line], exclude: set[int], rules: RuleSet) -> list[Zone]:
    items, heads = build_items(lines, exclude, rules)
    zones: list[Zone] = []
    seen_prose = False
    k, n = 0, len(items)
    while k < n:
        it = items[k]
        if k in heads:
            rule = heads[k]
            records, end = parse_records(items, k + 1)
            if records:
                zones.append(Zone(rule.zone or "related", rule.id, it.line, records))
                k = end
                continue
            # A heading with nothing under it goes only when nothing but chrome follows.
            if k + 1 >= n or (k + 1) in heads:
                zones.append(Zone(rule.zone or "related", rule.id, it.line, []))
            k += 1
            continue
        if seen_prose and it.kind in ("META", "TEXT"):
            records, end = parse_meta_first(items, k)
            if len(records) >= SHAPE_MIN_RECORDS and all(r.age for r in records):
                zones.append(Zone("related", "RL111", None, records))
                k = end
                continue
        if it.kind == "TEXT" and is_prose(it.line.text):
            seen_prose = True
        k += 1
    return zones
