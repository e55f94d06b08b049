"""A page's line table: what the text stages read of each line, worked out once per page.

The content stage and the zones (read by the content stage and again by the pipeline) ask the
same questions of the same lines: the text the inline rules leave, whether it heads a zone, its
record class. The table answers each once per line, on first asking,
and keeps the answers for this page only (a new table per page: answers never depend on what was
cleaned before). Lines are indices into the page's `lines`.
"""

from __future__ import annotations

from .inline import apply_cuts, cuts_of
from .related import Item, class_of
from .rules.registry import Rule, RuleSet
from .segment import Line

_UNSET = object()
_HEAD = ("HEAD", None, None)  # (the record class of a line that heads a zone)
_EMPTY = " .,;:|-–—"  # (inline.after_cuts: a line the cuts leave only this of is gone)


class LineTable:
    """Per-line answers for one page (`lines`, matched by `rules`), each computed on first asking."""

    __slots__ = ("lines", "rules", "_cut", "_zone", "_item", "_gap_item", "_kind", "adopted")

    def __init__(self, lines: list[Line], rules: RuleSet) -> None:
        self.lines = lines
        self.rules = rules
        n = len(lines)
        self._cut: list = [None] * n  # (text after cuts, stripped; as the zones read it)
        self._zone: list = [_UNSET] * n
        self._item: list = [None] * n  # (its Item without a gap)
        self._gap_item: list = [None] * n  # (its Item with one)
        self._kind: list = [None] * n  # (kind, age, source) of the line's items, once one is made
        self.adopted = False  # whether `adopt` gave it answers

    def adopt(self, i: int, other: "LineTable", j: int) -> None:
        """Take the answers `other` already has for its line j as this table's for line i, whose
        text is the same: every answer here is a function of the line's text and the rules alone
        (the cuts, the zone rule, the record class), and both tables read the same rules."""
        self.adopted = True
        self._cut[i] = other._cut[j]
        self._zone[i] = other._zone[j]
        self._kind[i] = other._kind[j]

    def _cuts(self, i: int) -> tuple[str, str]:
        found = self._cut[i]
        if found is None:
            text = self.lines[i].text
            cuts = cuts_of(text, self.rules)
            if not cuts:
                found = (text, text)
            else:
                rest = apply_cuts(text, cuts).strip()
                found = (rest, rest if rest.strip(_EMPTY) else "")
            self._cut[i] = found
        return found

    def cut_text(self, i: int) -> str:
        """Line i's text with the inline rules' cuts taken out (content's reading: kept even
        when only punctuation is left)."""
        return self._cuts(i)[0]

    def after_cuts(self, i: int) -> str:
        """`inline.after_cuts` of line i: "" when the cuts take it whole."""
        return self._cuts(i)[1]

    def cut_texts(self, idx: list[int]) -> list[str]:
        """`cut_text` of each line of `idx`, in order. (A line the inline rules find no cut in, most
        lines, is answered here as `_cuts` answers it, without the call.)"""
        cut, lines, rules = self._cut, self.lines, self.rules
        out: list[str] = []
        append = out.append
        for i in idx:
            found = cut[i]
            if found is None:
                text = lines[i].text
                found = cut[i] = (text, text) if not cuts_of(text, rules) else self._cuts(i)
            append(found[0])
        return out

    def zones(self, idx: list[int]) -> list[Rule | None]:
        """`zone` of each line of `idx`, in order."""
        found, zone = self._zone, self.zone
        return [r if (r := found[i]) is not _UNSET else zone(i) for i in idx]

    def zone(self, i: int) -> Rule | None:
        """The zone rule whose heading pattern matches line i as the cuts leave it (`cut_text`)."""
        found = self._zone[i]
        if found is _UNSET:
            found = self._zone[i] = self.rules.first_zone(self._cuts(i)[0])
        return found

    def item(self, i: int, gap: bool) -> Item:
        """`related.classify` of line i read after cuts (non-blank, not cut whole), with `gap`; a
        HEAD item when it heads a zone.
        Items are only read by the record parsers, so one per (line, gap) serves every reading."""
        made = self._gap_item if gap else self._item
        it = made[i]
        if it is None:
            line = self.lines[i]
            text = self._cuts(i)[1]
            if text != line.text:
                line = Line(line.no, text, line.col)
            kind = self._kind[i]
            if kind is None:
                kind = self._kind[i] = _HEAD if self.zone(i) is not None else class_of(text)
            it = made[i] = Item(line, kind[0], kind[1], kind[2], gap)
        return it

    def may_hold_records(self, idx: list[int], exclude: set[int]) -> bool:
        """Whether a zone read over this page's lines `idx` (its non-blank lines outside `exclude`,
        as `items` reads them) can hold a record: only a HEAD item (a zone heading) opens a list of
        records, and only a META item gives a record the age a list found by its shape needs for
        each of them. False when no line is either: `zones.find_zones` then finds no record."""
        cut, zone, kinds = self._cut, self._zone, self._kind
        for i in idx:
            if i in exclude or (cut[i] or self._cuts(i))[1] == "":
                continue
            rule = zone[i]
            if (rule if rule is not _UNSET else self.zone(i)) is not None:
                return True
            kind = kinds[i]
            if (kind[0] if kind is not None else self.item(i, False).kind) == "META":
                return True
        return False

    def items(self, exclude: set[int]) -> tuple[list[Item], dict[int, Rule]]:
        """`zones.build_items` of the page: an item per line not blank, not in `exclude` and not
        cut whole (`gap`: a line left out stands before it), and the zone rule of each HEAD item
        by its position. (A line's items are made here as `item` makes them, without the call.)"""
        items: list[Item] = []
        heads: dict[int, Rule] = {}
        gap = False
        cut, made, gap_made, zone, kinds = self._cut, self._item, self._gap_item, self._zone, self._kind
        first_zone = self.rules.first_zone
        append = items.append
        for i, line in enumerate(self.lines):
            text = line.text
            if not text or i in exclude:
                gap = True
                continue
            c = cut[i]
            if c is None:
                c = self._cuts(i)
            after = c[1]
            if after == "":
                gap = True
                continue
            rule = zone[i]
            if rule is _UNSET:
                rule = zone[i] = first_zone(c[0])
            it = gap_made[i] if gap else made[i]
            if it is None:
                kind = kinds[i]
                if kind is None:
                    kind = kinds[i] = _HEAD if rule is not None else class_of(after)
                if after != text:
                    line = Line(line.no, after, line.col)
                it = Item(line, kind[0], kind[1], kind[2], gap)
                if gap:
                    gap_made[i] = it
                else:
                    made[i] = it
            if rule is not None:
                heads[len(items)] = rule
            append(it)
            gap = False
        return items, heads
