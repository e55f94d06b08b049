"""The per-page line table and the one-pass line features: the same answers as the readings they
replace (a zone's items built line by line; the tokens read twice and lower-cased per token)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import default_rules
from cleaner.content import _TOKEN, _tokens
from cleaner.linetable import LineTable
from cleaner.segment import segment
from cleaner.stopwords import LANGUAGES_OF, STOPWORDS
from cleaner.textfeatures import _WORD, words
from cleaner.zones import build_items, find_zones

FIXTURES = sorted(p for p in (Path(__file__).resolve().parent.parent / "fixtures").glob("*/input.txt"))


def _item_rows(items, heads):
    return [(it.line.no, it.line.text, it.line.col, it.kind, it.age, it.source, it.gap) for it in items], \
        {k: r.id for k, r in heads.items()}


@pytest.mark.parametrize("path", FIXTURES[:12], ids=lambda p: p.parent.name)
def test_table_items_match_build_items(path):
    rules = default_rules()
    lines = segment(path.read_text(encoding="utf-8"))
    table = LineTable(lines, rules)
    for exclude in (set(), set(range(0, len(lines), 3)), set(range(len(lines) // 2))):
        assert _item_rows(*build_items(lines, exclude, rules, table)) == _item_rows(*build_items(lines, exclude, rules))
        zones = find_zones(lines, exclude, rules, table)
        plain = find_zones(lines, exclude, rules)
        assert [(z.rule_id, z.heading, [r.lines for r in z.records]) for z in zones] == \
            [(z.rule_id, z.heading, [r.lines for r in z.records]) for z in plain]


def test_table_cut_texts():
    rules = default_rules()
    lines = segment("Crews worked overnight. Photo: John Smith/Reuters\n\nPhoto: Jane Doe/AP\n\nplain line")
    table = LineTable(lines, rules)
    from cleaner.inline import after_cuts

    for i, ln in enumerate(lines):
        assert table.after_cuts(i) == after_cuts(ln.text, rules)


def _reference(text: str, stop):
    """The readings `_tokens` replaces: the lower-cased line tokenised for the page's language, the
    line tokenised again for the stopword and Title-Case shares."""
    low = _TOKEN.findall(text.lower())
    toks = _TOKEN.findall(text)
    density = sum(map(stop.__contains__, map(str.lower, toks))) / len(toks) if toks and stop is not None else 0.0
    caps = [t for t in toks if len(t) > 3]
    tc = sum(1 for t in caps if t[0].isupper()) / len(caps) if caps else 0.0
    return len(low), [t for t in low if t in LANGUAGES_OF], density, tc


SAMPLES = [
    "", "Home", "The ferry will run every half hour, and it's late.", "İstanbul'da İSTANBUL ODOS ΟΔΟΣ",
    "Straße STRASSE ß ẞ Fähre", "l'été d’un jour", "rock'n'roll don't", "1,2 Millionen Euro 3rd",
    "日本語のテキスト and English", "ǅemal ǈubljana ǋ", "under_score foo-bar U.S.",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("lang", [None, "en", "de", "fr", "tr"])
def test_tokens_match_reference(text, lang):
    stop = STOPWORDS.get(lang) if lang else None
    tk = _tokens.__wrapped__(text)
    n, stops, density, tc = _reference(text, stop)
    assert (tk.n_lower, tk.stops_lower, tk.density(stop), tk.titlecase) == (n, stops, density, tc)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aAzZ 'ʼ’.-_9İıßẞΣσςéÉ日") + ["  ", "\t"]), max_size=40).map("".join))
def test_tokens_and_words_match_reference_on_any_text(text):
    tk = _tokens.__wrapped__(text)
    stop = STOPWORDS["en"]
    n, stops, density, tc = _reference(text, stop)
    assert (tk.n_lower, tk.stops_lower, tk.density(stop), tk.titlecase) == (n, stops, density, tc)
    if text.isascii():
        assert words.__wrapped__(text) == len(_WORD.findall(text))
    assert re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?").findall(text) == _TOKEN.findall(text) or not text.isascii()


def test_printable_lines_hold_no_blank_but_the_space():
    """`segment` reads a printable line without a double space as having no run of blanks: every
    blank the pattern's \\s matches, but the space, is a non-printable character."""
    import sys

    from cleaner.segment import _BLANKS

    assert not [c for c in map(chr, range(sys.maxunicode + 1))
                if c != " " and c.isprintable() and (c.isspace() or _BLANKS.fullmatch(c))]
    for text in ("a b", "a  b", "a\tb", "a\u00a0b", "a\u2009 b", "a\u3000b", "a\x1cb", "plain"):
        lines = segment(text)
        assert lines[0].text == _BLANKS.sub(" ", text)


@pytest.mark.parametrize("engine", ["re2", "re"])
def test_comment_headings_read_through_the_rule_set(engine):
    """`_is_comment_heading` asks the comment rules only of lines some line rule matches: the
    same answers as asking them of every line."""
    from cleaner.content import _COMMENT_COUNT, _SINGULAR_COMMENT, _VIEW_COMMENTS, _is_comment_heading

    rules = default_rules().with_engine(engine)

    def asked(text):
        if _COMMENT_COUNT.fullmatch(text) or _VIEW_COMMENTS.fullmatch(text):
            return True
        for rule in rules.active("CH301", "CH302"):
            if rule.match_line(text):
                return not (rule.weak and _SINGULAR_COMMENT.fullmatch(text))
        return False

    texts = {"Comments", "Comment", "comments:", "12 Comments", "Leave a Reply", "Kommentare", "Reactions",
             "Discussion", "Réactions", "View comments (3)", "There are 13 comments", "Share", "Home",
             "The council voted on Tuesday to reopen the ferry landing."}
    for path in FIXTURES[:20]:
        texts |= {ln.text for ln in segment(path.read_text(encoding="utf-8")) if ln.text}
    assert [t for t in sorted(texts) if _is_comment_heading(t, rules) != asked(t)] == []


def test_lower_case_reads_as_the_line_but_for_two_characters():
    """`_tokens` lower-cases a line's tokens instead of tokenising the lower-cased line, except on a
    line holding one of `_RELOWER`'s characters: every other character lower-cases to one character
    of its own kind for `_TOKEN` (a letter, an apostrophe, or neither), whatever stands around it."""
    import sys

    from cleaner.content import _RELOWER

    def kind(c: str) -> int:
        return 2 if c in "'’" else int(bool(_TOKEN.fullmatch(c)))

    odd = [c for c in map(chr, range(sys.maxunicode + 1))
           if len(c.lower()) != 1 or kind(c) != kind(c.lower())]
    assert sorted(odd + ["\u03a3"]) == sorted(_RELOWER.pattern.strip("[]"))
    # ('Σ' alone lower-cases to one letter, but which one depends on its neighbours)
    assert "ΟΔΟΣ.Α".lower() != "ΟΔΟΣ".lower() + ".α"
