"""The README's integration snippets are what users paste: check that each one is valid."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from cleaner.config import load_config

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(heading: str, lang: str) -> str:
    section = README.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    m = re.search(rf"```{lang}\n(.*?)```", section, re.S)
    assert m, f"no {lang} block under {heading!r}"
    return m.group(1)


def test_readme_keeps_its_first_two_commands():
    cmds = [line.strip() for line in README.splitlines() if line.startswith("    python3 -m venv")]
    assert cmds[:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/cleaner clean "
        "fixtures/daily8-nk-troops/input.txt --format markdown",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q",
    ]


def test_pre_commit_snippet_is_a_valid_config(tmp_path):
    pytest.importorskip("pre_commit")
    cfg = tmp_path / ".pre-commit-config.yaml"
    cfg.write_text(block("### pre-commit", "yaml"), encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(cfg)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    hooks = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                            str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True, timeout=120)
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr


def test_tool_cleaner_snippet_loads(tmp_path):
    (tmp_path / "pyproject.toml").write_text(block("### Configuration", "toml"), encoding="utf-8")
    cfg = load_config(tmp_path / "pyproject.toml")
    assert cfg.disable == ("CH801",) and cfg.format == "markdown" and cfg.check_format == "text"
    assert cfg.rules == (tmp_path / "cleaner-rules" / "house.toml",)


def test_scrapy_settings_snippet_configures_the_pipeline():
    pytest.importorskip("scrapy")
    from scrapy.utils.test import get_crawler

    from cleaner.contrib.scrapy import CleanerPipeline

    settings: dict = {}
    exec(block("### Scrapy", "python"), {}, settings)
    pipe = CleanerPipeline.from_crawler(get_crawler(settings_dict=settings))
    assert pipe.input_field == "html" and pipe.error_field == "clean_error"
    assert pipe.outputs["body"] == "clean_body"
    item = pipe.process_item({"html": "Title of a story\nShare this article\nA paragraph of the story that "
                                      "runs long enough to be body text for the cleaner to keep.\n"})
    assert "Share this article" not in item["clean_body"] and item["clean_body"]


def test_scraper_recipe_compiles():
    code = block("### requests, httpx", "python")
    compile(code, "README recipe", "exec")
    assert "clean(resp.content, url=str(resp.url)" in code
