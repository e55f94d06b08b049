"""Regex safety: find rule patterns that backtrack catastrophically, before they meet a crawl.

Python's `re` is a backtracking engine: `(a+)+$` takes exponential time on 'aaaa…a!', and
`\\w+x` searched in a long run of letters takes quadratic time. A rule runs on every line of
millions of pages, so one such pattern turns a hostile (or just unlucky) page into a hang.

Two checks, used together:

  static   `static_findings(pattern)` walks the parsed pattern and reports the shapes that
           backtrack: a quantifier nested in a quantifier where the inner one can consume what
           starts the next outer iteration (`(a+)+`, `(\\w+\\s?)*`), and an alternation under a
           quantifier whose branches can start with the same character (`(a|ab)+`). It is a
           screen: it over-reports (`(?:\\s\\w+){0,5}` is fine), so it only chooses inputs for
           the dynamic probe and names the construct in an error message.
  dynamic  `probe(rx, mode, ...)` times the compiled pattern on adversarial strings — a prefix
           that reaches the flagged construct, its 'pump' repeated k times, and a character that
           forces failure; plus each example's characters, words and whole text repeated — at
           growing k. Time must grow linearly: a step that grows more than `RATIO_SLACK` times
           faster than the input (confirmed by re-measuring) marks the pattern unsafe.
           Decisions use ratios, never absolute thresholds, except a hard per-call cap that stops
           an exponential pattern before it hangs the check itself.

`check_rule(rule)` runs both on a rule's patterns in the mode the pipeline uses them (whole-line
`fullmatch` for line/pair/zone rules, `finditer` for inline rules). The registry calls it for
every rule pack that is not built in (see `registry.load_pack`); the test suite runs it, with
larger inputs, over every built-in rule.

Policy for packs loaded at run time (env `CLEANER_REGEX_SAFETY`):
  reject (default)  an unsafe pattern raises `RuleError` naming the rule and the input shape
  warn              a `RegexSafetyWarning` is issued and the rule is loaded
  off               no check (for packs already vetted, e.g. in CI)
"""

from __future__ import annotations

import itertools
import os
import time
import warnings
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

import re

# A step from k to k' units may take this many times longer than (k'/k) before it counts as
# super-linear. Generous on purpose: a loaded 2-core machine makes timings jumpy.
RATIO_SLACK = 3.0
# Below this many seconds a timing is noise; ratios are only judged above it.
NOISE_FLOOR = 0.0004
# Expanded patterns longer than this are refused outright (macro blow-up).
MAX_PATTERN_CHARS = 20_000
# Characters that stand for "everything else" when computing which characters a node accepts.
SAMPLE = (
    [chr(c) for c in range(32, 127)]
    + list("\t\n\x00\xa0éÉèàçñüößøłŁśŚšŠžŽčČ’‘“”«»–—·•|›…¿¡")
    + list("中文日本語한국어アأعבש\u200b\u0301😀")
)
FAIL_CHARS = ("\x00", "\n")
_PREFERRED = "aAe0 x.-/|:,"

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}
if hasattr(C, "POSSESSIVE_REPEAT"):
    _POSSESSIVE = {C.POSSESSIVE_REPEAT}
else:  # pragma: no cover
    _POSSESSIVE = set()
_ATOMIC = getattr(C, "ATOMIC_GROUP", None)


class RegexSafetyWarning(UserWarning):
    """A rule pattern backtracks super-linearly (issued when CLEANER_REGEX_SAFETY=warn)."""


@dataclass(frozen=True)
class Finding:
    kind: str  # "nested-quantifier" | "overlapping-alternation" | "too-long" | "too-deep"
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


# --------------------------------------------------------------------------------------------
# Static screening


def _category(cat, ch: str) -> bool:
    name = str(cat)
    if "DIGIT" in name:
        r = ch.isdecimal()
    elif "SPACE" in name:
        r = ch.isspace()
    elif "WORD" in name:
        r = ch.isalnum() or ch == "_" or re.match(r"\w", ch) is not None
    else:  # LINEBREAK etc.
        r = ch == "\n"
    return (not r) if "NOT" in name else r


