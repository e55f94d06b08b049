"""Main content of a whole-page text dump: find the article among everything a scraper saved.

Runs after segmentation and the title, before the chrome rules. Two passes, as jusText classifies
paragraphs and then revises them from their neighbours:

  1. classify each line from readable features: length in words, sentence punctuation, share of
     stopwords of the page's language (`stopwords.py`), share of Title-Case words, separators
     (| › ·), time stamps, how often the line recurs in the page, whether a chrome rule matches it,
     whether it heads a zone. Classes: GOOD (a paragraph of prose), NEUTRAL (could be either: list
     items, captions, short quotes), SHORT (a few words), LINKISH (a headline or link text), BAD
     (chrome, menu rows, markup), BARRIER (the start of a comment thread).
  2. revise from context: runs of short lines are menus, a GOOD line with no prose beside it is a
     teaser's summary, lines of related records (zones.py) and of slide shows are furniture; then
     pick the article's span: the run of lines with the highest sum of scores (GOOD lines count
     their words, the rest cost a little), never across a comment thread's start or a long stretch
     of boilerplate, preferring what stands before a comment thread; then widen it over the
     standfirst/dateline/byline just above it and list items or credit lines just below it.

The stage only acts on a page with a clear boilerplate periphery (`PERIPHERY_MIN_LINES` lines outside
the span that no chrome rule explains, and some recognised chrome): a tidy dump (title, paragraphs,
a little chrome) is left to the line rules untouched. Its result is a fixed point (the kept lines,
read again, lose nothing more), so cleaning stays idempotent.

Inside the span nothing is dropped for being short: subheadings, list items, quotes and datelines
stay; only menu rows and markup go (CT102). Outside it every line goes: CT101, or CT104 in a comment
thread, CT105 under a most-read heading; a line that a chrome rule or a zone names keeps that rule's
id, and related records after the article still feed `related`. The lede under the headline (its
repeat below the menus) is protected: the span always holds it, whatever outweighs it elsewhere.
A page loses its body whole (CT103) only on positive evidence that it holds no article: a list of
teaser cards (a section front, a search page), or a thin run on a page naming itself search results,
an error or a product page; and only when chrome rules recognise the page as a whole-page dump. A
thin run that no headline anchors leaves the page to the line rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from .blocks import line_rule
from .memo import Memo, memoized
from .model import Removal
from .repair import repair
from .rules.registry import Rule, RuleSet
from .segment import Line, plain_lines
from .stopwords import LANGUAGES_OF, STOPWORDS
from .textfeatures import ends_sentence, words
from .ages import is_age, stamp_date
from .title import _story_part, byline_of
from .linetable import LineTable
from .zones import find_zones

GOOD, NEUTRAL, SHORT, LINKISH, BAD, BARRIER = "good", "neutral", "short", "linkish", "bad", "barrier"

# A paragraph of prose has at least this many words (a one-sentence paragraph of news is rarely
# shorter; menu items, headlines and meta lines are).
GOOD_MIN_WORDS = 10
# ... or this many with no sentence end at all (a long paragraph cut by the scraper, a long quote).
GOOD_LONG_WORDS = 25
# Lines of at most this many words are SHORT: menu items, labels, bylines, subheadings.
SHORT_MAX_WORDS = 5
# Share of stopwords of the page's language: running prose has a third or more; headlines and link
# text have little. Below LOW a line is link/headline text; a GOOD line needs at least GOOD.
STOP_LOW = 0.12
STOP_GOOD = 0.20
# A page's language is the stopword list covering the largest share of its words; below this share
# none fits (an unlisted language) and the stopword feature is not used.
LANG_MIN_SHARE = 0.08
# More than this share of Title-Case words: a headline or a list of names, not prose.
TITLECASE_MAX = 0.6
# Lines written without spaces between words (Chinese, Japanese, Korean syllables, Thai, Lao,
# Myanmar, Khmer): characters stand for words; a paragraph is long. With a sentence mark (。！？,
# Myanmar ။, Khmer ។, or a '.' closing a Korean sentence) a line of CJK_GOOD_CHARS is prose; without
# one, a line of NOSPACE_LONG_CHARS is (a Thai paragraph ends its sentences with a space, not a mark:
# no headline or link runs that long).
CJK_GOOD_CHARS = 40
NOSPACE_LONG_CHARS = 120
# Chinese and Japanese prose may mark its clauses with a space instead of a comma ('一波波 接續性
# 低溫寒流報到 已將...'): a line of at least SPACED_HAN_MIN_CHARS Han or kana characters in phrases of
# SPACED_PHRASE_CHARS on average, not cut short ('...') nor split by separators, is prose too.
# (Korean is left out: it puts spaces between its words.)
SPACED_HAN_MIN_CHARS = 20
SPACED_PHRASE_CHARS = 5
# A row of items joined by separators (Home | News | Sport) has items of at most this many words
# on average; prose that happens to hold two slashes has far longer stretches between them.
MENU_ITEM_WORDS = 4
# A line written with its own list marker ('- ', '+ ', '• ') and at least this many words is an
# item of a list in the text (menus are not written with markers).
LIST_ITEM_MIN_WORDS = 2
# Hard-wrapped prose: this many lines in a row, each going on from the last in lower case.
WRAPPED_MIN_LINES = 3
# Table rows and spec lines: at least ROW_MIN_LINES in a row, each a label of at most
# ROW_LABEL_CHARS characters with a value after its colon, or with numbers for at least
# ROW_NUMBER_SHARE of its tokens.
ROW_MIN_LINES = 3
# Lyrics: at least this many section labels ('[Verse 1]', '[Chorus]').
SONG_PARTS_MIN = 2
ROW_LABEL_CHARS = 40
# Two such lines are the article's facts only beside a paragraph, and each at most this long.
FACT_MAX_WORDS = 12
ROW_NUMBER_SHARE = 0.4
# A short line occurring this often in the page is template text (a repeated label or link).
REPEAT_MIN = 2
# A teaser's headline (a NEUTRAL line of at most this many words with no sentence end and no list
# marker) counts for the article only beside a paragraph: a subheading, or a caption, in a run of
# teaser headlines it costs as much as a short line, so that a list of other stories before or after
# the article does not join its span.
HEADLINE_MAX_WORDS = 20
# Scores in the span search: GOOD lines add their word count; the others cost this much each, so
# that a long menu or a teaser list breaks the span but a subheading or a short list does not.
COST = {SHORT: 1.0, LINKISH: 3.0, BAD: 5.0}
# NEUTRAL lines (stopword-rich, but short or without a sentence end: list items, captions, short
# quotes) count half their words, so that an article made of a list still forms a span.
NEUTRAL_WEIGHT = 0.5
# A GOOD line with no prose on either side (a teaser's one-sentence summary between its headline
# and its date) counts this share of its words: an article's paragraphs come in runs.
ISOLATED_WEIGHT = 0.5
# This many boilerplate lines (chrome, zone headings, menu rows, markup) with no paragraph between
# them (a sidebar, a footer) end the article: no span crosses them, however much prose lies beyond.
# An article's own lists and tables are not boilerplate, nor is a related box set inside it (its
# records are scored, not counted here).
GAP_BREAK = 6
# The headline repeated below the page's menus (its <h1>) marks where the article starts: it counts
# as much as a good paragraph, so the span prefers the prose right after it to a teaser block.
HEADLINE_BONUS = 40.0
# MENU_RUN or more short / link-like / boilerplate lines in a row are a menu or a link list: each
# costs at least MENU_COST, so that a few teaser summaries inside a mega-menu cannot carry the span
# across it. Shorter runs (a subheading, a three-item list) keep their own small cost.
MENU_RUN = 6
MENU_COST = 2.0
# A stretch of the span with no paragraph holding this many chrome lines (a share row with a
# newsletter box, a footer) is a boilerplate block, as is one holding a zone heading or a menu run:
# the span keeps what lies beyond it only when that reads as article text (`_trim`).
SEPARATOR_CHROME = 3
# A zone heading (related, most read) costs as much as a short paragraph: the span crosses it only
# when a real paragraph follows (an inline "Related:" box inside an article).
ZONE_HEADING_COST = 20.0
# The stage acts only when at least this many non-blank lines outside the span are not explained by
# a chrome rule: fewer is a tidy dump whose chrome the line rules handle.
PERIPHERY_MIN_LINES = 8
# ... and only when at least this many lines of the page are recognised boilerplate (lines a chrome
# rule names, zone headings, lines of a menu run): the page is a whole-page dump, not text already
# cleaned, whose cleaning again must change nothing.
CHROME_EVIDENCE_MIN = 2
# An article has at least this many words in GOOD lines of its span; a thinner span is kept all the
# same (a 40-word post is an article) unless the page shows it is not one (`_not_an_article`).
ARTICLE_MIN_WORDS = 60
# The headline (its repeat under the menus, or the title line when nothing else names it) anchors the
# article: the first paragraph within ANCHOR_LINES lines under it, with no comment thread, zone
# heading or related record between, is the lede. The article's span always holds it.
ANCHOR_LINES = 12
# ... unless the run of prose from that lede weighs less than this share of the best run: the
# headline repeated in a share box or a related list at the foot of the page anchors nothing.
ANCHOR_MIN_SHARE = 0.2
# ... and menu or share-box lines between them count for nothing, up to this many lines in all.
ANCHOR_REACH = 3 * ANCHOR_LINES
# A page whose GOOD lines never stand two in a row and are all shorter than this is a list of
# teasers (headline, one-sentence summary, meta), not an article.
TEASER_MAX_WORDS = 40
TEASER_MIN_LINES = 3
# ... unless two of them stand with only an entry marker of at most this many words between them
# (a live report: '84\'' then the entry, '14:32' then the entry). A teaser list puts its headline
# (rarely under three words) and usually a date line between two summaries.
FEED_MARKER_MAX_WORDS = 2
# When GOOD lines outside the span (not in a comment thread or a related zone) add up to more than
# this many times the span's, the page holds two candidate articles and the stage leaves it alone
# rather than guess.
OUTSIDE_PROSE_MAX = 2.0
# Two bare 'Reply' buttons make a thread; its first comment is found by walking back at most
# THREAD_BACK_LINES lines of text and THREAD_HEADER_LINES author/date lines from the first button.
REPLY_MIN = 2
THREAD_BACK_LINES = 6
THREAD_HEADER_LINES = 2
# Prose after a comment thread's heading counts this share against the best span before it.
THREAD_DISCOUNT = 0.3
# A slide show: at least this many 'n/N' counters with the same N; each slide is its counter line
# and up to GALLERY_TAIL_LINES lines of caption and credit.
GALLERY_MIN_SLIDES = 3
GALLERY_TAIL_LINES = 3
# A dateline or byline (at most DATELINE_MAX_WORDS words) within this many lines above the lede,
# with no paragraph between, belongs to the article.
DATELINE_SEARCH_LINES = 10
DATELINE_MAX_WORDS = 20
# A standfirst has at least STANDFIRST_MIN_WORDS words; between it and the lede stand only chrome
# and lines of at most STANDFIRST_GAP_WORDS words (a byline, a date, counters).
STANDFIRST_MIN_WORDS = 8
STANDFIRST_GAP_WORDS = 4
# The first line under the headline is its standfirst when the lede stands at most this many lines
# below it (a rating, a pros-and-cons box and a price list can come between them on a review).
STANDFIRST_BELOW_HEADLINE = 25
# The byline stands within this many lines of the span's start (after a dek, a date, a 'Live' label).
BYLINE_SPAN_LINES = 8
# Chrome of these families (a newsletter box, footer links) closes a comment thread or a most-read
# list: what follows is reported as outside the article (CT101), not as part of the thread.
ZONE_ENDERS = ("newsletter", "navigation")
# Rounds of re-reading the kept lines as a page of their own (see `find_content`); one or two
# suffice in practice.
FIXED_POINT_ROUNDS = 3
# How far the span widens: upwards over a standfirst, dateline and byline; downwards over list items
# and credit lines that close the article.
WIDEN_UP = 3
WIDEN_DOWN = 8

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_SEPARATORS = re.compile(r"\s[|›»·•/▪◾■●◆♦]\s|\s>\s")
# The marks `_SEPARATORS` is made of: a line holding none has no separator (most lines), and is
# not split.
_SEPARATOR_MARKS = re.compile(r"[|›»·•/▪◾■●◆♦>]")
_COMMENT_COUNT = re.compile(
    r"(?:there (?:are|is) |we have )?\d[\d,.]*\s(?:comments?|responses?|replies|reader comments|kommentare?|"
    r"commentaires?|comentarios?|commenti|reacties)\b.{0,40}",
    re.IGNORECASE,
)
_VIEW_COMMENTS = re.compile(
    r"(?:view|show|read|see|load|hide)(?: all)? comments? ?\(\d[\d,.]*\)", re.IGNORECASE)
# The reply button under each comment of a thread.
_REPLY = re.compile(r"(?:reply|antworten|répondre|responder|rispondi|beantwoorden|reageren|svara|"
                    r"odpovědět|odpowiedz|ответить)\W{0,3}", re.IGNORECASE)
_COUNTER = re.compile(r"\d")  # a thread heading with a number in it counts comments
_NEXT_STORY = re.compile(r"(?:up )?next(?: story| article| post)?\W{0,3}", re.IGNORECASE)
_SINGULAR_COMMENT = re.compile(r"(?:comment|kommentar|commentaire|comentario):?", re.IGNORECASE)
_TITLE_SITE = re.compile(r"\s(?:[|«»‹›~/·•]|::|-{1,2}|–|—)\s")
_LABELLED = re.compile(r"[^\W\d_][\w’'()/&. -]{0,38}:\s\S")  # 'Label: value', 'Boots / Bindings: ...'
_CAPTION_END = re.compile(r"\s(?:photo|foto|photograph|image|picture|bild|imagen|credit)s?\s?:\s?\S+(?:\s\S+){0,3}$",
                          re.IGNORECASE)
# A song's section label ('[Verse 1]', '[Chorus]', '[Bridge: Artist]', '[Refrain]', '[Strophe 2]').
_SONG_PART = re.compile(
    r"\[(?:verse|chorus|pre-chorus|post-chorus|bridge|hook|intro|outro|refrain|interlude|break|breakdown|"
    r"instrumental|guitar solo|solo|spoken|strophe|couplet|estribillo|coro|puente|ritornello|strofa)"
    r"(?:\s?\d{1,2})?(?:\s?[:(-][^\]]{0,60})?\]", re.IGNORECASE)
_CLOSERS = "\"'”’»)]"
_TERMINAL = ".!?…:;。！？။។।؟۔"
_LIST_ITEM = re.compile(r"[-+*•–]\s\S")
_SLIDE = re.compile(r"(\d{1,3})\s?/\s?(\d{1,3})\s")
_MARKUP = re.compile(r"<[a-zA-Z!/][^>]{0,400}>")
_SPACED_SCRIPT = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_HAN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LINK_MARKS = re.compile(r"[|｜/>＞»›\[\]【】『』#＃@]|(?<!\.)(?:\.{2,3}|…)$")
_CJK_SENTENCE = re.compile(r"[。！？、，။၊។៕]|(?<=\w)[.!?](?:\s|$)")  # (not a teaser's '...')
_STAMP = re.compile(r"(?:\d{1,2}[:h.]\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})\s")
_CREDITS = re.compile(
    r"(?:\(?(?:additional )?(?:reporting|writing|editing|compiled|research|graphics)(?: by)?\b.{0,200})",
    re.IGNORECASE,
)


@dataclass(slots=True)
class LineInfo:
    idx: int
    words: int
    stop: float
    titlecase: float
    cls: str = NEUTRAL
    chrome: Rule | None = None
    zone: str | None = None  # "related" | "most-read" | "comments" when the line heads one
    record: bool = False  # a line of a related/most-read record that zones.py parses
    headline: bool = False  # the page's headline again (the <h1> of a whole-page dump)
    menu: bool = False  # one of a run of short or link-like lines (a menu, a link list)
    boiler: bool = False  # boilerplate whatever its place: dropped inside the span too (CT102)
    teaser: bool = False  # headline-shaped: no sentence end, no list marker
    protected: bool = False  # the lede under the headline: the span always holds it
    next_story: bool = False  # a heading announcing the next story: the article ends above it
    inline_box: bool = False  # a related heading over one link, with the article going on below


@dataclass
class Content:
    """What the stage decided. `removed` maps line indices to their removals."""

    active: bool = False
    span: tuple[int, int] | None = None  # first and last line index of the article
    not_article: bool = False
    removed: dict[int, Removal] = field(default_factory=dict)
    no_zones: set[int] = field(default_factory=set)  # lines zones must not read
    byline: str | None = None
    byline_idx: int | None = None
    stamp_idx: int | None = None  # a dateline kept above the lede: the head's timestamp (MD103)
    title: str | None = None  # the headline alone, when the page title carries the site name
    reason: str = ""  # why the stage left the page alone: "tidy", "ambiguous" or "unsure"


def page_language(texts: list[str]) -> str | None:
    """The language whose stopwords are the most frequent words of the page (at least
    LANG_MIN_SHARE of its words), or None."""
    return _language([_tokens(t) for t in texts])


def _language(tokens: list["Tokens"]) -> str | None:
    """`page_language` over the lines' `Tokens`."""
    total = 0
    stops: list[str] = []
    for tk in tokens:  # (tokens never span lines: each line's are read once per page)
        total += tk.n_lower
        stops += tk.stops_lower
    counts: dict[str, int] = {}  # (a plain dict: Counter's missing keys cost a Python call)
    get = counts.get
    for tok, n in Counter(stops).items():  # first occurrences in page order: ties break as they always did
        for lang in LANGUAGES_OF[tok]:  # (stops_lower holds only LANGUAGES_OF's words)
            counts[lang] = get(lang, 0) + n
    if not total or not counts:
        return None
    lang, hits = max(counts.items(), key=itemgetter(1))  # (Counter.most_common(1): the first of equals)
    return lang if hits / total >= LANG_MIN_SHARE else None


