"""HTML mode's shortcuts give the answers of what they stand in for."""

from __future__ import annotations

import random

import pytest

from cleaner.dom import _INVALID_XML, _repair_faulty_html
from cleaner.stoplist import Stoplist, WordTable
from cleaner.htmllists import _AGE_HINT, _AGE_RX


def test_age_hint_never_skips_an_age():
    pieces = ["ago", "vor", "il y a", "hace", "fa", "geleden", "sedan", "siden", "temu", "há", "ha", "před",
              " ", "\t", "a", "an", "one", "eine", "une", "una", "h", "min", "hours", "Stunden", "jours",
              "días", "d", "m", "3", "12", "2024", "Jan", "März", ",", ".", "Today", "HIER", "i", "dag", "går",
              "\u212a", "ſ", "heute", "dziś", "yesterday", "just", " now", "aujourd’hui", "AGO", "vandaag"]
    rnd = random.Random(16)
    for _ in range(20000):
        t = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6)))
        assert _AGE_HINT.search(t) or not _AGE_RX.search(t), t


@pytest.mark.parametrize("text", ["Updated 3 hours ago", "vor 2 Stunden", "il y a une heure", "hace un día",
                                  "Yesterday", "i går", "há 2 horas", "May 4, 2021", "4 de mayo de 2021"])
def test_age_hint_admits_ages(text):
    assert _AGE_RX.search(text) and _AGE_HINT.search(text)


def test_invalid_xml_characters_are_the_regex_class():
    from trafilatura.utils import INVALID_XML_CHARS

    assert {chr(i) for i in range(0x10000) if INVALID_XML_CHARS.match(chr(i))} == set(_INVALID_XML)


@pytest.mark.parametrize("text", ["<!DOCTYPE html/>\n<html/>\n<p>x", "<html lang=en />\n<body>\x01a",
                                  "\ufffe<html><p>a\x0bb", "<html/>", "<!doctype html>\n<html><p>plain"])
def test_repair_is_trafilaturas(text):
    from trafilatura.utils import repair_faulty_html

    assert _repair_faulty_html(text, text[:50].lower()) == repair_faulty_html(text, text[:50].lower())


def test_stoplist_holds_trafilaturas_words():
    from justext.utils import get_stoplist, get_stoplists

    union = {w for lang in get_stoplists() for w in get_stoplist(lang)}
    assert set(Stoplist()) == union and Stoplist()


def test_word_table_answers_as_a_frozenset():
    words = ["the", "und", "Ça", "été", "日本", "a", "", "x\ud800", "the", "und"]
    table = WordTable(iter(words), len(words))
    ref = frozenset(words)
    assert len(table) == len(ref)
    probes = ref | {"th", "thee", "The", "b", "日", "本", "Ç", "x", "und ", "\n", None, 3}
    for w in probes:
        assert (w in table) == (w in ref), w


def test_justext_reads_the_table_for_the_stoplist_alone():
    import justext.core
    from trafilatura import external

    from cleaner import stoplist

    stoplist.install()
    if not isinstance(external.JT_STOPLIST, Stoplist):
        pytest.skip("trafilatura read its own stoplist first")
    table = justext.core.define_stoplist(external.JT_STOPLIST)
    assert isinstance(table, WordTable) and "the" in table and "und" in table and "zzqx" not in table
    assert justext.core.define_stoplist(("The", "Und")) == frozenset({"the", "und"})


@pytest.mark.parametrize("text", ["plain ascii", "caf\u00e9 cr\u00e8me", "soft\u00adhyphen", "zero\u200bwidth\u2060joined",
                                  "\ufeffbom", "\u200c\u200d", "", "\u65e5\u672c\u00ad"])
def test_visible_is_translate(text):
    from cleaner.html import _INVISIBLE, _visible

    assert _visible(text) == text.translate(_INVISIBLE)


