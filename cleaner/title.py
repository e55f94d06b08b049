"""Title and byline of a text dump.

The title is the first non-blank line when it is headline-shaped and not chrome. A dump that
starts with the page's <title> ('Story | Site') and repeats the headline a few lines later takes
the repeated headline as the title (MD102 removes the repeat). The byline is a 'By ...' line
within the first few lines after the title (MD101); a timestamp line there ('Published 14 May 2025')
gives `published` (MD103).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, contains
from typing import Callable

from .ages import AGE_TEXT, is_age, parse_age, relative_stamp, stamp_date
from .blocks import line_rule
from .inline import after_cuts, apply_cuts, cut_line, find_cuts
from .related import class_of
from .memo import memoized
from .model import Removal
from .repair import repair
from .rules.registry import RuleSet
from .segment import Line
from .textfeatures import TITLE_MAX_CHARS, TITLE_MAX_WORDS, ends_sentence, is_prose, is_titleish, words


_SITE_SEP = re.compile(r"\s(?:\||-|–|—|·|::)\s")
_BYLINE = re.compile(
    r"(?:(?:written|posted|published|reported|story|article|words)\s)?(?:by|von|par|por|di|door|av|de)\s"
    r"(?P<name>(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*(?:\s(?:(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*|de|da|van|von|der|la|le|y|and|und|et|&)){0,7}"
    r"(?:\s?(?:,|and|und|et|y|&)\s(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*(?:\s(?-i:[A-ZÀ-ÖØ-Ý])[\w.'’-]*){0,3}){0,3})"
    r"(?P<rest>\s?(?:[,|·•]|\son\s|\sam\s|\sle\s|\sel\s|\s(?:posted|published|updated)\s(?=.{0,40}\d)"
    r"|\s(?:(?:staff|senior|chief|special|political|business|sports?)\s)?(?:writer|reporter|correspondent|editor|columnist|contributor)s?\b)"
    r".{0,80})?",
    re.IGNORECASE,
)
BYLINE_MAX_CHARS = 140
# The words `_BYLINE` opens with (its first two groups), each followed by a space: a line whose
# first word is none of them is no byline, and is answered without `" ".join(text.split())`, which
# was most of the cost of asking (every line of a page is asked). Exact: the joined text starts
# with the line's first word and a space; `\s` and `str.split` read the same characters as
# whitespace, and the same flags fold the same letters ('ſ' as 's').
_BYLINE_OPEN = re.compile(r"\s*(?:written|posted|published|reported|story|article|words|by|von|par|por|di|door|av|de)\s",
                          re.IGNORECASE).match
_ROLE_TAIL = re.compile(r"(?:\s(?:staff|senior|chief|special|political|business|sports?))+$|"
                        r"(?:\s(?:staff|senior|chief|special|political|business|sports?))*"
                        r"\s(?:writer|reporter|correspondent|editor|columnist|contributor)s?$", re.IGNORECASE)
# Byline and date may follow a standfirst (one paragraph of prose under the headline).
HEAD_PROSE = 1


@dataclass
class Head:
    title: str | None = None
    title_idx: int | None = None
    repeat_idx: int | None = None  # the <h1> form of the headline, when the title came from it
    repeats: list[int] = field(default_factory=list)
    byline: str | None = None
    byline_idx: int | None = None
    published: str | None = None
    stamp_idx: int | None = None
    bylines: list[int] = field(default_factory=list)  # every byline line of the head
    stamps: list[int] = field(default_factory=list)  # every timestamp line ('Updated ...' too)
    site_stripped: bool = False  # the title is the page <title> less its site's name: no site name itself


# Chrome lines (menus, banners) may stand above the title; look this far for it.
TITLE_WINDOW = 40


def _first_text(lines: list[Line], rules: RuleSet) -> int | None:
    """The first non-blank line that no strong line rule calls chrome, that is no zone's heading
    ('Related articles', 'Comments': a list's heading is never the story's headline) and no age
    line ('Japan Times · 3h', 'Published 8 hours ago': a dateline is no headline)."""
    seen = 0
    for i, line in enumerate(lines):
        if not line.text:
            continue
        seen += 1
        if seen > TITLE_WINDOW:
            return None
        if seen == 1 and _site_titled(line.text, rules):
            return i
        if line_rule(line.text, rules) is None and not never_headline(line.text, rules) and \
                not _pair_or_caption(lines, i, rules):
            return i
    return None


def _site_titled(text: str, rules: RuleSet) -> bool:
    """The dump's first line is a page <title> of a headline and short parts after it ('Story |
    Section | Site', 'Story | Reuters'), which a menu rule ('A | B | C') or a caption's credit cut
    ('... | Reuters') would take: the headline part has at least HEADLINE_MIN_WORDS words, more
    than all the other parts together, and is no sentence (a caption is one)."""
    parts = [p.strip() for p in _SUFFIX_SEP.split(text)]
    if len(parts) < 2 or not all(parts):
        return False
    story, rest = parts[0], parts[1:]
    n = words(story)
    return n >= HEADLINE_MIN_WORDS and n > sum(words(p) for p in rest) and is_titleish(story) and \
        not ends_sentence(story) and not never_headline(text, rules)


# A bare author's name ('Theo Marsh', 'Lucía Ferrer', 'Jean-Luc Roche'): two to four capitalised
# words (particles such as 'de' or 'van' between them), nothing else.
_NAME = re.compile(r"(?-i:[A-ZÀ-ÖØ-ÝŁŚŠŽČ])[^\W\d_]+(?:['’-][^\W\d_]+)*\.?"
                   r"(?:\s(?:(?:de|da|del|della|di|van|von|der|den|la|le|y|bin|al)\s)?"
                   r"(?-i:[A-ZÀ-ÖØ-ÝŁŚŠŽČ])[^\W\d_]*(?:['’-][^\W\d_]+)*\.?){1,3}")


# Words of outlets' and agencies' names: a line with one is the publisher, not its author.
_OUTLET = re.compile(
    r"\b(?:daily|times|news|post|herald|gazette|tribune|journal|courier|record|ledger|chronicle|press|radio|tv|"
    r"media|observer|express|telegraph|standard|sentinel|review|weekly|examiner|bulletin|dispatch|monitor|"
    r"inquirer|register|globe|mail|star|mirror|independent|guardian|magazine|network|agency|agencia|agência|"
    r"agence|agenzia|diario|diário|periódico|jornal|giornale|corriere|gazzetta|zeitung|anzeiger|kurier|"
    r"rundschau|presse|nachrichten|noticias|notícias|nieuws|dagblad|courant|actualités|info|online|tribuna|"
    r"redacción|redação|redaktion|rédaction|staff|desk)\b", re.IGNORECASE)


def _signed_name(lines: list[Line], j: int, text: str, rules: RuleSet) -> str | None:
    """A bare name under the headline with the dateline right below it ('Theo Marsh' / 'Sat, July
    5, 2025 at 9:41 AM EDT'): the byline, as Yahoo and many European sites print it."""
    if len(text) > 40 or not _NAME.fullmatch(text) or _OUTLET.search(text):
        return None
    nxt = next((lines[k] for k in range(j + 1, len(lines)) if lines[k].text), None)
    if nxt is None or stamp_date(nxt.text) is None:  # (a name over an age is the aggregator's source)
        return None
    # (asked last, of the few names over a date: the dearest questions, pure as the others)
    if _is_chrome(text, rules) or never_headline(text, rules):
        return None
    return text


# A server's error or notice printed above the page ('Warning: session_start(): ... in
# /home/site/lib.php on line 145'): never the headline.
_SERVER_NOTICE = re.compile(r"(?:Warning|Notice|Deprecated|Fatal error|Parse error|Strict Standards):\s"
                            r"[^\n]{0,600}\sin\s/\S+\son\sline\s\d+")


def never_headline(text: str, rules: RuleSet) -> bool:
    """A zone's heading, an age line, or a weak label of a chrome block ('Tags', 'Share'): never
    the story's headline, wherever it stands. (A weak navigation or share label may be the site's
    name, 'MSN', 'Flipboard', which stands first and gives way to the headline: MD104.)
    Remembered per rule set (an answer of the text and the rules alone): the head, read twice a
    page, and the pipeline ask about the same lines."""
    memo = rules.memo("never_headline")
    found = memo.get(text)
    if found is None:
        found = memo.put(text, _never_headline(text, rules))
    return found


def _never_headline(text: str, rules: RuleSet) -> bool:
    if _SERVER_NOTICE.match(text):
        return True
    if rules.first_zone(text) is not None or _age_of(text) is not None or stamp_date(text) is not None or \
            class_of(text)[0] == "MARK":
        return True  # (a dateline, dated or not; a '- Source' mark ends a record)
    # (what `pairs_for` answers, the first-line pattern tried on the ads rules alone)
    if any(pr.family == "ads" and pr.match_line(text) for pr in rules.pair_candidates(text)):
        return True  # an ad slot's label ('Sponsorisé · Brand')
    weak = line_rule(text, rules, weak=True)
    return weak is not None and weak.family not in ("navigation", "share")


def _pair_or_caption(lines: list[Line], i: int, rules: RuleSet) -> bool:
    """Line i goes with the next line as a caption and credit, or is all caption: not a title."""

    if _starts_pair(lines, i, rules):
        return True
    rest, cuts = cut_line(lines[i], rules)
    return bool(cuts) and not rest.strip(" .,;:|-–—")


def _starts_pair(lines: list[Line], i: int, rules: RuleSet) -> bool:
    """Line i and the next non-blank line are a pair rule's two lines (a caption and its credit)."""
    for k in range(i + 1, len(lines)):
        nxt = lines[k].text
        if nxt:
            return rules.starts_pair(lines[i].text, nxt)
    return False


def find_head(lines: list[Line], rules: RuleSet) -> Head:
    head = Head()
    i = _first_text(lines, rules)
    if i is None or not _page_titleish(lines, i):
        return head
    page = lines[i].text
    head.title, head.title_idx = page, i
    # The page <title> often carries the site name ('Story | Site'); the <h1> repeats the
    # story side alone, and becomes the title.
    key = repair(page)
    story = _story_part(key)
    if story is not None and never_headline(story, rules):
        story = None  # ('| 9999 years ago': an age is no headline, however it repeats)
    # (each line repaired once: the walks below read them again and again)
    page_lines = _HeadLines(lines)
    reps = page_lines.reps
    j = page_lines.first(i, story) if story is not None else None
    if j is not None:
        head.title, head.repeat_idx = lines[j].text, j
    else:
        # No line is the longest part alone: the <h1> may be a run of whole parts ('Kicker:
        # Product – verdict | Site' over the <h1> 'Product – verdict').
        j = _part_run(lines, i, key, page_lines)
        if j is None:
            j = _on_site_head(lines, i, key, page_lines)
        if j is not None and not never_headline(lines[j].text, rules):
            head.title, head.repeat_idx = lines[j].text, j
    short = None
    if head.repeat_idx is not None:
        # A short and a full version of the headline, one over the other ('Tramway : la ligne B
        # prolongée' / 'Tramway : la ligne B prolongée, quatre nouvelles stations prévues'): the
        # full one is the title, the short one goes (MD102).
        k = next((k for k in range(head.repeat_idx + 1, len(lines)) if lines[k].text), None)
        if k is not None and _extends(reps[k], repair(head.title)) and \
                not never_headline(lines[k].text, rules):
            short, head.title, head.repeat_idx = head.repeat_idx, lines[k].text, k
    if head.repeat_idx is None:
        # No line repeats the story alone: the page <title> is the title, less its site suffix
        # ('Java - Wikipedia, the free encyclopedia', 'Story | FoxNews.com').
        cache: dict = {"lines": page_lines}  # (the page's lines as the site-suffix tests read them, made once)
        head.title = strip_site_suffix(page, lines, i, cache)
        head.site_stripped = head.title != page
        j = _fuller_headline(lines, i, repair(head.title), rules, cache)
        if j is not None:  # ('Story · V8' over the <h1> 'Kicker: Story')
            head.title, head.repeat_idx = lines[j].text, j
        elif not head.site_stripped and not is_titleish(page) and _SUFFIX_SEP.search(page):
            # A long Chinese or Japanese first line in parts ('見出し（提供元） - ポータル') whose
            # last part is no site's name the page shows, and that no line below repeats: no
            # title here (the content stage finds the headline under the portal's chrome).
            return Head()
    # Every exact repeat of either form goes (MD102), wherever it stands.
    keys = {key, repair(head.title)}
    if short is not None:
        keys.add(repair(lines[short].text))
    head.repeats = page_lines.below(i, keys.__contains__)
    # Byline and timestamp: between the title and the first paragraph of prose. The first of
    # each fills the field; all of them leave the body.
    # No count of lines here: a window would see other lines once chrome is gone, and
    # cleaning the output again would find what the first pass did not.
    prose = 0
    repeat_set = set(head.repeats)
    for j in range(i + 1, len(lines)):
        text = lines[j].text
        if not text or j in repeat_set or line_rule(text, rules) is not None:
            continue
        cuts = find_cuts(text, rules)
        if cuts:  # read the line as the inline rules leave it, as cleaning the output again would
            text = apply_cuts(text, cuts)
            if not text.strip(" .,;:|-–—"):
                continue  # (all caption: `_pair_or_caption` says so too)
        # A caption over its credit goes (a second cleaning never sees it): passed over. Asked
        # last, of the lines that would count (a byline, a date, prose): the other lines count
        # for nothing either way, and the questions before it are pure.
        name = byline_of(text) or _signed_name(lines, j, text, rules)
        if name:
            if not _starts_pair(lines, j, rules):
                if head.byline_idx is None:
                    head.byline, head.byline_idx = name, j
                head.bylines.append(j)
            continue
        when = stamp_date(text)
        if when is not None:
            if not _starts_pair(lines, j, rules):
                if head.stamp_idx is None:
                    head.published, head.stamp_idx = when.isoformat(), j
                head.stamps.append(j)
            continue
        if is_prose(text) and not _starts_pair(lines, j, rules):
            prose += 1
            if prose > HEAD_PROSE:
                break
    return head


# Chinese and Japanese headlines run to fifty characters and more: on the first line, this many
# CJK characters count as one word against the title's length (a headline and its '| サイト').
CJK_CHARS_PER_TITLE_WORD = 3
_CJK_SENTENCE_END = re.compile(r"[。．！？]$")


def _page_titleish(lines: list[Line], i: int) -> bool:
    """The first line `i` of a dump reads as the page's <title>: headline-shaped; or a Chinese or
    Japanese headline, long in characters but short in words ('見出し…を発売 | サイト')."""
    text = lines[i].text
    if is_titleish(text):
        return True
    if len(text) > TITLE_MAX_CHARS:
        return False
    cjk = len(_CJK_CHAR.findall(text))
    if cjk:
        latin = len(re.findall(r"[^\W\d_]+", _CJK_CHAR.sub(" ", text)))
        return latin + -(-cjk // CJK_CHARS_PER_TITLE_WORD) <= TITLE_MAX_WORDS and \
            not _CJK_SENTENCE_END.search(text.rstrip())
    return False


# A page <title>'s parts: 'Story | Site', 'Story - Section - Site', 'Story « Blog', 'Story : Section
# : Site' (a capital after ' : ', as French typography's ' : ' inside a headline is followed by a
# small letter), and the full-width or underscore joints of Chinese and Japanese titles
# ('故事_科技_腾讯网', '見出し｜サイト'; not a full-width colon, which joins a headline's own parts).
_SUFFIX_SEP = re.compile(
    r"\s(?:\||-|--|–|—|·|::|«|»)\s|\s:\s(?=[^\W\d_a-zà-ÿ])|\s?｜\s?|\s?_(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])")
# A site suffix is a short name: at most this many words (CJK: CJK_CHARS_PER_NAME_WORD characters a word).
SITE_SUFFIX_MAX_WORDS = 5
# The site's name stands elsewhere in the page, in a short line of its own or nearly ('From
# Wikipedia, the free encyclopedia', '© 2025 ESPN'): at most this many words more than the name.
SITE_ECHO_EXTRA_WORDS = 6
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|co|de|fr|es|it|nl|uk|jp|cn|in|ca|au|ch|at|be|se|no|dk|pl|pt|ru|br|io|tv|fm|us)", re.I)


def strip_site_suffix(page: str, lines: list[Line], idx: int, cache: dict | None = None) -> str:
    """The page <title> line `page` (line `idx`) less the site's name it ends with: trailing parts
    of at most SITE_SUFFIX_MAX_WORDS words that are a domain ('FoxNews.com'), that the page shows
    elsewhere in a short line ('ESPN', 'Wikipedia, the free encyclopedia'), or that a Chinese
    title joins with '_' ('标题_科技_腾讯网': section and site, in Chinese characters alone). A leading part stays
    ('Site | Story' is rare, 'Kicker - Story' common). Stops at the first part that is not a site's
    name, so the story's own ' - ' stays: cleaning the output again (fewer lines, fewer echoes)
    strips nothing more. `cache`: a dict kept for the calls about the same `lines` (`_folded`)."""
    parts = _SUFFIX_SEP.split(page)
    if len(parts) < 2:
        return page
    key = repair(page).casefold()
    echoes: list[str] | None = None

    def echoed(part: str) -> bool:
        nonlocal echoes
        if echoes is None:
            echoes = [t for k, t in enumerate(_folded(lines, cache)) if k != idx and t is not None and key not in t]
        name = part.strip().casefold()
        n = words(name)
        return any(name in t and words(t) <= n + SITE_ECHO_EXTRA_WORDS for t in echoes)

    def site(part: str, sep: str) -> bool:
        part = part.strip()
        return bool(part) and 0 < site_name_words(part) <= SITE_SUFFIX_MAX_WORDS and \
            not ends_sentence(part) and (_DOMAIN.fullmatch(part) is not None or echoed(part) or
                                         (sep.strip() == "_" and words(part) == len(_CJK_CHAR.findall(part))) or
                                         (sep.strip() in ("|", "｜") and recurs(part)))

    def recurs(part: str) -> bool:
        # 'Story | Fandom powered by Wikia', 'Story | ライフハッカー［日本版］': the name the part
        # starts with runs through the page (menus, footer, copyright) in other lines.
        name = _lead_name(part)
        if name is None:
            return False
        pat = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)" if name.isascii() else re.escape(name))
        return sum(1 for k, ln in enumerate(lines) if k != idx and not ln.blank and pat.search(ln.text)) \
            >= SITE_NAME_RECURS

    seps = _SUFFIX_SEP.findall(page)
    end = len(parts)
    while end > 1 and site(parts[end - 1], seps[end - 2]) and any(p.strip() for p in parts[:end - 1]):
        end -= 1
    if end == len(parts):
        return page
    if end > 1 and _section_part(parts[end - 1], " ".join(parts[:end - 1]), lines, idx):
        end -= 1  # ('Story - NFL News | FOX Sports': the section before the site's name)
    out = parts[0]
    for k in range(1, end):
        out += seps[k - 1] + parts[k]
    out = out.strip()
    return out if words(out) else page


