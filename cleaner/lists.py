"""List kinds: what a list of links to other articles is, read from its heading.

A list found by the zones (text mode) or the DOM (HTML mode) is `related` to the article unless
its heading says otherwise: more from the same section or author (RL131), the latest stories
(RL130), recommended ones (RL132), or the most read (RL133, or a most-read zone). The vocabulary
is rule data (`rules/related.toml`); this module only applies it, and filters records by kind.
"""

from __future__ import annotations

from typing import Iterable

from .model import RELATED_KINDS, Related
from .rules.registry import RuleSet

# Tried in this order: 'More from the newsroom's latest' is more-from, 'Latest picks' latest.
_KIND_RULES = (("RL131", "more-from"), ("RL130", "latest"), ("RL132", "recommended"), ("RL133", "most-read"))
HEADING_MAX_CHARS = 100


def kind_of(heading: str | None, rules: RuleSet, zone: str | None = None) -> str:
    """The kind of a list under `heading`; `zone` is the zone rule's answer ('most-read' ...)."""
    text = " ".join((heading or "").split()).strip(" :-–—|›»")
    if text and len(text) <= HEADING_MAX_CHARS:
        for rid, kind in _KIND_RULES:
            rule = rules.get(rid)
            if rule is not None and rule.rx is not None and rules.enabled(rid) and rule.match_line(text):
                return kind
    return "most-read" if zone == "most-read" else "related"


def sponsored_heading(heading: str | None, rules: RuleSet) -> bool:
    """The heading of a list of paid or partner links (RL134): its cards are ads, never records."""
    text = " ".join((heading or "").split()).strip(" :-–—|›»")
    rule = rules.get("RL134")
    return bool(text) and len(text) <= HEADING_MAX_CHARS and rule is not None and rule.rx is not None \
        and rules.enabled("RL134") and rule.match_line(text)


def check_kinds(kinds: Iterable[str] | None) -> frozenset[str] | None:
    """Validate a `related_kinds` argument; None keeps every kind."""
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(",") if k.strip()]
    out = frozenset(k.strip() for k in kinds)
    bad = sorted(out - set(RELATED_KINDS))
    if bad:
        raise ValueError(f"related kinds must be among {', '.join(RELATED_KINDS)}, not {', '.join(bad)}")
    return out


def keep_kinds(records: Iterable[Related], kinds: frozenset[str] | None) -> tuple[Related, ...]:
    return tuple(r for r in records if kinds is None or r.kind in kinds)
