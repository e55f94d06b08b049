"""HTML mode: markup -> the same `Result` as text mode, under the same rules.

    parse (lxml, once) -> metadata (title, byline, published, base URL)
      -> related blocks from the DOM (records with absolute URLs; HT110/HT111)
      -> chrome elements by tag, role and class/id vocabulary (HT101-HT109), dropped from the tree
      -> main-content extraction (trafilatura, paragraph structure kept, comments off)
      -> the text stages (`pipeline.run_lines`) over the extracted blocks, one block per line
      -> not-an-article check (HT190)

Removals from the DOM carry the element's source line (col 1); removals by the text stages carry
the source line of the block they came from and the column inside the block's text.
"""

from __future__ import annotations

import logging
from datetime import datetime

from lxml import etree

from . import ages, dom
from .comments import html_comments, text_comments
from .lists import kind_of
from .htmllists import (more_lists, name_lists, never_record, split_age, split_lists, sponsored,
                        strip_marker)
from .model import RELATED_KINDS, Related, Removal, Result
from .related import strip_ranks
from .repair import repair
from .rules.registry import RuleSet
from .segment import Line
from .title import Head
from .textfeatures import is_prose, words

# A page whose extracted body has fewer prose words than this, with no article markup, is not
# an article (a section front, a search page, a login wall).
ARTICLE_MIN_WORDS = 60
# A page that says it is a website (og:type) and holds this many <article> cards is a front page.
TEASER_CARDS_MIN = 3
# The page title repeated as one of the first blocks of the body (the <h1>) goes (MD102).
TITLE_REPEAT_WINDOW = 12
# Soft hyphens and zero-width characters: invisible in the page, they split words in the text.
_INVISIBLE = {0xAD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None}
# Block elements of trafilatura's output tree: each starts a line of its own.
_BLOCK_TAGS = {"head", "p", "quote", "item", "list", "table", "row", "cell", "div"}

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)
logging.getLogger("readability").setLevel(logging.CRITICAL)


def parse(text: str):
    """One lxml parse of the page (trafilatura's loader: it repairs common markup faults)."""
    from trafilatura.utils import load_html

    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2:]
    try:
        tree = load_html(text)
    except (ValueError, TypeError, etree.ParserError):
        tree = None
    if tree is None:
        try:
            from lxml import html as lxml_html

            tree = lxml_html.document_fromstring(text or "<html></html>")
        except (ValueError, etree.ParserError):
            return None
    return tree


def _family(rules: RuleSet, rid: str, default: str) -> str:
    r = rules.get(rid)
    return r.family if r is not None else default


def _block_rule(b) -> str:
    return b.rule or ("HT111" if b.kind == "most-read" else "HT110")


def _ad_rule(b, rules: RuleSet) -> str | None:
    """HT105 for a list of sponsored or partner cards: removed whole as an ad, no records."""
    return "HT105" if rules.enabled("HT105") and sponsored(b, rules) else None


def _line(el) -> int:
    n = getattr(el, "sourceline", None)
    return n if isinstance(n, int) and n > 0 else 1


def _blocks(body) -> list[tuple[str, int]]:
    """(text, source line) per block of trafilatura's output tree; <lb/> splits a block."""
    out: list[tuple[str, int]] = []
    if body is None:
        return out
    last = 1

    def emit(parts: list[str], line: int):
        for piece in "".join(parts).split("\n"):  # "\n" marks a block boundary inside an element
            t = dom.norm(piece.translate(_INVISIBLE))
            if t:
                out.append((t, line))

    def flat(el, parts: list[str]):
        """Text of `el` with "\n" at line breaks and around nested blocks."""
        parts.append((el.text or "").replace("\n", " "))
        for c in el:
            if isinstance(c.tag, str):
                if c.tag == "lb":
                    parts.append("\n")
                elif c.tag in _BLOCK_TAGS:  # a heading in a list item, a list in a list
                    parts.append("\n")
                    flat(c, parts)
                    parts.append("\n")
                else:  # inline: hi, ref, code in a sentence
                    flat(c, parts)
            parts.append((c.tail or "").replace("\n", " "))

    def walk(el):
        nonlocal last
        line = _line(el) if getattr(el, "sourceline", None) else last
        last = line
        if el.tag in ("list", "table", "row", "div", "body", "section") or \
                (el.tag == "quote" and any(isinstance(c.tag, str) and c.tag in ("p", "list", "head") for c in el)):
            # containers: their own text is a block, then their children
            if el.text and el.text.strip():
                emit([el.text], line)
            if el.tag == "row":
                emit([" ".join(dom.text_of(c) for c in el if isinstance(c.tag, str))], line)
                return
            for c in el:
                if isinstance(c.tag, str):
                    walk(c)
                if c.tail and c.tail.strip():
                    emit([c.tail], line)
            return
        parts: list[str] = []
        flat(el, parts)
        emit(parts, line)

    if body.text and body.text.strip():
        emit([body.text], last)
    for child in body:
        if isinstance(child.tag, str):
            walk(child)
        if child.tail and child.tail.strip():  # text after a block (a heading's tail) is a block
            emit([child.tail], last)
    return out


