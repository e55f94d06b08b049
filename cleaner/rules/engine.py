"""Whole-line rule matching in linear time: the rules' patterns in one RE2 set.

A rule's patterns are written for Python's `re`. Most of them say the same thing in RE2's syntax
once a few escapes are spelled out (`translate`): `\\w` is `[\\pL\\pN_]` (Python's `\\w` is Unicode),
`\\d` is `\\p{Nd}`, `\\s` is Python's whitespace, `{,n}` is `{0,n}`, `\\uXXXX` is `\\x{XXXX}`. Such a
pattern is *exact*: RE2 and `re` accept the same lines, and RE2's answer is final. A pattern with
an assertion RE2 lacks (a lookaround, `\\b`, `\\B`) is translated without it, which accepts a
superset of the lines: RE2 names the candidates and `re` *confirms* them. The rule sets read
`\\w` as a superset too (any character past ASCII is a letter: `_LOOSE_IN`),
which RE2 compiles in a fraction of the time, so a pattern holding one is confirmed as well. A
pattern RE2 cannot express at all (a backreference, an atomic group, a repetition bound over 1000)
keeps `re`: its rule is a *fallback*, tried in its turn with `re` on every line (`cleaner rules`
shows the engine of each rule, and a user pack's fallback rules are warned about).
Case-insensitive, Python folds "i", "I", "İ" and "ı" together where RE2 folds "i" with "I" only:
the translation spells them out.
A line holding a character the two engines' Unicode tables disagree on (U+0345, letters newer
than Python's tables) is matched with `re` alone, so `safety.enforce` still screens every
pattern of a user pack.

`SetMatcher(rules)(text)` gives what `next((r for r in rules if r.match_line(text)), None)` gives:
one pass of the set finds every rule with a matching pattern; the first of them (in rule order)
that allows the line's length and word count, and that `re` confirms where it must, is the answer,
unless a fallback rule before it matches first. `tests/test_engine.py` checks that the answers are
those of the `re` matcher (`registry._FirstMatch`, kept as the reference) on real lines.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Sequence

from ..memo import Memo
from ..repair import normalize
from .prefilter import fold
from .registry import word_count

try:  # google-re2: a declared dependency; without it every rule keeps `re` (same answers)
    import re2 as _re2
except ImportError:  # pragma: no cover
    _re2 = None

# Python's `re` classes, in RE2 class syntax (inside brackets). Python's `\s` (str.isspace) is
# \t-\r, \x1c-\x1f, \x85 and the Unicode separators (Zs, Zl, Zp).
_SPACE = r"\t-\r\x{1c}-\x{1f}\x{85}\pZ"
_WORD = r"\pL\pN_"
_DIGIT = r"\p{Nd}"
_CLASS_IN = {"w": _WORD, "d": _DIGIT, "s": _SPACE}
_CLASS_OUT = {"w": f"[{_WORD}]", "W": f"[^{_WORD}]", "d": _DIGIT, "D": r"\P{Nd}",
              "s": f"[{_SPACE}]", "S": f"[^{_SPACE}]"}
# What the rule sets read instead (`translate(..., loose=True)`): a superset that costs RE2 a few
# states. `\\w` is ASCII's letters, digits and '_' plus every character past ASCII; in a negated
# class, only the ASCII part is left out. (`\\pL` alone is hundreds of ranges, each compiled into
# UTF-8 states wherever it occurs: about half a millisecond apiece, 0.2 s of start-up for the
# built-in rules; `re` confirms what the superset lets through, a few lines in a thousand.
# `\\p{Nd}` costs little, and read as any character past ASCII, it kept more of a line alive in
# the automaton: `\\d` stays as it is.)
_LOOSE_WORD = "A-Za-z0-9_\\x{80}-\\x{10ffff}"
_LOOSE_IN = {"w": _LOOSE_WORD}
_LOOSE_IN_NEGATED = {"w": "A-Za-z0-9_"}
_LOOSE_OUT = {"w": f"[{_LOOSE_WORD}]", "W": "[^A-Za-z0-9_]"}
_SIMPLE = set("ntrfva")  # escapes both engines read alike
MAX_REPEAT = 1000  # RE2's bound on {m,n}
# A character repeated up to this many times or more ('.{1,680}', '[^.!?|]{10,280}') is repeated
# without bound in the set, and `re` confirms the lines it names: each step of a bounded
# repetition is a state of the set's automaton, and a few such patterns made its cache thrash.
LOOSE_REPEAT = int(os.environ.get("CLEANER_RE2_LOOSE_REPEAT", "32"))
# The same for a group ('(?:\\s{{NAME_WORD}}){0,5}'): the set holds a copy of the group per step.
LOOSE_GROUP_REPEAT = int(os.environ.get("CLEANER_RE2_LOOSE_GROUP", "4"))
# RE2's `(?i)\pL` takes in the combining ypogegrammeni (U+0345, it folds with iota), Python's
# `\w` does not: a line holding one is matched with `re`, and a case-insensitive pattern naming
# it stays on `re`. (tests/test_engine.py checks on every code point that no other character
# differs, "i", "I", "İ" and "ı" aside: see _TURKISH_I.)
FOLD_SPECIAL = "\u0345"
# RE2's Unicode tables are newer than Python's: letters and digits assigned since (all outside
# the Basic Multilingual Plane) are `\pL`/`\pN` to RE2 and not `\w` to `re`. A line holding a
# supplementary-plane character, other than an emoji or symbol (U+1F000-U+1FFFF), is matched
# with `re` (tests/test_engine.py checks every code point where the classes differ is here).
NEWER_TABLES = "\U00010000-\U0001EFFF\U00020000-\U0010FFFF"
# A lone surrogate (text decoded with surrogateescape, JSON's "\\ud800") has no UTF-8 form to
# hand RE2: such a line is matched with `re` too.
SURROGATES = "\ud800-\udfff"
_FOLD_TEXT = re.compile(f"[{FOLD_SPECIAL}{NEWER_TABLES}{SURROGATES}]")
# Case-insensitive, Python's `re` folds these four letters together, RE2 folds "i" with "I" only:
# the translation spells each of them (and a class holding one) as all four.
_TURKISH_I = "iI\u0130\u0131"
# Escapes naming one of them, or the ypogegrammeni, in a case-insensitive pattern: left on `re`.
_FOLD_PATTERN = re.compile(r"\u0345|\\u0(?:13[01]|345|049|069)|\\x(?:49|69)|\\x\{0*(?:13[01]|345|49|69)\}")


class Untranslatable(ValueError):
    """The pattern uses syntax RE2 does not have (it stays on `re`)."""


def _hex(code: int) -> str:
    return "\\x{%x}" % code


def _skip_group(p: str, i: int) -> int:
    """Index just past the group that opens at p[i] == '('."""
    depth, n, in_class = 0, len(p), False
    while i < n:
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if p[i + 1:i + 2] == "^":
                i += 1
            if p[i + 1:i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise Untranslatable("unbalanced group")


def _escape(p: str, i: int, in_class: bool, classes: dict | None = None) -> tuple[str, int, bool]:
    """(RE2 text, next index, exact) for the escape at p[i] == '\\'. `classes`: what some of `\\w`,
    `\\d`, `\\s` (`\\W`, ... out of a class) stand for instead of `_CLASS_IN` or `_CLASS_OUT`'s
    reading, a superset (then the escape is not exact)."""
    if i + 1 >= len(p):
        raise Untranslatable("trailing backslash")
    c = p[i + 1]
    if c in "uU" or c == "x":
        width = {"u": 4, "U": 8, "x": 2}[c]
        digits = p[i + 2:i + 2 + width]
        if len(digits) != width or any(d not in "0123456789abcdefABCDEF" for d in digits):
            raise Untranslatable(f"bad escape \\{c}")
        return _hex(int(digits, 16)), i + 2 + width, True
    if c.isdigit():
        if c == "0" or in_class:
            raise Untranslatable("octal escape")
        raise Untranslatable("backreference")
    if in_class:
        if c in _CLASS_IN:  # a '-' after it is a literal (Python), never a range (RE2)
            dash = p[i + 2:i + 3] == "-" and p[i + 3:i + 4] not in ("]", "")
            loose = classes is not None and c in classes
            return (classes if loose else _CLASS_IN)[c] + ("\\-" if dash else ""), i + 2 + dash, not loose
        if c == "b":
            return _hex(8), i + 2, True
        if c.isalpha() and c not in _SIMPLE:
            raise Untranslatable(f"\\{c} in a class")
    else:
        if c in _CLASS_OUT:
            loose = classes is not None and c in classes
            return (classes if loose else _CLASS_OUT)[c], i + 2, not loose
        if c in "bB":
            return "", i + 2, False  # a word boundary RE2 reads in ASCII: dropped, re confirms
        if c == "A":
            return r"\A", i + 2, True
        if c == "Z":
            return r"\z", i + 2, True
        if c.isalpha() and c not in _SIMPLE:
            raise Untranslatable(f"escape \\{c}")
    if c.isalnum():
        return "\\" + c, i + 2, True
    if ord(c) < 128:
        return "\\" + c, i + 2, True
    return c, i + 2, True


def _class(p: str, i: int, icase: bool = False, loose: bool = False) -> tuple[str, int, bool]:
    """The class that opens at p[i] == '[', in RE2 syntax, and the index past it. Case-insensitive,
    a class that holds one of "iIİı" holds them all (Python's `re` folds the four together).
    `loose`: `\\w` in it is read as `_LOOSE_IN` says; then the third value, exact, is False (the
    class is a superset of Python's)."""
    start = i
    out = ["["]
    i += 1
    classes = _LOOSE_IN if loose else None
    if p[i:i + 1] == "^":
        out.append("^")
        i += 1
        classes = _LOOSE_IN_NEGATED if loose else None
    first = True
    exact = True
    while i < len(p):
        c = p[i]
        if c == "]" and not first:
            if icase:  # (negated or not, the four are in the set or out of it together)
                body = p[start + 1:i]
                positive = re.compile(f"[{body[1:] if body.startswith('^') else body}]")
                if any(positive.fullmatch(ch) for ch in _TURKISH_I):
                    out.insert(2 if body.startswith("^") else 1, _TURKISH_I)  # never after a '-'

            out.append("]")
            return "".join(out), i + 1, exact
        first = False
        if c == "\\":
            text, i, ok = _escape(p, i, True, classes)
            out.append(text)
            exact &= ok
            continue
        if c in "[]":  # literal in Python; '[' would open a POSIX class in RE2
            out.append("\\" + c)
        elif c in "&~|-" and p[i + 1:i + 2] == c and c != "-":
            out.append("\\" + c)
        else:
            out.append(c)
        i += 1
    raise Untranslatable("unterminated class")


def _repeat(p: str, i: int) -> tuple[str, str, str, int] | None:
    """(low, comma, high, index past it) of a `{m}`, `{m,}`, `{,n}` or `{m,n}` quantifier at
    p[i] == '{', or None (a literal brace)."""
    j = p.find("}", i)
    if j < 0:
        return None
    body = p[i + 1:j]
    lo, comma, hi = body.partition(",")
    if not (lo.isdigit() or (comma and lo == "")) or not (hi == "" or hi.isdigit()) or \
            (not lo and not hi) or not all(ch.isascii() for ch in body):
        return None
    return lo or "0", comma, hi, j + 1


def translate(pattern: str, icase: bool = False, longest: int | None = None,
              loose: bool = False) -> tuple[str, bool]:
    """`pattern` (Python `re` syntax, macros expanded) in RE2 syntax, and whether it is exact
    (False: assertions were dropped, the translation accepts a superset of the lines). `icase`:
    the pattern is matched case-insensitively (scoped flags inside it are followed). `longest`:
    no line longer than this is matched against it (the rule's max_chars), so a character
    repeated up to that many times or more is repeated without bound (`.{0,600}` is `.*` on a
    line of at most 200 characters): RE2 unrolls bounded repetitions, a bound costs states.
    `loose`: `\\w` and `\\W` are read as `_LOOSE_IN` and `_LOOSE_OUT` say (any character past
    ASCII is a letter), a superset that compiles in a fraction of the time; where one occurs the
    translation is not exact."""
    out: list[str] = []
    exact = True
    scopes = [icase]  # case-insensitive or not, per open group
    single = False  # the last atom matches exactly one character
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        was_single, single = single, False
        if c == "\\":
            text, i, ok = _escape(pattern, i, False, _LOOSE_OUT if loose else None)
            out.append(text)
            exact &= ok
            single = bool(text) and text not in (r"\A", r"\z")
        elif c == "[":
            text, i, ok = _class(pattern, i, scopes[-1], loose)
            out.append(text)
            exact &= ok
            single = True
        elif c == ")":
            if len(scopes) > 1:
                scopes.pop()
            out.append(c)
            i += 1
        elif c in _TURKISH_I and scopes[-1]:
            out.append(f"[{_TURKISH_I}]")
            i += 1
            single = True
        elif c == "(":
            if pattern.startswith("(?", i):
                k = pattern[i + 2:i + 3]
                if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                    i = _skip_group(pattern, i)  # a lookaround: dropped, re confirms
                    exact = False
                    if pattern[i:i + 1] in ("*", "+", "?", "{"):
                        raise Untranslatable("quantified lookaround")
                    continue
                if pattern.startswith("(?#", i):
                    j = pattern.find(")", i)
                    if j < 0:
                        raise Untranslatable("unterminated comment")
                    i = j + 1
                    continue
                if pattern.startswith("(?P<", i) or k == ":":
                    j = i + 3 if k == ":" else pattern.find(">", i) + 1
                    if j <= i:
                        raise Untranslatable("group syntax")
                    out.append(pattern[i:j])
                    i = j
                    scopes.append(scopes[-1])
                    continue
                # inline flags: (?i) (?s) (?i:...) (?-i:...); others (x, a, L, atomic, ...) stay on re
                j = i + 2
                while j < n and pattern[j] in "imsu-":
                    j += 1
                flags = pattern[i + 2:j].replace("u", "")
                if j >= n or pattern[j] not in ":)" or "m" in flags:
                    raise Untranslatable("group syntax")
                on, _, off = flags.partition("-")
                ci = (scopes[-1] or "i" in on) and "i" not in off
                if pattern[j] == ")":
                    scopes[-1] = ci  # (?i): to the end of the enclosing group
                else:
                    scopes.append(ci)
                if flags in ("", "-") and pattern[j] == ")":
                    i = j + 1
                    continue
                out.append("(?" + flags + pattern[j])
                i = j + 1
                continue
            out.append("(")
            scopes.append(scopes[-1])
            i += 1
        elif c == "{":
            rep = _repeat(pattern, i)
            if rep is None:
                out.append(r"\{")
                i += 1
                single = True
                continue
            lo, comma, hi, i = rep
            if was_single and longest is not None and comma and hi and int(hi) >= longest:
                hi = ""  # as many as the line holds: never more than `longest`
            elif comma and hi and (was_single and int(hi) >= LOOSE_REPEAT or
                                   out and out[-1] == ")" and int(hi) >= LOOSE_GROUP_REPEAT):
                hi = ""  # unbounded, a superset: `re` confirms (a high bound multiplies states)
                exact = False
            if int(lo) > MAX_REPEAT or (hi and int(hi) > MAX_REPEAT):
                raise Untranslatable("repetition bound over 1000")
            out.append("*" if comma and not hi and lo == "0" else "+" if comma and not hi and lo == "1"
                       else "{" + lo + comma + hi + "}")
        elif c == "}":
            out.append(r"\}")
            i += 1
            single = True
        elif c in "*+?" and pattern[i + 1:i + 2] == "+":
            raise Untranslatable("possessive quantifier")
        else:
            out.append(c)
            i += 1
            single = c not in "|^$*+?"
    return "".join(out), exact


def enabled() -> bool:
    """RE2 sets are used unless google-re2 is missing or CLEANER_RULE_ENGINE=re asks for `re`."""
    return _re2 is not None and os.environ.get("CLEANER_RULE_ENGINE", "re2").strip().lower() != "re"


# RE2's memory per set: its program (about 10 MB for the built-in line rules) and, in what is
# left, the cache of its automaton's states (emptied and refilled when full).
MAX_MEM_MB = int(os.environ.get("CLEANER_RE2_MAX_MEM", "40"))
GATED_MAX_MEM_MB = 16  # the few scanning patterns
SCREEN_MAX_MEM_MB = 16  # the inline rules' screen (its cache stops refilling at about 16)


def _options(mb: int | None = None):
    opts = _re2.Options()
    opts.max_mem = (mb or MAX_MEM_MB) << 20
    opts.log_errors = False
    return opts


def _release() -> None:
    """Hand the memory compilation used and freed back to the system (glibc keeps it otherwise:
    about 35 MB of the built-in rules' 48)."""
    from ..heap import release

    release()


_CLASSIFIED: dict = {}


def classify(rule, patterns: Sequence[str] | None = None) -> tuple[str, list[tuple[str, bool]]]:
    """How a rule's patterns are matched: ("re2", ...) all exact, ("re2+re", ...) some confirmed
    by `re`, ("re", []) on `re` alone; with each pattern's RE2 text and exactness."""
    srcs = rule.sources if patterns is None else patterns
    if _re2 is None or not srcs:
        return "re", []
    key = (tuple(srcs), rule.case_sensitive, rule.max_chars)
    found = _CLASSIFIED.get(key)
    if found is not None:
        return found
    flag = "" if rule.case_sensitive else "(?i)"
    out = []
    try:
        for src in srcs:
            text, exact = translate(src, not rule.case_sensitive, rule.max_chars, loose=True)
            if flag and _FOLD_PATTERN.search(src):
                raise Untranslatable("an escaped i or ypogegrammeni, case-insensitive")
            out.append((f"{flag}(?:{text})", exact))
    except Untranslatable:
        found = ("re", [])
    else:
        found = (("re2" if all(e for _, e in out) else "re2+re"), out)
    _CLASSIFIED[key] = found
    return found


def _parses(parts) -> bool:
    probe = _re2.Set.FullMatchSet(_options())
    try:
        for text, _ in parts:
            probe.Add(text)
    except Exception:  # re2.error: RE2 refuses it
        return False
    return True


def engine_of(rule) -> str:
    """'re2', 're2+re' or 're' for a line or zone rule ('' for stage rules); inline rules are
    searched with `re`, pair rules matched with `re` after a keyword pre-filter (an RE2 set was
    measured slower there)."""
    if rule.rx is None:
        return ""
    if rule.scope in ("inline", "pair"):
        return "re"
    kind, parts = classify(rule)
    if kind != "re" and not _parses(parts):
        return "re"
    return kind


class FallbackWarning(UserWarning):
    """A user pack's line or zone rule RE2 cannot express: it is matched with `re` on every line."""


def warn_fallbacks(rules, where: str) -> None:
    """Warn about the line and zone rules of a user pack that stay on `re` (when RE2 is used)."""
    import warnings

    if not enabled():
        return
    slow = [r.id for r in rules if r.scope in ("line", "zone") and r.status != "deprecated"
            and engine_of(r) == "re"]
    if slow:
        warnings.warn(f"{where}: rule(s) {', '.join(slow)} use syntax RE2 lacks (a backreference, an "
                      f"atomic group, a bound over {MAX_REPEAT}, ...): matched with Python's re on "
                      f"every line, which is slower", FallbackWarning, stacklevel=3)


def _add(sets_owners, rule_index: int) -> bool:
    """Add a rule's patterns, each to the (set, owners) its caller picks; False (and the rule's
    entries disowned) when RE2 refuses one of them."""
    added = []
    for (st, owners), text in sets_owners:
        try:
            st.Add(text)
        except Exception:  # re2.error
            for o, k in added:
                o[k] = -1
            return False
        owners.append(rule_index)
        added.append((owners, len(owners) - 1))
    return True


def _search_set(pattern: str, opts):
    """`pattern` as an unanchored RE2 set of one: its `Match(bytes)` answers whether the pattern
    occurs in the text from the automaton alone (a compiled pattern's search also finds where,
    through the binding's Python layer: several times slower), or None where RE2 refuses it."""
    st = _re2.Set.SearchSet(opts)
    try:
        st.Add(pattern)
        st.Compile()
    except Exception:  # re2.error
        return None
    return st._set.Match if hasattr(st, "_set") else st.Match


def _literals(keys):
    """A search for any of `keys` (literal strings), case-sensitive: a function of the text's
    UTF-8 bytes, true when one occurs; None for no keys."""
    if not keys:
        return None
    opts = _options()
    opts.case_sensitive = True
    return _search_set("|".join(map(re.escape, sorted(keys))), opts)


def _gate(keys_cs, keys_ci):
    """One search of a line's UTF-8 bytes for a keyword of the gated patterns (`SetMatcher`):
    the case-sensitive keys as they are, the case-insensitive ones (ASCII and lowercase; the
    `re` matcher tests them as `key in fold(line)`) under RE2's case folding, which folds "k"
    with the Kelvin sign and "s" with the long s as `fold` does, with "i" spelled as "iIİı"
    (`fold` maps "İ" and "ı" to "i"). It answers yes wherever `fold`'s test does (a superset:
    a gate open more often costs a search of the gated set, never an answer). None where a
    case-insensitive key is not ASCII, or RE2 refuses the search."""
    if keys_ci and not all(k.isascii() for k in keys_ci):
        return None
    parts = [re.escape(k) for k in sorted(keys_cs)]
    if keys_ci:
        spelled = ("".join(f"[{_TURKISH_I}]" if c in _TURKISH_I else re.escape(c) for c in k)
                   for k in sorted(keys_ci))
        parts.append("(?i:" + "|".join(spelled) + ")")
    opts = _options()
    opts.case_sensitive = True
    return _search_set("|".join(parts), opts)


_NONE4 = (None, None, None, ())  # (`answers` where nothing matches)
# A pattern that starts by scanning ('.{0,150}(?:sign up|...)', '[^.!?|]{10,280}...'): gated by
# its keywords in `SetMatcher` when it needs one of at most this many, each of 4 characters or
# more (the credit under a caption, CH410, needs a stock library's name: 16 of them).
_STARTS_SCANNING = re.compile(r"(?:\.|\[\^(?:\\.|[^\]])*\])(?:\{\d*,\d*\}|[*+])")
SET_GATE_MAX_KEYS = 16
# A line longer than this is matched against a set of its own, of the patterns of the rules whose
# max_chars admit it (`SetMatcher._long`): most rules stop at DEFAULT_MAX_CHARS (200) or 300, and
# the few that read paragraphs make a small automaton, where the full sets read a paragraph to its
# end (1,666 of the 17.9k lines a cold pass over the 99 dumps first sees, 17.6 -> 3.4 ms).
LONG_LINE = 300
# A pattern that can run over any stretch of a line ('.*', '[^|]{10,280}', 'x{2,}' in RE2 text):
# in one set with the patterns that cannot, the automaton's states multiply (a line is in the
# middle of a loose pattern and of a literal one at once) and its cache thrashes on varied text
# (about 20 us a line on the corpus lines, against under 1 in each of two sets).
_LOOSE = re.compile(r"(?:\.|\])(?:[*+]|\{\d+,\d*\})")


class SetMatcher:
    """The first of `rules` (in order) whose patterns match a whole line: `_FirstMatch`'s answer,
    from one pass of an RE2 set over the line plus `re` on fallback and confirmed rules only.
    `split`: the first of a second part of `rules` (the weak line rules) whose first match is
    answered too. `zones`: rules of another question (the zone headings) put in the same sets,
    answered apart (`zone`): the stages ask both questions of the same lines, and one pass of
    the sets per line answers them all. `nexts`: rules of a third question, each answered
    (`answers`' fourth value: the indices into `nexts` of those that match, in order) as
    `match_line` would (the pair rules' next-line patterns, `RuleSet._set_nexts`)."""

    def __init__(self, rules: Sequence, split: int | None = None, zones: Sequence = (),
                 nexts: Sequence = ()):
        from .prefilter import required_keys

        self.end = len(rules)  # rules[end:zend] are the zone rules, rules[zend:] the next ones
        self.zend = self.end + len(zones)
        self.rules = tuple(rules) + tuple(zones) + tuple(nexts)
        self.split = self.end if split is None else split
        self.index = {r.id: k for k, r in enumerate(self.rules)}
        self.longest = max((r.max_chars for r in self.rules), default=-1)
        self.memo = Memo()
        self.exact: list[bool] = []
        self.fallback: list[int] = []  # rule indices matched with re alone
        # Three sets: patterns that start by scanning (`_STARTS_SCANNING`) multiply the states
        # of a set's automaton, so they go to a set searched only on lines that hold one of their
        # keywords (as the keyword gates of `_FirstMatch`); of the others, the loose ones
        # (`_LOOSE`) and the rest each have their own set, searched on every line.
        owner: list[int] = []  # set entry -> rule index
        loose_owner: list[int] = []
        gated_owner: list[int] = []
        keys_ci: set[str] = set()
        keys_cs: set[str] = set()
        long_entries: list[tuple[str, int]] = []  # (RE2 text, rule index) of the rules `long` reads
        self.set = _re2.Set.FullMatchSet(_options())
        self.loose = _re2.Set.FullMatchSet(_options())
        self.gated = _re2.Set.FullMatchSet(_options(GATED_MAX_MEM_MB))
        for ri, r in enumerate(self.rules):
            kind, parts = classify(r)
            self.exact.append(kind == "re2")
            if kind == "re":
                self.fallback.append(ri)
                continue
            todo, gate_keys = [], []
            for src, (text, _) in zip(r.sources, parts):
                keys = required_keys(src, r.rx.flags) if _STARTS_SCANNING.match(src) else None
                if keys is not None and len(keys) <= SET_GATE_MAX_KEYS and min(map(len, keys)) >= 4:
                    todo.append(((self.gated, gated_owner), text))
                    gate_keys.append(keys)
                elif _LOOSE.search(text):
                    todo.append(((self.loose, loose_owner), text))
                else:
                    todo.append(((self.set, owner), text))
            if not _add(todo, ri):
                self.exact[ri] = False
                self.fallback.append(ri)
                continue
            for keys in gate_keys:
                (keys_cs if r.case_sensitive or not any(c.isalpha() for k in keys for c in k)
                 else keys_ci).update(keys)
            if r.max_chars > LONG_LINE:
                long_entries += [(text, ri) for _, text in todo]
        self.fallback.sort()
        self._long(long_entries)
        self.sets = []  # (set, set entry -> rule index), each searched on every line
        for st, own in ((self.set, owner), (self.loose, loose_owner)):
            if any(o >= 0 for o in own):
                st.Compile()
                self.sets.append((st._set.Match if hasattr(st, "_set") else st.Match, tuple(own)))
        self.gated_owner = tuple(gated_owner) if any(o >= 0 for o in gated_owner) else ()
        if self.gated_owner:
            self.gated.Compile()
        _release()
        # one search per line for all the keywords (a literal alternation: RE2's automaton), on
        # the bytes the sets read (`_gate`); else one for each kind of key, the line folded
        self.gate = _gate(keys_cs, keys_ci) if self.gated_owner else None
        self.keys_cs = _literals(keys_cs)
        self.keys_ci = _literals(keys_ci)

    def _long(self, entries: list[tuple[str, int]]) -> None:
        """The set a line longer than `LONG_LINE` reads instead of the others (`long`, None for
        no entries; `long_owner`: set entry -> rule index): `entries`, the patterns of the rules
        that admit such a line, ungated (a gate only turns away lines where its patterns cannot
        match). Every other rule's match is passed over for its length, so the candidates that
        stand are the same. Where RE2 refuses the set, every line reads the others
        (`long_from`)."""
        self.long, self.long_owner, self.long_from = None, (), LONG_LINE
        if not entries:
            return
        st = _re2.Set.FullMatchSet(_options(GATED_MAX_MEM_MB))
        try:
            for text, _ in entries:
                st.Add(text)
            st.Compile()
        except Exception:  # re2.error  # pragma: no cover (each entry is in another set already)
            self.long_from = sys.maxsize
            return
        self.long, self.long_owner = st._set.Match, tuple(ri for _, ri in entries)

    def _open(self, text: str) -> bool:
        """Does the line hold a keyword of some gated pattern? (`fold`'s test; `gate` answers
        yes wherever this does, from the line's bytes)"""
        if self.keys_cs is not None and self.keys_cs(text.encode()):
            return True
        return self.keys_ci is not None and bool(self.keys_ci(fold(text).encode()))

    def __call__(self, text: str):
        """The first rule that matches `text` (of `rules`, zones apart)."""
        return self.answers(text)[0]

    def pair(self, text: str) -> tuple:
        """(the first rule that matches `text`, the first at index `split` or later): what the
        strong-then-weak line rules answer, both from one pass."""
        return self.answers(text)[:2]

    def zone(self, text: str):
        """The first of the `zones` rules that matches `text`."""
        return self.answers(text)[2]

    def answers(self, text: str) -> tuple:
        """(`__call__`'s answer, `pair`'s second, `zone`'s, the indices into `nexts` of those
        that match), remembered: the stages ask about the same lines again."""
        found = self.memo.get(text)
        if found is not None:
            return found
        # rules read text as the output is written (NFC, no soft hyphens or zero-width characters)
        norm = text if text.isascii() else normalize(text)  # (`normalize` keeps an ASCII line)
        n = len(norm)
        return self.memo.put(text, _NONE4 if n > self.longest else self._match(norm, n))

    def _match(self, text: str, n: int) -> tuple:
        split, end, zend = self.split, self.end, self.zend
        if "\n" in text or not text.isascii() and _FOLD_TEXT.search(text):
            # Python's `$` differs before a final newline; RE2's tables differ on a few characters
            rules = self.rules
            first = next((r for r in rules[:end] if r.match_line(text)), None)
            if first is None or self.index[first.id] >= split:
                weak = first
            else:
                weak = next((r for r in rules[split:end] if r.match_line(text)), None)
            zone = next((r for r in rules[end:zend] if r.match_line(text)), None) if zend > end else None
            nexts = tuple(k for k, r in enumerate(rules[zend:]) if r.match_line(text))
            return first, weak, zone, nexts
        data = text.encode()  # (each set reads UTF-8: the text is encoded once)
        hits: list[int] = []  # set entries that match (most lines: none)
        if n > self.long_from:  # (a long line: the few rules that admit it, in one set)
            named = self.long(data) if self.long is not None else None
            if named:
                hits = [self.long_owner[h] for h in named]
        else:
            for match, owner in self.sets:
                named = match(data)
                if named:
                    hits += [owner[h] for h in named]
            if self.gated_owner and (self.gate(data) if self.gate is not None else self._open(text)):
                named = self.gated.Match(text)
                if named:
                    hits += [self.gated_owner[h] for h in named]
        if self.fallback:
            hits += self.fallback
        if not hits:
            return _NONE4
        found = set(hits)
        found.discard(-1)
        rules, exact = self.rules, self.exact
        words = None
        first = weak = zone = None
        nexts: tuple[int, ...] = ()
        for ri in sorted(found):
            if ri < end:
                if weak is not None or first is not None and ri < split:
                    continue  # (this part's answers are known)
            elif ri < zend and zone is not None:
                continue
            r = rules[ri]
            if r.max_chars < n:
                continue
            if exact[ri]:
                if r.max_words:
                    if words is None:
                        words = word_count(text)
                    if words > r.max_words:
                        continue
            elif not r.match_line(text):
                continue
            if ri >= zend:
                nexts += (ri - zend,)
            elif ri >= end:
                zone = r
            elif first is None:
                first = r
                if ri >= split:
                    weak = r
            else:
                weak = r
        return first, weak, zone, nexts


class Screen:
    """`search(text)`: is there a match of some of `rules`' patterns anywhere in `text`? One RE2
    search of their translations (a superset: dropped assertions and loosened bounds only let
    more lines through), falling back to `re` for a line RE2 and `re` may read differently (a
    newline, a character of `_FOLD_TEXT`): `rx` (the `re` alternation), or where it is None each
    rule's own pattern in turn (a match of one of them is a match of their alternation, and
    they need not be compiled for the lines RE2 reads). A screen only turns away lines where no
    rule can match, so its answer never changes a result."""

    def __init__(self, rules: Sequence, rx=None):
        self.rx = rx
        self.rules = tuple(rules)
        parts = []
        for r in rules:
            kind, texts = classify(r)
            if kind == "re":
                raise Untranslatable(f"{r.id} stays on re")
            parts.extend(text for text, _ in texts)
        self.re2 = _search_set("|".join(f"(?:{p})" for p in parts), _options(SCREEN_MAX_MEM_MB))
        if self.re2 is None:
            raise Untranslatable("RE2 refuses the alternation")
        _release()

    def search(self, text: str):
        """A match (`re`) or True where some pattern may match; None where none can."""
        if "\n" in text or not text.isascii() and _FOLD_TEXT.search(text):
            if self.rx is not None:
                return self.rx.search(text)
            for r in self.rules:
                m = r.rx.search(text)
                if m is not None:
                    return m
            return None
        return True if self.re2(text.encode()) else None


def screen(rules: Sequence, rx):
    """A `Screen` of `rules`, or `rx` itself where RE2 cannot read them all. `rx`: the `re`
    alternation, or a function that gives it, called only where RE2 cannot read the rules (the
    screen's own fallback searches rule by rule: the alternation is not compiled for it)."""
    lazy = callable(rx)
    if _re2 is not None and rx is not None and rules:
        try:
            return Screen(rules, None if lazy else rx)
        except Untranslatable:
            pass
    return rx() if lazy else rx


class FullMatch:
    """`fullmatch(text)`: does `rx` (an `re` pattern, macros expanded) match the whole of `text`?
    `re`'s answer, from one RE2 match of the translation: final where the translation is exact,
    else only a refusal is (`re` confirms RE2's yes). A line longer than `longest` (which the
    translation may have loosened for), holding a newline or a character of `_FOLD_TEXT`, is
    matched with `re`. Raises `Untranslatable` where RE2 cannot read the pattern."""

    def __init__(self, rx, longest: int):
        icase = bool(rx.flags & re.IGNORECASE)
        if icase and _FOLD_PATTERN.search(rx.pattern):
            raise Untranslatable("an escaped i or ypogegrammeni, case-insensitive")
        text, self.exact = translate(rx.pattern, icase, longest, loose=True)
        # a set of one: a set answers yes or no from its automaton alone (a compiled pattern's
        # match also finds its groups, which costs more than `re`)
        self.set = _re2.Set.FullMatchSet(_options(GATED_MAX_MEM_MB))
        try:
            self.set.Add(("(?i)" if icase else "") + f"(?:{text})")
            self.set.Compile()
        except Exception:  # re2.error: RE2 refuses it
            raise Untranslatable("RE2 refuses the pattern") from None
        _release()
        self.rx, self.longest = rx, longest
        self._match = self.set._set.Match

    def fullmatch(self, text: str) -> bool:
        if len(text) > self.longest or "\n" in text or not text.isascii() and _FOLD_TEXT.search(text):
            return self.rx.fullmatch(text) is not None
        if not self._match(text.encode()):
            return False
        return self.exact or self.rx.fullmatch(text) is not None


# A pattern shorter than this stays on `re`, which answers it as fast as RE2 (or faster: a short
# pattern fails on a line's first characters, and RE2's yes must be confirmed where the translation
# is not exact); a long alternation ('{{CREDIT_LINE}}': 8,800 characters, 4.4 us a line with `re`)
# is where backtracking costs, about 4x RE2's time on the corpus lines.
FULLMATCH_RE2_MIN_CHARS = 1000


def fullmatcher(rx, longest: int):
    """`rx.fullmatch`'s yes or no, through RE2 where it can read `rx` (`FullMatch`) and the
    pattern is long (`FULLMATCH_RE2_MIN_CHARS`)."""
    if _re2 is not None and rx is not None and enabled() and len(rx.pattern) >= FULLMATCH_RE2_MIN_CHARS:
        try:
            return FullMatch(rx, longest).fullmatch
        except Untranslatable:
            pass
    return lambda text: rx.fullmatch(text) is not None


class Candidates:
    """`__call__(text)`: which of `rxs` (compiled `re` patterns) may match the whole of `text`, as
    indices into `rxs`: one pass of an RE2 set of their translations, which accepts a superset of
    the lines each accepts. A line longer than `longest`, holding a newline or a character of
    `_FOLD_TEXT`, gets every index. A caller that matches only the named patterns with `re`
    gets `re`'s answers. Raises `Untranslatable` where RE2 cannot read one of the patterns."""

    def __init__(self, rxs: Sequence, longest: int):
        self.every = tuple(range(len(rxs)))
        self.longest = longest
        st = _re2.Set.FullMatchSet(_options(GATED_MAX_MEM_MB))
        try:
            for rx in rxs:
                icase = bool(rx.flags & re.IGNORECASE)
                if icase and _FOLD_PATTERN.search(rx.pattern):
                    raise Untranslatable("an escaped i or ypogegrammeni, case-insensitive")
                text, _ = translate(rx.pattern, icase, longest, loose=True)
                st.Add(("(?i)" if icase else "") + f"(?:{text})")
            st.Compile()
        except Untranslatable:
            raise
        except Exception:  # re2.error: RE2 refuses one
            raise Untranslatable("RE2 refuses a pattern") from None
        _release()
        self._match = st._set.Match

    def __call__(self, text: str):
        if len(text) > self.longest or "\n" in text or not text.isascii() and _FOLD_TEXT.search(text):
            return self.every
        return self._match(text.encode()) or ()


def candidates(rxs: Sequence, longest: int):
    """A `Candidates` screen of `rxs`, or one that names every pattern on every line where RE2 is
    not in use or cannot read them."""
    if _re2 is not None and enabled():
        try:
            return Candidates(rxs, longest)
        except Untranslatable:
            pass
    every = tuple(range(len(rxs)))
    return lambda text: every
