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
from .textfeatures import ends_sentence, is_prose, words

# Three weak labels in a row are a menu or a share row, whatever surrounds them.
WEAK_RUN_MIN = 3


def line_rule(text: str, rules: RuleSet, *, weak: bool = False) -> Rule | None:
    """The first line rule (strong, or weak if asked) that matches `text` whole."""
    return rules.first_line(text, weak=weak)  # one combined regex per RuleSet (registry.py)


def label_lines(lines: list[Line], rules: RuleSet, skip: set[int],
                gone: set[int] = frozenset()) -> tuple[dict[int, Removal], set[int]]:
    """Pass 1. Returns ({index: Removal} for strong chrome, {indices of weak candidates}).
    `gone`: lines already removed as chrome (zones), which an `after_chrome` pair rule reads as
    the chrome above it."""
    chrome: dict[int, Removal] = {}
    weak: set[int] = set()
    n = len(lines)
    first_line_any, pair_candidates, next_fullmatch = rules.first_line_any, rules.pair_candidates, rules.next_fullmatch
    may_close_pair = rules.may_close_pair
    for i, line in enumerate(lines):
        text = line.text
        if not text or i in skip or i in chrome:  # (blank; a pair's second line)
            continue
        rule = first_line_any(text)  # strong first, else weak: one search
        if rule is not None and not rule.weak:
            chrome[i] = Removal(rule.id, rule.family, text, line.no, line.col)
            continue
        # the rules the line may start (keywords, length: registry.py), each tried on the
        # next line first: a credit or a link under a caption is rarer than a sentence, and
        # the first line's pattern is the dearer one
        pairs = pair_candidates(text)
        if pairs:
            j = _next_text(lines, i + 1, n, skip)
            if j is not None and may_close_pair(pairs, lines[j].text):  # (else no rule closes on it)
                nt = lines[j].text
                nlen = len(nt)
                nexts: dict[int, bool] = {}  # rules sharing a next pattern ('{{CREDIT_LINE}}') ask once
                for pr in pairs:
                    nrx = pr.next_rx
                    if nrx is None or nlen > pr.max_chars:
                        continue
                    key = id(nrx)
                    found = nexts.get(key)
                    if found is None:
                        found = nexts[key] = next_fullmatch(pr, nt)
                    if found and pr.match_line(text) and \
                            (not pr.after_chrome or _chrome_before(lines, i, rules, chrome, gone)):
                        chrome[i] = Removal(pr.id, pr.family, text, line.no, line.col)
                        chrome[j] = Removal(pr.id, pr.family, nt, lines[j].no, lines[j].col)
                        break
                else:
                    if rule is not None:  # weak
                        weak.add(i)
                continue
        if rule is not None:  # weak
            weak.add(i)
    return chrome, weak


def _chrome_before(lines: list[Line], i: int, rules: RuleSet, chrome: dict, gone: set[int]) -> bool:
    """The non-blank line before line i is chrome: labelled, removed by a zone, or a (weak) chrome label."""
    p = i - 1
    while p >= 0 and lines[p].blank:
        p -= 1
    if p < 0:
        return False
    return p in chrome or p in gone or rules.first_line_any(lines[p].text) is not None


def _next_text(lines: list[Line], i: int, n: int, skip: set[int]) -> int | None:
    while i < n and (not lines[i].text or i in skip):  # (blank)
        i += 1
    return i if i < n else None


def resolve_weak(lines: list[Line], rules: RuleSet, weak: set[int], gone: set[int],
                 keep: set[int]) -> dict[int, Removal]:
    """Pass 2. `gone`: indices already removed (chrome, zones). `keep`: title/byline indices."""
    out: dict[int, Removal] = {}
    if not weak:  # (no candidates, no runs: most pages, at every round)
        return out
    order = [i for i, ln in enumerate(lines) if ln.text and i not in keep]
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


# A label in the page's header or trailer: a site name, a section, a topic chip.
PERIPHERY_MAX_WORDS = 6
TRAILER_MAX_WORDS = 4
_CLOSERS = "\"'”’»)]"


# Advertisers' headlines in a trailer are in Title Case; so many capitalised words is not prose.
TITLECASE_SHARE = 0.8
TITLECASE_MAX_WORDS = 14