class Tokens(NamedTuple):
    """One tokenisation of a line (`_TOKEN`), and what the stage reads from it: the tokens of the
    lower-cased line (how many, and those that are some language's stopwords: the page's
    language), the line's own tokens lower-cased that are stopwords (the stopword share, once the
    language is known), how many tokens, and the share of Title-Case words among the longer ones.
    (A named tuple: made once per distinct line, it is made faster than a frozen dataclass.)"""

    n_lower: int
    stops_lower: list[str]
    n: int
    stops: list[str]
    titlecase: float

    def density(self, stop: frozenset[str] | None) -> float:
        """Share of the line's tokens that are stopwords of `stop` (a subset of LANGUAGES_OF)."""
        if not self.n or stop is None:
            return 0.0
        return sum(map(stop.__contains__, self.stops)) / self.n


# The characters whose lower case `_TOKEN` does not read as it reads them: 'İ' lower-cases to two
# characters ('i' and a combining dot, which is no letter), and 'Σ' to 'σ' or 'ς' after what follows
# it. Every other character lower-cases to one character of its own kind (letter, apostrophe or
# neither) whatever stands around it, so that on a line without these two the lower-cased line's
# tokens are the line's tokens lower-cased (tests/test_linetable.py checks the whole of Unicode).
_RELOWER = re.compile("[\u0130\u03a3]")
_IS_STOP = LANGUAGES_OF.__contains__
# A letter past ASCII: a character `_TOKEN`'s `[^\W\d_]` takes other than A-Z and a-z (\w, \d and
# '_' read ASCII as [A-Za-z0-9_], [0-9] and '_'). A line without one (any ASCII line; English with
# curly quotes or dashes) has A-Z and a-z for `_TOKEN`'s letters, and none of `_RELOWER`'s letters:
# `_ASCII_TOKEN` reads it as `_TOKEN` does (a plain character class reads faster than a negated
# one of Unicode categories), and its lower-cased tokens are its tokens lower-cased.
_LETTER_PAST_ASCII = re.compile(r"[^\W\d_\x00-\x7f]")
_ASCII_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# ... and on such a line its tokens are the runs of A-Z and a-z, each joined to the next by an
# apostrophe (' or ’) standing between the two when that apostrophe is the run's first: the words
# of its UTF-8 bytes once every byte but A-Z, a-z and ' is a space (`_LETTER_BYTES`, one
# bytes.translate and a split rather than a search), after ’ is read as ' and every apostrophe but
# those between two letters is a space (`_joined`). No stopword holds an apostrophe
# (`_APOSTROPHE_STOPS`), so a token holding one counts alike whichever it holds: it is no stopword,
# its length and first character are the same.
_LETTER_BYTES = bytes(c if chr(c).isalpha() and c < 128 or c == 39 else 32 for c in range(256))
_APOSTROPHE_STOPS = any("'" in w or "’" in w for w in LANGUAGES_OF)
# An apostrophe that starts a token's second run and then ends it: the regex would part the run
# there (L0'L1'L2 reads L0'L1 and L2), `_joined`'s split would not.
_TWO_APOSTROPHES = re.compile(r"'[A-Za-z]+'")


