"""The rule registry: load rule packs (TOML), validate them, compile every pattern once.

A rule is data. Each has a stable `id` (CH101, RL101, ...), a `name`, a `family`, a `scope` saying
where it applies, an `explanation` (why the text is chrome), the `risk` of a false positive, its
`patterns` (Python regexes, case-insensitive unless `case_sensitive = true`), and `examples` that
must match and `counterexamples` that must not. Ids never change meaning: a rule that is replaced
is marked `status = "deprecated"` and kept.

Scopes:
  line    the whole stripped line matches a pattern -> the line is removed
  pair    the line matches `patterns` and the next non-blank line matches `next_patterns`
          -> both lines are removed (a caption line ending in "|" followed by its credit)
  inline  a pattern matches inside a paragraph -> a span is removed; `extent` says which:
          "match" (the match only), "sentence" (the sentence before the match, and the match),
          "caption" (the whole line when the line is short and the match ends it, else "sentence")
  zone    the whole line is a heading that opens a zone (`zone = "related" | "comments" | ...`)
  stage   no pattern: a pipeline stage removes the text (related records, the byline, ...);
          the entry documents it so that every removal names a rule `cleaner explain` knows.
          HTML mode's DOM rules (html.toml, HT1xx) are stage rules; one that has `patterns`
          is matched by `cleaner/html.py` against whole extracted blocks (HTML mode only)

Strength: a `weak` line rule (a bare "Share", "Comments", "Tags") only removes its line when a
neighbouring line is chrome too; `strong` (the default) removes it wherever it matches.

Patterns may use macros defined in `macros.toml` as {{NAME}}.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import RuleError
from ..memo import Memo
from ..repair import normalize
from ..textfeatures import words
from .prefilter import fold

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

RULES_DIR = Path(__file__).resolve().parent
SCOPES = ("line", "pair", "inline", "zone", "stage")
EXTENTS = ("match", "sentence", "caption")
STATUSES = ("stable", "preview", "deprecated")
_ID = re.compile(r"^[A-Z]{2,4}\d{3,4}$")
_MACRO = re.compile(r"\{\{([A-Z_]+)\}\}")
DEFAULT_MAX_CHARS = 200
# A rule is pre-filtered by keywords when it needs one of at most this many.
_MAX_KEYS = 6
_BACKREF = re.compile(r"\\\d|\(\?P=")

# A user macro that expands past this (macros doubling each other) is refused.
MAX_MACRO_CHARS = 20_000


def word_count(text: str) -> int:
    """Words for a rule's max_words: whitespace-separated tokens, and in scripts written without
    spaces (Chinese, Japanese, Thai) the characters' word count (`textfeatures.words`), so that a
    paragraph of Japanese is never a one-word line."""
    n = len(text.split())
    return n if text.isascii() else max(n, words(text))


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    family: str
    scope: str
    explanation: str
    patterns: tuple[str, ...]
    risk: str = ""
    next_patterns: tuple[str, ...] = ()
    zone: str | None = None
    extent: str = "match"
    strength: str = "strong"
    max_chars: int = DEFAULT_MAX_CHARS
    max_words: int = 0  # 0: no limit
    after_chrome: bool = False  # pair: the line before the pair must be chrome already
    case_sensitive: bool = False
    languages: tuple[str, ...] = ()
    status: str = "stable"
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    source: str = ""
    rx: re.Pattern = field(default=None, repr=False, compare=False)  # type: ignore[assignment]
    next_rx: re.Pattern | None = field(default=None, repr=False, compare=False)
    sources: tuple[str, ...] = field(default=(), repr=False, compare=False)  # patterns, macros expanded
    next_sources: tuple[str, ...] = field(default=(), repr=False, compare=False)  # next_patterns, expanded

    @property
    def weak(self) -> bool:
        return self.strength == "weak"

    def match_line(self, text: str) -> bool:
        """Whole-line match (scopes line, pair's first line, zone). Rules read text as the output
        is written (NFC, no soft hyphens or zero-width characters), so that cleaning the output
        again finds the same lines."""
        text = normalize(text)
        if len(text) > self.max_chars:
            return False
        if self.max_words and word_count(text) > self.max_words:
            return False
        return self.rx.fullmatch(text) is not None

    def match_next(self, text: str) -> bool:
        text = normalize(text)
        return self.next_rx is not None and len(text) <= self.max_chars and \
            self.next_rx.fullmatch(text) is not None

    def test(self, example: str) -> bool:
        """Does this rule fire on `example`? (used for examples/counterexamples)."""
        if self.scope == "pair":
            if self.after_chrome:  # 'chrome line\ncaption\ncredit': the first line is the context,
                parts = example.split("\n")  # which the pipeline checks (tests/test_rules.py)
                if len(parts) != 3:
                    return False
                example = "\n".join(parts[1:])
            first, _, second = example.partition("\n")
            return self.match_line(first.strip()) and self.match_next(second.strip())
        if self.scope == "inline":
            return self.rx.search(example) is not None
        return self.match_line(example.strip())

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in (
            "id", "name", "family", "scope", "strength", "status", "explanation", "risk",
            "patterns", "examples", "counterexamples", "languages", "source")}


def _selective(key: str) -> bool:
    """A keyword rare enough to pre-filter on: 3+ characters, or one punctuation mark."""
    return len(key) >= 3 or (len(key) == 1 and not key.isalnum() and not key.isspace())


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleError(f"{where}: unknown macro {{{{{name}}}}}")
        return "(?:" + macros[name] + ")"
    return _MACRO.sub(sub, pattern)


def _compile(patterns: Sequence[str], macros: dict[str, str], flags: int, where: str,
             lazy: bool = False) -> "re.Pattern | LazyPattern":
    expanded = [_expand(p, macros, where) for p in patterns]
    joined = "|".join(f"(?:{p})" for p in expanded)
    if lazy:
        # one object per distinct pattern, as `re.compile`'s cache gives: the callers that ask
        # once per distinct next-line pattern tell them apart by identity
        found = _LAZY.get((joined, flags))
        if found is None:
            found = _LAZY[(joined, flags)] = LazyPattern(joined, flags, where)
        return found
    return _re_compile(joined, flags, where)


_LAZY: dict[tuple[str, int], "LazyPattern"] = {}


def _re_compile(pattern: str, flags: int, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise RuleError(f"{where}: bad pattern: {exc}") from None
    except RecursionError:
        raise RuleError(f"{where}: bad pattern: groups nested too deeply") from None


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


class LazyPattern:
    """A rule's `re` pattern, compiled on first use. Its `pattern` and `flags` are those of the
    compiled pattern without compiling it (the rule sets read them to build the RE2 sets and
    the keyword pre-filters); any other attribute (`fullmatch`, `search`, `groups`, ...) compiles
    it once and is then the compiled pattern's own. The built-in packs' patterns are loaded so:
    the RE2 sets answer most lines, and `re` is needed only for the patterns a line asks it to
    confirm (compiling them all cost a fresh process about 0.1 s before its first page)."""

    def __init__(self, pattern: str, flags: int, where: str = "pattern"):
        # (`re` adds UNICODE to a str pattern's flags unless ASCII is asked for; a pattern that
        # opens with global flags, '(?i)...', adds them too: such a one is compiled now)
        self.pattern, self.flags, self._where = pattern, flags | (0 if flags & re.ASCII else re.UNICODE), where
        if _GLOBAL_FLAGS.match(pattern):
            self.flags = self.compiled().flags

    def compiled(self) -> re.Pattern:
        rx = self.__dict__.get("_rx")
        if rx is None:
            rx = self._rx = _re_compile(self.pattern, self.flags, self._where)
            for name in ("fullmatch", "match", "search", "finditer", "findall", "sub", "subn", "split",
                         "groups", "groupindex"):
                setattr(self, name, getattr(rx, name))
        return rx

    def __getattr__(self, name: str):  # (only for attributes not set yet)
        if name.startswith("__") or name == "_rx":
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __getstate__(self) -> dict:
        return {"pattern": self.pattern, "flags": self.flags, "_where": self._where}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"


def _tuple(value, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: '{key}' must be a string or a list of strings")
    return tuple(value)


def _build(raw: dict, defaults: dict, macros: dict[str, str], source: str, lazy: bool = False) -> Rule:
    """A validated rule. `lazy`: its patterns compile on first use (`LazyPattern`), and its
    examples are not matched here (a built-in pack's: tests/test_rules.py matches each one)."""
    data = {**defaults, **raw}
    rid = data.get("id")
    where = f"{source}: rule {rid or '?'}"
    if not isinstance(rid, str) or not _ID.match(rid):
        raise RuleError(f"{where}: 'id' must look like CH101")
    for key in ("name", "family", "scope", "explanation"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise RuleError(f"{where}: missing '{key}'")
    scope = data["scope"]
    if scope not in SCOPES:
        raise RuleError(f"{where}: scope must be one of {', '.join(SCOPES)}")
    patterns = _tuple(data.get("patterns"), where, "patterns")
    if not patterns and scope != "stage":
        raise RuleError(f"{where}: no patterns")
    extent = data.get("extent", "match")
    if extent not in EXTENTS:
        raise RuleError(f"{where}: extent must be one of {', '.join(EXTENTS)}")
    status = data.get("status", "stable")
    if status not in STATUSES:
        raise RuleError(f"{where}: status must be one of {', '.join(STATUSES)}")
    strength = data.get("strength", "strong")
    if strength not in ("strong", "weak"):
        raise RuleError(f"{where}: strength must be 'strong' or 'weak'")
    if scope == "zone" and not data.get("zone"):
        raise RuleError(f"{where}: a zone rule needs 'zone'")
    next_patterns = _tuple(data.get("next_patterns"), where, "next_patterns")
    if scope == "pair" and not next_patterns:
        raise RuleError(f"{where}: a pair rule needs 'next_patterns'")
    flags = re.UNICODE if data.get("case_sensitive") else re.UNICODE | re.IGNORECASE
    max_chars = data.get("max_chars", DEFAULT_MAX_CHARS)
    if not isinstance(max_chars, int) or max_chars <= 0:
        raise RuleError(f"{where}: max_chars must be a positive integer")
    max_words = data.get("max_words", 0)
    if not isinstance(max_words, int) or max_words < 0:
        raise RuleError(f"{where}: max_words must be a non-negative integer")
    known = {"id", "name", "family", "scope", "explanation", "risk", "patterns", "next_patterns", "max_words",
             "zone", "extent", "strength", "max_chars", "case_sensitive", "languages", "status",
             "examples", "counterexamples", "after_chrome"}
    unknown = set(raw) - known
    if unknown:
        raise RuleError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    rule = Rule(
        id=rid, name=data["name"], family=data["family"], scope=scope,
        explanation=" ".join(data["explanation"].split()),
        risk=" ".join(str(data.get("risk", "")).split()),
        patterns=patterns, next_patterns=next_patterns, zone=data.get("zone"), extent=extent,
        strength=strength, max_chars=max_chars, max_words=max_words, case_sensitive=bool(data.get("case_sensitive")),
        after_chrome=bool(data.get("after_chrome")),
        languages=_tuple(data.get("languages"), where, "languages"), status=status,
        examples=_tuple(data.get("examples"), where, "examples"),
        counterexamples=_tuple(data.get("counterexamples"), where, "counterexamples"),
        source=source,
        rx=_compile(patterns, macros, flags, where, lazy) if patterns else None,
        sources=tuple(_expand(p, macros, where) for p in patterns),
        next_sources=tuple(_expand(p, macros, where + " next_patterns") for p in next_patterns),
        next_rx=_compile(next_patterns, macros, flags, where + " next_patterns", lazy) if next_patterns else None,
    )
    if scope == "stage" or lazy:
        return rule
    for ex in rule.examples:
        if not rule.test(ex):
            raise RuleError(f"{where}: example does not match: {ex!r}")
    for ex in rule.counterexamples:
        if rule.test(ex):
            raise RuleError(f"{where}: counterexample matches: {ex!r}")
    return rule


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: invalid TOML: {exc}") from None


def load_macros(path: Path = RULES_DIR / "macros.toml") -> dict[str, str]:
    data = _read_toml(path).get("macros", {})
    macros = {k: str(v) for k, v in data.items()}
    # macros may use earlier macros
    for k, v in macros.items():
        macros[k] = _expand(v, macros, f"{path}: macro {k}")
    return macros


def load_pack(path: Path | str, macros: dict[str, str] | None = None, *,
              check_safety: bool | None = None, validate: bool | None = None) -> list[Rule]:
    """Load and validate one pack. Packs other than the built-in ones are also screened for
    patterns that backtrack catastrophically (`safety.enforce`; `check_safety` overrides).
    `validate`: compile every pattern and match the examples now (the default for packs other
    than the built-in ones, and for a built-in one screened; a built-in pack is otherwise
    compiled lazily, its examples matched by the tests)."""
    path = Path(path)
    macros = load_macros() if macros is None else macros
    data = _read_toml(path)
    local = dict(macros)
    for k, v in data.get("macros", {}).items():
        local[k] = _expand(str(v), local, f"{path}: macro {k}")
        if len(local[k]) > MAX_MACRO_CHARS:
            raise RuleError(f"{path}: macro {k} expands to more than {MAX_MACRO_CHARS} characters")
    defaults = {k: data[k] for k in ("family", "scope", "strength", "languages", "max_chars")
                if k in data}
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise RuleError(f"{path}: [[rule]] tables expected")
    builtin = path.resolve().parent == RULES_DIR
    if check_safety is None:
        check_safety = not builtin
    if validate is None:
        validate = not builtin or check_safety
    built = [_build(r, defaults, local, path.name, not validate) for r in rules]
    if check_safety:
        from .engine import warn_fallbacks
        from .safety import enforce

        enforce(built, path.name)
        warn_fallbacks(built, path.name)
    return built


# A pattern that starts by scanning ('.{0,150}(?:sign up|subscribe) ...') tries its rest at every
# position of the line, on every line. When it needs one of a few keywords, testing them first is
# cheaper: the combined search leaves it out of lines that lack them.
_SCAN = re.compile(r"\.(?:\{\d*,\d*\}|[*+])")
GATE_MAX_KEYS = 12
# Alternations per matcher, one per bucket of line lengths.
LENGTH_BUCKETS = 4


class _FirstMatch:
    """The first of `rules` (in order) whose pattern matches a whole line, in one regex call.

    Same answer as `next((r for r in rules if r.match_line(text)), None)`: for each bucket of
    line lengths, the rules allowed for some length in it are combined into one alternation (one
    group per rule, in order; a regex tries alternatives left to right, so the first group that
    matches is the first rule that would). When the rule found does not allow the line's length
    (or word count), the plain loop answers. Lines longer than every limit are rejected by length
    alone. Patterns that cannot be combined (named groups, backreferences) are tried one by one.

    Keyword gates: a rule's pattern that starts by scanning and needs one of a few keywords
    (`prefilter.required_keys`) is left out of the alternation used for lines that contain
    none of the gates' keywords; a line with any of them gets the whole alternation. Leaving out
    a pattern that cannot match changes no answer. (Testing every rule's keywords was measured
    too: the alternation fails fast on most lines, and that cost more than it saved.)
    """

    def __init__(self, rules: Sequence[Rule]):
        self.rules = tuple(rules)
        limits = sorted({r.max_chars for r in self.rules})
        self.longest = limits[-1] if limits else -1
        # Line lengths come in a few buckets, each with its own alternation (the rules allowed
        # for some length in it): fewer patterns to compile at start-up than one per limit.
        step = max(1, -(-len(limits) // LENGTH_BUCKETS))
        self.bounds = limits[step - 1::step] if limits else []
        if limits and self.bounds[-1] != self.longest:
            self.bounds.append(self.longest)
        self._combined: dict[tuple[int, bool], tuple] = {}
        self.memo = Memo()
        self.gated: set[tuple[int, int]] = set()  # (rule index, pattern index) left out when closed
        keys_ci: set[str] = set()
        keys_cs: set[str] = set()
        from .prefilter import required_keys

        for ri, r in enumerate(self.rules):
            for pi, src in enumerate(r.sources):
                if not _SCAN.match(src):
                    continue
                keys = required_keys(src, r.rx.flags)
                if keys is None or len(keys) > GATE_MAX_KEYS or min(map(len, keys)) < 4:
                    continue
                self.gated.add((ri, pi))
                (keys_cs if r.case_sensitive or not any(c.isalpha() for k in keys for c in k) else keys_ci).update(keys)
        self.keys_ci = tuple(sorted(keys_ci))
        self.keys_cs = tuple(sorted(keys_cs))

    def _open(self, text: str) -> bool:
        """Does the line hold a keyword of some gated pattern?"""
        if any(k in text for k in self.keys_cs):
            return True
        if self.keys_ci:
            folded = fold(text)
            return any(k in folded for k in self.keys_ci)
        return False

    def _build(self, bound: int, gates_open: bool = True) -> tuple:
        k = self.bounds.index(bound)
        lowest = self.bounds[k - 1] + 1 if k else 0  # the shortest line of the bucket
        allowed = [(ri, r) for ri, r in enumerate(self.rules) if r.max_chars >= lowest]
        parts: list[str] = []
        kept: list[tuple[Rule, int]] = []  # each rule in the alternation, with its groups
        for ri, r in allowed:
            srcs = r.sources or (r.rx.pattern,)
            if not gates_open and any((ri, pi) in self.gated for pi in range(len(srcs))):
                srcs = tuple(src for pi, src in enumerate(srcs) if (ri, pi) not in self.gated)
                if not srcs:
                    continue  # none of its patterns can match such a line
                inner = "|".join(f"(?:{src})" for src in srcs)
                try:
                    groups = re.compile(inner, r.rx.flags).groups
                except re.error:
                    return (None, tuple(r for _, r in allowed))
            else:
                inner, groups = r.rx.pattern, r.rx.groups
            parts.append(f"((?:{inner}))" if r.case_sensitive else f"((?i:{inner}))")
            kept.append((r, groups))
        rx = None
        if not any(_BACKREF.search(r.rx.pattern) for _, r in allowed if r.rx.groups):
            try:  # (numbered backreferences would point elsewhere once combined)
                rx = re.compile("|".join(parts), re.UNICODE) if parts else re.compile("(?!)")
            except re.error:
                rx = None
        if rx is None or rx.groups != len(kept) + sum(g for _, g in kept):
            return (None, tuple(r for _, r in allowed))  # try them one by one
        lookup: list[Rule | None] = [None]
        for r, groups in kept:  # group index of each rule's wrapper -> the rule
            lookup.append(r)
            lookup.extend([None] * groups)
        return rx, tuple(lookup)

    def __call__(self, text: str) -> Rule | None:
        text = normalize(text)
        n = len(text)
        if n > self.longest:
            return None
        try:
            return self.memo[text]
        except KeyError:
            pass
        return self.memo.put(text, self._match(text, n))

    def _match(self, text: str, n: int) -> Rule | None:
        key = (self.bounds[bisect.bisect_left(self.bounds, n)], not self.gated or self._open(text))
        try:
            rx, lookup = self._combined[key]
        except KeyError:
            rx, lookup = self._combined[key] = self._build(*key)
        if rx is None:
            return next((r for r in lookup if r.match_line(text)), None)
        m = rx.fullmatch(text)
        if m is None:
            return None
        rule = lookup[m.lastindex]
        if rule.max_chars < n or rule.max_words and word_count(text) > rule.max_words:
            # The rule the alternation found does not allow a line this long (or with this many
            # words): a later rule may still match.
            return next((r for r in self.rules if r.match_line(text)), None)
        return rule


def _keyed(rules: Sequence[Rule]) -> list[tuple[Rule, frozenset[str] | None, bool]]:
    """Each rule with its pre-filter keywords (None: none worth testing) and whether the keyword
    test needs the case-folded line (keys without letters, "|" or "#", are tested as they are)."""
    from .prefilter import required_keys, required_marks

    out = []
    for r in rules:
        keys = required_keys(r.rx.pattern, r.rx.flags)
        if keys is not None and (len(keys) > _MAX_KEYS or not all(map(_selective, keys))):
            keys = None
        if keys is None:  # ('(?:ad|ads|...)\s?[·•|]...': short words, but one of three marks)
            keys = required_marks(r.rx.pattern, r.rx.flags)
            if keys is not None and len(keys) > _MAX_KEYS:
                keys = None
        ci = not r.case_sensitive and keys is not None and any(c.isalpha() for k in keys for c in k)
        out.append((r, keys, ci))
    return out


class _KeyFilter:
    """Rules of a scope, narrowed to those whose required keywords occur in a line."""

    def __init__(self, rules: Sequence[Rule]):
        self.rules = tuple(rules)
        self.keyed = _keyed(self.rules)

    def __call__(self, text: str) -> tuple[Rule, ...]:
        if not self.rules:
            return self.rules
        out = []
        folded = None
        for r, keys, ci in self.keyed:
            if keys is not None:
                if ci and folded is None:
                    folded = fold(text)
                hay = folded if ci else text
                if not any(k in hay for k in keys):
                    continue
            out.append(r)
        return tuple(out)


_NOTHING_KNOWN = {}.get  # (`RuleSet._line_known` before the line set is made)


class _PairFilter:
    """`pair_candidates`' answer for a normalised line: the pair rules whose keywords it holds
    (`_KeyFilter`) and whose max_chars allow its length, in rule order. Most lines hold no keyword
    of any rule that has some (one search for them all says so, on the line or on its `fold` for
    case-insensitive ones): their answer is the rules without keywords that allow the length,
    one tuple per bucket of lengths between two of their max_chars, made once."""

    def __init__(self, rules: Sequence[Rule]):
        self.keys = _KeyFilter(rules)
        keyed = [(keys, ci) for _, keys, ci in self.keys.keyed if keys is not None]
        self.cs = _any_key({k for keys, ci in keyed if not ci for k in keys})
        self.ci = _any_key({k for keys, ci in keyed if ci for k in keys})
        free = [r for r, keys, _ in self.keys.keyed if keys is None]
        self.limits = sorted({r.max_chars for r in free})
        # the rules allowed for a line of length n: bucket bisect_left(limits, n) (none past the last)
        self.free = [tuple(r for r in free if r.max_chars >= limit) for limit in self.limits] + [()]

    def __call__(self, text: str) -> tuple[Rule, ...]:
        n = len(text)
        if (self.cs is None or self.cs(text) is None) and (self.ci is None or self.ci(fold(text)) is None):
            return self.free[bisect.bisect_left(self.limits, n)]
        return tuple(r for r in self.keys(text) if r.max_chars >= n)


def _any_key(keys: set[str]):
    """A search that finds something in a text where one of `keys` occurs (None: no keys)."""
    if not keys:
        return None
    return re.compile("|".join(map(re.escape, sorted(keys)))).search


class RuleSet:
    """An ordered, validated set of compiled rules. Immutable; `with_*` return new sets."""

    def __init__(self, rules: Iterable[Rule], disabled: Iterable[str] = (), *, engine: str | None = None):
        from . import engine as _engine

        # "re2": whole-line rules matched with RE2 sets (`engine.py`); "re": with `re` alone (the
        # reference the tests compare against). Same answers either way.
        self.engine = engine or ("re2" if _engine.enabled() else "re")
        if self.engine not in ("re", "re2"):
            raise RuleError(f"unknown rule engine {self.engine!r}")
        self.all: tuple[Rule, ...] = tuple(rules)
        seen: dict[str, Rule] = {}
        for r in self.all:
            if r.id in seen:
                raise RuleError(f"duplicate rule id {r.id} ({seen[r.id].source} and {r.source})")
            seen[r.id] = r
        self.by_id = seen
        self.disabled = frozenset(disabled)
        unknown = self.disabled - set(seen)
        if unknown:
            raise RuleError(f"unknown rule id(s) to disable: {', '.join(sorted(unknown))}")
        active = [r for r in self.all if r.id not in self.disabled and r.status != "deprecated"]
        self.line = tuple(r for r in active if r.scope == "line")
        self.pair = tuple(r for r in active if r.scope == "pair")
        self.inline = tuple(r for r in active if r.scope == "inline")
        self.zone = tuple(r for r in active if r.scope == "zone")
        self._matchers: dict = {}
        self._lineset = None  # the RE2 engine's matcher of line and zone rules (`_line_set`)
        # its remembered answers for a line (`SetMatcher.answers`' memo, read without a call to
        # it: most questions are asked again), None where it has none
        self._line_known = _NOTHING_KNOWN
        self._memos: dict[str, Memo] = {}  # `memo(name)`, asked for on every line: a dict of its own
        self._pair_memo = Memo()  # `pair_candidates`' answers
        self._pair_filter: _PairFilter | None = None  # and how it finds them (made on first use)
        self._nexts: dict[int, tuple] = {}  # `next_fullmatch`'s matchers by pattern (`_next_matcher`)
        self._plans: dict[int, tuple] = {}  # `starts_pair`'s groups of rules by tuple (`_plan`)

    def _first_match(self, rules: Sequence[Rule], split: int | None = None):
        if self.engine == "re2":
            from .engine import SetMatcher

            return SetMatcher(rules, split)
        return _FirstMatch(rules)

    def with_engine(self, engine: str) -> "RuleSet":
        """The same rules, matched by `engine` ("re2" or "re")."""
        return RuleSet(self.all, self.disabled, engine=engine)

    def first_line(self, text: str, *, weak: bool = False) -> Rule | None:
        """The first line rule (strong, or weak if asked) that matches `text` whole."""
        # One search answers most questions: strong rules come first in `first_line_any`, so
        # its answer is the first strong rule, or else the first weak one, or None for both.
        if self.engine == "re2":  # strong rules, then weak ones, in one set: both answers at once
            found, first_weak, _, _ = self._line_known(text) or (self._lineset or self._line_set()).answers(text)
            if not weak:
                return None if found is None or found.weak else found
            return first_weak
        found = self.first_line_any(text)
        if found is None:
            return None
        if not weak:
            return None if found.weak else found
        if found.weak:
            return found
        m = self._matchers.get(("line", weak))
        if m is None:
            m = self._matchers[("line", weak)] = self._first_match([r for r in self.line if r.weak == weak])
        return m(text)

    def first_line_any(self, text: str) -> Rule | None:
        """The first strong line rule that matches `text`, else the first weak one: what
        `first_line(text) or first_line(text, weak=True)` gives, in one search."""
        if self.engine == "re2":
            return (self._line_known(text) or (self._lineset or self._line_set()).answers(text))[0]
        m = self._matchers.get(("line", None))
        if m is None:
            strong = [r for r in self.line if not r.weak]
            m = self._matchers[("line", None)] = self._first_match(
                strong + [r for r in self.line if r.weak], len(strong))
        return m(text)

    def _line_set(self):
        """The RE2 engine's one matcher for the line rules (strong, then weak), the zone headings
        and the next-line patterns of the pair rules without keywords (`_set_nexts`): the stages
        ask all of them of the same lines, one pass of its sets answers them all."""
        from .engine import SetMatcher

        strong = [r for r in self.line if not r.weak]
        self._lineset = SetMatcher(strong + [r for r in self.line if r.weak], len(strong), self.zone,
                                   self._set_nexts())
        self._line_known = self._lineset.memo.get
        return self._lineset

    def _set_nexts(self) -> tuple[Rule, ...]:
        """The next-line patterns the line set answers too (`SetMatcher`'s `nexts`), each as a rule
        of its own: the pattern of a pair rule that needs no keyword (`pair_candidates` names such
        a rule for the line above nearly every short line, so the block rules ask its pattern of
        nearly every line), matched whole on a line no longer than the longest max_chars of the
        pair rules that share it, with no word limit. One per distinct pattern, in rule order."""
        out: dict[tuple, Rule] = {}
        for r, keys, _ in (self._pair_filter or self._make_pair_filter()).keys.keyed:
            rx = r.next_rx
            if keys is not None or rx is None or not r.next_sources or (rx.pattern, rx.flags) in out:
                continue
            longest = max(q.max_chars for q in self.pair if q.next_rx is not None
                          and q.next_rx.pattern == rx.pattern and q.next_rx.flags == rx.flags)
            out[(rx.pattern, rx.flags)] = dataclasses.replace(
                r, patterns=r.next_patterns, sources=r.next_sources, rx=rx, max_chars=longest, max_words=0)
        return tuple(out.values())

    def warm(self, patterns: bool = False) -> "RuleSet":
        """Compile every combined pattern now (they are built lazily on first use), e.g. before
        forking workers so that each does not compile them again. `patterns`: the built-in packs'
        own `re` patterns too (`LazyPattern`, else compiled on a line's first need of each; a
        parent that forks many workers pays them once, about 0.1 s, for all)."""
        if patterns:
            for lazy in list(_LAZY.values()):
                lazy.compiled()
        for weak in (False, True, None):
            self.first_line_any("") if weak is None else self.first_line("", weak=weak)
        self.first_zone("")
        self.pairs_for("")
        self.pair_candidates("")
        for r in self.pair:
            if r.next_rx is not None:
                self.next_fullmatch(r, "")
        for m in self._matchers.values():
            if isinstance(m, _FirstMatch):
                for b in m.bounds:
                    for gates_open in (True, False) if m.gated else (True,):
                        if (b, gates_open) not in m._combined:
                            m._combined[(b, gates_open)] = m._build(b, gates_open)
        return self

    def pairs_for(self, text: str) -> tuple[Rule, ...]:
        """The pair rules whose first-line patterns match `text` (`pair_candidates`, then a
        `match_line` on each, the answer remembered: title and zones ask about the same lines);
        callers may call `match_line` again, and then `match_next`."""
        memo = self._matchers.get(("pair", "memo"))
        if memo is None:
            memo = self._matchers[("pair", "memo")] = Memo()
        found = memo.get(text)
        if found is not None:
            return found
        return memo.put(text, tuple(r for r in self.pair_candidates(text) if r.match_line(text)))

    def starts_pair(self, text: str, next_text: str) -> bool:
        """Does some pair rule match `text` as its first line and `next_text` as its second
        (`match_line`, `match_next`)? What `any(r.match_next(next_text) for r in
        self.pairs_for(text))` answers, the second line tried first (a credit under a caption
        is rare, and the first line's caption pattern is the dearer one), once per distinct
        next pattern, through RE2 where it can (`next_fullmatch`)."""
        pairs = self.pair_candidates(text)
        if not pairs:
            return False
        norm = next_text if next_text.isascii() else normalize(next_text)  # (it keeps an ASCII line)
        n = len(norm)
        plan = self._plans.get(id(pairs))
        if plan is None or plan[0] is not pairs:
            plan = self._plan(pairs)
        for longest, rules in plan[1]:
            if n <= longest and self.next_fullmatch(rules[0], norm):
                for r in rules:
                    if n <= r.max_chars and r.match_line(text):
                        return True
        return False

    def may_close_pair(self, pairs: tuple[Rule, ...], next_text: str) -> bool:
        """False where no next pattern of `pairs` (a `pair_candidates` answer) matches
        `next_text` whole as `next_fullmatch` answers for it (for a rule that allows its length):
        read from the line set's answers for the line where it answers every one of those
        patterns (`_set_nexts`: an ASCII line within their longest max_chars); else True (ask
        `next_fullmatch`). A caption's credit is rare: most lines under a candidate close none."""
        plan = self._plans.get(id(pairs))
        if plan is None or plan[0] is not pairs:
            plan = self._plan(pairs)
        ks = plan[2]
        if ks is None or len(next_text) > plan[3] or not next_text.isascii():
            return True
        found = (self._line_known(next_text) or self._lineset.answers(next_text))[3]
        return bool(found) and any(k in found for k in ks)

    def _plan(self, pairs: tuple[Rule, ...]) -> tuple:
        """`starts_pair`'s reading of a tuple of pair rules (`pair_candidates` answers with a few
        tuples, shared by the lines of each bucket of lengths): the rules grouped by their next
        pattern (by identity, as `next_fullmatch` tells them apart), each group with the longest
        max_chars in it, in order of first appearance; rules without a next pattern left out.
        Some rule matches both lines where some group's pattern matches the next line (no longer
        than that longest) and one of its rules, allowing the next line's length, matches the
        first: what a loop over the rules in order answers (each question is pure)."""
        groups: dict[int, list[Rule]] = {}
        for r in pairs:
            if r.next_rx is not None:
                groups.setdefault(id(r.next_rx), []).append(r)
        # (`may_close_pair`'s reading: each group's entry among the line set's next-line answers,
        # None where one has none, and the shortest line length up to which all of them answer)
        entries = [self._nexts.get(id(rules[0].next_rx)) or self._next_matcher(rules[0]) for rules in groups.values()]
        ks = tuple(e[2] for e in entries) if all(e[2] is not None for e in entries) else None
        if len(self._plans) > 64:  # (a user's rules might make many tuples: keep a few)
            self._plans.clear()
        found = self._plans[id(pairs)] = (pairs, tuple((max(r.max_chars for r in rules), tuple(rules))
                                                      for rules in groups.values()),
                                          ks, min((e[3] for e in entries), default=sys.maxsize))
        return found

    def pair_candidates(self, text: str) -> tuple[Rule, ...]:
        """The pair rules that may match `text` as their first line: those whose keywords it holds
        and whose max_chars allow it (a superset of `pairs_for`, without a regex). A caller that
        tests the next line first and then `match_line` gets `pairs_for`'s answer and skips most
        first-line matches (a credit line under a caption is rare, a short sentence is not)."""
        memo = self._pair_memo
        found = memo.get(text)
        if found is not None:
            return found
        # (an RE2 set here was measured slower than this keyword test: few pair rules, and
        # most lines hold none of their keywords)
        norm = text if text.isascii() else normalize(text)  # (`normalize` keeps an ASCII line)
        return memo.put(text, (self._pair_filter or self._make_pair_filter())(norm))

    def _make_pair_filter(self) -> "_PairFilter":
        self._pair_filter = _PairFilter(self.pair)
        return self._pair_filter

    def next_fullmatch(self, rule: Rule, text: str) -> bool:
        """`rule.next_rx.fullmatch(text) is not None` (the text as given, not normalised: what
        the block rules ask of the line under a pair's first line), through RE2 where it can."""
        rx = rule.next_rx
        found = self._nexts.get(id(rx))  # (rx, its RE2 matcher or None for `re`, its line set entry)
        if found is None or found[0] is not rx:
            found = self._next_matcher(rule)
        k = found[2]
        if k is not None and len(text) <= found[3] and text.isascii():
            # the line set's answer (an ASCII line is matched as it is): remembered with the
            # line's other answers, which the stages ask for anyway
            return k in (self._line_known(text) or self._lineset.answers(text))[3]
        m = found[1]
        return rx.fullmatch(text) is not None if m is None else m(text)

    def _next_matcher(self, rule: Rule) -> tuple:
        """`next_fullmatch`'s entry for `rule.next_rx`: the pattern itself, the RE2 matcher that
        answers for it (`engine.fullmatcher`) or None where `re` answers, and where the line set
        answers for it (`_set_nexts`): its index among the set's next-line answers (None: it does
        not) and the longest line it answers for."""
        rx = rule.next_rx
        # one matcher per distinct pattern: the credit-line macro closes several pair rules
        key = ("next", rx.pattern, rx.flags)
        if key not in self._matchers:
            m = None
            k, longest = None, -1
            if self.engine == "re2":
                from .engine import FullMatch, fullmatcher

                # RE2 reads lines up to the longest any rule with this pattern admits (`re`
                # answers a longer one)
                longest = max([r.max_chars for r in self.pair if r.next_rx is not None
                               and r.next_rx.pattern == rx.pattern and r.next_rx.flags == rx.flags]
                              + [rule.max_chars])
                m = fullmatcher(rx, longest)
                if not isinstance(getattr(m, "__self__", None), FullMatch):
                    m = None  # (`re`'s own answer: asked without a wrapper)
                nexts = (self._lineset or self._line_set()).rules[self._lineset.zend:]
                k = next((i for i, r in enumerate(nexts)
                          if r.rx.pattern == rx.pattern and r.rx.flags == rx.flags), None)
                if k is not None:
                    longest = nexts[k].max_chars
            self._matchers[key] = (m, k, longest)
        found = self._nexts[id(rx)] = (rx, *self._matchers[key])
        return found

    def inline_screen(self) -> tuple[frozenset[str] | None, re.Pattern | None]:
        """What a line needs for some inline rule to match in it: one of a few punctuation marks
        (every credit pattern needs a '|', '(', '/', '©' or ':'), and a match of the rules'
        alternation. A line without them needs no rule-by-rule search. (None, None): no screen."""
        key = ("inline", "screen")
        if key not in self._matchers:
            from .prefilter import required_marks

            marks: set[str] | None = set()
            for r in self.inline:
                m = required_marks(r.rx.pattern, r.rx.flags)
                if m is None or marks is None:
                    marks = None
                else:
                    marks |= m
            parts = [f"(?:{r.rx.pattern})" if r.case_sensitive else f"(?i:{r.rx.pattern})" for r in self.inline]

            def alternation() -> re.Pattern | None:
                try:
                    return re.compile("|".join(parts), re.UNICODE)
                except re.error:
                    return None

            rx = None
            # (numbered backreferences would point elsewhere, named groups clash, once combined;
            # "(?P<" is in every pattern with a named group)
            if parts and not any(_BACKREF.search(r.rx.pattern) or "(?P<" in r.rx.pattern for r in self.inline):
                if self.engine == "re2":
                    from .engine import screen

                    rx = screen(self.inline, alternation)  # one RE2 search, `re` for the lines it cannot read
                else:
                    rx = alternation()
            self._matchers[key] = (frozenset(marks) if marks is not None and self.inline else None, rx)
        return self._matchers[key]

    def active(self, *ids: str) -> tuple[Rule, ...]:
        """The active rules among `ids`, in rule order."""
        key = ("active", ids)
        found = self._matchers.get(key)
        if found is None:
            found = self._matchers[key] = tuple(r for r in self.all if r.id in ids and r.id not in self.disabled
                                                and r.status != "deprecated")
        return found

    def memo(self, name: str) -> Memo:
        """A bounded memo for answers about a line's text that depend only on these rules."""
        m = self._memos.get(name)
        if m is None:
            m = self._memos[name] = Memo()
        return m

    def first_zone(self, text: str) -> Rule | None:
        """The first zone rule whose heading pattern matches `text` whole."""
        if self.engine == "re2":
            return (self._line_known(text) or (self._lineset or self._line_set()).answers(text))[2]
        m = self._matchers.get(("zone", False))
        if m is None:
            m = self._matchers[("zone", False)] = self._first_match(list(self.zone))
        return m(text)

    def __len__(self) -> int:
        return len(self.all)

    def __iter__(self):
        return iter(self.all)

    def get(self, rule_id: str) -> Rule | None:
        return self.by_id.get(rule_id.upper())

    def enabled(self, rule_id: str) -> bool:
        return rule_id not in self.disabled

    def with_packs(self, paths: Iterable[Path | str]) -> "RuleSet":
        macros = load_macros()
        extra = [r for p in paths for r in load_pack(p, macros)]
        return RuleSet(self.all + tuple(extra), self.disabled, engine=self.engine)

    def without(self, ids: Iterable[str]) -> "RuleSet":
        return RuleSet(self.all, self.disabled | {i.upper() for i in ids}, engine=self.engine)


def builtin_pack_paths() -> list[Path]:
    return sorted(p for p in RULES_DIR.glob("*.toml") if p.name != "macros.toml")


@functools.lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    macros = load_macros()
    rules = [r for p in builtin_pack_paths() for r in load_pack(p, macros)]
    return RuleSet(rules)


def load_rules(packs: Iterable[Path | str] = (), disable: Iterable[str] = ()) -> RuleSet:
    """The built-in rules, plus extra packs, minus disabled ids."""
    rs = default_rules()
    packs = list(packs)
    if packs:
        rs = rs.with_packs(packs)
    disable = list(disable)
    if disable:
        rs = rs.without(disable)
    return rs