def _titlecase_headline(text: str) -> bool:
    ws = text.split()
    if not 3 <= len(ws) <= TITLECASE_MAX_WORDS or ends_sentence(text.rstrip(_CLOSERS)):
        return False
    caps = sum(1 for w in ws if w[:1].isupper() or w[:1].isdigit())
    return caps / len(ws) >= TITLECASE_SHARE


def _short_label(text: str, max_words: int) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return 0 < words(text) <= max_words and not ends_sentence(stripped) and len(text) <= 60


def periphery(lines: list[Line], rules: RuleSet, taken: dict, keep: set[int]) -> dict[int, Removal]:
    """Short labels outside the article's prose, next to chrome (CH990 before it, CH991 after it)."""
    out: dict[int, Removal] = {}
    order = [i for i, ln in enumerate(lines) if ln.text]  # (the non-blank lines)
    n = len(order)
    # the positions in `order` of the first and the last line of prose kept (only these two are
    # read: the lines before the first, the lines after the last)
    first = next((k for k, i in enumerate(order)
                  if i not in taken and i not in keep and is_prose(lines[i].text)), None)
    if first is None:
        return out
    last = next(k for k in range(n - 1, -1, -1)
                if order[k] not in taken and order[k] not in keep and is_prose(lines[order[k]].text))
    gone = set(taken)

    def chrome(k: int) -> bool:
        return 0 <= k < n and order[k] in gone

    if rules.enabled("CH990"):
        for k in range(first):
            i = order[k]
            if i in taken or i in keep:
                continue
            if chrome(k - 1) and chrome(k + 1) and _short_label(lines[i].text, PERIPHERY_MAX_WORDS):
                ln = lines[i]
                out[i] = Removal("CH990", "navigation", ln.text, ln.no, ln.col)
    if rules.enabled("CH991") and any(order[k] in gone for k in range(last + 1, n)):
        for k in range(n - 1, last, -1):  # (the trailer, from the end)
            i = order[k]
            if i in gone:
                continue
            edge = k + 1 >= n or chrome(k + 1) or chrome(k - 1)
            text = lines[i].text
            if edge and i not in keep and (_short_label(text, TRAILER_MAX_WORDS) or
                                           (chrome(k + 1) and _titlecase_headline(text))):
                ln = lines[i]
                out[i] = Removal("CH991", "navigation", ln.text, ln.no, ln.col)
                gone.add(i)
    return out


# A widget's heading stands right over the widget: its lines all go under one family's rules.
WIDGET_FAMILIES = frozenset({"newsletter", "comments", "share"})
WIDGET_MIN_LINES = 2
WIDGET_HEADING_MAX_WORDS = 8


def widget_headings(lines: list[Line], rules: RuleSet, taken: dict, keep: set[int]) -> dict[int, Removal]:
    """A short heading whose whole block went as one widget ('Get the Morning Brief' over a sign-up
    box's prompt, email field and button; a heading over a comment widget's prompts): the block
    runs from the heading to the next line still kept (or the end), has at least WIDGET_MIN_LINES
    lines, and every one of them was removed by a rule of the same widget family (CH992)."""
    out: dict[int, Removal] = {}
    if not rules.enabled("CH992"):
        return out
    order = [i for i, ln in enumerate(lines) if ln.text]  # (the non-blank lines)
    n = len(order)
    for k, i in enumerate(order):
        if i in taken or i in keep:
            continue
        # The block under the line: the removed lines up to the next kept one, each of the
        # first one's family (a widget's), at least WIDGET_MIN_LINES of them. Read before the
        # line's own text: most lines have a kept line under them.
        if k + 1 >= n or order[k + 1] not in taken:
            continue
        rem = taken[order[k + 1]]
        family = rem.family if rem is not None else None
        if family not in WIDGET_FAMILIES:
            continue
        count = 0
        for m in range(k + 1, n):
            j = order[m]
            if j not in taken:
                break
            rem = taken[j]
            if (rem.family if rem is not None else None) != family:
                count = -1
                break
            count += 1
        if count < WIDGET_MIN_LINES:
            continue
        text = lines[i].text
        if words(text) > WIDGET_HEADING_MAX_WORDS or ends_sentence(text) or is_prose(text):
            continue
        ln = lines[i]
        out[i] = Removal("CH992", "navigation", ln.text, ln.no, ln.col)
    return out
