"""HTML mode: lists of links to other articles wherever they stand, found by heading, class or shape.

`dom.related_blocks` finds lists under a related-style heading or in a related-classed container.
This module finds the others, before the chrome rules drop sidebars, asides and footers: a
container whose links to the site's own articles lead their items (headline first, perhaps after
a rank, a kicker or a time) is a list when

  - a heading above it or inside it says so (a zone heading of related.toml or a list-kind
    heading, RL130-RL133: 'Most read', 'Latest', 'Editor's picks', 'More from Sport') and it
    holds two or more such links, or its class or id does (popular, trending, latest, recent,
    recommended, more-from ...); or
  - outside the article's container, it holds three or more of them (its shape alone).

Never a list: the site's navigation (<nav>, <header>, role=navigation), the article's container
or one of its ancestors, links to other sites (ad networks, partners: sponsored cards are never
records), sponsored or promoted containers, comment threads, and links whose URL or text has the
shape of a section, tag, topic or author page, a menu label, pagination or a share button. The
records carry title, absolute URL, and the source, age, date and summary the card shows.
"""

from __future__ import annotations

import functools
import re
import weakref
from datetime import datetime
from urllib.parse import urlsplit

from . import ages, dom
from .ages import AGE_TEXT
from .dom import Block, Rec, nwords, text_of, tokens_of
from .lists import kind_of, sponsored_heading
from .memo import memoized
from .rules.registry import RuleSet

# A headline has this many words (or three long ones); menu labels and names have fewer.
HEADLINE_MIN_WORDS = 4
HEADLINE_MIN_CHARS_3W = 20
HEADLINE_MAX_CHARS = 220
# Before its link, an item may show a rank, a kicker or a time of at most this many characters.
LEAD_MAX_CHARS = 40
# Records a list needs: by its heading or class, and by its shape alone.
SIGNALLED_MIN = 2
SHAPE_MIN = 3
# A heading is a short text: at most this many characters.
HEADING_MAX_CHARS = 100

_NAV_PATH = re.compile(
    r"/(?:tags?|topics?|themen?|thema|category|categories|section|sections|rubrique|ressort|autor|autore|authors?|"
    r"writers?|profile|people|contributors?|columnists?|keyword|schlagwort|search|suche|login|signin|register|"
    r"subscribe|newsletters?|abo|shop|jobs?|events?|about|contact|impressum|privacy|datenschutz|terms|help|"
    r"faq|advertise|werbung|feed|rss|page/\d+|seite/\d+)(?:/|$|\.|-)"
    r"|/(?:category|kategorie|catégorie|categoría|special|spezial|portal|help|hilfe|file|datei|template|"
    r"vorlage|user|benutzer|talk|diskussion)[:_]", re.I)
# Containers that are never lists of articles: sponsored or partner content, comment threads.
_SKIP_TOK = frozenset({"sponsored", "sponsor", "ad", "ads", "promoted", "advertisement", "advert",
                       "native", "paid", "partner", "partners", "outbrain", "taboola", "trc", "ob", "plista",
                       "comment", "comments", "disqus", "forum", "reply", "replies", "commercial", "shopping",
                       "shop", "jobs", "stellenmarkt", "marketplace", "lesermeinungen", "leserkommentare",
                       "kommentare", "discussion"})
# A list whose container (or its parent) says this is an ad, not a list of articles.
_AD_TOK = frozenset({"sponsored", "sponsor", "ad", "ads", "advertisement", "advert", "paid", "promoted",
                     "advertorial"})
# ... and, unless a list heading says otherwise, navigation aids: breadcrumbs, pagers, share rows,
# tag lists, navigation boxes, bylines, and promo boxes (a site's own teasers under 'Top Stories'
# are a list; a 'promo' box without such a heading may be a house ad).
_SOFT_SKIP_TOK = frozenset({"breadcrumb", "breadcrumbs", "pagination", "pager", "share", "sharing", "social",
                            "tags", "tag", "keywords", "catlinks", "navbox", "authors", "byline", "promo"})
