"""A review page: one self-contained HTML file showing what cleaning removed, and why.

    from cleaner.review import review_paths
    html = review_paths(["fixtures/daily8-nk-troops/input.txt"], now="2025-07-06")

Each page is shown line by line with every removed span highlighted in the colour of its family;
the rule id and its explanation are the span's hover text (a `title` attribute) and are listed
beside the page. Title, byline, published and the related records come first. With more than one
page (or a `cleaner batch` output, whose lines carry no source text) a summary opens the file:
removals per family and per rule as inline SVG bar charts, the pages with most removals, errors.

The page needs no network and no JavaScript: inline CSS, anchors for navigation.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .decode import decode, normalize_newlines
from .errors import CleanerError
from .rules.registry import RuleSet, load_rules
from .sources import Fields, format_of, iter_records, open_maybe_compressed

# One colour per family (background of its highlights and of its bars).
FAMILY_COLOURS = {
    "promo": "#f4a261", "hashtags": "#e9c46a", "comments": "#a8dadc", "captions": "#cdb4db",
    "share": "#90be6d", "newsletter": "#ffb4a2", "cookies": "#d4a373", "ads": "#ef476f",
    "navigation": "#8ecae6", "related": "#b5e48c", "metadata": "#ffd166", "content": "#c9c9c9",
    "html": "#9bf6ff", "page": "#bdb2ff", "site": "#ffc6ff",
}
_SPARE = ("#caffbf", "#fdffb6", "#ffadad", "#a0c4ff", "#e0aaff")
DEFAULT_MAX_PAGES = 200  # pages shown line by line; the summary counts every page


def family_colour(family: str) -> str:
    if family in FAMILY_COLOURS:
        return FAMILY_COLOURS[family]
    return _SPARE[sum(map(ord, family)) % len(_SPARE)]


@dataclass
class ReviewItem:
    """One reviewed page: its name, the JSON contract dict (None on error), its source lines."""

    name: str
    data: dict | None
    lines: list[str] | None = None  # None: no source text (a batch output line)
    error: str | None = None
    kind: str | None = None

    @property
    def removed(self) -> list[dict]:
        return list((self.data or {}).get("removed") or ())


@dataclass
class Summary:
    pages: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    families: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    per_page: list[tuple[int, int, str]] = field(default_factory=list)  # (removals, index, name)

    def add(self, index: int, item: ReviewItem) -> None:
        self.pages += 1
        if item.error:
            self.errors.append((item.name, item.error))
        rem = item.removed
        self.families.update(r["family"] for r in rem)
        self.rules.update(r["rule"] for r in rem)
        self.per_page.append((len(rem), index, item.name))


# --- reading inputs ----------------------------------------------------------------------------

def is_batch_output(path: Path | str) -> bool:
    """A JSONL file whose first line is a `cleaner batch` output line (id, source, removed, error)."""
    if format_of(path) != "jsonl":
        return False
    try:
        with open_maybe_compressed(path) as fh:
            for raw in fh:
                if raw.strip():
                    line = json.loads(raw)
                    return isinstance(line, dict) and {"id", "source", "removed", "error"} <= line.keys()
    except (OSError, ValueError):
        return False
    return False


def read_batch_output(path: Path | str) -> Iterator[ReviewItem]:
    with open_maybe_compressed(path) as fh:
        for no, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except ValueError as exc:
                yield ReviewItem(f"{path}:{no}", None, error=f"bad JSON line: {exc}")
                continue
            if not isinstance(line, dict):
                yield ReviewItem(f"{path}:{no}", None, error="not a JSON object")
                continue
            src = line.get("source") or {}
            where = src.get("path", str(path)) if isinstance(src, dict) else str(path)
            name = f"{line.get('id')} ({where})"
            data = None if line.get("error") else line
            yield ReviewItem(name, data, error=line.get("error"), kind=line.get("kind"))


def review_items(paths: Iterable[str | Path], *, rules: RuleSet, kind: str = "auto",
                 now: str | None = None, url: str | None = None, pattern: str = "*",
                 fields: Fields = Fields(), max_bytes: int = 50 * 1024 * 1024) -> Iterator[ReviewItem]:
    """Clean every record of `paths` (as `cleaner batch` reads them) and yield what to show.

    A `cleaner batch` output file is read as it stands (no source text to show line by line).
    """
    from . import clean

    for path in paths:
        if is_batch_output(path):
            yield from read_batch_output(path)
            continue
        for rec in iter_records([path], pattern=pattern, fields=fields, max_bytes=max_bytes):
            name = rec.source.get("path", rec.id)
            if "line" in rec.source:
                name = f"{name}:{rec.source['line']}"
            elif "offset" in rec.source:
                name = f"{name}@{rec.source['offset']}"
            if rec.error is not None:
                yield ReviewItem(name, None, error=rec.error)
                continue
            use = kind if kind != "auto" else rec.kind
            try:
                data = rec.data
                text = decode(data, html=None if use == "auto" else use == "html") \
                    if isinstance(data, bytes) else data
                result = clean(text, kind=use, url=rec.url or url, now=now, rules=rules)
            except (CleanerError, ValueError) as exc:
                yield ReviewItem(name, None, error=str(exc))
                continue
            yield ReviewItem(name, result.to_dict(), lines=normalize_newlines(text).split("\n"),
                             kind=result.kind)


# --- rendering ---------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header.top{padding:16px 24px;background:#1d3557;color:#fff}
header.top h1{margin:0;font-size:20px}
main{padding:0 24px 48px}
section.summary,section.page{background:#fff;border:1px solid #ddd;border-radius:6px;margin:20px 0;padding:16px}
h2{margin:0 0 8px;font-size:18px}
h3{margin:16px 0 6px;font-size:15px}
table{border-collapse:collapse;font-size:13px}
table.related td:first-child{min-width:220px}
td,th{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;vertical-align:top}
.meta td:first-child{color:#666;width:90px}
.cols{display:flex;gap:16px;align-items:flex-start}
.source{flex:1 1 auto;min-width:0;overflow-x:auto;border:1px solid #e5e5e5;border-radius:4px;max-height:80vh;overflow-y:auto}
.source table{font:12px/1.5 ui-monospace,Menlo,Consolas,monospace;width:100%}
.source td{border:0;padding:0 6px;white-space:pre-wrap;word-break:break-word}
.source td.no{color:#999;text-align:right;user-select:none;width:1%;white-space:nowrap;border-right:1px solid #eee}
.source tr.hit td.no{font-weight:bold;color:#333}
.source tr.whole td.src{outline:1px dashed #999}
mark.rm{border-radius:2px;padding:0 1px;color:#1d1d1f;text-decoration:line-through;text-decoration-color:rgba(0,0,0,.45)}
.side{flex:0 0 360px;max-height:80vh;overflow-y:auto;font-size:12px}
.side ol{padding-left:18px;margin:0}
.side li{margin:0 0 6px}
.side .rule{font-weight:600;font-family:ui-monospace,monospace}
.side .why{color:#555}
.side q{display:block;color:#333;font-style:italic;overflow-wrap:anywhere}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
.legend span.item{margin-right:12px;white-space:nowrap}
.error{color:#b00020}
svg.chart text{font:12px system-ui,sans-serif;fill:#1d1d1f}
svg.chart text.value{fill:#444}
.empty{color:#777;font-style:italic}
"""


