"""Related-article records against hand-labelled gold: precision, recall and F1 per kind.

    python bench/related.py [--mode html|text] [--show N] [--json OUT]

`bench/related-gold.jsonl` holds, for pages of the shared corpora (`../shared/corpus` and
`../shared/corpus-recall`, or `$CLEANER_SHARED`), every recirculation list a reader sees on the
page (records: kind, block heading as shown or null, headline, absolute URL), and links that must
never be records (`not_records`: sponsored cards, tag pages; `ignore`: lists left out of the
count, such as third-party widgets). Pages with no list have no records: anything returned there
is a false positive. `bench/related-gold.spec` is the labelling sheet the gold was written
from (`bench/related_label.py show` numbers a page's links the way the sheet does; `build`
writes the gold from it).

A returned record matches a gold record by its URL (scheme, `www.`, query and trailing slash
ignored) or, in text mode and for records without a URL, by its title (case-folded). Returned
records that match nothing are counted by what they are: sponsored, tag/topic/section/author
pages (by URL shape), menu items (one- or two-word titles), or other. Skips with a message when
the shared corpora are absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
GOLD = HERE / "related-gold.jsonl"
KINDS = ("related", "more-from", "most-read", "latest", "recommended")
_TAGLIKE = re.compile(r"/(?:tags?|topics?|themen?|thema|category|categories|section|rubrique|autor|authors?|"
                      r"writer|profile|people|column|keyword|schlagwort)(?:/|$|[?#])", re.I)


def shared_root() -> Path | None:
    env = os.environ.get("CLEANER_SHARED")
    for cand in ([Path(env)] if env else []) + [HERE.parent.parent / "shared", HERE.parent / ".." / "shared"]:
        if (cand / "corpus").is_dir():
            return cand
    return None


def norm_url(u: str | None) -> str | None:
    if not u:
        return None
    try:
        p = urlsplit(u.strip())
    except ValueError:
        return u.strip().lower()
    host = p.netloc.lower()
    host = host[4:] if host.startswith("www.") else host
    path = p.path.rstrip("/")
    frag = f"#{p.fragment}" if p.fragment else ""
    return f"{host}{path}{frag}"


def norm_title(t: str | None) -> str:
    return re.sub(r"\s+", " ", (t or "")).strip().casefold()


def _why(rec: dict, not_records: dict[str, str]) -> str:
    u = norm_url(rec.get("url"))
    if u and u in not_records:
        return not_records[u]
    if rec.get("url") and _TAGLIKE.search(urlsplit(rec["url"]).path + "/"):
        return "tag/author"
    if len((rec.get("title") or "").split()) <= 2:
        return "menu"
    return "other"


def score(mode: str, show: int, out_json: str | None) -> int:
    root = shared_root()
    if root is None:
        print("bench/related.py: ../shared (or $CLEANER_SHARED) not found; skipped")
        return 0
    from cleaner import clean

    gold_pages = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    urls: dict[tuple[str, str], str | None] = {}
    for corpus in ("corpus", "corpus-recall"):
        gl = root / corpus / "gold.jsonl"
        if gl.is_file():
            for line in gl.read_text(encoding="utf-8").splitlines():
                d = json.loads(line)
                urls[(corpus, d["id"])] = d.get("url")

    tp_k: Counter = Counter()       # gold kind -> found
    gold_k: Counter = Counter()     # gold kind -> labelled
    ret_k: Counter = Counter()      # returned kind -> returned (counted)
    ret_tp_k: Counter = Counter()   # returned kind -> of them correct
    wrong: Counter = Counter()      # false positives by what they are
    kind_ok = title_ok = matched = 0
    empty_pages = empty_clean = 0
    per_page = []
    for page in gold_pages:
        corpus, pid = page["corpus"], page["id"]
        if mode == "html":
            path = root / corpus / "pages" / f"{pid}.html"
        else:
            path = root / corpus / "dumps" / f"{pid}.txt"
        if not path.is_file():
            continue
        res = clean(path.read_bytes(), kind=mode, url=urls.get((corpus, pid)), now="2025-07-06T12:00")
        gold = page["records"]
        not_records = {norm_url(x["url"]): x["why"] for x in page.get("not_records", [])}
        by_url = {norm_url(g["url"]): g for g in gold}
        by_title = {norm_title(g["title"]): g for g in gold}
        found: set[int] = set()
        fps = []
        for r in res.related:
            d = r.to_dict()
            kind = d.get("kind") or "related"
            g = by_url.get(norm_url(d.get("url"))) if d.get("url") else None
            if g is None and (mode == "text" or not d.get("url")):
                g = by_title.get(norm_title(d.get("title")))
            if g is not None and id(g) not in found:
                found.add(id(g))
                ret_k[kind] += 1
                ret_tp_k[kind] += 1
                matched += 1
                kind_ok += kind == g["kind"]
                title_ok += norm_title(d.get("title")) == norm_title(g["title"])
                continue
            if g is not None:
                continue  # the same article twice: not counted against precision here
            why = _why(d, not_records)
            if why == "ignore":
                continue
            ret_k[kind] += 1
            wrong[why] += 1
            fps.append((why, d.get("title"), d.get("url")))
        for g in gold:
            gold_k[g["kind"]] += 1
            tp_k[g["kind"]] += id(g) in found
        if not gold:
            empty_pages += 1
            empty_clean += not fps
        per_page.append({"id": pid, "corpus": corpus, "gold": len(gold), "found": len(found),
                         "false": len(fps), "fps": fps[:5],
                         "missed": [g["title"] for g in gold if id(g) not in found][:5]})

    def prf(tp: int, ret: int, gold: int) -> tuple[float, float, float]:
        p = tp / ret if ret else 1.0
        r = tp / gold if gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    print(f"related records, {mode} mode, {len(per_page)} pages ({empty_pages} without a list), "
          f"{sum(gold_k.values())} labelled records")
    print(f"{'kind':<12} {'gold':>5} {'found':>6} {'returned':>9} {'P':>6} {'R':>6} {'F1':>6}")
    for k in KINDS:
        p, r, f = prf(ret_tp_k[k], ret_k[k], gold_k[k])
        _, r, _ = prf(tp_k[k], 1, gold_k[k])
        print(f"{k:<12} {gold_k[k]:>5} {tp_k[k]:>6} {ret_k[k]:>9} {p:>6.3f} {r:>6.3f} "
              f"{(2 * p * r / (p + r) if p + r else 0):>6.3f}")
    tp, ret, gl = sum(tp_k.values()), sum(ret_k.values()), sum(gold_k.values())
    p, r, f = prf(tp, ret, gl)
    print(f"{'all':<12} {gl:>5} {tp:>6} {ret:>9} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    print(f"false positives: " + ", ".join(f"{k} {wrong[k]}" for k in ("sponsored", "tag/author", "menu", "tag", "other")
                                          if wrong[k] or k in ("sponsored", "tag/author", "menu")))
    print(f"matched records with the labelled kind: {kind_ok}/{matched}; exact title: {title_ok}/{matched}")
    print(f"pages without a list returning none: {empty_clean}/{empty_pages}")
    if show:
        worst = sorted(per_page, key=lambda x: -(x["gold"] - x["found"] + x["false"]))[:show]
        for x in worst:
            print(f"  {x['corpus']}/{x['id']}: gold {x['gold']} found {x['found']} false {x['false']}")
            for why, t, u in x["fps"]:
                print(f"      + [{why}] {t!r} {u}")
            for t in x["missed"]:
                print(f"      - {t!r}")
    if out_json:
        Path(out_json).write_text(json.dumps({"mode": mode, "precision": p, "recall": r, "f1": f,
                                              "false": dict(wrong), "pages": per_page}, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=("html", "text"), default="html")
    ap.add_argument("--show", type=int, default=0, help="list the N pages that miss or add most")
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    return score(a.mode, a.show, a.json)


if __name__ == "__main__":
    sys.exit(main())
