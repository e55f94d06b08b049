"""The content stage's per-line readings answer as the code they replace (kept here as references)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.content import _LETTER_PAST_ASCII, _TOKEN, Tokens, _tokens
from cleaner.stopwords import LANGUAGES_OF

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*/input.txt"))


def _corpus_lines() -> list[str]:
    """The distinct lines of every fixture's input, the test data's dumps and the shared corpus's
    dumps (when present)."""
    paths = list(FIXTURES) + sorted((ROOT / "tests" / "data" / "dumps").glob("*.txt")) + \
        sorted((ROOT.parent / "shared" / "corpus" / "dumps").glob("*.txt"))
    seen: dict[str, None] = {}
    for p in paths:
        for line in p.read_bytes().decode("utf-8", "replace").splitlines():
            seen[line.strip()] = None
    return list(seen)


_IS_STOP = LANGUAGES_OF.__contains__
_RELOWER = re.compile("[\u0130\u03a3]")
_ASCII_TOKEN_REF = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def _tokens_reference(text: str) -> Tokens:
    """`_tokens` as it read every line: `_TOKEN` (its ASCII form on an ASCII line), the tokens
    joined, lower-cased and split again unless the line holds one of `_RELOWER`'s letters."""
    if text.isascii():
        toks, plain = _ASCII_TOKEN_REF.findall(text), True
    else:
        toks, plain = _TOKEN.findall(text), _RELOWER.search(text) is None
    if plain:
        low = " ".join(toks).lower().split()
        stops_lower = stops = list(filter(_IS_STOP, low))
        n_lower = len(low)
    else:
        low = _TOKEN.findall(text.lower())
        n_lower = len(low)
        stops_lower = list(filter(_IS_STOP, low))
        stops = list(filter(_IS_STOP, map(str.lower, toks)))
    caps = up = 0
    for t in toks:
        if len(t) > 3:
            caps += 1
            if t[0].isupper():
                up += 1
    return Tokens(n_lower, stops_lower, len(toks), stops, up / caps if caps else 0.0)


def test_letters_past_ascii_are_the_token_letters_past_ascii():
    """`_LETTER_PAST_ASCII` finds exactly the characters past ASCII that `_TOKEN` reads as letters,
    and `_TOKEN`'s letters within ASCII are A-Z and a-z: a line it finds nothing in has those alone."""
    letter = re.compile(r"[^\W\d_]")
    for c in map(chr, range(sys.maxunicode + 1)):
        assert bool(_LETTER_PAST_ASCII.fullmatch(c)) == (c > "\x7f" and bool(letter.fullmatch(c))), hex(ord(c))
    assert [c for c in map(chr, range(128)) if letter.fullmatch(c)] == \
        [c for c in map(chr, range(128)) if c.isalpha()] == list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def test_tokens_match_the_former_reading_on_corpus_lines():
    lines = _corpus_lines()
    assert any(not t.isascii() and _LETTER_PAST_ASCII.search(t) is None for t in lines)
    assert [t for t in lines if _tokens.__wrapped__(t) != _tokens_reference(t)] == []


SAMPLES = [
    "", "Home", "“Quoted” — it’s late", "rock’n’roll don't ’tis dogs’", "l'été d’un jour", "İstanbul'da ΟΔΟΣ",
    "a\u00a0b\u2009c", "caf\u00e9 — “x”", "x’y'z ‘a’", "\u0661\u0662 digits \u00b2", "under_score U.S. 3rd",
    "lone \udcff surrogate — here", "lone\ud800surrogate’s",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_tokens_match_the_former_reading(text):
    assert _tokens.__wrapped__(text) == _tokens_reference(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("aAzZ 'ʼ’‘“”—–….-_9²١İıßΣéÉ日\u00a0\udcff") + ["  ", "\t", "Word", "the "]),
                max_size=40).map("".join))
def test_tokens_match_the_former_reading_on_any_text(text):
    assert _tokens.__wrapped__(text) == _tokens_reference(text)


def test_no_stopword_holds_an_apostrophe():
    """`_tokens` reads ’ as ' on a line without letters past ASCII: a token holding an apostrophe
    is no stopword either way."""
    from cleaner.content import _APOSTROPHE_STOPS
    assert not _APOSTROPHE_STOPS
    assert not any("'" in w or "’" in w for w in LANGUAGES_OF)


def test_joined_splits_as_the_token_pattern_does():
    """`_joined`'s words are `_ASCII_TOKEN`'s tokens on every text of letters, apostrophes and
    spaces up to eight characters (or it declines)."""
    from itertools import product

    from cleaner.content import _joined
    declined = answered = 0
    for n in range(9):
        for chars in product("aB' ", repeat=n):
            text = "".join(chars)
            got = _joined(text)
            if got is None:
                declined += 1
            else:
                answered += 1
                assert got.split() == _ASCII_TOKEN_REF.findall(text), text
    assert 0 < declined < answered


