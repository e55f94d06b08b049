"""Batch cleaning: a stream of records in, one JSON line per record out, on all cores.

    from cleaner.batch import BatchOptions, run_batch
    stats = run_batch(["crawl/"], "out.jsonl", BatchOptions(workers=4))

Records are read, cleaned and written one at a time (in chunks to the workers, with a bounded
number of chunks in flight), so memory does not grow with the input. Output lines are in input
order. Each line is written with a single write() and flushed, so an interrupted run leaves whole
lines only (a SIGKILL may leave one partial last line; `resume=True` cuts it off). A record that
fails is written as a line whose `error` is set; the run goes on.

Output line: {"id", "source", "kind", <the JSON contract fields>, "error"}; on error the contract
fields are null.
"""

from __future__ import annotations

import json
import multiprocessing as mp
from multiprocessing.connection import wait as wait_for
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .sources import Fields, SourceRecord, iter_records

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
CONTRACT_FIELDS = ("title", "byline", "published", "body", "related", "removed", "comments")
# A chunk goes to a worker when it holds this many records or this many bytes.
CHUNK_RECORDS = 16
CHUNK_BYTES = 4 * 1024 * 1024
# Chunks in flight per worker: enough to keep workers busy, few enough to bound memory.
WINDOW_PER_WORKER = 4
# A chunk not back after its records' timeouts plus this many seconds was lost with its worker.
LOST_SLACK = 30.0
# A worker's warm-up (its first, small page: the imports) may take this long on a loaded machine.
WARM_UP_SECONDS = 60.0


@dataclass(frozen=True)
class BatchOptions:
    kind: str = "auto"  # --input: auto | text | html; "auto" lets the reader's hint decide
    now: str | None = None
    rules: tuple[str, ...] = ()  # extra rule packs
    disable: tuple[str, ...] = ()
    workers: int = 0  # 0: all cores
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per record; None or 0: no limit
    max_bytes: int = DEFAULT_MAX_BYTES
    pattern: str = "*"  # --glob for directories
    fields: Fields = field(default_factory=Fields)
    resume: bool = False
    related_kinds: tuple[str, ...] | None = None  # --related: which kinds of related records; None: all


@dataclass
class Stats:
    records: int = 0
    errors: int = 0
    skipped: int = 0  # already in OUT (--resume)
    bytes: int = 0
    seconds: float = 0.0
    removals: Counter = field(default_factory=Counter)  # per family
    interrupted: bool = False

    def add(self, nbytes: int, error: bool, families: dict[str, int]) -> None:
        self.records += 1
        self.bytes += nbytes
        self.errors += error
        self.removals.update(families)

    def to_dict(self) -> dict:
        secs = round(self.seconds, 3)
        return {
            "records": self.records, "errors": self.errors, "skipped": self.skipped,
            "bytes": self.bytes, "seconds": secs,
            "records_per_second": round(self.records / self.seconds, 1) if self.seconds else None,
            "mb_per_second": round(self.bytes / 1e6 / self.seconds, 2) if self.seconds else None,
            "removals": dict(sorted(self.removals.items())), "interrupted": self.interrupted,
        }

    def summary(self) -> str:
        d = self.to_dict()
        fams = ", ".join(f"{k} {v}" for k, v in d["removals"].items()) or "none"
        rate = f", {d['records_per_second']} records/s, {d['mb_per_second']} MB/s" if self.seconds else ""
        skipped = f", {self.skipped} already done" if self.skipped else ""
        head = "interrupted" if self.interrupted else "done"
        return (f"cleaner batch {head}: {self.records} records, {self.errors} errors{skipped}, "
                f"{self.bytes / 1e6:.1f} MB in {self.seconds:.1f} s{rate}\n"
                f"removals per family: {fams}")


# --- cleaning one record (runs in the workers) -------------------------------------------------

class RecordTimeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - exercised through subprocesses
    raise RecordTimeout()


_STATE: dict = {}
_WARM_UP = "Workers warm up\n\nEach worker cleans this page once before its first record, on Tuesday.\n"


