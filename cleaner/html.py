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
import re
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
# A page of teaser <article> cards is a section front unless one card holds a whole article.
LONG_CARD_WORDS = 150
# Error and search pages say so in their title; one with this much prose is an article about them.
ERROR_PAGE_MAX_WORDS = 150
_SEARCH_URL = re.compile(r"(?:/search(?:/|\?|$)|[?&](?:q|query|search|s)=)", re.I)
# Characters of a container block looked for in the extraction (its start or its end).
REFILL_PROBE = 60
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
    from .dom import load_html

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
    # the lead between headline and container, read before pruning (the headline may stand in
    # a breadcrumb or a header that goes)
    lead = _lead(meta.title_el, main)
    above_title = _text_before(meta.title_el) if lead else ""

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
        logged = []
        if heading:
            removed.append(Removal(rid, fam, heading, _line(b.heading), 1))
            logged.append(heading)
        shown = [rec.title for rec in b.records]
        strip_ranks(b.records)  # '1. Star closer placed on injured list': a rank, not the headline
        kind = kind_of(heading or b.label, rules, b.kind)
        if kind == "related" and b.kind in RELATED_KINDS:
            kind = b.kind  # a heading that names no kind: the container's class said it
        for rec, text in zip(b.records, shown):
            # a 'Read also: <link>' paragraph goes whole, its label with it
            whole = b.heading is None and len(b.records) == 1 and rec.el is b.el
            removed.append(Removal(rid, fam, dom.text_of(b.el) if whole else text, _line(rec.el), 1))
            logged.append(text)
            logged.extend(x for x in (rec.source, rec.age, rec.summary) if x)
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
        # the block's other text (kickers, labels, skipped sponsored cards) goes with it: say so
        for t, ln in dom.text_blocks(b.el):
            if not any(t in x for x in logged) and t != heading:
                removed.append(Removal(rid, fam, t, ln, 1))
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
    blocks_text = _refill(_blocks(body), main)
    if lead:
        blocks_text = _put_lead(blocks_text, lead, above_title)
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
    if rules.enabled("HT120"):
        fam = _family(rules, "HT120", "page")
        removed.extend(Removal("HT120", fam, t, ln, 1)
                       for t, ln in _left_out(tree, [meta.title or ""] + [t for t, _ in blocks_text]))
    for r in res.removed:
        removed.append(Removal(r.rule, r.family, r.text, src.get(r.line, 1), r.col))
    related.extend(res.related)
    paragraphs = list(res.paragraphs)
    byline = meta.byline or res.byline

    where = {}
    for t, ln in blocks_text:
        where.setdefault(repair(t), ln)
    prose = sum(words(p) for p in paragraphs if is_prose(p))
    why = _not_article_evidence(tree, meta, url, prose, rules) if paragraphs else "no text found"
    if why:
        return _not_article(meta, byline, paragraphs, removed, related, rules, why, where)
    if meta.article_type is not True and prose < ARTICLE_MIN_WORDS and rules.enabled("HT191"):
        # no evidence either way: the text found is kept, and the doubt is said
        removed.append(Removal("HT191", _family(rules, "HT191", "page"),
                               f"kept on doubt: {prose} words of prose and no article markup", 1, 1))
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