def _in_set(items, ch: str, icase: bool) -> bool:
    negate = False
    hit = False
    variants = {ch, ch.lower(), ch.upper()} if icase else {ch}
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit = hit or chr(av) in variants
        elif op is C.RANGE:
            lo, hi = av
            hit = hit or any(lo <= ord(v) <= hi for v in variants if len(v) == 1)
        elif op is C.CATEGORY:
            hit = hit or _category(av, ch)
    return hit != negate


def _leaf_accepts(op, av, ch: str, icase: bool) -> bool:
    if op is C.LITERAL:
        return ch == chr(av) or (icase and ch.lower() == chr(av).lower())
    if op is C.NOT_LITERAL:
        return not (ch == chr(av) or (icase and ch.lower() == chr(av).lower()))
    if op is C.ANY:
        return ch != "\n"
    if op is C.IN:
        return _in_set(av, ch, icase)
    return False


_LEAVES = {C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN}


def _charset(op, av, icase: bool) -> frozenset[str]:
    key = (op, tuple(av) if isinstance(av, list) else av, icase)
    hit = _CHARSETS.get(key)
    if hit is None:
        if op is C.LITERAL:
            ch = chr(av)
            hit = frozenset({ch, ch.lower(), ch.upper()} if icase else {ch})
        else:
            extra = [chr(v) for o, v in (av if op is C.IN else ()) if o is C.LITERAL]
            hit = frozenset(ch for ch in [*SAMPLE, *extra] if _leaf_accepts(op, av, ch, icase))
        if len(_CHARSETS) < 10_000:
            _CHARSETS[key] = hit
    return hit


_CHARSETS: dict = {}


def _sub_icase(av, icase: bool) -> tuple:
    """(body, icase) of a SUBPATTERN node, honouring (?i:...) / (?-i:...)."""
    _group, add, delete, body = av
    if add & re.IGNORECASE:
        icase = True
    if delete & re.IGNORECASE:
        icase = False
    return body, icase


def _first(seq, icase: bool) -> tuple[frozenset[str], bool]:
    """Characters that can start a match of `seq`, and whether `seq` can match empty."""
    out: set[str] = set()
    for op, av in seq:
        if op in _LEAVES:
            out |= _charset(op, av, icase)
            return frozenset(out), False
        if op is C.SUBPATTERN:
            body, ic = _sub_icase(av, icase)
            f, nullable = _first(body, ic)
        elif op is C.BRANCH:
            f, nullable = set(), False
            for alt in av[1]:
                fa, na = _first(alt, icase)
                f |= fa
                nullable = nullable or na
        elif op in _REPEATS or op in _POSSESSIVE:
            lo, _hi, body = av
            f, nb = _first(body, icase)
            nullable = lo == 0 or nb
        elif _ATOMIC is not None and op is _ATOMIC:
            f, nullable = _first(av, icase)
        elif op is C.GROUPREF:
            f, nullable = set(SAMPLE), True
        else:  # AT, ASSERT, ASSERT_NOT: zero width
            continue
        out |= f
        if not nullable:
            return frozenset(out), False
    return frozenset(out), True


def _chars(seq, icase: bool) -> frozenset[str]:
    """Every character some part of `seq` can consume."""
    out: set[str] = set()
    for op, av in seq:
        if op in _LEAVES:
            out |= _charset(op, av, icase)
        elif op is C.SUBPATTERN:
            body, ic = _sub_icase(av, icase)
            out |= _chars(body, ic)
        elif op is C.BRANCH:
            for alt in av[1]:
                out |= _chars(alt, icase)
        elif op in _REPEATS or op in _POSSESSIVE:
            out |= _chars(av[2], icase)
        elif _ATOMIC is not None and op is _ATOMIC:
            out |= _chars(av, icase)
        elif op is C.GROUPREF:
            out |= set(SAMPLE)
    return frozenset(out)


def _is_var_repeat(op, av) -> bool:
    return op in _REPEATS and av[1] != av[0] and (av[1] is C.MAXREPEAT or av[1] > 1)