_KIND_TOK = (
    ("most-read", frozenset({"popular", "mostpopular", "mostread", "trending", "ranking", "mostviewed",
                             "meistgelesen", "top10", "toplist", "most"})),
    ("latest", frozenset({"latest", "recent", "newest", "ticker", "timeline", "newsfeed", "breaking",
                          "aktuell", "neueste", "latestnews"})),
    ("more-from", frozenset({"morefrom", "moreon", "series"})),
    ("recommended", frozenset({"recommended", "recommendations", "picks", "featured", "highlights",
                               "suggested", "editorspicks"})),
    ("related", frozenset({"related", "similar", "readnext", "morestories", "relatedposts", "teasers",
                           "also", "seealso"})),
)
_RANK = re.compile(r"^(?:\d{1,2}[.)]?|#\d{1,2})\s+(?=\S)")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LABEL_TAGS = frozenset({"span", "div", "p", "strong", "b", "header", "label", "em", "li", "dt", "caption",
                         "legend", "button", "a"})
_SHARE_TEXT = re.compile(r"(?:share|teilen|partager|compartir|condividi)\b", re.I)


@functools.lru_cache(maxsize=4096)
def _host(url: str | None) -> str:
    try:
        h = (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return ""
    parts = h.split(".")
    keep = 3 if len(parts) >= 3 and len(parts[-2]) <= 3 and len(parts[-1]) == 2 else 2  # co.uk, com.ar
    return ".".join(parts[-keep:])


def _headline(title: str) -> bool:
    n = nwords(title)
    return 0 < len(title) <= HEADLINE_MAX_CHARS and not title.endswith(":") and \
        (n >= HEADLINE_MIN_WORDS or (n == 3 and len(title) >= HEADLINE_MIN_CHARS_3W)) and \
        not _SHARE_TEXT.match(title)


@functools.lru_cache(maxsize=4096)  # the list finders ask again about the links of each list
def _article_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https", ""):
        return False
    path = parts.path or "/"
    return dom._article_path(path) and not _NAV_PATH.search(path)


_ITEM_FRAGMENT = re.compile(r"[\w-]*\d{3,}[\w-]*")


@functools.lru_cache(maxsize=4096)  # the list finders ask again about the links of each list
def _path(url: str) -> str | None:
    try:
        return urlsplit(url).path or "/"
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)  # the list finders ask again about the links of each list
def _item_url(url: str, here: str | None = None) -> bool:
    """An item of another page's live feed or ticker ('/direct/#live-item-6196'): its own anchor
    (an anchor into this page, a note or a footnote, is not an article)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(parts.fragment) and bool(_ITEM_FRAGMENT.fullmatch(parts.fragment)) and \
        not _NAV_PATH.search(parts.path or "/") and (here is None or (parts.path or "/") != here)


def _link_title(a) -> str:
    """The headline of a card's link: its heading if it holds one, else its text without the
    source/age labels, a leading rank number or a kicker element set apart by its class."""
    t = dom._link_title(a)
    kids = [c for c in a if isinstance(c.tag, str)]
    if len(kids) >= 2 and not any(c.tag in _HEADING_TAGS for c in a.iter()):
        first = text_of(kids[0])
        tok = tokens_of(kids[0])
        if first and tok & {"kicker", "label", "category", "rubric", "overline", "eyebrow", "flag", "tag",
                            "topic", "dachzeile", "surtitre", "antetitulo"} and t.startswith(first):
            t = t[len(first):].strip(" :-–—|")
    return t


# In a list, at least this share of the links with text are headlines: a menu of section
# names with a few long ones among them is not a list of articles.
HEADLINE_SHARE = 0.5
_AGE_RX = re.compile(AGE_TEXT, re.I)
# Every match of `_AGE_RX` holds one of these (under the same flags): a digit, or the literal of a
# branch written without digits, with the whitespace that branch requires next to it. A text
# without any is not searched (a search costs about 0.1 ms; most link titles hold none).
_AGE_HINT = re.compile(
    r"\d|\sago|vor\s|il y a\s|hace\s|\s(?:fa|geleden|sedan|siden|temu)|(?:há|ha|před)\s|just now|yesterday"
    r"|today|gestern|heute|aujourd['’]hui|hier|ayer|hoy|oggi|ieri|hoje|ontem|vandaag|gisteren|idag|i dag"
    r"|igår|i går|dzisiaj|dziś|wczoraj|dnes|včera", re.I)
AGE_LABEL_MAX_CHARS = 60


def _menu_share(container, headlines: set) -> float:
    """The share of the container's items whose first link is a headline (items: its children
    that hold a link with text)."""
    items = heads = 0
    for child in container:
        if not isinstance(child.tag, str):
            continue
        lead = next((x for x in child.iter("a") if x.text or len(x)), None)
        if lead is None:
            continue
        items += 1
        heads += lead in headlines or any(x in headlines for x in child.iter("a"))
    return heads / items if items else 0.0


def never_record(title: str, url: str | None) -> bool:
    """A link that is never an article record, whatever list it stands in: a section, tag, topic,
    author or service page, or a relative-age label taken for a title ('Updated 3 hours ago')."""
    if url:
        try:
            path = urlsplit(url).path or "/"
        except ValueError:
            path = "/"
        if _NAV_PATH.search(path):
            return True
        segs = [x for x in path.split("/") if x]
        if len(segs) <= 1 and nwords(title) <= 2 and not any(ch.isdigit() for ch in path):
            return True  # '/grace-mugabe/' under 'Grace Mugabe': a topic page
    return len(title) <= AGE_LABEL_MAX_CHARS and _age_label(title)


@memoized  # each list finder, then each record, asks about the same short link texts
def _age_label(title: str) -> bool:
    """A relative-age label ('Updated 3 hours ago'): an age and at most one word more."""
    m = _AGE_RX.search(title) if _AGE_HINT.search(title) else None
    return bool(m) and nwords(title[:m.start()] + title[m.end():]) <= 1


# How far above a list its sponsored or comment wrapper may stand (a whole column classed 'ad-portal'
# around a news ticker says nothing about the ticker).
SKIP_DEPTH = 3


def _skip(el, stop, vocab=_SKIP_TOK) -> bool:
    """`el` or an ancestor below `stop` is sponsored, a comment thread (or, with `_SOFT_SKIP_TOK`,
    a share row, a pager or a tag list)."""
    p, depth = el, 0
    while p is not None and p is not stop and depth <= SKIP_DEPTH:
        if tokens_of(p) & vocab:
            return True
        p = p.getparent()
        depth += 1
    return False


def _heading_like(el) -> str | None:
    if not isinstance(el.tag, str) or el.tag not in _HEADING_TAGS | _LABEL_TAGS:
        return None
    t = text_of(el)
    if not t or len(t) > HEADING_MAX_CHARS or nwords(t) > 16:
        return None
    if el.tag not in _HEADING_TAGS and any(c.tag in ("ul", "ol", "p", "li") for c in el.iter() if c is not el):
        return None
    return t


def _heading_of(container, first_link, rules: RuleSet):
    """(element, text, zone, kind) of the list's heading; zone and kind are None when the text
    names none. A label that holds a pager and the heading ('Blättern / Zum Thema') is read part
    by part."""
    el, text = _find_heading(container, first_link)
    if not text:
        return el, text, None, None
    parts = [text] + ([t for t in (text_of(c) for c in el if isinstance(c.tag, str)) if t]
                      if el is not None else [])
    for t in parts:
        zone = dom._zone_kind(t, rules)
        kind = kind_of(t, rules, zone)
        if zone is not None or kind != "related":
            return el, t, zone, kind
    return el, text, None, None


def _find_heading(container, first_link):
    """The list's heading: the first short text inside the container before its first link, or a
    heading just before the container (up to two levels up), or the tab that labels its pane."""
    item = first_link
    while item.getparent() is not None and item.getparent() is not container:
        item = item.getparent()
    for el in container.iter():
        if el is item:
            break
        if el is container or not isinstance(el.tag, str):
            continue
        if el.tag in _HEADING_TAGS or (len(el) == 0 and el.tag in _LABEL_TAGS):
            t = _heading_like(el)
            if t:
                return el, t
    box = container
    for _ in range(3):
        sib = box.getprevious()
        seen = 0
        while sib is not None and seen < 2:
            if isinstance(sib.tag, str):
                t = text_of(sib)
                if t:
                    seen += 1
                    if sib.tag in _HEADING_TAGS or (sib.tag in _LABEL_TAGS and len(sib.findall(".//a")) <= 1):
                        h = _heading_like(sib)
                        if h:
                            # a 'See all' / '» Top 50' link between the heading and its list
                            above = _heading_above_link(sib) if sib.tag == "a" else None
                            return above or (sib, h)
                    break
            sib = sib.getprevious()
        if box.getprevious() is not None and any(isinstance(s.tag, str) and text_of(s)
                                                 for s in box.itersiblings(preceding=True)):
            break
        box = box.getparent()
        if box is None:
            break
    p = container
    while p is not None:
        lab = p.get("aria-labelledby") if p.get("role") == "tabpanel" or p.get("aria-labelledby") else None
        if lab:
            found = p.getroottree().getroot().xpath("//*[@id=$i]", i=lab.split()[0])
            if found and _heading_like(found[0]):
                return found[0], text_of(found[0])
        if p.get("id") and p.tag in ("section", "div", "ul", "ol"):  # a tab pane: the link that opens it
            tab = _anchor_link(p.getroottree().getroot(), "#" + p.get("id"))
            if tab is not None and _heading_like(tab):
                return tab, text_of(tab)
        if p.get("aria-label") and p.tag in ("section", "aside", "div", "ul", "ol"):
            t = " ".join(p.get("aria-label").split())
            if t and len(t) <= HEADING_MAX_CHARS:
                return None, t
        p = p.getparent()
        if p is None or p.tag == "body":
            break
    return None, ""


# The page's links to an anchor in it ('#id' -> the links, in document order), read once per tree:
# each list's ancestors with an id are looked up (a whole-page search each, the lists' largest cost).
_ANCHOR_LINKS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _anchor_link(root, href: str):
    """The first link of the page to `href` (an anchor in it) that still stands in the tree."""
    links = _ANCHOR_LINKS.get(root)
    if links is None:
        links = {}
        for a in root.xpath("//a[starts-with(@href, '#')]"):
            links.setdefault(a.get("href"), []).append(a)
        _ANCHOR_LINKS[root] = links
    for a in links.get(href, ()):
        if a.getroottree().getroot() is root:  # not dropped since (a list or chrome that went)
            return a
    return None


def _heading_above_link(link):
    """(element, text) of a heading (h1-h6) just before a link that stands between it and a list."""
    sib = link.getprevious()
    while sib is not None and not (isinstance(sib.tag, str) and text_of(sib)):
        sib = sib.getprevious()
    if sib is not None and sib.tag in _HEADING_TAGS:
        h = _heading_like(sib)
        if h:
            return sib, h
    return None


def _in_footer(el) -> bool:
    """A footer directory: links in the page's footer, found by their shape alone, are not a list."""
    p = el
    while p is not None:
        if p.tag == "footer" or (p.get("role") or "") == "contentinfo" or "footer" in tokens_of(p):
            return True
        p = p.getparent()
    return False


