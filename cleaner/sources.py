"""Batch inputs: files, directories, JSONL (plain, gzip, zstd) and WARC, read one record at a time.

Every reader yields `SourceRecord`s lazily, so memory does not grow with the input. A record that
cannot be read (bad JSON, a missing field, larger than `max_bytes`) is yielded with `error` set, so
the batch runner reports it and goes on.

    path.jsonl[.gz|.zst], path.ndjson[...]    one record per line; fields picked by name
    path.warc[.gz]                            one record per HTML `response` record
    anything else                             one record per file (text dump or HTML)
    a directory                               its files, recursively, sorted, filtered by `pattern`
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Iterator, NamedTuple, Union

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".arc")
COMPRESSED_SUFFIXES = (".gz", ".zst", ".zstd")

Data = Union[str, bytes]


class SourceRecord(NamedTuple):
    """One page to clean. `source` says where it came from: {"path", "line"|"offset"}."""

    id: str
    source: dict
    data: Data | None  # None when `error` is set
    url: str | None = None
    kind: str = "auto"  # what the reader knows: "html" for WARC and --html-field, else as asked
    error: str | None = None

    @property
    def size(self) -> int:
        d = self.data
        if d is None:
            return 0
        return len(d) if isinstance(d, bytes) else len(d.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class Fields:
    """Which JSONL fields hold the page, its URL and its id."""

    html: str = "html"
    text: str = "text"
    url: str = "url"
    id: str = "id"


def format_of(path: Path | str) -> str:
    """'jsonl', 'warc' or 'file', by the name (compression suffixes aside)."""
    name = str(path).lower()
    for suf in COMPRESSED_SUFFIXES:
        if name.endswith(suf):
            name = name[: -len(suf)]
            break
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return "file"


def open_maybe_compressed(path: Path | str) -> IO[bytes]:
    """Open for reading bytes; gzip and zstd are recognised by their magic numbers."""
    fh = open(path, "rb")
    head = fh.read(4)
    fh.seek(0)
    if head[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    if head == ZSTD_MAGIC:
        try:
            import zstandard
        except ImportError:  # pragma: no cover - zstandard is a dependency
            fh.close()
            raise OSError(f"{path}: zstd input needs the 'zstandard' package") from None
        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(fh, closefd=True))
    return fh


def expand_inputs(inputs: Iterable[str | Path], pattern: str = "*") -> Iterator[Path]:
    """Files named on the command line, and files under directories (recursive, sorted)."""
    for inp in inputs:
        p = Path(inp)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith(".") or not fnmatch.fnmatch(f, pattern):
                        continue
                    yield Path(root) / f
        else:
            yield p


def iter_records(inputs: Iterable[str | Path], *, pattern: str = "*", fields: Fields = Fields(),
                 max_bytes: int = 50 * 1024 * 1024) -> Iterator[SourceRecord]:
    """Every record of every input, in order."""
    for path in expand_inputs(inputs, pattern):
        yield from iter_path(path, fields=fields, max_bytes=max_bytes)


def iter_path(path: Path | str, *, fields: Fields = Fields(),
              max_bytes: int = 50 * 1024 * 1024) -> Iterator[SourceRecord]:
    """The records of one file, by its format."""
    path = Path(path)
    fmt = format_of(path)
    try:
        if fmt == "jsonl":
            yield from read_jsonl(path, fields=fields, max_bytes=max_bytes)
        elif fmt == "warc":
            yield from read_warc(path, max_bytes=max_bytes)
        else:
            yield read_file(path, max_bytes=max_bytes)
    except (OSError, EOFError, ValueError) as exc:
        # an unreadable or truncated file: one error record, then the next input
        yield SourceRecord(str(path), {"path": str(path)}, None, error=_one_line(f"cannot read: {exc}"))


def read_file(path: Path, *, max_bytes: int) -> SourceRecord:
    src = {"path": str(path)}
    with open_maybe_compressed(path) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        return SourceRecord(str(path), src, None, error=f"record larger than --max-bytes ({max_bytes} bytes)")
    return SourceRecord(str(path), src, data)


def _read_line(fh: IO[bytes], max_bytes: int) -> tuple[bytes, bool]:
    """The next line (b"" at the end) and whether it was cut because it is too long."""
    line = fh.readline(max_bytes + 1)
    if len(line) <= max_bytes or line.endswith(b"\n"):
        return line, False
    while True:  # skip the rest of an oversized line without holding it
        rest = fh.readline(1 << 20)
        if not rest or rest.endswith(b"\n"):
            return line[:1], True


def read_jsonl(path: Path, *, fields: Fields = Fields(), max_bytes: int) -> Iterator[SourceRecord]:
    with open_maybe_compressed(path) as fh:
        no = 0
        while True:
            raw, too_long = _read_line(fh, max_bytes)
            if not raw:
                return
            no += 1
            src = {"path": str(path), "line": no}
            fallback_id = f"{path}:{no}"
            if too_long:
                yield SourceRecord(fallback_id, src, None,
                                   error=f"record larger than --max-bytes ({max_bytes} bytes)")
                continue
            if not raw.strip():
                continue
            yield record_from_json(raw, src, fallback_id, fields)


def record_from_json(raw: bytes | str | dict, src: dict, fallback_id: str, fields: Fields) -> SourceRecord:
    """A JSONL line (or an already parsed object) as a record."""
    if isinstance(raw, dict):
        obj = raw
    else:
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            return SourceRecord(fallback_id, src, None, error=_one_line(f"invalid JSON: {exc}"))
    if not isinstance(obj, dict):
        return SourceRecord(fallback_id, src, None, error="a JSON object per line expected")
    rid = obj.get(fields.id)
    rid = fallback_id if rid is None else str(rid)
    url = obj.get(fields.url)
    url = url if isinstance(url, str) else None
    for name, kind in ((fields.html, "html"), (fields.text, "text")):
        value = obj.get(name)
        if isinstance(value, str):
            return SourceRecord(rid, src, value, url, kind)
    return SourceRecord(rid, src, None, url,
                        error=f"no string field {fields.html!r} or {fields.text!r}")


def _is_html(content_type: str | None) -> bool:
    ct = (content_type or "").lower()
    return "html" in ct


def read_warc(path: Path, *, max_bytes: int) -> Iterator[SourceRecord]:
    """HTML `response` records of a WARC file (gzip per record or whole, or plain)."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - warcio is a dependency
        raise OSError("WARC input needs the 'warcio' package") from None
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            if rec.rec_type != "response":
                continue
            ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else None
            if not _is_html(ctype):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            error = None
            try:  # read before asking for the offset: warcio needs that order
                data = rec.content_stream().read(max_bytes + 1)
            except Exception as exc:  # a broken record: report it, read on
                data, error = b"", _one_line(f"cannot read record: {exc}")
            offset = it.get_record_offset()
            rid = rec.rec_headers.get_header("WARC-Record-ID") or f"{path}@{offset}"
            src = {"path": str(path), "offset": offset}
            if error:
                yield SourceRecord(rid, src, None, url, "html", error)
                continue
            if len(data) > max_bytes:
                yield SourceRecord(rid, src, None, url, "html",
                                   f"record larger than --max-bytes ({max_bytes} bytes)")
                continue
            yield SourceRecord(rid, src, data, url, "html")


def _one_line(msg: str) -> str:
    return " ".join(str(msg).split())[:500]
