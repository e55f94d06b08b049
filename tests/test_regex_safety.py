"""Regex safety: every rule pattern stays linear on adversarial input; unsafe user packs are caught.

Linearity is judged by ratios of CPU time at growing sizes (`cleaner.rules.safety.probe`), never
by absolute thresholds, so a loaded machine does not make these tests flaky.
"""

from __future__ import annotations

import re
import textwrap
import time
import warnings

import pytest

from cleaner import load_rules
from cleaner.errors import RuleError
from cleaner.rules import safety
from cleaner.rules.registry import default_rules, load_pack

BUILTIN = sorted(default_rules(), key=lambda r: r.id)
# The full probe: units repeated up to 20k characters (1k-20k repeats of a character or word).
FULL = dict(max_chars=20_000, budget=10.0, call_cap=1.0, max_families=400)


@pytest.mark.parametrize("rule", [r for r in BUILTIN if r.rx is not None], ids=lambda r: r.id)
def test_builtin_rule_is_linear(rule):
    for rx, mode, samples in safety.rule_modes(rule):
        res, findings = safety.check_pattern(rx.pattern, rx.flags, mode=mode, samples=samples, **FULL)
        assert res.safe, f"{rule.id} ({mode}): {res.family.why if res.family else ''}: {res.detail}; {findings}"


def test_probe_covers_examples_and_flagged_constructs():
    # The families are built from the rule's own examples (characters, words, whole text) and
    # from what the static screen flags; a probe that generated nothing would prove nothing.
    rule = default_rules().get("CH402")
    fams = safety.families(rule.rx.pattern, rule.rx.flags, rule.examples, max_families=400)
    whys = " ".join(f.why for f in fams)
    assert "example 'Sputnik / via REUTERS' repeated" in whys
    assert "character 'S' of 'Sputnik / via REUTERS'" in whys
    assert "word 'via' of" in whys
    assert "nested-quantifier" in whys  # {{NAME}} repeats inside a repeat: screened, then probed
    assert all(f.tail for f in fams)  # every input ends in a character that forces failure


@pytest.mark.parametrize("pattern,mode", [
    (r"(a+)+$", "search"),
    (r"(?:\w+\s?)*!", "fullmatch"),
    (r"^(\d+)*$", "search"),
    (r"(?:ab|\wb)+!", "fullmatch"),
    (r"\w+@", "finditer"),  # quadratic under finditer: each start scans to the end
    (r"(.*a){12}", "fullmatch"),
])
def test_probe_catches_superlinear_patterns(pattern, mode):
    res, _ = safety.check_pattern(pattern, 0, mode=mode, samples=["aaaa", "ab cd!"], max_chars=4096,
                                  budget=2.0, call_cap=0.2)
    assert not res.safe, pattern


@pytest.mark.parametrize("pattern,mode", [
    (r"(?:\s[A-Z]\w*){0,5}", "fullmatch"),
    (r"share|print|save|e-?mail", "finditer"),
    (r"[^|•]{1,32}(?:\s[|•]\s[^|•]{1,32}){2,12}", "fullmatch"),
    (r"\(Sponsored by [^()]{1,40}\)", "finditer"),
    (r"\d{1,4}\s?(?:h|min|d) ago", "finditer"),
])
def test_probe_passes_linear_patterns(pattern, mode):
    res, _ = safety.check_pattern(pattern, re.I, mode=mode, samples=["Share this", "Home | World | Sport"],
                                  max_chars=8192, budget=2.0, call_cap=0.2)
    assert res.safe, res.detail


def test_static_screen():
    assert any(f.kind == "nested-quantifier" for f in safety.static_findings(r"(a+)+$"))
    assert any(f.kind == "nested-quantifier" for f in safety.static_findings(r"(?:\w+\s?)*x"))
    assert any(f.kind == "overlapping-alternation" for f in safety.static_findings(r"(?:ab|\wb)+!"))
    # disjoint pieces under a quantifier are not ambiguous
    assert safety.static_findings(r"(?:\s[A-Z][a-z]*)+") == []
    assert safety.static_findings(r"(?:facebook|twitter|linkedin)+") == []
    assert safety.static_findings(r"(?>a+)+b") == []  # atomic: no backtracking into it
    assert safety.static_findings("x" * (safety.MAX_PATTERN_CHARS + 1))[0].kind == "too-long"


def test_load_time_check_is_cheap():
    """The run-time check of a user pack costs well under 50 ms a rule (CPU time, averaged over
    the built-in rules, which include the largest patterns)."""
    t0 = time.thread_time()
    for rule in BUILTIN:
        assert safety.check_rule(rule) == [], rule.id
    per_rule = (time.thread_time() - t0) / len(BUILTIN)
    assert per_rule < 0.05, f"{per_rule * 1000:.1f} ms per rule"