def _folded(lines: list[Line], cache: dict | None) -> list[str | None]:
    """`repair(text).casefold()` of each line by index (None for a blank one), made once for the
    calls that share `cache` (the head asks about several parts of its title lines in one page)."""
    found = cache.get("folded") if cache is not None else None
    if found is None:
        known = cache.get("lines") if cache is not None else None  # (the head's `_HeadLines`)
        if known is not None:
            found = [None] * known.size
            for k, t in zip(known.rows, map(str.casefold, known.row_reps)):
                found[k] = t
        else:
            found = [repair(ln.text).casefold() if ln.text else None for ln in lines]
        if cache is not None:
            cache["folded"] = found
    return found


# A section's label before the site's name ('Story - NFL News - Site'): a capitalised label of at
# most this many words, the headline before it at least SECTION_HEADLINE_FACTOR times as long in
# words; the page shows one of its words in a short line of its own (a menu or section line, 'NFL',
# 'COLLEGE FOOTBALL'), of at most this many words too.
SECTION_MAX_WORDS = 3
SECTION_HEADLINE_FACTOR = 2
_SECTION_WORD = re.compile(r"[^\W\d_]{3,}")


def _section_part(part: str, story: str, lines: list[Line], idx: int) -> bool:
    """`part`, standing between the headline `story` and the site's name already cut from the page
    <title> (line `idx`), is a section's label that the page shows as a menu or section line."""
    part = part.strip()
    n = words(part)
    if not 0 < n <= SECTION_MAX_WORDS or ends_sentence(part) or any(c.isdigit() for c in part) or \
            not part.isascii() or words(story) < max(HEADLINE_MIN_WORDS, SECTION_HEADLINE_FACTOR * n):
        return False
    label = part.split()
    if not all(w[:1].isupper() or w in _NAME_JOINERS for w in label):
        return False  # ('Story - live updates - Site': no section's label)
    keys = {w.casefold() for w in _SECTION_WORD.findall(part)} - _NAME_JOINERS
    if not keys:
        return False
    for k, ln in enumerate(lines):
        if k == idx or ln.blank or words(ln.text) > SECTION_MAX_WORDS:
            continue
        if keys & {w.casefold() for w in _SECTION_WORD.findall(ln.text)}:
            return True
    return False


