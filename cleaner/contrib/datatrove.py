"""A datatrove pipeline step that cleans each document's page with `cleaner.clean()`.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.contrib.datatrove import CleanerStep

    LocalPipelineExecutor(pipeline=[
        WarcReader("crawl/", glob_pattern="*.warc.gz"),
        CleanerStep(kind="html"),
        JsonlWriter("cleaned/"),
    ], tasks=8).run()

The step replaces `document.text` (HTML or a text dump, by `kind`) with the clean body and writes
to `document.metadata`: `title`, `byline`, `published`, `related` (a list of dicts, the JSON
contract's records) and `removals` ({family: count}); `comments` too with `comments=True`. Pass
`fields=` to choose them.

A document that cannot be cleaned (binary, too large, too slow) is never dropped: it keeps its
text and gains `metadata["cleaner_error"]` ("DecodeError: ...", "timed out after 60 s"). A page
that is not an article gets an empty text; `drop_empty=True` drops those (counted as `dropped`).

Stats (datatrove's `stat_update`, in the executor's stats files): `total`, `cleaned`, `errors`,
`empty`, `forwarded`, `dropped`, and `removed_<family>` (removals per family, summed over the
documents: e.g. `removed_navigation`).
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from datetime import datetime, timezone
from typing import Iterable, Sequence

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("cleaner.contrib.datatrove needs datatrove: pip install 'cleaner[datatrove]'") from exc

from .. import clean
from ..errors import CleanerError

FIELDS = ("title", "byline", "published", "related", "removals", "comments")
DEFAULT_FIELDS = ("title", "byline", "published", "related", "removals")


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - only runs when a page is too slow
    raise _Timeout()


def _naive_utc(value) -> datetime | None:
    """A WARC-Date ('2025-07-06T12:00:00Z') or an ISO string as a naive UTC datetime; None if unreadable."""
    if value is None or value == "":
        return None
    from ..ages import parse_now

    try:
        when = parse_now(value) if not isinstance(value, datetime) else value
    except (TypeError, ValueError):
        return None
    if when is not None and when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


class CleanerStep(PipelineStep):
    """Clean `document.text` (a page: HTML or a text dump) into its body; metadata gets the rest.

    kind: "html", "text" or "auto" (tell them apart by markup).
    url_key: the metadata key holding the page's URL (WarcReader and most JSONL dumps: "url").
    now: when the pages were fetched (ISO), for ages like "3 hours ago"; or now_key: a metadata key
        holding it per document (WarcReader: "date", the WARC-Date). now_key wins when present.
    fields: which of title, byline, published, related, removals, comments go to the metadata.
    prefix: put before each metadata key (e.g. "clean_").
    comments: extract reader comments into metadata["comments"] (adds "comments" to fields).
    keep_source: a metadata key to keep the original page under (None: the page is dropped).
    error_key: the metadata key set on a failure; the document keeps its text.
    drop_empty: drop documents whose body is empty (not an article); else they go on with "".
    rules / disable: extra rule packs and rule ids to switch off (loaded once per task).
    timeout: seconds per document (None: no limit); max_bytes: refuse larger pages (an error).
    related_kinds: which kinds of related records go to metadata["related"] (as `clean()` takes
    it: ["related", "more-from"] or "related,latest"; None: every kind).
    """

    name = "🧹 cleaner"
    type = "🛢 - EXTRAC"

    def __init__(self, kind: str = "auto", *, url_key: str | None = "url", now: str | None = None,
                 now_key: str | None = "date", fields: Sequence[str] = DEFAULT_FIELDS, prefix: str = "",
                 comments: bool = False, keep_source: str | None = None,
                 error_key: str = "cleaner_error", drop_empty: bool = False,
                 rules: Iterable[str] = (), disable: Iterable[str] = (), timeout: float | None = 60.0,
                 max_bytes: int | None = 50 * 1024 * 1024, related_kinds: Iterable[str] | str | None = None):
        super().__init__()
        if kind not in ("auto", "text", "html"):
            raise ValueError(f"kind must be auto, text or html, not {kind!r}")
        from ..lists import check_kinds

        self.related_kinds = check_kinds(related_kinds)
        fields = tuple(fields) + (("comments",) if comments and "comments" not in fields else ())
        unknown = sorted(set(fields) - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r} (fields: {', '.join(FIELDS)})")
        self.kind = kind
        self.url_key = url_key
        self.now = now
        self.now_key = now_key
        self.fields = fields
        self.prefix = prefix
        self.keep_source = keep_source
        self.error_key = error_key
        self.drop_empty = drop_empty
        self.rule_packs = tuple(str(r) for r in rules)
        self.disable = tuple(disable)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._rules = None
        if now is not None:
            from ..ages import parse_now

            parse_now(now)  # a bad value fails here, not once per document

    def _ruleset(self):
        if self._rules is None:
            from ..rules.registry import load_rules

            self._rules = load_rules(packs=list(self.rule_packs), disable=list(self.disable))
        return self._rules

    def clean_document(self, doc) -> bool:
        """Clean one document in place; True when it was cleaned, False when it got an error."""
        meta = doc.metadata
        page = doc.text
        url = meta.get(self.url_key) if self.url_key else None
        now = _naive_utc(meta.get(self.now_key)) if self.now_key else None
        if now is None:
            now = self.now
        alarm = bool(self.timeout) and hasattr(signal, "setitimer") and \
            threading.current_thread() is threading.main_thread()
        try:
            if alarm:
                previous = signal.signal(signal.SIGALRM, _on_alarm)
                signal.setitimer(signal.ITIMER_REAL, self.timeout)
            try:
                result = clean(page, kind=self.kind, url=url if isinstance(url, str) else None, now=now,
                               rules=self._ruleset(), max_bytes=self.max_bytes,
                               related_kinds=self.related_kinds)
            finally:
                if alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    signal.signal(signal.SIGALRM, previous)
        except _Timeout:
            meta[self.error_key] = f"timed out after {self.timeout:g} s"
            return False
        except (CleanerError, ValueError, TypeError) as exc:
            meta[self.error_key] = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
            return False
        except RecursionError:
            meta[self.error_key] = "internal error: RecursionError"
            return False
        families = Counter(r.family for r in result.removed)
        values = {
            "title": result.title, "byline": result.byline, "published": result.published,
            "related": [r.to_dict() for r in result.related], "removals": dict(sorted(families.items())),
        }
        if "comments" in self.fields:
            values["comments"] = [c.to_dict() for c in getattr(result, "comments", ())]
        for key in self.fields:
            meta[self.prefix + key] = values[key]
        if self.keep_source:
            meta[self.keep_source] = page
        doc.text = result.body
        for family, n in families.items():
            self.stat_update(f"removed_{family}", value=n)
        return True

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data or ():
            self.stat_update(StatHints.total)
            with self.track_time():
                ok = self.clean_document(doc)
            if not ok:
                self.stat_update("errors")
            else:
                self.stat_update("cleaned")
                if not doc.text:
                    self.stat_update("empty")
                    if self.drop_empty:
                        self.stat_update(StatHints.dropped)
                        continue
            self.stat_update(StatHints.forwarded)
            self.update_doc_stats(doc)
            yield doc
