"""Inline rules: captions and credits inside a paragraph.

'... ground offensive. People gather ... in February. | Reuters Hezbollah has since ...' keeps
'... ground offensive.' and 'Hezbollah has since ...' and removes the caption sentence with its
credit. A rule's `extent` says how far a match reaches:
  match     only the matched text
  sentence  back to the start of the sentence the match follows
  caption   the whole line when the match ends it and the line is caption-sized, else sentence
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from .model import Removal
from .rules.registry import Rule, RuleSet
from .segment import Line
from .textfeatures import words

# A caption is a sentence or three; a line this long that ends in a credit is still a caption.
CAPTION_MAX_WORDS = 60
# A caption sentence longer than this is not one: remove only the credit then.
SENTENCE_MAX_CHARS = 500
# An inline rule looks at lines of up to REACH x its max_chars characters (a paragraph holds
# several captions); a longer line is left to the other stages.
REACH = 50

_BOUNDARY = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_ABBREV = frozenset(
    "mr mrs ms dr st jr sr lt gen col capt sgt maj adm gov sen rep prof rev hon no vs etc inc corp "
    "co ltd jan feb mar apr jun jul aug sep sept oct nov dec fig ft mt sr sra dra av nr bzw ca".split()
)


@dataclass(frozen=True)
class Cut:
    start: int
    end: int
    rule: Rule


def sentence_starts(text: str) -> list[int]:
    """Indices where a sentence of `text` begins after a boundary, in order (one pass)."""
    starts = []
    for m in _BOUNDARY.finditer(text):
        p = m.start()  # the punctuation
        nxt = m.end()
        if nxt >= len(text):
            break
        word = re.search(r"(\w+)\W*$", text[max(0, p - 12):p])
        w = word.group(1) if word else ""
        if w.lower() in _ABBREV:
            continue
        if len(w) == 1 and w.isupper():  # initials, "U.S."
            continue
        if text[p] == "." and p >= 2 and text[p - 2] == ".":  # "U.S."
            continue
        ch = text[nxt]
        if ch.isupper() or ch.isdigit() or ch in "\"'“‘«¿¡(":
            starts.append(nxt)
    return starts


def sentence_start(text: str, end: int, starts: list[int] | None = None) -> int:
    """Index where the sentence that ends at `end` begins. `starts`: `sentence_starts(text)`,
    when the caller asks for many ends of one text (keeps a long line linear, not quadratic)."""
    if starts is None:
        starts = sentence_starts(text)
    k = bisect.bisect_left(starts, end)
    return starts[k - 1] if k else 0


def find_cuts(text: str, rules: RuleSet) -> list[Cut]:
    """Non-overlapping spans of `text` that inline rules remove, left to right."""
    return list(cuts_of(text, rules))


def cuts_of(text: str, rules: RuleSet) -> tuple[Cut, ...]:
    """`find_cuts`' spans as the remembered tuple itself, not copied into a list: for the callers
    that only read them (the stages ask about most lines several times a page)."""
    gate = rules._matchers.get(_GATE) or _gate(rules)
    found = gate[0].get(text)
    if found is None:
        if len(text) > gate[1]:
            # No rule looks at a line this long (see _find_cuts): the screen would search it
            # whole for nothing, on every stage that asks (a long line is not memoized).
            return ()
        marks = gate[2]
        if marks is not None and marks(text) is None:
            found = gate[0].put(text, ())
        else:
            screen = rules.inline_screen()[1]  # (asked here: a line with a mark is rare)
            if screen is not None and screen.search(text) is None:
                found = gate[0].put(text, ())
            else:
                found = gate[0].put(text, tuple(_find_cuts(text, rules)))
    return found


_GATE = ("inline", "find_cuts")  # (the rule set's own cache holds `_gate`'s answer)


def _gate(rules: RuleSet) -> tuple:
    """What `find_cuts` reads of `rules`, made once per rule set: its memo, the longest line an
    inline rule looks at (`REACH` x its max_chars; -1 without inline rules), a search for the
    punctuation marks one of which a line needs for some rule to match (`RuleSet.inline_screen`'s
    marks: one character class, where each is one character; its answer is None where the line
    holds none of them, as `any(m in text for m in marks)` would say; None: no such test). The
    screen itself is asked of the rule set on each line that holds a mark."""
    marks, _ = rules.inline_screen()
    longest = max((rule.max_chars * REACH for rule in rules.inline), default=-1)
    search = None
    if marks is not None:
        if marks and all(len(m) == 1 for m in marks):
            search = re.compile("[" + "".join(sorted(map(re.escape, marks))) + "]").search
        else:
            search = lambda text, marks=tuple(marks): next((m for m in marks if m in text), None)  # noqa: E731
    found = rules._matchers[_GATE] = (rules.memo("cuts"), longest, search)
    return found


def _find_cuts(text: str, rules: RuleSet) -> list[Cut]:
    cuts: list[Cut] = []
    starts: list[int] | None = None  # computed once, on the first match that needs them
    n_words: int | None = None
    text_end = len(text.rstrip())
    for rule in rules.inline:
        if len(text) > rule.max_chars * REACH:
            continue
        for m in rule.rx.finditer(text):
            s, e = m.start(), m.end()
            if rule.extent in ("sentence", "caption"):
                line_end = e >= text_end
                if rule.extent == "caption" and line_end and n_words is None:
                    n_words = words(text)
                if rule.extent == "caption" and line_end and n_words <= CAPTION_MAX_WORDS:
                    s = 0
                else:
                    if starts is None:
                        starts = sentence_starts(text)
                    st = sentence_start(text, s, starts)
                    if s - st <= SENTENCE_MAX_CHARS:
                        s = st
            cuts.append(Cut(s, e, rule))
    cuts.sort(key=lambda c: (c.start, -c.end))
    out: list[Cut] = []
    for c in cuts:
        if out and c.start < out[-1].end:
            if c.end <= out[-1].end:
                continue
            # Overlaps the previous cut and reaches past it: remove the rest of it too, or the
            # leftover is a caption fragment that cleaning the output again would remove.
            c = Cut(out[-1].end, c.end, c.rule)
        out.append(c)
    return out


def apply_cuts(text: str, cuts: Sequence[Cut]) -> str:
    parts, pos = [], 0
    for c in cuts:
        parts.append(text[pos:c.start])
        pos = c.end
    parts.append(text[pos:])
    return " ".join(p.strip() for p in parts if p.strip())


def cut_line(line: Line, rules: RuleSet) -> tuple[str, list[Removal]]:
    """The line's text with inline chrome cut out, and a Removal (line, column) for each cut."""
    text = line.text
    cuts = cuts_of(text, rules)
    if not cuts:
        return text, []
    removals = []
    for c in cuts:
        span = text[c.start:c.end]
        lead = len(span) - len(span.lstrip())
        removals.append(Removal(c.rule.id, c.rule.family, span.strip(), line.no, line.col_at(c.start + lead)))
    return apply_cuts(text, cuts), removals


# What a line shows once the inline rules have cut it: a caption cut from a related summary, a
# credit ending a headline. Stages that read lines as a second cleaning would use this.
_EMPTY = " .,;:|-–—"


def after_cuts(text: str, rules: RuleSet) -> str:
    """`text` as the inline rules leave it ("" when they take it whole)."""
    cuts = cuts_of(text, rules)
    if not cuts:
        return text
    rest = apply_cuts(text, cuts).strip()
    return rest if rest.strip(_EMPTY) else ""
