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

import functools
import logging
import re
from datetime import datetime

from lxml import etree

from . import ages, dom
from .heap import release as release_heap
from .comments import html_comments, text_comments
from .lists import kind_of
from .htmllists import (ListMemo, drop_hatnotes, more_lists, name_lists, never_record, split_age, split_lists,
                        sponsored, strip_marker)
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
_INVISIBLE_CHARS = tuple(map(chr, _INVISIBLE))


def _visible(text: str) -> str:
    """The text without its invisible characters; `str.translate` (about 7 us a block) only for a
    text that holds one."""
    if text.isascii() or not any(c in text for c in _INVISIBLE_CHARS):
        return text
    return text.translate(_INVISIBLE)

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
            t = dom.norm(_visible(piece))
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
            term = None
            for c in el:
                if term is not None and _is_dd(c) and not any(isinstance(x.tag, str) and x.tag in _DD_SPLIT
                                                             for x in c.iter() if x is not c):
                    # a definition list's short term and its value: one line ('ISBN 978-...'),
                    # as the page shows them; a term alone reads as a label
                    emit([dom.text_of(term) + " " + dom.text_of(c)], line)
                    term = None
                    continue
                if term is not None:
                    walk(term)
                    term = None
                if _is_dt(c) and not (c.tail or "").strip() and 0 < len(dom.text_of(c)) <= DT_MAX_CHARS:
                    term = c
                    continue
                if isinstance(c.tag, str):
                    walk(c)
                if c.tail and c.tail.strip():
                    emit([c.tail], line)
            if term is not None:
                walk(term)
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


# A definition term this short is joined to its value on one line.
DT_MAX_CHARS = 40
_DD_SPLIT = _BLOCK_TAGS | {"lb"}


def _is_dt(el) -> bool:
    return el.tag == "item" and (el.get("rend") or "").startswith("dt")


def _is_dd(el) -> bool:
    return el.tag == "item" and (el.get("rend") or "").startswith("dd")


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


def _extract(tree, url: str | None, in_place: bool = False):
    """trafilatura's body tree of the page (None where it finds none). `in_place`: the caller reads
    nothing of `tree` afterwards, so the extraction may prune it as it goes instead of a copy."""
    from lxml.html import HtmlElement
    from trafilatura import bare_extraction

    from .stoplist import install

    install()  # justext's stoplists, compact, for trafilatura's fallback

    # a root lxml.html element: `bare_extraction` takes no other kind, and copies a non-root one
    # into a tree of its own
    sequence = _in_place() if in_place and tree.getparent() is None and isinstance(tree, HtmlElement) else None
    try:
        if sequence is not None:
            return _extract_in_place(tree, url, *sequence)
        # output "xml": the body tree alone, not also its text (format "python" renders it, unread)
        doc = bare_extraction(tree, url=url, include_comments=False, include_tables=True,
                              include_images=False, include_formatting=False, with_metadata=False,
                              output_format="xml")
    except Exception:  # trafilatura raises assorted errors on odd markup; the body is then empty
        return None
    return getattr(doc, "body", None) if doc is not None else None


# The trafilatura releases whose `bare_extraction` `_extract_in_place` follows step by step.
IN_PLACE_VERSIONS = frozenset({"2.3.1"})


@functools.lru_cache(maxsize=1)
def _in_place():
    """(Extractor, trafilatura_sequence) of an installed trafilatura that `_extract_in_place`
    follows, else None (`bare_extraction` then, on its copy of the tree)."""
    try:
        import trafilatura
        from trafilatura.core import trafilatura_sequence
        from trafilatura.settings import Extractor
    except ImportError:
        return None
    if getattr(trafilatura, "__version__", None) not in IN_PLACE_VERSIONS:
        return None
    return Extractor, trafilatura_sequence


