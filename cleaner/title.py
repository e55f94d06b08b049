"""Title and byline of a text dump.

The title is the first non-blank line when it is headline-shaped and not chrome. A dump that
starts with the page's <title> ('Story | Site') and repeats the headline a few lines later takes
the repeated headline as the title (MD102 removes the repeat). The byline is a 'By ...' line
within the first few lines after the title (MD101).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import line_rule
from .repair import repair
from .rules.registry import RuleSet
from .segment import Line
from .textfeatures import is_prose, is_titleish

# How far below the title a repeated headline or a byline may stand.
REPEAT_WINDOW = 12  # prose paragraphs
BYLINE_WINDOW = 6
# However much chrome stands between, the head is looked for only this many lines down.
HEAD_SCAN_MAX = 400

_SITE_SEP = re.compile(r"\s(?:\||-|–|—|·|::)\s")
_BYLINE = re.compile(
    r"(?:(?:written|posted|published|reported)\s)?(?:by|von|par|por|di|door|av|de)\s"
    r"(?P<name>(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*(?:\s(?:(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*|de|da|van|von|der|la|le|y|and|und|et|&)){0,7}"
    r"(?:\s?(?:,|and|und|et|y|&)\s(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*(?:\s(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*){0,3}){0,3})"
    r"(?P<rest>\s?(?:[,|·•]|\son\s|\sam\s|\sle\s|\sel\s).{0,80})?",
    re.IGNORECASE,
)
BYLINE_MAX_CHARS = 140


@dataclass
class Head:
    title: str | None = None
    title_idx: int | None = None
    repeat_idx: int | None = None
    repeats: list[int] = field(default_factory=list)
    byline: str | None = None
    byline_idx: int | None = None
    byline_repeats: list[int] = field(default_factory=list)


# Chrome lines (menus, banners) may stand above the title; look this far for it.
TITLE_WINDOW = 40


def _first_text(lines: list[Line], rules: RuleSet) -> int | None:
    """The first non-blank line that no strong line rule calls chrome."""
    seen = 0
    for i, line in enumerate(lines):
        if line.blank:
            continue
        seen += 1
        if seen > TITLE_WINDOW:
            return None
        if line_rule(line.text, rules) is None:
            return i
    return None


def find_head(lines: list[Line], rules: RuleSet) -> Head:
    head = Head()
    i = _first_text(lines, rules)
    if i is None:
        return head
    text = lines[i].text
    if not is_titleish(text):
        return head
    head.title, head.title_idx = text, i
    # The page <title> often carries the site name; the <h1> repeats the headline alone.
    # Every repeat of the headline near the top goes (MD102); the title keeps the shortest form.
    # The windows count only lines that stay, or cleaning the output again finds a repeat or a
    # byline that has moved into the window and the output is not a fixed point: the repeat
    # window counts prose paragraphs (chrome, zone records and the repeats themselves go), the
    # byline window counts lines no line rule or zone heading takes.
    seen = 0
    key = repair(text)
    short = None
    for j in range(i + 1, min(len(lines), i + 1 + HEAD_SCAN_MAX)):
        if lines[j].blank:
            continue
        cand = repair(lines[j].text)
        if cand == key or cand == short or \
                (head.repeat_idx is None and len(cand) >= 12 and _is_title_prefix(cand, key)):
            if head.repeat_idx is None:
                head.title = lines[j].text
                short = cand  # later copies of the short form are repeats too
            head.repeat_idx = j
            head.repeats.append(j)
            continue
        if is_prose(lines[j].text):
            seen += 1
            if seen >= REPEAT_WINDOW:
                break
    start = i + 1
    seen = 0
    for j in range(start, min(len(lines), start + HEAD_SCAN_MAX)):
        if lines[j].blank or j in head.repeats:
            continue
        if head.byline_idx is not None and lines[j].text == lines[head.byline_idx].text:
            head.byline_repeats.append(j)  # the same byline again goes with it
            continue
        if not _chrome(lines[j].text, rules):
            seen += 1
        if seen > BYLINE_WINDOW:
            break
        if head.byline_idx is None:
            name = byline_of(repair(lines[j].text))  # as the output will read it
            if name:
                head.byline, head.byline_idx = name, j
                seen -= 1  # it goes: it does not use the window up
    return head


def _chrome(text: str, rules: RuleSet) -> bool:
    """A line a line rule (strong, or weak) may remove, or a zone heading."""
    return line_rule(text, rules) is not None or line_rule(text, rules, weak=True) is not None or \
        any(r.match_line(text) for r in rules.zone)


def _is_title_prefix(cand: str, page_title: str) -> bool:
    """'Story' against the page title 'Story | Site' (or 'Site - Story')."""
    parts = _SITE_SEP.split(page_title)
    return len(parts) > 1 and cand in (parts[0].strip(), parts[-1].strip())


def byline_of(text: str) -> str | None:
    if len(text) > BYLINE_MAX_CHARS:
        return None
    m = _BYLINE.fullmatch(text)
    if not m:
        return None
    return m.group("name").strip()