def _joined(letters: str) -> str | None:
    """`letters` (A-Z, a-z, ' and spaces) with every ' that does not stand between two letters
    made a space; None when some run of letters and apostrophes is left with two of them."""
    s = f" {letters} "
    while "''" in s or " '" in s or "' " in s:  # (each round blanks one ' at least: it ends)
        s = s.replace("''", "  ").replace(" '", "  ").replace("' ", "  ")
    return None if _TWO_APOSTROPHES.search(s) else s


@memoized
def _tokens(text: str) -> Tokens:
    ascii = text.isascii()
    past = not ascii and _LETTER_PAST_ASCII.search(text) is not None
    if not past:
        if ascii:
            data = text.encode()
        elif "’" not in text:
            data = text.encode("utf-8", "surrogatepass")
        else:
            data = None if _APOSTROPHE_STOPS else text.replace("’", "'").encode("utf-8", "surrogatepass")
        # (a lone surrogate, which JSON input may hold, is no letter: its bytes are spaces)
        letters = data.translate(_LETTER_BYTES).decode() if data is not None else None
        if letters is not None and "'" in letters:
            letters = _joined(letters)
        if letters is not None:
            toks = letters.split()
            low = letters.lower().split()  # (the tokens lower-cased)
            stops_lower = stops = list(filter(_IS_STOP, low))
            return Tokens(len(low), stops_lower, len(toks), stops, _letters_titlecase(toks))
        toks, plain = _ASCII_TOKEN.findall(text), True
    else:
        toks, plain = _TOKEN.findall(text), _RELOWER.search(text) is None
    if plain:
        # (the lower-cased line's tokens are the line's own tokens lower-cased, see _RELOWER,
        # and tokens hold no blanks)
        low = " ".join(toks).lower().split()
        stops_lower = stops = list(filter(_IS_STOP, low))
        n_lower = len(low)
    else:
        low = _TOKEN.findall(text.lower())
        n_lower = len(low)
        stops_lower = list(filter(_IS_STOP, low))
        stops = list(filter(_IS_STOP, map(str.lower, toks)))
    return Tokens(n_lower, stops_lower, len(toks), stops, _titlecase(toks))


def _titlecase(toks: list[str]) -> float:
    """Share of Title-Case words among the tokens longer than three characters."""
    caps = up = 0
    for t in toks:
        if len(t) > 3:
            caps += 1
            if t[0].isupper():
                up += 1
    return up / caps if caps else 0.0


def _letters_titlecase(toks: list[str]) -> float:
    """`_titlecase` of tokens that start with one of A-Z and a-z: such a token starts with a
    capital exactly when it sorts before "a" (A-Z sort before a-z)."""
    caps = up = 0
    for t in toks:
        if len(t) > 3:
            caps += 1
            if t < "a":
                up += 1
    return up / caps if caps else 0.0


def _classify(info: LineInfo, text: str, use_stop: bool, repeats: int) -> str:
    if info.zone == "comments":
        return BARRIER
    if info.chrome is not None or info.zone is not None:
        return BAD
    n = info.words
    if repeats >= REPEAT_MIN and n < GOOD_MIN_WORDS:
        return LINKISH  # a repeated label or link; a subheading listed in a contents box too
    ascii = text.isascii()
    # (`_SEPARATOR_MARKS`' characters within ASCII are '|', '/' and '>': three scans for a
    # character read an ASCII line faster than the class does)
    marked = ("|" in text or "/" in text or ">" in text) if ascii else _SEPARATOR_MARKS.search(text) is not None
    parts = len(_SEPARATORS.split(text)) if marked else 1
    if parts >= 3 and n <= MENU_ITEM_WORDS * parts or text[:1] == "<" and _MARKUP.match(text):
        info.boiler = True  # a menu row, or markup a scraper saved as text (noscript, ad tags)
        return BAD
    if byline_of(text):  # a byline; past the article's own, each one is another story's teaser
        return BAD
    cjk = 0 if ascii else len(_CJK.findall(text))
    if cjk and cjk * 2 >= len(text.replace(" ", "")):
        # Without spaces, a sentence mark tells prose from headlines and link text; a very long
        # line is prose however it is punctuated.
        if cjk >= NOSPACE_LONG_CHARS:
            return GOOD
        # (Thai, Lao, Khmer and Myanmar prose may end a sentence with a space alone.)
        phrases = " " in text and len(_SPACED_SCRIPT.findall(text)) >= CJK_GOOD_CHARS
        if not _CJK_SENTENCE.search(text) and not phrases:
            if _spaced_han(text):
                return GOOD
            return SHORT if cjk < 10 else LINKISH
        return GOOD if cjk >= CJK_GOOD_CHARS else NEUTRAL
    if n >= LIST_ITEM_MIN_WORDS and _LIST_ITEM.match(text) and not n >= GOOD_LONG_WORDS:
        return NEUTRAL  # '+ Added Slime Block', '• Two zipped pockets': an item of the article's list
    if n <= SHORT_MAX_WORDS:
        return SHORT
    if n < GOOD_LONG_WORDS and _STAMP.match(text):  # '14:32 Title': an item of a news feed
        return LINKISH
    headline = info.titlecase > TITLECASE_MAX
    if use_stop:
        if info.stop < STOP_LOW or (headline and not ends_sentence(text)):
            return LINKISH
        if info.stop >= STOP_GOOD and not headline and \
                (n >= GOOD_LONG_WORDS or (n >= GOOD_MIN_WORDS and ends_sentence(text))):
            return GOOD
        return NEUTRAL
    if headline and not ends_sentence(text):
        return LINKISH
    if n >= GOOD_LONG_WORDS or (n >= GOOD_MIN_WORDS and ends_sentence(text)):
        return GOOD
    return NEUTRAL


def _spaced_han(text: str) -> bool:
    """Chinese or Japanese prose whose clauses a space parts (see SPACED_HAN_MIN_CHARS)."""
    parts = text.split()
    han = len(_HAN.findall(text))
    return len(parts) >= 2 and han >= SPACED_HAN_MIN_CHARS and han >= SPACED_PHRASE_CHARS * len(parts) \
        and not _LINK_MARKS.search(text)


def _comment_heading(text: str, rules: RuleSet) -> bool:
    """A comment thread's heading: a comments rule's heading ('12 Comments', 'Leave a Reply', a
    plural 'Comments') or a short line counting comments ('There are 13 comments')."""
    memo = rules.memo("comment-heading")
    found = memo.get(text)
    return memo.put(text, _is_comment_heading(text, rules)) if found is None else found


# `_COMMENT_COUNT` or `_VIEW_COMMENTS` (a line matches it whole when it matches either whole): one
# search asked of each line instead of two.
_COUNTED_COMMENTS = re.compile(f"(?:{_COMMENT_COUNT.pattern})|(?:{_VIEW_COMMENTS.pattern})", re.IGNORECASE)


def _is_comment_heading(text: str, rules: RuleSet) -> bool:
    if _COUNTED_COMMENTS.fullmatch(text):
        return True
    if rules.first_line_any(text) is None:
        return False  # no line rule matches it, nor then these two (the rule set's answer, remembered)
    for rule in rules.active("CH301", "CH302"):
        if rule.match_line(text):
            # A singular 'Comment' is a button or a table cell, not a thread's heading.
            return not (rule.weak and _SINGULAR_COMMENT.fullmatch(text))
    return False


