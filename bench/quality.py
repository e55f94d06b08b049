#!/usr/bin/env python3
"""Body quality on the shared corpus: cleaner (HTML and text mode), trafilatura, raw dumps.

    python bench/quality.py                 # one table: mean P/R/F1 and docs/s per system
    python bench/quality.py --per-page      # plus F1 per page and system
    python bench/quality.py --json OUT      # every score, as JSON
    python bench/quality.py --only cleaner-html,trafilatura --limit 20 --repeat 3
    python bench/quality.py --only cleaner-html,cleaner-text --titles-recall   # titles on corpus-recall too

The corpus is `<repo>/../shared/corpus` or `$CLEANER_SHARED/corpus` (pages/*.html, dumps/*.txt,
gold.jsonl). Scoring is the corpus's own: bag-of-tokens precision/recall/F1 of the body against
the gold body (lowercase, whitespace-normalised, split on \\W+), unweighted mean over pages; a page
where a system fails or returns nothing scores 0. Where the corpus is absent, exit 0 with a message.

Titles: the share of pages whose title (cleaner's modes) equals the page's headline: its `og:title`
(or `twitter:title`; without either, its <title>) without a site suffix ('Story | Site'), or one
of its first three <h1> texts; compared casefolded, with quotes, dashes and
whitespace normalised. Pages without any of these are not counted.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NON_WORD = re.compile(r"\W+")


def tokens(text: str | None) -> list[str]:
    """As corpus/score.py: whitespace-normalised, lowercased, split on non-word characters."""
    text = " ".join((text or "").split()).lower()
    return [t for t in NON_WORD.split(text) if t]


def prf(pred: str | None, gold: str | None) -> tuple[float, float, float]:
    """As corpus/score.py: bag-of-tokens precision, recall, F1."""
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    overlap = sum((p & g).values())
    np_, ng = sum(p.values()), sum(g.values())
    prec = overlap / np_ if np_ else 0.0
    rec = overlap / ng if ng else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def corpus_dir() -> Path | None:
    env = os.environ.get("CLEANER_SHARED")
    for base in [Path(env)] if env else [ROOT.parent / "shared"]:
        d = base / "corpus"
        if (d / "gold.jsonl").is_file() and (d / "pages").is_dir():
            return d
    return None


def load_gold(corpus: Path) -> list[dict]:
    with open(corpus / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- the page's headline, for the title figure -----------------------------------------------

_SITE_SEP = re.compile(r"\s(?:\||--|-|–|—|·|::|«|»)\s|\s?_(?=[\u3400-\u9fff])")
_NORM = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                       "–": "-", "—": "-", "\u00a0": " "})
SITE_SUFFIX_MAX_WORDS = 4


def norm_title(text: str | None) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", text or "").translate(_NORM)
    # (a trailing '¶' is a heading's permalink glyph, as Sphinx prints it: no part of the headline)
    return " ".join(text.split()).casefold().strip(" .¶")


def strip_site(title: str, sites: list[str]) -> str:
    """'Story | Site' -> 'Story': trailing parts that are the og:site_name, or short (at most
    SITE_SUFFIX_MAX_WORDS words) and shorter than what stands before them; leading site names."""
    parts = [p.strip() for p in _SITE_SEP.split(title)]
    names = {norm_title(s) for s in sites if s.strip()}
    while len(parts) > 1 and (norm_title(parts[-1]) in names or (
            len(parts[-1].split()) <= SITE_SUFFIX_MAX_WORDS and len(parts[-1]) < len(" - ".join(parts[:-1])))):
        parts.pop()
    while len(parts) > 1 and norm_title(parts[0]) in names:
        parts.pop(0)
    return " - ".join(parts)


def headlines(html: bytes) -> set[str]:
    """The normalised forms the page's headline takes (empty when it has none)."""
    import lxml.html

    from cleaner.decode import decode

    try:
        doc = lxml.html.document_fromstring(decode(html, html=True))
    except Exception:
        return set()
    sites = [str(s) for s in doc.xpath('//meta[@property="og:site_name"]/@content')]
    refs = {norm_title(strip_site(str(t), sites))
            for t in doc.xpath('//meta[@property="og:title" or @name="twitter:title"]/@content')[:2]}
    if not any(refs):  # no og:title: the <title> stands for it
        refs = {norm_title(strip_site(t.text_content(), sites)) for t in doc.xpath("//title")[:1]}
    refs |= {norm_title(h.text_content()) for h in doc.xpath("//h1")[:3]}
    return {r for r in refs if r}


