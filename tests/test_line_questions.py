"""The per-line questions' cheaper forms (textfeatures, ages, related, inline, repair, rules) give
the answers of the regexes and loops they stand in for, on the fixtures' and shared corpora's
lines and on generated text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import textfeatures
from cleaner.textfeatures import _ASCII_WORD, _WORD, words

from .conftest import FIXTURES, SHARED


def corpus_lines() -> list[str]:
    """Every distinct line (and stripped line) of the fixtures' and the shared inputs."""
    paths = sorted(FIXTURES.glob("*/input.*"))
    for sub in ("seeds", "corpus/dumps", "corpus/pages", "corpus-recall/dumps", "corpus-recall/pages"):
        paths += sorted((SHARED / sub).glob("*"))
    out: set[str] = set()
    for p in paths:
        if p.suffix in (".txt", ".html"):
            for ln in p.read_text(encoding="utf-8", errors="replace").splitlines():
                out.add(ln)
                out.add(ln.strip())
    return sorted(out)


LINES = corpus_lines()


def test_ascii_words_count_the_regex_matches_on_corpus_lines():
    for text in LINES:
        if text.isascii():
            assert words.__wrapped__(text) == _ASCII_WORD.subn("", text)[1] == len(_WORD.findall(text)), text


@settings(max_examples=2000)
@given(st.text(alphabet="aZ09_ '.-,;x\t\n!", max_size=30))
def test_ascii_words_count_the_regex_matches_on_any_text(text):
    assert words.__wrapped__(text) == _ASCII_WORD.subn("", text)[1]


def test_ascii_words_at_the_mask():
    text = "it's a U.S.-made e-mail. " * (textfeatures._MASK_BYTES // 10)
    assert len(text) > textfeatures._MASK_BYTES
    assert words.__wrapped__(text) == _ASCII_WORD.subn("", text)[1]
    edge = ("x." * textfeatures._MASK_BYTES)[:textfeatures._MASK_BYTES]
    assert words.__wrapped__(edge) == _ASCII_WORD.subn("", edge)[1] == 1


def _regex_words(text: str) -> int:
    n = _WORD.subn("", text)[1]
    cjk = len(textfeatures._CJK.findall(text))
    other = len(textfeatures._NOSPACE.findall(text)) // textfeatures.NOSPACE_WORD_CHARS
    return max(n, cjk + other) if cjk or other else n


def test_words_count_the_regex_matches_on_corpus_lines():
    for text in LINES:
        assert words.__wrapped__(text) == _regex_words(text), text


# word characters past ASCII (letters, digits, a superscript, an Arabic-Indic digit), marks, spaces
# and symbols past ASCII, a combining accent, a lone surrogate, CJK, Thai and its vowel sign
ODD_WORDS = list("aZ09_ '.-,\t") + list("éßΣ²٣’‘“”—–…«» ·©\u0301\ud800日テ한กั") + ["e\u0301", "’s"]


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(ODD_WORDS), max_size=25).map("".join))
def test_words_count_the_regex_matches_on_any_text(text):
    assert words.__wrapped__(text) == _regex_words(text)


def test_words_read_each_character_as_the_regex_does():
    """`_kind` calls a character a word character where `_WORD`'s \\w does, a joining mark where
    it is one, and sends every character of the separately counted scripts to the regexes."""
    word, spaced = re.compile(r"\w"), textfeatures._SPACED
    for code in range(128, 0x110000):
        ch = chr(code)
        kind = textfeatures._kind(ch)
        if spaced.match(ch):
            assert kind is None
        elif word.match(ch):
            assert kind == ""
        else:
            assert kind == ("'" if ch == "’" else " ")
    assert len(textfeatures._KINDS) <= 4096