_LEAD_PAGE = """<html><body><div class="wrap">
<header><h1>Big storm hits the coast tonight</h1></header>
<div class="share"><a href="/s">Share</a></div>
<ul><li><p>A list item paragraph that is long enough to be prose, really it is.</p></li></ul>
<div class="caption"><p>A caption paragraph that is long enough to be prose, truly it is.</p></div>
<p class="standfirst">The storm, the strongest in a decade, reached the coast this evening, officials said.</p>
<div><div><p>Another paragraph standing in nested boxes, with enough words to be prose.</p></div></div>
<figure><img src="x.jpg"></figure>
<div class="body"><p>Body text of the article, long enough to be the article container here.</p>
<p>More body text of the article, long enough to be the article container here too.</p></div>
</div></body></html>"""


def _lead_tree():
    from cleaner.html import parse

    tree = parse(_LEAD_PAGE)
    return tree, tree.find(".//h1"), tree.find('.//div[@class="body"]')


def test_lead_walk_is_the_ordered_one():
    """`_lead` walks the wrapper once from the headline to the container: the blocks the numbered
    walk (an order map, then each element's rank against the headline's and the container's) gave."""
    from cleaner import dom
    from cleaner.html import _in_chrome, _in_items, _in_list, _lead, _standfirst, _MEDIA, LEAD_MAX_BLOCKS
    from cleaner.textfeatures import is_prose

    def ranked(title_el, main):  # the former implementation
        common = title_el.getparent()
        while common is not None and not dom._is_ancestor(common, main):
            common = common.getparent()
        order = {el: i for i, el in enumerate(common.iter())}
        start, end = order[title_el], order[main]
        out = []
        for el in common.iter():
            i = order[el]
            if i <= start or not isinstance(el.tag, str):
                continue
            if i >= end or el.tag in _MEDIA or len(out) >= LEAD_MAX_BLOCKS:
                break
            if el.tag in ("p", "div", "h2", "span", "section") and not dom._is_ancestor(el, main) and \
                    (el.tag != "div" or el.find(".//div") is None and el.find(".//p") is None):
                if _in_chrome(el, common) or (_in_list(el, common) if not _standfirst(el) else _in_items(el)) or \
                        any(c.tag in _MEDIA or c.tag == "figcaption" for c in el.iter() if c is not el):
                    continue
                t = dom.visible_text(el)
                if is_prose(t) and dom.link_density(el) < 0.1 and not any(t in x or x in t for x, _ in out):
                    out.append((t, el.sourceline))
        return out

    tree, h1, main = _lead_tree()
    assert _lead(h1, main) == ranked(h1, main) and _lead(h1, main)
    # the container above the headline: no lead
    assert _lead(main.find("p"), h1) == [] == ranked(main.find("p"), h1)


def test_in_list_and_in_chrome_memos_answer_as_without():
    from cleaner.html import _in_chrome, _in_list

    tree, _, _ = _lead_tree()
    top = tree.find(".//div")
    lists: dict = {}
    chromes: dict = {}
    for el in top.iter():
        if isinstance(el.tag, str) and el is not top:
            assert _in_list(el, top, lists) == _in_list(el, top)
            assert _in_chrome(el, top, chromes) == _in_chrome(el, top)
    assert lists and chromes


_CHROME_PAGE = """<html><head><noscript>no script</noscript></head><body>
<nav role="navigation"><a href="/a">Home</a></nav>
<div class="wrap"><div class="article-body">
<p>Body text of the article, long enough to be the article container here, with more words.</p>
<p>More body text of the article, long enough to be the article container here too, and more.</p>
<aside><p>A pull quote inside the article that stays where it stands in the text.</p></aside>
<div class="share-tools" id="x"><a href="/s">Share this</a> <a href="/t">Tweet</a></div>
<span hidden>hidden words</span><div style="display: none">none</div>
<div aria-hidden="true">aria</div><figure><figcaption>Photo: Agency</figcaption></figure>
</div>
<div class="sidebar widget"><h3>Most read</h3><a href="/one-story">One story here</a></div>
<section class="commentList" ROLE="Complementary">Comments</section>
<div class="elementor-widget"><p>Builder block</p></div><div class="cmp-text">cms</div>
</div><footer>Footer text</footer></body></html>"""


