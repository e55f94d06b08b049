"""The head's shortcuts (cleaner/title.py) answer as the code they replace: the screen before an
unanchored search of AGE_TEXT never turns away a line the search finds an age in (on every
branch's own strings and on every line of the fixtures, seeds and shared corpora), and
`never_headline`'s remembered answers and its ads test are those of the plain test."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import default_rules
from cleaner import title as T
from cleaner.ages import AGE_TEXT
from cleaner.memo import clear_all
from cleaner.related import classify
from cleaner.segment import Line

from .conftest import FIXTURES, SHARED
from .test_line_questions import stamp_date_full_reading

RULES = default_rules()


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of '(?:a|b|...)'."""
    assert pattern.startswith("(?:") and pattern.endswith(")")
    body = pattern[3:-1]
    out, depth, cls, esc, start = [], 0, False, False, 0
    for k, ch in enumerate(body):
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(body[start:k])
            start = k + 1
    out.append(body[start:])
    return out


BRANCHES = _branches(AGE_TEXT)


def test_branches_are_the_pattern():
    assert "(?:" + "|".join(BRANCHES) + ")" == AGE_TEXT
    assert len(BRANCHES) > 20


@pytest.mark.parametrize("branch", BRANCHES)
def test_screen_finds_every_branch_match(branch):
    rx = re.compile(branch, re.IGNORECASE)

    @settings(max_examples=60)
    @given(st.from_regex(rx, fullmatch=True), st.text(max_size=4), st.text(max_size=4))
    def check(age, before, after):
        assert T._AGE_SCREEN.search(age) is not None, age
        text = before + age + after
        assert T._has_age(text) == (T._AGE_IN.search(text) is not None)

    check()


def _corpus_lines() -> list[str]:
    paths = sorted(FIXTURES.glob("*/input.txt")) + sorted(FIXTURES.glob("*/input.html"))
    for pattern in ("corpus/dumps/*.txt", "corpus-recall/dumps/*.txt", "seeds/*.txt", "seeds/**/*.txt"):
        paths += sorted(SHARED.glob(pattern))
    out: set[str] = set()
    for p in paths:
        for ln in p.read_text(encoding="utf-8", errors="replace").splitlines():
            s = " ".join(ln.split())
            if s:
                out.add(s)
    return sorted(out)


LINES = _corpus_lines()


def test_has_age_on_every_corpus_line():
    bad = [t for t in LINES if T._has_age(t) != (T._AGE_IN.search(t) is not None)]
    assert not bad, bad[:5]


@pytest.mark.parametrize("text", ["3 hours ago", "vor 3 Std.", "İl y a 2 jours", "hace 5 horas", "Ha 1 hora",
                                  "YESTERDAY", "aujourd’hui", "2 timmar sedan", "5 ſecs ago", "٣ hours ago",
                                  "Posted\u20283 hours ago", "14 maja 2025", "no age here", "that has"])
def test_has_age_odd_cases(text):
    assert T._has_age(text) == (T._AGE_IN.search(text) is not None)


def _plain_line_age(line: Line) -> str | None:
    """line_age as written when it read the record class off a zone's item (`classify`)."""
    it = classify(line, False)
    if it.kind == "META" and it.age is not None and T.parse_age(it.age)[0] is not None:
        return it.age
    return T.relative_stamp(line.text)


def _plain_relative_age(line: Line) -> bool | None:
    it = classify(line, False)
    if it.kind != "META" or it.age is None or T.parse_age(it.age)[0] is None:
        return False if T.relative_stamp(line.text) is not None else None
    return it.source is not None


def _plain_names_source(text: str) -> bool:
    it = classify(Line(0, text, 1), False)
    return it.kind == "META" and it.source is not None


def _plain_is_named_source(lines: list[Line], j: int) -> bool:
    key = T.repair(lines[j].text).casefold()
    for x in T._next_lines(lines, j, T.HEADLINE_BYLINE_WITHIN + 1):
        it = classify(x, False)
        if it.kind == "META" and it.source and T.repair(it.source).casefold() == key:
            return True
    return False