def _not_article_evidence(tree, meta, url: str | None, prose: int, rules: RuleSet) -> str | None:
    """Why the page is not an article, on positive evidence only; None when there is none. A
    short page, or one made of lists, lyrics, code or questions, is no evidence."""
    if meta.article_type is True:
        return None
    cards = [a for a in tree.iter("article")]
    if meta.article_type is False and len(cards) >= TEASER_CARDS_MIN:
        longest = max(_prose_words(a) for a in cards)
        if longest < max(LONG_CARD_WORDS, prose // 2):
            return f"a page of {len(cards)} teaser cards marked as a website, not an article"
    rule = rules.get("HT190") if rules.enabled("HT190") else None
    if rule is not None and rule.rx is not None and prose < ERROR_PAGE_MAX_WORDS:
        heads = [meta.title] + [dom.text_of(t) for t in tree.iter("title")][:1] + \
            [dom.text_of(h) for h in tree.iter("h1")][:2]
        for h in heads:
            if h and rule.match_line(h):
                return f"an error or search page ({h!r})"
    if url and _SEARCH_URL.search(url) and prose < ERROR_PAGE_MAX_WORDS:
        return "a search page (its address is a site search)"
    return None


def _prose_words(el) -> int:
    return sum(dom.nwords(dom.text_of(p)) for p in el.iter("p"))


def _lead(title_el, main) -> list[tuple[str, int]]:
    """Prose between the headline and the article container (a standfirst, a lead paragraph set
    apart): the article's first blocks, when they stand in the wrapper the two share."""
    if title_el is None or main is None or dom._is_ancestor(main, title_el) or dom._is_ancestor(title_el, main):
        return []
    common = title_el.getparent()
    while common is not None and not dom._is_ancestor(common, main):
        common = common.getparent()
    if common is None or common.tag in ("html", "body"):
        return []
    order = {el: i for i, el in enumerate(common.iter())}
    start, end = order[title_el], order[main]
    out = []
    for el in common.iter():
        i = order[el]
        if i <= start or not isinstance(el.tag, str):
            continue
        if i >= end or el.tag in _MEDIA or len(out) >= LEAD_MAX_BLOCKS:
            break  # the lead stands right under the headline, above the first picture
        if el.tag in ("p", "div", "h2", "span", "section") and not dom._is_ancestor(el, main) and \
                (el.tag != "div" or el.find(".//div") is None and el.find(".//p") is None):
            if _in_chrome(el, common) or _in_list(el, common) or \
                    any(c.tag in _MEDIA or c.tag == "figcaption" for c in el.iter() if c is not el):
                continue
            t = dom.visible_text(el)
            if is_prose(t) and dom.link_density(el) < 0.1 and not any(t in x or x in t for x, _ in out):
                out.append((t, _line(el)))
    return out


_MEDIA = {"figure", "img", "picture", "video", "iframe"}
# A standfirst is one or two blocks; more between headline and container is something else.
LEAD_MAX_BLOCKS = 2


def _in_list(el, top) -> bool:
    """el stands in a list, a link, or a box that holds a list (a key-points box)."""
    p = el
    while p is not None and p is not top:
        if p.tag in ("li", "a", "ul", "ol"):
            return True
        if p is not el and (p.find(".//ul") is not None or p.find(".//ol") is not None):
            return True
        p = p.getparent()
    return False


def _in_chrome(el, top) -> bool:
    """el or an ancestor below `top` is a figure or marked as chrome (a caption, a credit)."""
    while el is not None and el is not top:
        if el.tag in ("figure", "figcaption") or dom.classify(el) is not None:
            return True
        el = el.getparent()
    return False


def _put_lead(blocks: list[tuple[str, int]], lead: list[tuple[str, int]], before: str) -> list[tuple[str, int]]:
    """The lead blocks the extraction left out, after the blocks that stand above the headline."""
    keys = ["".join(t.split()) for t, _ in blocks]
    joined = "".join(keys)
    missing = []
    for t, ln in lead:
        k = "".join(t.split())
        if k[:REFILL_PROBE] not in joined and k[-REFILL_PROBE:] not in joined:
            missing.append((t, ln))
            joined += k
    if not missing:
        return blocks
    k = 0
    while k < len(keys) and keys[k][:REFILL_PROBE] in before:
        k += 1
    return blocks[:k] + missing + blocks[k:]


def _refill(extracted: list[tuple[str, int]], main) -> list[tuple[str, int]]:
    """The article container's prose blocks that the extraction left out, put back in place.

    The extractor drops blocks by its own markup rules ('hidden' and 'comment' in class names, a
    lead paragraph outside the block it picks); the article container found first is protected,
    so its prose is kept and the text stages judge it like any other block."""
    if main is None:
        return extracted
    keys = ["".join(t.split()) for t, _ in extracted]  # spacing differs between the two readings
    joined = "".join(keys)
    at = {}  # block index -> blocks to put after it (-1: before the first)
    cursor = -1
    for text, line in dom.prose_blocks(main):
        text = dom.norm(text.translate(_INVISIBLE))
        key = "".join(text.split())
        probe, tail = key[:REFILL_PROBE], key[-REFILL_PROBE:]
        if probe in joined or tail in joined:
            for k in range(max(cursor, 0), len(extracted)):
                if probe in keys[k] or tail in keys[k]:
                    cursor = k
                    break
            continue
        at.setdefault(cursor, []).append((text, line))
        joined += key  # a block repeated in the container comes back once
    if not at:
        return extracted
    if -1 in at:  # blocks before any the extraction kept: after the extracted blocks above the container
        before = _text_before(main)
        k = 0
        while k < len(keys) and keys[k][:REFILL_PROBE] in before:
            k += 1
        at.setdefault(k - 1, [])
        if k > 0:
            at[k - 1] = at.pop(-1) + at[k - 1]
    out = list(at.get(-1, []))
    for k, blk in enumerate(extracted):
        out.append(blk)
        out.extend(at.get(k, []))
    return out


def _left_out(tree, kept: list[str]) -> list[tuple[str, int]]:
    """The page's text that the extraction left out (outside the article, or too small to put
    back), run by run between kept blocks: reported, so that every loss is accounted for."""
    body = tree.find("body")
    if body is None:
        return []
    grams: set = set()
    keys = []
    for t in kept:
        ws = t.split()
        grams.update(zip(ws, ws[1:], ws[2:]))
        keys.append("".join(ws))
    joined = "\n".join(keys)
    out: list[tuple[str, int]] = []
    run: list[str] = []
    first = 1
    for text, line in dom.text_blocks(body):
        text = dom.norm(text.translate(_INVISIBLE))
        ws = text.split()
        if len(ws) >= 3:
            tri = list(zip(ws, ws[1:], ws[2:]))
            found = sum(1 for g in tri if g in grams) * 2 >= len(tri)
        else:
            found = "".join(ws) in joined
        if found:
            if run:
                out.append((" ".join(run), first))
                run = []
            continue
        if not run:
            first = line
        run.append(text)
    if run:
        out.append((" ".join(run), first))
    return out


def _text_before(main) -> str:
    """The page's text before an element (the container, the headline), whitespace removed."""
    root = main.getroottree().getroot()
    up = set()
    p = main
    while p is not None:
        up.add(p)
        p = p.getparent()
    parts = []
    for el in root.iter():
        if el is main:
            break
        if isinstance(el.tag, str) and el.tag not in ("script", "style"):
            parts.append(el.text or "")
        if el not in up:
            parts.append(el.tail or "")
    return "".join("".join(parts).split())


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
