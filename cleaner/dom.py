"""DOM evidence for HTML mode: metadata, related-article blocks, and chrome elements.

Everything here reads the parsed lxml tree once, before main-content extraction:
  - `metadata`: title (h1 / og:title / <title> reconciled, site-name suffix dropped), byline,
    published date (meta tags, JSON-LD, <time>), and the base URL links resolve against
    (<base href>, the page URL, the canonical link, og:url).
  - `find_main`: the element holding most paragraph text (the article body); chrome found inside
    it may only be small, and none of its ancestors is ever removed.
  - `chrome`: elements whose tag, role, attributes or class/id vocabulary mark them as chrome
    (figcaption/credit, share, newsletter, comments, ads/promo, cookie banners, nav/aside/footer,
    hidden nodes, author bios, most-read lists) -> (element, rule id) pairs.
  - `related_blocks`: >= 2 article links under a related-style heading or container -> records.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree

from . import ages
from .rules.registry import RuleSet
from .textfeatures import is_prose, words

_WS = re.compile(r"\s+")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WORD = re.compile(r"\w")


def norm(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def nwords(text: str) -> int:
    """`textfeatures.words`, cheaply: whitespace words, unless the text is written without spaces."""
    ws = text.split()
    # a word of letters and digits alone is no punctuation: only the others go to the regex
    n = len(ws) - sum(1 for w in ws if not w.isalnum() and _PUNCT_ONLY.fullmatch(w))
    return n if n * 12 >= len(text) else max(n, words(text))


_PUNCT_ONLY = re.compile(r"[^\w]+")


def text_of(el) -> str:
    """The element's text, whitespace normalised: its pieces joined by a space."""
    if el.tag.__class__ is not str:  # a comment or a processing instruction
        return ""
    if not len(el):  # a leaf (most links and spans): its text alone
        t = el.text
        return " ".join(t.split()) if t else ""
    return " ".join(" ".join(_TEXT_NODES(el)).split())


# The pieces `el.itertext()` yields (its text, its descendants' texts and tails, in document order),
# read by libxml2 in one call as plain strings: about a fifth cheaper than lxml's iterator.
_TEXT_NODES = etree.XPath("descendant::text()", smart_strings=False)


_EMPTY: frozenset[str] = frozenset()


def tokens_of(el) -> frozenset[str]:
    """Class and id vocabulary: 'c-related-stories__list' -> {c, related, stories, list}."""
    cls = el.get("class")
    ident = el.get("id") if el.tag in _ID_TAGS else None
    if not cls and not ident:
        return _EMPTY
    return _tok_str(f"{cls or ''} {ident or ''}")


@functools.lru_cache(maxsize=8192)
def _tok_str(raw: str) -> frozenset[str]:
    raw = _CAMEL.sub("-", raw).lower()
    return frozenset(t for t in _TOKEN_SPLIT.split(raw) if t)


# An id is vocabulary only on containers: heading and span ids are often made from their text.
_ID_TAGS = {"div", "section", "aside", "ul", "ol", "nav", "footer", "header", "form", "table", "article"}


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO_DATE.search(value)
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).date().isoformat()
    except ValueError:
        return None


# --- metadata -------------------------------------------------------------------------------

@dataclass
class Meta:
    title: str | None = None
    title_el: object = None
    byline: str | None = None
    published: str | None = None
    base: str | None = None
    article_type: bool | None = None  # og:type / JSON-LD says article (True) or not (False)
    site: str | None = None


_SITE_SEP = re.compile(r"\s+(?:\||-|–|—|·|::|»|/)\s+")
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportage", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "techarticle",
                  "scholarlyarticle", "report", "liveblogposting", "posting", "socialmediaposting"}
_BY_PREFIX = re.compile(r"^(?:(?:written|posted|published|reported|story|text)\s+)?(?:by|von|par|por|di|door|av|de|文|記者)\s*[:：]?\s+",
                        re.IGNORECASE)
_BYLINE_TAIL = re.compile(r"\s*(?:[,|·•]\s*(?:\d|updated|published|staff|reporter|correspondent).*|\s+(?:on|am|le|el)\s+\d.*)$",
                          re.IGNORECASE)


def _jsonld_objects(tree) -> list[dict]:
    out: list[dict] = []
    for s in tree.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
            elif isinstance(d, dict):
                out.append(d)
                if "@graph" in d:
                    stack.append(d["@graph"])
    return out