def _mark_wrapped(infos: list[LineInfo], texts: list[str]) -> None:
    """Prose hard-wrapped at a fixed width (a plain-text post, a mailing-list archive): lines that
    stop mid-sentence and go on in lower case on the next line. In a run of WRAPPED_MIN_LINES or
    more such lines, each one of more than SHORT_MAX_WORDS words is a paragraph's part (GOOD), not a
    headline-shaped NEUTRAL line."""
    run: list[int] = []
    n = len(infos)
    for k in range(n + 1):
        # (`_continues`, its lower-case start asked first: most lines have none)
        joined = k < n and run and texts[k][:1].islower() and _continues(texts[run[-1]], texts[k]) and \
            infos[k].cls in (GOOD, NEUTRAL, SHORT) and infos[run[-1]].cls in (GOOD, NEUTRAL, SHORT)
        if joined:
            run.append(k)
            continue
        if len(run) >= WRAPPED_MIN_LINES:
            # A sentence broken into short lines (a pull quote, a dek set line by line) is prose
            # too when it ends as a sentence does.
            whole = ends_sentence(texts[run[-1]]) and sum(infos[j].words for j in run) >= GOOD_MIN_WORDS
            for j in run:
                x = infos[j]
                if x.chrome is None and (x.cls == NEUTRAL and x.words > SHORT_MAX_WORDS or
                                         whole and x.cls in (NEUTRAL, SHORT)):
                    x.cls, x.teaser = GOOD, False
        run = [k] if k < len(infos) else []


_ASCII_DIGIT = re.compile(r"[0-9]")  # (str.isdigit of an ASCII character)
# On an ASCII line, a token of str.split (\s is its blank) that holds a digit, found at its first
# character: one match for each such token.
_ASCII_DIGIT_TOKEN = re.compile(r"(?<!\S)[^\s0-9]*+[0-9]")


def _row(info: LineInfo, text: str) -> bool:
    """A table row or a spec line: 'Label: value' ('Available lengths: 178, 186 cm', 'Prep time:
    20 min'), or a line mostly of numbers ('3 Rovers 12 8 2 2 26')."""
    if info.chrome is not None or info.zone is not None or info.record or info.words > GOOD_LONG_WORDS:
        return False
    colon = text.find(":")  # (the label: what stands before the first colon)
    if 0 < colon <= ROW_LABEL_CHARS and text[colon + 1:].strip() and not text[:colon].lower().startswith("http"):
        return True
    if text.isascii():
        if _ASCII_DIGIT.search(text) is None:
            return False  # (no token with a digit: most lines)
        nums = len(_ASCII_DIGIT_TOKEN.findall(text))  # (the tokens holding a digit)
        return nums >= 2 and nums >= ROW_NUMBER_SHARE * len(text.split())
    if not any(map(str.isdigit, text)):
        return False
    toks = text.split()
    nums = sum(1 for t in toks if any(map(str.isdigit, t)))
    return nums >= 2 and nums >= ROW_NUMBER_SHARE * len(toks)


def _mark_rows(infos: list[LineInfo], texts: list[str], rules: RuleSet) -> None:
    """A run of ROW_MIN_LINES or more table rows or spec lines (standings, a spec sheet, a recipe's
    facts, a calendar) is the article's table, not a menu: its short lines count as list items
    (NEUTRAL), as an article's own list does."""
    run: list[int] = []
    n = len(infos)
    for k in range(n + 1):
        if k < n and _row(infos[k], texts[k]) and _line_rule(texts[k], rules, weak=True) is None:
            run.append(k)
            continue
        if not run:
            continue  # (no run ends here: most lines)
        # Two 'Label: value' lines against a paragraph ('Name: Ashley' / 'Location: Los Angeles'
        # over a house tour's first paragraph) are the article's facts too.
        facts = len(run) == ROW_MIN_LINES - 1 and all(
            _LABELLED.match(texts[j]) and infos[j].words <= FACT_MAX_WORDS for j in run) and any(
            0 <= j < len(infos) and infos[j].cls == GOOD for j in (run[0] - 1, run[-1] + 1))
        if len(run) >= ROW_MIN_LINES or facts:
            for j in run:
                x = infos[j]
                if x.cls in (SHORT, LINKISH) and not x.boiler:
                    x.cls, x.teaser = NEUTRAL, False
        run = []


def _mark_lyrics(infos: list[LineInfo], texts: list[str]) -> None:
    """Song lyrics: from the first of SONG_PARTS_MIN section labels ('[Verse 1]', '[Chorus]') to the
    end of the stanza under the last, the short unpunctuated lines (repeated ones too) are the
    article's verses (NEUTRAL), not headlines or a menu. The block ends at a chrome line, a zone
    heading, a related record or a comment thread."""
    marks = [k for k, t in enumerate(texts) if _SONG_PART.fullmatch(t.strip())]
    if len(marks) < SONG_PARTS_MIN:
        return
    for k in range(marks[0], len(infos)):
        x = infos[k]
        if x.chrome is not None or x.zone is not None or x.record or x.cls == BARRIER or x.boiler or \
                k > marks[-1] and (x.cls == GOOD or x.words > HEADLINE_MAX_WORDS):
            break
        if x.cls in (SHORT, LINKISH, NEUTRAL):
            x.cls, x.teaser, x.menu = NEUTRAL, False, False


def _continues(line: str, nxt: str) -> bool:
    """`nxt` carries on the sentence `line` broke off: no sentence end, a lower-case start."""
    return nxt[:1].islower() and not ends_sentence(line) and not line.rstrip().endswith(":")


def _mark_reply_thread(infos: list[LineInfo], texts: list[str]) -> None:
    """A thread with no heading: two or more bare 'Reply' buttons. It starts at the first comment:
    back from the first button over the comment's text, then over its author and date lines."""
    replies = [k for k, t in enumerate(texts) if _REPLY.fullmatch(t)]
    if len(replies) < REPLY_MIN:
        return
    k = replies[0] - 1
    while k >= 0 and replies[0] - k <= THREAD_BACK_LINES and infos[k].cls in (GOOD, NEUTRAL):
        k -= 1
    head = 0
    while k >= 0 and head < THREAD_HEADER_LINES and infos[k].cls in (SHORT, LINKISH) and \
            not _CREDITS.fullmatch(texts[k]):
        k -= 1
        head += 1
    start = k + 1
    if any(x.cls == BARRIER for x in infos[max(0, start - THREAD_BACK_LINES):replies[0]]):
        return  # the thread already has a heading
    infos[start].cls = BARRIER
    infos[start].zone = "comments"
    for r in replies:
        infos[r].cls = BAD


def _mark_inline_boxes(infos: list[LineInfo], texts: list[str]) -> None:
    """A related heading over a single record, followed (after at most a subheading) by a
    paragraph, is a one-link box set inside the article ('Lee también' / one headline / the next
    section): its heading costs as much as a short line and does not end the article. A heading
    announcing the next story ('Next story', 'Up next') is no such box: the text under it is
    another article appended to this one."""
    for k, x in enumerate(infos):
        if x.zone == "related" and _NEXT_STORY.fullmatch(texts[k]):
            x.next_story = True
        if x.zone != "related" or x.chrome is not None or x.next_story:
            continue
        j = k + 1
        while j < len(infos) and infos[j].record:
            j += 1
        if j - k - 1 != 1:
            continue
        if j < len(infos) and infos[j].cls in (SHORT, NEUTRAL) and infos[j].words <= SHORT_MAX_WORDS:
            j += 1
        if j < len(infos) and infos[j].cls == GOOD and not infos[j].record:
            x.inline_box = True


def _mark_gallery(infos: list[LineInfo], texts: list[str]) -> None:
    """A slide show flattened into text: '1/50 Caption title', its caption, a credit, '2/50 ...'.
    The counters and the lines between them are a gallery, not the article (scored like records)."""
    slides = [(k, m) for k, t in enumerate(texts) if (m := _SLIDE.match(t))]
    by_total: dict[str, list[int]] = {}
    for k, m in slides:
        by_total.setdefault(m.group(2), []).append(k)
    for ks in by_total.values():
        if len(ks) < GALLERY_MIN_SLIDES:
            continue
        for first, nxt in zip(ks, ks[1:] + [None]):
            end = nxt if nxt is not None else min(len(infos), first + GALLERY_TAIL_LINES + 1)
            if nxt is not None and nxt - first > GALLERY_TAIL_LINES + 1:
                end = first + GALLERY_TAIL_LINES + 1
            for j in range(first, end):
                infos[j].record = True


# A teaser card set on one line: headline and summary run together, then the link's call to action
# ('... Read now', '… Read more Read more'). Two such lines near each other are a list of cards.
_CTA_END = re.compile(
    r".*\s(?:read (?:now|more|on)|continue reading|keep reading|weiterlesen|mehr lesen|lire la suite"
    r"|leer más|seguir leyendo|leia mais|continua a leggere|lees meer|czytaj dalej|číst dál)"
    r"(?:\s(?:read (?:now|more)))?\W{0,3}", re.IGNORECASE)
CTA_CARD_MIN_WORDS = 8
CTA_CARD_MAX_APART = 2  # card lines this many lines apart at most (a label, a date between)
CTA_TAIL_CHARS = 40  # the longest call to action _CTA_END reads ('\scontinua a leggere read more' + 3)


# A word each of `_CTA_END`'s calls to action written in ASCII holds. Case aside (IGNORECASE reads
# an ASCII character as the pattern's letter when their lower cases are the same, and a call to
# action with a letter past ASCII cannot stand in ASCII text), the pattern matches an ASCII stretch
# only where one of these stands in it lower-cased.
_CTA_WORDS = ("read", "lesen", "suite", "leyendo", "mais", "leggere", "meer", "dalej")