def _extract_in_place(tree, url: str | None, extractor, sequence):
    """What `bare_extraction(tree, url=url, ...)` as `_extract` calls it returns as the body, but on
    `tree` itself: handed a tree, `bare_extraction` copies it first (0.5 ms a page) and runs these
    steps on the copy (no metadata, no language or duplicate checks with these options)."""
    options = extractor(output_format="xml", fast=False, precision=False, recall=False, comments=False,
                        formatting=False, links=False, images=False, tables=True, dedup=False, lang=None,
                        url=url, with_metadata=False, only_with_metadata=False)
    body, text, _, comments = sequence(tree, options, options.url)
    if options.max_tree_size:
        if len(body) > options.max_tree_size:
            etree.strip_tags(body, "hi")
        if len(body) > options.max_tree_size:
            return None
    if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
        return None
    return body


def run_html(text: str, rules: RuleSet, *, url: str | None = None, now: datetime | None = None) -> Result:
    tree = parse(text)
    if tree is None:
        return _not_article(None, None, None, [], [], rules, "no parseable markup")
    result = _run(tree, rules, url, now)
    del tree
    if len(text) >= RELEASE_MIN_CHARS:
        release_heap()
    return result


# After a page of this much markup, the C heap's free memory goes back to the system: the trees of
# a large page (libxml2's, and trafilatura's copies of them) leave holes that a worker would
# otherwise keep. Over the 358 shared pages (43% of them this large) one worker ends at 94.7 MB
# instead of 102.2 MB with no release (trafilatura.extract alone: 100.3 MB); 200k characters ends
# at 102.1 MB, 50k at 94.8 MB. A call costs about 0.4 ms.
RELEASE_MIN_CHARS = 100_000


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
    if not lead:
        lead, above_title = _marked_lead(main)
    if not lead:
        lead, above_title = _described_lead(tree, main)

    # related blocks (HT110) and most-read lists (HT111): records leave the tree
    blocks = dom.related_blocks(tree, main, rules, meta.base, now, main_chars)
    blocks += dom.inline_teasers(main, rules, meta.base, now)
    blocks = drop_hatnotes(blocks, rules)
    list_memo = ListMemo(meta.base, url)  # what the list finders read of the page's links
    blocks = split_lists(blocks, main, rules, meta.base, now, url, list_memo)
    name_lists(blocks, rules)
    blocks += split_lists(more_lists(tree, main, rules, meta.base, now, [b.el for b in blocks], url, list_memo),
                          main, rules, meta.base, now, url, list_memo)
    # where a list stands: its heading when that stands inside its container (a column whose
    # list is under a heading below other lists in it), else its container
    anchor = {id(b): b.heading if b.heading is not None and dom._is_ancestor(b.el, b.heading) else b.el
              for b in blocks}
    lines_of = [_line(b.el) for b in blocks]
    if len(set(lines_of)) < len(lines_of):  # minified markup: fall back to document order
        order = {el: i for i, el in enumerate(tree.iter())}
        blocks.sort(key=lambda b: order.get(anchor[id(b)], 0))
    else:
        blocks.sort(key=lambda b: _line(anchor[id(b)]))
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
    main_kept = True  # the article container's text is as `main_chars` read it
    for b in blocks:
        if not rules.enabled(_block_rule(b)):
            continue
        if b.el.getparent() is not None:
            main_kept = main_kept and (main is None or not dom._is_ancestor(main, b.el))
            b.el.drop_tree()
        if b.heading is not None and b.heading.getparent() is not None:
            main_kept = main_kept and (main is None or not dom._is_ancestor(main, b.heading))
            b.heading.drop_tree()  # a heading standing just above its list

    # chrome elements; the page's length is read only for one as large as the article container
    body_el = tree.find("body")
    page_chars = dom.PageChars(body_el, main, main_chars if main_kept else None)
    comment_boxes = []
    for c in dom.chrome(tree, main, main_chars, page_chars):
        if not rules.enabled(c.rule):
            continue
        if c.rule == "HT104":
            comment_boxes.append(c.el)  # read into records below (cleaner/comments.py)
        t = c.text
        if t:
            removed.append(Removal(c.rule, _family(rules, c.rule, "html"), t, _line(c.el), 1))
        if c.el.getparent() is not None:
            c.el.drop_tree()

    # main content, then the text stages over its blocks
    _datelines_into_paragraphs(main)
    tables = _table_heads(tree)
    # the page's text blocks, read once, before the extraction prunes the tree
    page_blocks = _body_blocks(tree)
    page_order = _page_order(tree, page_blocks)
    # what is read of the page below, read before the extraction prunes the tree
    main_prose = dom.prose_blocks(main) if main is not None else None
    main_before = _text_before(main) if main is not None else ""
    evidence = _page_evidence(tree, meta)
    title_line = _line(meta.title_el) if meta.title_el is not None else 1
    body = _extract(tree, meta.base or url, in_place=True)
    _order_tables(body, page_order)
    blocks_text = _put_table_heads(_refill(_blocks(body), main_prose, main_before), tables)
    if lead:
        blocks_text = _put_lead(blocks_text, lead, above_title)
    lines: list[Line] = []
    src: dict[int, int] = {}
    if meta.title:
        lines.append(Line(1, meta.title, 1))
        src[1] = title_line
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
                       for t, ln in _left_out(page_blocks, [meta.title or ""] + [t for t, _ in blocks_text]))
    for r in res.removed:
        removed.append(Removal(r.rule, r.family, r.text, src.get(r.line, 1), r.col))
    related.extend(res.related)
    paragraphs = list(res.paragraphs)
    byline = meta.byline or res.byline

    prose = sum(words(p) for p in paragraphs if is_prose(p))
    why = _not_article_evidence(evidence, meta, url, prose, rules) if paragraphs else "no text found"
    if why:
        where = {}  # a paragraph's source line, for the removals of a page that is no article
        for t, ln in blocks_text:
            where.setdefault(repair(t), ln)
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