# A site's name stands in at least this many other lines of the page to be cut from its title
# after a '|' on that ground alone.
SITE_NAME_RECURS = 3
_LEAD_END = re.compile(r"\s+(?-i:[a-z])|\s*[\[(（［【]")


def _lead_name(part: str) -> str | None:
    """The name a site part starts with: its words up to the first small-letter word or bracket
    ('FOX Sports' of 'FOX Sports on MSN', 'ライフハッカー' of 'ライフハッカー［日本版］'); at least three
    characters, no digits."""
    part = part.strip()
    m = _LEAD_END.search(part)
    name = (part[:m.start()] if m else part).strip(" .,:;«»-–—")
    if len(name) < 3 or any(c.isdigit() for c in name) or not any(c.isalpha() for c in name):
        return None
    return name


def site_part(head: Head, lines: list[Line], title: str | None, rules: RuleSet) -> Removal | None:
    """MD105: the site's name the page <title> line ends with and the title does not ('| Coast
    Times' of 'Story | Coast Times'), as it stood in that line: the title is that line less its
    site part, or the headline line that repeats the story alone (the <title> line then stays
    the head's line, and only its site part is lost)."""
    if head.title_idx is None or title is None or not rules.enabled("MD105"):
        return None
    ln = lines[head.title_idx]
    if repair(ln.text) == title:
        return None
    start = ln.text.rfind(title)
    if start < 0:
        return None
    end = start + len(title)
    rest = ln.text[end:]
    if not rest.strip() or not _SUFFIX_SEP.match(rest):
        return None
    cut = rest.lstrip()
    return Removal("MD105", "metadata", cut, ln.no, ln.col + end + len(rest) - len(cut))