def _classify_former(el):
    from cleaner.dom import (_BLOCKS, _HIDDEN_STYLE, _ROLES, _STRUCT, _prose_caption, _vocab_rule,
                             tokens_of)

    tag = el.tag
    rid = _STRUCT.get(tag)
    if rid:
        return None if rid == "HT101" and _prose_caption(el) else rid
    role = (el.get("role") or "").lower()
    if role in _ROLES and _ROLES[role]:
        return _ROLES[role]
    style = el.get("style")
    if el.get("hidden") is not None or style and _HIDDEN_STYLE.search(style):
        return "HT108"
    if el.get("aria-hidden") == "true" and tag in _BLOCKS:
        return "HT108"
    tok = tokens_of(el)
    if tok and tag not in ("html", "body", "main"):
        rid = _vocab_rule(tok)
        if rid == "HT101" and _prose_caption(el):
            return None
        return rid
    return None


def test_classify_reads_the_attributes_once_with_the_same_answers():
    from cleaner import dom
    from cleaner.html import parse

    tree = parse(_CHROME_PAGE)
    answers = [(el.tag, dom.classify(el)) for el in tree.iter() if isinstance(el.tag, str)]
    assert answers == [(el.tag, _classify_former(el)) for el in tree.iter() if isinstance(el.tag, str)]
    assert {rid for _, rid in answers} >= {"HT102", "HT107", "HT108", "HT101"}


def test_chrome_carries_each_elements_text_and_density_once():
    from cleaner import dom
    from cleaner.html import parse

    tree = parse(_CHROME_PAGE)
    main = dom.find_main(tree)
    main_chars = len(dom.text_of(main))
    page = len(dom.text_of(tree.find("body")))
    found = dom.chrome(tree, main, main_chars, page)
    assert found and all(c.text == dom.text_of(c.el) for c in found)
    for c in found:
        for words, chars in ((0, 0), (main_chars, page), (main_chars, 10), (10, 10 ** 6)):
            assert dom._removable(c.el, c.rule, main, words, chars, c.text) == \
                dom._removable(c.el, c.rule, main, words, chars)
        assert dom._link_chars(c.el) == sum(len(dom.text_of(a)) for a in c.el.iter("a"))


def _record_former(a, item, base, now):
    from cleaner import ages
    from cleaner.dom import (_AGE_TOK, _SEPS, _SKIP_TEXT, _SOURCE_TOK, Rec, _iso, _link_title, _own_text,
                             _resolve, nwords, text_of, tokens_of)

    title = _link_title(a)
    if _SKIP_TEXT.match(title):
        return None
    rec = Rec(title=title, url=_resolve(a.get("href"), base), el=item)
    for el in item.iter():
        if not isinstance(el.tag, str) or el is a:
            continue
        tok = tokens_of(el)
        t = text_of(el)
        if not t:
            continue
        if el.tag == "time" or (tok & _AGE_TOK and nwords(t) <= 6):
            if rec.age is None:
                rec.age = t.strip(_SEPS) or t
                rec.published = _iso(el.get("datetime")) or ages.published(rec.age, now)
            continue
        if (el.tag == "cite" or tok & _SOURCE_TOK) and rec.source is None:
            own = _own_text(el).strip(_SEPS)
            if own and nwords(own) <= 6 and not ages.is_age(own):
                rec.source = own
            continue
        if el.tag == "p" and nwords(t) >= 5 and t != title and rec.summary is None:
            rec.summary = t
    return rec