# A dateline set in bold before its paragraph ('<b>PLACE:</b><p>Text'): a few words ending in a colon
# or a dash.
DATELINE_MAX_CHARS = 60
_DATELINE_END = (":", "：", "—", "–", "-")


def _datelines_into_paragraphs(main) -> None:
    """A bold dateline standing in the container just before a paragraph starts that paragraph
    (the extractor drops text standing between blocks)."""
    if main is None:
        return
    for el in list(main.iter("b", "strong")):
        par, nxt = el.getparent(), el.getnext()
        t = dom.text_of(el)
        if par is None or par.tag in ("p", "li", "a", "h1", "h2", "h3", "h4", "td") or nxt is None or \
                nxt.tag != "p" or (el.tail or "").strip() or not t or len(t) > DATELINE_MAX_CHARS or \
                not t.endswith(_DATELINE_END) or dom.nwords(t) > 8:
            continue
        prev = el.getprevious()
        if prev is not None and (prev.tail or "").strip() or prev is None and (par.text or "").strip():
            continue  # it ends a run of text: not a dateline standing alone
        par.remove(el)  # its tail (whitespace only) goes with it
        el.tail = " " + (nxt.text or "")
        nxt.text = None
        nxt.insert(0, el)


def _page_evidence(tree, meta) -> tuple[int, int, list[str]] | None:
    """What `_not_article_evidence` reads of the tree (before the extraction prunes it): the
    number of <article> cards, the prose words of the longest where a website's page holds enough
    of them to ask (else 0), and the texts of the first <title> and of the first two <h1>s. None for
    a page that says it is an article (nothing is asked)."""
    if meta.article_type is True:
        return None
    cards, titles, h1s = [], [], []
    for el in tree.iter("article", "title", "h1"):
        tag = el.tag
        if tag == "article":
            cards.append(el)
        elif tag == "title":
            if not titles:
                titles.append(dom.text_of(el))
        elif len(h1s) < 2:
            h1s.append(dom.text_of(el))
    longest = max(_prose_words(a) for a in cards) \
        if meta.article_type is False and len(cards) >= TEASER_CARDS_MIN else 0
    return len(cards), longest, titles + h1s