def _fuller_headline(lines: list[Line], i: int, title: str, rules: RuleSet, cache: dict | None = None) -> int | None:
    """A line below the page title that holds the title within more words and is itself the
    fuller form of a page-title line there ('standalone binaries using Emscripten · V8' /
    'Outside the web: standalone binaries using Emscripten · V8' / ... / 'Outside the web:
    standalone binaries using Emscripten'): the headline's full version, the title."""
    if words(title) < 3:
        return None
    known = cache.get("lines") if cache is not None else None  # (the head's `_HeadLines`)
    if known is None:
        known = _HeadLines(lines)
    fuller: set[str] = set()
    # the first TITLE_WINDOW non-blank lines below line i, those that hold the title
    for j in known.holding(i, title, TITLE_WINDOW):
        text = known.reps[j]
        if len(text) <= len(title) or title not in text or not is_titleish(text) or is_prose(text):
            continue
        if text in fuller and not never_headline(text, rules):
            return j
        fuller.add(strip_site_suffix(text, lines, j, cache))
    return None


def _extends(full: str, short: str) -> bool:
    """`full` is `short` carried on past a comma, a colon, a dash or a semicolon: the headline's
    full version (a headline still: no sentence's end, no paragraph)."""
    return len(full) > len(short) and full.startswith(short) and full[len(short):][:2].strip()[:1] in (",", ":", ";", "-", "–", "—") \
        and is_titleish(full) and not ends_sentence(full) and not is_prose(full)