def _rule_info(rules: RuleSet, rule_id: str) -> tuple[str, str]:
    r = rules.get(rule_id)
    if r is None:
        return "", ""
    return r.name, " ".join(r.explanation.split())


def _hover(rules: RuleSet, rem: dict) -> str:
    name, why = _rule_info(rules, rem["rule"])
    head = f"{rem['rule']} {name}".strip() + f" ({rem['family']})"
    return f"{head}: {why}" if why else head


def _mark(text: str, rem: dict, rules: RuleSet, anchor: str, *, inner_html: str | None = None) -> str:
    content = escape(text) if inner_html is None else inner_html
    return (f'<mark class="rm fam-{escape(rem["family"])}" data-rule="{escape(rem["rule"])}" '
            f'data-family="{escape(rem["family"])}" data-ref="{anchor}" '
            f'title="{escape(_hover(rules, rem))}">{content}</mark>')


def _line_html(raw: str, rems: list[tuple[int, dict]], rules: RuleSet, pid: str) -> tuple[str, bool]:
    """One source line with its removed spans marked; (html, a removal covers the whole line).

    A removal of the whole line (or of text that does not stand on the line as it is, such as a
    DOM element's text) marks the line; spans removed inside it are marked within that mark.
    """
    stripped = raw.strip()
    pieces: list[str] = []
    pos = 0
    whole: tuple[int, dict] | None = None
    for idx, rem in sorted(rems, key=lambda x: x[1]["col"]):
        text = rem["text"]
        if text == stripped and stripped:
            whole = whole or (idx, rem)
            continue
        found = raw.find(text, max(rem["col"] - 1, 0)) if text else -1
        if found < 0:
            found = raw.find(text) if text else -1
        if found < 0 or found < pos:
            whole = whole or (idx, rem)
            continue
        pieces.append(escape(raw[pos:found]))
        pieces.append(_mark(raw[found:found + len(text)], rem, rules, f"{pid}-r{idx}"))
        pos = found + len(text)
    if whole is None:
        pieces.append(escape(raw[pos:]))
        return "".join(pieces), False
    lead = len(raw) - len(raw.lstrip())
    tail = len(raw.rstrip()) if raw.strip() else len(raw)
    if pos > tail or (pieces and lead > 0 and len(pieces[0]) < lead):
        lead, tail = 0, len(raw)  # a span reaches into the spaces around the text: mark it all
    idx, rem = whole
    if pieces:
        pieces.append(escape(raw[pos:tail]))
        inner = "".join(pieces)
        inner = inner[len(escape(raw[:lead])):] if inner.startswith(escape(raw[:lead])) else inner
    else:
        inner = escape(raw[lead:tail])
    return escape(raw[:lead]) + _mark("", rem, rules, f"{pid}-r{idx}", inner_html=inner) + escape(raw[tail:]), True


