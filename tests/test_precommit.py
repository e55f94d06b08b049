"""The pre-commit hooks, for real: `pre-commit try-repo <this repo>` in a fresh git repository.

try-repo clones the hook repository at HEAD (adding uncommitted changes to tracked files, but not
untracked files) and installs the hook's environment with pip from the clone. From a clean
checkout (CI) the test passes this repository itself; in a working tree with changes it first
snapshots the tree (tracked and untracked, minus ignored files) into a temporary repository and
commits it, so what is tested is always the code on disk. Each try-repo installs the package into
a new virtualenv (~20 s); the test runs two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import clean

from .conftest import ROOT

pytest.importorskip("pre_commit", reason="pre-commit is not installed")
if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

DATA = ROOT / "tests" / "data" / "dumps"


def git_env(home: Path) -> dict:
    """An environment that does not depend on the user's git config (identity, signing)."""
    cfg = home / "gitconfig"
    cfg.write_text("[user]\n\tname = cleaner tests\n\temail = tests@example.invalid\n"
                   "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n", encoding="utf-8")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(cfg), GIT_CONFIG_NOSYSTEM="1",
               PRE_COMMIT_HOME=str(home / "pre-commit-home"), PRE_COMMIT_COLOR="never")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "PRE_COMMIT", "SKIP"):
        env.pop(var, None)
    return env


def git(*args, cwd, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


def hook_repo(tmp: Path, env: dict) -> Path:
    """This repository when its working tree is clean, else a committed snapshot of the tree."""
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    if status.returncode == 0 and status.stdout.strip() == "":
        return ROOT
    if status.returncode != 0:  # not a git checkout (an unpacked sdist): snapshot the files
        files = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file()
                 and not any(part.startswith(".") or part in ("__pycache__",) or part.endswith(".egg-info")
                             for part in p.relative_to(ROOT).parts)]
    else:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, env=env, capture_output=True, check=True).stdout
        files = [f for f in listed.decode("utf-8").split("\0") if f]
    snap = tmp / "hook-repo"
    for rel in files:
        src = ROOT / rel
        if src.is_file():
            dst = snap / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    git("init", "-q", cwd=snap, env=env)
    git("add", "-A", cwd=snap, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=snap, env=env)
    return snap


def try_repo(repo: Path, hook: str, cwd: Path, env: dict):
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(repo), hook, "--all-files"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_pre_commit_try_repo_check_and_fix(tmp_path):
    env = git_env(tmp_path)
    repo = hook_repo(tmp_path, env)
    assert (repo / ".pre-commit-hooks.yaml").is_file()

    user = tmp_path / "project"
    (user / "dumps").mkdir(parents=True)
    dirty = (DATA / "ferry-dirty.txt").read_text(encoding="utf-8")
    (user / "dumps" / "ferry.txt").write_text(dirty, encoding="utf-8")
    shutil.copy(DATA / "library-clean.txt", user / "dumps" / "library.txt")
    (user / "notes.txt").write_text("Share this article\n", encoding="utf-8")  # not a dump: default `files`
    git("init", "-q", cwd=user, env=env)
    git("add", "-A", cwd=user, env=env)
    before = {p: p.read_bytes() for p in user.rglob("*.txt")}

    check = try_repo(repo, "cleaner-check", user, env)
    out = check.stdout + check.stderr
    assert check.returncode == 1, out
    assert 'dumps/ferry.txt:2:1: CH501 share-prompt: "Share this article"' in out
    assert "library.txt" not in out and "notes.txt" not in out
    assert {p: p.read_bytes() for p in user.rglob("*.txt")} == before  # check changes nothing

    fix = try_repo(repo, "cleaner-fix", user, env)
    out = fix.stdout + fix.stderr
    assert fix.returncode == 1, out
    assert "files were modified by this hook" in out
    assert (user / "dumps" / "ferry.txt").read_text(encoding="utf-8") == clean(dirty).text + "\n"
    assert (user / "dumps" / "library.txt").read_bytes() == before[user / "dumps" / "library.txt"]
    assert (user / "notes.txt").read_bytes() == before[user / "notes.txt"]

    # the fixed tree passes the check (the same command the hook runs, from this checkout)
    env_cli = dict(env, PYTHONPATH=str(ROOT))
    again = subprocess.run([sys.executable, "-m", "cleaner", "check", "dumps"], cwd=user, env=env_cli,
                           capture_output=True, text=True, timeout=120)
    assert (again.returncode, again.stdout) == (0, ""), again.stderr
