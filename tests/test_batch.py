"""`cleaner batch`: every input format, bad records, order, --resume, and interrupted runs.

Inputs are built here from the project's own fixtures; the command runs as a user runs it.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.batch import BatchOptions, done_ids, run_batch
from cleaner.sources import iter_records

from .conftest import FIXTURES, NOW, SEED

TEXTS = {p.parent.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*/input.txt"))}
NAMES = sorted(TEXTS)


def run(*args, timeout=180, env=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, timeout=timeout,
                          env=None if env is None else {**os.environ, **env})


def read_lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path: Path, n: int, opener=open) -> list[str]:
    ids = []
    with opener(path, "wt", encoding="utf-8") as fh:
        for k in range(n):
            name = NAMES[k % len(NAMES)]
            rid = f"r{k:05d}"
            ids.append(rid)
            fh.write(json.dumps({"id": rid, "text": TEXTS[name], "url": f"https://example.org/{k}"}) + "\n")
    return ids


def expected(name: str) -> dict:
    return clean(TEXTS[name], kind="text", now=NOW).to_dict()


def test_files_and_directories(tmp_path):
    d = tmp_path / "crawl"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(TEXTS[NAMES[0]], encoding="utf-8")
    (d / "sub" / "b.txt").write_text(TEXTS[NAMES[1]], encoding="utf-8")
    (d / "sub" / "skip.md").write_text("not picked by --glob", encoding="utf-8")
    (d / "sub" / "c.txt.gz").write_bytes(gzip.compress(TEXTS[NAMES[2]].encode()))
    single = tmp_path / "single.txt"
    single.write_text(TEXTS[NAMES[3]], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = tmp_path / "stats.json"
    p = run("batch", str(d), str(single), "-o", str(out), "--glob", "*.txt*", "--now", NOW,
            "--input", "text", "--workers", "1", "--stats", str(stats))
    assert p.returncode == 0, p.stderr
    lines = read_lines(out)
    assert [Path(x["id"]).name for x in lines] == ["a.txt", "b.txt", "c.txt.gz", "single.txt"]
    for line, name in zip(lines, NAMES[:4]):
        assert line["error"] is None
        assert {k: line[k] for k in expected(name)} == expected(name)
        assert line["source"] == {"path": line["id"]}
    s = json.loads(stats.read_text())
    assert s["records"] == 4 and s["errors"] == 0 and s["bytes"] > 0
    assert sum(s["removals"].values()) == sum(len(x["removed"]) for x in lines)
    assert "4 records, 0 errors" in p.stderr.decode()


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_jsonl_compressed(tmp_path, suffix):
    path = tmp_path / f"in{suffix}"
    if suffix.endswith(".zst"):
        import zstandard

        write_jsonl_to = tmp_path / "plain.jsonl"
        write_jsonl(write_jsonl_to, 5)
        path.write_bytes(zstandard.ZstdCompressor().compress(write_jsonl_to.read_bytes()))
    elif suffix.endswith(".gz"):
        write_jsonl(path, 5, opener=gzip.open)
    else:
        write_jsonl(path, 5)
    out = tmp_path / "out.jsonl"
    p = run("batch", str(path), "-o", str(out), "--now", NOW, "--workers", "1", "--quiet")
    assert p.returncode == 0, p.stderr
    assert p.stderr == b""  # --quiet
    lines = read_lines(out)
    assert [x["id"] for x in lines] == [f"r{k:05d}" for k in range(5)]
    assert [x["source"]["line"] for x in lines] == [1, 2, 3, 4, 5]
    for k, line in enumerate(lines):
        assert line["kind"] == "text" and line["error"] is None
        assert line["body"] == expected(NAMES[k])["body"]


def test_jsonl_custom_fields_and_bad_records(tmp_path):
    path = tmp_path / "in.jsonl"
    good = TEXTS[NAMES[0]]
    rows = [
        json.dumps({"key": "g1", "dump": good}),
        "{not json",
        json.dumps({"key": "nofield", "other": "x"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"key": "big", "dump": "x" * 5000}),
        json.dumps({"key": "num", "dump": 42}),
        json.dumps({"key": "g2", "dump": good}),
        '{"key": "sur", "dump": "A title here\\n\\nA lone \\ud800 surrogate in a sentence."}',
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    p = run("batch", str(path), "-o", str(out), "--text-field", "dump", "--id-field", "key",
            "--max-bytes", "4000", "--now", NOW, "--workers", "2")
    assert p.returncode == 0, p.stderr
    lines = read_lines(out)
    ids = [x["id"] for x in lines]
    assert ids == ["g1", f"{path}:2", "nofield", f"{path}:4", f"{path}:6", "num", "g2", "sur"]
    assert "\ud800" in lines[-1]["body"]  # kept, and OUT is still valid UTF-8 JSON
    err = {x["id"]: x["error"] for x in lines}
    assert err["g1"] is None and err["g2"] is None
    assert "invalid JSON" in err[f"{path}:2"]
    assert "'dump'" in err["nofield"]
    assert "object" in err[f"{path}:4"]
    assert "--max-bytes" in err[f"{path}:6"]
    assert "'dump'" in err["num"]
    for x in lines:
        if x["error"]:
            assert x["body"] is None and "\n" not in x["error"]
    assert lines[0]["body"] == lines[-2]["body"] == expected(NAMES[0])["body"]
    stderr = p.stderr.decode()
    assert "invalid JSON" in stderr and "errors" in stderr


def _warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, body, ctype in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                http_headers=headers))
        w.write_record(w.create_warc_record("https://example.org/meta", "metadata",
                                            payload=io.BytesIO(b"k: v")))


def test_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    html = b"<html><head><title>T</title></head><body><p>Hello.</p></body></html>"
    _warc(path, [("https://example.org/a", html, "text/html; charset=utf-8"),
                 ("https://example.org/logo.png", b"\x89PNG....", "image/png"),
                 ("https://example.org/b", TEXTS[NAMES[0]].encode(), "text/html")])
    recs = list(iter_records([path]))
    assert [r.url for r in recs] == ["https://example.org/a", "https://example.org/b"]
    assert all(r.kind == "html" and r.id.startswith("<urn:uuid:") for r in recs)
    assert recs[0].source["offset"] == 0 < recs[1].source["offset"]
    out = tmp_path / "out.jsonl"
    # HTML records: cleaned as HTML (or an error line while HTML mode is not available)
    p = run("batch", str(path), "-o", str(out), "--workers", "1", "--quiet")
    assert p.returncode == 0, p.stderr
    lines = read_lines(out)
    assert [x["id"] for x in lines] == [r.id for r in recs]
    for x in lines:
        assert (x["error"] is None and x["kind"] == "html") or (x["error"] and x["body"] is None)
    # --input text forces the text pipeline on the same records
    p = run("batch", str(path), "-o", str(out), "--workers", "1", "--quiet", "--input", "text",
            "--now", NOW)
    lines = read_lines(out)
    assert lines[1]["error"] is None and lines[1]["body"] == expected(NAMES[0])["body"]


def test_order_stable_with_two_workers(tmp_path):
    path = tmp_path / "in.jsonl"
    ids = write_jsonl(path, 120)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    s1 = run_batch([path], one, BatchOptions(workers=1, now=NOW))
    s2 = run_batch([path], two, BatchOptions(workers=2, now=NOW))
    assert one.read_bytes() == two.read_bytes()
    assert [x["id"] for x in read_lines(two)] == ids
    assert s1.records == s2.records == 120 and s1.removals == s2.removals


def test_timeout_and_rules_pass_through(tmp_path):
    pack = tmp_path / "slow.toml"
    # a pattern with catastrophic backtracking on a long run of 'a': the record times out (the
    # second pattern, a backreference RE2 lacks, keeps the inline screen on `re`: RE2's linear
    # screen would turn the line away before `re` backtracks on it)
    pack.write_text('[[rule]]\nid = "XX901"\nname = "slow"\nfamily = "promo"\nscope = "inline"\n'
                    'explanation = "test"\nmax_chars = 2000\npatterns = [\'(a+)+$\', \'(zq)\\1x\']\n'
                    'examples = ["aaa"]\n', encoding="utf-8")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "slow", "text": "Title here\n\n" + "a" * 60 + "!"}) + "\n"
                    + json.dumps({"id": "ok", "text": TEXTS[NAMES[0]]}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    t0 = time.monotonic()
    # the regex safety check would refuse this pack at load time; let it through to test the timeout
    p = run("batch", str(path), "-o", str(out), "--rules", str(pack), "--timeout", "3", "--workers", "1",
            "--disable", "CH401", env={"CLEANER_REGEX_SAFETY": "warn"})
    assert p.returncode == 0, p.stderr
    assert time.monotonic() - t0 < 60
    lines = read_lines(out)
    assert lines[0]["error"] == "timed out after 3 s"
    assert lines[1]["error"] is None
    assert all(r["rule"] != "CH401" for r in lines[1]["removed"])


def test_usage_errors(tmp_path):
    p = run("batch", str(tmp_path / "missing"), "-o", str(tmp_path / "o.jsonl"))
    assert p.returncode == 2 and b"no such file" in p.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rule]]\nid = 1\n", encoding="utf-8")
    p = run("batch", str(SEED), "-o", str(tmp_path / "o.jsonl"), "--rules", str(bad))
    assert p.returncode == 2 and p.stderr.decode().count("\n") == 1


def test_resume_repairs_partial_line(tmp_path):
    path = tmp_path / "in.jsonl"
    write_jsonl(path, 30)
    ref, out = tmp_path / "ref.jsonl", tmp_path / "out.jsonl"
    run_batch([path], ref, BatchOptions(workers=1, now=NOW))
    lines = ref.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:11]) + lines[11][:40])  # a torn last line
    assert len(done_ids(out)) == 11 and out.read_bytes() == b"".join(lines[:11])
    out.write_bytes(b"".join(lines[:11]) + lines[11][:40])
    stats = run_batch([path], out, BatchOptions(workers=2, now=NOW, resume=True))
    assert stats.skipped == 11 and stats.records == 19
    assert out.read_bytes() == ref.read_bytes()


# --- interrupted runs ---------------------------------------------------------------------------

# Large enough that a run is still going when the test interrupts it, on a loaded machine too
# (the pages repeat, so the memos make them quick).
N_BIG = 3000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    d = tmp_path_factory.mktemp("big")
    path = d / "in.jsonl.gz"
    write_jsonl(path, N_BIG, opener=gzip.open)
    ref = d / "ref.jsonl"
    run_batch([path], ref, BatchOptions(workers=2, now=NOW))
    return path, ref


def _default_sigint() -> None:
    # A run started in the background of a script inherits SIGINT ignored (and Python keeps it so):
    # Ctrl-C is what these tests model, so the run gets the default handling whatever ran pytest.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(path: Path, out: Path, *extra: str, workers: int = 2) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cleaner", "batch", str(path), "-o", str(out),
                             "--now", NOW, "--workers", str(workers), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_default_sigint)


def _wait_for_lines(out: Path, proc: subprocess.Popen, n: int = 200) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size and out.read_bytes().count(b"\n") >= n:
            return
        time.sleep(0.02)
    raise AssertionError("the run ended before it could be interrupted")


@pytest.mark.parametrize("how", ["SIGINT", "SIGKILL"])
def test_interrupted_run_resumes_to_same_result(big, tmp_path, how):
    path, ref = big
    out = tmp_path / "out.jsonl"
    proc = _start(path, out, workers=1)  # one worker: the output does not depend on it, and it is slower
    _wait_for_lines(out, proc, n=100)
    if how == "SIGINT":
        proc.send_signal(signal.SIGINT)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    if how == "SIGINT":
        assert proc.returncode == 130, err
        assert b"interrupted" in err and b"--resume" in err
        data = out.read_bytes()
        assert data.endswith(b"\n")
        lines = data.splitlines()
        assert all(json.loads(x)["id"] for x in lines)  # whole, valid JSON lines only
    else:
        assert proc.returncode == -signal.SIGKILL
        lines = out.read_bytes().splitlines()
        with open(out, "ab") as fh:  # as if killed in the middle of a write
            fh.write(b'{"id": "r9')
    assert 0 < len(lines) < N_BIG
    assert ref.read_bytes().startswith(b"\n".join(lines[:-1]))
    p = run("batch", str(path), "-o", str(out), "--now", NOW, "--workers", "2", "--resume")
    assert p.returncode == 0, p.stderr
    assert b"already done" in p.stderr
    assert out.read_bytes() == ref.read_bytes()


def test_lost_worker_does_not_hang(tmp_path, monkeypatch):
    import multiprocessing as mp
    import threading

    import cleaner.batch as batch

    monkeypatch.setattr(batch, "CHUNK_RECORDS", 2)
    path = tmp_path / "in.jsonl"
    ids = write_jsonl(path, 300)
    out = tmp_path / "out.jsonl"
    killed = []

    def kill_a_worker():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            kids = mp.active_children()
            if kids and out.exists() and out.stat().st_size > 0:
                os.kill(kids[0].pid, signal.SIGKILL)
                killed.append(kids[0].pid)
            time.sleep(0.01)

    th = threading.Thread(target=kill_a_worker)
    th.start()
    # a dead worker is seen at once (no budget to wait out), so records get the default timeout:
    # one that ran out of it on a loaded machine would be another error than the one tested here
    stats = run_batch([path], out, BatchOptions(workers=2, now=NOW))
    th.join()
    assert killed
    lines = read_lines(out)
    assert [x["id"] for x in lines] == ids and stats.records == 300
    errors = [x["error"] for x in lines if x["error"]]
    assert all(e.startswith("worker lost") for e in errors)


# A worker stuck where its record's alarm cannot reach (a C call that ignores signals): run in a
# fresh interpreter, so that the workers fork from it and inherit the stuck _process_chunk.
_STUCK = """
import signal, sys, time
import cleaner.batch as batch
batch.CHUNK_RECORDS = 1
batch.LOST_SLACK = 10.0
real = batch._process_chunk
def stuck(chunk):
    if chunk[0].id == "r00003":
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(600)
    return real(chunk)