def _ld_type(d: dict) -> set[str]:
    t = d.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        n = value.get("name")
        return [n] if isinstance(n, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def clean_byline(text: str | None) -> str | None:
    text = norm(text)
    if not text or text.startswith(("http://", "https://", "@")) or len(text) > 100:
        return None
    text = _BY_PREFIX.sub("", text)
    text = _BYLINE_TAIL.sub("", text).strip(" ,|·•:：")
    if not text or len(text) > 80 or nwords(text) > 12:
        return None
    return text


def _strip_site(title: str, site: str | None) -> str:
    parts = [p.strip() for p in _SITE_SEP.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    if site:
        s = site.lower()
        kept = [p for p in parts if p.lower() != s and s not in p.lower()]
        if kept and len(kept) < len(parts):
            return _SITE_SEP_JOIN(title, kept)
    # 'Story | Site' or 'Site | Story': the site name is the short side.
    first, last = parts[0], parts[-1]
    if nwords(last) <= 4 and nwords(first) > nwords(last):
        return title[:title.rfind(last)].rstrip(" |-–—·:»/")
    if nwords(first) <= 3 and nwords(last) > nwords(first) + 2:
        return title[title.find(first) + len(first):].lstrip(" |-–—·:»/")
    return title.strip()


def _SITE_SEP_JOIN(title: str, kept: list[str]) -> str:
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip()


def _same(a: str, b: str) -> bool:
    return norm(a).lower().strip(" .") == norm(b).lower().strip(" .")


def metadata(tree, url: str | None, main) -> Meta:
    meta = Meta()
    props: dict[str, str] = {}
    canonical = None
    base_href = None
    for el in tree.iter("meta", "link", "base"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower().strip()
            val = el.get("content")
            if key and val and key not in props:
                props[key] = norm(val)
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            if "canonical" in rel and el.get("href") and canonical is None:
                canonical = el.get("href").strip()
        elif tag == "base" and el.get("href") and base_href is None:
            base_href = el.get("href").strip()
    ld = [d for d in _jsonld_objects(tree) if _ld_type(d) & _ARTICLE_TYPES]
    art = ld[0] if ld else {}

    # base URL: <base href> (itself resolved against the page), the page URL, canonical, og:url
    page = url or None
    if page and canonical:
        canonical = urljoin(page, canonical)
    anchor_url = page or canonical or props.get("og:url")
    meta.base = urljoin(anchor_url or "", base_href) if base_href else anchor_url

    meta.site = props.get("og:site_name") or props.get("application-name")
    og_type = props.get("og:type", "").lower()
    if art or og_type == "article":
        meta.article_type = True
    elif og_type in ("website", "profile", "video.other", "product"):
        meta.article_type = False

    # title: the h1 that the page title or og:title confirms, else og:title, headline, <title>
    h1s = [h for h in tree.iter("h1") if text_of(h)]
    if main is not None:
        inside = [h for h in h1s if _is_ancestor(h, main) or _is_ancestor(main, h) or _near(h, main)]
        h1s = inside + [h for h in h1s if h not in inside]
    og = props.get("og:title") or props.get("twitter:title")
    headline = art.get("headline") if isinstance(art.get("headline"), str) else None
    page_title = None
    for t in tree.iter("title"):
        page_title = text_of(t)
        break
    refs = [x for x in (og, headline, page_title) if x]
    chosen = None
    for h in h1s[:3]:
        ht = text_of(h)
        if any(_same(ht, r) or norm(ht).lower() in norm(r).lower() for r in refs):
            chosen, meta.title_el = ht, h
            break
    if chosen is not None and main is not None and not any(_same(chosen, r) for r in refs):
        # a blog's h1 is its name, part of the page title: the post's own heading over the
        # article that the page title also holds is the headline
        post = _post_heading(main, chosen, refs)
        if post is not None:
            chosen, meta.title_el = text_of(post), post
    if chosen is None and len(h1s) == 1 and nwords(text_of(h1s[0])) >= 3 and not refs:
        chosen, meta.title_el = text_of(h1s[0]), h1s[0]
    if chosen is None:
        for r in (headline, og, page_title):
            if r:
                chosen = _strip_site(norm(r), meta.site)
                break
        if chosen and h1s:
            for h in h1s[:3]:
                if _same(text_of(h), chosen):
                    meta.title_el = h
    if chosen is None and h1s:
        chosen, meta.title_el = text_of(h1s[0]), h1s[0]
    meta.title = norm(chosen) or None

    # byline
    names = [n.strip() for n in _names(art.get("author")) if n and n.strip()]
    cands: list[str | None] = []
    if names:
        cands.append(names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    cands.append(props.get("author") or props.get("article:author") or props.get("dc.creator")
                 or props.get("sailthru.author") or props.get("parsely-author"))
    for c in cands:
        b = clean_byline(c)
        if b:
            meta.byline = b
            break
    else:
        # the byline stands near the headline: search the title's or the body's wrapper
        for el in _near_scope(tree, meta.title_el, main).iter("*"):
            if el.get("rel") != "author" and el.get("itemprop") != "author" and \
                    not _class_has(el, ("author", "byline")):
                continue
            if el.tag in ("body", "html", "article", "main"):
                continue
            if not (el.get("rel") == "author" or el.get("itemprop") == "author"
                    or {"byline", "author"} & tokens_of(el)):
                continue
            t = text_of(el)
            b = clean_byline(t) if t and nwords(t) <= 15 else None
            if b:
                meta.byline = b
                break

    # published
    for c in (art.get("datePublished"), props.get("article:published_time"),
              props.get("og:published_time"), props.get("datepublished"), props.get("pubdate"),
              props.get("publishdate"), props.get("date"), props.get("dc.date"),
              props.get("dc.date.issued"), props.get("parsely-pub-date"), props.get("sailthru.date"),
              art.get("dateCreated")):
        if isinstance(c, str) and _iso(c):
            meta.published = _iso(c)
            break
    if meta.published is None:
        # the date line stands near the headline: search the title's or the body's wrapper
        meta.published = _stated_date(_near_scope(tree, meta.title_el, main))
    if meta.published is None:
        scope = main.getparent() if main is not None and main.getparent() is not None else tree
        for t in list(scope.iter("time")) + list(tree.iter("time")):
            d = _iso(t.get("datetime")) or _iso(text_of(t))
            if d:
                meta.published = d
                break
    return meta


_DATE_TOK = frozenset({"byline", "date", "dateline", "published", "pubdate", "timestamp", "meta",
                       "posted", "time"})
_DATE_RX = [rx for rx in ages._ABSOLUTE if "mon" in rx.groupindex]


def _near_scope(tree, title_el, main):
    """The headline's (or else the article body's) great-grandparent: where bylines and dates stand."""
    near = title_el if title_el is not None else main
    if near is None:
        return tree
    for _ in range(3):
        if near.getparent() is None:
            break
        near = near.getparent()
    return near


def _class_has(el, words_: tuple[str, ...]) -> bool:
    """Cheap prefilter on the raw class/id string before `tokens_of` checks whole words."""
    raw = (el.get("class") or "") + (el.get("id") or "")
    if not raw:
        return False
    raw = raw.lower()
    return any(w in raw for w in words_)


_DATE_WORDS = ("byline", "date", "published", "timestamp", "meta", "posted", "time")


def _stated_date(scope) -> str | None:
    """'Published July 8, 2025' in a byline/date element, when no markup gives the date."""
    seen = 0
    for el in scope.iter("*"):
        if not _class_has(el, _DATE_WORDS) or not (tokens_of(el) & _DATE_TOK):
            continue
        seen += 1
        if seen > 20:
            break
        t = text_of(el)
        if len(t) > 200:
            continue
        for rx in _DATE_RX:
            m = rx.search(t)
            if m:
                d = ages.published(m.group(0), None)
                if d:
                    return d
    return None


def _is_ancestor(a, b) -> bool:
    """a is b or an ancestor of b."""
    while b is not None:
        if b is a:
            return True
        b = b.getparent()
    return False


def _post_heading(main, site: str, refs: list[str]):
    """The first heading, outside links and lists, whose text the page title holds beside
    `site` (the blog's name in its h1): 'Blog name: Post title' over an <h3> post title."""
    low = [norm(r).lower() for r in refs]
    site = norm(site).lower()
    for h in main.getroottree().iter("h2", "h3", "h4"):
        t = norm(text_of(h)).lower()
        if nwords(t) < 3 or len(t) <= len(site) or any(a.tag in ("a", "li") for a in h.iterancestors()):
            continue
        if any(t in r and site in r and not _WORD.search(r.replace(t, " ").replace(site, " ")) for r in low):
            return h  # the page title is the two and separators only
    return None


def _near(h, main) -> bool:
    """h stands in the article's wrapper (the main element's parent or grandparent)."""
    p = main.getparent()
    for _ in range(2):
        if p is None:
            return False
        if _is_ancestor(p, h):
            return True
        p = p.getparent()
    return False


# --- the article body container ------------------------------------------------------------

_PARA_TAGS = {"p", "blockquote", "pre", "li", "h2", "h3", "h4"}
# Containers whose own text (br-separated layouts, text straight in an <article>) counts as prose.
_OWN_TEXT_TAGS = ("div", "td", "article", "section", "main", "center", "font", "dd")


def find_main(tree):
    """The element whose paragraphs hold the most non-link words: <p> children count for their
    parent (and half for the grandparent), text standing directly in a <div>/<td> (br-separated
    layouts) counts for the element itself."""
    score: dict = {}
    direct: dict = {}
    for p in tree.iter("p", "pre", *_OWN_TEXT_TAGS):
        # characters, not words: cheap, and fair to scripts written without spaces
        if p.tag in ("p", "pre"):
            n = len(_joined(p).strip())
            if n < 25:
                continue
            n -= sum(len(_joined(a)) for a in p.iter("a"))
            par = p.getparent()
        else:
            own = (p.text or "") + " ".join([t for c in p if (t := c.tail) and c.tag != "a"])
            n = len(own.strip())
            n = n if n > 40 else 0
            par = p
        if n <= 0 or par is None:
            continue
        score[par] = score.get(par, 0) + n
        direct[par] = direct.get(par, 0) + n
        gp = par.getparent()
        if gp is not None:
            score[gp] = score.get(gp, 0) + n * 0.5  # sibling wrappers (paragraph <div>s)
    if not score:
        return None
    best = max(score, key=score.get)
    # the article runs on in paragraphs beside the best block (a lead above a 'read more' part):
    # the container is their common parent
    for _ in range(MAIN_CLIMB):
        up = best.getparent()
        if up is None or up.tag in ("body", "html") or \
                direct.get(up, 0) < max(SIBLING_PROSE_MIN, SIBLING_PROSE_SHARE * direct.get(best, 0)):
            break
        best = up
    return best


def _joined(el) -> str:
    """`"".join(el.itertext())`: a leaf's text, else its text pieces read in one call."""
    if len(el):
        return "".join(_TEXT_NODES(el))
    return el.text or ""


# Prose standing beside the best block in its parent that makes the parent the container.
MAIN_CLIMB = 2
SIBLING_PROSE_MIN = 300
SIBLING_PROSE_SHARE = 0.15


_LEAF_TAGS = {"p", "pre", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "figcaption"}
_HEAD_TAGS = {"h2", "h3", "h4", "h5", "h6", "dt"}
_NESTED = ("p", "li", "blockquote", "pre", "div", "table", "ul", "ol", "figure", "section")
# A container block shorter than this (a label, a button) is no prose to keep; headings may be short.
PROSE_MIN_CHARS = 25


def prose_blocks(main) -> list[tuple[str, int]]:
    """(text, source line) of the article container's blocks in document order: paragraphs, list
    items, quotes, code, subheadings, and text standing directly in a container (br layouts).
    Link lists, scripts and forms are not prose."""
    out: list[tuple[str, int]] = []

    def add(text: str, el):
        text = norm(text)
        if text and (len(text) >= PROSE_MIN_CHARS or el.tag in _HEAD_TAGS):
            out.append((text, el.sourceline or 1))

    def walk(el, tag):
        if tag in _NOT_PROSE:
            return
        items = el.items()  # one read of the attributes for both questions
        if items:
            attrs = dict(items)
            if _raw_has(attrs, _META_WORDS) and _tokens_by(el, attrs) & _META_TOK:
                return  # the byline and dateline: metadata, not prose
            if el is not main and _hidden_by(el, attrs):
                return
        if tag in _LEAF_TAGS and not any(c is not el for c in el.iter(*_NESTED)):
            if link_density(el) < 0.5:
                add(visible_text(el), el)
            return  # its text is taken whole
        if tag in _OWN_TEXT_TAGS:
            parts, linked = [el.text or ""], 0
            for c in el:
                ctag = c.tag
                if ctag.__class__ is not str:
                    pass
                elif ctag == "br" or ctag in _LEAF_TAGS or ctag in _NESTED or ctag in _OWN_TEXT_TAGS \
                        and not _inline_only(c):
                    own(parts, linked, el)
                    parts, linked = [], 0
                elif ctag not in _NOT_PROSE and not is_hidden(c):
                    t = visible_text(c)
                    parts.append(t)
                    linked += len(t) if ctag == "a" else sum(len(text_of(a)) for a in c.iter("a"))
                parts.append(c.tail or "")
            own(parts, linked, el)
        for c in el:
            ctag = c.tag  # read once: lxml makes a new string at each read
            if ctag.__class__ is str and not (ctag in _INLINE and _inline_only(c)):
                walk(c, ctag)

    def own(parts: list[str], linked: int, el):
        text = norm(" ".join(parts))
        if text and linked < 0.5 * len(text):
            add(text, el)

    if main.tag.__class__ is str:
        walk(main, main.tag)
    return out


_META_WORDS = _DATE_WORDS + ("author", "byline", "share")
_META_TOK = _DATE_TOK | {"author", "authors", "byline", "share", "sharing"}


# Responsive utility classes hide an element on some screens only ('hidden-xs', 'd-none d-md-block').
_SCREENS = frozenset({"xs", "sm", "md", "lg", "xl", "xxl", "mobile", "desktop", "tablet", "print", "phone",
                      "small", "medium", "large"})


def is_hidden(el) -> bool:
    """Hidden from every reader: the hidden attribute, display:none, aria-hidden blocks, a plain
    'hidden' class (not a responsive one)."""
    items = el.items()  # one read of the attributes (each `el.get` parses its key again)
    return bool(items) and _hidden_by(el, dict(items))


def _hidden_by(el, attrs: dict) -> bool:
    """`is_hidden(el)` from its attributes `attrs` (`dict(el.items())`)."""
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if attrs.get("aria-hidden") == "true" and el.tag in _BLOCKS:
        return True
    if _raw_has(attrs, ("hidden", "hide")):
        tok = _tokens_by(el, attrs)
        return bool(tok & {"hidden", "hide"}) and not tok & _SCREENS
    return False


def _raw_has(attrs: dict, words_: tuple[str, ...]) -> bool:
    """`_class_has` from the element's attributes."""
    raw = (attrs.get("class") or "") + (attrs.get("id") or "")
    if not raw:
        return False
    raw = raw.lower()
    return any(w in raw for w in words_)


def _tokens_by(el, attrs: dict) -> frozenset[str]:
    """`tokens_of(el)` from its attributes."""
    cls = attrs.get("class")
    ident = attrs.get("id")
    if ident is not None and el.tag not in _ID_TAGS:
        ident = None
    if not cls and not ident:
        return _EMPTY
    return _tok_str(f"{cls or ''} {ident or ''}")


def visible_text(el) -> str:
    """The element's text without scripts, styles and hidden descendants."""
    if not len(el):  # a leaf: its text alone
        t = el.text
        return " ".join(t.split()) if t else ""
    parts: list[str] = []

    def rec(e):
        parts.append(e.text or "")
        for c in e:
            tag = c.tag
            if tag.__class__ is str and tag not in _NO_TEXT and not is_hidden(c):
                rec(c)
            parts.append(c.tail or "")

    rec(el)
    return norm(" ".join(parts))


_NO_TEXT = {"script", "style", "template", "noscript", "svg", "button", "select"}


def _inline_only(el) -> bool:
    return el.find(".//p") is None and el.find(".//div") is None and el.find(".//br") is None


_NOT_PROSE = {"script", "style", "template", "form", "button", "select", "nav", "h1", "noscript", "svg",
              "time", "address"}
_INLINE = {"a", "span", "em", "strong", "b", "i", "u", "small", "sup", "sub", "code", "mark", "abbr",
           "cite", "q", "time", "br", "img", "font", "label"}


# Elements that start a block of text of their own in the page as a reader sees it.
_FLOW_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "dd", "dt",
                          "blockquote", "pre", "section", "article", "header", "footer", "ul", "ol", "dl",
                          "table", "figure", "figcaption", "caption", "form", "nav", "aside", "main", "body",
                          "address", "details", "summary", "fieldset", "label", "option", "br", "hr"})


def text_blocks(body, skip=frozenset()) -> list[tuple[str, int]]:
    """(text, source line) of every block of visible text under `body`, in document order; the
    subtrees of `skip` left out."""
    out: list[tuple[str, int]] = []
    # the pieces of the block being read: its non-empty texts and tails (empty ones change nothing
    # in its normalised text), and whether any text or tail, empty or not, was read since the last
    # block ended (the block's source line is the first element's read after it)
    buf: list[str] = []
    fresh = True
    at = 1

    def flush():
        if buf:
            t = norm(" ".join(buf))
            if t:
                out.append((t, at))
            buf.clear()

    walker = etree.iterwalk(body, events=("start", "end"))
    for ev, el in walker:
        tag = el.tag  # read once: lxml makes a new string at each read
        if tag.__class__ is not str:
            tag = None
        if ev == "start":
            if tag is None or tag in _NO_TEXT or skip and el in skip:
                walker.skip_subtree()
                if not fresh and tag in _FLOW_BLOCKS and el in skip:
                    flush()
                    fresh = True
                continue
            if not fresh and tag in _FLOW_BLOCKS:
                flush()
                fresh = True
            if fresh:
                at = el.sourceline or at
                fresh = False
            text = el.text
            if text:
                buf.append(text)
        else:
            if not fresh and tag in _FLOW_BLOCKS:
                flush()
                fresh = True
            if el is not body:
                tail = el.tail
                if fresh and tail and tail.strip():
                    at = el.sourceline or at
                fresh = False
                if tail:
                    buf.append(tail)
    flush()
    return out


# --- chrome elements ------------------------------------------------------------------------

_VOCAB: list[tuple[str, frozenset[str]]] = [
    ("HT101", frozenset({"caption", "figcaption", "credit", "credits", "photocredit", "imagecredit"})),
    ("HT102", frozenset({"share", "sharing", "social", "sharedaddy", "addthis", "sharebar",
                         "shareable", "socials", "sociallinks"})),
    ("HT103", frozenset({"newsletter", "newsletters", "subscribe", "subscription", "signup",
                         "optin", "mailinglist"})),
    ("HT104", frozenset({"comment", "comments", "disqus", "respond", "commentlist", "reactions",
                         "feedback"})),
    ("HT105", frozenset({"ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot",
                         "adunit", "adcontainer", "sponsor", "sponsored", "promo",
                         "outbrain", "taboola", "dfp", "poll", "quiz", "survey", "paywall", "meter", "commercial", "native"})),
    ("HT106", frozenset({"cookie", "cookies", "consent", "gdpr", "cmp"})),
    ("HT107", frozenset({"breadcrumb", "breadcrumbs", "navbar", "menu", "sidebar", "widget",
                         "widgets", "toolbar", "tools", "pagination", "prevnext", "postnav"})),
    ("HT109", frozenset({"bio", "authorbio", "authorbox", "about"})),
    ("HT111", frozenset({"trending", "popular", "mostread", "mostpopular", "ranking", "latest"})),
]
_PAIRS = {("most", "read"): "HT111", ("most", "popular"): "HT111", ("most", "viewed"): "HT111",
          ("author", "bio"): "HT109", ("author", "box"): "HT109", ("post", "navigation"): "HT107",
          ("print", "edition"): "HT109", ("audio", "player"): "HT105", ("listen", "article"): "HT105"}
_STRUCT = {"nav": "HT107", "footer": "HT107", "aside": "HT107", "figcaption": "HT101",
           "form": "HT103", "dialog": "HT106", "noscript": "HT108"}
_ROLES = {"navigation": "HT107", "contentinfo": "HT107", "complementary": "HT107",
          "dialog": "HT106", "alertdialog": "HT106", "banner": None}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCKS = {"div", "p", "section", "aside", "blockquote", "figure", "ul", "ol", "table", "form"}
# Chrome found inside the article container may hold at most this share of its words.
INSIDE_MAX_SHARE = 0.3


# Words that make a vocabulary hit no chrome: a live ticker's or a gallery's entries classed
# 'comment' are the article's items; a page builder's 'widget' wraps the article's own blocks;
# 'cmp' is as often a CMS component ('cmp-text', 'cmp-container') as a consent platform.
_ITEM_TOK = frozenset({"live", "ticker", "liveticker", "liveblog", "livefeed", "timeline", "gallery",
                       "slide", "slides", "slideshow"})
_BUILDER_TOK = frozenset({"elementor", "wpb", "vc", "fusion", "siteorigin", "fl", "et", "pb", "divi",
                          "oxy", "brxe", "kc"})
_CMP_WITH = frozenset({"banner", "modal", "popup", "overlay", "dialog", "notice", "consent", "cookie"})
_WEAK_HITS = {"HT104": (None, _ITEM_TOK), "HT107": (frozenset({"widget", "widgets"}), _BUILDER_TOK)}


@functools.lru_cache(maxsize=4096)
def _vocab_rule(tok: frozenset[str]) -> str | None:
    for rid, vocab in _VOCAB:
        hits = tok & vocab
        if not hits:
            continue
        if rid == "HT106" and hits == {"cmp"} and not tok & _CMP_WITH:
            continue
        weak = _WEAK_HITS.get(rid)
        if weak is not None and (weak[0] is None or hits <= weak[0]) and tok & weak[1]:
            continue
        return rid
    for (a, b), rid in _PAIRS.items():
        if a in tok and b in tok:
            return rid
    return None


def classify(el) -> str | None:
    """The HT rule an element's own markup marks it with, or None."""
    tag = el.tag
    rid = _STRUCT.get(tag)
    if rid:
        return None if rid == "HT101" and _prose_caption(el) else rid
    items = el.items()  # one read of the attributes (each `el.get` parses its key again)
    if not items:
        return None
    attrs = dict(items)
    role = attrs.get("role")
    if role:
        role = role.lower()
        if role in _ROLES and _ROLES[role]:
            return _ROLES[role]
    style = attrs.get("style")
    if "hidden" in attrs or style and _HIDDEN_STYLE.search(style):
        return "HT108"
    if attrs.get("aria-hidden") == "true" and tag in _BLOCKS:
        return "HT108"
    cls = attrs.get("class")
    ident = attrs.get("id") if tag in _ID_TAGS else None
    if not cls and not ident:
        return None
    tok = _tok_str(f"{cls or ''} {ident or ''}")  # `tokens_of(el)`
    if tok and tag not in ("html", "body", "main"):
        rid = _vocab_rule(tok)
        if rid == "HT101" and _prose_caption(el):
            return None
        return rid
    return None


# A caption that carries paragraphs of real text (a gallery's slide texts) is article prose.
PROSE_CAPTION_WORDS = 60


def _prose_caption(el) -> bool:
    paras = sum(1 for p in el.iter("p") if nwords(text_of(p)) >= 8)
    return paras >= 2 or (paras >= 1 and nwords(text_of(el)) >= PROSE_CAPTION_WORDS)


@dataclass
class Chrome:
    el: object
    rule: str
    text: str = ""  # `text_of(el)` when found (dropping other chrome elements leaves it as it is)


# Outside the article, a chrome element found by class/id alone that holds more characters than this
# must be link-dense (a menu, a link list) to go; long prose under a 'share' id is a section.
VOCAB_MAX_CHARS = 500
VOCAB_LINK_DENSITY = 0.4
# No element holding this share of the page's words goes, whatever its markup says.
DOMINANT_SHARE = 0.5


# A hidden single paragraph goes even inside the article: nobody sees it.
_HIDDEN_PARA = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}


class PageChars:
    """The length in characters of the page's text (`len(text_of(body))`, 0 without a body), read
    only when a question needs it. Reading the text of a whole page costs about 0.8 ms; few chrome
    elements are large enough to need it.

    `dominates(n, el)` answers `n > DOMINANT_SHARE * length` (False for an empty page). The page's
    text is at least as long as the article container's (`main`, inside the body, as it stands
    when asked): while n is at most DOMINANT_SHARE of that, the answer is False. An element of the
    body outside the container adds its own length to it: the words of two separate subtrees are
    separate words of the page, and a text's length (its words' characters and a space between two
    words) never falls short of the sum of theirs. `main_chars`: the container's length where
    already read (the tree unchanged since)."""

    __slots__ = ("body", "main", "main_chars", "_floor", "chars")

    def __init__(self, body, main=None, main_chars: int | None = None) -> None:
        self.body, self.main, self.main_chars, self._floor, self.chars = body, main, main_chars, None, None

    def length(self) -> int:
        if self.chars is None:
            self.chars = len(text_of(self.body)) if self.body is not None else 0
        return self.chars

    def floor(self) -> int:
        """The article container's length if it stands in the body, else 0."""
        if self._floor is None:
            inside = self.body is not None and self.main is not None and _is_ancestor(self.body, self.main)
            self._floor = 0 if not inside else \
                self.main_chars if self.main_chars is not None else len(text_of(self.main))
        return self._floor

    def dominates(self, n: int, el=None) -> bool:
        """`n` (the length of `el`'s text, where given) is more than DOMINANT_SHARE of the page's."""
        if self.chars is None and self.body is not None:
            floor = self.floor()
            if n <= DOMINANT_SHARE * floor:
                return False
            main = self.main
            if el is not None and floor and n <= DOMINANT_SHARE * (floor + n) and \
                    not _is_ancestor(main, el) and not _is_ancestor(el, main) and _is_ancestor(self.body, el):
                return False  # the page holds both texts
        chars = self.length()
        return bool(chars) and n > DOMINANT_SHARE * chars


def _removable(el, rid: str, main, main_words: int, page_words: "int | PageChars",
               text: str | None = None) -> bool:
    """`main_words`, `page_words`: sizes in characters of the article container and the page (or
    the page's `PageChars`); `text`: the element's `text_of` where already read."""
    n = len(text_of(el) if text is None else text)
    if n == 0:
        return True
    inside = main is not None and _is_ancestor(main, el)
    hidden_para = rid == "HT108" and el.tag in _HIDDEN_PARA
    if inside and main_words and n > INSIDE_MAX_SHARE * main_words and not hidden_para:
        return False
    density = None  # `link_density(el)`, read once when asked
    if not hidden_para and (page_words.dominates(n, el) if page_words.__class__ is PageChars else
                            page_words and n > DOMINANT_SHARE * page_words):
        density = _link_chars(el) / n
        if density < VOCAB_LINK_DENSITY:
            return False
    structural = el.tag in _STRUCT or rid == "HT108"
    if not structural and rid not in ("HT104", "HT106") and n > VOCAB_MAX_CHARS:
        if density is None:
            density = _link_chars(el) / n
        if density < VOCAB_LINK_DENSITY:
            return False
    return True


def chrome(tree, main, main_words: int, page_words: "int | PageChars" = 0) -> list[Chrome]:
    """Outermost chrome elements, none of them the article container or one of its ancestors.
    Inside the article, elements of one kind (same rule and class) go only while together they
    stay small: a live ticker's items classed 'comment' are the article, one by one or not."""
    found = _chrome(tree, main, main_words, page_words, frozenset())
    if main is None or not main_words:
        return found
    groups: dict = {}
    for c in found:
        if c.rule != "HT108" and c.el.tag not in _STRUCT and c.el is not main and _is_ancestor(main, c.el):
            key = (c.rule, c.el.tag, c.el.get("class") or "")
            groups[key] = groups.get(key, 0) + len(c.text)
    big = frozenset(k for k, n in groups.items() if n > INSIDE_MAX_SHARE * main_words)
    return _chrome(tree, main, main_words, page_words, big) if big else found


def _chrome(tree, main, main_words: int, page_words: "int | PageChars", keep: frozenset) -> list[Chrome]:
    protected = set()
    p = main
    while p is not None:
        protected.add(p)
        p = p.getparent()
    out: list[Chrome] = []
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    # the root's elements in document order; a comment's or a found element's subtree is skipped
    walker = etree.iterwalk(root, events=("start",))
    next(walker)  # the root itself is never chrome
    for _, el in walker:
        if el.tag.__class__ is not str:
            walker.skip_subtree()
            continue
        rid = None if el in protected else classify(el)
        if rid is not None and keep and (rid, el.tag, el.get("class") or "") in keep and \
                _is_ancestor(main, el):
            rid = None
        if rid is not None:
            text = text_of(el)
            inside = main is not None and _is_ancestor(main, el)
            if rid == "HT107" and el.tag == "aside" and inside and \
                    (_link_chars(el) / len(text) if text else 0.0) < 0.5:
                pass  # an aside inside the article (a pull quote, a fact box) stays
            elif _removable(el, rid, main, main_words, page_words, text):
                out.append(Chrome(el, rid, text))
                walker.skip_subtree()  # its subtree goes with it
    return out


def link_density(el) -> float:
    links = list(el.iter("a"))
    if not links:  # no link: 0 (the element's text is not read)
        return 0.0
    total = len(text_of(el))
    if not total:
        return 0.0
    return sum(len(text_of(a)) for a in links) / total


def _link_chars(el) -> int:
    """Characters of the element's links (`link_density`'s numerator)."""
    return sum(len(text_of(a)) for a in el.iter("a"))


# --- related blocks ---------------------------------------------------------------------------

@dataclass
class Rec:
    title: str
    url: str | None
    source: str | None = None
    age: str | None = None
    published: str | None = None
    summary: str | None = None
    el: object = None


@dataclass
class Block:
    el: object  # the container
    heading: object | None
    records: list[Rec] = field(default_factory=list)
    kind: str = "related"  # or "most-read"
    label: str = ""  # a heading the list shows outside an element ('Read also' before a teaser link)
    rule: str = ""  # the HT rule that reports it (default: HT110, or HT111 for a most-read list)


_RELATED_TOK = frozenset({"related", "recommended", "recommendations", "relatedposts", "readnext",
                          "morestories", "morefrom", "suggested", "similar", "teasers", "moreon"})
_RELATED_PAIRS = (("more", "from"), ("read", "next"), ("more", "stories"), ("more", "news"),
                  ("you", "may"), ("read", "more"), ("more", "for"), ("also", "read"))
_SOURCE_TOK = frozenset({"source", "provider", "publisher", "brand", "attribution", "outlet", "byline",
                         "author", "kicker", "label", "category", "section"})
_AGE_TOK = frozenset({"time", "age", "date", "timestamp", "ago", "published", "pubdate"})
_SKIP_TOK = frozenset({"sponsored", "sponsor", "ad", "ads", "promo", "advertisement", "native", "paid"})
_SKIP_TEXT = re.compile(r"^(?:sponsored|ad|advertisement|promoted|paid (?:content|post)|anzeige|publicité|publicidad|広告|pr)$", re.I)
_CONTAINERS = {"div", "section", "aside", "ul", "ol", "article", "footer", "nav"}
_RELATED_ANY = _RELATED_TOK | {"more", "read", "trending", "popular", "mostread", "mostpopular",
                               "ranking", "most", "you", "also"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


_PATH = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?(?://[^/?#]*)?(?P<path>[^?#]*)", re.I)


def _article_path(href: str) -> bool:
    """Article URLs are deep or slugged ('/news/2025/07/x.html', '/a-long-slug'); '/advertise/',
    '/contact' and '/' are site pages."""
    m = _PATH.match(href)
    path = m.group("path") if m else href
    segs = [x for x in path.split("/") if x and x not in (".", "..")]
    if len(segs) >= 2:
        return True
    return bool(segs) and ("-" in segs[0] or "_" in segs[0] or any(ch.isdigit() for ch in segs[0]))


def _is_article_link(a) -> bool:
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    t = text_of(a)
    if not (nwords(t) >= 3 or len(t) >= 12):
        return False
    return _article_path(href) or nwords(t) >= 6


def _in_nav(el, memo: dict | None = None) -> bool:
    """el or an ancestor is the site's navigation (nav, header, role=navigation). `memo` (element
    -> its answer) spares the climbs of elements that share ancestors (a page's links)."""
    if memo is None:
        p = el
        while p is not None:
            if p.tag in ("nav", "header") or (p.get("role") or "") == "navigation":
                return True
            p = p.getparent()
        return False
    path = []
    p = el
    found = False
    while p is not None:
        known = memo.get(p)
        if known is not None:
            found = known
            break
        if p.tag in ("nav", "header") or (p.get("role") or "") == "navigation":
            found = True
            break
        path.append(p)
        p = p.getparent()
    for x in path:
        memo[x] = found
    return found


def _zone_kind(text: str, rules: RuleSet) -> str | None:
    text = text.strip()
    if not text or len(text) > 80:
        return None
    for r in rules.zone:
        if r.match_line(text):
            return r.zone or "related"
    return None


def _container_kind(el, rules: RuleSet) -> tuple[str | None, object | None]:
    """('related' | 'most-read' | None, heading element) from class vocabulary or a heading."""
    tok = tokens_of(el)
    kind = None
    if tok & _RELATED_TOK or any(a in tok and b in tok for a, b in _RELATED_PAIRS):
        kind = "related"
    elif tok & {"trending", "popular", "mostread", "mostpopular", "ranking"} or \
            ("most" in tok and tok & {"read", "popular", "viewed"}):
        kind = "most-read"
    heading = None
    for h in el.iter(*_HEADINGS, "header", "strong", "span", "div", "p"):
        if h is el:
            continue
        t = text_of(h)
        if not t:
            continue
        k = _zone_kind(t, rules)
        if k:
            heading = h
            kind = kind or k
        break  # only the first text-bearing element can be the heading
    return kind, heading


def _resolve(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    return _join(href.strip(), base)


@functools.lru_cache(maxsize=4096)  # each list finder resolves the page's links again
def _join(href: str, base: str | None) -> str:
    try:
        return urljoin(base, href) if base else href
    except ValueError:
        return href


def _link_title(a) -> str:
    """The link's text without the source/age labels some cards put inside the link."""
    for h in a.iter(*_HEADINGS):
        if text_of(h):
            return text_of(h)
    parts = [a.text or ""]
    for c in a.iterchildren():
        if not isinstance(c.tag, str):
            parts.append(c.tail or "")
            continue
        tok = tokens_of(c)
        if c.tag == "time" or tok & (_AGE_TOK | _SOURCE_TOK):
            parts.append(c.tail or "")
            continue
        parts.append("".join(c.itertext()))
        parts.append(c.tail or "")
    t = norm(" ".join(parts))
    return t or text_of(a)


_SEPS = " ·•|-–—,:"


def _own_text(el) -> str:
    """An element's text without the time/age elements inside it ('Tribune <span>· 3h</span>')."""
    parts = [el.text or ""]
    for c in el.iterchildren():
        if isinstance(c.tag, str) and not (c.tag == "time" or tokens_of(c) & _AGE_TOK):
            parts.append("".join(c.itertext()))
        parts.append(c.tail or "")
    return norm(" ".join(parts))


def _record(a, item, base: str | None, now: datetime | None) -> Rec | None:
    title = _link_title(a)
    if _SKIP_TEXT.match(title):
        return None
    rec = Rec(title=title, url=_resolve(a.get("href"), base), el=item)
    for el in item.iter():
        tag = el.tag
        if tag.__class__ is not str or el is a:
            continue
        tok = tokens_of(el)
        if tag not in _RECORD_TAGS and not tok & _RECORD_TOK:
            continue  # none of the questions below is asked of it: its text is not read
        t = text_of(el)
        if not t:
            continue
        if tag == "time" or (tok & _AGE_TOK and nwords(t) <= 6):
            if rec.age is None:
                rec.age = t.strip(_SEPS) or t
                rec.published = _iso(el.get("datetime")) or ages.published(rec.age, now)
            continue
        if (tag == "cite" or tok & _SOURCE_TOK) and rec.source is None:
            own = _own_text(el).strip(_SEPS)
            if own and nwords(own) <= 6 and not ages.is_age(own):
                rec.source = own
            continue
        if tag == "p" and nwords(t) >= 5 and t != title and rec.summary is None:
            rec.summary = t
    return rec


# The elements of a record's item that `_record` reads: by tag (a time, a cite, a paragraph) or by
# class words (an age, a source).
_RECORD_TAGS = frozenset({"time", "cite", "p"})
_RECORD_TOK = _AGE_TOK | _SOURCE_TOK


def _records(container, base: str | None, now: datetime | None) -> list[Rec]:
    links = [a for a in container.iter("a") if _is_article_link(a)]
    recs: list[Rec] = []
    seen: set[str] = set()
    # items: climb from each link while the parent holds no other article link
    link_set = set(links)
    for a in links:
        item = a
        href = a.get("href")
        while item.getparent() is not None and item.getparent() is not container:
            par = item.getparent()
            if any(x in link_set and x.get("href") != href for x in par.iter("a")):
                break
            item = par
        if tokens_of(item) & _SKIP_TOK or any(_SKIP_TEXT.match(text_of(x)) for x in item.iter()
                                               if isinstance(x.tag, str) and x is not a and len(x) == 0):
            continue
        rec = _record(a, item, base, now)
        if rec is None or not rec.url or rec.url in seen:
            continue
        seen.add(rec.url)
        recs.append(rec)
    return recs


def related_blocks(tree, main, rules: RuleSet, base: str | None, now: datetime | None,
                   main_chars: int | None = None) -> list[Block]:
    """Containers of >= 2 article links under a related-style heading or class; never in nav.
    `main_chars`: `len(text_of(main))` where the caller has read it (the tree unchanged since)."""
    protected = set()
    p = main
    while p is not None:
        protected.add(p)
        p = p.getparent()
    blocks: list[Block] = []
    taken: list = []
    if main_chars is None:
        main_chars = len(text_of(main)) if main is not None else 0
    for el in tree.iter(*_CONTAINERS):
        if el.tag not in _CONTAINERS or not (tokens_of(el) & _RELATED_ANY):
            continue
        if el in protected or any(_is_ancestor(t, el) for t in taken):
            continue
        kind, heading = _container_kind(el, rules)
        if kind is None or _in_nav(el):
            continue
        recs = _records(el, base, now)
        if len(recs) < 2 or _holds_prose(el, recs, main, main_chars):
            continue
        blocks.append(Block(el, heading, recs, kind))
        taken.append(el)
    # a related heading whose container has no related vocabulary: climb to the links
    for h in tree.iter(*_HEADINGS):
        if any(_is_ancestor(t, h) for t in taken):
            continue
        k = _zone_kind(text_of(h), rules)
        if not k:
            continue
        box = h.getparent()
        while box is not None and box not in protected:
            recs = _records(box, base, now)
            if _holds_prose(box, recs, main, main_chars):  # the climb reached the post: the list is empty or thin
                if _bare_heading(h):  # nothing under it (a list a script fills): the heading alone goes
                    blocks.append(Block(h, h, [], k))
                    taken.append(h)
                box = None
                break
            if len(recs) >= 2:
                break
            box = box.getparent()
        if box is None or box in protected or _in_nav(box) or any(_is_ancestor(box, t) for t in taken):
            continue
        blocks.append(Block(box, h, recs, k))
        taken.append(box)
    return blocks


def _bare_heading(h) -> bool:
    """Nothing but empty elements between the heading and the next heading or the container's end."""
    if (h.tail or "").strip():
        return False
    for sib in h.itersiblings():
        if isinstance(sib.tag, str) and sib.tag in _HEADINGS:
            return True
        if (isinstance(sib.tag, str) and text_of(sib)) or (sib.tail or "").strip():
            return False
    return True


# A related block holds link records and their summaries; with more text than this besides (and
# more than its records hold), or a large share of the article container, it is a post.
RELATED_MAX_PROSE = 200


def _holds_prose(box, recs: list[Rec], main, main_chars: int) -> bool:
    total = len(text_of(box))
    rest = total - sum(len(text_of(r.el)) for r in recs if r.el is not None)
    if rest > RELATED_MAX_PROSE and rest > total - rest:
        return True
    # a sentence outside the records (links standing in a paragraph of the story)
    titles = [r.title for r in recs if r.title]
    for t, _ in text_blocks(box, skip={r.el for r in recs if r.el is not None and r.el.tag != "a"}):
        for title in titles:
            t = t.replace(title, " ")
        if is_prose(t):
            return True
    if main is not None and box is not main and _is_ancestor(main, box):
        return rest > INSIDE_MAX_SHARE * main_chars
    return False


_TEASER = re.compile(r"^(?P<head>[^:：]{3,40})\s?[:：]\s*(?P<rest>.+)$")


def inline_teasers(main, rules: RuleSet, base: str | None, now: datetime | None) -> list[Block]:
    """'Read also: <link>' paragraphs inside the article body -> one-record related blocks."""
    out: list[Block] = []
    if main is None:
        return out
    for p in main.iter("p", "div", "aside"):
        if p.tag != "p" and (p.find("p") is not None or p.find("div") is not None):
            continue
        raw = _joined(p)
        if ":" not in raw and "：" not in raw:
            continue  # no colon anywhere: none in its normalised text either
        t = text_of(p)
        if ":" not in t[:45] and "：" not in t[:45]:
            continue
        links = [a for a in p.iter("a") if _is_article_link(a)]
        if len(links) != 1:
            continue
        m = _TEASER.match(t)
        if not m or _zone_kind(m.group("head") + ":", rules) != "related":
            continue
        a = links[0]
        if len(text_of(a)) < 0.6 * len(m.group("rest")):
            continue
        out.append(Block(p, None, [Rec(text_of(a), _resolve(a.get("href"), base), el=p)], "related",
                         m.group("head").strip()))
    return out


@functools.lru_cache(maxsize=1)
def _parser():
    """trafilatura's HTML parser (same options), whose elements are all `HtmlElement`:
    lxml.html's own class lookup calls Python for every element it hands out (forms and inputs
    get classes of their own that no stage uses), about a tenth of HTML mode's time."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                  remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))
    return parser


def load_html(text: str):
    """The page's tree as `trafilatura.utils.load_html` reads a string (its repairs, its
    fallbacks, its rejection of a tree that is no HTML), parsed with `_parser()`."""
    from lxml.html import fromstring
    from trafilatura.utils import decode_file, is_dubious_html

    parser = _parser()
    text = decode_file(text)
    beginning = text[:50].lower()
    check_flag = is_dubious_html(beginning)
    text = _repair_faulty_html(text, beginning)
    tree, fallback = None, False

    def from_bytes():
        try:
            return fromstring(text.encode("utf8", "surrogatepass"), parser=parser)
        except Exception:
            return None

    try:
        tree = fromstring(text, parser=parser)
    except ValueError:  # a str with an encoding declaration
        tree, fallback = from_bytes(), True
    except Exception:  # pragma: no cover
        pass
    if (tree is None or len(tree) < 1) and not fallback:
        tree = from_bytes()
    if tree is not None and check_flag is True and len(tree) < 2:
        tree = None
    return tree


# The characters `trafilatura.utils.INVALID_XML_CHARS` removes (libxml2 refuses them).
_INVALID_XML = tuple(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF))


def _repair_faulty_html(text: str, beginning: str) -> str:
    """`trafilatura.utils.repair_faulty_html`, without its whole-page regex substitution when the
    page holds none of the characters it removes (a plain substring test per character is about
    a third of the regex's scan): the same string out."""
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, repair_faulty_html

    if any(c in text for c in _INVALID_XML):
        return repair_faulty_html(text, beginning)
    if "doctype" in beginning:
        firstline, _, rest = text.partition("\n")
        text = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in text[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            text = FAULTY_HTML.sub(r"\1>", text, count=1)
            break
    return text