def _head(lines: list[Line], title: str | None, rules: RuleSet):
    """The text stages' head for HTML mode: the page title is line 1 whatever its shape, and
    every block near the top that repeats it goes (MD102)."""
    from .title import find_head

    head = find_head(lines, rules)
    if title is None or head.title_idx == 0:
        return head
    head = Head(title=title, title_idx=0)
    key = repair(title).casefold()
    for j in range(1, min(len(lines), TITLE_REPEAT_WINDOW + 1)):
        if repair(lines[j].text).casefold() == key:
            head.repeats.append(j)
            head.repeat_idx = head.repeat_idx if head.repeat_idx is not None else j
    return head


def _extract(tree, url: str | None):
    from trafilatura import bare_extraction

    try:
        doc = bare_extraction(tree, url=url, include_comments=False, include_tables=True,
                              include_images=False, include_formatting=False, with_metadata=False)
    except Exception:  # trafilatura raises assorted errors on odd markup; the body is then empty
        return None
    return getattr(doc, "body", None) if doc is not None else None


def run_html(text: str, rules: RuleSet, *, url: str | None = None, now: datetime | None = None) -> Result:
    tree = parse(text)
    if tree is None:
        return _not_article(None, None, None, [], [], rules, "no parseable markup")
    return _run(tree, rules, url, now)