@dataclass
class _Site:
    """A flagged construct: the node path to it and the string that pumps it."""

    finding: Finding
    node: object
    pumps: tuple[str, ...]


def _show(chars: Iterable[str], n: int = 6) -> str:
    cs = sorted(chars)
    shown = "".join(repr(c)[1:-1] for c in cs[:n])
    return f"[{shown}{'…' if len(cs) > n else ''}]"


def _walk(seq, icase: bool, sites: list[_Site], loops: list[tuple[frozenset, object]]) -> None:
    """Visit `seq`; `loops` holds (chars that may follow inside the enclosing loop, loop node)."""
    items = list(seq)
    # what can start the rest of the sequence after each item, computed right to left
    suffix: list[tuple[frozenset, bool]] = [(frozenset(), True)] * (len(items) + 1)
    for idx in range(len(items) - 1, -1, -1):
        f, nullable = _first(items[idx:idx + 1], icase)
        nxt_f, nxt_null = suffix[idx + 1]
        suffix[idx] = (f | nxt_f, nxt_null) if nullable else (f, False)
    for idx, (op, av) in enumerate(items):
        rest_first, rest_null = suffix[idx + 1]
        if op is C.SUBPATTERN:
            body, ic = _sub_icase(av, icase)
            _walk(body, ic, sites, loops)
        elif op is C.BRANCH:
            for alt in av[1]:
                _walk(alt, icase, sites, loops)
        elif _ATOMIC is not None and op is _ATOMIC:
            continue  # atomic groups do not backtrack into themselves
        elif op in _POSSESSIVE:
            continue
        elif op in _REPEATS:
            lo, hi, body = av
            if _is_var_repeat(op, av):
                consumed = _chars(body, icase)
                bf, _bn = _first(body, icase)
                # What may come right after one iteration of this repeat, inside enclosing loops.
                for follow, outer in loops:
                    after = set(rest_first)
                    if rest_null:
                        after |= follow
                    overlap = consumed & after
                    if overlap:
                        sites.append(_Site(Finding(
                            "nested-quantifier",
                            f"a repeat consuming {_show(consumed)} inside a repeat whose next "
                            f"iteration can start with {_show(overlap)}"), outer,
                            (_pump(outer[1][2], icase), _pump(body, icase))))
                        break
                # an alternation directly under this repeat whose branches share a first char
                branch = _direct_branch(body)
                if branch is not None:
                    alts = branch[1]
                    firsts = [_first(a, icase)[0] for a in alts]
                    for a in range(len(alts)):
                        for b in range(a + 1, len(alts)):
                            if _ambiguous(alts[a], alts[b], firsts[a], firsts[b], icase):
                                sites.append(_Site(Finding(
                                    "overlapping-alternation",
                                    f"alternatives under a repeat both start with "
                                    f"{_show(firsts[a] & firsts[b])}"), (op, av),
                                    (_pump(body, icase), _pump(alts[a], icase), _pump(alts[b], icase))))
                                break
                        else:
                            continue
                        break
                _walk(body, icase, sites, loops + [(bf, (op, av))])
            else:
                _walk(body, icase, sites, loops)


def _direct_branch(body):
    items = list(body)
    while len(items) == 1 and items[0][0] is C.SUBPATTERN:
        items = list(items[0][1][3])
    if len(items) == 1 and items[0][0] is C.BRANCH:
        return items[0][1]
    return None


def _literal(seq) -> str | None:
    out = []
    for op, av in seq:
        if op is not C.LITERAL:
            return None
        out.append(chr(av))
    return "".join(out)


def _ambiguous(a, b, fa, fb, icase: bool) -> bool:
    if not (fa & fb):
        return False
    la, lb = _literal(a), _literal(b)
    if la is not None and lb is not None:
        if icase:
            la, lb = la.lower(), lb.lower()
        return la.startswith(lb) or lb.startswith(la)
    return True


def _pick(chars: Iterable[str]) -> str:
    cs = set(chars)
    for ch in _PREFERRED:
        if ch in cs:
            return ch
    return min(cs) if cs else "a"


