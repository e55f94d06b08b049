"""cleaner: strip aggregator and news-site chrome from scraped pages.

    >>> from cleaner import clean
    >>> r = clean(open("dump.txt", "rb").read())
    >>> r.title, r.body, r.related, r.removed

One function, `clean()`, serves the CLI, the batch runner and every integration.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from os import PathLike
from typing import Iterable, Union

from .decode import decode, looks_like_html
from .errors import CleanerError, DecodeError, InputTooLarge, RuleError
from .lists import check_kinds, keep_kinds
from .model import CONTRACT_VERSION, RELATED_KINDS, Comment, Related, Removal, Result
from .rules.registry import Rule, RuleSet, default_rules, load_rules

__version__ = "0.1.0"
__all__ = [
    "clean", "Result", "Related", "Removal", "Comment", "Rule", "RuleSet", "load_rules", "default_rules",
    "CleanerError", "DecodeError", "RuleError", "InputTooLarge", "CONTRACT_VERSION", "RELATED_KINDS", "__version__",
]

KINDS = ("auto", "text", "html")
RulesArg = Union[RuleSet, Iterable[Union[str, PathLike]], None]


def _ruleset(rules: RulesArg) -> RuleSet:
    if rules is None:
        return default_rules()
    if isinstance(rules, RuleSet):
        return rules
    return load_rules(packs=list(rules))


def clean(
    source: str | bytes,
    *,
    kind: str = "auto",
    url: str | None = None,
    now: str | datetime | date | None = None,
    rules: RulesArg = None,
    max_bytes: int | None = None,
    related_kinds: Iterable[str] | str | None = None,
) -> Result:
    """Clean one page.

    source: the page, as text or raw bytes (bytes are decoded: BOM, UTF-8, declared charset,
        detection). kind: "text" for a text dump, "html" for markup, "auto" to tell them apart.
    url: the page's address (resolves related links in HTML). now: the time the page was
        fetched, to turn ages like "3 hours ago" into dates. rules: a `RuleSet` (see
        `load_rules`) or paths of extra rule packs; None for the built-in rules.
    max_bytes: refuse input larger than this many bytes (a str counts its UTF-8 length) with
        `InputTooLarge`; None for no limit. Cleaning time is linear in the input's size.
    related_kinds: which kinds of link lists `related` holds ("related", "more-from",
        "most-read", "latest", "recommended"; a list or a comma-separated string); None for all.
    Raises `CleanerError` subclasses for input that cannot be cleaned (binary, bad rule pack,
    too large).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    wanted = check_kinds(related_kinds)
    if max_bytes is not None:
        _check_size(source, max_bytes)
    ruleset = _ruleset(rules)
    when = _parse_now(now)
    if isinstance(source, (bytes, bytearray, memoryview)):
        text = decode(source, html=None if kind == "auto" else kind == "html")
    elif isinstance(source, str):
        text = source
    else:
        raise TypeError(f"source must be str or bytes, not {type(source).__name__}")
    if kind == "auto":
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        from .html import run_html

        result = run_html(text, ruleset, url=url, now=when)
    else:
        from .pipeline import run_text

        result = run_text(text, ruleset, url=url, now=when)
    if wanted is not None:
        result = replace(result, related=keep_kinds(result.related, wanted))
    return result


def _check_size(source: object, max_bytes: int) -> None:
    if isinstance(source, str):
        size = len(source)  # a lower bound on its UTF-8 length; exact length only when it matters
        if size <= max_bytes < 4 * size:
            size = len(source.encode("utf-8", "surrogatepass"))
    elif isinstance(source, (bytes, bytearray, memoryview)):
        size = memoryview(source).nbytes
    else:
        return  # the type error is reported below
    if size > max_bytes:
        raise InputTooLarge(f"input is larger than max_bytes ({max_bytes} bytes)")


def _parse_now(now: str | datetime | date | None) -> datetime | None:
    from .ages import parse_now

    try:
        return parse_now(now)
    except ValueError:
        raise ValueError(f"now must be an ISO date or datetime, not {now!r}") from None
