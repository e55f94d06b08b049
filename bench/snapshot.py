"""Outputs of every input, written once and compared after a change that must not change them
(speed work): every fixture, the shared seeds, and every shared page and dump.

    python bench/snapshot.py write /tmp/before.jsonl     # on the code before the change
    python bench/snapshot.py compare /tmp/before.jsonl   # after it: lists every input that differs

Each input is cleaned as the tests clean it (now=2025-07-06T12:00, kind from the file's name,
the fixture's url for HTML), and a text result is cleaned again (its `text`), so the second
reading is compared too. `--cold` empties the memos before each input (answers must not depend
on them). Reads ../shared (or $CLEANER_SHARED) where present; skips it where absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NOW = "2025-07-06T12:00"


def inputs() -> list[tuple[str, Path, str, str | None]]:
    """(name, path, kind, url) for every input, in a fixed order."""
    try:
        import tomllib
    except ImportError:  # pragma: no cover
        import tomli as tomllib  # type: ignore[no-redef]
    out = []
    for p in sorted((REPO / "fixtures").glob("*/input.*")):
        if p.suffix not in (".txt", ".html"):
            continue
        case = p.parent / "case.toml"
        spec = tomllib.loads(case.read_text(encoding="utf-8")) if case.exists() else {}
        out.append((f"fixtures/{p.parent.name}/{p.name}", p, "html" if p.suffix == ".html" else "text", spec.get("url") or None))
    shared = Path(os.environ["CLEANER_SHARED"]) if os.environ.get("CLEANER_SHARED") else REPO.parent / "shared"
    urls: dict[tuple[str, str], str | None] = {}
    for corpus in ("corpus", "corpus-recall"):
        gold = shared / corpus / "gold.jsonl"
        if gold.exists():
            for line in gold.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    urls[(corpus, str(rec.get("id")))] = rec.get("url")
    for sub in ("seeds", "corpus/dumps", "corpus/pages", "corpus-recall/dumps", "corpus-recall/pages"):
        for p in sorted((shared / sub).glob("*")):
            if p.suffix in (".txt", ".html"):
                html = p.suffix == ".html"
                url = urls.get((sub.split("/")[0], p.stem)) if html else None
                out.append((f"shared/{sub}/{p.name}", p, "html" if html else "text", url))
    return out


def run(cold: bool, only: str | None = None):
    from cleaner import CleanerError, clean
    from cleaner.memo import clear_all

    for name, path, kind, url in inputs():
        if only and only not in name:
            continue
        if cold:
            clear_all()
        try:
            r = clean(path.read_bytes(), kind=kind, url=url, now=NOW)
            out = {"first": r.to_dict()}
            if kind == "text":
                out["again"] = clean(r.text, kind="text", now=NOW).to_dict()
        except CleanerError as exc:
            out = {"error": f"{type(exc).__name__}: {exc}"}
        text = json.dumps(out, ensure_ascii=False, sort_keys=True)
        yield name, hashlib.sha256(text.encode()).hexdigest(), text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("write", "compare"))
    ap.add_argument("file", type=Path)
    ap.add_argument("--cold", action="store_true", help="empty the memos before each input")
    ap.add_argument("-k", dest="only", help="only inputs whose name holds this")
    args = ap.parse_args(argv)
    if args.mode == "write":
        with open(args.file, "w", encoding="utf-8") as fh:
            n = 0
            for name, digest, text in run(args.cold, args.only):
                fh.write(json.dumps({"input": name, "sha": digest, "out": json.loads(text)}, ensure_ascii=False) + "\n")
                n += 1
        print(f"{n} inputs written to {args.file}")
        return 0
    want = {}
    with open(args.file, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            want[rec["input"]] = rec
    diff = same = 0
    seen = set()
    for name, digest, text in run(args.cold, args.only):
        seen.add(name)
        rec = want.get(name)
        if rec is None:
            print(f"NEW   {name}")
            diff += 1
        elif rec["sha"] != digest:
            print(f"DIFF  {name}")
            diff += 1
        else:
            same += 1
    if not args.only:
        for name in sorted(set(want) - seen):
            print(f"GONE  {name}")
            diff += 1
    print(f"{same} identical, {diff} different")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
