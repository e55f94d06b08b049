"""bench/quality.py: skips cleanly without the corpus, scores a few pages with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, SHARED

BENCH = ROOT / "bench" / "quality.py"


def _run(*args: str, env_shared: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if env_shared is not None:
        env["CLEANER_SHARED"] = env_shared
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True,
                          env=env, timeout=300)


def test_skips_without_corpus(tmp_path):
    proc = _run(env_shared=str(tmp_path))
    assert proc.returncode == 0
    assert "corpus not found" in proc.stdout


@pytest.mark.skipif(not (SHARED / "corpus" / "gold.jsonl").exists(), reason="shared corpus absent")
def test_scores_a_few_pages(tmp_path):
    out = tmp_path / "scores.json"
    proc = _run("--only", "cleaner-html,raw-dumps", "--limit", "3", "--json", str(out),
                env_shared=str(SHARED))
    assert proc.returncode == 0, proc.stderr
    assert "cleaner-html" in proc.stdout
    data = json.loads(out.read_text())
    systems = {s["system"]: s for s in data["systems"]}
    assert data["pages"] == 3 and len(systems["cleaner-html"]["pages"]) == 3
    for s in systems.values():
        assert 0.0 <= s["precision"] <= 1.0 and 0.0 <= s["recall"] <= 1.0
    # the raw dumps keep everything: their recall is the ceiling the cleaners are held against
    assert systems["raw-dumps"]["recall"] >= 0.9