def test_words_past_the_mask_use_the_regexes():
    for piece in ("it's a U.S.-made e-mail. ", "l’été — “déjà vu”. "):
        text = piece * (textfeatures._MASK_BYTES // 10)
        assert len(text.encode()) > textfeatures._MASK_BYTES
        assert words.__wrapped__(text) == _regex_words(text)


def test_find_cuts_gate_answers_as_the_rules_do():
    """`find_cuts` reads a line past every inline rule's reach as no cut, and a line without the
    marks (one character class search) as no cut: as `any(m in text ...)` and the rules say."""
    from cleaner import default_rules
    from cleaner.inline import REACH, _find_cuts, _gate, find_cuts
    from cleaner.memo import clear_all

    for rules in (default_rules(), default_rules().with_engine("re")):
        marks, _ = rules.inline_screen()
        memo, longest, search = _gate(rules)
        assert longest == max(r.max_chars for r in rules.inline) * REACH
        for text in LINES + ["a | b", "(c)", "x © y", "{", "/"]:
            assert (search(text) is not None) == any(m in text for m in marks)
        clear_all()
        for text in LINES[::7]:
            want = _find_cuts(text, rules) if len(text) <= longest else []
            assert find_cuts(text, rules) == want, text


def test_pair_filter_answers_as_the_keyword_filter():
    """`pair_candidates`' filter: the rules the keyword filter passes that allow the line's
    length, in rule order, on the corpus lines and around each rule's max_chars; and with
    case-insensitive keywords (a pack of its own)."""
    from cleaner import default_rules
    from cleaner.repair import normalize
    from cleaner.rules.registry import Rule, _KeyFilter, _PairFilter

    def reference(keys, text):
        return tuple(r for r in keys(text) if r.max_chars >= len(text))

    pair = default_rules().pair
    mine = [Rule(id=f"XX{k}01", name="x", family="x", scope="pair", explanation="x", patterns=(p,),
                 next_patterns=("y",), max_chars=m, rx=re.compile(p, re.I), next_rx=re.compile("y"))
            for k, (p, m) in enumerate([(r"photo:.*", 40), (r".*", 80), (r".*(?:getty|afp)", 120)], 1)]
    for rules in (pair, tuple(mine) + tuple(pair)):
        f, keys = _PairFilter(rules), _KeyFilter(rules)
        limits = sorted({r.max_chars for r in rules})
        texts = [normalize(t) for t in LINES] + [c * n for n in limits for c in "x|•" for n in (n - 1, n, n + 1)]
        texts += ["PHOTO: a", "Photo: Getty", "x · y", "AFP"]
        for text in texts:
            assert f(text) == reference(keys, text), text


def stamp_date_full_reading(text):
    """`stamp_date` without its digit gate (the reference)."""
    from cleaner import ages

    if len(text) > 120 or len(text.split()) > ages.STAMP_MAX_WORDS:
        return None
    found = ages._stamp_date(text)
    if found is None:
        place = ages._PLACE.match(text)
        if place is not None:
            found = ages._stamp_date(text[place.end():])
    return found


def test_stamp_date_of_a_line_without_a_digit_is_none():
    """`stamp_date` answers a line without a digit (`\\d`) with None at once: as its full reading
    does (every date it reads holds one)."""
    from cleaner import ages

    reference = stamp_date_full_reading

    extra = ["Published 14 May 2025", "Madrid, 5 de julio de 2025 - 09:41 h", "12.11.2025, 17:45 Uhr",
             "Published ٣ May ٢٠٢٥", "Updated yesterday", "June twenty-fourth"]
    for text in [t for t in LINES if len(t) <= 120] + extra:
        assert ages.stamp_date.__wrapped__(text) == reference(text), text


def test_repair_of_an_ascii_line_skips_only_what_cannot_apply():
    """`repair` on an ASCII line leaves out `normalize` and the tests for characters past ASCII:
    the same text as the full reading (which a line with one character past ASCII still gets)."""
    from cleaner.repair import (_BIDI_MARK, _FOOTNOTE, _LINKED_COMPOUND, _MULTISPACE, _POSSESSIVE,
                                _SPACE_BEFORE, _SPLIT_HYPHEN, normalize, repair)

    def reference(text):
        text = normalize(text)
        text = _SPACE_BEFORE.sub(r"\1", text)
        text = _BIDI_MARK.sub("", text)
        text = _FOOTNOTE.sub(r"[\1]", text)
        text = _POSSESSIVE.sub(lambda m: m.group(1) + (m.group(2) or m.group(3)) + "s", text)
        text = _SPLIT_HYPHEN.sub("-", _LINKED_COMPOUND.sub(r"-\1-", text))
        return _MULTISPACE.sub(" ", text).strip()

    extra = ["as saying .", "by NHK ,", "POTUS) [ 6 ] is", "Rajaratnam ’s", "Heigl' s", "Y Combinator -backed",
             "Krimi - Action -Serie", "a  b\tc", " x ", "محمد \u200e,", "soft\u00adhyphen ."]
    for text in LINES[::3] + extra:
        assert repair.__wrapped__(text) == reference(text), text


def test_next_fullmatch_answers_as_the_pattern():
    """`next_fullmatch` (RE2 where it reads the pattern, the pattern's own fullmatch elsewhere) is
    `rule.next_rx.fullmatch(text) is not None`, on the corpus lines up to each rule's max_chars."""
    from cleaner import default_rules

    for rules in (default_rules(), default_rules().with_engine("re")):
        for r in rules.pair:
            for text in LINES[::5]:
                if len(text) <= r.max_chars:
                    assert rules.next_fullmatch(r, text) == (r.next_rx.fullmatch(text) is not None), (r.id, text)


def test_starts_pair_answers_as_the_pair_rules():
    """`starts_pair` (the rules grouped by next pattern) answers as `match_line` and `match_next`
    of each pair rule, on each two consecutive lines of the fixtures and the shared dumps, and
    on each rule's examples."""
    from cleaner import default_rules

    paths = sorted(FIXTURES.glob("*/input.txt")) + sorted((SHARED / "corpus" / "dumps").glob("*.txt")) + \
        sorted((SHARED / "corpus-recall" / "dumps").glob("*.txt"))
    pairs = set()
    for p in paths:
        lines = [ln.strip() for ln in p.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
        pairs.update(zip(lines, lines[1:]))
    for rules in (default_rules(), default_rules().with_engine("re")):
        for r in rules.pair:
            for ex in r.examples + r.counterexamples:
                parts = [x.strip() for x in ex.split("\n")]
                pairs.update(zip(parts, parts[1:]))
        for text, nxt in sorted(pairs):
            want = any(r.match_line(text) and r.match_next(nxt) for r in rules.pair)
            assert rules.starts_pair(text, nxt) == want, (text, nxt)


def test_repair_hyphen_patterns_match_as_their_lookbehind_first_forms():
    """The hyphen repairs test the letter before a match after its first characters: the same
    substitutions as the patterns with the lookbehind first, on the corpus lines and any text."""
    from hypothesis import strategies as hst

    from cleaner.repair import _LINKED_COMPOUND, _SPLIT_HYPHEN

    linked = re.compile(r"(?<=[^\W\d_]) - ([^\W\d_]+) -(?=[^\W\d_])")
    split = re.compile(_SPLIT_HYPHEN.pattern.replace(r" -(?<=[^\W\d_] -)", r"(?<=[^\W\d_]) -", 1))
    assert split.pattern != _SPLIT_HYPHEN.pattern

    def check(text):
        assert _LINKED_COMPOUND.sub(r"-\1-", text) == linked.sub(r"-\1-", text)
        assert _SPLIT_HYPHEN.sub("-", text) == split.sub("-", text)

    for text in LINES:
        if " -" in text:
            check(text)
    given(hst.lists(hst.sampled_from(["a", "Z", "é", "1", "_", " ", "-", " - ", " -", "backed", "x"]),
                    max_size=12).map("".join))(settings(max_examples=3000)(check))()


@pytest.mark.parametrize("text", [
    "\ud83d\ude00 pair of lone surrogates", "x\udcffy don’t", "日本 and ’quotes’", "“Hi” — it’s ok…",
    "café’s naïve ‘déjà’", "กั test", "a’’b ’ ’x", "\u0301start", "", "é",
])
def test_words_on_lines_past_ascii_count_the_regex_matches(text):
    assert words.__wrapped__(text) == _regex_words(text)


def test_words_reads_the_characters_past_ascii_from_the_bytes():
    """`words` finds a line's characters past ASCII as its UTF-8 bytes past ASCII (surrogates
    passed), each character whole: so for every character past ASCII and a line of ASCII
    around it."""
    ascii_bytes = bytes(range(128))
    for code in range(128, 0x110000):
        ch = chr(code)
        data = f"a{ch}b{ch}".encode("utf-8", "surrogatepass")
        assert data.translate(None, ascii_bytes).decode("utf-8", "surrogatepass") == ch + ch
