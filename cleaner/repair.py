"""Repair of link-removal artifacts and normalisation of the output's characters.

`repair` closes the space a scraper leaves where a link stood before punctuation ('as saying .' ->
'as saying.', 'by NHK ,' -> 'by NHK,'), and inside a footnote mark, a possessive or a hyphenated word
('POTUS) [ 6 ]', 'Rajaratnam ’s', 'Y Combinator -backed', 'Krimi - Action -Serie'). Only '.' and ',' are repaired: French typography puts a space
before ':', ';', '!' and '?' on purpose. Then `normalize` writes the text in Unicode NFC (a decomposed
'u' + combining diaeresis becomes 'ü', so the output matches what readers search for) and drops the
invisible characters a page carries for layout only: soft hyphens, zero-width spaces, word joiners,
stray byte-order marks, and zero-width joiners and non-joiners outside the scripts that need them.

ZWJ and ZWNJ shape words in Arabic-script languages (Persian 'می‌خواهم'), in the Indic scripts and in
Myanmar, Khmer, Mongolian and Tibetan, and ZWJ builds emoji sequences; beside a letter of those
scripts, or beside an emoji, a symbol or a variation selector, they stay. A zero-width space stays
between two letters of Thai, Lao, Myanmar or Khmer, which mark word breaks with it. Repair never
changes a word's letters: only spaces and these invisible characters.
"""

from __future__ import annotations

import re
import unicodedata

from .memo import memoized

_SPACE_BEFORE = re.compile(r"(?<=[\w\"'”’)\]])[ \t\u00a0]+([.,])(?=\s|$|[\"'”’])")
_MULTISPACE = re.compile(r"[ \t]{2,}")
# Spaces a scraper leaves at tag boundaries inside a word's attachments: a footnote mark
# ('POTUS) [ 6 ] is' -> 'POTUS)[6] is'), a possessive after a link ('Rajaratnam ’s', 'Heigl' s'),
# a hyphenated word split at a link ('Y Combinator -backed').
_BIDI_MARK = re.compile(r"[ \t\u00a0]+(?=[\u200e\u200f])")  # 'محمد \u200e,': the mark ends the word before it
_FOOTNOTE = re.compile(r"[ \t\u00a0]*\[ (\d{1,3}) \]")
_POSSESSIVE = re.compile(  # after a name (a link's text): not Dutch ''s avonds'
    r"\b([A-Z][^\W\d_]*)(?: ([’'])s|([’']) s)(?=[\s.,;:!?)]|$)"
    r"(?!\s(?:ochtends|morgens|middags|avonds|nachts|zomers|winters)\b)")
# a link inside a hyphenated compound: 'Krimi - Action -Serie' -> 'Krimi-Action-Serie'. (The
# letter before the match is tested after its first characters, '(?<=[^\W\d_] - )' in place of a
# leading '(?<=[^\W\d_])': the same matches, and the search looks for ' - ' itself, about 15x
# faster on a long paragraph than trying the lookbehind at every character.)
_LINKED_COMPOUND = re.compile(r" - (?<=[^\W\d_] - )([^\W\d_]+) -(?=[^\W\d_])")
_SPLIT_HYPHEN = re.compile(
    r" -(?<=[^\W\d_] -)(?=(?:backed|based|led|owned|funded|born|made|style|like|related|specific|wide|"
    r"free|friendly|era|centric|focused|controlled|run|affiliated|linked)\b)")

# Dropped wherever they stand: soft hyphen, word joiner, byte-order mark / zero-width no-break space.
_ALWAYS = {0xAD: None, 0x2060: None, 0xFEFF: None}
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Scripts that shape words with ZWJ/ZWNJ: Arabic, Syriac, Thaana, N'Ko and Arabic supplements;
# Devanagari to Sinhala; Tibetan; Myanmar; Khmer; Mongolian; Arabic presentation forms.
_JOINING = re.compile("[\u0600-\u08ff\u0900-\u0dff\u0f00-\u0fff\u1000-\u109f\u1780-\u18af"
                      "\ufb50-\ufdff\ufe70-\ufefc]")
