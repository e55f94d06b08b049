"""Labelling aid for bench/related-gold.jsonl.

    python bench/related_label.py show CORPUS ID...   # a page's headline-ish links, numbered, by container
    python bench/related_label.py build               # related-gold.spec -> related-gold.jsonl

`show` numbers every link of a page that has text (the numbers `related-gold.spec` uses) and
prints those of three words or more, grouped by their smallest container holding two of them,
with that container's first short text. The labeller reads the page (and its dump) and writes
in the spec, per page, one line per list a reader sees: `KIND "heading as shown"|null` and the
link numbers (`a-b` ranges of printed links, `n="Title"` to give the headline without a kicker
or an age), and `sponsored` / `tag` / `ignore` lines for links that must never be records or are
left out of the count. `build` writes the gold: one record per article per page (URLs compared
without scheme, `www.` and query), ranks dropped from numbered lists' titles.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from related import shared_root  # noqa: E402

from cleaner import dom  # noqa: E402
from cleaner.decode import decode  # noqa: E402
from cleaner.html import parse  # noqa: E402


def links(corpus: str, pid: str):
    root = shared_root()
    gold = {json.loads(x)["id"]: json.loads(x) for x in (root / corpus / "gold.jsonl").open(encoding="utf-8")}
    url = gold[pid].get("url")
    tree = parse(decode((root / corpus / "pages" / f"{pid}.html").read_bytes(), html=True))
    b = tree.find(".//base")
    base = b.get("href") if b is not None and b.get("href") else None
    base = urljoin(url, base) if base and url else (base or url)
    out, n = [], 0
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        t = dom.text_of(a)
        if not href or href.startswith(("#", "javascript:", "mailto:")) or len(t) < 4:
            continue
        n += 1
        out.append((n, a, t, urljoin(base, href) if base else href))
    return tree, out


def _heading(c, first):
    for el in c.iter():
        if el is first:
            break
        if not isinstance(el.tag, str) or el.tag == "a":
            continue
        t = dom.norm(el.text)
        if t and 2 < len(t) < 60:
            return t
    return ""


def show(corpus: str, pid: str) -> None:
    _, ls = links(corpus, pid)
    good = [x for x in ls if len(x[2].split()) >= 3]
    gset = {a for _, a, _, _ in good}
    print("##", corpus, pid)
    last, prev = None, None
    for n, a, t, u in good:
        c = a.getparent()
        while c is not None and not any(x in gset and x is not a for x in c.iter("a")):
            c = c.getparent()
        c = a.getparent() if c is None else c
        if c is not last:
            print(f"  == <{c.tag} {'.'.join(sorted(dom.tokens_of(c))[:5])}> {_heading(c, a)!r}")
            last = c
        if u != prev:
            print(f"{n:4d} {t[:85]!r} {u[:90]}")
        prev = u


def _norm(u: str) -> str:
    p = urlsplit(u)
    h = p.netloc.lower()
    h = h[4:] if h.startswith("www.") else h
    return h + p.path.rstrip("/") + ("#" + p.fragment if p.fragment else "")


def _select(tokens, avail):
    sel, over, excl = [], {}, set()
    for t in tokens:
        m = re.fullmatch(r"(\d+)=(.*)", t)
        if m:
            sel.append(int(m.group(1)))
            over[int(m.group(1))] = m.group(2)
        elif t.startswith("!"):
            excl.add(int(t[1:]))
        elif "-" in t:
            a, b = map(int, t.split("-"))
            sel.extend(i for i in avail if a <= i <= b)
        else:
            sel.append(int(t))
    return [i for i in sel if i not in excl], over


def build() -> None:
    pages, cur, byn, avail = [], None, {}, []
    for raw in (HERE / "related-gold.spec").read_text(encoding="utf-8").splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        parts = shlex.split(raw)
        if parts[0] in ("corpus", "corpus-recall"):
            _, ls = links(parts[0], parts[1])
            byn = {n: (t, u) for n, a, t, u in ls}
            avail = [n for n, a, t, u in ls if len(t.split()) >= 3]
            cur = {"id": parts[1], "corpus": parts[0], "records": [], "not_records": []}
            pages.append(cur)
            continue
        if parts[0] in ("sponsored", "ignore", "tag", "nav", "author"):
            sel, _ = _select(parts[1:], avail)
            seen = set()
            for i in sel:
                t, u = byn[i]
                if u not in seen:
                    seen.add(u)
                    cur["not_records"].append({"why": parts[0], "title": t, "url": u})
            continue
        block = None if parts[1] == "null" else parts[1]
        sel, over = _select(parts[2:], avail)
        seen = {_norm(r["url"]) for r in cur["records"]}
        new = []
        for i in sel:
            t, u = byn[i]
            if _norm(u) not in seen:
                seen.add(_norm(u))
                new.append({"kind": parts[0], "block": block, "title": over.get(i, t), "url": u})
        if sum(1 for k, r in enumerate(new) if r["title"].startswith(f"{k + 1} ")) >= 2:
            for k, r in enumerate(new):
                if r["title"].startswith(f"{k + 1} "):
                    r["title"] = r["title"][len(f"{k + 1} "):]
        cur["records"].extend(new)
    with (HERE / "related-gold.jsonl").open("w", encoding="utf-8") as fh:
        for p in pages:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(len(pages), "pages", sum(len(p["records"]) for p in pages), "records")


if __name__ == "__main__":
    if shared_root() is None:
        print("bench/related_label.py: ../shared (or $CLEANER_SHARED) not found; skipped")
    elif sys.argv[1:2] == ["build"]:
        build()
    elif sys.argv[1:2] == ["show"] and len(sys.argv) >= 4:
        for pid in sys.argv[3:]:
            show(sys.argv[2], pid)
    else:
        print(__doc__)
