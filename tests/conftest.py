"""Shared test helpers: where fixtures live, the fixed clock golden outputs are made with."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No property test may fail on how fast the machine is: no per-example deadline, and no
# too_slow health check (it times data generation, and the suite runs on loaded 2-core boxes).
# A test's own @settings override the rest and inherit these.
# derandomize: the suite tries the same examples on every run, so a run passes or fails by the
# code alone; exploring new inputs is bench/fuzz.py's job (its failures become tests like
# test_content's known idempotence example).
settings.register_profile("cleaner", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          derandomize=True)
settings.load_profile("cleaner")

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