def _pump(seq, icase: bool) -> str:
    """A short string one iteration of `seq` matches (best effort)."""
    out = []
    for op, av in seq:
        if op in _LEAVES:
            out.append(_pick(_charset(op, av, icase)))
        elif op is C.SUBPATTERN:
            body, ic = _sub_icase(av, icase)
            out.append(_pump(body, ic))
        elif op is C.BRANCH:
            alts = [a for a in av[1] if list(a)] or av[1]
            out.append(_pump(alts[0], icase))
        elif op in _REPEATS or op in _POSSESSIVE:
            lo, _hi, body = av
            out.append(_pump(body, icase) * max(lo, 1))
        elif _ATOMIC is not None and op is _ATOMIC:
            out.append(_pump(av, icase))
    return "".join(out)


def _children(op, av) -> list:
    if op is C.SUBPATTERN:
        return [av[3]]
    if op is C.BRANCH:
        return list(av[1])
    if op in _REPEATS or op in _POSSESSIVE:
        return [av[2]]
    if _ATOMIC is not None and op is _ATOMIC:
        return [av]
    return []


def _contains(seq, target_av, memo: dict) -> bool:
    key = id(seq)
    if key not in memo:
        memo[key] = any(av is target_av or any(_contains(c, target_av, memo) for c in _children(op, av))
                        for op, av in seq)
    return memo[key]


def _prefix_to(seq, target, icase: bool, memo: dict | None = None) -> str | None:
    """A string that leads a match of `seq` up to `target` (None if `target` is not in `seq`)."""
    memo = {} if memo is None else memo
    if not _contains(seq, target[1], memo):
        return None
    out = []
    for op, av in seq:
        if av is target[1]:
            return "".join(out)
        if any(_contains(c, target[1], memo) for c in _children(op, av)):
            ic = _sub_icase(av, icase)[1] if op is C.SUBPATTERN else icase
            for c in _children(op, av):
                found = _prefix_to(c, target, ic, memo)
                if found is not None:
                    return "".join(out) + found
        out.append(_pump([(op, av)], icase) if op not in _REPEATS or av[0] > 0 else "")
    return None


def _parse(pattern: str, flags: int = 0):
    return P.parse(pattern, flags)


def _sites(pattern: str, flags: int = 0) -> tuple[list[_Site], object]:
    tree = _parse(pattern, flags)
    icase = bool(tree.state.flags & re.IGNORECASE)
    sites: list[_Site] = []
    _walk(tree, icase, sites, [])
    return sites, tree


