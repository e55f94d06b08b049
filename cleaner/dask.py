"""Cleaning on a Dask cluster: the batch runner's records and output lines, as `dask.bag`s.

    from distributed import Client
    from cleaner.dask import read_records, clean_bag

    client = Client("tcp://scheduler:8786")
    records = read_records(["s3://crawl/part-*.jsonl.gz"])     # or local / shared paths, WARC too
    clean_bag(records, now="2025-07-06").map(json.dumps).to_textfiles("out/part-*.jsonl")

One partition per input file; each partition is read lazily on its worker (the same readers as
`cleaner batch`), and each output dict is the same line `cleaner batch` writes. Needs the
`cleaner[dask]` extra. Paths must be readable by the workers (a shared file system; remote URLs
are opened with fsspec when it is installed).
"""

from __future__ import annotations

import functools
import glob
from pathlib import Path
from typing import Iterable, Iterator

try:
    import dask.bag as db
except ImportError as exc:  # pragma: no cover - the optional extra is missing
    raise ImportError("cleaner.dask needs the optional extra: pip install 'cleaner[dask]'") from exc

from .batch import DEFAULT_MAX_BYTES, clean_record
from .lists import check_kinds
from .sources import Fields, SourceRecord, expand_inputs, iter_path, record_from_json

__all__ = ["read_records", "read_jsonl", "clean_bag", "clean_partition"]


def read_records(paths: Iterable[str], *, pattern: str = "*", fields: Fields = Fields(),
                 max_bytes: int = DEFAULT_MAX_BYTES) -> "db.Bag":
    """A bag of `SourceRecord`s, one partition per file (JSONL, JSONL.gz/.zst, WARC, or a page).

    `paths`: files, directories and shell patterns ("crawl/part-*.jsonl.gz"), expanded here on
    the client; the files are read on the workers.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    expanded: list[str] = []
    for p in map(str, paths):  # shell-style patterns, as a shell would expand them
        expanded.extend(sorted(glob.glob(p)) if any(c in p for c in "*?[") else [p])
    files = [str(p) for p in expand_inputs(expanded, pattern)]
    if not files:
        raise ValueError("no input files")
    return db.from_sequence(files, npartitions=len(files)).map_partitions(
        _read_partition, fields=fields, max_bytes=max_bytes)


read_jsonl = read_records  # the recipe's usual name: JSONL partitions


def _read_partition(paths: Iterable[str], fields: Fields, max_bytes: int) -> Iterator[SourceRecord]:
    for p in paths:
        yield from iter_path(p, fields=fields, max_bytes=max_bytes)


@functools.lru_cache(maxsize=8)
def _rules(packs: tuple[str, ...], disable: tuple[str, ...]):
    from .rules.registry import load_rules

    return load_rules(packs=list(packs), disable=list(disable))


def _as_record(item, fields: Fields, k: int) -> SourceRecord:
    if isinstance(item, SourceRecord):
        return item
    if isinstance(item, dict):  # a parsed JSONL object
        return record_from_json(item, {"item": k}, f"item:{k}", fields)
    if isinstance(item, (str, bytes)):
        return SourceRecord(f"item:{k}", {"item": k}, item)
    return SourceRecord(f"item:{k}", {"item": k}, None, error=f"cannot clean a {type(item).__name__}")


def clean_partition(items: Iterable, *, kind: str = "auto", now: str | None = None,
                    rules: tuple[str, ...] = (), disable: tuple[str, ...] = (),
                    fields: Fields = Fields(), related_kinds=None) -> list[dict]:
    """Clean one partition: `SourceRecord`s, JSON objects (dicts) or page strings/bytes.

    The rule set is loaded once per worker process. A bad record gives a dict with `error` set.
    `related_kinds` keeps only those kinds of related records, as `clean()` does (None: all).
    """
    ruleset = _rules(tuple(map(str, rules)), tuple(disable))
    return [clean_record(_as_record(it, fields, k), ruleset, kind=kind, now=now, related_kinds=related_kinds)
            for k, it in enumerate(items)]


def clean_bag(bag: "db.Bag", *, kind: str = "auto", now: str | None = None,
              rules: Iterable[str] = (), disable: Iterable[str] = (),
              fields: Fields = Fields(), related_kinds=None) -> "db.Bag":
    """A bag of output dicts (the lines `cleaner batch` writes), partition for partition.
    `related_kinds` ("related,latest" or a list) keeps only those kinds of related records; a
    name that is no kind raises ValueError here, on the client.

    There is no per-record timeout here (Dask runs tasks in threads, where SIGALRM cannot reach);
    Dask's own task timeouts and worker restarts cover runaway tasks.
    """
    kinds = check_kinds(related_kinds)
    return bag.map_partitions(clean_partition, kind=kind, now=now, rules=tuple(map(str, rules)),
                              disable=tuple(disable), fields=fields,
                              related_kinds=tuple(sorted(kinds)) if kinds is not None else None)