def title_share(titles: dict[str, str | None], refs: dict[str, set[str]]) -> tuple[float, int]:
    """Share of the pages with a headline whose title equals it, and their count."""
    pages = [i for i in titles if refs.get(i)]
    hits = sum(norm_title(titles[i]) in refs[i] for i in pages)
    return (hits / len(pages) if pages else 0.0), len(pages)


def recall_titles(base: Path) -> dict[str, tuple[float, int]]:
    """The title figure of both cleaner modes on corpus-recall (pages/*.html, dumps/*.txt)."""
    from cleaner import clean

    with open(base / "gold.jsonl", encoding="utf-8") as fh:
        ids = [json.loads(line)["id"] for line in fh if line.strip()]
    refs = {i: headlines((base / "pages" / f"{i}.html").read_bytes()) for i in ids}
    out = {}
    for mode, sub, ext in (("html", "pages", "html"), ("text", "dumps", "txt")):
        got = {}
        for i in ids:
            try:
                got[i] = clean((base / sub / f"{i}.{ext}").read_bytes(), kind=mode).title
            except Exception:  # a failure counts as a wrong title
                got[i] = None
        out[f"cleaner-{mode}"] = title_share(got, refs)
    return out


# --- systems: each takes (page record, corpus dir) -> body text -------------------------------

def _page(corpus: Path, g: dict) -> bytes:
    return (corpus / "pages" / f"{g['id']}.html").read_bytes()


def _dump(corpus: Path, g: dict) -> bytes:
    return (corpus / "dumps" / f"{g['id']}.txt").read_bytes()


def sys_cleaner_html(data: bytes, g: dict) -> tuple[str, str | None]:
    from cleaner import clean

    r = clean(data, kind="html", url=g.get("url"))
    return r.body, r.title


def sys_cleaner_text(data: bytes, g: dict) -> tuple[str, str | None]:
    from cleaner import clean

    r = clean(data, kind="text")
    return r.body, r.title


def sys_trafilatura(data: bytes, g: dict) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def sys_dumps(data: bytes, g: dict) -> str:
    return data.decode("utf-8", errors="replace")


# name -> (function, input reader)
SYSTEMS = {
    "cleaner-html": (sys_cleaner_html, _page),
    "cleaner-text": (sys_cleaner_text, _dump),
    "trafilatura": (sys_trafilatura, _page),
    "raw-dumps": (sys_dumps, _dump),
}