_AGE_LINES = ["Reuters · 3h", "3 hours ago", "Le Courrier · il y a 5 h", "Published 8 hours ago · Updated 2 hours ago",
              "- Harbor Ledger", "Harbor Ledger", "2 days ago", "Story by Jane Doe • 6h", "5 min read", ""]


def test_head_class_questions_as_classify_on_corpus_lines():
    # line_age, _relative_age, _names_source and _is_named_source read `class_of` directly; the
    # references read it off the item `classify` builds
    clear_all()
    sample = LINES[::2] + _AGE_LINES
    lines = [Line(k + 1, t, 1) for k, t in enumerate(sample)]
    for ln in lines:
        assert T.line_age(ln) == _plain_line_age(ln), ln.text
        assert T._relative_age(ln) == _plain_relative_age(ln), ln.text
        assert T._names_source(ln.text) == _plain_names_source(ln.text), ln.text
    for page in (lines[:400], [Line(1, "Harbor Ledger", 1), Line(2, "Headline", 1), Line(3, "Harbor Ledger · 2h", 1)]):
        assert [T._is_named_source(page, j) for j in range(len(page))] == \
            [_plain_is_named_source(page, j) for j in range(len(page))]
    assert T._is_named_source([Line(1, "Harbor Ledger", 1), Line(2, "x", 1), Line(3, "Harbor Ledger · 2h", 1)], 0)


def _plain_never_headline(text: str) -> bool:
    """never_headline as written before its memo and its ads test on the candidates."""
    if T._SERVER_NOTICE.match(text):
        return True
    line = Line(0, text, 1)
    if RULES.first_zone(text) is not None or _plain_line_age(line) is not None or T.stamp_date(text) is not None or \
            classify(line, False).kind == "MARK":
        return True
    if any(pr.family == "ads" and pr.match_line(text) for pr in RULES.pairs_for(text)):
        return True
    weak = T.line_rule(text, RULES, weak=True)
    return weak is not None and weak.family not in ("navigation", "share")


def test_never_headline_as_plain_on_corpus_lines():
    clear_all()
    sample = [t for t in LINES if len(t) <= 300][::3]
    bad = [t for t in sample if T.never_headline(t, RULES) != _plain_never_headline(t)]
    assert not bad, bad[:5]
    # asked again (remembered answers), the same
    assert all(T.never_headline(t, RULES) == _plain_never_headline(t) for t in sample[:2000])


@pytest.mark.parametrize("text", ["Sponsored · Acme", "Ad · Brand", "Anzeige | Shop", "Related articles",
                                  "3 hours ago", "Tags", "Share", "A plain headline about rivers"])
def test_never_headline_examples(text):
    clear_all()
    assert T.never_headline(text, RULES) == _plain_never_headline(text)
    assert T.never_headline(text, RULES) == _plain_never_headline(text)


def test_stamp_date_gate_needs_a_digit_in_every_date_pattern():
    # every pattern stamp_date reads a date with holds a year of four digits (its digit gate)
    from cleaner import ages

    for rx in ages._DATE_START:
        @settings(max_examples=40)
        @given(st.from_regex(rx, fullmatch=True))
        def check(text):
            assert ages._DIGIT(text) is not None, text

        check()


@settings(max_examples=200)
@given(st.text(alphabet="Publishd 0123456789:.,-/·|JulyMärzjuilletStd hAMPM٣", max_size=40))
def test_stamp_date_as_its_full_reading_on_odd_lines(text):
    from cleaner import ages

    assert ages.stamp_date.__wrapped__(text) == stamp_date_full_reading(text)


def test_folded_lines_as_repaired_and_casefolded():
    lines = [Line(1, "Story | Site", 1), Line(2, "", 1), Line(3, "SITE  ’s", 1), Line(4, "Ça va ,", 1)]
    cache: dict = {}
    got = T._folded(lines, cache)
    assert got == [None if not ln.text else T.repair(ln.text).casefold() for ln in lines]
    assert T._folded(lines, cache) is got  # made once per cache
    assert T._folded(lines, None) == got