def static_findings(pattern: str, flags: int = 0) -> list[Finding]:
    """Backtracking-prone constructs in `pattern` (a screen: may over-report)."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return [Finding("too-long", f"pattern is {len(pattern)} characters after macros")]
    try:
        return [s.finding for s in _sites(pattern, flags)[0]]
    except RecursionError:
        return [Finding("too-deep", "groups nested too deeply to check")]


# --------------------------------------------------------------------------------------------
# Dynamic probe


@dataclass(frozen=True)
class Family:
    """Inputs `prefix + unit * k + tail`, for growing k."""

    prefix: str
    unit: str
    tail: str
    why: str

    def make(self, k: int) -> str:
        return self.prefix + self.unit * k + self.tail


def _runner(rx: re.Pattern, mode: str) -> Callable[[str], None]:
    if mode == "fullmatch":
        return lambda s: (rx.fullmatch(s), None)[1]
    if mode == "search":
        return lambda s: (rx.search(s), None)[1]

    def finditer(s: str) -> None:
        for _ in rx.finditer(s):
            pass
    return finditer


def _time(run: Callable[[str], None], s: str, reps: int = 1) -> float:
    """CPU seconds of this thread (not wall time: other processes on a busy machine do not
    inflate it), best of `reps`."""
    best = float("inf")
    for _ in range(reps):
        t0 = time.thread_time()
        run(s)
        best = min(best, time.thread_time() - t0)
    return best


def families(pattern: str, flags: int = 0, samples: Iterable[str] = (), *,
             max_families: int = 60, parsed: tuple | None = None) -> list[Family]:
    """Adversarial input families: flagged constructs first, then the samples' pieces."""
    out: list[Family] = []
    seen: set[tuple[str, str, str]] = set()

    def add(prefix: str, unit: str, tail: str, why: str) -> None:
        key = (prefix, unit, tail)
        if unit and key not in seen:
            seen.add(key)
            out.append(Family(prefix, unit, tail, why))

    if parsed is None:
        try:
            parsed = _sites(pattern, flags)
        except Exception:  # unparsable here means unparsable for re too; compile reports it
            parsed = ([], None)
    sites, tree = parsed
    icase = bool(tree.state.flags & re.IGNORECASE) if tree is not None else False
    for site in sites:
        prefix = _prefix_to(tree, site.node, icase) or ""
        for pump in site.pumps:
            for tail in FAIL_CHARS:
                add(prefix, pump, tail, str(site.finding))
                if len(pump) > 1:
                    add(prefix, pump[0], tail, str(site.finding))
    samples = [s.split("\n")[0].strip() for s in samples if s.strip()]
    # Four kinds, interleaved so that a short probe (load time) still tries each kind: one
    # character repeated (the usual trigger: 'aaaa…' for '\w+x'), a generic shape, a word
    # repeated, the whole example repeated.
    chars, words, whole = [], [], []
    for s in samples:
        for i, ch in enumerate(dict.fromkeys(s)):
            if i >= 10:
                break
            chars.append((s[:s.find(ch)], ch, "\x00", f"character {ch!r} of {s[:30]!r} repeated"))
        for i, w in enumerate(dict.fromkeys(s.split())):
            if i >= 6:
                break
            words.append((s[:s.find(w)], w + " ", "\x00", f"word {w[:20]!r} of {s[:30]!r} repeated"))
        whole.append(("", s + " ", "\x00", f"example {s[:30]!r} repeated"))
        whole.append(("", s, "\x00", f"example {s[:30]!r} repeated"))
    generic = [("", unit, "\x00", f"{unit!r} repeated") for unit in ("a", " ", "A ", "a.", "1", "aA1 ", "|")]
    for group in itertools.zip_longest(chars, generic, words, whole):
        for fam in group:
            if fam is not None:
                add(*fam)
    return out[:max_families]


@dataclass
class ProbeResult:
    safe: bool
    family: Family | None = None
    detail: str = ""
    seconds: float = 0.0