batch._process_chunk = stuck
batch.run_batch([sys.argv[1]], sys.argv[2], batch.BatchOptions(workers=2, timeout=3, now=sys.argv[3]))
"""


def test_stuck_worker_is_replaced(tmp_path):
    path = tmp_path / "in.jsonl"
    ids = write_jsonl(path, 12)
    out = tmp_path / "out.jsonl"
    p = subprocess.run([sys.executable, "-c", _STUCK, str(path), str(out), NOW], capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr
    lines = read_lines(out)
    assert [x["id"] for x in lines] == ids
    errors = {x["id"]: x["error"] for x in lines if x["error"]}
    assert errors["r00003"].startswith("worker lost")
    # the others are cleaned (a record over its 3 s on a very loaded machine times out instead):
    # a worker's start, however slow, is not counted against its first chunk
    assert all(e.startswith("timed out") for rid, e in errors.items() if rid != "r00003"), errors



def test_worker_dead_while_idle_loses_no_record():
    import cleaner.batch as batch
    from cleaner.sources import SourceRecord

    def chunk(k: int) -> list[SourceRecord]:
        return [SourceRecord(f"r{k}", {}, TEXTS[NAMES[k]])]

    def errors(items) -> list:
        return [json.loads(data)["error"] for data, *_ in items]

    pool = batch._Pool(2, BatchOptions(workers=2, now=NOW))
    try:
        pool.submit(chunk(0))
        assert errors(pool.take_head()) == [None]
        for w in pool.workers:  # both die between chunks (an OOM kill, say)
            os.kill(w.proc.pid, signal.SIGKILL)
            w.proc.join()
        pool.submit(chunk(1))
        pool.submit(chunk(2))
        assert errors(pool.take_head()) == [None] and errors(pool.take_head()) == [None]
    finally:
        pool.close(kill=True)
