"""The command line, run as a user runs it: a real subprocess, real files, real exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import SEED


def run(*args, input_bytes=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=input_bytes,
                          capture_output=True, timeout=120)


def test_clean_seed_json():
    p = run("clean", str(SEED), "--format", "json", "--now", "2025-07-06T12:00")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert set(d) >= {"title", "byline", "body", "related", "removed"}
    assert len(d["related"]) == 3
    assert d["related"][2]["published"] == "2025-07-05"
    assert all(set(r) == {"rule", "family", "text", "line", "col"} for r in d["removed"])


def test_stdin_and_formats():
    data = SEED.read_bytes()
    text = run("clean", "-", "--format", "text", input_bytes=data)
    assert text.returncode == 0 and text.stdout.decode().startswith("Russia could soon get")
    md = run("clean", "-", "--format", "markdown", input_bytes=data)
    assert md.stdout.decode().startswith("# Russia could soon get") and b"## Related" in md.stdout
    diff = run("clean", "-", "--format", "diff", "--no-color", input_bytes=data)
    out = diff.stdout.decode()
    assert "[-Sputnik / via REUTERS-]{CH401}" in out
    assert "[-People gather next to a vehicle" in out and "| Reuters-]{CH403}" in out
    assert "\x1b[" not in out


def test_output_file(tmp_path):
    out = tmp_path / "out.json"
    p = run("clean", str(SEED), "-o", str(out))
    assert p.returncode == 0 and p.stdout == b""
    assert json.loads(out.read_text(encoding="utf-8"))["title"].startswith("Russia")
    assert [x.name for x in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize("make,needle", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: ((d / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256))), d / "b.png")[1], "binary"),
])
def test_errors_are_one_line_exit_2(tmp_path, make, needle):
    p = run("clean", str(make(tmp_path)))
    err = p.stderr.decode()
    assert p.returncode == 2
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_rule_pack_and_unknown_disable(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rule]]\nid='nope'\n")
    p = run("clean", str(SEED), "--rules", str(bad))
    assert p.returncode == 2 and b"Traceback" not in p.stderr
    p = run("clean", str(SEED), "--disable", "ZZ999")
    assert p.returncode == 2 and b"ZZ999" in p.stderr


def test_disable_keeps_text():
    p = run("clean", str(SEED), "--disable", "CH101", "--format", "text")
    assert b"Try Our AI Features" in p.stdout


def test_rules_and_explain():
    p = run("rules")
    assert p.returncode == 0
    ids = [ln.split()[0] for ln in p.stdout.decode().splitlines()]
    assert "CH401" in ids and ids == sorted(ids)
    e = run("explain", "ch403")
    assert e.returncode == 0 and b"Examples (removed)" in e.stdout and b"Counterexamples" in e.stdout
    bad = run("explain", "ZZ1")
    assert bad.returncode == 2


def test_version():
    p = run("--version")
    assert p.returncode == 0 and p.stdout.startswith(b"cleaner ")