# How far above a list its class may name it ('most-popular' on the box around its <ul>).
CLASS_DEPTH = 3
_SLUG = re.compile(r"\d{4,}|[^\W_]+(?:[-_][^\W_]+){2,}")
_INDEX = re.compile(r"(?:index|default|home|start)\.\w{2,5}$", re.I)


def _strong_article_url(url: str | None) -> bool:
    """An address only an article has: a long number or a slug of three words or more in its path
    (or its anchor, for a live page's items); not a section's index page."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return False
    path = parts.path or "/"
    if _INDEX.search(path):
        return False
    return any(_SLUG.search(seg) for seg in path.split("/") if seg) or bool(_item_url(url or ""))


def _class_kind(container, stop, max_depth: int = CLASS_DEPTH) -> str | None:
    p, depth = container, 0
    while p is not None and p is not stop and depth <= max_depth:
        tok = tokens_of(p)
        if tok:
            for kind, vocab in _KIND_TOK:
                if tok & vocab:
                    return kind
            if {"most", "read"} <= tok or {"more", "from"} <= tok:
                return "most-read" if "most" in tok else "more-from"
        p = p.getparent()
        depth += 1
    return None


def _leads(a, item) -> bool:
    """The link leads its item: at most a rank, kicker or time stands before it."""
    before = []
    for el in item.iter():
        if el is a:
            break
        if isinstance(el.tag, str):
            before.append(el.text or "")
            if el is not item:
                before.append(el.tail or "")
    return len(dom.norm(" ".join(before))) <= LEAD_MAX_CHARS


class ListMemo:
    """What the list finders read of a page's links, kept for the page's other calls (the whole
    page, then each list split into lists: the same links again) while its tree stands unchanged:
    per link, None (no headline link to another article of the site) or its resolved address and
    headline, for the base and page address the memo was made for; and the navigation answers of
    elements (`dom._in_nav`). Exact: each answer is a function of the link's subtree and
    ancestors, and of the base and page addresses."""

    __slots__ = ("base", "page", "links", "nav")

    def __init__(self, base: str | None = None, page: str | None = None) -> None:
        self.base, self.page = base, page
        self.links: dict = {}
        self.nav: dict = {}


_UNSEEN = object()


def _link_entry(a, base: str | None, site: str, here: str | None, nav: dict):
    """(address, headline) of a headline link to another article of the site, else None."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    if nwords(text_of(a)) < 3 or dom._in_nav(a, nav):  # cheap first: menus are most links
        return None
    url = dom._resolve(href, base)
    if not url or (site and _host(url) != site) or not (_article_url(url) or _item_url(url, here)):
        return None
    if here and _path(url) == here:  # this page itself (its notes, its comments)
        return None
    title = _link_title(a)
    title = _RANK.sub("", title) if _RANK.match(title) and nwords(title) > HEADLINE_MIN_WORDS else title
    if not _headline(title):
        whole = text_of(a)  # a short headline over its teaser, both inside the link
        if whole == title or not _headline(whole) or len(whole) > HEADLINE_MAX_CHARS:
            return None
        title = whole
    return url, title


