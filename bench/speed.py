"""Speed benchmark: one run, side by side, with ratios against the targets.

    python bench/speed.py            # full sizes (100 MB stream, 1 GB vs 100 MB RSS run)
    python bench/speed.py --quick    # sizes / 10, a few minutes on a laptop
    python bench/speed.py --only text,html --json bench/results/speed.json
    python bench/speed.py --only startup,engine,stages,html   # the figures of the rule engine

Reads the corpus at $CLEANER_SHARED/corpus or <repo>/../shared/corpus (pages/*.html, dumps/*.txt);
exits cleanly when it is absent. Measures:
  text     text mode, one process: MB/s of CPU time (= per core) and of wall time, on the corpus
           dumps, each page cold (memos emptied before it: the figure to quote), each page
           warm (timed on its second cleaning: the page logic alone, the ceiling of any cheaper
           way to answer questions about a line's text), and on a synthetic stream of the same dumps repeated (100 MB; --quick 10 MB) with memos kept,
           as a batch runs: an upper bound, since real crawls repeat only their boilerplate
  html     HTML mode pages/s: clean(html_bytes, url=...) against trafilatura.extract(html_bytes,
           url=...), both end to end (bytes in, result out), each page timed with both in turn,
           cleaner's memos emptied before each page, best of 3 rounds (--quick: 30 pages, 2
           rounds) after an untimed one ("n/a" while HTML mode is not available)
  startup  import + loading and compiling the rules, in a fresh process (CPU time, best of 3); and
           a fresh process up to its first text result, then its first HTML result
  engine   text mode, cold pages, with the RE2 rule engine and with the `re` reference matcher
           (CLEANER_RULE_ENGINE=re), page by page in turn in one process: the engine's share
  stages   where the time goes: a profile of text mode (cold pages) and of HTML mode, each
           function's own time summed by the module (= pipeline stage) it belongs to; the time
           of a C call (a regex, lxml) counts for the module that called it
  workers  `cleaner batch` on a JSONL file with 1 and with 2 workers (wall time)
  rss      peak RSS of `cleaner batch` on a 1 GB and on a 100 MB JSONL stream (--quick: 100 vs
           10 MB): the largest process (ru_maxrss) and the whole process tree (sampled)
  htmlrss  memory of one HTML worker: a fresh process cleans every shared page (corpus and
           corpus-recall, in turn), its RSS after the last page and its peak, next to a process
           that runs trafilatura.extract alone on the same pages
All times are CPU time (time.process_time), so that other processes on the machine count less.
Targets: text >= 3 MB/s per core cold (>= 20 stream); HTML >= 1.0x trafilatura's pages/s; start-up
<= 0.5 s; an HTML worker <= 100 MB; 2 workers >= 1.6x one; RSS(1 GB) <= 1.2x RSS(100 MB). The machine's load matters: run it on an idle machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MB = 1_000_000


def shared_corpus() -> Path | None:
    base = Path(os.environ["CLEANER_SHARED"]) if os.environ.get("CLEANER_SHARED") else REPO.parent / "shared"
    corpus = base / "corpus"
    return corpus if (corpus / "dumps").is_dir() else None


def load_dumps(corpus: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted((corpus / "dumps").glob("*.txt"))]


def stream(dumps: list[bytes], total: int):
    """Dumps, cycled, until `total` bytes: a synthetic crawl of text dumps."""
    n = 0
    for d in itertools.cycle(dumps):
        if n >= total:
            return
        n += len(d)
        yield d


def measure_text(records, clean, cold: bool = False, again: bool = False) -> dict:
    """`cold`: memos emptied before each page. `again`: each page cleaned once off the clock
    first, so that the timed run finds every answer about its lines' texts known."""
    from cleaner.memo import clear_all

    size = 0
    cpu = wall = 0.0
    count = 0
    for data in records:
        if cold:
            clear_all()  # outside the clock: each page as if it were the first one seen
        if again:
            clean(data, kind="text")  # outside the clock too
        c0, w0 = time.process_time(), time.perf_counter()
        clean(data, kind="text")
        cpu += time.process_time() - c0
        wall += time.perf_counter() - w0
        size += len(data)
        count += 1
    return {"records": count, "mb": round(size / MB, 2), "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
            "mb_per_s_per_core": round(size / MB / cpu, 2), "mb_per_s_wall": round(size / MB / wall, 2)}


