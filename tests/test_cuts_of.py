"""`inline.cuts_of` (the remembered spans, not copied) answers as the former `find_cuts` did, which
these tests keep as the reference; and the callers that read it give what they gave."""

from __future__ import annotations

import pytest

from cleaner import default_rules
from cleaner.inline import Line, _find_cuts, _gate, after_cuts, apply_cuts, cut_line, cuts_of, find_cuts
from cleaner.memo import clear_all

from .test_line_questions import LINES


def reference_find_cuts(text, rules):
    """`find_cuts` as it stood before `cuts_of`: each answer copied into a new list."""
    gate = rules._matchers.get(("inline", "find_cuts")) or _gate(rules)
    memo = gate[0]
    found = memo.get(text)
    if found is None:
        if len(text) > gate[1]:
            return []
        marks = gate[2]
        if marks is not None and marks(text) is None:
            found = memo.put(text, ())
        else:
            screen = rules.inline_screen()[1]
            if screen is not None and screen.search(text) is None:
                found = memo.put(text, ())
            else:
                found = memo.put(text, tuple(_find_cuts(text, rules)))
    return list(found)


def reference_after_cuts(text, rules):
    cuts = reference_find_cuts(text, rules)
    if not cuts:
        return text
    rest = apply_cuts(text, cuts).strip()
    return rest if rest.strip(" .,;:|-–—") else ""


ODD = ["", " ", "a | b", "(c)", "x © y", "Photo: AP | Share", "x" * 5000 + " | Share"]


@pytest.mark.parametrize("engine", ["re2", "re"])
def test_cuts_of_answers_as_find_cuts_did(engine):
    rules = default_rules() if engine == "re2" else default_rules().with_engine("re")
    texts = LINES + ODD
    for first in ("new", "reference"):  # each on a cold memo, and then from the other's answers
        clear_all()
        for text in texts:
            if first == "new":
                got, want = cuts_of(text, rules), reference_find_cuts(text, rules)
            else:
                want, got = reference_find_cuts(text, rules), cuts_of(text, rules)
            assert isinstance(got, tuple)
            assert list(got) == want, text
            assert cuts_of(text, rules) == got  # asked again: the same answer
            listed = find_cuts(text, rules)
            assert isinstance(listed, list) and listed == want and listed is not find_cuts(text, rules)


def test_cut_line_and_after_cuts_read_as_before():
    rules = default_rules()
    clear_all()
    for text in LINES[::3] + ODD:
        assert after_cuts(text, rules) == reference_after_cuts(text, rules), text
        line = Line(7, text, 3)
        got_text, removals = cut_line(line, rules)
        cuts = reference_find_cuts(text, rules)
        assert got_text == (apply_cuts(text, cuts) if cuts else text)
        assert isinstance(removals, list) and len(removals) == len(cuts)
        assert [r.rule for r in removals] == [c.rule.id for c in cuts]