def more_lists(tree, main, rules: RuleSet, base: str | None, now: datetime | None,
               taken: list, page: str | None = None, memo: ListMemo | None = None) -> list[Block]:
    """Lists not found by `dom.related_blocks` (whose containers are `taken`); `page` is the
    page's own address (links to it are no records), `base` what links resolve against; `memo`
    the page's `ListMemo` (the tree unchanged since it was made)."""
    protected = set()
    p = main
    while p is not None:
        protected.add(p)
        p = p.getparent()
    site = _host(base)
    here = _path(page or base or "")
    here = None if here == "/" and not page else here
    body = tree.find("body") if hasattr(tree, "find") else None
    links = []
    in_taken = {x for t in taken for x in t.iter("a")}  # the links of the lists already found
    if memo is None or memo.base != base or memo.page != page:
        memo = ListMemo(base, page)
    seen, nav = memo.links, memo.nav
    for a in tree.iter("a"):
        if a in in_taken:
            continue
        entry = seen.get(a, _UNSEEN)
        if entry is _UNSEEN:
            entry = seen[a] = _link_entry(a, base, site, here, nav)
        if entry is not None:
            links.append((a, entry[0], entry[1]))
    if not links:
        return []
    # the smallest ancestor of each link that holds a headline link to another article
    urls_under: dict = {}
    for a, url, _ in links:
        p = a.getparent()
        while p is not None:
            urls_under.setdefault(p, set()).add(url)
            p = p.getparent()
    groups: dict = {}
    for a, url, title in links:
        c = a.getparent()
        while c is not None and len(urls_under.get(c, ())) < 2:
            c = c.getparent()
        if c is None or c in protected or c is body:
            continue
        groups.setdefault(c, []).append((a, url, title))
    blocks: list[Block] = []
    given = len(taken)

    def depth(el) -> int:
        n = 0
        while el is not None:
            el, n = el.getparent(), n + 1
        return n

    # innermost first: a column's own lists (each under its heading) are found before the column,
    # which keeps the links that stand in it outside them
    for c, members in sorted(groups.items(), key=lambda kv: -depth(kv[0])):
        if any(dom._is_ancestor(t, c) or dom._is_ancestor(c, t) for t in taken[:given]) or \
                any(dom._is_ancestor(t, c) for t in taken[given:]):
            continue
        if dom._in_nav(c, nav) or _skip(c, body):
            continue
        h_el, heading, zone, kind = _heading_of(c, members[0][0], rules)
        by_heading = zone is not None or (kind is not None and kind != "related")
        if not by_heading and _skip(c, body, _SOFT_SKIP_TOK):
            continue
        if _menu_share(c, {a for a, _, _ in members}) < HEADLINE_SHARE:
            continue  # a menu: most items lead with a short label
        recs: list[Rec] = []
        seen: set[str] = set()
        for a, url, title in members:
            if url in seen:
                continue
            item = a
            while item.getparent() is not None and item.getparent() is not c:
                item = item.getparent()
            if not _leads(a, item) or tokens_of(item) & _SKIP_TOK or never_record(title, url):
                continue
            rec = dom._record(a, item, base, now)
            if rec is None:
                continue
            rec.title, rec.url = title, url
            seen.add(url)
            recs.append(rec)
        if len(recs) < SIGNALLED_MIN:
            continue
        inside = main is not None and dom._is_ancestor(main, c)
        # inside the article, only a heading or the list's own class says it is a list
        signalled = by_heading or _class_kind(c, body, 1 if inside else CLASS_DEPTH) is not None
        if not signalled and (inside or len(recs) < SHAPE_MIN or _in_footer(c) or
                              not all(_strong_article_url(r.url) for r in recs)):
            continue
        if kind is None or (kind == "related" and zone is None):
            kind = _class_kind(c, body) or "related"
        blocks.append(Block(c, h_el, recs, kind, heading, "HT110" if signalled else "HT114"))
        taken.append(c)
    return blocks