def bench_text(dumps: list[bytes], quick: bool) -> dict:
    """`corpus`: each page cold (memos emptied before it), the figure to quote. `page_warm`: each
    page timed on its second cleaning, the memos holding the answers of the first and no other:
    the stages' page logic alone, what text mode would reach if every answer about a line's text
    (rules, features, repairs) cost nothing; the gap to `corpus` is the cost of first sights.
    `stream`: as a batch runs, memos kept; the synthetic stream repeats the same 99 pages, so the
    memos answer far more of its lines than they would on a real crawl: an upper bound."""
    from cleaner import clean
    from cleaner.rules.registry import default_rules

    default_rules().warm()  # rules load and compile once per process
    for d in dumps[:10]:
        clean(d, kind="text")
    rounds = 2 if quick else 5
    corpus = measure_text((d for _ in range(rounds) for d in dumps), clean, cold=True)
    page_warm = measure_text((d for _ in range(rounds) for d in dumps), clean, cold=True, again=True)
    synthetic = measure_text(stream(dumps, (10 if quick else 100) * MB), clean)
    return {"corpus": corpus, "page_warm": page_warm, "stream": synthetic}


def bench_html(corpus: Path, quick: bool) -> dict:
    """HTML mode against trafilatura.extract alone, page by page: each page is timed with one, then
    the other, so that a machine whose speed drifts during the run (a shared or throttled core)
    slows both alike; the best of a few rounds counts. One-time costs (rule compilation, the
    libraries' first calls) are paid before the clock starts, as in a batch worker: an untimed
    round over all the pages first. cleaner's memos are emptied before each page (outside the
    clock): later rounds read the same pages again, and what the memos remember of a page would
    make those rounds cheaper for cleaner than a crawl's next page is (about 6%)."""
    from cleaner import CleanerError, clean
    from cleaner.memo import clear_all
    from cleaner.rules.registry import default_rules

    paths = sorted((corpus / "pages").glob("*.html"))
    urls = _urls(corpus)
    pages = [(p.read_bytes(), urls.get(p.stem)) for p in paths]
    if quick:
        pages = pages[:30]
    out: dict = {"pages": len(pages)}
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    rounds = 2 if quick else 3
    default_rules().warm()
    try:
        for p, url in pages:
            if trafilatura is not None:
                trafilatura.extract(p, url=url)
            try:
                clean(p, kind="html", url=url)
            except CleanerError:
                pass
    except NotImplementedError as exc:  # HTML mode not available in this build
        out["cleaner_pages_per_s"] = "n/a"
        out["note"] = " ".join(str(exc).split())
        return out
    traf, mine, errors = [0.0] * rounds, [0.0] * rounds, 0
    for r in range(rounds):
        for p, url in pages:
            if trafilatura is not None:
                t0 = time.process_time()
                trafilatura.extract(p, url=url)
                traf[r] += time.process_time() - t0
            clear_all()
            t0 = time.process_time()
            try:
                clean(p, kind="html", url=url)
            except CleanerError:  # a page it refuses still counts: the time was spent
                errors += r == 0
            mine[r] += time.process_time() - t0
    if trafilatura is not None:
        out["trafilatura_pages_per_s"] = round(len(pages) / min(traf), 1)
        out["ratio_per_round"] = [round(m / t, 2) for m, t in zip(mine, traf)]
    out["cleaner_pages_per_s"] = round(len(pages) / min(mine), 1)
    out["cleaner_errors"] = errors
    return out


def _urls(corpus: Path) -> dict[str, str | None]:
    """Page id -> its address, from gold.jsonl (None where unknown)."""
    out: dict[str, str | None] = {}
    gold = corpus / "gold.jsonl"
    if gold.exists():
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out[str(rec.get("id"))] = rec.get("url")
    return out