@pytest.mark.parametrize("card", [
    '<li><a href="/news/one-two">A headline of the card here</a><span class="source">Tribune <span class="age">3h</span></span>'
    '<time datetime="2025-07-08">July 8</time><p>A summary paragraph of the card with words.</p></li>',
    '<div><span class="kicker">Sport</span><a href="/x/y">Another headline for this card</a><div><p>Short</p>'
    '<cite>The Paper</cite><span class="date">2 hours ago</span><p>The summary that the card shows below.</p></div></div>',
    '<li><a href="/a/b">Only a link with a long enough title</a><em>plain</em></li>',
])
def test_record_reads_only_the_elements_it_asks_about(card):
    from datetime import datetime

    from cleaner.dom import _record
    from cleaner.html import parse

    tree = parse(f"<html><body><ul>{card}</ul></body></html>")
    item = tree.find(".//ul")[0]
    a = item.find(".//a")
    now = datetime(2025, 7, 9)
    got, want = _record(a, item, "https://ex.com/", now), _record_former(a, item, "https://ex.com/", now)
    assert (got.title, got.url, got.source, got.age, got.published, got.summary) == \
        (want.title, want.url, want.source, want.age, want.published, want.summary)


@pytest.mark.parametrize("markup", [
    "<div>a<b>b</b>c<i> d </i>e<p>f<span>g</span></p>h</div>",
    "<div>x<!-- a comment -->y<?pi z?>w<script>var s = 1;</script><style>p {}</style>v</div>",
    "<div>\u00a0caf\u00e9\u2009<br>cr\u00e8me<br/>\n\t<em></em>&amp; more</div>",
    "<div><p></p><p> </p></div>",
])
def test_text_of_is_the_itertext_join(markup):
    from lxml import html as lxml_html

    from cleaner.dom import text_of
    from cleaner.html import parse

    for tree in (parse(f"<html><body>{markup}</body></html>"),
                 lxml_html.document_fromstring(f"<html><body>{markup}</body></html>")):  # comments kept
        for el in tree.iter():
            want = " ".join(" ".join(el.itertext()).split()) if isinstance(el.tag, str) else ""
            assert text_of(el) == want