def _run(tree, rules: RuleSet, url: str | None, now: datetime | None) -> Result:
    from .pipeline import run_lines

    main = dom.find_main(tree)
    main_chars = len(dom.text_of(main)) if main is not None else 0
    meta = dom.metadata(tree, url, main)

    removed: list[Removal] = []
    related: list[Related] = []

    # related blocks (HT110) and most-read lists (HT111): records leave the tree
    blocks = dom.related_blocks(tree, main, rules, meta.base, now)
    blocks += dom.inline_teasers(main, rules, meta.base, now)
    blocks = split_lists(blocks, main, rules, meta.base, now, url)
    name_lists(blocks, rules)
    blocks += more_lists(tree, main, rules, meta.base, now, [b.el for b in blocks], url)
    lines_of = [_line(b.el) for b in blocks]
    if len(set(lines_of)) < len(lines_of):  # minified markup: fall back to document order
        order = {el: i for i, el in enumerate(tree.iter())}
        blocks.sort(key=lambda b: order.get(b.el, 0))
    else:
        blocks.sort(key=lambda b: _line(b.el))
    seen: set[str] = set()
    for b in blocks:
        rid = _block_rule(b)
        if not rules.enabled(rid):
            continue
        fam = _family(rules, rid, "related")
        heading = dom.text_of(b.heading) if b.heading is not None else ""
        ad = _ad_rule(b, rules)
        if ad is not None:  # sponsored cards: the whole list goes as an ad, nothing is a record
            b.rule = ad
            removed.append(Removal(ad, _family(rules, ad, "ads"), dom.text_of(b.el), _line(b.el), 1))
            if heading and not dom._is_ancestor(b.el, b.heading):
                removed.append(Removal(ad, _family(rules, ad, "ads"), heading, _line(b.heading), 1))
            continue
        if heading:
            removed.append(Removal(rid, fam, heading, _line(b.heading), 1))
        shown = [rec.title for rec in b.records]
        strip_ranks(b.records)  # '1. Star closer placed on injured list': a rank, not the headline
        kind = kind_of(heading or b.label, rules, b.kind)
        if kind == "related" and b.kind in RELATED_KINDS:
            kind = b.kind  # a heading that names no kind: the container's class said it
        for rec, text in zip(b.records, shown):
            removed.append(Removal(rid, fam, text, _line(rec.el), 1))
            key = rec.url or rec.title.casefold()
            if key in seen or never_record(rec.title, rec.url):  # a rail printed twice counts once
                continue
            seen.add(key)
            rec.title, tail = split_age(strip_marker(rec.title))
            if tail and rec.age is None:
                rec.age, rec.published = tail, ages.published(tail, now)
            related.append(Related(title=repair(rec.title), source=rec.source, url=rec.url,
                                   age=rec.age, published=rec.published,
                                   summary=repair(rec.summary) if rec.summary else None,
                                   kind=kind, block=heading or b.label or None))
    for b in blocks:
        if not rules.enabled(_block_rule(b)):
            continue
        if b.el.getparent() is not None:
            b.el.drop_tree()
        if b.heading is not None and b.heading.getparent() is not None:
            b.heading.drop_tree()  # a heading standing just above its list

    # chrome elements
    body_el = tree.find("body")
    page_chars = len(dom.text_of(body_el)) if body_el is not None else 0
    comment_boxes = []
    for c in dom.chrome(tree, main, main_chars, page_chars):
        if not rules.enabled(c.rule):
            continue
        if c.rule == "HT104":
            comment_boxes.append(c.el)  # read into records below (cleaner/comments.py)
        t = dom.text_of(c.el)
        if t:
            removed.append(Removal(c.rule, _family(rules, c.rule, "html"), t, _line(c.el), 1))
        if c.el.getparent() is not None:
            c.el.drop_tree()

    # main content, then the text stages over its blocks
    body = _extract(tree, meta.base or url)
    blocks_text = _blocks(body)
    lines: list[Line] = []
    src: dict[int, int] = {}
    if meta.title:
        lines.append(Line(1, meta.title, 1))
        src[1] = _line(meta.title_el) if meta.title_el is not None else 1
    stamp = rules.get("HT113") if rules.enabled("HT113") else None
    for t, ln in blocks_text:
        if stamp is not None and stamp.rx is not None and stamp.match_line(t):
            removed.append(Removal(stamp.id, stamp.family, t, ln, 1))
            continue
        no = len(lines) + 1
        lines.append(Line(no, t, 1))
        src[no] = ln
    res = run_lines(lines, rules, url=url, now=now, kind="html", head=_head(lines, meta.title, rules),
                    whole_page=False)
    for r in res.removed:
        removed.append(Removal(r.rule, r.family, r.text, src.get(r.line, 1), r.col))
    related.extend(res.related)
    paragraphs = list(res.paragraphs)
    byline = meta.byline or res.byline

    where = {}
    for t, ln in blocks_text:
        where.setdefault(repair(t), ln)
    prose = sum(words(p) for p in paragraphs if is_prose(p))
    cards = sum(1 for _ in tree.iter("article"))
    if meta.article_type is False and cards >= TEASER_CARDS_MIN:
        return _not_article(meta, byline, paragraphs, removed, related, rules,
                            f"a page of {cards} teaser cards marked as a website, not an article", where)
    if meta.article_type is not True and prose < ARTICLE_MIN_WORDS:
        return _not_article(meta, byline, paragraphs, removed, related, rules,
                            f"{prose} words of prose and no article markup", where)
    removed.sort(key=lambda r: (r.line, r.col))
    return Result(
        title=repair(meta.title) if meta.title else res.title,
        byline=byline,
        paragraphs=tuple(paragraphs),
        related=tuple(related),
        removed=tuple(removed),
        published=meta.published or res.published,
        kind="html",
        comments=html_comments(comment_boxes, now) or text_comments(lines, res.removed, now),
    )


def _not_article(meta, byline, paragraphs, removed, related, rules: RuleSet, why: str,
                 where: dict[str, int] | None = None) -> Result:
    removed = list(removed)
    where = where or {}
    if paragraphs:
        for p in paragraphs:
            removed.append(Removal("HT190", _family(rules, "HT190", "page"), p, where.get(p, 1), 1))
    else:
        removed.append(Removal("HT190", _family(rules, "HT190", "page"), f"not an article: {why}", 1, 1))
    removed.sort(key=lambda r: (r.line, r.col))
    return Result(
        title=repair(meta.title) if meta is not None and meta.title else None,
        byline=byline,
        paragraphs=(),
        related=tuple(related),
        removed=tuple(removed),
        published=meta.published if meta is not None else None,
        kind="html",
    )