def name_lists(blocks: list[Block], rules: RuleSet) -> None:
    """Lists found without a heading (by their class) get the one that stands above or inside them,
    when it names a kind; a link in that heading (the stream's or section's page) is not a record."""
    for b in blocks:
        if b.heading is not None or b.label or not b.records or b.records[0].el is None:
            continue
        first = b.records[0].el
        if not dom._is_ancestor(b.el, first) or first is b.el:
            continue
        h_el, text, zone, kind = _heading_of(b.el, first, rules)
        if not text:  # the first 'record' is the link in the heading ('More from this stream <link>')
            h_el = _heading_holding(b.el, first, b.records[0].title)
            text = text_of(h_el) if h_el is not None else ""
            zone = dom._zone_kind(text, rules) if text else None
            kind = kind_of(text, rules, zone) if text else None
        if not text or (zone is None and kind in (None, "related")):
            continue
        b.label = text
        if h_el is not None and dom._is_ancestor(b.el, h_el):
            b.heading = h_el
        b.records = [r for r in b.records if r.title not in text]


def _heading_holding(container, el, title: str):
    """The heading (h1-h6) below `container` that holds `el` and more text than its link's."""
    p = el
    while p is not None and p is not container:
        if isinstance(p.tag, str) and p.tag in _HEADING_TAGS:
            t = _heading_like(p)
            return p if t and t != title and title in t else None
        p = p.getparent()
    return None


