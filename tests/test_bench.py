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


def _load(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def test_the_headline_reference_is_og_title_without_its_site_or_an_h1():
    q = _load("quality")
    page = ('<html><head><title>Ferry restored | Lakeshore Courier</title>'
            '<meta property="og:title" content="Ferry restored after bridge closure | Lakeshore Courier">'
            '<meta property="og:site_name" content="Lakeshore Courier"></head>'
            '<body><h1>Ferry restored after bridge closure</h1><p>Text.</p></body></html>').encode()
    assert q.headlines(page) == {"ferry restored after bridge closure"}
    assert q.title_share({"a": "Ferry restored after bridge closure", "b": "Lakeshore Courier"},
                         {"a": q.headlines(page), "b": q.headlines(page)}) == (0.5, 2)


def test_credit_lines_and_the_captions_over_them():
    c = _load("captions")
    dump = ("Headline\nA crane lifts the pontoon into the river on Thursday.\nPhoto: Dana Pike/Getty Images\n"
            "The county said so.\n© 2026 Lakeshore Courier. All rights reserved.\n")
    credits, captions = c.credit_lines(dump)
    assert credits == ["Photo: Dana Pike/Getty Images"]
    assert captions == ["A crane lifts the pontoon into the river on Thursday."]