def _meta_table(item: ReviewItem) -> str:
    d = item.data or {}
    rows = [("title", d.get("title")), ("byline", d.get("byline")), ("published", d.get("published"))]
    if item.kind:
        rows.append(("input", item.kind))
    rows.append(("removals", str(len(item.removed))))
    cells = "".join(
        f'<tr><td>{k}</td><td class="{k}">{escape(v) if v else "<span class=empty>none</span>"}</td></tr>'
        for k, v in rows)
    return f'<table class="meta">{cells}</table>'


def _related_table(related: Sequence[dict]) -> str:
    if not related:
        return '<p class="empty">No related records.</p>'
    head = "<tr><th>title</th><th>source</th><th>age</th><th>published</th><th>summary</th></tr>"
    rows = []
    for r in related:
        title = escape(r.get("title") or "")
        url = r.get("url")
        if url and url.lower().startswith(("http://", "https://")):
            title = f'<a href="{escape(url)}" rel="noreferrer noopener">{title}</a>'
        summary = r.get("summary") or ""
        short = summary if len(summary) <= 240 else summary[:240].rsplit(" ", 1)[0] + " …"
        cells = [title] + [escape(r.get(k) or "") for k in ("source", "age", "published")]
        cells.append(f'<span title="{escape(summary)}">{escape(short)}</span>' if short != summary else escape(short))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f'<table class="related">{head}{"".join(rows)}</table>'


def _comments_table(comments: Sequence[dict]) -> str:
    head = "<tr><th>author</th><th>age</th><th>published</th><th>text</th></tr>"
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(c.get(k) or '')}</td>" for k in ("author", "age", "published", "text")) + "</tr>"
        for c in comments)
    return f'<table class="comments">{head}{rows}</table>'


