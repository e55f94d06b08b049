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