def _init_worker(options: BatchOptions, ignore_sigint: bool = True) -> None:
    from .rules.registry import load_rules

    if ignore_sigint:  # the parent handles Ctrl-C and stops the pool
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE["options"] = options
    _STATE["rules"] = load_rules(packs=list(options.rules), disable=list(options.disable)).warm()
    # the per-record timeout is a SIGALRM, which only the main thread can take
    _STATE["alarm"] = bool(options.timeout) and hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread()
    if _STATE["alarm"]:
        signal.signal(signal.SIGALRM, _on_alarm)
    # Load what a first text record would (the pipeline's modules, the patterns compiled on first
    # use): a record's timeout is for cleaning it, not for seconds of imports on a loaded machine.
    # The warm-up has a budget of its own (a user pattern could backtrack on any text).
    clean_record(SourceRecord("warm-up", {}, _WARM_UP), _STATE["rules"], kind="text", now=options.now,
                 timeout=WARM_UP_SECONDS if _STATE["alarm"] else None)


def clean_record(rec: SourceRecord, rules, *, kind: str = "auto", now: str | None = None,
                 timeout: float | None = None, related_kinds=None) -> dict:
    """One output line (as a dict) for one record; never raises for a bad record. `related_kinds`
    as `clean()` takes it (None: every kind)."""
    from . import clean

    out: dict = {"id": rec.id, "source": rec.source, "kind": None}
    error = rec.error
    if error is None:
        use = kind if kind != "auto" else rec.kind
        # SIGALRM only reaches the main thread, and only our handler turns it into RecordTimeout
        alarm = bool(timeout) and hasattr(signal, "setitimer") and \
            threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGALRM) is _on_alarm
        try:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                result = clean(rec.data, kind=use, url=rec.url, now=now, rules=rules,
                               related_kinds=related_kinds)
            finally:
                if alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except RecordTimeout:
            error = f"timed out after {timeout:g} s"
        except RecursionError:
            error = "internal error: RecursionError"
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # a bad record never stops the run
            from .errors import CleanerError

            msg = str(exc) if isinstance(exc, (CleanerError, ValueError)) else \
                f"internal error: {type(exc).__name__}: {exc}"
            error = " ".join(msg.split())[:500] or type(exc).__name__
        else:
            out["kind"] = result.kind
            out.update(result.to_dict())
            out["error"] = None
            return out
    for k in CONTRACT_FIELDS:
        out[k] = None
    out["error"] = error
    return out


def _families(line: dict) -> dict[str, int]:
    c: dict[str, int] = {}
    for r in line.get("removed") or ():
        c[r["family"]] = c.get(r["family"], 0) + 1
    return c


def _release() -> None:
    """Hand the memory an HTML page freed back to the system: glibc keeps the freed pages of the
    parse tree and of trafilatura's copies otherwise (about 35 MB a worker after a few hundred
    pages; a call costs about 1% of an HTML page's time)."""
    from .heap import release

    release()


def _process(rec: SourceRecord) -> tuple[bytes, int, bool, dict[str, int]]:
    opts: BatchOptions = _STATE["options"]
    line = clean_record(rec, _STATE["rules"], kind=opts.kind, now=opts.now,
                        timeout=opts.timeout if _STATE["alarm"] else None, related_kinds=opts.related_kinds)
    if line["kind"] == "html":
        _release()
    # a lone surrogate (valid in JSON input, not in UTF-8) stays a \\udXXX escape: valid JSON
    data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
    return data, rec.size, line["error"] is not None, _families(line)


def _process_chunk(chunk: list[SourceRecord]) -> list[tuple[bytes, int, bool, dict[str, int]]]:
    return [_process(r) for r in chunk]


# --- the runner --------------------------------------------------------------------------------

def _chunks(records: Iterable[SourceRecord]) -> Iterator[list[SourceRecord]]:
    chunk: list[SourceRecord] = []
    size = 0
    for r in records:
        chunk.append(r)
        size += r.size
        if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def done_ids(out: Path) -> set[str]:
    """Ids already in OUT. A trailing partial line (a killed run) is cut off first."""
    if not out.exists():
        return set()
    with open(out, "r+b") as fh:
        fh.seek(0, os.SEEK_END)
        end = fh.tell()
        if end:
            # find the last newline, reading backwards in blocks
            pos = end
            cut = 0
            while pos > 0:
                step = min(1 << 16, pos)
                pos -= step
                fh.seek(pos)
                block = fh.read(step)
                k = block.rfind(b"\n")
                if k >= 0:
                    cut = pos + k + 1
                    break
            if cut != end:
                fh.truncate(cut)
    ids: set[str] = set()
    with open(out, "rb") as fh:
        for raw in fh:
            try:
                ids.add(json.loads(raw)["id"])
            except (ValueError, KeyError, TypeError):
                continue  # not ours; leave it
    return ids