def _cta_end(t: str) -> bool:
    """A line ending in a call to action: `_CTA_END` read on its last CTA_TAIL_CHARS characters (the
    call to action and what may follow it fit there, the pattern's leading '.*' standing for the
    rest of the line), asked only of a tail holding one of `_CTA_WORDS` when it is ASCII."""
    start = max(0, len(t) - CTA_TAIL_CHARS)
    tail = t[start:]
    if tail.isascii():
        low = tail.lower()
        if not ("read" in low or "lesen" in low or "suite" in low or "leyendo" in low or "mais" in low or
                "leggere" in low or "meer" in low or "dalej" in low):  # (`_CTA_WORDS`)
            return False
    return _CTA_END.fullmatch(t, start) is not None and t.find("\n", 0, start) < 0


def _mark_cta_cards(infos: list[LineInfo], texts: list[str]) -> None:
    cards = [k for k, t in enumerate(texts)
             if infos[k].words >= CTA_CARD_MIN_WORDS and len(t) <= 600 and _cta_end(t)]
    for x, y in zip(cards, cards[1:]):
        if y - x <= CTA_CARD_MAX_APART:
            for k in (x, y):
                infos[k].cls, infos[k].boiler = BAD, True


# A teaser card: a headline over its summary cut short ('... I'm working on my clo...'), the cut right
# after a letter. Two such cards at most this many lines apart are a list of cards, not the article
# (whose paragraphs are not cut).
_CUT_SHORT = re.compile(r".*[^\W\d_](?:\.{3}|…)")
CUT_CARD_MAX_APART = 4


def _cut_short(text: str) -> bool:
    """`_CUT_SHORT.fullmatch(text)`, read at the line's end alone (its '.*' takes any line)."""
    return text.endswith(("...", "…")) and bool(_CUT_SHORT.fullmatch(text, max(0, len(text) - 4))) and \
        "\n" not in text


def _mark_cut_teasers(infos: list[LineInfo], texts: list[str]) -> None:
    cards = [k for k in range(1, len(texts))
             if infos[k].words >= CTA_CARD_MIN_WORDS and _cut_short(texts[k])
             and infos[k - 1].words <= HEADLINE_MAX_WORDS and not ends_sentence(texts[k - 1])
             and not _cut_short(texts[k - 1])]
    for x, y in zip(cards, cards[1:]):
        if y - x <= CUT_CARD_MAX_APART:
            for k in (x - 1, x, y - 1, y):
                infos[k].cls, infos[k].boiler = BAD, True


def _mark_menus(infos: list[LineInfo]) -> None:
    run: list[LineInfo] = []
    for info in infos + [LineInfo(-1, 0, 0.0, 0.0, GOOD)]:
        if info.cls in (SHORT, LINKISH, BAD) and not info.headline:
            run.append(info)
            continue
        if len(run) >= MENU_RUN:
            for x in run:
                x.menu = True
        run = []


def _line_rule(text: str, rules: RuleSet, weak: bool = False) -> Rule | None:
    return line_rule(text, rules, weak=weak)  # (the rule set remembers its answers)


_STORIES = Memo()  # the title's story part, asked about for each line of the page


def _story_of(title: str) -> str | None:
    found = _STORIES.get(title)
    if found is None:
        found = _STORIES.put(title, (_story_part(repair(title)),))
    return found[0]


def _is_headline(text: str, title: str | None, title_key: str | None) -> bool:
    if not title or not title_key:
        return False
    t = repair(text)
    return _headline_key(t, t.lower(), _story_of(title), title_key)


def _headline_key(t: str, key: str, story: str | None, title_key: str) -> bool:
    """`_is_headline` of a line read as `t` (repaired) and `key` (`t` lower-cased), under a title
    whose story part is `story` and whose key is `title_key`."""
    if key == title_key or t == story:
        return True
    # 'Story « Site', 'Story :: Site': the title up to one of its separators, when that is most
    # of it (not 'Team A' of 'Team A - Team B: report')
    return title_key.startswith(key) and 2 * len(key) > len(title_key) and words(t) >= 3 and any(
        m.start() == len(key) for m in _TITLE_SITE.finditer(title_key))


_PROSE = (GOOD, NEUTRAL)


def _score(infos: list[LineInfo], k: int) -> float:
    info = infos[k]
    if info.headline:
        return HEADLINE_BONUS
    if info.record:
        return -COST[LINKISH]
    cls = info.cls
    if cls == GOOD:
        # (no prose on either side)
        isolated = not (k > 0 and infos[k - 1].cls in _PROSE or k + 1 < len(infos) and infos[k + 1].cls in _PROSE)
        return float(info.words) * (ISOLATED_WEIGHT if isolated else 1.0)
    if cls == NEUTRAL:
        if info.teaser and not (k + 1 < len(infos) and infos[k + 1].cls == GOOD):
            return -COST[SHORT]  # not a subheading over a paragraph
        return NEUTRAL_WEIGHT * info.words
    if info.inline_box:
        return -COST[SHORT]  # a label over one link, set inside the text: the article goes on
    if info.zone is not None:
        return -ZONE_HEADING_COST
    if info.menu:
        return -max(MENU_COST, COST[info.cls])
    return -COST[info.cls]


def _anchored_lede(infos: list[LineInfo], lines: list[Line], skip: set[int], title: str | None,
                   title_key: str | None) -> tuple[int | None, int]:
    """The lede of the protected article: the first paragraph within ANCHOR_LINES lines under the
    headline, before any comment thread, zone heading or related record. The headline is its repeat
    under the menus (set aside as MD102, or read by the stage), else the title's own line. Of several
    repeats, the one whose lede starts the most prose wins (a related list may repeat it too). Also
    returns how far below the headline the lede was looked for (1: only the title's own line).
    A lede under a repeated headline settles which of two blocks of prose is the article."""
    if not title or not title_key or not infos:
        return None, 0
    pos = [x.idx for x in infos]
    heads = [k + 1 for k, x in enumerate(infos) if x.headline]
    first = next((i for i, ln in enumerate(lines) if not ln.blank), -1)
    repeats = sorted(s for s in skip if s != first and not lines[s].blank
                     and _is_headline(lines[s].text, title, title_key))
    heads += [bisect_right(pos, s) for s in repeats]
    window = ANCHOR_LINES
    if not heads and first in skip and _is_headline(lines[first].text, title, title_key):
        # Only the title's own line: the page's <title> over its menus, or a clean article (a
        # second cleaning); the lede must follow it at once.
        heads, window = [bisect_right(pos, first)], 1
    found: list[tuple[float, int, int]] = []
    for h in sorted(set(heads)):
        # Lines of a menu or a share box (a run of short link lines, chrome a rule names) between
        # the headline and the lede do not count against the window, up to ANCHOR_REACH lines.
        counted = 0
        for k in range(h, min(len(infos), h + (ANCHOR_REACH if window > 1 else window))):
            x = infos[k]
            if x.cls == BARRIER and (_COUNTER.search(lines[x.idx].text) or _share_row(infos, k)):
                continue  # a comment counter or button in the head's share row ('Comments (27)'), see below
            if x.cls == BARRIER or x.record or (x.zone is not None and not x.inline_box) or x.headline:
                break
            if x.chrome is None and (x.cls == GOOD or x.cls == NEUTRAL and x.words >= GOOD_MIN_WORDS
                                     and not x.teaser):
                span = _span_from(infos, k)
                found.append((span[2] if span else 0.0, k, h))
                break
            counted += not (x.menu or x.chrome is not None)
            if counted >= window:
                break
    if not found:
        return None, window
    _, lede, head = max(found)
    for k in range(max(0, min(head, lede - ANCHOR_LINES)), lede):
        if infos[k].cls == BARRIER:  # a counter between the headline and the lede: a link, no thread
            infos[k].cls, infos[k].zone = BAD, None
    return lede, window


def _share_row(infos: list[LineInfo], k: int) -> bool:
    """A comment button beside a share button ('Share this' / 'View Comments'): a link of the
    head's share row, not a thread's heading."""
    return any(0 <= j < len(infos) and infos[j].chrome is not None and infos[j].chrome.family == "share"
               for j in (k - 1, k + 1))


def _counter_links(infos: list[LineInfo], texts: list[str]) -> None:
    """A comment counter shown twice ('718 Comments' in the share row under the headline and again
    over the thread): the first is a link in the article's head, not the thread's start."""
    seen: dict[str, list[int]] = {}
    for k, x in enumerate(infos):
        if x.cls == BARRIER and _COUNTER.search(texts[k]):
            seen.setdefault(repair(texts[k]).lower(), []).append(k)
    for ks in seen.values():
        for k in ks[:-1]:
            infos[k].cls, infos[k].zone = BAD, None


def _span_from(infos: list[LineInfo], k: int) -> tuple[int, int, float] | None:
    """The best run of line scores that starts at `k` (the scores and breaks of `_best_span`)."""
    best: tuple[int, int, float] | None = None
    cur, gap = 0.0, 0
    for j in range(k, len(infos)):
        info = infos[j]
        if info.cls == BARRIER:
            break
        if info.cls == BAD and not info.record:
            gap += 1
            if gap >= GAP_BREAK:
                break
        elif info.cls == GOOD or (info.cls == NEUTRAL and info.words >= GOOD_LONG_WORDS):
            gap = 0
        cur += _score(infos, j) if j != k else max(_score(infos, j), 1.0)
        if best is None or cur > best[2]:
            best = (k, j, cur)
    return best