def test_strip_site_suffix_same_with_a_shared_cache():
    from .conftest import text_cases
    from cleaner.segment import segment

    for case in text_cases()[:60]:
        lines = segment((FIXTURES / case / "input.txt").read_text(encoding="utf-8"))
        cache: dict = {}
        for k, ln in enumerate(lines[:40]):
            if ln.text:
                assert T.strip_site_suffix(ln.text, lines, k, cache) == T.strip_site_suffix(ln.text, lines, k)


def test_dated_byline_remembered_as_plain():
    clear_all()

    def plain(text):
        m = T._BYLINE.fullmatch(" ".join(text.split())) if len(text) <= T.BYLINE_MAX_CHARS else None
        return bool(m and m.group("rest") and T._AGE_IN.search(m.group("rest")))

    sample = [t for t in LINES if len(t) <= 160][::2] + ["Story by Jane Doe • 6h", "By Ana Ruiz, 3 hours ago"]
    for _ in range(2):  # new answers, then remembered ones
        assert [T._dated_byline(t) for t in sample] == [plain(t) for t in sample]


def _plain_byline_of(text: str) -> str | None:
    """byline_of as written before its opening-word screen (the reference)."""
    text = " ".join(text.split())
    if len(text) > T.BYLINE_MAX_CHARS:
        return None
    m = T._BYLINE.fullmatch(text)
    if not m:
        return None
    name = T._ROLE_TAIL.sub("", m.group("name").strip())
    if name.count(",") == 1 and not re.search(r"\s(?:and|und|et|y|&)\s", name):
        name = name.split(",")[0].strip()
    return name


_BYLINE_ODD = ["By Jane Doe", "  by\tJane Doe", "BY JANE DOE", "ſtory by Ana Ruiz", "Story\u00a0by Ana Ruiz",
               "Written\u2028by Ana Ruiz, Staff writer", "de Pedro Gómez", "door Jan de Vries", "Bylines",
               "by", "by ", " ", "", "Par Jean Dupont • 3h", "Publishedby X", "Reported  by  Lee  Kim  and  Ann  Roe",
               "Di Marco Rossi", "av Per Olsen", "Words by Sam Lee", "Article by " + "A" * 150]


@pytest.mark.parametrize("text", _BYLINE_ODD)
def test_byline_of_as_plain_on_odd_lines(text):
    assert T.byline_of.__wrapped__(text) == _plain_byline_of(text)
    assert T._dated_byline.__wrapped__(text) == bool(
        len(text) <= T.BYLINE_MAX_CHARS and (m := T._BYLINE.fullmatch(" ".join(text.split())))
        and m.group("rest") and T._AGE_IN.search(m.group("rest")))


def test_byline_of_as_plain_on_corpus_lines():
    sample = LINES + [t.replace(" ", "  ") for t in LINES[::7]] + ["\t" + t for t in LINES[::11]]
    bad = [t for t in sample if T.byline_of.__wrapped__(t) != _plain_byline_of(t)]
    assert not bad, bad[:5]


@settings(max_examples=300)
@given(st.text(alphabet=" \t\u00a0\u2028\u3000BbYyDdEeſSsTtOoRrVvNnPpAaWwIiKK.,•·|J3h", max_size=30))
def test_byline_of_as_plain_on_odd_text(text):
    assert T.byline_of.__wrapped__(text) == _plain_byline_of(text)


def _plain_parse_age(text: str):
    """parse_age as written before its digit gate (the reference)."""
    from datetime import date, timedelta

    from cleaner import ages as A

    t = text.strip().lower()
    if t in A._DAYWORDS:
        return timedelta(days=A._DAYWORDS[t]), None
    for rx in A._RELATIVE:
        m = rx.fullmatch(t)
        if m:
            unit = A._UNITS.get(m.group("u").lower())
            if unit is None:
                return None, None
            return timedelta(seconds=A._count(m.group("n")) * unit), None
    for rx in A._ABSOLUTE:
        m = rx.fullmatch(t)
        if m:
            try:
                mon = A._MONTHS[m.group("mon").lower().rstrip(".")] if "mon" in m.groupdict() else int(m.group("m"))
                return None, date(int(m.group("y")), mon, int(m.group("d")))
            except (ValueError, KeyError):
                return None, None
    return None, None


