"""A Scrapy item pipeline that cleans the page stored in each item.

    # settings.py
    ITEM_PIPELINES = {"cleaner.contrib.scrapy.CleanerPipeline": 300}
    CLEANER_INPUT_FIELD = "html"      # the field holding the page: HTML or a text dump, str or bytes
    CLEANER_KIND = "auto"             # or "html" / "text"
    CLEANER_URL_FIELD = "url"         # the page's URL (None: not passed)
    CLEANER_NOW_FIELD = None          # a field with the fetch time (ISO); None: the time of cleaning
    CLEANER_OUTPUT_PREFIX = "clean_"  # outputs go to clean_title, clean_body, ...
    CLEANER_OUTPUT_FIELDS = ["title", "byline", "published", "body", "related"]
                                      # or a dict {"body": "article_text", ...}; parts: title, byline,
                                      # published, body, text, paragraphs, related, removed, comments
    CLEANER_ERROR_FIELD = None        # default: <prefix>error, e.g. clean_error
    CLEANER_KEEP_INPUT = True         # False: remove the input field once it has been cleaned
    CLEANER_RULES = []                # extra rule packs (paths)
    CLEANER_DISABLE = []              # rule ids to switch off
    CLEANER_RELATED_KINDS = None      # which kinds of related records, e.g. ["related", "more-from"]
                                      # or "related,latest"; None: every kind

Works with dict items and with `scrapy.Item` (and any type `itemadapter` knows). A `scrapy.Item`
must declare the output fields (and the error field): Scrapy refuses undeclared keys. Outputs an
Item does not declare are not written; the pipeline logs the missing names once per item class,
counts them in the stats (`cleaner/missing_fields`) and puts a message in the error field when the
Item declares that one.

A page that cannot be cleaned (binary, undecodable, no input field) is never dropped: the pipeline
logs a warning, sets the error field to "ErrorType: message" and passes the item on. Stats:
`cleaner/cleaned`, `cleaner/errors`, `cleaner/removed` (removals in all cleaned items).

Cleaning runs synchronously in the reactor thread (a page takes milliseconds); the rule set is
compiled once per crawl.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

try:
    from itemadapter import ItemAdapter
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("cleaner.contrib.scrapy needs Scrapy: pip install 'cleaner[scrapy]'") from exc

from .. import clean
from ..errors import CleanerError
from ..lists import check_kinds
from ..model import Result
from ..rules.registry import RuleSet, load_rules

logger = logging.getLogger(__name__)

PARTS = ("title", "byline", "published", "body", "text", "paragraphs", "related", "removed", "comments")
DEFAULT_PARTS = ("title", "byline", "published", "body", "related")


def _part(result: Result, part: str) -> Any:
    if part == "related":
        return [r.to_dict() for r in result.related]
    if part == "removed":
        return [r.to_dict() for r in result.removed]
    if part == "comments":
        return [c.to_dict() for c in result.comments]
    if part == "paragraphs":
        return list(result.paragraphs)
    return getattr(result, part)


def output_fields(spec: Iterable[str] | Mapping[str, str] | None, prefix: str) -> dict[str, str]:
    """{part: field name} from a list of parts (named prefix+part) or an explicit mapping."""
    if spec is None:
        spec = DEFAULT_PARTS
    mapping = dict(spec) if isinstance(spec, Mapping) else {p: prefix + p for p in spec}
    unknown = sorted(set(mapping) - set(PARTS))
    if unknown:
        raise ValueError(f"CLEANER_OUTPUT_FIELDS: unknown part {unknown[0]!r} (parts: {', '.join(PARTS)})")
    return mapping


class MissingInputField(LookupError):
    """The item has no (or an empty) input field."""


class CleanerPipeline:
    """Clean `item[input_field]` and write title, body, related records, ... into the item."""

    def __init__(
        self,
        *,
        input_field: str = "html",
        kind: str = "auto",
        url_field: str | None = "url",
        now_field: str | None = None,
        outputs: Mapping[str, str] | None = None,
        error_field: str | None = "clean_error",
        keep_input: bool = True,
        rules: RuleSet | None = None,
        stats: Any = None,
        related_kinds: Iterable[str] | str | None = None,
    ) -> None:
        if kind not in ("auto", "text", "html"):
            raise ValueError(f"CLEANER_KIND must be auto, text or html, not {kind!r}")
        try:
            self.related_kinds = check_kinds(related_kinds)
        except ValueError as exc:
            raise ValueError(f"CLEANER_RELATED_KINDS: {exc}") from None
        self.input_field = input_field
        self.kind = kind
        self.url_field = url_field or None
        self.now_field = now_field or None
        self.outputs = dict(outputs) if outputs is not None else output_fields(None, "clean_")
        self.error_field = error_field or None
        self.keep_input = keep_input
        self.rules = rules if rules is not None else load_rules()
        self.stats = stats
        self._warned: set[type] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CleanerPipeline":
        s = crawler.settings
        prefix = s.get("CLEANER_OUTPUT_PREFIX", "clean_")
        spec = s.get("CLEANER_OUTPUT_FIELDS")
        if isinstance(spec, str):  # -s CLEANER_OUTPUT_FIELDS=title,body or a JSON object
            spec = s.getdict("CLEANER_OUTPUT_FIELDS") if spec.lstrip().startswith("{") else \
                s.getlist("CLEANER_OUTPUT_FIELDS")
        elif spec is not None and not isinstance(spec, Mapping):
            spec = list(spec)
        return cls(
            input_field=s.get("CLEANER_INPUT_FIELD", "html"),
            kind=s.get("CLEANER_KIND", "auto"),
            url_field=s.get("CLEANER_URL_FIELD", "url"),
            now_field=s.get("CLEANER_NOW_FIELD"),
            outputs=output_fields(spec, prefix),
            error_field=s.get("CLEANER_ERROR_FIELD") or prefix + "error",
            keep_input=s.getbool("CLEANER_KEEP_INPUT", True),
            rules=load_rules(packs=s.getlist("CLEANER_RULES"), disable=s.getlist("CLEANER_DISABLE")),
            stats=getattr(crawler, "stats", None),
            related_kinds=s.get("CLEANER_RELATED_KINDS") or None,
        )

    # Scrapy >= 2.13 calls process_item(item); older versions pass the spider too.
    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        try:
            result = self.clean_item(adapter)
        except Exception as exc:  # keep the item, say why
            self._inc("cleaner/errors")
            url = adapter.get(self.url_field) if self.url_field else None
            message = f"{type(exc).__name__}: {exc}"
            if isinstance(exc, (CleanerError, MissingInputField, ValueError, TypeError)):
                logger.warning("cleaner: could not clean %s: %s", url or "item", message)
            else:  # a bug in cleaner: keep the traceback
                logger.error("cleaner: could not clean %s: %s", url or "item", message, exc_info=True)
            self._set(adapter, {self.error_field: message} if self.error_field else {})
        else:
            self._inc("cleaner/cleaned")
            self._inc("cleaner/removed", len(result.removed))
            self._set(adapter, {field: _part(result, part) for part, field in self.outputs.items()})
        if not self.keep_input and self.input_field in adapter:
            del adapter[self.input_field]
        return item

    def clean_item(self, adapter: ItemAdapter) -> Result:
        if self.input_field not in adapter or adapter.get(self.input_field) is None:
            raise MissingInputField(f"item has no {self.input_field!r} field (set CLEANER_INPUT_FIELD)")
        source = adapter[self.input_field]
        if isinstance(source, (bytearray, memoryview)):
            source = bytes(source)
        if not isinstance(source, (str, bytes)):
            raise TypeError(f"{self.input_field!r} must be str or bytes, not {type(source).__name__}")
        url = adapter.get(self.url_field) if self.url_field else None
        now = adapter.get(self.now_field) if self.now_field else None
        if now is None:
            now = datetime.now(timezone.utc).replace(tzinfo=None)
        return clean(source, kind=self.kind, url=str(url) if url else None, now=now, rules=self.rules,
                     related_kinds=self.related_kinds)

    def _set(self, adapter: ItemAdapter, values: Mapping[str, Any]) -> None:
        missing = []
        for field, value in values.items():
            try:
                adapter[field] = value
            except KeyError:  # a scrapy.Item (or dataclass) that does not declare the field
                missing.append(field)
        if not missing:
            return
        self._inc("cleaner/missing_fields", len(missing))
        cls = type(adapter.item)
        message = (f"{cls.__name__} does not declare {', '.join(missing)}; declare them "
                   f"(scrapy.Field()) to receive the cleaned output")
        if cls not in self._warned:
            self._warned.add(cls)
            logger.error("cleaner: %s", message)
        if self.error_field and self.error_field not in missing and self.error_field not in values:
            try:
                adapter[self.error_field] = f"MissingFields: {message}"
            except KeyError:
                pass

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)