def _teaser_cards(infos: list[LineInfo], texts: list[str], a: int, b: int) -> bool:
    """Paragraphs of the span that stand as cards: a headline right above, a date or an age (or a
    related record) within two lines. A section front or a search page shows nothing else; an FAQ,
    a forum thread or a recipe has no such cards."""
    cards = 0
    for k in range(a, b + 1):
        if infos[k].cls != GOOD or infos[k].record:
            continue
        above = infos[k - 1] if k > 0 else None
        if above is None or above.words < 3 or ends_sentence(texts[k - 1]) or above.cls == GOOD:
            continue
        near = range(max(0, k - 2), min(len(infos), k + 3))
        if any(j != k and (infos[j].record or _dated(texts[j])) for j in near):
            cards += 1
    return cards >= TEASER_MIN_LINES


def _dated(text: str) -> bool:
    return words(text) <= DATELINE_MAX_WORDS and (is_age(text) or stamp_date(text) is not None)


# A page that says it is no article: search results, an error page, a shop's product page.
_NOT_ARTICLE = re.compile(
    r"(?:search results?\b.{0,60}|showing \d[\d,.]* ?(?:-|–|to) ?\d[\d,.]* of \d[\d,.]*.{0,20}"
    r"|\d[\d,.]* results? (?:for|found).{0,60}|no results? (?:for|found).{0,60}"
    r"|(?:error )?404\b.{0,40}|page not found.{0,40}|(?:this |the )?page (?:does not|doesn't|can't|cannot) (?:exist|be found).{0,40}"
    r"|add to (?:basket|cart|bag)|in den warenkorb|ajouter au panier|añadir al carrito|aggiungi al carrello"
    r"|suchergebnisse.{0,60}|résultats de (?:la )?recherche.{0,60}|resultados de (?:la )?búsqueda.{0,60}"
    r"|seite nicht gefunden|page introuvable|página no encontrada|pagina non trovata)",
    re.IGNORECASE,
)


def _not_an_article(texts: list[str]) -> bool:
    """A line (or the page's title) saying what kind of page this is, when no article says otherwise."""
    return any(len(t) <= 120 and _NOT_ARTICLE.fullmatch(t.strip(" .!:")) for t in texts)


def _best_span(infos: list[LineInfo]) -> tuple[int, int, float] | None:
    """Maximum-sum run of line scores (positions into `infos`), never across a BARRIER nor across
    GAP_BREAK boilerplate lines with no paragraph between them."""
    best: tuple[int, int, float] | None = None
    cur, start, gap = 0.0, 0, 0
    for k, info in enumerate(infos):
        if info.cls == BARRIER:
            cur, start, gap = 0.0, k + 1, 0
            continue
        score = _score(infos, k)
        if info.cls == BAD and not info.record:
            gap += 1
            if gap >= GAP_BREAK:
                cur = 0.0
        elif info.cls == GOOD or (info.cls == NEUTRAL and info.words >= GOOD_LONG_WORDS):
            gap = 0  # a paragraph (a long line short of stopwords in a language they fit poorly too)
        if cur <= 0:
            cur, start = 0.0, k
        cur += score
        if cur > 0 and (best is None or cur > best[2]):
            best = (start, k, cur)
    return best


def find_content(lines: list[Line], rules: RuleSet, skip: set[int],
                 title: str | None = None, table: LineTable | None = None) -> Content:
    """Classify the lines not in `skip` (title, byline, title repeats) and pick the article span.

    The result is a fixed point: the lines it keeps, read again as a page of their own (as cleaning
    the output again would read them), lose nothing more. Lines that would go on a second reading go
    now, so cleaning stays idempotent. `table`: the page's line table (of `lines`), if it has one.
    """
    if table is None:
        table = LineTable(lines, rules)
    out = _find_content(lines, rules, skip, title, table)
    if not out.active or out.not_article:
        return out
    for _ in range(FIXED_POINT_ROUNDS):
        removed = out.removed
        kept = [i for i, ln in enumerate(lines)
                if ln.text and i not in skip and i not in removed and i != out.byline_idx  # (not blank)
                and i != out.stamp_idx
                and rules.first_line(ln.text) is None]  # (`_line_rule`)
        # (the title, then each kept line as it would be output, each followed by a blank line)
        texts = [title or "", ""]
        for i in kept:
            texts += (repair(table.cut_text(i)), "")
        page = plain_lines(texts)
        back = dict(zip(range(2, len(texts), 2), kept))
        # (a line read again as it stands keeps what the page's table knows of its text)
        again_table = LineTable(page, rules)
        for j, i in back.items():
            if page[j].text == lines[i].text:
                again_table.adopt(j, table, i)
        again = _find_content(page, rules, {0} if title else set(), title, again_table)
        more = {back[j]: r for j, r in again.removed.items() if j in back and r.rule != "CT103"}
        if not again.active or not more:
            break
        for i, r in more.items():
            ln = lines[i]
            out.removed[i] = Removal(r.rule, r.family, ln.text, ln.no, ln.col)
    return out


