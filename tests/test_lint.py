"""`cleaner check` / `cleaner fix` and `[tool.cleaner]` config, run as a user runs them:
a real subprocess in a temporary project, real files, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.config import Config, ConfigError, find_config, load_config
from cleaner.lint import newline_style, snippet

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "dumps"
DIRTY = (DATA / "ferry-dirty.txt").read_text(encoding="utf-8")
CLEAN = (DATA / "library-clean.txt").read_text(encoding="utf-8")


def run(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cleaner", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env=env)


@pytest.fixture
def project(tmp_path):
    """A project with a .git marker (so config discovery stops here), two dumps and a non-dump."""
    (tmp_path / ".git").mkdir()
    d = tmp_path / "dumps"
    d.mkdir()
    (d / "ferry.txt").write_text(DIRTY, encoding="utf-8")
    (d / "library.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "requirements.txt").write_text("requests>=2\n", encoding="utf-8")
    return tmp_path


def test_check_reports_findings_linter_style(project):
    p = run("check", "dumps/ferry.txt", "dumps/library.txt", cwd=project)
    assert p.returncode == 1, p.stderr
    lines = p.stdout.splitlines()
    assert lines == [
        'dumps/ferry.txt:2:1: CH501 share-prompt: "Share this article"',
        'dumps/ferry.txt:4:1: CH801 ad-label: "Advertisement"',
        'dumps/ferry.txt:6:1: CH601 newsletter-signup: "Sign up for our newsletter"',
    ]
    assert p.stderr == ""


def test_check_clean_file_exits_0(project):
    p = run("check", "dumps/library.txt", cwd=project)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")


def test_check_json_and_directory_walk(project):
    p = run("check", ".", "--format", "json", cwd=project)
    assert p.returncode == 1, p.stderr
    found = json.loads(p.stdout)
    # the walk picks up dumps/*.txt but not requirements.txt (built-in exclusion)
    assert {f["path"] for f in found} == {os.path.join("dumps", "ferry.txt")}
    assert found[0] == {"path": os.path.join("dumps", "ferry.txt"), "line": 2, "col": 1, "rule": "CH501",
                        "name": "share-prompt", "family": "share", "text": "Share this article"}


def test_check_disable_and_exclude(project):
    p = run("check", "dumps", "--disable", "CH501", "--disable", "CH801", "--disable", "CH601", cwd=project)
    assert (p.returncode, p.stdout) == (0, "")
    p = run("check", "dumps", "--exclude", "ferry.txt", cwd=project)
    assert (p.returncode, p.stdout) == (0, "")
    p = run("check", "dumps", "--include", "*.dump", cwd=project)
    assert (p.returncode, p.stdout) == (0, "")


def test_check_errors_exit_2(project):
    (project / "dumps" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    p = run("check", "dumps/missing.txt", "dumps/image.txt", "dumps/ferry.txt", cwd=project)
    assert p.returncode == 2
    assert "dumps/ferry.txt:2:1: CH501" in p.stdout  # the other files are still checked
    err = p.stderr.splitlines()
    assert err == ["cleaner: error: dumps/missing.txt: no such file or directory",
                   "cleaner: error: dumps/image.txt: input looks binary (PNG image), not text or HTML"]


def test_fix_rewrites_dirty_and_leaves_clean_untouched(project):
    ferry, library = project / "dumps" / "ferry.txt", project / "dumps" / "library.txt"
    os.chmod(ferry, 0o640)
    os.utime(library, (1_000_000_000, 1_000_000_000))
    p = run("fix", "dumps", cwd=project)
    assert p.returncode == 1, p.stderr
    assert p.stdout.splitlines() == [f"fixed {os.path.join('dumps', 'ferry.txt')} (3 removals)"]
    assert ferry.read_text(encoding="utf-8") == clean(DIRTY).text + "\n"
    assert (ferry.stat().st_mode & 0o777) == 0o640
    assert library.stat().st_mtime == 1_000_000_000 and library.read_text(encoding="utf-8") == CLEAN
    assert sorted(x.name for x in (project / "dumps").iterdir()) == ["ferry.txt", "library.txt"]  # no temp left
    # fixed once: a second fix changes nothing, check passes
    mtime = ferry.stat().st_mtime_ns
    p = run("fix", "dumps", cwd=project)
    assert (p.returncode, p.stdout) == (0, "")
    assert ferry.stat().st_mtime_ns == mtime
    assert run("check", "dumps", cwd=project).returncode == 0


def test_fix_keeps_crlf_and_bom_and_writes_sidecar(project):
    ferry = project / "dumps" / "ferry.txt"
    ferry.write_bytes(b"\xef\xbb\xbf" + DIRTY.replace("\n", "\r\n").encode("utf-8"))
    p = run("fix", "--sidecar", "dumps/ferry.txt", cwd=project)
    assert p.returncode == 1, p.stderr
    data = ferry.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n") > 0
    assert data[3:].decode("utf-8").replace("\r\n", "\n") == clean(DIRTY).text + "\n"
    side = json.loads((project / "dumps" / "ferry.clean.json").read_text(encoding="utf-8"))
    assert side["title"] == "Harbour ferry returns after a winter of repairs"
    assert [r["rule"] for r in side["removed"]] == ["CH501", "CH801", "CH601"]
    assert "related" in side


def test_fix_refuses_html(project):
    page = project / "dumps" / "page.txt"
    page.write_text("<!doctype html><html><body><p>Hello</p></body></html>\n", encoding="utf-8")
    p = run("fix", "dumps/page.txt", cwd=project)
    assert p.returncode == 2 and "HTML" in p.stderr
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_pyproject_config_is_found_and_flags_override_it(project):
    (project / "house.toml").write_text(
        'family = "promo"\nscope = "line"\n\n[[rule]]\nid = "XX101"\nname = "ferry-timetable-link"\n'
        'explanation = "A link to the timetable page, not article text."\n'
        "patterns = ['see the ferry timetable']\nexamples = [\"See the ferry timetable\"]\n",
        encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cleaner]\nrules = ["house.toml"]\ndisable = ["CH801"]\n'
        'exclude = ["skip/*"]\ncheck-format = "json"\nformat = "text"\n', encoding="utf-8")
    (project / "dumps" / "ferry.txt").write_text(DIRTY + "See the ferry timetable\n", encoding="utf-8")
    (project / "skip").mkdir()
    (project / "skip" / "other.txt").write_text(DIRTY, encoding="utf-8")
    sub = project / "dumps"  # discovery walks up from the paths
    p = run("check", "ferry.txt", "../skip/other.txt", cwd=sub)
    assert p.returncode == 1, p.stderr
    rules = [f["rule"] for f in json.loads(p.stdout)]  # check-format = json
    assert rules == ["CH501", "CH601", "XX101"]        # CH801 disabled, house rule on, skip/ excluded
    # flags replace the configured value
    p = run("check", "ferry.txt", "--format", "text", "--disable", "CH501", cwd=sub)
    assert p.stdout.splitlines()[0] == 'ferry.txt:4:1: CH801 ad-label: "Advertisement"'
    # `clean` takes its default format from the config too
    p = run("clean", "ferry.txt", cwd=sub)
    assert p.returncode == 0 and p.stdout.startswith("Harbour ferry returns")
    assert "timetable" not in p.stdout
    p = run("clean", "ferry.txt", "--format", "json", cwd=sub)
    assert json.loads(p.stdout)["title"].startswith("Harbour ferry")


def test_explicit_config_file_and_bad_config(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("cfg") / "cleaner.toml"
    other.write_text('disable = ["CH501", "CH601", "CH801"]\n', encoding="utf-8")
    p = run("check", "dumps/ferry.txt", "--config", str(other), cwd=project)
    assert (p.returncode, p.stdout) == (0, "")
    other.write_text('disabel = ["CH501"]\n', encoding="utf-8")
    p = run("check", "dumps/ferry.txt", "--config", str(other), cwd=project)
    assert p.returncode == 2 and "unknown key tool.cleaner.disabel" in p.stderr
    assert p.stderr.count("\n") == 1
    (project / "pyproject.toml").write_text('[tool.cleaner]\nformat = "yaml"\n', encoding="utf-8")
    p = run("clean", "dumps/ferry.txt", cwd=project)
    assert p.returncode == 2 and "format must be one of" in p.stderr


def test_find_config_stops_at_repository_root(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a" / "b").mkdir(parents=True)
    assert find_config(repo / "a" / "b") is None
    (repo / "pyproject.toml").write_text("[tool.black]\n", encoding="utf-8")
    assert find_config(repo / "a" / "b") is None  # a pyproject without [tool.cleaner] is passed over
    (repo / "a" / "pyproject.toml").write_text('[tool.cleaner]\ndisable = ["CH101"]\n', encoding="utf-8")
    assert find_config(repo / "a" / "b") == repo / "a" / "pyproject.toml"
    assert load_config(repo / "a" / "pyproject.toml").disable == ("CH101",)
    with pytest.raises(ConfigError):
        (repo / "bad.toml").write_text("rules = 3\n", encoding="utf-8")
        load_config(repo / "bad.toml")


def test_globs(tmp_path):
    cfg = Config(root=tmp_path, exclude=("fixtures/raw/*", "*.bak.txt"))
    assert cfg.excluded(tmp_path / "fixtures" / "raw" / "a.txt")
    assert cfg.excluded(tmp_path / "x" / "y.bak.txt")
    assert not cfg.excluded(tmp_path / "fixtures" / "a.txt")
    assert cfg.excluded(tmp_path / ".venv" / "lib" / "entry_points.txt", walk_root=tmp_path)
    assert cfg.excluded(tmp_path / "requirements-dev.txt", walk_root=tmp_path)
    assert not cfg.excluded(tmp_path / "requirements-dev.txt")  # named explicitly
    assert cfg.included(tmp_path / "a.dump") and not cfg.included(tmp_path / "a.html")


def test_snippet_and_newline_style():
    assert snippet("Share   this\tarticle") == "Share this article"
    long = "word " * 40
    s = snippet(long)
    assert s.endswith("…") and len(s) <= 60 and not s[:-1].endswith(" ")
    assert snippet('say "hi"') == 'say \\"hi\\"'
    assert newline_style(b"a\r\nb\r\n") == "\r\n" and newline_style(b"a\nb\n") == "\n"


CODE_DUMP = """Wrapping paragraphs in a div without breaking the layout
Share this article
A reader asked how to wrap <p> elements in a <div> without the spacing jumping around.
The answer is to write <div class="wrap"><p>One</p><p>Two</p></div> and to give the <div> no margin.
If the <span> inside a <p> must stay inline, keep it as <span>text</span> and avoid <br> tags.
Older templates used <a href="#">links</a> in a <section> for the same effect, with mixed results.
"""


def test_dump_quoting_markup_is_a_dump(project):
    """A dump whose prose quotes tags is still a text dump for check and fix."""
    dump = project / "dumps" / "markup.txt"
    dump.write_text(CODE_DUMP, encoding="utf-8")
    p = run("check", "dumps/markup.txt", cwd=project)
    assert p.returncode == 1 and p.stdout.startswith("dumps/markup.txt:2:1: CH501"), p.stderr
    p = run("fix", "dumps/markup.txt", cwd=project)
    assert p.returncode == 1, p.stderr
    assert dump.read_text(encoding="utf-8") == clean(CODE_DUMP, kind="text").text + "\n"


def test_fix_then_check_is_clean_on_the_shared_corpus(tmp_path):
    """Every real dump of the shared corpus: after fix, check finds nothing and fix changes nothing."""
    from cleaner import default_rules
    from cleaner.lint import check_paths, fix_paths

    shared = Path(os.environ.get("CLEANER_SHARED") or ROOT.parent / "shared")
    dumps = shared / "corpus" / "dumps"
    if not dumps.is_dir():
        pytest.skip("shared corpus not available")
    work = tmp_path / "dumps"
    work.mkdir()
    for src in sorted(dumps.glob("*.txt")):
        (work / src.name).write_bytes(src.read_bytes())
    rules, cfg = default_rules(), Config(root=tmp_path)
    outcomes, errors = fix_paths([work], cfg, rules)
    assert errors == [] and sum(o.changed for o in outcomes) > len(outcomes) // 2
    findings, errors, n = check_paths([work], cfg, rules)
    assert (findings, errors, n) == ([], [], len(outcomes))
    again, _ = fix_paths([work], cfg, rules)
    assert not any(o.changed for o in again)