def _workers(n: int) -> int:
    if n and n > 0:
        return n
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_batch(inputs: Iterable[str | Path], out: str | Path, options: BatchOptions = BatchOptions(),
              *, progress: Callable[[Stats], None] | None = None,
              on_error: Callable[[str, str], None] | None = None, stats: Stats | None = None) -> Stats:
    """Clean every record of `inputs` into the JSONL file `out`. Returns the run's `Stats`.

    KeyboardInterrupt stops the workers and is re-raised after the last whole line is written
    (`stats.interrupted` is then True; pass `stats` to read it); the caller decides the exit code.
    """
    out = Path(out)
    stats = Stats() if stats is None else stats
    skip = done_ids(out) if options.resume else set()
    records: Iterable[SourceRecord] = iter_records(inputs, pattern=options.pattern, fields=options.fields,
                                                   max_bytes=options.max_bytes)
    if skip:
        records = _skipping(records, skip, stats)
    workers = _workers(options.workers)
    t0 = time.perf_counter()
    fh = open(out, "ab" if options.resume else "wb", buffering=0)
    pool = None

    def emit(item: tuple[bytes, int, bool, dict[str, int]]) -> None:
        data, nbytes, error, fams = item
        n = fh.write(data)  # one write per line (unbuffered): an interruption leaves whole lines
        while n < len(data):  # a short write (a full disk, a huge line): finish the line
            n += fh.write(data[n:])
        stats.add(nbytes, error, fams)
        stats.seconds = time.perf_counter() - t0
        if error and on_error is not None:
            line = json.loads(data)
            on_error(line["id"], line["error"])
        if progress is not None:
            progress(stats)

    old_alarm = None
    try:
        if workers == 1:
            if hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread():
                old_alarm = signal.getsignal(signal.SIGALRM)
            _init_worker(options, ignore_sigint=False)
            for rec in records:
                emit(_process(rec))
        else:
            pool = _Pool(workers, options)
            limit = workers * WINDOW_PER_WORKER
            for chunk in _chunks(records):
                pool.submit(chunk)
                while pool.in_flight >= limit or pool.head_ready():
                    for item in pool.take_head():
                        emit(item)
            while pool.in_flight:
                for item in pool.take_head():
                    emit(item)
            pool.close()
            pool = None
    except KeyboardInterrupt:
        stats.interrupted = True
        raise
    finally:
        if pool is not None:
            pool.close(kill=True)
        fh.close()
        if old_alarm is not None:  # give the caller's SIGALRM handler back
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_alarm)
        stats.seconds = time.perf_counter() - t0
    return stats


def _lost_lines(chunk: list[SourceRecord]) -> list[tuple[bytes, int, bool, dict[str, int]]]:
    out = []
    for rec in chunk:
        line = {"id": rec.id, "source": rec.source, "kind": None, **dict.fromkeys(CONTRACT_FIELDS),
                "error": "worker lost (killed or crashed) while cleaning this record's chunk"}
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
        out.append((data, rec.size, True, {}))
    return out


def _worker_main(conn, options: BatchOptions) -> None:
    _init_worker(options)
    conn.send(_READY)  # a chunk's budget runs from here, not from the start of a slow start
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        conn.send(_process_chunk(chunk))


_READY = "ready"


class _Worker:
    """One worker process and the pipe it alone reads chunks from and writes answers to."""

    def __init__(self, ctx, options: BatchOptions) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, options), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False  # until it says so, its chunk's budget has not started
        self.job: tuple[int, list[SourceRecord], float | None] | None = None  # seq, chunk, deadline

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
            self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


