"""Output formats: json (the contract), text, markdown, and diff (the input with every removal marked)."""

from __future__ import annotations

import json
from collections import defaultdict

from .decode import normalize_newlines
from .model import Result

FORMATS = ("json", "text", "markdown", "diff")


def to_json(result: Result, *, indent: int | None = 2) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=indent)


def _when(c) -> str:
    return c.age or c.published or ""


def to_text(result: Result, *, comments: bool = False) -> str:
    if not comments or not result.comments:
        return result.text
    out = [result.text, "Comments"] if result.text else ["Comments"]
    for c in result.comments:
        head = " · ".join(x for x in (c.author, _when(c)) if x)
        out.append(f"{head}\n{c.text}")
    return "\n\n".join(out)


def to_markdown(result: Result, *, comments: bool = False) -> str:
    out = []
    if result.title:
        out.append(f"# {result.title}")
    if result.byline:
        out.append(f"*By {result.byline}*")
    out.extend(result.paragraphs)
    if result.related:
        out.append("## Related")
        items = []
        for r in result.related:
            title = f"[{r.title}]({r.url})" if r.url else f"**{r.title}**"
            meta = ", ".join(x for x in (r.source, r.published or r.age) if x)
            line = f"- {title}" + (f" ({meta})" if meta else "")
            if r.summary:
                line += f": {r.summary}"
            items.append(line)
        out.append("\n".join(items))
    if comments and result.comments:
        out.append("## Comments")
        for c in result.comments:
            when = _when(c)
            out.append(f"**{c.author}**" + (f" · {when}" if when else ""))
            out.append("\n>\n".join(f"> {p}" for p in c.text.split("\n\n")))
    return "\n\n".join(out)


_RED = "\x1b[9;31m"
_DIM = "\x1b[2;33m"
_RESET = "\x1b[0m"


def to_diff(result: Result, source_text: str, *, color: bool = False) -> str:
    """The input, line by line, with each removed span shown as [-text-]{RULE} (or in colour)."""
    by_line: dict[int, list] = defaultdict(list)
    for r in result.removed:
        by_line[r.line].append(r)
    out = []
    for no, raw in enumerate(normalize_newlines(source_text).split("\n"), start=1):
        rems = sorted(by_line.get(no, ()), key=lambda r: r.col)
        if not rems:
            out.append(raw)
            continue
        whole = [r for r in rems if r.text == raw.strip()]
        inner = [r for r in rems if r.text != raw.strip()]
        pieces, pos = [], 0
        for r in inner:
            start = r.col - 1
            found = raw.find(r.text, start) if r.text else -1
            if found < 0 or found < pos:
                continue
            end = found + len(r.text)
            pieces.append(raw[pos:found])
            pieces.append(_mark(raw[found:end], r.rule, color))
            pos = end
        pieces.append(raw[pos:])
        line = "".join(pieces)
        if whole:
            line = _mark(line, whole[0].rule, color)
        out.append(line)
    return "\n".join(out)


def _mark(text: str, rule: str, color: bool) -> str:
    if color:
        return f"{_RED}{text}{_RESET}{_DIM}{{{rule}}}{_RESET}"
    return f"[-{text}-]{{{rule}}}"


def render(result: Result, fmt: str, *, source_text: str = "", color: bool = False,
           comments: bool = False) -> str:
    """`comments`: add the reader comments to text and markdown (JSON always has them)."""
    if fmt == "json":
        return to_json(result)
    if fmt == "text":
        return to_text(result, comments=comments)
    if fmt == "markdown":
        return to_markdown(result, comments=comments)
    if fmt == "diff":
        return to_diff(result, source_text, color=color)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