def _not_article_evidence(evidence, meta, url: str | None, prose: int, rules: RuleSet) -> str | None:
    """Why the page is not an article, on positive evidence only; None when there is none. A
    short page, or one made of lists, lyrics, code or questions, is no evidence. `evidence`: the
    page's `_page_evidence`."""
    if meta.article_type is True:
        return None
    cards, longest, heads = evidence
    if meta.article_type is False and cards >= TEASER_CARDS_MIN:
        if longest < max(LONG_CARD_WORDS, prose // 2):
            return f"a page of {cards} teaser cards marked as a website, not an article"
    rule = rules.get("HT190") if rules.enabled("HT190") else None
    if rule is not None and rule.rx is not None and prose < ERROR_PAGE_MAX_WORDS:
        for h in [meta.title] + heads:
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
    out = []
    up = set(main.iterancestors())  # `_is_ancestor(el, main)` for an element other than main
    chrome_memo: dict = {}
    list_memo: dict = {}
    after = False  # past the headline in document order
    for el in common.iter():
        if not after:
            if el is main:
                return out  # the container stands above the headline: no lead between them
            after = el is title_el
            continue
        tag = el.tag
        if tag.__class__ is not str:
            continue
        if el is main or tag in _MEDIA or len(out) >= LEAD_MAX_BLOCKS:
            break  # the lead stands right under the headline, above the first picture
        if tag in ("p", "div", "h2", "span", "section") and el not in up and \
                (tag != "div" or el.find(".//div") is None and el.find(".//p") is None):
            if _in_chrome(el, common, chrome_memo) or \
                    (_in_list(el, common, list_memo) if not _standfirst(el) else _in_items(el)) or \
                    any(c.tag in _MEDIA or c.tag == "figcaption" for c in el.iter() if c is not el):
                continue
            t = dom.visible_text(el)
            if is_prose(t) and dom.link_density(el) < 0.1 and not any(t in x or x in t for x, _ in out):
                out.append((t, _line(el)))
    return out


# Class words of a standfirst (dek) set above the article body.
_STANDFIRST_TOK = frozenset({"intro", "standfirst", "dek", "deck", "lede", "lead", "subtitle", "subheadline",
                             "subhead", "strapline", "sapo", "chapo", "chapeau"})
# Levels above the article container searched for it (the article's header beside the body).
STANDFIRST_UP = 3


# A page description this long, that a block of the page starts with, names the page's lead.
DESCRIPTION_MIN_CHARS = 60
# The description vouches for its block: a link or two in it (a download, a source) may stay.
DESCRIBED_LINK_DENSITY = 0.3


def _described_lead(tree, main) -> tuple[list[tuple[str, int]], str]:
    """The block the page's own description (og:description, meta description, often cut short
    with '...') was taken from, outside the article container: a video's or a post's description
    text, a standfirst. Its text and the page's text before it."""
    desc = None
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").lower()
        if key in ("og:description", "description", "twitter:description") and el.get("content"):
            desc = dom.norm(el.get("content")).rstrip(".…").strip()
            break
    body = tree.find("body")
    if not desc or len(desc) < DESCRIPTION_MIN_CHARS or body is None:
        return [], ""
    probe = desc[:REFILL_PROBE * 2]
    for el in body.iter("p", "div", "span", "section", "td"):
        own = el.text
        if not own or not own.lstrip().startswith(probe[0]) or not dom.norm(own).startswith(probe[:20]):
            continue  # the description opens the element's own text (its first character first)
        t = dom.visible_text(el)
        if not t.startswith(probe) or el.find(".//p") is not None or el.find(".//div") is not None:
            continue
        if (main is not None and (dom._is_ancestor(main, el) or dom._is_ancestor(el, main))) or \
                _in_items(el) or _in_chrome(el, body) or dom.is_hidden(el) or not is_prose(t) or \
                dom.link_density(el) >= DESCRIBED_LINK_DENSITY:
            return [], ""
        return [(t, _line(el))], _text_before(el)
    return [], ""


def _standfirst(el) -> bool:
    return dom._class_has(el, _STANDFIRST_TOK) and bool(dom.tokens_of(el) & _STANDFIRST_TOK)


def _in_items(el) -> bool:
    """el stands in a list item or a link."""
    return any(a.tag in ("li", "a", "ul", "ol") for a in el.iterancestors())


def _marked_lead(main) -> tuple[list[tuple[str, int]], str]:
    """A standfirst that its class names as one (intro, standfirst, dek), above the article
    container in the wrapper the two share, when no headline anchors the lead: its blocks and the
    page's text before it."""
    if main is None:
        return [], ""
    scope = main
    for _ in range(STANDFIRST_UP):
        if scope.getparent() is None or scope.getparent().tag in ("body", "html"):
            break
        scope = scope.getparent()
    if scope is main:
        return [], ""
    out, first = [], None
    for el in scope.iter():
        if el is main:
            break  # the standfirst stands above the body
        if el.tag not in ("p", "div", "span", "h2", "section") or dom._is_ancestor(el, main):
            continue
        if not _standfirst(el) or el.find(".//p") is not None or el.find(".//div") is not None:
            continue
        if _in_chrome(el, scope) or _in_items(el):
            continue  # a share list beside it is no reason: its class names it
        t = dom.visible_text(el)
        if is_prose(t) and dom.link_density(el) < 0.1 and not any(t in x or x in t for x, _ in out):
            out.append((t, _line(el)))
            first = el if first is None else first
            if len(out) >= LEAD_MAX_BLOCKS:
                break
    return out, (_text_before(first) if first is not None else "")


_MEDIA = {"figure", "img", "picture", "video", "iframe"}
# A standfirst is one or two blocks; more between headline and container is something else.
LEAD_MAX_BLOCKS = 2


def _in_list(el, top, memo: dict | None = None) -> bool:
    """el stands in a list, a link, or a box that holds a list (a key-points box). `memo` (element
    -> it holds a list) spares the searches of ancestors that several calls share (the tree
    unchanged between them)."""
    p = el
    while p is not None and p is not top:
        if p.tag in ("li", "a", "ul", "ol"):
            return True
        if p is not el:
            held = memo.get(p) if memo is not None else None
            if held is None:
                held = p.find(".//ul") is not None or p.find(".//ol") is not None
                if memo is not None:
                    memo[p] = held
            if held:
                return True
        p = p.getparent()
    return False


def _in_chrome(el, top, memo: dict | None = None) -> bool:
    """el or an ancestor below `top` is a figure or marked as chrome (a caption, a credit).
    `memo` (element -> it is one of them) spares the ancestors that several calls share."""
    while el is not None and el is not top:
        marked = memo.get(el) if memo is not None else None
        if marked is None:
            marked = el.tag in ("figure", "figcaption") or dom.classify(el) is not None
            if memo is not None:
                memo[el] = marked
        if marked:
            return True
        el = el.getparent()
    return False


def _put_lead(blocks: list[tuple[str, int]], lead: list[tuple[str, int]], before: str) -> list[tuple[str, int]]:
    """The lead blocks the extraction left out, after the blocks that stand above the headline."""
    keys = [t.replace(" ", "") for t, _ in blocks]  # normalised texts: spaces are their only whitespace
    joined = "".join(keys)
    missing = []
    for t, ln in lead:
        k = t.replace(" ", "")
        if k[:REFILL_PROBE] not in joined and k[-REFILL_PROBE:] not in joined:
            missing.append((t, ln))
            joined += k
    if not missing:
        return blocks
    k = 0
    while k < len(keys) and keys[k][:REFILL_PROBE] in before:
        k += 1
    return blocks[:k] + missing + blocks[k:]


def _refill(extracted: list[tuple[str, int]], prose: list[tuple[str, int]] | None,
            before: str = "") -> list[tuple[str, int]]:
    """The article container's prose blocks (`prose`: its `dom.prose_blocks`, None without a
    container) that the extraction left out, put back in place; `before`: the page's text before
    the container (`_text_before`).

    The extractor drops blocks by its own markup rules ('hidden' and 'comment' in class names, a
    lead paragraph outside the block it picks); the article container found first is protected,
    so its prose is kept and the text stages judge it like any other block."""
    if prose is None:
        return extracted
    # spacing differs between the two readings; normalised texts: spaces are their only whitespace
    keys = [t.replace(" ", "") for t, _ in extracted]
    joined = "".join(keys)
    at = {}  # block index -> blocks to put after it (-1: before the first)
    cursor = -1
    for text, line in prose:
        shown = _visible(text)
        text = shown if shown is text else dom.norm(shown)  # prose blocks come normalised
        key = text.replace(" ", "")
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


# A table's heading row or caption: this short, or it is a row of data.
TABLE_HEAD_MAX_CHARS = 100
# Blocks looked through for a row that starts none of them.
ROW_LOOKAHEAD = 20
_HEAD_CELL_TOK = frozenset({"header", "head", "heading", "th", "title", "caption"})


def _table_heads(tree) -> list[list[tuple[str, int, bool]]]:
    """Per table of the page (after pruning, before extraction): its caption and rows in order as
    (text, source line, is a heading)."""
    body = tree.find("body")
    out = []
    if body is None:
        return out
    for table in body.iter("table"):
        rows: list[tuple[str, int, bool]] = []
        for el in table.iter("caption", "tr"):
            if _nearest_table(el) is not table:
                continue  # a nested table's rows are its own
            t = dom.norm(_visible(_row_text(el)))
            if not t:
                continue
            rows.append((t, _line(el), el.tag == "caption" or _heading_row(el, t)))
        if any(h for _, _, h in rows) and not all(h for _, _, h in rows):
            out.append(rows)
    return out


# Characters of a block's start (whitespace removed) that find it in the page.
ORDER_KEY = 40


def _body_blocks(tree) -> list[tuple[str, int]]:
    """(text, source line) of every block of the page's body (none without a body)."""
    body = tree.find("body")
    return dom.text_blocks(body) if body is not None else []


def _page_order(tree, blocks: list[tuple[str, int]] | None = None) -> dict[str, int]:
    """Where each block of the page's text stands (its start, whitespace removed -> its rank);
    `blocks` the tree's `_body_blocks` where already read."""
    order: dict[str, int] = {}
    for i, (t, _) in enumerate(_body_blocks(tree) if blocks is None else blocks):
        # a normalised text: single spaces between words, so its first 2 * ORDER_KEY characters hold
        # ORDER_KEY others at least
        order.setdefault(t[:2 * ORDER_KEY].replace(" ", "")[:ORDER_KEY], i)
    return order


def _order_tables(body, order: dict[str, int]) -> None:
    """Tables that the extraction lists one after another, in the page's order: it lists a table
    nested in a cell after the rows of the table around it (a product code standing above the
    date line comes out below it)."""
    if body is None or not order:
        return
    for parent in list(body.iter()):
        run: list = []
        for c in list(parent) + [None]:
            if c is not None and c.tag == "table" and not (c.tail or "").strip():
                run.append(c)
                continue
            if len(run) > 1:
                _sort_run(parent, run, order)
            run = []


def _sort_run(parent, run: list, order: dict[str, int]) -> None:
    ranks, last = [], -1
    for t in run:
        text = next((x for x in t.itertext() if x.strip()), "")
        key = "".join(text.split())[:ORDER_KEY]
        rank = order.get(key)
        if rank is None:
            rank = last  # no place found: it stays after the table before it
        ranks.append(rank)
        last = rank
    if ranks == sorted(ranks):
        return
    at = list(parent).index(run[0])
    for t in run:
        parent.remove(t)
    for k, i in enumerate(sorted(range(len(run)), key=lambda i: (ranks[i], i))):
        parent.insert(at + k, run[i])


def _row_text(el) -> str:
    """A row's text as the page shows it: cells apart, inline markup inside a cell joined."""
    if el.tag == "caption":
        return "".join(el.itertext())
    return " ".join("".join(c.itertext()) for c in el if isinstance(c.tag, str) and c.tag in ("td", "th"))


def _nearest_table(el):
    p = el.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _heading_row(tr, text: str) -> bool:
    """A row of <th> cells, or one cell marked as a heading by its class or set in bold."""
    if len(text) > TABLE_HEAD_MAX_CHARS:
        return False
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th") and dom.text_of(c)]
    if not cells:
        return False
    if all(c.tag == "th" for c in cells):
        return True
    if len(cells) != 1:
        return False
    c = cells[0]
    if dom.tokens_of(c) & _HEAD_CELL_TOK or dom.tokens_of(tr) & _HEAD_CELL_TOK:
        return True
    kids = [k for k in c if isinstance(k.tag, str)]
    return len(kids) == 1 and kids[0].tag in ("b", "strong", "h2", "h3", "h4", "h5", "h6") and \
        not (c.text or "").strip() and not (kids[0].tail or "").strip()


def _put_table_heads(blocks: list[tuple[str, int]], tables) -> list[tuple[str, int]]:
    """A table's caption and heading rows that the extraction left out while it kept the rows
    under them, put back above those rows."""
    if not tables:
        return blocks
    keys = [t.replace(" ", "") for t, _ in blocks]  # normalised texts: spaces are their only whitespace
    starts: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        starts.setdefault(key[:REFILL_PROBE], []).append(k)
    before: dict[int, list[tuple[str, int]]] = {}
    for rows in tables:
        prev, pending = -1, []
        for text, line, head in rows:
            key = text.replace(" ", "")
            if head:
                pending.append((text, line, key))
                continue
            probe = key[:REFILL_PROBE]
            # the block the row starts, else one holding it a few blocks on (bounded: linear time)
            at = next((k for k in starts.get(probe, ()) if k >= max(prev, 0)), None)
            if at is None:
                at = next((k for k in range(max(prev, 0), min(len(keys), max(prev, 0) + ROW_LOOKAHEAD))
                           if probe in keys[k]), None)
            if at is None:
                continue  # a data row the extraction left out: its headings wait for the next one
            for ht, hl, hk in pending:
                if not any(hk in keys[j] for j in range(max(prev, 0), at + 1)):
                    before.setdefault(at, []).append((ht, hl))
            pending, prev = [], at
    if not before:
        return blocks
    out = []
    for k, blk in enumerate(blocks):
        out.extend(before.get(k, []))
        out.append(blk)
    return out


def _left_out(blocks: list[tuple[str, int]], kept: list[str]) -> list[tuple[str, int]]:
    """The page's text (its `_body_blocks`) that the extraction left out (outside the article, or
    too small to put back), run by run between kept blocks: reported, so that every loss is
    accounted for."""
    grams: set = set()
    keys = []
    for t in kept:
        ws = t.split()
        grams.update(zip(ws, ws[1:], ws[2:]))
        keys.append("".join(ws))
    joined = "\n".join(keys)
    # a block that is a kept text as it stands is found by either test (all its word triples are
    # kept ones; its words joined stand in `joined`): a third of the page's blocks, its longest
    whole = set(kept)
    out: list[tuple[str, int]] = []
    run: list[str] = []
    first = 1
    for text, line in blocks:
        shown = _visible(text)
        if shown in whole:
            found = True
        else:
            ws = shown.split()
            if len(ws) >= 3:
                found = sum(map(grams.__contains__, zip(ws, ws[1:], ws[2:]))) * 2 >= len(ws) - 2
            else:
                found = "".join(ws) in joined
        if found:
            if run:
                out.append((" ".join(run), first))
                run = []
            continue
        if not run:
            first = line
        run.append(" ".join(ws))
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