def split_lists(blocks: list[Block], main, rules: RuleSet, base: str | None,
                now: datetime | None, page: str | None = None, memo: ListMemo | None = None) -> list[Block]:
    """A related-classed container without a heading that holds several lists, each under its own
    heading ('Galleries', then 'News latest'), is read as those lists; records outside them stay
    with the container."""
    out: list[Block] = []
    known = {b.el for b in blocks}
    for b in blocks:
        headed = b.heading is not None or bool(b.label)
        if not headed:
            _name_run(b, rules)
            headed = b.heading is not None
        if len(b.records) < 2 * SIGNALLED_MIN:
            out.append(b)
            continue
        subs = [x for x in more_lists(b.el, main, rules, base, now, [], page, memo)
                if x.el is not b.el and x.el not in known and x.label]
        if headed:
            # a column under a heading ('Other news', or 'Latest news' over the column's last
            # run) holding a list under its own heading that names another kind ('Most viewed in
            # Society', a 'Most read' tab): that list is read as its own
            own = kind_of(text_of(b.heading) if b.heading is not None else b.label, rules, b.kind)
            subs = [x for x in subs if x.kind not in ("related", own) and x.heading is not b.heading and
                    (b.heading is None or not dom._is_ancestor(x.el, b.heading))]
        if len(subs) < (1 if headed else 2):
            out.append(b)
            continue
        inner = {r.url for x in subs for r in x.records}
        out.extend(subs)
        b.records = [r for r in b.records if r.url not in inner]
        if len(b.records) < SIGNALLED_MIN:
            b.records = []  # what is left beside the lists (a widget's link) is no list
        out.append(b)  # last: dropping its container drops the lists in it
    return out