@pytest.mark.parametrize("text", [
    "rock'n'roll", "a''b", "'tis", "x'y'z'w", "''", "'", "a'", "'a", "don't 'quote' dogs'", "it's a’b’c",
    "‘Twas’ — don’t", "l’été", "O’Neil’s 'x' “y’”", "a' 'b", "a '' b",
])
def test_tokens_with_apostrophes_match_the_former_reading(text):
    assert _tokens.__wrapped__(text) == _tokens_reference(text)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(list("aAbZ '’‘“—.9") + ["Word", "the ", "don't", "it’s", "''", "’’"]),
                max_size=40).map("".join))
def test_tokens_match_the_former_reading_around_apostrophes(text):
    assert _tokens.__wrapped__(text) == _tokens_reference(text)


def test_separator_marks_within_ascii():
    """`_classify` looks for `_SEPARATOR_MARKS` in an ASCII line as '|', '/' or '>'; markup starts
    with '<'."""
    from cleaner.content import _MARKUP, _SEPARATOR_MARKS

    assert [c for c in map(chr, range(128)) if _SEPARATOR_MARKS.match(c)] == ["/", ">", "|"]
    assert _MARKUP.pattern.startswith("<[")
    for text in _corpus_lines():
        if text.isascii():
            assert ("|" in text or "/" in text or ">" in text) == bool(_SEPARATOR_MARKS.search(text))


def _row_reference(info, text: str) -> bool:
    """`_row` as it read every line: the line partitioned at its first colon, the digits of each
    character and then of each token asked of str.isdigit."""
    from cleaner.content import GOOD_LONG_WORDS, ROW_LABEL_CHARS, ROW_NUMBER_SHARE

    if info.chrome is not None or info.zone is not None or info.record or info.words > GOOD_LONG_WORDS:
        return False
    head, colon, rest = text.partition(":")
    if colon and 0 < len(head) <= ROW_LABEL_CHARS and rest.strip() and not head.lower().startswith("http"):
        return True
    if not any(map(str.isdigit, text)):
        return False
    toks = text.split()
    nums = sum(1 for t in toks if any(map(str.isdigit, t)))
    return nums >= 2 and nums >= ROW_NUMBER_SHARE * len(toks)


def _infos(text: str):
    from cleaner.content import LineInfo

    return [LineInfo(0, n, 0.0, 0.0) for n in (0, 3, 25, 26)] + [LineInfo(0, 3, 0.0, 0.0, zone="related"),
                                                                 LineInfo(0, 3, 0.0, 0.0, record=True)]


def test_rows_match_the_former_reading_on_corpus_lines():
    from cleaner.content import _row

    lines = _corpus_lines()
    assert sum(_row(_infos(t)[1], t) for t in lines) > 100
    assert [t for t in lines for info in _infos(t) if _row(info, t) != _row_reference(info, t)] == []


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("aZ 9:0 \t\x1c\u00a0\u2003²①٣.-/") + ["http", "HTTP:", "12", " 3 ", "x1y"]),
                max_size=40).map("".join))
def test_rows_match_the_former_reading_on_any_text(text):
    from cleaner.content import _row

    for info in _infos(text):
        assert _row(info, text) == _row_reference(info, text)


def test_ascii_digit_tokens_are_the_split_tokens_with_a_digit():
    from cleaner.content import _ASCII_DIGIT_TOKEN

    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() != bool(re.fullmatch(r"\s", c))] == []
    for text in ["", "1", "a1 b2", " 12  x 3y4 z ", "\t9\x1c8\x1f", "abc def", "1a1a 1 a", "x:1,2"] + [
            t for t in _corpus_lines() if t.isascii()]:
        assert len(_ASCII_DIGIT_TOKEN.findall(text)) == sum(1 for t in text.split() if any(map(str.isdigit, t)))


def test_line_features_are_the_lines_own_readings(monkeypatch):
    """The line loop of the content stage gives each line its word count, stopword share and
    Title-Case share as `words` and `Tokens` read them."""
    import cleaner.content as content
    from cleaner import clean
    from cleaner.stopwords import STOPWORDS
    from cleaner.textfeatures import words

    seen = []
    marked = content._mark_wrapped

    def capture(infos, texts):
        seen.append(([(x.words, x.stop, x.titlecase) for x in infos], list(texts)))
        return marked(infos, texts)

    monkeypatch.setattr(content, "_mark_wrapped", capture)
    paths = FIXTURES[:30] + sorted((ROOT / "tests" / "data" / "dumps").glob("*.txt"))[:10]
    for p in paths:
        clean(p.read_bytes(), kind="text")
    assert any(stop for features, _ in seen for _, stop, _ in features)
    for features, texts in seen:
        tokens = [_tokens(t) for t in texts]
        lang = content._language(tokens)
        stop = STOPWORDS.get(lang) if lang else None
        assert features == [(words(t), tk.density(stop), tk.titlecase) for t, tk in zip(texts, tokens)]