def _find_content(lines: list[Line], rules: RuleSet, skip: set[int], title: str | None,
                  table: LineTable | None = None) -> Content:
    out = Content()
    order = [i for i, ln in enumerate(lines) if ln.text and i not in skip]  # (not blank)
    if not order:
        return out
    # Features are read on the text the inline rules leave (a caption cut from a paragraph's
    # start), as a second cleaning would read it.
    if table is None:
        table = LineTable(lines, rules)
    texts = table.cut_texts(order)
    tokens = list(map(_tokens, texts))
    lang = _language(tokens)
    stop = STOPWORDS.get(lang) if lang else None
    fixed = list(map(repair, texts))
    keys = [t.lower() for t in fixed]  # (a line's repeats in the page)
    counts = Counter(keys)
    records: set[int] = set()
    chrome = list(map(rules.first_line, texts))  # (`_line_rule`, once per line)
    index: dict[int, int] | None = None
    exclude = skip | {i for i, r in zip(order, chrome) if r is not None}
    # (a table that took its answers from an earlier reading tells at once when no zone can hold
    # a record, the only thing read of the zones here)
    zones = find_zones(lines, exclude, rules, table) if not table.adopted or \
        table.may_hold_records(order, exclude) else []
    for zone in zones:
        if zone.records and index is None:
            index = {ln.no: i for i, ln in enumerate(lines)}
        for rec in zone.records:
            records.update(index[ln.no] for ln in rec.lines)
    infos: list[LineInfo] = []
    append = infos.append
    stop_of = stop.__contains__ if stop is not None else None
    threads: list[int] = []  # (the lines heading a comment thread: the only ones _classify makes BARRIER)
    known_heading = rules.memo("comment-heading").get  # (`_comment_heading`'s answers, read here first)
    for i, text, tk, rule, heading in zip(order, texts, tokens, chrome, table.zones(order)):
        zone = heading.zone if heading is not None else None
        if zone is None:
            found = known_heading(text)
            if found is None:
                found = _comment_heading(text, rules)
            if found:
                zone, rule = "comments", None
        if zone == "comments":
            threads.append(len(infos))
        # (the stopword share: `Tokens.density`; a line with no stopword of any language has 0.0,
        # and one with a stopword has a token)
        stops = tk.stops
        density = sum(map(stop_of, stops)) / tk.n if stops and stop_of is not None else 0.0
        append(LineInfo(i, words(text), density, tk.titlecase, NEUTRAL, rule, zone, i in records))
    # A bare 'Comment(s)' beside one- or two-word lines is a button of a reaction row
    # (Like / Comment / Share), not the heading of a thread.
    for k in threads:
        info = infos[k]
        if info.zone == "comments" and _line_rule(texts[k], rules, weak=True) is not None:
            near = [infos[j] for j in (k - 1, k + 1) if 0 <= j < len(infos)]
            if near and all(x.words <= 2 and x.zone is None for x in near):
                info.zone = None
                info.chrome = _line_rule(texts[k], rules)
    for info, text, key in zip(infos, texts, keys):
        info.cls = _classify(info, text, stop is not None, counts[key])
        info.teaser = info.cls == NEUTRAL and info.words <= HEADLINE_MAX_WORDS and \
            text.rstrip(_CLOSERS)[-1:] not in _TERMINAL and not _LIST_ITEM.match(text) and \
            not _CJK.search(text)  # CJK lines have their own sentence marks (`_classify`)
    _mark_wrapped(infos, texts)
    _mark_rows(infos, texts, rules)
    _mark_lyrics(infos, texts)
    # A bare 'Comments' / 'Reaction' followed by a paragraph is a subheading of the article: a
    # thread's heading is followed by the widget (a log-in prompt, an author and date line).
    # (no mark above makes a line BARRIER)
    for k in threads:
        info = infos[k]
        if k + 1 < len(infos) and info.cls == BARRIER and infos[k + 1].cls in (GOOD, NEUTRAL) and \
                _line_rule(texts[k], rules, weak=True) is not None:
            info.zone = None
            info.cls = _classify(info, texts[k], stop is not None, counts[keys[k]])
    # Markup right after a line that ends with a colon ('add this to your page:') is a code sample
    # the article shows, not a tag a scraper saved: it is the article's.
    for k in range(1, len(infos)):
        if infos[k].boiler and _MARKUP.match(texts[k]) and texts[k - 1].rstrip().endswith(":"):
            infos[k].boiler = False
            infos[k].cls = NEUTRAL
    _mark_reply_thread(infos, texts)
    _mark_inline_boxes(infos, texts)

    _mark_gallery(infos, texts)
    _mark_cta_cards(infos, texts)
    _mark_cut_teasers(infos, texts)
    _mark_menus(infos)
    # Without recognised boilerplate the stage leaves the page alone (see below), and nothing from
    # here on adds any (a comment counter read as a link takes some away): the span is not needed.
    if sum(1 for x in infos if x.chrome is not None or x.zone is not None or x.menu) < CHROME_EVIDENCE_MIN:
        out.reason = "tidy"
        return out
    title_key = repair(title).lower() if title else None
    if title and title_key:
        story = _story_of(title)
        for info, t, key in zip(infos, fixed, keys):
            # (`_headline_key` holds only when one of these does: most lines are asked no more)
            info.headline = (key == title_key or t == story or title_key.startswith(key)) and \
                _headline_key(t, key, story, title_key)
    _counter_links(infos, texts)
    lede, window = _anchored_lede(infos, lines, skip, title, title_key)
    # A comment thread can hold more prose than the article: what lies before the first thread
    # heading is preferred whenever it holds an article's worth of prose.
    first_barrier = next((k for k, x in enumerate(infos) if x.cls == BARRIER), len(infos))
    before = _best_span(infos[:first_barrier])
    after = _best_span(infos[first_barrier:])
    best = before
    if after is not None:
        a_, b_, sc = after
        after = (a_ + first_barrier, b_ + first_barrier, sc)
        if before is None or before[2] < ARTICLE_MIN_WORDS or sc * THREAD_DISCOUNT > before[2]:
            best = _best_span(infos)
    # The protected article: the lede under the headline is always in the span. When the best run
    # of prose lies elsewhere (a comment, a sidebar blurb, a next story outweighing a short
    # article), the span is the best run from the lede instead; what it leaves outside counts
    # against it below (two candidate articles: the stage then leaves the page alone).
    # (A best run that the lede's own run reaches within STANDFIRST_BELOW_HEADLINE lines is the
    # same article, a box of facts or a video strip between its lede or dek and the rest: the
    # lede stays above the span, as a standfirst does.) Under the title's own line alone (a clean
    # article read again: no repeated headline anchors it), the box between is dropped only when a
    # chrome rule names a line of it: lines no rule names there (a reference page's infobox rows,
    # which the first reading kept in the span) stay, so the second reading keeps what the first kept.
    dek_lede = None
    if lede is not None and (best is None or not best[0] <= lede <= best[1]):
        held = _span_from(infos, lede)
        dek = best is not None and held is not None and \
            lede < best[0] <= min(held[1], lede + STANDFIRST_BELOW_HEADLINE) and (window > 1 or any(
                x.chrome is not None and not x.chrome.weak for x in infos[lede + 1:best[0]]))
        if dek:
            dek_lede = lede
        elif best is None or held is not None and held[2] >= ANCHOR_MIN_SHARE * best[2]:
            best = held
    if lede is not None and best is not None and best[0] <= lede <= best[1]:
        infos[lede].protected = True  # `_trim` keeps the part that holds it
    if best is None:
        a, b = 0, -1
    else:
        a, b, _ = best
        a, b = _trim(infos, texts, a, b)
        a, b = _widen(infos, lines, a, b)

    # Is the stage needed? Count what lies outside the span that no chrome rule explains.
    periphery = sum(1 for k, info in enumerate(infos)
                    if not (a <= k <= b) and info.chrome is None and not info.record)
    evidence = sum(1 for x in infos if x.chrome is not None or x.zone is not None or x.menu)
    if periphery < PERIPHERY_MIN_LINES or evidence < CHROME_EVIDENCE_MIN:
        out.reason = "tidy"
        return out
    inside = sum(x.words for x in infos[a:b + 1] if x.cls == GOOD and not x.record)
    barrier_after = next((k for k in range(b + 1, len(infos)) if infos[k].cls == BARRIER), len(infos))
    outside = sum(x.words for k, x in enumerate(infos)
                  if x.cls == GOOD and not x.record and (k < a or b < k < barrier_after))
    anchored = lede is not None and a <= lede <= b and window > 1
    if best is not None and outside > OUTSIDE_PROSE_MAX * inside and not anchored:
        out.reason = "ambiguous"
        return out
    out.active = True

    span = infos[a:b + 1]
    good = [x for x in span if x.cls == GOOD and not x.record]
    adjacent = any(x.cls == GOOD and y.cls == GOOD for x, y in zip(span, span[1:])) or \
        any(x.cls == GOOD and z.cls == GOOD and _feed_marker(texts[a + k + 1])
            for k, (x, z) in enumerate(zip(span, span[2:])))
    prose = sum(x.words for x in good) + NEUTRAL_WEIGHT * sum(
        x.words for x in span if x.cls == NEUTRAL and not x.record)
    if best is None:
        out.active, out.reason = False, "unsure"  # no run of prose at all: the line rules decide
        return out
    teasers = len(good) >= TEASER_MIN_LINES and not adjacent and \
        max(x.words for x in good) < TEASER_MAX_WORDS and _teaser_cards(infos, texts, a, b)
    if teasers or (prose < ARTICLE_MIN_WORDS and _not_an_article(texts + [title or ""])):
        # Only on positive evidence: a list of teaser cards (headline, summary, date: a section
        # front, a search page), or a thin page that says what it is (search results, an error,
        # a shop's product). A thin span alone (a 40-word post) is kept.
        if sum(1 for x in infos if x.chrome is not None and not x.chrome.weak) < CHROME_EVIDENCE_MIN:
            # Too little chrome to call the page anything but an article: leave it be. Only
            # strong rules count: their lines never survive cleaning, so clean output can never
            # be called a non-article on a second pass.
            out.active, out.reason = False, "unsure"
            return out
        out.not_article = True
        for info in infos:
            ln = lines[info.idx]
            out.removed[info.idx] = Removal("CT103", "content", ln.text, ln.no, ln.col)
            out.no_zones.add(info.idx)
        return out

    if prose < ARTICLE_MIN_WORDS and not (window > 1 and any(x.protected for x in span)):
        # A thin best run that no repeated headline anchors (the title's own line at the top is
        # no anchor here: a clean output starts so): too little to tell the article from a
        # blurb, so the stage removes nothing (the line rules still do).
        out.active, out.reason = False, "thin"
        return out
    out.span = (infos[a].idx, infos[b].idx)
    # The byline and the dateline often stand a few lines above the lede, with a share row or a
    # section label between them: they stay (the rules take what lies between).
    above: set[int] = set()
    for j in range(a - 1, max(-1, a - 1 - DATELINE_SEARCH_LINES), -1):
        x = infos[j]
        t = lines[x.idx].text
        if x.cls in (GOOD, BARRIER) or x.zone is not None or x.record or x.headline:
            break
        if x.chrome is None and x.words <= DATELINE_MAX_WORDS and (_DATELINE.fullmatch(t) or byline_of(t)):
            above.add(j)
    # The standfirst stands above the lede with only short lines between (a byline, a date, a
    # share row, counters, recipe facts): the nearest prose-like line there is the article's,
    # however headline-shaped, unless a photo credit follows it (a caption). A standfirst written
    # as a full sentence is GOOD; it stays out of the span only because the share row and byline
    # between it and the lede cost more than a lone paragraph weighs. Chrome lines are stepped
    # over without counting (a share row can be long); the walk stops at the headline, whether
    # the stage reads it or it was set aside as the title's repeat.
    j, seen, captioned = a - 1, 0, False
    while j >= 0 and seen < DATELINE_SEARCH_LINES:
        x = infos[j]
        below = infos[j + 1].idx if j + 1 < len(infos) else x.idx
        if x.cls == BARRIER or x.zone is not None or x.record or x.headline or any(
                s in skip and _is_headline(lines[s].text, title, title_key) for s in range(x.idx + 1, below)):
            break
        if x.chrome is None and _CAPTION_END.search(texts[j]):
            j -= 1  # a caption ending in its credit ('... Foto: dapd') between the standfirst and the lede
            seen += 1
            captioned = True
            continue
        # (over a caption, a standfirst of German prose may read as Title Case: its nouns are
        # capitalised)
        shape = x.cls in (NEUTRAL, GOOD) or captioned and x.cls == LINKISH and x.stop >= STOP_GOOD and \
            x.words >= 2 * STANDFIRST_MIN_WORDS and not _stamped(texts[j])
        if shape and x.words >= STANDFIRST_MIN_WORDS and x.chrome is None:
            credit = _line_rule(texts[j + 1], rules) or _line_rule(texts[j + 1], rules, weak=True)
            if not (credit is not None and credit.family == "captions"):
                above.add(j)
            break
        if x.chrome is None and x.words > STANDFIRST_GAP_WORDS and not (
                x.words <= DATELINE_MAX_WORDS and _DATELINE.fullmatch(texts[j])):
            break
        seen += x.chrome is None
        j -= 1
    if dek_lede is not None:
        above.add(dek_lede)
    # The line right under the headline (its <h1>, below the menus) is the standfirst when it
    # reads as one, however long the box of ratings, facts or prices between it and the lede.
    top = next((i for i, ln in enumerate(lines) if not ln.blank), -1)
    heads = [s for s in skip if top < s < infos[a].idx and _is_headline(lines[s].text, title, title_key)]
    heads += [x.idx for x in infos[:a] if x.headline]
    if heads:
        h = max(heads)
        # (past the byline and the dateline under the headline; a Title Case subtitle right over
        # the lede is the standfirst too)
        k = next((k for k in range(a) if infos[k].idx > h and infos[k].chrome is None and
                  not byline_of(texts[k]) and not _stamped(texts[k])), None)
        if k is not None and a - k <= STANDFIRST_BELOW_HEADLINE:
            x = infos[k]
            credit = _line_rule(texts[k + 1], rules) or _line_rule(texts[k + 1], rules, weak=True)
            shape = x.cls in (NEUTRAL, GOOD) or x.cls == LINKISH and k + 1 == a
            if shape and x.words >= STANDFIRST_MIN_WORDS and x.zone is None and \
                    not x.record and not _stamped(texts[k]) and not (credit is not None and credit.family == "captions"):
                above.add(k)
    # Byline near the start of the span (a whole-page dump puts it far below line 1).
    first = min(above | {a})
    for info in infos[max(0, first - WIDEN_UP):min(len(infos), a + BYLINE_SPAN_LINES + 1)]:
        name = byline_of(lines[info.idx].text)
        if name:
            out.byline, out.byline_idx = name, info.idx
            break
    # A dateline kept above the lede is the page's timestamp, as the head would read it once the
    # chrome above it is gone (cleaning the output again must remove nothing more).
    for j in sorted(above):
        if stamp_date(lines[infos[j].idx].text) is not None:
            out.stamp_idx = infos[j].idx
            break

    zone: str | None = None
    for k, info in enumerate(infos):
        ln = lines[info.idx]
        if k > b and info.zone is not None:
            zone = info.zone
        elif zone is not None and info.chrome is not None and info.chrome.family in ZONE_ENDERS:
            zone = None  # a newsletter box or the footer: the thread or the list is over
        if info.idx == out.byline_idx:
            continue
        if info.headline:
            out.removed[info.idx] = Removal("MD102", "metadata", ln.text, ln.no, ln.col)
            if out.title is None and len(ln.text) < len(title or ""):
                out.title = ln.text
            continue
        if k in above:
            continue
        if a <= k <= b:
            if info.boiler:
                out.removed[info.idx] = Removal("CT102", "content", ln.text, ln.no, ln.col)
            continue
        if k < a:
            rid = "CT101"
            out.no_zones.add(info.idx)
        elif zone == "comments":
            rid = "CT104"
            out.no_zones.add(info.idx)
        elif zone == "most-read":
            rid = "CT105"
        else:
            rid = "CT101"
        out.removed[info.idx] = Removal(rid, "content", ln.text, ln.no, ln.col)
    return out


