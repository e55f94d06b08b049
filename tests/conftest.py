"""Shared test helpers: where fixtures live, the fixed clock golden outputs are made with."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = FIXTURES / "daily8-nk-troops" / "input.txt"
# Golden outputs are made as if every page had been fetched at this moment.
NOW = "2025-07-06T12:00"


def text_cases() -> list[str]:
    return sorted(p.parent.name for p in FIXTURES.glob("*/input.txt"))


def html_cases() -> list[str]:
    return sorted(p.parent.name for p in FIXTURES.glob("*/input.html"))


def load_case(name: str) -> dict:
    path = FIXTURES / name / "case.toml"
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED.read_bytes()
