"""HTML input. Until DOM-aware extraction lands, HTML is refused with a clear error."""

from __future__ import annotations

from datetime import datetime

from .errors import CleanerError
from .model import Result
from .rules.registry import RuleSet


class HTMLNotSupported(CleanerError, NotImplementedError):
    """HTML mode is not available yet."""


def run_html(text: str, rules: RuleSet, *, url: str | None = None, now: datetime | None = None) -> Result:
    raise HTMLNotSupported("HTML input is not supported yet; pass a text dump (kind='text')")