# Emoji, symbols and variation selectors, between which ZWJ builds one pictograph.
_PICTO = re.compile("[\u2190-\u2bff\u2300-\u23ff\ufe0e\ufe0f\U0001f000-\U0001faff\U000e0020-\U000e007f"
                    "\U0001f3fb-\U0001f3ff\u200d\u20e3]")
# Scripts written without spaces between words that mark word breaks with a zero-width space.
_BREAKING = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def _keep(ch: str, before: str, after: str) -> bool:
    if ch in "\u200c\u200d":
        if _JOINING.match(before) or _JOINING.match(after):
            return True
        return ch == "\u200d" and bool(_PICTO.match(before) or _PICTO.match(after))
    if ch == "\u200b":
        return bool(_BREAKING.match(before) and _BREAKING.match(after))
    return False


# Tabs, no-break spaces, the bidi marks and every character `normalize` may drop are unprintable
# (`str.isprintable`: categories Cc, Cf and Zs), and the characters past ASCII most lines hold
# (letters, curly quotes, dashes) are printable: a printable line holds none of them, and the
# searches for them are passed over. The substitutions of `repair` only drop characters or write
# printable ones, so a line printable before them stays so after.
# (tests/test_head_speed.py checks the characters, and the answers against the former tests.)
_UNPRINTABLE = "\t\u00a0\u200e\u200f\u00ad\u200b\u200c\u200d\u2060\ufeff"


def normalize(text: str) -> str:
    """NFC, without the invisible characters that are not part of the text (module docstring)."""
    if text.isascii():
        return text
    return _normalize_wide(text, text.isprintable())


def _normalize_wide(text: str, printable: bool) -> str:
    """`normalize` of a line with a character past ASCII; `printable`: `text.isprintable()`."""
    if not printable and _INVISIBLE.search(text):
        out = []
        n = len(text)
        for k, ch in enumerate(text):
            if ch in "\u200b\u200c\u200d":
                before = text[k - 1] if k else ""
                after = text[k + 1] if k + 1 < n else ""
                if not _keep(ch, before, after):
                    continue
            out.append(ch)
        text = "".join(out).translate(_ALWAYS)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


@memoized
def repair(text: str) -> str:
    """`text` with link-removal gaps closed and its characters normalised (module docstring);
    remembered: the stages ask about each line several times."""
    # An ASCII line: `normalize` keeps it, and no character past ASCII that the tests below look
    # for stands in it (nor comes in: the substitutions only move or drop characters).
    wide = not text.isascii()
    odd = True  # (may hold a tab, a no-break space or a bidi mark: see _UNPRINTABLE)
    if wide:
        odd = not text.isprintable()
        new = _normalize_wide(text, not odd)
        if new is not text:
            text, odd = new, not new.isprintable()
    if " ." in text or " ," in text or odd and ("\t" in text or wide and "\u00a0." in text):
        text = _SPACE_BEFORE.sub(r"\1", text)
    if wide and odd and ("\u200e" in text or "\u200f" in text):
        text = _BIDI_MARK.sub("", text)
    if "[ " in text:
        text = _FOOTNOTE.sub(r"[\1]", text)
    if "' s" in text or " 's" in text or wide and (" ’s" in text or "’ s" in text):
        text = _POSSESSIVE.sub(_possessive, text)
    if " -" in text:
        text = _SPLIT_HYPHEN.sub("-", _LINKED_COMPOUND.sub(r"-\1-", text))
    if "  " in text or odd and "\t" in text:
        text = _MULTISPACE.sub(" ", text)
    if text[:1].isspace() or text[-1:].isspace():
        # (a line never starts or ends with a space: one left beside a dropped soft hyphen or a
        # cut would go only when the output is read again)
        text = text.strip()
    return text


def _possessive(m: re.Match) -> str:
    return m.group(1) + (m.group(2) or m.group(3)) + "s"
