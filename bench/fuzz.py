"""Fuzz `cleaner.clean()` for a while and report what breaks.

    .venv/bin/python bench/fuzz.py --minutes 10 [--seed 1] [--out fuzz-failures] [--case-seconds 5]

Inputs come from hypothesis strategies (no shrinking: every case is run once and the loop goes
on): documents built from news-page lines (prose, titles, chrome, related records, ages) and the
rule packs' own examples and counterexamples, then mutated (control characters, NULs, bidi marks,
surrogates, CR/LF mixes, long repeats); lines mostly of separators ('| | |', 'a | b a | b');
arbitrary unicode; raw bytes in several encodings and random binary; and HTML documents (deep
nesting, unclosed tags, scripts only) when HTML mode is available. For each case it checks:

  crash        clean() raised something other than a CleanerError subclass
  hang         one call took longer than the per-case budget (SIGALRM interrupts it; `re`
               and Python code both honour the signal)
  idempotence  cleaning the output again changes it (text mode)
  invention    the output has a word the input does not (text mode)

Every failure is saved to --out as <kind>-<hash>.txt (the input, repr-escaped where needed, and
the traceback); the summary prints cases run and failures by kind. Exit status 1 if any failed.
HTML mode is detected: while `clean(kind="html")` raises `NotImplementedError` (the stub), the
generated markup is cleaned in text mode instead (a hostile text dump in its own right).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import signal
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hseed
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402
from cleaner.repair import normalize  # noqa: E402
from cleaner.rules.registry import default_rules  # noqa: E402

_WORD = re.compile(r"\w+")


class CaseTimeout(BaseException):
    """Raised by SIGALRM inside a case that ran over its budget (BaseException: not caught as
    an ordinary error on the way out)."""


def _on_alarm(signum, frame):
    raise CaseTimeout()


# --------------------------------------------------------------------------------------------
# Inputs

PROSE = [
    "The council approved the budget on Tuesday after a long debate that ran into the evening.",
    "Officials said the money would reach schools by the autumn term, according to a statement.",
    "'We are pleased,' the mayor said . 'This is a good day for the city.'",
    "Kim and Putin attend a state reception in Pyongyang on June 19, 2024. | Reuters He said more talks would follow.",
    "A man walks past a destroyed building in Kharkiv, July 3, 2025. REUTERS/Jane Doe/File Photo",
    "President Smith speaks in Washington, Jan. 5, 2025. (AP Photo/Jane Doe) The talks resume Monday.",
    "Der Stadtrat hat am Dienstag den Haushalt beschlossen, wie ein Sprecher mitteilte.",
    "Le conseil municipal a adopté le budget mardi soir après un long débat.",
    "El ayuntamiento aprobó el presupuesto el martes por la noche, según un comunicado.",
    "市议会周二批准了预算。官员表示，资金将在秋季学期前到位。",
    "وافق المجلس البلدي على الميزانية يوم الثلاثاء بعد نقاش طويل.",
    "מועצת העיר אישרה את התקציב ביום שלישי לאחר דיון ארוך.",
    "Café owners 👩‍🍳 said the e\u0301clair prices rose 5%, the ministry said.",
]
TITLES = ["Council approves school budget", "Markets slide as tariffs loom | Daily Ledger",
          "Why the harbour matters", "Under pressure, the board weighs its options"]
META = ["Japan Times · 3h", "Reuters", "3 hours ago", "- Japan Times", "2h", "Yesterday",
        "Jul 5, 2025", "vor 3 Stunden", "il y a 2 jours", "hace 5 horas", "9999 years ago",
        "By Jane Doe and John Smith", "https://example.com/a/b?c=d", "5 min read"]
NASTY = ["\x00", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\u200b", "\ufeff",
         "\u202e", "\u200f", "\u0301", "\ud800", "\udfff", "|", " | ", "·", "…", ". ", "(", ")",
         "\t", "  ", "\u00a0", "«", "»", "#", "©", "/", "\\", "\U0001F600", "\U000E0001"]


def _rule_lines() -> list[str]:
    out = []
    for r in default_rules():
        for ex in r.examples + r.counterexamples:
            out.extend(ex.split("\n"))
    return out


RULE_LINES = _rule_lines()
LINE = st.one_of(
    st.sampled_from(PROSE), st.sampled_from(TITLES), st.sampled_from(META),
    st.sampled_from(RULE_LINES), st.just(""), st.text(max_size=40),
)
DOC = st.lists(LINE, max_size=40).map("\n".join)


@st.composite
def mutated(draw) -> str:
    doc = draw(DOC)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["insert", "repeat", "delete", "swapnl"]))
        pos = draw(st.integers(0, len(doc)))
        if op == "insert":
            doc = doc[:pos] + draw(st.sampled_from(NASTY)) + doc[pos:]
        elif op == "repeat" and doc:
            end = min(len(doc), pos + draw(st.integers(1, 30)))
            doc = doc[:pos] + doc[pos:end] * draw(st.integers(2, 400)) + doc[end:]
        elif op == "delete":
            doc = doc[:pos] + doc[pos + draw(st.integers(1, 20)):]
        else:
            doc = doc.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n\n", " "])))
    return doc


@st.composite
def as_bytes(draw) -> bytes:
    text = draw(st.one_of(DOC, mutated()))
    enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252",
                                "latin-1", "shift_jis", "gb18030", "koi8-r"]))
    data = text.encode(enc, errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]  # truncated mid-character
    return data


@st.composite
def html_docs(draw) -> str:
    tags = ["div", "p", "span", "article", "section", "a", "b", "i", "table", "tr", "td", "ul", "li",
            "script", "style", "noscript", "iframe", "svg", "h1", "h2", "figure", "figcaption"]
    parts = ["<!doctype html><html><head><title>", draw(st.sampled_from(TITLES)), "</title></head><body>"]
    depth = draw(st.sampled_from([0, 1, 5, 50, 500, 5000]))
    tag = draw(st.sampled_from(tags))
    parts.append(f"<{tag}>" * depth)
    for _ in range(draw(st.integers(0, 20))):
        t = draw(st.sampled_from(tags))
        body = draw(LINE).replace("<", "&lt;")
        close = draw(st.sampled_from([f"</{t}>", "", f"</{draw(st.sampled_from(tags))}>"]))
        parts.append(f"<{t} class='{draw(st.sampled_from(['related', 'share', 'x', '']))}'>{body}{close}")
    if draw(st.booleans()):
        parts.append(f"</{tag}>" * depth)
        parts.append("</body></html>")
    doc = "".join(parts)
    if draw(st.booleans()):
        doc = doc[:draw(st.integers(0, len(doc)))]  # truncated
    return doc


@st.composite
def huge(draw) -> str:
    """A long line or many lines: a rule example or a nasty unit repeated 10k-300k times."""
    unit = draw(st.one_of(st.sampled_from(RULE_LINES + PROSE + NASTY + META), st.text(min_size=1, max_size=5)))
    sep = draw(st.sampled_from(["", " ", "\n", " | ", ". "]))
    n = draw(st.integers(10_000, 300_000)) // max(1, len(unit) + len(sep))
    return (unit + sep) * n


SEPARATORS = ["|", "·", "•", "/", "-", "–", "—", ":", "»", "›", ">", ",", ";", "*", "#", "(", ")"]


@st.composite
def separator_lines(draw) -> str:
    """Lines that are mostly separators: '| | | ...', 'a | b a | b ...', 'Reuters / · ...', from a
    few thousand characters (lines the inline rules read) to 300k (lines past their reach)."""
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        sep = draw(st.sampled_from(SEPARATORS))
        token = draw(st.sampled_from(["", "a", "a | b", "A", "AP", "Reuters", "1", "x y", "Photo:"]))
        unit = f"{token} {sep} " if token else f"{sep} "
        lines.append(unit * (draw(st.integers(1_000, 300_000)) // len(unit)))
    return "\n".join(lines)


TEXT_CASES = st.one_of(DOC, mutated(), st.text(), st.text(st.characters(codec=None), max_size=200))
CASES = st.one_of(
    TEXT_CASES.map(lambda s: ("text", s)),
    st.integers(0, 49).flatmap(lambda k: st.one_of(huge(), separator_lines()).map(lambda s: ("huge", s)) if k == 0
                               else TEXT_CASES.map(lambda s: ("text", s))),
    as_bytes().map(lambda b: ("bytes", b)),
    st.binary(max_size=3000).map(lambda b: ("bytes", b)),
    html_docs().map(lambda s: ("html", s)),
)


# --------------------------------------------------------------------------------------------
# Checks


class Fuzzer:
    def __init__(self, out: Path, case_seconds: float):
        self.out = out
        self.case_seconds = case_seconds
        self.cases = Counter()
        self.failures = Counter()
        self.seen: set[str] = set()
        self.html = None  # unknown until the first HTML case

    def _call(self, source, kind: str, size: int):
        budget = self.case_seconds + size / 200_000  # linear in the input's size
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            return clean(source, kind=kind)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def fail(self, kind: str, source, detail: str) -> None:
        data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
        key = kind + hashlib.sha1(data).hexdigest()[:12]
        self.failures[kind] += 1
        if key in self.seen:
            return
        self.seen.add(key)
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / f"{key}.bin").write_bytes(data)
        (self.out / f"{key}.txt").write_text(f"{kind}\n{detail}\ninput repr: {source!r}\n"[:200_000],
                                              encoding="utf-8", errors="backslashreplace")

    def run_case(self, case) -> None:
        how, source = case
        if how == "html":
            if self.html is False:  # no HTML mode: markup is still a hostile text dump
                how = "html-as-text"
                kind = "text"
            else:
                kind = "html"
        else:
            kind = "text"
        self.cases[how] += 1
        size = len(source)
        try:
            r = self._call(source, kind, size)
        except CaseTimeout:
            self.fail("hang", source, f"clean(kind={kind!r}) ran over {self.case_seconds}s")
            return
        except NotImplementedError:
            if kind == "html" and self.html is None:
                self.html = False
                del self.cases[how]
                return
            self.fail("crash", source, traceback.format_exc())
            return
        except CleanerError as exc:
            if "\n" in str(exc):
                self.fail("multiline-error", source, str(exc))
            return
        except Exception:
            self.fail("crash", source, traceback.format_exc())
            return
        if kind == "html":
            self.html = True
            return
        try:
            again = self._call(r.text, "text", len(r.text))
        except CaseTimeout:
            self.fail("hang", source, "cleaning the output again ran over budget")
            return
        except Exception:
            self.fail("crash", source, "cleaning the output again: " + traceback.format_exc())
            return
        if again.text != r.text:
            self.fail("idempotence", source, f"first:  {r.text!r}\nsecond: {again.text!r}")
        if isinstance(source, str):
            # (the output is written in NFC without invisible characters: compare with the input so written)
            have = set(_WORD.findall(source)) | set(_WORD.findall(normalize(source)))
            new = [w for w in _WORD.findall(r.text) if w not in have]
            if new:
                self.fail("invention", source, f"words not in the input: {new[:10]!r}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=1.0, help="how long to fuzz")
    ap.add_argument("--seed", type=int, default=None, help="seed for reproducible runs")
    ap.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="where failing inputs go")
    ap.add_argument("--case-seconds", type=float, default=5.0, help="time budget of one clean() call")
    ap.add_argument("--round", type=int, default=200, help="cases per hypothesis round")
    args = ap.parse_args(argv)

    signal.signal(signal.SIGALRM, _on_alarm)
    fz = Fuzzer(args.out, args.case_seconds)
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.minutes * 60
    rounds = 0

    @settings(max_examples=args.round, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(CASES)
    def one_round(case):
        if time.monotonic() < deadline:
            fz.run_case(case)

    started = time.monotonic()
    while time.monotonic() < deadline:
        hseed(rng.getrandbits(64))(one_round)()
        rounds += 1
    elapsed = time.monotonic() - started
    total = sum(fz.cases.values())
    print(f"cleaner fuzz: {total} cases in {elapsed / 60:.1f} min ({rounds} rounds, "
          f"{total / max(elapsed, 1e-9):.0f}/s)")
    print("  by input: " + ", ".join(f"{k}={v}" for k, v in sorted(fz.cases.items())))
    if fz.html is False:
        print("  HTML mode not available (NotImplementedError): markup cases run in text mode")
    if fz.failures:
        print(f"  FAILURES: {sum(fz.failures.values())} (" +
              ", ".join(f"{k}={v}" for k, v in sorted(fz.failures.items())) +
              f"), {len(fz.seen)} distinct inputs saved to {args.out}/")
        return 1
    print("  no failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