# An aggregator prints the story's source and age right under its headline ('Harbor Ledger' /
# '2 days ago', 'Reuters · 3h'): looked for this many non-blank lines below the title, so that a
# related list's age lines further down are never read as the article's.
HEAD_META_LINES = 4


def _under_head(lines: list[Line], start: int, rules: RuleSet, gone: set[int]):
    """The lines from `start` on that stand under the headline, read as the inline rules leave
    them: (index, view) of each line that is not blank, gone (unless a byline with the age) or
    chrome and that the inline rules do not take whole."""
    for j in range(start, len(lines)):
        ln = lines[j]
        if not ln.text or (j in gone and not _dated_byline(ln.text)) or _is_chrome(ln.text, rules):
            continue
        view = _cut_view(ln, rules)  # (a caption cut from the label's line, as a second cleaning reads it)
        if view.text:
            yield j, view


def first_under_head(lines: list[Line], title_idx: int, rules: RuleSet, gone: set[int], start: int | None = None) -> int:
    """The index of the first line `source_age_lines` reads under the headline (len(lines): none),
    looked for from `start` on (default: the line under the headline). Every line it passes over
    is passed over again as long as the headline stays and `gone` only grows (blank, chrome, cut
    whole: the same text gives the same answer; gone without the age: still gone), so a caller
    that asks again as lines go may start there."""
    return next(_under_head(lines, title_idx + 1 if start is None else start, rules, gone), (len(lines), None))[0]


def source_age_lines(lines: list[Line], title_idx: int, rules: RuleSet, gone: set[int] = frozenset(),
                     start: int | None = None) -> list[int]:
    """Relative age lines right under the headline ('2 days ago', 'Reuters · 3h') and a short
    source name standing just above one ('Harbor Ledger' / '2 days ago'): the story's
    dateline as an aggregator prints it. Only the run that starts right below the headline
    (lines already removed, `gone`, and chrome passed over), and only when it is at most
    HEAD_META_LINES long (a longer run is a feed): the first other line ends it, so cleaning the
    output again finds the same run. A dated line
    ('16 November 2017 • 2:15pm') is `stamp_date`'s business, not this. `start`: where to begin
    reading (`first_under_head`; default: the line under the headline)."""
    # A byline that carries the age ('Story by Jane Doe • 6h') is already the byline (MD101); it
    # still stands in the run, as the age under the source's name.
    out: list[int] = []
    # (read lazily: the run ends within a few lines)
    lines_below = _under_head(lines, title_idx + 1 if start is None else start, rules, gone)
    cur = next(lines_below, None)
    while cur is not None:
        if len(out) > HEAD_META_LINES:
            # A longer run is a feed, not a dateline; taking its first lines only would leave the
            # next ones right under the headline for a second cleaning to take.
            return []
        nxt = next(lines_below, None)
        j, view = cur
        cur = nxt
        if j in gone:
            continue
        if _relative_age(view) is not None:
            out.append(j)
            continue
        if nxt is not None and (_relative_age(nxt[1]) is not None or _dated_byline(nxt[1].text)) and \
                _source_label(view.text):
            out.append(j)
            continue
        # (the short label first: an unanchored search of _OUTLET in a paragraph costs ~100 us)
        if _source_label(view.text) and _OUTLET.search(view.text) and _over_head_byline(lines, j, gone):
            out.append(j)  # 'Northfield Times' / 'Rachel Obuya' / 'Wed, June 18, 2025': the outlet
            continue
        break
    return out if len(out) <= HEAD_META_LINES else []