def _pack(tmp_path, pattern: str, example: str, scope: str = "line", name: str = "house.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(f"""\
        family = "house"
        [[rule]]
        id = "HX101"
        name = "house-rule"
        scope = "{scope}"
        explanation = "A house rule."
        patterns = ['''{pattern}''']
        examples = [{example!r}]
        """), encoding="utf-8")
    return path


UNSAFE = (r"(?:\w+\s?)+!", "Buy now now now!")


def test_unsafe_user_pack_is_rejected(tmp_path, monkeypatch):
    monkeypatch.delenv("CLEANER_REGEX_SAFETY", raising=False)
    path = _pack(tmp_path, *UNSAFE)
    with pytest.raises(RuleError) as exc:
        load_rules(packs=[path])
    msg = str(exc.value)
    assert "HX101" in msg and "super-linearly" in msg and "\n" not in msg


def test_unsafe_inline_user_pack_is_rejected(tmp_path, monkeypatch):
    monkeypatch.delenv("CLEANER_REGEX_SAFETY", raising=False)
    path = _pack(tmp_path, r"[a-z]+@[a-z]+\.com", "write to ab@cd.com today", scope="inline")
    with pytest.raises(RuleError, match="HX101"):
        load_rules(packs=[path])


def test_warn_and_off_policies(tmp_path, monkeypatch):
    path = _pack(tmp_path, *UNSAFE)
    monkeypatch.setenv("CLEANER_REGEX_SAFETY", "warn")
    with pytest.warns(safety.RegexSafetyWarning, match="HX101"):
        rs = load_rules(packs=[path])
    assert rs.get("HX101") is not None
    monkeypatch.setenv("CLEANER_REGEX_SAFETY", "off")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_rules(packs=[path]).get("HX101") is not None


def test_safe_user_pack_loads(tmp_path, monkeypatch):
    monkeypatch.delenv("CLEANER_REGEX_SAFETY", raising=False)
    path = _pack(tmp_path, r"\(Sponsored by [^()]{1,40}\)", "Text (Sponsored by Acme) more", scope="inline")
    assert load_rules(packs=[path]).get("HX101").scope == "inline"


def test_builtin_packs_are_not_rechecked_at_load(monkeypatch):
    calls = []
    monkeypatch.setattr(safety, "enforce", lambda rules, where: calls.append(where))
    from cleaner.rules.registry import builtin_pack_paths

    load_pack(builtin_pack_paths()[0])
    assert calls == []


def test_macro_blowup_is_refused(tmp_path):
    names = [f"M{chr(65 + i)}" for i in range(20)]  # MA, MB, ...: each twice the one before
    lines = ['family = "house"', "[macros]", f"{names[0]} = 'ab'"]
    lines += [f"{b} = '{{{{{a}}}}}{{{{{a}}}}}'" for a, b in zip(names, names[1:])]
    (tmp_path / "boom.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match="expands to more than"):
        load_pack(tmp_path / "boom.toml")


def test_cli_reports_unsafe_pack_in_one_line(tmp_path):
    import subprocess
    import sys

    path = _pack(tmp_path, *UNSAFE)
    src = tmp_path / "in.txt"
    src.write_text("Title here\nSome text.\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(src), "--rules", str(path)],
                       capture_output=True, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 2 and err.count("\n") == 1 and "HX101" in err, err


# The pipeline's own regexes, probed in the way each stage applies them.
def _internal():
    import importlib

    ages, decode, inline, related, repair, textfeatures, title = (
        importlib.import_module(f"cleaner.{m}")
        for m in ("ages", "decode", "inline", "related", "repair", "textfeatures", "title"))

    return [
        ("title._BYLINE", title._BYLINE, "fullmatch", ["By Jane Doe and John Smith, Reuters", "Von Max Muster"]),
        ("related._META", related._META, "fullmatch", ["Japan Times · 3h", "Reuters - 3 hours ago - AP"]),
        ("related._READTIME", related._READTIME, "fullmatch", ["Japan Times · 5 min read"]),
        ("related._MARK", related._MARK, "fullmatch", ["- Japan Times"]),
        ("related._URL", related._URL, "fullmatch", ["https://example.com/a/b"]),
        ("inline._BOUNDARY", inline._BOUNDARY, "finditer", ["He said. 'Then.' She left!  Next"]),
        ("repair._SPACE_BEFORE", repair._SPACE_BEFORE, "finditer", ["as saying . by NHK , and"]),
        ("repair._MULTISPACE", repair._MULTISPACE, "finditer", ["a  b \t c"]),
        ("textfeatures._WORD", textfeatures._WORD, "finditer", ["it's U.S.-made e-mail o'clock"]),
        ("decode._HTML_HINT", decode._HTML_HINT, "finditer", ["<div><p>x</p><a href=y>z</a>"]),
        ("ages._RELATIVE[0]", ages._RELATIVE[0], "fullmatch", ["3 hours ago"]),
        ("ages._ABSOLUTE[1]", ages._ABSOLUTE[1], "fullmatch", ["Monday, 5 de julio de 2025"]),
    ]


@pytest.mark.parametrize("name,rx,mode,samples", _internal(), ids=lambda x: x if isinstance(x, str) else "")
def test_pipeline_regex_is_linear(name, rx, mode, samples):
    res, findings = safety.check_pattern(rx.pattern, rx.flags, mode=mode, samples=samples, **FULL)
    assert res.safe, f"{name}: {res.family.why if res.family else ''}: {res.detail}; {findings}"


@pytest.mark.parametrize("depth", [5000, 50000])
def test_deeply_nested_user_pattern_is_a_rule_error(tmp_path, monkeypatch, depth):
    """Nesting deep enough to overflow the regex parser (or the screen) is a RuleError, not a
    RecursionError escaping to the caller."""
    monkeypatch.delenv("CLEANER_REGEX_SAFETY", raising=False)
    path = _pack(tmp_path, "(?:" * depth + "ab" + ")" * depth, "ab")
    with pytest.raises(RuleError) as exc:
        load_rules(packs=[path])
    assert "nested too deeply" in str(exc.value) and "\n" not in str(exc.value)


def test_screen_survives_deep_nesting():
    deep = "(?:" * 3000 + "a" + ")" * 3000
    assert safety.static_findings(deep)[0].kind == "too-deep"