def _side_list(item: ReviewItem, rules: RuleSet, pid: str) -> str:
    rems = item.removed
    if not rems:
        return '<p class="empty">Nothing removed.</p>'
    out = []
    for idx, rem in enumerate(rems):
        name, why = _rule_info(rules, rem["rule"])
        colour = family_colour(rem["family"])
        target = f'href="#{pid}-L{rem["line"]}"' if item.lines is not None else ""
        text = rem["text"] if len(rem["text"]) <= 300 else rem["text"][:300] + "…"
        out.append(
            f'<li id="{pid}-r{idx}" data-rule="{escape(rem["rule"])}">'
            f'<span class="swatch" style="background:{colour}"></span>'
            f'<a {target} class="rule">{escape(rem["rule"])}</a> {escape(name)} '
            f'<span class="fam">{escape(rem["family"])}</span>, line {rem["line"]}:{rem["col"]}'
            f'<q>{escape(text)}</q><span class="why">{escape(why)}</span></li>')
    return "<ol>" + "".join(out) + "</ol>"


def _source_table(item: ReviewItem, rules: RuleSet, pid: str) -> str:
    by_line: dict[int, list[tuple[int, dict]]] = {}
    for idx, rem in enumerate(item.removed):
        by_line.setdefault(rem["line"], []).append((idx, rem))
    rows = []
    for no, raw in enumerate(item.lines or (), start=1):
        rems = by_line.get(no)
        if rems:
            html, whole = _line_html(raw, rems, rules, pid)
            cls = ' class="hit whole"' if whole else ' class="hit"'
        else:
            html, cls = escape(raw), ""
        rows.append(f'<tr id="{pid}-L{no}"{cls}><td class="no">{no}</td><td class="src">{html}</td></tr>')
    return f'<div class="source"><table>{"".join(rows)}</table></div>'


def _page_section(index: int, item: ReviewItem, rules: RuleSet) -> str:
    pid = f"p{index}"
    parts = [f'<section class="page" id="{pid}"><h2>{escape(item.name)}</h2>']
    if item.error:
        parts.append(f'<p class="error">Error: {escape(item.error)}</p></section>')
        return "".join(parts)
    parts.append(_meta_table(item))
    parts.append("<h3>Related records</h3>")
    parts.append(_related_table((item.data or {}).get("related") or ()))
    comments = (item.data or {}).get("comments") or ()
    if comments:
        parts.append(f"<h3>Comments ({len(comments)})</h3>")
        parts.append(_comments_table(comments))
    parts.append("<h3>Removals</h3>")
    if item.lines is not None:
        parts.append('<div class="cols">')
        parts.append(_source_table(item, rules, pid))
        parts.append(f'<div class="side">{_side_list(item, rules, pid)}</div></div>')
    else:
        parts.append(f'<div class="side wide">{_side_list(item, rules, pid)}</div>')
    parts.append("</section>")
    return "".join(parts)


def bar_chart(counts: Sequence[tuple[str, int]], *, chart_id: str, colours: Sequence[str],
              title: str, width: int = 640, bar: int = 18) -> str:
    """A horizontal bar chart as inline SVG: one <g class="bar"> (label, rect, value) a row."""
    if not counts:
        return f'<p class="empty" id="{chart_id}">No removals.</p>'
    label_w, value_w, gap = 150, 50, 4
    top = max(v for _, v in counts) or 1
    span = width - label_w - value_w
    height = len(counts) * (bar + gap) + gap
    rows = []
    for i, ((label, value), colour) in enumerate(zip(counts, colours)):
        y = gap + i * (bar + gap)
        w = max(1, round(span * value / top))
        rows.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value}">'
            f'<title>{escape(label)}: {value}</title>'
            f'<text x="{label_w - 6}" y="{y + bar - 5}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar}" fill="{colour}" rx="2"></rect>'
            f'<text class="value" x="{label_w + w + 4}" y="{y + bar - 5}">{value}</text></g>')
    return (f'<svg class="chart" id="{chart_id}" role="img" aria-label="{escape(title)}" '
            f'xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(rows)}</svg>')