# An age inside a line ('Posted 3 hours ago', '04.03.2024, 17.12 Uhr'): AGE_TEXT searched
# unanchored, which tries its 7.9 KB of branches at every character (about 13 us a line). Every
# match of a branch holds a digit or the words that branch spells out, as this screen reads them
# (the same flags: the same case folding, \d and \s): a line it finds nothing in holds no age.
# (tests/test_head_speed.py checks the screen against AGE_TEXT's branches and the corpus lines.)
_AGE_SCREEN = re.compile(
    r"\d|\sago|vor\s|il y a\s|hace\s|just now|yesterday|today|gestern|heute|aujourd['’]hui|hier|ayer|hoy"
    r"|\s(?:fa|geleden|sedan|siden|temu)|(?:há|ha|před)\s"
    r"|oggi|ieri|hoje|ontem|vandaag|gisteren|idag|i dag|igår|i går|dzisiaj|dziś|wczoraj|dnes|včera",
    re.IGNORECASE)
_AGE_IN = re.compile(AGE_TEXT, re.IGNORECASE)


def _has_age(text: str) -> bool:
    """`_AGE_IN.search(text) is not None`, the screen asked first."""
    return _AGE_SCREEN.search(text) is not None and _AGE_IN.search(text) is not None


def _over_head_byline(lines: list[Line], j: int, gone: set[int]) -> bool:
    """The next line under line j is the head's byline or dateline, already taken (`gone`)."""
    k = next((k for k in range(j + 1, len(lines)) if lines[k].text), None)
    return k is not None and k in gone and (byline_of(lines[k].text) is not None or _NAME.fullmatch(lines[k].text)
                                            is not None or stamp_date(lines[k].text) is not None)


def _cut_view(line: Line, rules: RuleSet) -> Line:
    """`line` as the inline rules leave it."""
    text = after_cuts(line.text, rules)
    return line if text == line.text else Line(line.no, text, line.col)


def _all_cut(text: str, rules: RuleSet) -> bool:
    """A line the inline rules take whole (a caption ending in its credit): gone from the output."""
    cuts = find_cuts(text, rules)
    return bool(cuts) and not apply_cuts(text, cuts).strip(" .,;:|-–—")


@memoized  # (asked of every line under the headline that is gone, at each reading of the head's metadata)
def _dated_byline(text: str) -> bool:
    """A byline that carries the story's age or date ('Story by Jane Doe • 6h')."""
    m = _BYLINE.fullmatch(" ".join(text.split())) if len(text) <= BYLINE_MAX_CHARS and _BYLINE_OPEN(text) else None
    return bool(m and m.group("rest") and _has_age(m.group("rest")))


def line_age(line: Line) -> str | None:
    """The relative age a source/age line under the headline gives ('3h', '8 hours ago'), or None."""
    return _age_of(line.text)


# (the head asks `related.class_of`, the record class `classify` puts in a zone's item, without
# building the item)
def _age_of(text: str) -> str | None:
    kind, age, _ = class_of(text)
    if kind == "META" and age is not None and parse_age(age)[0] is not None:
        return age
    return relative_stamp(text)


def _relative_age(line: Line) -> bool | None:
    """None: not a relative age line; True: one naming its source ('Reuters · 3h'); False: a bare age."""
    kind, age, source = class_of(line.text)
    if kind != "META" or age is None or parse_age(age)[0] is None:
        # 'Published 8 hours ago · Updated 2 hours ago': the same age, with the stamp's words
        return False if relative_stamp(line.text) is not None else None
    return source is not None


# A source's name is a short label, not a sentence.
SOURCE_LABEL_MAX_WORDS = 4


def _source_label(text: str) -> bool:
    return 0 < words(text) <= SOURCE_LABEL_MAX_WORDS and not ends_sentence(text) and \
        not is_prose(text) and byline_of(text) is None


# A Chinese or Japanese page <title> may end its headline in a full stop before the site's name
# ('見出し…を発売。｜会社名'), which the <h1> leaves off; '｜' parts them as ' | ' does.
_CJK_FULL_STOP = "。．"
_FULL_WIDTH_BAR = re.compile(r"\s?｜\s?")
# A kicker before the headline in a page's <title> ('Test: ', 'Opinion: ', 'LIVE: ').
_KICKER_END = re.compile(r"[:|–—-]\s$")


_TEXT = attrgetter("text")


class _HeadLines:
    """A page's lines as the head compares them with its title, made once a reading of the head:
    `rows`, the indices of the non-blank lines; `row_reps`, `repair` of their texts; `reps`, the
    same by line index (a blank line is asked about by none of the head's tests).

    The head looks for the lines that equal its title's parts, are part of them, start them or
    hold them: a test of every line's repaired text against a few short strings. `first`,
    `below` and `holding` run that test in C over the non-blank lines (`list.index`, `map` of a
    str or set method, `compress`), so the loops read only the lines that pass, in order: the
    lines, in the order, that a loop over every line passing over the others reads. Exact as
    long as the test is one the loop makes of each line first (a line that fails it is passed
    over). (tests/test_head_speed.py holds them to the plain loops.)"""

    __slots__ = ("size", "rows", "row_reps", "reps")

    def __init__(self, lines: list[Line]) -> None:
        texts = list(map(_TEXT, lines))
        self.size = len(texts)
        self.rows = list(compress(range(self.size), texts))
        self.row_reps = list(map(repair, compress(texts, texts)))
        self.reps = dict(zip(self.rows, self.row_reps))

    def below(self, i: int, test: Callable[[str], bool]) -> list[int]:
        """The non-blank lines after line i whose repaired text passes `test` (a C method:
        `key.__contains__`, the text is part of `key`; `key.startswith`; a set's `__contains__`)."""
        k = bisect_right(self.rows, i)
        return list(compress(self.rows[k:], map(test, self.row_reps[k:])))

    def holding(self, i: int, text: str, limit: int) -> list[int]:
        """The first `limit` non-blank lines after line i, those whose repaired text holds `text`."""
        k = bisect_right(self.rows, i)
        return list(compress(self.rows[k:k + limit], map(contains, self.row_reps[k:k + limit], repeat(text))))

    def first(self, i: int, text: str) -> int | None:
        """The first non-blank line after line i whose repaired text is `text`, or None."""
        k = bisect_right(self.rows, i)
        try:
            return self.rows[self.row_reps.index(text, k)]
        except ValueError:
            return None