_CLOCK_AND_YEAR = re.compile(r"(?=.*\b\d{1,2}[:h]\d{2}\b)(?=.*\b(?:19|20)\d\d\b)")


def _stamped(text: str) -> bool:
    """A dateline however long ('AFP 30 avril 2015 à 07:19 (Mis à jour : ... 07:38)'): a clock
    time and a year. A standfirst has neither."""
    return bool(_CLOCK_AND_YEAR.match(text))


def _feed_marker(text: str) -> bool:
    """A live feed's entry marker on a line of its own: a minute or a time ('90+3\'', '14:32',
    '12h05'), or a one- or two-word label ('Descanso', 'Full time'). Paragraphs with only such a
    marker between them are a live report's entries, not teasers (whose summaries stand apart,
    with a headline and a date between them)."""
    return words(text) <= FEED_MARKER_MAX_WORDS and not _LIST_ITEM.match(text)


def _separators(infos: list[LineInfo], a: int, b: int) -> list[tuple[int, int]]:
    """Stretches of the span with no paragraph that are boilerplate blocks: a zone heading, a menu
    run, or several chrome lines (a share row, a newsletter box, a footer)."""
    out: list[tuple[int, int]] = []
    k = a
    while k <= b:
        if infos[k].cls == GOOD and not infos[k].record:
            k += 1
            continue
        j = k
        while j + 1 <= b and not (infos[j + 1].cls == GOOD and not infos[j + 1].record):
            j += 1
        run = infos[k:j + 1]
        if any(x.zone is not None and not x.inline_box for x in run) or \
                sum(1 for x in run if x.chrome is not None or x.boiler) >= SEPARATOR_CHROME:
            out.append((k, j))
        k = j + 1
    return out


def _reads_as_article(infos: list[LineInfo]) -> bool:
    """Two paragraphs with nothing but short or neutral lines between (a subheading, a quote):
    what an article's text has and a list of teasers or a feed (headline, summary, time) has not."""
    prev = False
    for x in infos:
        if x.cls == GOOD and not x.record:
            if prev:
                return True
            prev = True
        elif x.cls not in (SHORT, NEUTRAL) or x.menu or x.chrome is not None:
            prev = False
    return False


# A feed entry's stamp stands this close above its text (its age over its headline); the next
# entry's stamp, or an 'Updated 21 minutes ago', follows within the part or this close below it.
FEED_STAMP_LINES = 3


def _feed_entry_after_zone(infos: list[LineInfo], texts: list[str], s0: int, p0: int, p1: int) -> bool:
    """Past a list's heading (not a one-link box), a part with a date or age line right above it and
    another in it or right below it holds entries of a dated feed ('Happening now': age / headline /
    text / 'Updated 21 minutes ago' / next entry), not the article going on, however much prose
    they hold."""
    if not any(x.zone is not None and not x.inline_box for x in infos[s0:p0]):
        return False
    # (a date or an age line: 'před 3 minutami', '12 March 2025'; read only here, where asked)
    above = any(_dated(t) for t in texts[max(s0, p0 - FEED_STAMP_LINES):p0])
    return above and any(_dated(t) for t in texts[p0:p1 + 1 + FEED_STAMP_LINES])


def _trim(infos: list[LineInfo], texts: list[str], a: int, b: int) -> tuple[int, int]:
    """Cut the span at boilerplate blocks: from the part with the most prose (or the headline),
    a neighbouring part joins only when it reads as article text (two paragraphs in a row), not
    when it is teasers, a live feed or a footer whose summaries outweighed the block between."""
    seps = _separators(infos, a, b)
    if not seps:
        return a, b
    parts: list[tuple[int, int]] = []
    start = a
    for s0, s1 in seps:
        if s0 > start:
            parts.append((start, s0 - 1))
        start = s1 + 1
    if start <= b:
        parts.append((start, b))
    if not parts:
        return a, b

    def weight(p: tuple[int, int]) -> float:
        xs = infos[p[0]:p[1] + 1]
        if any(x.headline or x.protected for x in xs):
            return float("inf")
        return sum(x.words for x in xs if x.cls == GOOD and not x.record)

    # The anchor is the heaviest part that reads as article text: a live feed or a teaser list
    # below the article can hold more prose than the article, but not in paragraphs that follow
    # one another. When no part reads so, the heaviest part anchors.
    reads = [i for i, p in enumerate(parts) if _reads_as_article(infos[p[0]:p[1] + 1])]
    held = [i for i, p in enumerate(parts) if any(x.protected for x in infos[p[0]:p[1] + 1])]
    anchor = held[0] if held else max(reads or range(len(parts)), key=lambda i: weight(parts[i]))
    hi = anchor
    while hi + 1 < len(parts) and not any(x.next_story for x in infos[parts[hi][1] + 1:parts[hi + 1][0]]) and \
            not _feed_entry_after_zone(infos, texts, parts[hi][1] + 1, *parts[hi + 1]) and (
            _reads_as_article(infos[parts[hi + 1][0]:parts[hi + 1][1] + 1]) or
            _after_inline_box(infos, parts[hi][1] + 1, parts[hi + 1][0], parts[hi + 1][1])):
        hi += 1
    return a, parts[hi][1]


def _after_inline_box(infos: list[LineInfo], s0: int, p0: int, p1: int) -> bool:
    """The article going on below a related box set inside it ('Mehr zum Thema' and its links):
    the separator is the box alone (a related heading and its records), and the part below opens
    with a paragraph longer than a teaser's summary."""
    box = infos[s0:p0]
    if not box or box[0].zone != "related" or not all(x.record for x in box[1:]):
        return False
    first = infos[p0]
    return first.cls == GOOD and not first.record and first.words >= TEASER_MAX_WORDS


def _widen(infos: list[LineInfo], lines: list[Line], a: int, b: int) -> tuple[int, int]:
    """Take in the standfirst/dateline/byline above the span and list items or credits below it.
    Lines a chrome rule names (a share button between the date and the lede) are stepped over: the
    rules remove them wherever they stand."""
    a2, j, taken = a, a - 1, 0
    while j >= 0 and taken < WIDEN_UP:
        x = infos[j]
        t = lines[x.idx].text
        if x.chrome is not None and x.zone is None:
            j -= 1
            continue
        if x.zone is not None or x.record or x.cls == BARRIER or not (
                x.cls in (NEUTRAL, GOOD) or byline_of(t) or _DATELINE.fullmatch(t)):
            break
        a2, j, taken = j, j - 1, taken + 1
    b2, j, taken = b, b + 1, 0
    # Headline-shaped lines below the article are its list only when the article announces one
    # ('The measures include:'); else they are other stories' headlines.
    listing = lines[infos[b].idx].text.rstrip().endswith(":") if b >= 0 else False
    while j < len(infos) and taken < WIDEN_DOWN:
        x = infos[j]
        t = lines[x.idx].text
        if x.chrome is not None and x.zone is None:
            j += 1
            continue
        if x.zone is not None or x.record or x.cls == BARRIER or (x.teaser and not listing) or not (
                x.cls in (NEUTRAL, GOOD) or _CREDITS.fullmatch(t)):
            break
        b2, j, taken = j, j + 1, taken + 1
    return a2, b2


_DATELINE = re.compile(
    r"(?:(?:updated|published|posted|last updated|aktualisiert|publié|mis à jour|actualizado|publicado)\b.{0,60}"
    r"|.{0,40}\b(?:19|20)\d\d\b.{0,40})",
    re.IGNORECASE,
)