STARTUP = ("import time; t = time.process_time(); import cleaner; "
           "from cleaner.rules.registry import default_rules; default_rules().warm(); "
           "print(time.process_time() - t)")
# A fresh process up to its first result: the first page also imports the stages and compiles the
# patterns they hold (the CLI on one file, a pre-commit hook, a worker's first record pay this).
FIRST = ("import time; t = time.process_time(); import cleaner; "
         "cleaner.clean('Title\\n\\nA paragraph of prose, long enough to be read as one here.', kind='text'); "
         "t1 = time.process_time(); "
         "cleaner.clean('<html><body><h1>Title</h1><p>A paragraph of prose.</p></body></html>', kind='html'); "
         "print(t1 - t, time.process_time() - t)")


def bench_startup() -> dict:
    """Import + rule loading and compilation in a fresh process: CPU seconds, best of 3."""
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, cwd=REPO,
                             check=True)
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    rss = subprocess.run([sys.executable, "-c", STARTUP + "; import resource; "
                          "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
                         capture_output=True, text=True, cwd=REPO, check=True)
    first = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", FIRST], capture_output=True, text=True, cwd=REPO, check=True)
        first.append(tuple(float(x) for x in out.stdout.split()[-2:]))
    return {"cpu_s": round(min(runs), 3), "runs": [round(r, 3) for r in runs],
            "rss_mb": round(int(rss.stdout.split()[-1]) / 1024, 1),
            "first_text_s": round(min(f[0] for f in first), 3), "first_html_s": round(min(f[1] for f in first), 3)}


HTML_RSS = """
import gc, json, resource, sys
from pathlib import Path
which, paths = sys.argv[1], json.loads(sys.stdin.read())
if which == "trafilatura":
    import trafilatura
    def run(data, url):
        trafilatura.extract(data, url=url)
else:
    from cleaner import CleanerError, clean
    from cleaner.rules.registry import default_rules
    default_rules().warm()
    def run(data, url):
        try:
            clean(data, kind="html", url=url)
        except CleanerError:
            pass
for path, url in paths:
    run(Path(path).read_bytes(), url)
gc.collect()
rss = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmRSS"))
print(json.dumps({"rss_kb": rss, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def bench_html_rss(corpus: Path) -> dict:
    """One worker's memory over every shared HTML page: RSS after the last page and peak, for
    cleaner and for trafilatura.extract alone, each in a fresh process (Linux: reads /proc)."""
    if not os.path.exists("/proc/self/status"):
        return {"note": "no /proc: not measured"}
    paths = []
    for c in (corpus, corpus.parent / "corpus-recall"):
        urls = _urls(c)
        paths += [(str(p), urls.get(p.stem)) for p in sorted((c / "pages").glob("*.html"))]
    out: dict = {"pages": len(paths)}
    for which in ("cleaner", "trafilatura"):
        proc = subprocess.run([sys.executable, "-c", HTML_RSS, which], input=json.dumps(paths),
                              capture_output=True, text=True, cwd=REPO)
        if proc.returncode != 0:
            out[which] = {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
            continue
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        out[which] = {"rss_mb": round(got["rss_kb"] / 1024, 1), "peak_mb": round(got["peak_kb"] / 1024, 1)}
    return out


def bench_engine(dumps: list[bytes], quick: bool) -> dict:
    """Cold pages (memos emptied before each), with each rule engine in turn, in one process."""
    from cleaner import clean
    from cleaner.memo import clear_all
    from cleaner.rules.registry import default_rules

    engines = {"re2": default_rules().with_engine("re2").warm(), "re": default_rules().with_engine("re").warm()}
    cpu = dict.fromkeys(engines, 0.0)
    rounds = 1 if quick else 3
    for r in range(rounds):
        for d in dumps:
            for name in (("re2", "re") if r % 2 == 0 else ("re", "re2")):
                clear_all()
                t0 = time.process_time()
                clean(d, kind="text", rules=engines[name])
                cpu[name] += time.process_time() - t0
    mb = sum(map(len, dumps)) * rounds / MB
    return {"mb": round(mb, 2), **{f"{k}_mb_per_s": round(mb / v, 2) for k, v in cpu.items()},
            "speedup": round(cpu["re"] / cpu["re2"], 2)}


def _module(filename: str, func: str) -> str | None:
    """The stage a profiled function belongs to: cleaner/<module>.py, or a library; None for
    a C call (its time goes to its caller)."""
    if filename == "~" or filename.startswith("<"):
        return None
    path = filename.replace("\\", "/")
    if "/cleaner/" in path:
        return path.rsplit("/cleaner/", 1)[1].removesuffix(".py")
    for lib in ("trafilatura", "lxml", "re2", "charset_normalizer", "justext", "courlan", "htmldate"):
        if f"/{lib}/" in path:
            return lib
    if "/re/" in path or path.endswith(("/sre_compile.py", "/sre_parse.py")):
        return "re (compile)"
    return "other"


def profile_stages(run) -> list[tuple[str, float]]:
    """Own time by module while `run()` runs (C calls charged to the calling module), in seconds,
    largest first."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    own: dict[str, float] = {}

    def charge(key, tt: float, depth: int = 0) -> None:
        filename, _, func = key
        mod = _module(filename, func)
        if mod is not None or depth > 5:
            own[mod or "other"] = own.get(mod or "other", 0.0) + tt
            return
        callers = stats[key][4]
        total = sum(v[2] for v in callers.values()) or 0.0
        if not callers or total <= 0:
            own["other"] = own.get("other", 0.0) + tt
            return
        for caller, v in callers.items():  # split by the time each caller spent in it
            charge(caller, tt * v[2] / total, depth + 1) if caller in stats else \
                own.__setitem__("other", own.get("other", 0.0) + tt * v[2] / total)

    for key, (cc, nc, tt, ct, callers) in stats.items():
        charge(key, tt)
    return sorted(own.items(), key=lambda kv: -kv[1])


def bench_stages(dumps: list[bytes], corpus: Path, quick: bool) -> dict:
    from cleaner import CleanerError, clean
    from cleaner.memo import clear_all
    from cleaner.rules.registry import default_rules

    rules = default_rules().warm()
    urls = _urls(corpus)
    pages = [(p.read_bytes(), urls.get(p.stem)) for p in sorted((corpus / "pages").glob("*.html"))]
    if quick:
        dumps, pages = dumps[:30], pages[:20]
    # one-time costs first (the stages' imports, the patterns compiled on first use): the table is
    # of what each page costs
    for d in dumps:
        clean(d, kind="text", rules=rules)
    for p, url in pages:
        try:
            clean(p, kind="html", url=url, rules=rules)
        except CleanerError:
            pass

    def text() -> None:
        for d in dumps:
            clear_all()
            clean(d, kind="text", rules=rules)

    def html() -> None:
        for p, url in pages:
            try:
                clean(p, kind="html", url=url, rules=rules)
            except CleanerError:
                pass

    out = {}
    for name, run in (("text", text), ("html", html)):
        rows = profile_stages(run)
        total = sum(t for _, t in rows) or 1.0
        out[name] = [(m, round(t, 3), round(100 * t / total, 1)) for m, t in rows]
    return out


def write_jsonl(path: Path, dumps: list[bytes], total: int) -> int:
    texts = [d.decode("utf-8", "replace") for d in dumps]
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for k, t in enumerate(itertools.cycle(texts)):
            if n >= total:
                break
            line = json.dumps({"id": f"s{k:08d}", "text": t}) + "\n"
            fh.write(line)
            n += len(line.encode("utf-8"))
    return n


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, from /proc (0 where /proc is missing)."""
    parents: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    for d in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                stat = fh.read()
            fields = stat[stat.rindex(")") + 2:].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(d))
        rss[int(d)] = pages * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(parents.get(pid, ()))
    return total


def run_batch(inp: Path, out: Path, workers: int) -> dict:
    """`cleaner batch` in a wrapper process that reports its children's ru_maxrss."""
    cmd = [sys.executable, "-m", "cleaner", "batch", str(inp), "-o", str(out), "--workers", str(workers),
           "--input", "text", "--quiet"]
    wrapper = ("import resource, subprocess, sys, json; p = subprocess.run(sys.argv[1:]); "
               "print(json.dumps({'rc': p.returncode, "
               "'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", wrapper, *cmd], stdout=subprocess.PIPE, cwd=REPO)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.25)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, _ = proc.communicate()
    done.set()
    th.join()
    wall = time.perf_counter() - t0
    info = json.loads(stdout.decode().strip().splitlines()[-1])
    if info["rc"] != 0:
        raise SystemExit(f"cleaner batch failed (exit {info['rc']})")
    return {"wall_s": round(wall, 2), "max_process_rss_mb": round(info["maxrss_kb"] / 1024, 1),
            "peak_tree_rss_mb": round(peak[0] / 2**20, 1)}