def _part_run(lines: list[Line], i: int, key: str, known: _HeadLines | None = None) -> int | None:
    """The longest line below line i that is the page title `key` less a kicker and/or the site's
    name: it stands in `key` between the start or a kicker's colon / a separator, and the end or a
    separator, has at least three words and is longer than what it leaves off. None if no line is.
    `known`: the page's `_HeadLines`, if made."""
    if known is None:
        known = _HeadLines(lines)
    reps = known.reps
    best: int | None = None
    best_len = 0
    for j in known.below(i, key.__contains__):  # (a line that is no part of `key` is passed over)
        text = reps[j]
        if not text:  # (a blank line; a line repaired to nothing has no three words either)
            continue
        if len(text) >= len(key):  # (equal to the title, or not a part of it)
            continue
        p = key.find(text)
        if p < 0 or words(text) < 3:
            continue
        before, after = key[:p], key[p + len(text):]
        if before and not _KICKER_END.search(before):
            continue
        sep_after = after[1:] if after[:1] in _CJK_FULL_STOP else after  # ('見出し。｜会社名')
        if after and not (_SITE_SEP.match(sep_after) or _FULL_WIDTH_BAR.match(sep_after)) or \
                len(before) + len(after) > len(text):
            continue  # (what is left off is a kicker and a site's name, shorter than the headline)
        if best is None or len(text) > best_len:
            best, best_len = j, len(text)
    return best


# A page <title> that names its site in words ('Clip title on Vimeo', 'Photo by X on Flickr'):
# the tail after the headline, a capitalised name of at most three words.
_ON_SITE_TAIL = re.compile(r"\s(?:on|at|via)\s(?-i:[A-Z])\S*(?:\s\S+){0,2}")


def _on_site_head(lines: list[Line], i: int, key: str, known: _HeadLines | None = None) -> int | None:
    """A line below the page <title> `key` that is all of it but an ' on Site' tail: the <h1>.
    `known`: the page's `_HeadLines`, if made."""
    if known is None:
        known = _HeadLines(lines)
    reps = known.reps
    for j in known.below(i, key.startswith):  # (a line that does not start `key` is passed over)
        text = reps[j]
        if not text:  # (a blank line; a line repaired to nothing has no words either)
            continue
        if len(text) < len(key) and key.startswith(text) and words(text) >= HEADLINE_MIN_WORDS and \
                _ON_SITE_TAIL.fullmatch(key[len(text):]):
            return j
    return None


def _story_part(page_title: str) -> str | None:
    """The story side of 'Story | Site' or 'Site - Story': the longest part (the first on a tie),
    if it has at least three words."""
    parts = [p.strip().strip("»«›‹ ") for p in _SITE_SEP.split(page_title)]  # ('Site | » Story')
    if len(parts) < 2:
        return None
    best = max(parts, key=len)  # max() keeps the first of equals
    return best if words(best) >= 3 else None


@memoized  # each line is asked about by the head, the content stage and its fixed-point round
def byline_of(text: str) -> str | None:
    if _BYLINE_OPEN(text) is None:  # (no byline's first word: see _BYLINE_OPEN)
        return None
    text = " ".join(text.split())  # as repair will print it: cleaning again must see the same
    if len(text) > BYLINE_MAX_CHARS:
        return None
    m = _BYLINE.fullmatch(text)
    if not m:
        return None
    name = _ROLE_TAIL.sub("", m.group("name").strip())  # 'Carla Benning Staff writer': the name alone
    # "Jane Doe, Local Democracy Reporter": after a lone comma comes a role or an outlet
    if name.count(",") == 1 and not re.search(r"\s(?:and|und|et|y|&)\s", name):
        name = name.split(",")[0].strip()
    return name


# A first line this short is a site's name ('AOL', 'DER SPIEGEL', 'Le Monde') rather than a headline,
# when the page turns out to be a whole-page dump whose article starts further down.
SITE_NAME_MAX_WORDS = 3
# Joining words of publication names ('El Diario del Valle', 'La Voz de Galicia', 'Le Journal de
# Montréal'): not counted against SITE_NAME_MAX_WORDS.
_NAME_JOINERS = frozenset("de del della di da do dos das du des van von der den und y e et and & of".split())