def test_parse_age_gate_needs_a_digit_in_every_pattern_it_skips():
    from cleaner import ages as A

    assert A._RELATIVE_WORDS == [rx for k, rx in enumerate(A._RELATIVE) if k != 1]
    for rx in [A._RELATIVE[1]] + A._ABSOLUTE:
        @settings(max_examples=40)
        @given(st.from_regex(rx, fullmatch=True))
        def check(text):
            assert A._DIGIT(text) is not None, text

        check()


@pytest.mark.parametrize("text", ["3 hours ago", "an hour ago", "vor einer Stunde", "il y a une heure", "5h", "٣h",
                                  "Jul 5, 2025", "5 juillet 2025", "2025-07-05", "05.07.2025", "7/5/2025", "yesterday",
                                  "hace un día", "una ora fa", "ha un'ora", "3 ſecs ago", "Monday, July 5, 2025", "(45)",
                                  "Cancel Reply", " 2 HOURS AGO ", "13/13/2025", "Feb 30, 2025"])
def test_parse_age_as_plain_on_odd_texts(text):
    from cleaner import ages as A

    assert A.parse_age.__wrapped__(text) == _plain_parse_age(text)


def test_parse_age_as_plain_on_corpus_lines():
    from cleaner import ages as A

    sample = [t for t in LINES if len(t) <= 80]
    bad = [t for t in sample if A.parse_age.__wrapped__(t) != _plain_parse_age(t)]
    assert not bad, bad[:5]


def _plain_signed_name(lines, j, text, rules):
    """_signed_name with its questions in their former order (the reference)."""
    if len(text) > 40 or not T._NAME.fullmatch(text) or T._OUTLET.search(text) or T._is_chrome(text, rules) or \
            T.never_headline(text, rules):
        return None
    nxt = next((lines[k] for k in range(j + 1, len(lines)) if lines[k].text), None)
    if nxt is None or T.stamp_date(nxt.text) is None:
        return None
    return text


def test_signed_name_as_plain_on_fixture_heads():
    from cleaner.segment import segment

    from .conftest import text_cases

    extra = segment("Headline of the story here\n\nTheo Marsh\nSat, July 5, 2025 at 9:41 AM EDT\n\nShare\n"
                    "5 July 2025\n\nRelated articles\n3 July 2025\n")
    pages = [segment((FIXTURES / case / "input.txt").read_text(encoding="utf-8")) for case in text_cases()]
    seen = 0
    for lines in pages + [extra]:
        for j, ln in enumerate(lines[:80]):
            if ln.text:
                got = T._signed_name(lines, j, ln.text, RULES)
                assert got == _plain_signed_name(lines, j, ln.text, RULES), ln.text
                seen += got is not None
    assert seen


def _fixture_pages(limit: int = 120):
    from cleaner.segment import segment

    from .conftest import text_cases

    pages = [segment((FIXTURES / case / "input.txt").read_text(encoding="utf-8")) for case in text_cases()[:limit]]
    # blank runs, a line that repairs to nothing, repeats and parts of the first line
    pages.append(segment("Kicker: Big story about rivers | Site\n\n\n\u200b\nBig story about rivers\n\n"
                         "Big story about rivers\nBig story about  rivers ,\nKicker: Big story about rivers\n"))
    return pages