def _summary_section(summary: Summary, rules: RuleSet, shown: int, top_rules: int = 25) -> str:
    fams = summary.families.most_common()
    rule_counts = summary.rules.most_common(top_rules)
    rule_colours = []
    for rid, _ in rule_counts:
        r = rules.get(rid)
        rule_colours.append(family_colour(r.family) if r is not None else "#cccccc")
    total = sum(summary.families.values())
    parts = ['<section class="summary" id="summary"><h2>Summary</h2>',
             f'<p>{summary.pages} pages, {total} removals, {len(summary.errors)} errors'
             + (f"; the first {shown} pages are shown line by line" if shown < summary.pages else "")
             + ".</p>",
             "<h3>Removals per family</h3>",
             bar_chart(fams, chart_id="chart-families", colours=[family_colour(f) for f, _ in fams],
                       title="Removals per family"),
             f"<h3>Removals per rule{' (top %d)' % top_rules if len(summary.rules) > top_rules else ''}</h3>",
             bar_chart(rule_counts, chart_id="chart-rules", colours=rule_colours, title="Removals per rule")]
    most = sorted(summary.per_page, key=lambda x: (-x[0], x[1]))[:10]
    parts.append("<h3>Pages with most removals</h3>")
    rows = "".join(
        f'<tr><td>{n}</td><td>{_page_link(i, name, shown)}</td></tr>' for n, i, name in most if n)
    parts.append(f'<table class="most"><tr><th>removals</th><th>page</th></tr>{rows}</table>'
                 if rows else '<p class="empty">No removals.</p>')
    parts.append("<h3>Errors</h3>")
    if summary.errors:
        rows = "".join(f"<tr><td>{escape(n)}</td><td class=error>{escape(e)}</td></tr>"
                       for n, e in summary.errors)
        parts.append(f'<table class="errors">{rows}</table>')
    else:
        parts.append('<p class="empty">No errors.</p>')
    parts.append("</section>")
    return "".join(parts)


def _page_link(index: int, name: str, shown: int) -> str:
    return f'<a href="#p{index}">{escape(name)}</a>' if index < shown else escape(name)


def _legend(families: Iterable[str]) -> str:
    items = "".join(f'<span class="item"><span class="swatch" style="background:{family_colour(f)}"></span>'
                    f'{escape(f)}</span>' for f in families)
    return f'<p class="legend">{items}</p>'


def render_review(items: Iterable[ReviewItem], rules: RuleSet, *, title: str = "cleaner review",
                  max_pages: int = DEFAULT_MAX_PAGES, summary: bool | None = None) -> str:
    """The review page for `items`. `summary`: None shows it for more than one page or a page
    without source text (a batch output line)."""
    stats = Summary()
    sections: list[str] = []
    no_source = False
    for index, item in enumerate(items):
        stats.add(index, item)
        no_source |= item.lines is None and item.error is None
        if index < max_pages:
            sections.append(_page_section(index, item, rules))
    shown = min(stats.pages, max_pages)
    if summary is None:
        summary = stats.pages > 1 or no_source
    families = sorted(set(FAMILY_COLOURS) | set(stats.families))
    css = _CSS + "".join(f"mark.fam-{f}{{background:{family_colour(f)}}}\n" for f in families)
    body = [f'<header class="top"><h1>{escape(title)}</h1></header><main>',
            _legend(sorted(stats.families) or FAMILY_COLOURS)]
    if summary:
        body.append(_summary_section(stats, rules, shown))
    body.extend(sections)
    body.append("</main>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">"
            f"<title>{escape(title)}</title><style>{css}</style></head><body>"
            + "".join(body) + "</body></html>\n")


def review_paths(paths: Sequence[str | Path], *, kind: str = "auto", now: str | None = None,
                 url: str | None = None, rules: RuleSet | None = None, packs: Sequence[str | Path] = (),
                 disable: Sequence[str] = (), max_pages: int = DEFAULT_MAX_PAGES, pattern: str = "*",
                 fields: Fields = Fields()) -> str:
    """Clean `paths` (files, directories, JSONL, WARC, or `cleaner batch` outputs) into a review page."""
    ruleset = rules if rules is not None else load_rules(packs=list(packs), disable=list(disable))
    items = review_items(paths, rules=ruleset, kind=kind, now=now, url=url, pattern=pattern, fields=fields)
    return render_review(items, ruleset, max_pages=max_pages)