# Chinese and Japanese are written without spaces: a site's name there is a few characters
# ('好奇心日报', '読売新聞オンライン'), a headline a dozen or more; this many count as one word.
CJK_CHARS_PER_NAME_WORD = 4
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def site_name_words(text: str) -> int:
    """The words of a line read as a publication's name, joining words not counted."""
    n = sum(1 for w in text.split() if w not in _NAME_JOINERS)
    cjk = len(_CJK_CHAR.findall(text))
    return max(n, -(-cjk // CJK_CHARS_PER_NAME_WORD)) if cjk else n


# How far above the article's first paragraph its headline may stand (byline, date, share rows,
# a standfirst or two between them).
HEADLINE_LOOKBACK = 25
HEADLINE_MIN_WORDS = 4
HEADLINE_MAX_PROSE = 2


# Lines above an article that are not its headline: credits ('Foto: ...'), datelines.
_META_LINE = re.compile(r"^(?:photo|foto|image|picture|bild|crédit|credit|imagen|source|quelle)s?\s?:", re.I)
# A short line with a clock time ('Aangepast vandaag, 11:02', 'Mis à jour à 11h02') is a dateline
# in any language.
CLOCK_LINE_MAX_WORDS = 6
_CLOCK = re.compile(r"\b\d{1,2}[:h]\d{2}\b")


def is_page_title_head(lines: list[Line], title: str) -> bool:
    """The short first line is the headline, not the site's name, when the page's <title> reads
    'Headline - Site' with it as the first part ('Hermitian matrix' / 'Hermitian matrix -
    Wikipedia'): a site's name stands last in its own <title>; or the longer part after a
    leading site name ('Site - Headline')."""
    key = repair(title)
    for ln in lines:
        if ln.blank or len(ln.text) > TITLE_MAX_CHARS:
            continue
        parts = [p.strip("»«›‹ ") for p in _SITE_SEP.split(repair(ln.text), maxsplit=1)]
        if len(parts) == 2 and parts[0] == key and parts[1] != key:
            return True
        if len(parts) == 2 and parts[1] == key and words(parts[0]) < words(key):
            return True  # ('O'Reilly Japan - Head First 入門': the longer part after the site's name)
    return False


def headline_before(lines: list[Line], start: int, skip: set[int], rules: RuleSet,
                    signed_only: bool = False) -> int | None:
    """The index of the headline standing above line `start` (the article's first line), if any.

    Going up from the article (at most HEADLINE_LOOKBACK lines, two paragraphs of prose),
    headline-shaped lines of at least four words are candidates: a caption, a standfirst in
    bullets, a source line, the headline. Bylines, dates, credits and chrome are passed over; a
    line followed by a bare age ('Valley Courier on MSN' / '5h') is a source, not a headline; one
    followed by a photo credit ('ANP', 'Photo: ...') is a caption.
    A headline is followed by its byline or date within a few lines: the topmost candidate that
    is wins; without one, the candidate nearest the article (None if `signed_only`)."""
    seen = prose = 0
    cands: list[int] = []
    for j in range(start, -1, -1):
        ln = lines[j]
        if ln.blank:
            continue
        seen += 1
        if seen > HEADLINE_LOOKBACK:
            break
        text = ln.text
        if j in skip or _is_chrome(text, rules) or _is_meta(text) or _all_cut(text, rules) or \
                never_headline(text, rules):
            continue  # (a caption the inline rules take whole is gone from the output)
        if is_titleish(text) and words(text) >= HEADLINE_MIN_WORDS and not ends_sentence(text):
            nxt = _next_lines(lines, j, 1)
            # followed by a bare age it is a source; by a photo credit, a caption. An age line
            # naming its own source ('Harbor Ledger · 4h') is the line under a headline.
            if not (nxt and ((is_age(nxt[0].text) and not _names_source(nxt[0].text)) or
                             _is_credit(nxt[0].text, rules))):
                cands.append(j)
        elif is_prose(text):
            prose += 1
            if prose > HEADLINE_MAX_PROSE:
                break
    if not cands:
        return None
    cands = [j for j in cands if not _is_named_source(lines, j)]
    if not cands:
        return None
    if signed_only:
        # only a byline or date standing between the candidate and the lede signs it: lines
        # below the lede belong to the article (and are the same on a second cleaning)
        signed = [j for j in cands if any(byline_of(lines[k].text) or _is_meta(lines[k].text)
                                          for k in range(j + 1, start) if not lines[k].blank)]
        return min(signed) if signed else None
    signed = [j for j in cands if _signed(lines, j)]
    return min(signed) if signed else max(cands)


def _signed(lines: list[Line], j: int) -> bool:
    """A byline or a date follows line j within HEADLINE_BYLINE_WITHIN lines (a bare name counts
    with the date right under it: 'Lucía Ferrer' / 'Madrid, 5 de julio de 2025')."""
    near = _next_lines(lines, j, HEADLINE_BYLINE_WITHIN)
    return any(byline_of(x.text) or _is_meta(x.text) or
               (_NAME.fullmatch(x.text) and not _OUTLET.search(x.text) and k + 1 < len(near)
                and stamp_date(near[k + 1].text) is not None)
               for k, x in enumerate(near))


def _is_named_source(lines: list[Line], j: int) -> bool:
    """Line j is the name an age line below it gives as the story's source ('Le Courrier de
    Vassieux' / 'Suivre' / headline / 'Le Courrier de Vassieux · il y a 5 h'): a publisher's
    label, not a headline."""
    key = repair(lines[j].text).casefold()
    for x in _next_lines(lines, j, HEADLINE_BYLINE_WITHIN + 1):
        kind, _, source = class_of(x.text)
        if kind == "META" and source and repair(source).casefold() == key:
            return True
    return False


def _names_source(text: str) -> bool:
    """An age line that carries a source name too ('Reuters · 3h', 'Le Courrier · il y a 5 h')."""
    kind, _, source = class_of(text)
    return kind == "META" and source is not None


# A headline's byline or date follows it within this many lines (a standfirst between).
HEADLINE_BYLINE_WITHIN = 3


def _is_chrome(text: str, rules: RuleSet) -> bool:
    return line_rule(text, rules) is not None or line_rule(text, rules, weak=True) is not None


def _is_credit(text: str, rules: RuleSet) -> bool:
    rule = line_rule(text, rules) or line_rule(text, rules, weak=True)
    return rule is not None and rule.family == "captions"


def _is_meta(text: str) -> bool:
    """A credit or a dateline: 'Foto: ...', 'Published 4 hours ago', '04.03.2024, 17.12 Uhr',
    'Aangepast vandaag, 11:02'."""
    return bool(_META_LINE.search(text)) or (words(text) <= 10 and _has_age(text)) or \
        (words(text) <= CLOCK_LINE_MAX_WORDS and bool(_CLOCK.search(text)))


def _next_lines(lines: list[Line], j: int, count: int) -> list[Line]:
    out = []
    for k in range(j + 1, len(lines)):
        if not lines[k].blank:
            out.append(lines[k])
            if len(out) >= count:
                break
    return out