def _plain_part_run(lines, i, key):
    """_part_run as written before `_HeadLines` (the reference): every line below i, repaired."""
    reps = [None] * (i + 1) + [T.repair(ln.text) for ln in lines[i + 1:]]
    best, best_len = None, 0
    for j in range(i + 1, len(lines)):
        text = reps[j]
        if not text or len(text) >= len(key):
            continue
        p = key.find(text)
        if p < 0 or T.words(text) < 3:
            continue
        before, after = key[:p], key[p + len(text):]
        if before and not T._KICKER_END.search(before):
            continue
        sep_after = after[1:] if after[:1] in T._CJK_FULL_STOP else after
        if after and not (T._SITE_SEP.match(sep_after) or T._FULL_WIDTH_BAR.match(sep_after)) or \
                len(before) + len(after) > len(text):
            continue
        if best is None or len(text) > best_len:
            best, best_len = j, len(text)
    return best


def _plain_on_site_head(lines, i, key):
    """_on_site_head as written before `_HeadLines` (the reference)."""
    for j in range(i + 1, len(lines)):
        text = T.repair(lines[j].text)
        if not text:
            continue
        if len(text) < len(key) and key.startswith(text) and T.words(text) >= T.HEADLINE_MIN_WORDS and \
                T._ON_SITE_TAIL.fullmatch(key[len(text):]):
            return j
    return None