# Of a container's records, the share that must follow one heading among its children for that
# heading to name the list.
RUN_SHARE = 0.75


def _name_run(b: Block, rules: RuleSet) -> None:
    """A container's records that follow one heading among its children ('Letzte Meldungen' over a
    run of teaser paragraphs, with no element of their own) are that heading's list, when it names
    a kind and stands over RUN_SHARE of them."""
    if len(b.records) < SIGNALLED_MIN:
        return
    heads: dict = {}
    for r in b.records:
        item = r.el
        while item is not None and item.getparent() is not b.el:
            item = item.getparent()
        if item is None:
            return
        h = item.getprevious()
        while h is not None and not (isinstance(h.tag, str) and h.tag in _HEADING_TAGS):
            h = h.getprevious()
        if h is not None:
            heads[h] = heads.get(h, 0) + 1
    if not heads:
        return
    h, n = max(heads.items(), key=lambda kv: kv[1])
    if n < SIGNALLED_MIN or n < RUN_SHARE * len(b.records):
        return
    text = _heading_like(h)
    if not text:
        return
    zone = dom._zone_kind(text, rules)
    kind = kind_of(text, rules, zone)
    if zone is None and kind == "related":
        return
    b.heading, b.label, b.kind = h, text, kind
    b.records = [r for r in b.records if r.title not in text]


# A reference page's hatnote ('See also: X', 'Main article: X' above a section) by its container.
_HATNOTE_TOK = frozenset({"hatnote", "hatnotes", "rellink", "dablink", "mainarticle", "relarticle"})
HATNOTE_DEPTH = 2


