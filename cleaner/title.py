"""Title and byline of a text dump.

The title is the first non-blank line when it is headline-shaped and not chrome. A dump that
starts with the page's <title> ('Story | Site') and repeats the headline a few lines later takes
the repeated headline as the title (MD102 removes the repeat). The byline is a 'By ...' line
within the first few lines after the title (MD101); a timestamp line there ('Published 14 May 2025')
gives `published` (MD103).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ages import stamp_date
from .blocks import line_rule
from .repair import repair
from .rules.registry import RuleSet
from .segment import Line
from .textfeatures import is_prose, is_titleish, words


_SITE_SEP = re.compile(r"\s(?:\||-|–|—|·|::)\s")
_BYLINE = re.compile(
    r"(?:(?:written|posted|published|reported)\s)?(?:by|von|par|por|di|door|av|de)\s"
    r"(?P<name>(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*(?:\s(?:(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*|de|da|van|von|der|la|le|y|and|und|et|&)){0,7}"
    r"(?:\s?(?:,|and|und|et|y|&)\s(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*(?:\s(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*){0,3}){0,3})"
    r"(?P<rest>\s?(?:[,|·•]|\son\s|\sam\s|\sle\s|\sel\s).{0,80})?",
    re.IGNORECASE,
)
BYLINE_MAX_CHARS = 140
# Byline and date may follow a standfirst (one paragraph of prose under the headline).
HEAD_PROSE = 1


@dataclass
class Head:
    title: str | None = None
    title_idx: int | None = None
    repeat_idx: int | None = None  # the <h1> form of the headline, when the title came from it
    repeats: list[int] = field(default_factory=list)
    byline: str | None = None
    byline_idx: int | None = None
    published: str | None = None
    stamp_idx: int | None = None
    bylines: list[int] = field(default_factory=list)  # every byline line of the head
    stamps: list[int] = field(default_factory=list)  # every timestamp line ('Updated ...' too)


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
    if i is None or not is_titleish(lines[i].text):
        return head
    page = lines[i].text
    head.title, head.title_idx = page, i
    # The page <title> often carries the site name ('Story | Site'); the <h1> repeats the
    # story side alone, and becomes the title.
    key = repair(page)
    story = _story_part(key)
    for j in range(i + 1, len(lines)):
        if story is not None and not lines[j].blank and repair(lines[j].text) == story:
            head.title, head.repeat_idx = lines[j].text, j
            break
    # Every exact repeat of either form goes (MD102), wherever it stands.
    keys = {key, repair(head.title)}
    head.repeats = [j for j in range(i + 1, len(lines))
                    if not lines[j].blank and repair(lines[j].text) in keys]
    # Byline and timestamp: between the title and the first paragraph of prose. The first of
    # each fills the field; all of them leave the body.
    # No count of lines here: a window would see other lines once chrome is gone, and
    # cleaning the output again would find what the first pass did not.
    prose = 0
    for j in range(i + 1, len(lines)):
        text = lines[j].text
        if lines[j].blank or j in head.repeats or line_rule(text, rules) is not None:
            continue
        name = byline_of(text)
        if name:
            if head.byline_idx is None:
                head.byline, head.byline_idx = name, j
            head.bylines.append(j)
            continue
        when = stamp_date(text)
        if when is not None:
            if head.stamp_idx is None:
                head.published, head.stamp_idx = when.isoformat(), j
            head.stamps.append(j)
            continue
        if is_prose(text):
            prose += 1
            if prose > HEAD_PROSE:
                break
    return head


def _story_part(page_title: str) -> str | None:
    """The story side of 'Story | Site' or 'Site - Story': the longest part (the first on a tie),
    if it has at least three words."""
    parts = [p.strip() for p in _SITE_SEP.split(page_title)]
    if len(parts) < 2:
        return None
    best = max(parts, key=len)  # max() keeps the first of equals
    return best if words(best) >= 3 else None


def byline_of(text: str) -> str | None:
    if len(text) > BYLINE_MAX_CHARS:
        return None
    m = _BYLINE.fullmatch(text)
    if not m:
        return None
    name = m.group("name").strip()
    # "Jane Doe, Local Democracy Reporter": after a lone comma comes a role or an outlet
    if name.count(",") == 1 and not re.search(r"\s(?:and|und|et|y|&)\s", name):
        name = name.split(",")[0].strip()
    return name