def run_systems(names: list[str], corpus: Path, gold: list[dict], repeat: int = 1) -> list[dict]:
    """Run every system on each page in turn, so that load from other work on the machine falls
    on all systems alike; time only the work (inputs are read before timing)."""
    fns = {n: SYSTEMS[n] for n in names}
    for n, (fn, reader) in fns.items():  # warm up imports and rule loading outside the timing
        try:
            fn(reader(corpus, gold[0]), gold[0])
        except Exception:
            pass
    out = {n: {"system": n, "pages": {}, "seconds": 0.0, "errors": []} for n in names}
    order = list(fns.items())
    for i, g in enumerate(gold):
        # rotate the order per page and collect garbage between calls: no system pays for
        # another's garbage or always runs on a warm (or cold) cache
        for n, (fn, reader) in order[i % len(order):] + order[:i % len(order)]:
            data = reader(corpus, g)
            dt = float("inf")
            for _ in range(max(1, repeat)):  # the fastest of `repeat` runs: least disturbed by load
                gc.collect()
                t0 = time.perf_counter()
                title = None
                try:
                    body = fn(data, g)
                    err = None
                except Exception as exc:  # a failure scores 0, like a missing result
                    body, err = "", f"{g['id']}: {type(exc).__name__}: {exc}"
                if isinstance(body, tuple):  # (body, title) from cleaner's modes
                    body, title = body
                dt = min(dt, time.perf_counter() - t0)
            if err:
                out[n]["errors"].append(err)
            out[n]["seconds"] += dt
            p, r, f = prf(body, g["body"])
            out[n]["pages"][g["id"]] = {"precision": p, "recall": r, "f1": f, "seconds": dt, "title": title}
    count = len(gold)
    for res in out.values():
        pages = res["pages"].values()
        for k in ("precision", "recall", "f1"):
            res[k] = sum(v[k] for v in pages) / count
        res["docs_per_s"] = count / res["seconds"] if res["seconds"] else 0.0
    return [out[n] for n in names]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-page", action="store_true", help="print F1 per page and system")
    ap.add_argument("--json", metavar="OUT", help="write every score to OUT as JSON")
    ap.add_argument("--only", help="comma-separated systems (default: all: %s)" % ",".join(SYSTEMS))
    ap.add_argument("--limit", type=int, help="score only the first N pages")
    ap.add_argument("--titles-recall", action="store_true",
                    help="also give the title figure of both cleaner modes on ../shared/corpus-recall")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time each call N times and keep the fastest (steadier on a busy machine)")
    a = ap.parse_args(argv)

    corpus = corpus_dir()
    if corpus is None:
        print("quality: corpus not found (../shared/corpus or $CLEANER_SHARED/corpus); skipped")
        return 0
    gold = load_gold(corpus)
    if a.limit:
        gold = gold[:a.limit]
    names = a.only.split(",") if a.only else list(SYSTEMS)
    for n in names:
        if n not in SYSTEMS:
            ap.error(f"unknown system {n!r}; known: {', '.join(SYSTEMS)}")

    results = run_systems(names, corpus, gold, a.repeat)
    by = {r["system"]: r for r in results}

    if a.per_page:
        w = max(len(g["id"]) for g in gold)
        print(f"{'page':<{w}}  " + "  ".join(f"{n:>13}" for n in names) + "   (F1)")
        for g in sorted(gold, key=lambda g: g["id"]):
            print(f"{g['id']:<{w}}  " + "  ".join(f"{by[n]['pages'][g['id']]['f1']:13.3f}" for n in names))
        print()

    print(f"{len(gold)} pages from {corpus}")
    print(f"{'system':<14} {'precision':>9} {'recall':>7} {'f1':>6} {'docs/s':>8} {'seconds':>8}")
    for r in results:
        print(f"{r['system']:<14} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:6.3f} "
              f"{r['docs_per_s']:8.1f} {r['seconds']:8.2f}")
    refs = {g["id"]: headlines(_page(corpus, g)) for g in gold}
    for r in results:
        if r["system"].startswith("cleaner-"):
            share, count = title_share({i: v["title"] for i, v in r["pages"].items()}, refs)
            r["title_is_headline"] = share
            print(f"{r['system']}: title = the page's headline on {share:.3f} of {count} pages")
    recall_base = corpus.parent / "corpus-recall"
    if a.titles_recall and (recall_base / "gold.jsonl").is_file():
        for mode, (share, count) in recall_titles(recall_base).items():
            print(f"{mode}: title = the page's headline on {share:.3f} of {count} corpus-recall pages")
    for r in results:
        for e in r["errors"][:5]:
            print(f"  {r['system']} error: {e}", file=sys.stderr)
    if "cleaner-html" in by and "trafilatura" in by and by["trafilatura"]["seconds"]:
        h, t = by["cleaner-html"], by["trafilatura"]
        print(f"cleaner-html vs trafilatura: F1 {h['f1'] - t['f1']:+.3f}, recall "
              f"{h['recall'] - t['recall']:+.3f}, time x{h['seconds'] / t['seconds']:.2f}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump({"corpus": str(corpus), "pages": len(gold), "systems": results}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