def hatnote(b: Block, rules: RuleSet) -> bool:
    """A note pointing to a fuller page on the section's subject (RL135), no list of articles: its
    container says so (class hatnote, rellink, dablink), or its label does ('Main article',
    'Further information', 'Hauptartikel', 'Article détaillé')."""
    if not rules.enabled("RL135"):
        return False
    p, depth = b.el, 0
    while p is not None and depth <= HATNOTE_DEPTH:
        if tokens_of(p) & _HATNOTE_TOK:
            return True
        p, depth = p.getparent(), depth + 1
    rule = rules.get("RL135")
    label = b.label or (text_of(b.heading) if b.heading is not None else "")
    label = " ".join(label.split()).strip(" :-–—|›»")
    return bool(label) and rule is not None and rule.rx is not None and rule.match_line(label)


def drop_hatnotes(blocks: list[Block], rules: RuleSet) -> list[Block]:
    """The blocks without the hatnotes among them (their text stays where it stands)."""
    return [b for b in blocks if not hatnote(b, rules)]


def sponsored(b: Block, rules: RuleSet) -> bool:
    """A list of sponsored, promoted or partner cards: by its container's class (or a wrapper's,
    up to SKIP_DEPTH above it) or by its heading ('Around the web', 'Promoted stories')."""
    heading = text_of(b.heading) if b.heading is not None else b.label
    p, depth = b.el, 0
    while p is not None and depth <= 1:
        if tokens_of(p) & _AD_TOK:
            return True
        p, depth = p.getparent(), depth + 1
    return sponsored_heading(heading, rules)


_AGE_WORD = re.compile(r"\bago\b|\bvor\b|il y a|\bhace\b|\bfa\b|geleden|\btemu\b|\bsedan\b|\bhá\b|\bpřed\b", re.I)


def split_age(title: str) -> tuple[str, str | None]:
    """'Obama urges UK to stay in European Union 4 hours ago' -> (headline, '4 hours ago'): a
    relative age the card prints after its headline, inside the link. Only its long forms ('3 hours
    ago', 'vor 2 Stunden'): a headline ending in '30 m' or in a date ('Weekly Edition for April 23,
    2015') keeps it."""
    ws = title.split()
    for n in (5, 4, 3, 2):
        if len(ws) - n < 2:
            continue
        tail = " ".join(ws[-n:])
        if _AGE_WORD.search(tail) and _AGE_RX.fullmatch(tail):
            return " ".join(ws[:-n]).rstrip(" -–—|·,"), tail
    return title, None


# A subscription or exclusivity marker printed with a card's headline, at its start or its end:
# words no headline starts with ('Abo', 'Réservé aux abonnés') stand bare; words a headline may
# start with ('Premium', 'Plus', 'Exclusive') only before a separator ('Premium: ...', '... | Plus').
_MARKER_BARE = r"(?:abo\+?|\+|réservé aux abonnés|abonnés|exklusiv|suscriptores|assinantes?|subscribers? only)"
_MARKER_SEP = r"(?:premium|plus|exclusive|exclusivo|esclusiva|exclusif|abonnement|subscriber)"
_MARKER_HEAD = re.compile(rf"^(?:{_MARKER_BARE}\s*[:|·•–—-]?|{_MARKER_SEP}\s*[:|·•–—-])\s+(?=\S)", re.I)
_MARKER_TAIL = re.compile(rf"(?:\s*[|·•–—-]?\s+{_MARKER_BARE}|\s*[|·•–—-]\s+{_MARKER_SEP})$", re.I)


def strip_marker(title: str) -> str:
    """'Abo Hitzewelle erreicht den Süden' -> 'Hitzewelle erreicht den Süden' (when three words or
    more are left)."""
    m = _MARKER_HEAD.search(title)
    if m and nwords(title[m.end():]) >= 3:
        title = title[m.end():].strip()
    m = _MARKER_TAIL.search(title)
    if m and nwords(title[:m.start()]) >= 3:
        title = title[:m.start()].strip()
    return title
