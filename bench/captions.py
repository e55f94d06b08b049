#!/usr/bin/env python3
"""Photo credits and their captions in text mode against HTML mode, on the shared corpora.

    python bench/captions.py             # how many credit lines each mode removes
    python bench/captions.py --show 30   # the credit lines HTML mode removes and text mode keeps

For every page of `../shared/corpus` and `../shared/corpus-recall` (or `$CLEANER_SHARED/...`)
with both its HTML page and its text dump, the credit-like lines of the dump are found by a
pattern of their own, independent of the rules ('Photo: ...', 'Foto: ...', 'Bild: ...', 'Image
credit: ...', 'Crédit photo : ...', '© Provided by ...', '(AP Photo/...)', lines of at most 25
words ending in a stock library's or an agency's name: 'Jane Doe/Getty Images', '... | Shutterstock';
a © line with a year or 'rights reserved' is a page footer and is left out). A line counts as
removed by a mode when its text does not stand in that mode's output (title and body). The
caption above a credit (the line right before a credit line, a sentence of at most 30 words) is
counted apart. Where the corpora are absent, exit 0 with a message.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402

CREDIT = re.compile(r"""
  ^\(?(?:photo|photograph|image|picture|foto|bild|crédits?\sphoto|credit|image\scredit|photo\scredit
      |imagen|fotografía|illustration)s?\s?(?:credit|by)?\s?:
| ^©\s?(?!\d)(?:provided\sby\s)?\S
| (?:getty\simages|shutterstock|istock(?:photo)?|alamy|afp|reuters|ap\sphoto|epa(?:-efe)?|dpa
      |picture\salliance|imago)\)?\.?$
| ^\((?:ap|afp)\sphoto\b""", re.I | re.X)
FOOTER = re.compile(r"©\s?\d|\d{4}|rights\sreserved|copyright|alle\srechte|derechos", re.I)
CREDIT_MAX_WORDS = 25
CAPTION_MAX_WORDS = 30


def shared_dir() -> Path | None:
    env = os.environ.get("CLEANER_SHARED")
    base = Path(env) if env else ROOT.parent / "shared"
    return base if base.is_dir() else None


def _norm(text: str) -> str:
    return " ".join(text.split())


def credit_lines(dump: str) -> tuple[list[str], list[str]]:
    """The credit-like lines of a dump and the caption lines standing right above them."""
    lines = [_norm(x) for x in dump.splitlines()]
    lines = [x for x in lines if x]
    credits, captions = [], []
    for k, t in enumerate(lines):
        if len(t.split()) <= CREDIT_MAX_WORDS and CREDIT.search(t) and not FOOTER.search(t):
            credits.append(t)
            prev = lines[k - 1] if k else ""
            if prev and len(prev.split()) <= CAPTION_MAX_WORDS and not CREDIT.search(prev) and \
                    re.search(r"[.!?)]$", prev) and len(prev.split()) >= 4:
                captions.append(prev)
    return list(dict.fromkeys(credits)), list(dict.fromkeys(captions))


def pages(base: Path):
    for name in ("corpus", "corpus-recall"):
        d = base / name
        if not (d / "gold.jsonl").is_file():
            continue
        with open(d / "gold.jsonl", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    i = json.loads(line)["id"]
                    page, dump = d / "pages" / f"{i}.html", d / "dumps" / f"{i}.txt"
                    if page.is_file() and dump.is_file():
                        yield f"{name}/{i}", page, dump


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", type=int, default=0, help="list N credit lines HTML mode removes and text mode keeps")
    a = ap.parse_args(argv)
    base = shared_dir()
    if base is None:
        print("captions: ../shared not found; skipped")
        return 0
    counts = {kind: {"lines": 0, "text": 0, "html": 0} for kind in ("credit", "caption")}
    kept_by_text: list[tuple[str, str, str]] = []
    for pid, page, dump in pages(base):
        raw = dump.read_bytes()
        credits, captions = credit_lines(raw.decode("utf-8", errors="replace"))
        if not credits:
            continue
        outs = {}
        for mode, data in (("text", raw), ("html", page.read_bytes())):
            try:
                r = clean(data, kind=mode)
                outs[mode] = _norm(f"{r.title or ''}\n{r.body}")
            except Exception:
                outs[mode] = ""
        for kind, found in (("credit", credits), ("caption", captions)):
            for t in found:
                c = counts[kind]
                c["lines"] += 1
                for mode in ("text", "html"):
                    c[mode] += t not in outs[mode]
                if t not in outs["html"] and t in outs["text"]:
                    kept_by_text.append((kind, pid, t))
    for kind, c in counts.items():
        n = c["lines"] or 1
        print(f"{kind} lines: {c['lines']}; removed by text mode {c['text'] / n:.3f} ({c['text']}), "
              f"by HTML mode {c['html'] / n:.3f} ({c['html']})")
    for kind, pid, t in kept_by_text[:a.show]:
        print(f"  kept by text, removed by html: {kind:7} {pid}: {t[:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