@pytest.mark.parametrize("page", [_LEAD_PAGE, _CHROME_PAGE, "<html><head><title>t</title></head></html>"])
def test_page_chars_answers_as_the_page_length(page):
    """`PageChars.dominates` gives the answer of the page's length read first, whatever element
    stands for the article container and whatever element asks."""
    from cleaner import dom
    from cleaner.html import parse

    tree = parse(page)
    body = tree.find("body")
    chars = len(dom.text_of(body)) if body is not None else 0
    els = [el for el in tree.iter() if isinstance(el.tag, str)]
    for main in els + [None]:
        main_chars = len(dom.text_of(main)) if main is not None else None
        for hint in (None, main_chars):
            for el in els:
                for n in {len(dom.text_of(el)), chars // 2, chars // 2 + 1}:
                    if n > len(dom.text_of(el)):
                        continue  # an element's length is its text's
                    page = dom.PageChars(body, main, hint)
                    assert page.dominates(n, el) == (bool(chars) and n > dom.DOMINANT_SHARE * chars)


_MIXED = """<html><body><header><div class="Site-Header"><a href="/">Home</a></div></header>
<div id="main" role="main"><nav><ul><li><a href="/a">A</a></li></ul></nav>
<div class="byline" rel="author">By Jane Doe</div><span itemprop="author">Jane</span><p class="">x</p>
<div role="navigation"><a href="/b">B</a><span>c</span></div><time class="date">July 8, 2025</time>
<p>Text <a href="/c">link</a> tail <b>bold</b> more<!-- c --> end</p><pre>code</pre></div></body></html>"""


def test_nav_memo_answers_as_the_climb():
    from cleaner.dom import _in_nav
    from cleaner.html import parse

    tree = parse(_MIXED)
    memo: dict = {}
    for el in list(tree.iter()) * 2:
        if isinstance(el.tag, str):
            assert _in_nav(el, memo) == _in_nav(el)
    assert True in memo.values() and False in memo.values()


def test_joined_is_the_itertext_join():
    from cleaner.dom import _joined
    from cleaner.html import parse

    for el in parse(_MIXED).iter():
        if isinstance(el.tag, str):
            assert _joined(el) == "".join(el.itertext())


_HIDDEN = """<html><body><div class="a-hidden-b">x</div><div class="hidden">x</div><div class="hidden-xs">x</div>
<span class="Hide">x</span><span id="hidden">x</span><div id="hidden">x</div><div id="hide-me hidden">x</div>
<section class="is-hidden" id="tabletHidden">x</section><p hidden>x</p><p hidden="">x</p>
<div style="DISPLAY : none">x</div><div style="visibility:hidden;">x</div><div style="color:red">x</div>
<span aria-hidden="true">x</span><div aria-hidden="true">x</div><div aria-hidden="TRUE">x</div>
<div class="author-box hidden"><p>By X <b>bold</b></p>t</div><div class="share">s</div><p>plain <i>t</i></p>
</body></html>"""


def _is_hidden_former(el):
    from cleaner.dom import _BLOCKS, _HIDDEN_STYLE, _SCREENS, _class_has, tokens_of

    style = el.get("style")
    if el.get("hidden") is not None or style and _HIDDEN_STYLE.search(style):
        return True
    if el.get("aria-hidden") == "true" and el.tag in _BLOCKS:
        return True
    if _class_has(el, ("hidden", "hide")):
        tok = tokens_of(el)
        return bool(tok & {"hidden", "hide"}) and not tok & _SCREENS
    return False


def _visible_former(el):
    from cleaner.dom import _NO_TEXT, norm

    parts = []

    def rec(e):
        parts.append(e.text or "")
        for c in e:
            if isinstance(c.tag, str) and c.tag not in _NO_TEXT and not _is_hidden_former(c):
                rec(c)
            parts.append(c.tail or "")

    rec(el)
    return norm(" ".join(parts))


def test_attribute_helpers_answer_as_the_element_reads():
    from cleaner.dom import _class_has, _hidden_by, _raw_has, _tokens_by, is_hidden, tokens_of, visible_text
    from cleaner.html import parse

    hidden = 0
    for page in (_HIDDEN, _MIXED, _CHROME_PAGE):
        for el in parse(page).iter():
            if not isinstance(el.tag, str):
                continue
            attrs = dict(el.items())
            assert is_hidden(el) == _hidden_by(el, attrs) == _is_hidden_former(el)
            assert _tokens_by(el, attrs) == tokens_of(el)
            for words in (("hidden", "hide"), ("author", "byline", "share")):
                assert _raw_has(attrs, words) == _class_has(el, words)
            assert visible_text(el) == _visible_former(el)
            hidden += is_hidden(el)
    assert hidden >= 10


def _chrome_former(tree, main, main_words, page_words, keep=frozenset()):
    from cleaner.dom import Chrome, _is_ancestor, _removable, classify, link_density, text_of

    protected = set()
    p = main
    while p is not None:
        protected.add(p)
        p = p.getparent()
    out = []
    stack = [c for c in reversed(tree) if isinstance(c.tag, str)]
    while stack:
        el = stack.pop()
        rid = None if el in protected else classify(el)
        if rid is not None and keep and (rid, el.tag, el.get("class") or "") in keep and _is_ancestor(main, el):
            rid = None
        if rid is not None:
            inside = main is not None and _is_ancestor(main, el)
            if rid == "HT107" and el.tag == "aside" and inside and link_density(el) < 0.5:
                pass
            elif _removable(el, rid, main, main_words, page_words):
                out.append(Chrome(el, rid, text_of(el)))
                continue
        stack.extend([c for c in reversed(el) if c.tag.__class__ is str])
    return out


@pytest.mark.parametrize("page", [_CHROME_PAGE, _MIXED, _HIDDEN, _LEAD_PAGE])
def test_chrome_walk_finds_what_the_stack_walk_found(page):
    from lxml import html as lxml_html

    from cleaner import dom
    from cleaner.html import parse

    for tree in (parse(page), lxml_html.document_fromstring(page.replace("<p>", "<!-- c --><p>"))):
        els = [el for el in tree.iter() if isinstance(el.tag, str)]
        page_chars = len(dom.text_of(tree.find("body")))
        for main in [dom.find_main(tree), None] + els[::3]:
            words = len(dom.text_of(main)) if main is not None else 0
            got = dom._chrome(tree, main, words, page_chars, frozenset())
            assert got == _chrome_former(tree, main, words, page_chars)
            keep = frozenset((c.rule, c.el.tag, c.el.get("class") or "") for c in got[::2])
            assert dom._chrome(tree, main, words, page_chars, keep) == \
                _chrome_former(tree, main, words, page_chars, keep)


def _text_blocks_former(body, skip=frozenset()):
    from lxml import etree

    from cleaner.dom import _FLOW_BLOCKS, _NO_TEXT, norm

    out, buf, at = [], [], [1]

    def flush():
        t = norm(" ".join(buf))
        if t:
            out.append((t, at[0]))
        buf.clear()

    walker = etree.iterwalk(body, events=("start", "end"))
    for ev, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        if ev == "start":
            if tag is None or tag in _NO_TEXT or el in skip:
                walker.skip_subtree()
                if el in skip and tag in _FLOW_BLOCKS:
                    flush()
                continue
            if tag in _FLOW_BLOCKS:
                flush()
            if not buf:
                at[0] = el.sourceline or at[0]
            buf.append(el.text or "")
        else:
            if tag is not None and tag in _FLOW_BLOCKS:
                flush()
            if el is not body:
                if not buf and (el.tail or "").strip():
                    at[0] = el.sourceline or at[0]
                buf.append(el.tail or "")
    flush()
    return out


@pytest.mark.parametrize("page", [_CHROME_PAGE, _MIXED, _HIDDEN, _LEAD_PAGE])
def test_text_blocks_flush_only_what_they_hold(page):
    import random

    from lxml import html as lxml_html

    from cleaner.dom import text_blocks
    from cleaner.html import parse

    rnd = random.Random(5)
    for tree in (parse(page), lxml_html.document_fromstring(page.replace("<p>", "<!-- c --><p>"))):
        els = [el for el in tree.iter() if isinstance(el.tag, str)]
        for el in els:
            for skip in (frozenset(), frozenset(rnd.sample(els, 3)), frozenset(rnd.sample(els, 8))):
                assert text_blocks(el, skip) == _text_blocks_former(el, skip)


def test_link_density_without_links_reads_no_text():
    from cleaner.dom import link_density, text_of
    from cleaner.html import parse

    for page in (_CHROME_PAGE, _MIXED, _HIDDEN, _LEAD_PAGE):
        for el in parse(page).iter():
            if isinstance(el.tag, str):
                total = len(text_of(el))
                want = sum(len(text_of(a)) for a in el.iter("a")) / total if total else 0.0
                assert link_density(el) == want


@pytest.mark.parametrize("url", ["https://ex.com/news/2025/07/a-b-c.html", "https://ex.com/tag/x", "/a-b",
                                 "https://ex.com/live/#post-123456", "http://[bad", "mailto:x@y", "https://ex.com/"])
def test_url_answers_are_remembered_unchanged(url):
    from cleaner.htmllists import _article_url, _item_url, _path

    for _ in range(2):
        assert _article_url(url) == _article_url.__wrapped__(url)
        assert _path(url) == _path.__wrapped__(url)
        for here in (None, "/live/", "/other"):
            assert _item_url(url, here) == _item_url.__wrapped__(url, here)


_LISTS = """<html><body><nav><a href="/news/2025/a-b-c">A nav link with words</a></nav>
<div class="main"><p>Body text of the article that is long enough to be the container, and more words.</p>
<p>More body text of the article that is long enough to be the container, again here.</p></div>
<aside class="related"><h3>Most read</h3><ul>
<li><a href="/news/2025/one-two-three">First headline of the list here</a></li>
<li><a href="/news/2025/four-five-six">Second headline of the list here</a></li>
<li><a href="/news/2025/seven-eight">Third headline of the list here</a></li></ul>
<h3>Latest news</h3><ul>
<li><a href="/news/2025/nine-ten">Fourth headline of the list here</a></li>
<li><a href="/news/2025/eleven-twelve">Fifth headline of the list here</a></li>
<li><a href="https://other.org/x/y-z">Other site headline of the list</a></li></ul></aside>
<div><a href="#top">Back to the top of the page</a><a href="/tag/x">A tag page link here</a></div>
</body></html>"""


def test_list_memo_answers_as_fresh_reads():
    from cleaner import dom
    from cleaner.htmllists import ListMemo, more_lists, split_lists
    from cleaner.html import parse
    from cleaner.rules.registry import default_rules

    def shape(blocks):
        return [(b.el.tag, b.kind, b.label, b.rule, [(r.title, r.url) for r in b.records]) for b in blocks]

    rules = default_rules()
    tree = parse(_LISTS)
    main = dom.find_main(tree)
    base = "https://ex.com/news/2025/this-page"
    memo = ListMemo(base, base)
    for _ in range(2):
        found = more_lists(tree, main, rules, base, None, [], base, memo)
        assert shape(found) == shape(more_lists(tree, main, rules, base, None, [], base)) and found
        assert shape(split_lists(found, main, rules, base, None, base, memo)) == \
            shape(split_lists(found, main, rules, base, None, base))
    assert memo.links and None in memo.links.values()
    # a memo made for another base is not read
    other = ListMemo("https://other.org/", None)
    assert shape(more_lists(tree, main, rules, base, None, [], base, other)) == shape(found) and not other.links


def test_normalised_keys_are_the_split_joins():
    """A normalised text's key (spaces removed) and order key (its first 2 * ORDER_KEY characters
    hold ORDER_KEY others) are those of the split-and-join they stand in for."""
    import random

    from cleaner.dom import norm
    from cleaner.html import ORDER_KEY

    rnd = random.Random(7)
    pieces = ["a", "bb", "é", "日本", "x" * 45, " ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "-", "."]
    for _ in range(5000):
        t = norm("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 60))))
        assert t.replace(" ", "") == "".join(t.split())
        assert t[:2 * ORDER_KEY].replace(" ", "")[:ORDER_KEY] == "".join(t.split())[:ORDER_KEY]
        if t:
            assert t.lstrip()[0] == norm(t)[0]


def test_control_count_is_the_byte_loop():
    from cleaner.decode import _CONTROL_BYTES

    rnd = random.Random(16)
    for n in (0, 1, 31, 4096):
        for _ in range(50):
            head = bytes(rnd.choice((rnd.randrange(256), rnd.randrange(33))) for _ in range(n))
            want = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
            assert len(head) - len(head.translate(None, _CONTROL_BYTES)) == want


def _left_out_former(blocks, kept):
    from cleaner.html import _visible

    grams: set = set()
    keys = []
    for t in kept:
        ws = t.split()
        grams.update(zip(ws, ws[1:], ws[2:]))
        keys.append("".join(ws))
    joined = "\n".join(keys)
    out, run, first = [], [], 1
    for text, line in blocks:
        ws = _visible(text).split()
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


def test_left_out_answers_as_the_word_triples():
    from cleaner.html import _left_out

    words = ["a", "b", "c", "d", "the", "cat", "sat", "soft\u00adly", "x"]
    rnd = random.Random(7)
    for _ in range(400):
        texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 6))) for _ in range(12)]
        kept = [""] * rnd.randint(0, 1) + rnd.sample(texts, 4) + [rnd.choice(words)]
        blocks = [(t, i + 1) for i, t in enumerate(texts)]
        assert _left_out(blocks, kept) == _left_out_former(blocks, kept)