class _Pool:
    """Chunks in, their output lines out in input order, on `workers` processes.

    Each worker has a pipe of its own: no lock is shared between processes. (In a
    multiprocessing.Pool a worker killed while sending its answer dies holding the result queue's
    lock, and the pool then hangs for good, terminate() included.) A worker that dies, or that
    overruns its chunk's budget (its records' timeouts plus LOST_SLACK seconds: stuck where the
    per-record alarm cannot reach), is replaced, and its chunk's records become error lines.
    """

    def __init__(self, workers: int, options: BatchOptions) -> None:
        from .rules.registry import load_rules

        # Where fork is safe (Linux, no other thread running yet) the parent compiles the rules
        # once and the workers inherit them; otherwise each worker loads them.
        if sys.platform.startswith("linux") and threading.active_count() == 1:
            load_rules(packs=list(options.rules), disable=list(options.disable)).warm(patterns=True)
            self.ctx = mp.get_context("fork")
        else:
            self.ctx = mp.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
        self.options = options
        self.workers = [_Worker(self.ctx, options) for _ in range(workers)]
        self.queue: deque = deque()  # (seq, chunk) not yet sent
        self.done: dict[int, list] = {}  # seq -> output lines
        self.submitted = 0
        self.taken = 0

    @property
    def in_flight(self) -> int:
        return self.submitted - self.taken

    def submit(self, chunk: list[SourceRecord]) -> None:
        self.queue.append((self.submitted, chunk))
        self.submitted += 1
        self._dispatch()

    def head_ready(self) -> bool:
        if self.taken not in self.done and self.in_flight:
            self._poll(0)
        return self.taken in self.done

    def take_head(self) -> list:
        """The output lines of the oldest chunk not yet taken, waiting for them."""
        while self.taken not in self.done:
            self._poll(None)
        self.taken += 1
        return self.done.pop(self.taken - 1)

    def close(self, kill: bool = False) -> None:
        for w in self.workers:
            w.stop(kill=kill)
        self.workers = []

    def _dispatch(self) -> None:
        for i in range(len(self.workers)):
            w = self.workers[i]
            if w.job is not None or not self.queue:
                continue
            if not w.proc.is_alive():  # died while idle: no chunk was lost with it
                w.stop(kill=True)
                w = self.workers[i] = _Worker(self.ctx, self.options)
            seq, chunk = self.queue.popleft()
            w.job = (seq, chunk, self._deadline(chunk) if w.ready else None)
            try:
                w.conn.send(chunk)
            except (OSError, ValueError):  # died before it could take it
                self._lost(i)

    def _deadline(self, chunk: list[SourceRecord]) -> float | None:
        timeout = self.options.timeout
        return time.monotonic() + timeout * len(chunk) + LOST_SLACK if timeout else None

    def _lost(self, i: int) -> None:
        w = self.workers[i]
        assert w.job is not None
        self.done[w.job[0]] = _lost_lines(w.job[1])
        w.stop(kill=True)
        self.workers[i] = _Worker(self.ctx, self.options)

    def _poll(self, timeout: float | None) -> None:
        """Take the answers that are in (waiting up to `timeout` s for one; None: until one comes
        or a budget runs out); replace lost workers; give idle workers the next chunks."""
        busy = [i for i, w in enumerate(self.workers) if w.job is not None]
        deadlines = [d for i in busy if (d := self.workers[i].job[2]) is not None]  # type: ignore[index]
        if deadlines:
            left = max(0.0, min(deadlines) - time.monotonic())
            timeout = left if timeout is None else min(timeout, left)
        waits = [self.workers[i].conn for i in busy] + [self.workers[i].proc.sentinel for i in busy]
        ready = set(wait_for(waits, timeout)) if waits else set()
        now = time.monotonic()
        for i in busy:
            w = self.workers[i]
            assert w.job is not None
            if w.conn in ready:
                try:
                    items = w.conn.recv()
                except Exception:  # died in the middle of its answer
                    self._lost(i)
                    continue
                if items == _READY:
                    w.ready = True
                    w.job = (w.job[0], w.job[1], self._deadline(w.job[1]))
                    continue
                self.done[w.job[0]] = items
                w.job = None
            elif w.proc.sentinel in ready or (w.job[2] is not None and now >= w.job[2]):
                self._lost(i)
        self._dispatch()


