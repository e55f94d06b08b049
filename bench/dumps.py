"""Score text mode on the shared corpus of whole-page dumps.

    python bench/dumps.py            # per-page table and the mean
    python bench/dumps.py -q         # the mean only
    python bench/dumps.py -s ID ...  # only these pages

The corpus lives at `<repo>/../shared/corpus` or `$CLEANER_SHARED/corpus`; without it the
script says so and exits 0. Scoring follows the corpus's own scorer: bag-of-tokens precision,
recall and F1 of the body against the gold body (lowercase, split on non-word characters),
unweighted mean over pages. Nothing here is tuned per page: it only measures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402

_NON_WORD = re.compile(r"\W+")


def corpus_dir() -> Path | None:
    env = os.environ.get("CLEANER_SHARED")
    base = Path(env) if env else ROOT.parent / "shared"
    corpus = base / "corpus"
    if (corpus / "gold.jsonl").is_file() and (corpus / "dumps").is_dir():
        return corpus
    return None


def tokens(text: str) -> list[str]:
    text = " ".join((text or "").split()).lower()
    return [t for t in _NON_WORD.split(text) if t]


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    overlap = sum((p & g).values())
    np_, ng = sum(p.values()), sum(g.values())
    prec = overlap / np_ if np_ else 0.0
    rec = overlap / ng if ng else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def run(corpus: Path, only: list[str] | None = None) -> list[tuple[str, float, float, float, int]]:
    rows = []
    with open(corpus / "gold.jsonl", encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]
    for g in gold:
        if only and g["id"] not in only:
            continue
        path = corpus / "dumps" / (g["id"] + ".txt")
        if not path.is_file():
            rows.append((g["id"], 0.0, 0.0, 0.0, 0))
            continue
        r = clean(path.read_bytes(), kind="text")
        rows.append((g["id"], *prf(r.body, g["body"]), len(r.removed)))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-q", "--quiet", action="store_true", help="print only the mean")
    ap.add_argument("-s", "--select", nargs="+", help="page ids to score")
    a = ap.parse_args(argv)
    corpus = corpus_dir()
    if corpus is None:
        print("corpus not found (../shared/corpus or $CLEANER_SHARED/corpus): nothing to score")
        return 0
    t0 = time.perf_counter()
    rows = run(corpus, a.select)
    dt = time.perf_counter() - t0
    if not rows:
        print("no pages")
        return 0
    if not a.quiet:
        w = max(len(r[0]) for r in rows)
        print(f"{'id':<{w}}  precision  recall     f1  removed")
        for r in sorted(rows, key=lambda r: r[3]):
            print(f"{r[0]:<{w}}  {r[1]:9.3f}  {r[2]:6.3f}  {r[3]:5.3f}  {r[4]:7d}")
    n = len(rows)
    mp, mr, mf = (sum(r[i] for r in rows) / n for i in (1, 2, 3))
    print(f"text mode, mean over {n} pages: precision {mp:.3f}  recall {mr:.3f}  f1 {mf:.3f}  ({dt:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