_CARDS = """<html><head><title>Page not found</title><meta property="og:type" content="website"></head>
<body><h1>Oops</h1><h1>Second</h1><h1>Third</h1>{cards}<div><p>Some text here.</p></div></body></html>"""


def _evidence_former(tree, meta, url, prose, rules):
    from cleaner import dom
    from cleaner.html import (ERROR_PAGE_MAX_WORDS, LONG_CARD_WORDS, TEASER_CARDS_MIN, _SEARCH_URL,
                              _prose_words)

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


@pytest.mark.parametrize("cards", ["", "<article><p>one two</p></article>" * 3,
                                   "<article><p>" + "word " * 200 + "</p></article>" * 4])
def test_page_evidence_answers_as_the_tree(cards):
    from cleaner import dom
    from cleaner.html import _not_article_evidence, _page_evidence, parse
    from cleaner.rules.registry import default_rules

    rules = default_rules()
    for page in (_CARDS.format(cards=cards), _CARDS.format(cards=cards).replace("Page not found", "A story"),
                 _CARDS.format(cards=cards).replace("website", "article"), _LEAD_PAGE, _CHROME_PAGE):
        tree = parse(page)
        meta = dom.metadata(tree, None, dom.find_main(tree))
        for article_type in (None, False, True, meta.article_type):
            meta.article_type = article_type
            evidence = _page_evidence(tree, meta)
            for url in (None, "https://x.example/search?q=a", "https://x.example/story"):
                for prose in (0, 10, 149, 150, 400):
                    assert _not_article_evidence(evidence, meta, url, prose, rules) == \
                        _evidence_former(tree, meta, url, prose, rules)