def bench_workers(dumps: list[bytes], tmp: Path, quick: bool) -> dict:
    inp = tmp / "workers.jsonl"
    size = write_jsonl(inp, dumps, (10 if quick else 50) * MB)
    one = run_batch(inp, tmp / "w1.jsonl", 1)
    two = run_batch(inp, tmp / "w2.jsonl", 2)
    same = (tmp / "w1.jsonl").read_bytes() == (tmp / "w2.jsonl").read_bytes()
    return {"mb": round(size / MB, 1), "one_worker_s": one["wall_s"], "two_workers_s": two["wall_s"],
            "speedup": round(one["wall_s"] / two["wall_s"], 2), "same_output": same}


def bench_rss(dumps: list[bytes], tmp: Path, quick: bool, workers: int) -> dict:
    small_mb, big_mb = (10, 100) if quick else (100, 1000)
    out = {}
    for label, mb in (("small", small_mb), ("big", big_mb)):
        inp = tmp / f"rss-{mb}.jsonl"
        write_jsonl(inp, dumps, mb * MB)
        r = run_batch(inp, tmp / f"rss-{mb}.out.jsonl", workers)
        inp.unlink()
        (tmp / f"rss-{mb}.out.jsonl").unlink()
        out[label] = {"mb": mb, **r}
    out["ratio_max_process"] = round(out["big"]["max_process_rss_mb"] / out["small"]["max_process_rss_mb"], 2)
    if out["small"]["peak_tree_rss_mb"]:
        out["ratio_tree"] = round(out["big"]["peak_tree_rss_mb"] / out["small"]["peak_tree_rss_mb"], 2)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="sizes / 10")
    ap.add_argument("--only", default="startup,text,engine,html,htmlrss,stages,workers,rss",
                    help="comma-separated sections")
    ap.add_argument("--rss-workers", type=int, default=2, help="workers for the RSS runs")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    corpus = shared_corpus()
    if corpus is None:
        print("speed: corpus not found ($CLEANER_SHARED or ../shared/corpus); nothing to measure")
        return 0
    only = set(args.only.split(","))
    dumps = load_dumps(corpus)
    res: dict = {"quick": args.quick, "cpus": os.cpu_count(), "load": os.getloadavg()[0]}
    lines = []
    if "startup" in only:
        s = res["startup"] = bench_startup()
        lines.append(f"start-up (import + rules), fresh process: {s['cpu_s']} s CPU (runs {s['runs']}), "
                     f"{s['rss_mb']} MB RSS   target <= 0.5 s")
        lines.append(f"fresh process to its first result: text page {s['first_text_s']} s CPU, then an HTML page "
                     f"{s['first_html_s']} s in all (the stages' imports and patterns, trafilatura's import)")
    if "text" in only:
        t = res["text"] = bench_text(dumps, args.quick)
        for k, label, target in (("corpus", "corpus, cold", 3), ("stream", "stream, warm", 20)):
            v = t[k]
            lines.append(f"text mode, {label:<13} {v['mb']:>7} MB: {v['mb_per_s_per_core']:>6} MB/s per core "
                         f"({v['mb_per_s_wall']} MB/s wall)   target >= {target}: "
                         f"{v['mb_per_s_per_core'] / target:.2f}x of target")
            if k == "corpus":
                w = t["page_warm"]
                share = 1 - w["cpu_s"] / v["cpu_s"] if v["cpu_s"] else 0.0
                lines.append(f"text mode, {'corpus, warm':<13} {w['mb']:>7} MB: {w['mb_per_s_per_core']:>6} MB/s per "
                             f"core (each page's second cleaning: the page logic alone; first sights of "
                             f"lines are {share:.0%} of cold time)")
    if "engine" in only:
        e = res["engine"] = bench_engine(dumps, args.quick)
        lines.append(f"rule engine, text cold, {e['mb']} MB: RE2 {e['re2_mb_per_s']} MB/s, re reference "
                     f"{e['re_mb_per_s']} MB/s per core   RE2 is {e['speedup']}x")
    if "html" in only:
        h = res["html"] = bench_html(corpus, args.quick)
        c, tf = h.get("cleaner_pages_per_s"), h.get("trafilatura_pages_per_s")
        ratio = f"{tf / c:.2f}x trafilatura's time" if isinstance(c, float) and tf else "n/a"
        rounds = f"; per round {', '.join(map(str, h['ratio_per_round']))}" if h.get("ratio_per_round") else ""
        speed = f"{c / tf:.2f}x trafilatura's pages/s" if isinstance(c, float) and tf else "n/a"
        lines.append(f"html mode, {h['pages']} pages, end to end: cleaner {c} pages/s, trafilatura.extract "
                     f"{tf} pages/s   cleaner runs at {speed} (target >= 1.0x; takes {ratio}){rounds}")
    if "stages" in only:
        st = res["stages"] = bench_stages(dumps, corpus, args.quick)
        for name, rows in st.items():
            lines.append(f"where the time goes, {name} mode (own time by module, C calls to their caller):")
            lines.extend(f"    {m:<22} {t:>7.3f} s {pct:>5.1f}%" for m, t, pct in rows if pct >= 0.5)
    if "htmlrss" in only:
        m = res["htmlrss"] = bench_html_rss(corpus)
        c, tf = m.get("cleaner", {}), m.get("trafilatura", {})
        lines.append(f"html worker, {m.get('pages', 0)} pages in one process: cleaner {c.get('rss_mb', 'n/a')} MB "
                     f"after the last page (peak {c.get('peak_mb', 'n/a')}), trafilatura.extract alone "
                     f"{tf.get('rss_mb', 'n/a')} MB (peak {tf.get('peak_mb', 'n/a')})   target <= 100 MB")
    with tempfile.TemporaryDirectory(prefix="cleaner-speed-") as tmp:
        if "workers" in only:
            w = res["workers"] = bench_workers(dumps, Path(tmp), args.quick)
            lines.append(f"batch, {w['mb']} MB JSONL: 1 worker {w['one_worker_s']} s, 2 workers "
                         f"{w['two_workers_s']} s   speedup {w['speedup']}x (target >= 1.6x)"
                         f"{'' if w['same_output'] else '   OUTPUT DIFFERS'}")
        if "rss" in only:
            r = res["rss"] = bench_rss(dumps, Path(tmp), args.quick, args.rss_workers)
            s, b = r["small"], r["big"]
            lines.append(f"peak RSS, {args.rss_workers} workers: {b['mb']} MB -> {b['max_process_rss_mb']} MB "
                         f"largest process / {b['peak_tree_rss_mb']} MB tree; {s['mb']} MB -> "
                         f"{s['max_process_rss_mb']} / {s['peak_tree_rss_mb']} MB   ratio "
                         f"{r['ratio_max_process']}x / {r.get('ratio_tree', 'n/a')}x (target <= 1.2x)")
    print(f"cleaner speed ({'quick' if args.quick else 'full'}; {res['cpus']} CPUs, load {res['load']:.1f})")
    for ln in lines:
        print("  " + ln)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