def _skipping(records: Iterable[SourceRecord], skip: set[str], stats: Stats) -> Iterator[SourceRecord]:
    for r in records:
        if r.id in skip:
            stats.skipped += 1
            continue
        yield r


# --- the command line (`cleaner batch`, see cli.py) -------------------------------------------

MAX_ERRORS_SHOWN = 10


def cli_run(inputs, output, *, kind, now, rules, disable, workers, glob, fields, resume, timeout,
            max_bytes, stats_path, quiet, related_kinds=None) -> None:
    """`cleaner batch`: validate, run with a progress bar on a terminal, print the summary.

    Exit codes: 0 done (bad records are lines with `error`, not a failure); 2 usage or input
    error; 130 interrupted (OUT holds whole lines; run again with --resume).
    """
    import typer

    from .cli import fail, write_atomic
    from .errors import CleanerError
    from .lists import check_kinds
    from .rules.registry import load_rules

    for p in inputs:
        if not Path(p).exists():
            fail(f"{p}: no such file or directory")
    if max_bytes <= 0:
        fail("--max-bytes must be positive")
    try:
        load_rules(packs=rules, disable=disable)  # a bad pack fails here, once, not per record
        if now is not None:
            from .ages import parse_now

            parse_now(now)
    except CleanerError as exc:
        fail(str(exc))
    except ValueError:
        fail(f"--now must be an ISO date or datetime, not {now!r}")
    try:
        kinds = check_kinds(related_kinds)
    except ValueError as exc:
        fail(f"--related: {exc}")
    h, t, u, i = fields
    options = BatchOptions(kind=kind, now=now, rules=tuple(str(r) for r in rules), disable=tuple(disable),
                           workers=workers, timeout=timeout or None, max_bytes=max_bytes, pattern=glob,
                           fields=Fields(html=h, text=t, url=u, id=i), resume=resume,
                           related_kinds=tuple(sorted(kinds)) if kinds is not None else None)
    shown = [0]
    bar = None
    if not quiet and sys.stderr.isatty():
        bar = _Bar()

    def on_error(rid: str, msg: str) -> None:
        if quiet or shown[0] >= MAX_ERRORS_SHOWN:
            return
        shown[0] += 1
        more = " (further errors only in OUT)" if shown[0] == MAX_ERRORS_SHOWN else ""
        text = f"cleaner: {rid}: {msg}{more}"
        if bar is not None:
            bar.print(text)
        else:
            typer.echo(text, err=True)

    stats = Stats()
    code = 0
    try:
        run_batch(inputs, output, options, progress=bar.update if bar else None, on_error=on_error,
                  stats=stats)
    except KeyboardInterrupt:
        stats.interrupted = True
        code = 130
    except OSError as exc:
        if bar is not None:
            bar.stop()
        fail(f"{getattr(exc, 'filename', None) or output}: {exc.strerror or exc}")
    finally:
        if bar is not None:
            bar.stop()
    if not quiet:
        typer.echo(stats.summary() + ("\nOUT holds whole lines; run again with --resume to finish."
                                      if code == 130 else ""), err=True)
    if stats_path is not None:
        write_atomic(stats_path, json.dumps(stats.to_dict(), indent=2) + "\n")
    if code:
        raise typer.Exit(code)


class _Bar:
    """A rich progress line on stderr: records, records/s, MB/s, errors."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=False, refresh_per_second=4)
        self.task = None
        self.stats: Stats | None = None
        self.last = 0.0

    def update(self, stats: Stats) -> None:
        self.stats = stats
        if self.task is None:  # started on the first record: no thread runs while workers fork
            self.progress.start()
            self.task = self.progress.add_task("", total=None)
        now = time.perf_counter()
        if now - self.last < 0.2:
            return
        self.last = now
        s = stats.seconds or 1e-9
        self.progress.update(self.task, description=(
            f"{stats.records} records  {stats.records / s:,.0f} rec/s  {stats.bytes / 1e6 / s:,.1f} MB/s  "
            f"{stats.errors} errors"))

    def print(self, text: str) -> None:
        self.progress.console.print(text, markup=False, highlight=False)

    def stop(self) -> None:
        if self.task is not None:
            self.last = 0.0
            self.update(self.stats)  # the final counts
            self.progress.stop()
            self.task = None