def _shared_pages(n: int):
    from pathlib import Path

    pages = sorted((Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "pages").glob("*.html"))
    return pages[:: max(1, len(pages) // n)] if pages else []


@pytest.mark.parametrize("page", [_LEAD_PAGE, _CHROME_PAGE, _CARDS.format(cards="<article><p>x</p></article>")])
def test_in_place_extraction_is_bare_extractions(page):
    """The extraction run on the tree itself gives the body `bare_extraction` gives from its copy
    (for the trafilatura releases it follows), on test pages and on shared corpus pages."""
    from lxml import etree

    from cleaner.decode import decode
    from cleaner.html import _extract, _in_place, parse

    if _in_place() is None:
        pytest.skip("this trafilatura release is extracted from a copy")
    texts = [page] + [decode(p.read_bytes(), html=True) for p in _shared_pages(12)]
    for text in texts:
        copied = _extract(parse(text), "https://x.example/a/story.html")
        tree = parse(text)
        owned = _extract(tree, "https://x.example/a/story.html", in_place=True)
        assert (copied is None) == (owned is None)
        if copied is not None:
            assert etree.tostring(copied) == etree.tostring(owned)


def test_in_place_extraction_only_of_a_root_html_element():
    from lxml import etree

    from cleaner.html import _extract, parse

    page = "<html><body><article><p>" + "A sentence of the story goes here. " * 20 + "</p></article></body></html>"
    plain = etree.fromstring(page)  # no lxml.html element: trafilatura takes none
    assert _extract(plain, None, in_place=True) is None and _extract(plain, None) is None
    tree = parse(page)
    inner = tree.find(".//article")  # not the root: extracted from a copy, the tree left as it is
    before = etree.tostring(tree)
    got = _extract(inner, None, in_place=True)
    assert etree.tostring(tree) == before
    want = _extract(parse(page).find(".//article"), None)
    assert (got is None) == (want is None) and (got is None or etree.tostring(got) == etree.tostring(want))