def test_head_lines_scans_as_plain_loops():
    for lines in _fixture_pages():
        known = T._HeadLines(lines)
        reps = [T.repair(ln.text) for ln in lines]
        n = len(lines)
        assert known.reps == {j: reps[j] for j in range(n) if lines[j].text}
        for i in sorted({0, 1, 2, 5, n // 2, n - 1}):
            if not 0 <= i < n:
                continue
            for key in {reps[i], reps[min(i + 2, n - 1)], "Big story about rivers", ""}:
                keys = {key, reps[i]}
                assert known.first(i, key) == next((j for j in range(i + 1, n) if lines[j].text and reps[j] == key), None)
                assert known.below(i, key.__contains__) == [j for j in range(i + 1, n) if lines[j].text and reps[j] in key]
                assert known.below(i, key.startswith) == [j for j in range(i + 1, n)
                                                          if lines[j].text and key.startswith(reps[j])]
                assert known.below(i, keys.__contains__) == [j for j in range(i + 1, n)
                                                             if reps[j] in keys and lines[j].text]
                rows = [j for j in range(i + 1, n) if lines[j].text][:T.TITLE_WINDOW]
                assert known.holding(i, key, T.TITLE_WINDOW) == [j for j in rows if key in reps[j]]
                assert T._part_run(lines, i, reps[i], known) == _plain_part_run(lines, i, reps[i])
                assert T._part_run(lines, i, key) == _plain_part_run(lines, i, key)
                assert T._on_site_head(lines, i, key, known) == _plain_on_site_head(lines, i, key)


def test_folded_from_head_lines_as_plain():
    for lines in _fixture_pages(40):
        assert T._folded(lines, {"lines": T._HeadLines(lines)}) == T._folded(lines, None)


def _plain_fuller_headline(lines, i, title, rules):
    """_fuller_headline as written before `_HeadLines` (the reference)."""
    if T.words(title) < 3:
        return None
    seen = 0
    fuller: set = set()
    for j in range(i + 1, len(lines)):
        if not lines[j].text:
            continue
        seen += 1
        if seen > T.TITLE_WINDOW:
            break
        text = T.repair(lines[j].text)
        if len(text) <= len(title) or title not in text or not T.is_titleish(text) or T.is_prose(text):
            continue
        if text in fuller and not T.never_headline(text, rules):
            return j
        fuller.add(T.strip_site_suffix(text, lines, j))
    return None


def test_fuller_headline_as_plain():
    from cleaner.segment import segment

    v8 = segment("standalone binaries using Emscripten · V8\n\nOutside the web: standalone binaries using "
                 "Emscripten · V8\n\nV8\n\nOutside the web: standalone binaries using Emscripten\n\nBody text here.\n")
    pages = _fixture_pages(80) + [v8]
    found = 0
    for lines in pages:
        for i, ln in enumerate(lines[:6]):
            if not ln.text:
                continue
            title = T.repair(T.strip_site_suffix(ln.text, lines, i))
            got = T._fuller_headline(lines, i, title, RULES, {"lines": T._HeadLines(lines)})
            assert got == _plain_fuller_headline(lines, i, title, RULES)
            assert T._fuller_headline(lines, i, title, RULES) == got
            found += got is not None
    assert found


def test_repair_unprintable_characters_are_all_the_screened_ones():
    from cleaner import repair as R

    assert not any(ch.isprintable() for ch in R._UNPRINTABLE)
    # every character `normalize` may drop, and every one the tests it passes over look for
    assert set("\u00ad\u200b\u200c\u200d\u2060\ufeff\t\u00a0\u200e\u200f") == set(R._UNPRINTABLE)
    assert all(R._INVISIBLE.fullmatch(ch) for ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff")
    # the substitutions write printable characters only
    for out in ("-", "[", "]", "s", "'", "’", " ", ".", ","):
        assert out.isprintable()


def _plain_repair(text: str) -> str:
    """repair as written before its printable screen (the reference)."""
    from cleaner import repair as R

    wide = not text.isascii()
    if wide:
        text = _plain_normalize(text)
    if " ." in text or " ," in text or "\t" in text or wide and "\u00a0." in text:
        text = R._SPACE_BEFORE.sub(r"\1", text)
    if wide and ("\u200e" in text or "\u200f" in text):
        text = R._BIDI_MARK.sub("", text)
    if "[ " in text:
        text = R._FOOTNOTE.sub(r"[\1]", text)
    if "' s" in text or " 's" in text or wide and (" ’s" in text or "’ s" in text):
        text = R._POSSESSIVE.sub(R._possessive, text)
    if " -" in text:
        text = R._SPLIT_HYPHEN.sub("-", R._LINKED_COMPOUND.sub(r"-\1-", text))
    if "  " in text or "\t" in text:
        text = R._MULTISPACE.sub(" ", text)
    if text[:1].isspace() or text[-1:].isspace():
        text = text.strip()
    return text


def _plain_normalize(text: str) -> str:
    """normalize as written before its printable screen (the reference)."""
    import unicodedata

    from cleaner import repair as R

    if text.isascii():
        return text
    if R._INVISIBLE.search(text):
        out = []
        n = len(text)
        for k, ch in enumerate(text):
            if ch in "\u200b\u200c\u200d":
                before = text[k - 1] if k else ""
                after = text[k + 1] if k + 1 < n else ""
                if not R._keep(ch, before, after):
                    continue
            out.append(ch)
        text = "".join(out).translate(R._ALWAYS)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


_REPAIR_ODD = ["Ça va ,", "as saying\u00a0.", "Name\t, rest", "محمد \u200e, x", "soft\u00adhyphen ’s", "a\u200bb",
               "ไทย\u200bไทย", "می\u200cخواهم", "👩\u200d💻 ok", "e\u0301 tab\tin", " \u00a0 lead", "POTUS) [ 6 ] is",
               "Rajaratnam ’s", "Heigl’ s", "Y Combinator -backed", "Krimi - Action -Serie", "\ufeffBOM  two  spaces",
               "Ω\u2126 ohm", "Hangul \u1100\u1161\u11a8", "x\u2060y", "tab\u00a0\u00a0nbsp ."]


@pytest.mark.parametrize("text", _REPAIR_ODD)
def test_repair_as_plain_on_odd_lines(text):
    from cleaner import repair as R

    assert R.repair.__wrapped__(text) == _plain_repair(text)
    assert R.normalize(text) == _plain_normalize(text)


def test_repair_as_plain_on_corpus_lines():
    from cleaner import repair as R

    sample = LINES[::2] + [t.replace(" ", "\u00a0", 1) for t in LINES[::13]] + [t + "\u200e ," for t in LINES[::17]]
    bad = [t for t in sample if R.repair.__wrapped__(t) != _plain_repair(t)]
    assert not bad, bad[:5]


@settings(max_examples=400)
@given(st.text(alphabet=" \t\u00a0\u200e\u200f\u00ad\u200b\u200c\u200d\u2060\ufeff.,'’s-[]6Aaé\u0301ไمΩ\u2126👩",
               max_size=24))
def test_repair_as_plain_on_odd_text(text):
    from cleaner import repair as R

    assert R.repair.__wrapped__(text) == _plain_repair(text)
    assert R.normalize(text) == _plain_normalize(text)


def test_output_page_with_one_gap_line_reads_as_numbered_gaps():
    """run_lines reads its output again with one blank Line object (`_GAP`) for every gap: the
    head and the source/age lines answer as with a numbered blank line in each gap."""
    from cleaner import clean
    from cleaner.pipeline import _GAP

    from .conftest import text_cases

    assert _GAP.text == ""
    for case in text_cases()[:80]:
        res = clean((FIXTURES / case / "input.txt").read_text(encoding="utf-8"), kind="text")
        if not res.title:
            continue
        numbered, shared = [Line(1, res.title, 1)], [Line(1, res.title, 1)]
        for text in res.paragraphs + ("Published 3 hours ago", "Reuters · 2h"):
            numbered += [Line(len(numbered) + 1, "", 1), Line(len(numbered) + 2, text, 1)]
            shared += [_GAP, Line(len(shared) + 2, text, 1)]
        assert vars(T.find_head(shared, RULES)) == vars(T.find_head(numbered, RULES))
        gone = set(range(2, len(shared), 4))
        assert T.source_age_lines(shared, 0, RULES, gone) == T.source_age_lines(numbered, 0, RULES, gone)


def _plain_head_meta(lines, head, rules, taken, keep):
    """The head's source and age lines not yet taken, read from the top at every ask (before
    `pipeline._HeadMeta` remembered where the last ask began reading)."""
    from cleaner.model import Removal

    if head.title_idx is None or not rules.enabled("MD103"):
        return {}
    return {k: Removal("MD103", "metadata", lines[k].text, lines[k].no, lines[k].col)
            for k in T.source_age_lines(lines, head.title_idx, rules, set(taken))
            if k not in taken and k not in keep}


def test_head_meta_asks_as_from_the_top(monkeypatch):
    """Every ask of a page's `_HeadMeta` in run_lines answers as a reading from the top."""
    from cleaner import clean
    from cleaner import pipeline as P

    from .conftest import text_cases

    asks = []

    class Checked(P._HeadMeta):
        __slots__ = ()

        def __call__(self, lines, head, rules, taken, keep):
            want = _plain_head_meta(lines, head, rules, taken, keep)
            got = super().__call__(lines, head, rules, taken, keep)
            asks.append(bool(want))
            assert got == want
            return got

    monkeypatch.setattr(P, "_HeadMeta", Checked)
    for case in text_cases():
        clean((FIXTURES / case / "input.txt").read_text(encoding="utf-8"), kind="text")
    assert len(asks) > 100 and any(asks)


def test_head_meta_as_from_the_top_as_lines_go():
    """Asked again as `taken` grows at random (a seeded walk), `_HeadMeta` answers as a reading
    from the top; and so does `source_age_lines` started at `first_under_head`."""
    import random

    from cleaner.pipeline import _HeadMeta
    from cleaner.segment import segment

    from .conftest import text_cases

    rng = random.Random(16)
    for case in text_cases()[:120]:
        lines = segment((FIXTURES / case / "input.txt").read_text(encoding="utf-8"))
        head = T.find_head(lines, RULES)
        if head.title_idx is None:
            continue
        meta, taken, keep = _HeadMeta(), {}, {head.title_idx}
        rest = [k for k in range(head.title_idx + 1, min(len(lines), head.title_idx + 40))]
        for _ in range(6):
            assert meta(lines, head, RULES, taken, keep) == _plain_head_meta(lines, head, RULES, taken, keep)
            gone = set(taken)
            start = T.first_under_head(lines, head.title_idx, RULES, gone)
            assert T.source_age_lines(lines, head.title_idx, RULES, gone, start) == \
                T.source_age_lines(lines, head.title_idx, RULES, gone)
            for k in rng.sample(rest, min(len(rest), rng.randint(0, 4))):
                taken[k] = None