def probe(rx: re.Pattern, mode: str, fams: list[Family], *, max_chars: int = 4096,
          call_cap: float = 0.05, budget: float = 0.5) -> ProbeResult:
    """Time `rx` on each family at growing sizes up to `max_chars`; unsafe if time grows
    super-linearly. `call_cap`: one call slower than this stops the family's growth (and, if
    the last step grew super-linearly, marks the pattern unsafe). `budget`: CPU seconds for all."""
    run = _runner(rx, mode)
    start = time.thread_time()  # CPU time: a busy machine does not shorten the probe
    for fam in fams:
        if time.thread_time() - start > budget:
            break
        ulen = max(1, len(fam.unit))
        top = max(4, max_chars // ulen)
        ks = [k for k in (2, 4, 6, 8, 10, 12, 16, 20, 24, 32) if k < top] + \
            [k for k in (48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536) if k < top] + [top]
        seen: list[tuple[int, float]] = []  # (length, seconds)
        for k in ks:
            if time.thread_time() - start > budget:
                break
            s = fam.make(k)
            t = _time(run, s)
            bad = _superlinear(seen, len(s), t)
            if bad is not None:
                # confirm: re-measure both sizes (min of 3) before calling it
                ref_len, _ = bad
                ref = _with_len(fam, ref_len)
                t_small = _time(run, ref, 3)
                t_big = _time(run, s, 3) if t < call_cap else t
                if _superlinear([(len(ref), t_small)], len(s), t_big) is not None:
                    return ProbeResult(False, fam, f"{len(ref)} chars took "
                                       f"{t_small * 1000:.2f} ms, {len(s)} chars took {t_big * 1000:.2f} ms",
                                       time.thread_time() - start)
            if t > call_cap:
                break
            seen.append((len(s), t))
    return ProbeResult(True, seconds=time.thread_time() - start)


def _with_len(fam: Family, n: int) -> str:
    for k in range(0, n + 1):
        if len(fam.make(k)) >= n:
            return fam.make(k)
    return fam.make(n)


def _superlinear(seen: list[tuple[int, float]], n: int, t: float) -> tuple[int, float] | None:
    """The earlier measurement against which time `t` at length `n` grew super-linearly: the
    previous one (catches exponential growth at small sizes) or the largest one at most n/4
    (a 4x step separates quadratic, 16x, from linear, 4x, even with `RATIO_SLACK`)."""
    if t <= NOISE_FLOOR or not seen:
        return None
    refs = [seen[-1]] + [m for m in reversed(seen) if m[0] * 4 <= n][:1]
    for m, tm in refs:
        if t > RATIO_SLACK * (n / m) * max(tm, NOISE_FLOOR / 4):
            return (m, tm)
    return None


def check_pattern(pattern: str, flags: int = 0, *, mode: str = "finditer", samples: Iterable[str] = (),
                  max_chars: int = 4096, budget: float = 0.5, call_cap: float = 0.05,
                  max_families: int = 60) -> tuple[ProbeResult, list[Finding]]:
    """Static findings and the dynamic verdict for one (expanded) pattern."""
    if len(pattern) > MAX_PATTERN_CHARS:
        f = Finding("too-long", f"pattern is {len(pattern)} characters after macros")
        return ProbeResult(False, detail=str(f)), [f]
    rx = re.compile(pattern, flags)
    try:
        parsed = _sites(pattern, flags)
    except RecursionError:
        f = Finding("too-deep", "groups nested too deeply to check")
        return ProbeResult(False, detail=str(f)), [f]
    findings = [site.finding for site in parsed[0]]
    fams = families(pattern, flags, samples, max_families=max_families, parsed=parsed)
    return probe(rx, mode, fams, max_chars=max_chars, budget=budget, call_cap=call_cap), findings


def rule_modes(rule) -> Iterator[tuple[re.Pattern, str, tuple[str, ...]]]:
    """(compiled pattern, how the pipeline applies it, samples) for each pattern of a rule."""
    samples = tuple(rule.examples) + tuple(rule.counterexamples)
    if rule.rx is not None:
        yield rule.rx, ("finditer" if rule.scope == "inline" else "fullmatch"), samples
    if rule.next_rx is not None:
        nxt = tuple(s.partition("\n")[2] for s in samples if "\n" in s)
        yield rule.next_rx, "fullmatch", nxt


def check_rule(rule, *, max_chars: int = 2048, budget: float = 0.015, call_cap: float = 0.01,
               max_families: int = 24) -> list[str]:
    """Problems with `rule`'s patterns ([] when safe). Defaults are the cheap load-time check."""
    problems = []
    for rx, mode, samples in rule_modes(rule):
        res, findings = check_pattern(rx.pattern, rx.flags, mode=mode, samples=samples,
                                      max_chars=max_chars, budget=budget, call_cap=call_cap,
                                      max_families=max_families)
        if not res.safe and res.family is None:
            problems.append(f"pattern refused: {res.detail}")
        elif not res.safe:
            problems.append(f"pattern backtracks super-linearly ({res.family.why}): {res.detail}")
    return problems


def policy() -> str:
    value = os.environ.get("CLEANER_REGEX_SAFETY", "reject").strip().lower()
    return value if value in ("reject", "warn", "off") else "reject"


def enforce(rules, where: str) -> None:
    """Apply the run-time policy to rules loaded from a user pack."""
    mode = policy()
    if mode == "off":
        return
    from ..errors import RuleError

    for rule in rules:
        for problem in check_rule(rule):
            msg = f"{where}: rule {rule.id}: {problem}; rewrite it without nested or overlapping " \
                  f"quantifiers (or set CLEANER_REGEX_SAFETY=warn)"
            if mode == "reject":
                raise RuleError(msg)
            warnings.warn(msg, RegexSafetyWarning, stacklevel=3)
