"""blocks.label_lines answers as its former loop (kept here as the reference) on every fixture
and shared dump, with and without lines to skip."""

from __future__ import annotations

import pytest

from cleaner import default_rules
from cleaner.blocks import _chrome_before, _next_text, label_lines
from cleaner.memo import clear_all
from cleaner.model import Removal
from cleaner.segment import segment

from .conftest import FIXTURES, SHARED

RULES = default_rules()


def reference(lines, rules, skip, gone=frozenset()):
    chrome: dict = {}
    weak: set = set()
    n = len(lines)
    for i, line in enumerate(lines):
        if not line.text or i in skip:
            continue
        if i in chrome:
            continue
        rule = rules.first_line_any(line.text)
        if rule is not None and not rule.weak:
            chrome[i] = Removal(rule.id, rule.family, line.text, line.no, line.col)
        else:
            pairs = rules.pair_candidates(line.text)
            j = _next_text(lines, i + 1, n, skip) if pairs else None
            nexts: dict = {}
            for pr in pairs if j is not None else ():
                nrx, nt = pr.next_rx, lines[j].text
                if nrx is None or len(nt) > pr.max_chars:
                    continue
                if id(nrx) not in nexts:
                    nexts[id(nrx)] = rules.next_fullmatch(pr, nt)
                if nexts[id(nrx)] and pr.match_line(line.text) and \
                        (not pr.after_chrome or _chrome_before(lines, i, rules, chrome, gone)):
                    chrome[i] = Removal(pr.id, pr.family, line.text, line.no, line.col)
                    chrome[j] = Removal(pr.id, pr.family, lines[j].text, lines[j].no, lines[j].col)
                    break
            else:
                if rule is not None:
                    weak.add(i)
    return chrome, weak


PAGES = sorted(FIXTURES.glob("*/input.txt")) + sorted((SHARED / "corpus" / "dumps").glob("*.txt"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.parent.name if p.name == "input.txt" else p.stem)
def test_label_lines_as_reference(path):
    clear_all()
    lines = segment(path.read_text(encoding="utf-8", errors="replace"))
    skips = [set(), set(range(0, len(lines), 7)), {k for k, ln in enumerate(lines[:30]) if ln.text}]
    for skip in skips:
        gone = set(range(1, len(lines), 5))
        assert label_lines(lines, RULES, skip, gone) == reference(lines, RULES, skip, gone)
        assert label_lines(lines, RULES, skip) == reference(lines, RULES, skip)