def _cta_reference(t: str) -> bool:
    """The former test of `_mark_cta_cards`: `_CTA_END` read on the line's last characters."""
    from cleaner.content import _CTA_END, CTA_TAIL_CHARS

    start = max(0, len(t) - CTA_TAIL_CHARS)
    return bool(_CTA_END.fullmatch(t, start)) and t.find("\n", 0, start) < 0


_CTA_PHRASES = ["read now", "read more", "read on", "continue reading", "keep reading", "weiterlesen", "mehr lesen",
                "lire la suite", "leer más", "seguir leyendo", "leia mais", "continua a leggere", "lees meer",
                "czytaj dalej", "číst dál", "read more read more", "continue reading read now"]


def test_cta_words_stand_in_every_ascii_call_to_action():
    from cleaner.content import _CTA_END, _CTA_WORDS

    for phrase in _CTA_PHRASES:
        assert _CTA_END.fullmatch("A teaser headline and " + phrase)
        assert not phrase.isascii() or any(w in phrase for w in _CTA_WORDS)


def test_cta_ends_match_the_former_reading():
    from cleaner.content import _cta_end

    lines = _corpus_lines()
    assert sum(map(_cta_end, lines)) > 5
    texts = lines + [f"{head} {form}{end}" for head in ("Ten words of a teaser summary stand here before it", "x" * 60)
                     for phrase in _CTA_PHRASES for form in (phrase, phrase.upper(), phrase.title())
                     for end in ("", " »", "...", " →", "\u2026!?")]
    # (letters IGNORECASE reads as ASCII ones: long s, Kelvin sign, dotted and dotless i)
    texts += [t.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0130") for t in texts[-400:]]
    texts += [t.replace("i", "\u0131") for t in texts[-400:]] + ["a\nb " * 20 + "read more", "read more\n" * 9]
    assert [t for t in texts if _cta_end(t) != _cta_reference(t)] == []


def test_counted_comments_is_either_pattern():
    from cleaner.content import _COMMENT_COUNT, _COUNTED_COMMENTS, _VIEW_COMMENTS

    texts = _corpus_lines() + ["12 Comments", "There are 13 comments", "we have 1,024 replies and more",
                               "View all comments (3)", "SHOW COMMENTS (12)", "3 comments (view)", "Comments (3)",
                               "read comment (1) x", "4 Kommentare", "1 reacties", "0 responses to “Title”"]
    assert sum(bool(_COUNTED_COMMENTS.fullmatch(t)) for t in texts) > 5
    for t in texts:
        assert bool(_COUNTED_COMMENTS.fullmatch(t)) == bool(_COMMENT_COUNT.fullmatch(t) or _VIEW_COMMENTS.fullmatch(t))


def test_a_page_with_a_lone_surrogate_is_read():
    """JSON input may hold a lone surrogate: the content stage reads its line (no UTF-8 encoding
    that refuses it)."""
    import cleaner.content as content
    from cleaner import clean

    prose = ("The council voted on Tuesday \udcff to reopen the ferry landing, which had been closed since the "
             "storm — officials said the work cost less than expected and the service will resume next week.")
    page = "\n\n".join(["Home | News | Sport | Weather | Contact"] * 3 + ["Subscribe to our newsletter"] +
                       [prose, prose.replace("Tuesday", "Monday")] + ["Share this article", "Follow us on Twitter"] * 4)
    clean(page, kind="text")
    assert content._tokens.__wrapped__(prose) == _tokens_reference(prose)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.from_regex(r"[A-Za-z]{1,6}(?:'[A-Za-z]{1,3})?", fullmatch=True), max_size=12))
def test_letters_titlecase_is_titlecase_on_letter_tokens(toks):
    from cleaner.content import _letters_titlecase, _titlecase
    assert _letters_titlecase(toks) == _titlecase(toks)


def test_letters_titlecase_reads_every_first_letter_as_titlecase_does():
    from cleaner.content import _letters_titlecase, _titlecase
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        for toks in ([c + "bcd"], [c + "'s" + "x"], [c * 4, "Abcd", "abcd"], [c + "aaaa", "q"]):
            assert _letters_titlecase(toks) == _titlecase(toks), toks
