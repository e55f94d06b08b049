"""Block rules: whole chrome lines (scope `line`) and line pairs (scope `pair`).

Two passes, as jusText classifies then revises:
  1. label: each line gets the first strong rule whose pattern matches the whole line, or is
     marked as a weak candidate (a bare 'Share', 'Comments', 'Home').
  2. revise (`resolve_weak`, run once zones are known): a run of weak candidates is chrome only when
     a neighbouring line is chrome, when the run is at the start or the end of the document, or
     when the run is at least `WEAK_RUN_MIN` lines long (a menu). Otherwise it stays: a one-word
     subheading between two paragraphs is the article's.
"""

from __future__ import annotations

from .model import Removal
from .rules.registry import Rule, RuleSet
from .segment import Line

# Three weak labels in a row are a menu or a share row, whatever surrounds them.
WEAK_RUN_MIN = 3


def line_rule(text: str, rules: RuleSet, *, weak: bool = False) -> Rule | None:
    """The first line rule (strong, or weak if asked) that matches `text` whole."""
    return rules.first_line(text, weak=weak)  # one combined regex per RuleSet (registry.py)


def label_lines(lines: list[Line], rules: RuleSet, skip: set[int]) -> tuple[dict[int, Removal], set[int]]:
    """Pass 1. Returns ({index: Removal} for strong chrome, {indices of weak candidates})."""
    chrome: dict[int, Removal] = {}
    weak: set[int] = set()
    n = len(lines)
    prev_text_idx = None
    for i, line in enumerate(lines):
        if line.blank or i in skip:
            continue
        if i in chrome:  # second line of a pair
            prev_text_idx = i
            continue
        rule = rules.first_line_any(line.text)  # strong first, else weak: one search
        if rule is not None and not rule.weak:
            chrome[i] = Removal(rule.id, rule.family, line.text, line.no, line.col)
        else:
            for pr in rules.pairs_for(line.text):  # keyword pre-filter (registry.py)
                if pr.match_line(line.text):
                    j = _next_text(lines, i + 1, n, skip)
                    if j is not None and pr.match_next(lines[j].text):
                        chrome[i] = Removal(pr.id, pr.family, line.text, line.no, line.col)
                        chrome[j] = Removal(pr.id, pr.family, lines[j].text, lines[j].no, lines[j].col)
                        break
            else:
                if rule is not None:  # weak
                    weak.add(i)
        prev_text_idx = i
    del prev_text_idx
    return chrome, weak


def _next_text(lines: list[Line], i: int, n: int, skip: set[int]) -> int | None:
    while i < n and (lines[i].blank or i in skip):
        i += 1
    return i if i < n else None


def resolve_weak(lines: list[Line], rules: RuleSet, weak: set[int], gone: set[int],
                 keep: set[int]) -> dict[int, Removal]:
    """Pass 2. `gone`: indices already removed (chrome, zones). `keep`: title/byline indices."""
    out: dict[int, Removal] = {}
    order = [i for i, ln in enumerate(lines) if not ln.blank and i not in keep]
    pos = {i: k for k, i in enumerate(order)}
    runs: list[list[int]] = []
    for i in sorted(weak):
        if runs and pos[runs[-1][-1]] + 1 == pos[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        before = pos[run[0]] - 1
        after = pos[run[-1]] + 1
        at_edge = before < 0 or after >= len(order)
        near_chrome = (before >= 0 and order[before] in gone) or \
            (after < len(order) and order[after] in gone)
        if at_edge or near_chrome or len(run) >= WEAK_RUN_MIN:
            for i in run:
                rule = line_rule(lines[i].text, rules, weak=True)
                ln = lines[i]
                out[i] = Removal(rule.id, rule.family, ln.text, ln.no, ln.col)
    return out
