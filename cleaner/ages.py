"""Ages and dates of related records: '3 hours ago', '2h', 'Yesterday', 'vor 3 Stunden', 'il y a 2 jours',
'hace 5 horas', '3 ore fa', 'há 1 hora', '3 uur geleden', '2 timmar sedan', '3 godziny temu',
'Jul 5, 2025', '3 luglio 2025', '14 maja 2025', '2025-07-05' -> an age string and, given `now`, an
ISO date; and timestamp lines under a headline ('Publicerad 3 juli 2025 kl. 07.00')."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta

from .memo import memoized

_NUM = r"(?P<n>\d{1,4}|an?|one|ein(?:e[mr]?)?|une?|una?)"

_UNITS = {
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "sekunde": 1, "sekunden": 1,
    "seconde": 1, "secondes": 1, "segundo": 1, "segundos": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "minuten": 60, "minuto": 60,
    "minutos": 60,
    "h": 3600, "std": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "stunde": 3600,
    "stunden": 3600, "heure": 3600, "heures": 3600, "hora": 3600, "horas": 3600,
    "d": 86400, "j": 86400, "day": 86400, "days": 86400, "tag": 86400, "tagen": 86400, "jour": 86400,
    "jours": 86400, "día": 86400, "días": 86400, "dia": 86400, "dias": 86400,
    "w": 604800, "wk": 604800, "wks": 604800, "week": 604800, "weeks": 604800, "woche": 604800,
    "wochen": 604800, "semaine": 604800, "semaines": 604800, "semana": 604800, "semanas": 604800,
    "mo": 2592000, "month": 2592000, "months": 2592000, "monat": 2592000, "monaten": 2592000,
    "mois": 2592000, "mes": 2592000, "meses": 2592000,
    "y": 31536000, "yr": 31536000, "yrs": 31536000, "year": 31536000, "years": 31536000,
    "jahr": 31536000, "jahren": 31536000, "an": 31536000, "ans": 31536000, "año": 31536000,
    "años": 31536000,
    # it, pt, nl, sv, da/no, pl, cs
    "secondi": 1, "minuti": 60, "ora": 3600, "ore": 3600, "giorno": 86400, "giorni": 86400,
    "settimana": 604800, "settimane": 604800, "mese": 2592000, "mesi": 2592000, "anno": 31536000,
    "anni": 31536000, "mês": 2592000, "ano": 31536000, "anos": 31536000,
    "minuut": 60, "uur": 3600, "dag": 86400, "dagen": 86400, "weken": 604800, "maand": 2592000,
    "maanden": 2592000, "jaar": 31536000,
    "minut": 60, "minuter": 60, "minutter": 60, "timme": 3600, "timmar": 3600, "time": 3600,
    "timer": 3600, "dagar": 86400, "dage": 86400, "dager": 86400, "vecka": 604800, "veckor": 604800,
    "uge": 604800, "uger": 604800, "uke": 604800, "uker": 604800, "månad": 2592000,
    "månader": 2592000, "måned": 2592000, "måneder": 2592000, "år": 31536000,
    "minuty": 60, "minutę": 60, "godzinę": 3600, "godziny": 3600, "godzin": 3600, "dzień": 86400,
    "dni": 86400, "tydzień": 604800, "tygodnie": 604800, "tygodni": 604800, "miesiąc": 2592000,
    "miesiące": 2592000, "miesięcy": 2592000, "rok": 31536000, "lata": 31536000, "lat": 31536000,
    "minutou": 60, "minutami": 60, "hodinou": 3600, "hodinami": 3600, "dnem": 86400, "dny": 86400,
    "týdnem": 604800, "týdny": 604800, "měsícem": 2592000, "měsíci": 2592000, "rokem": 31536000,
    "lety": 31536000,
}
_UNIT = r"(?P<u>" + "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True)) + r")"

_MONTHS = {
    "jan": 1, "january": 1, "januar": 1, "janvier": 1, "enero": 1, "jän": 1,
    "feb": 2, "february": 2, "februar": 2, "février": 2, "fevrier": 2, "febrero": 2,
    "mar": 3, "march": 3, "märz": 3, "mars": 3, "marzo": 3,
    "apr": 4, "april": 4, "avril": 4, "abril": 4,
    "may": 5, "mai": 5, "mayo": 5,
    "jun": 6, "june": 6, "juni": 6, "juin": 6, "junio": 6,
    "jul": 7, "july": 7, "juli": 7, "juillet": 7, "julio": 7,
    "aug": 8, "august": 8, "août": 8, "aout": 8, "agosto": 8,
    "sep": 9, "sept": 9, "september": 9, "septembre": 9, "septiembre": 9,
    "oct": 10, "october": 10, "oktober": 10, "octobre": 10, "octubre": 10, "okt": 10,
    "nov": 11, "november": 11, "novembre": 11, "noviembre": 11,
    "dec": 12, "december": 12, "dezember": 12, "décembre": 12, "decembre": 12, "diciembre": 12,
    "dez": 12,
    # it, pt, nl, sv, da/no, pl and cs (genitive, as in '3 lipca 2025'), ro, tr
    "gennaio": 1, "gen": 1, "janeiro": 1, "januari": 1, "stycznia": 1, "ledna": 1, "ianuarie": 1,
    "ocak": 1,
    "febbraio": 2, "fevereiro": 2, "fev": 2, "februari": 2, "lutego": 2, "února": 2,
    "februarie": 2, "şubat": 2,
    "aprile": 4, "maggio": 5, "mag": 5, "giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "ago": 8,
    "settembre": 9, "set": 9, "ottobre": 10, "ott": 10, "dicembre": 12, "dic": 12,
    "março": 3, "marco": 3, "abr": 4, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
    "outubro": 10, "out": 10, "novembro": 11, "dezembro": 12,
    "maart": 3, "mrt": 3, "mei": 5, "augustus": 8,
    "maj": 5, "augusti": 8, "marts": 3, "desember": 12, "des": 12,
    "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6, "lipca": 7, "sierpnia": 8,
    "września": 9, "października": 10, "listopada": 11, "grudnia": 12,
    "března": 3, "dubna": 4, "května": 5, "června": 6, "července": 7, "srpna": 8, "září": 9,
    "října": 10, "listopadu": 11, "prosince": 12,
    "martie": 3, "aprilie": 4, "iunie": 6, "iulie": 7, "septembrie": 9, "octombrie": 10,
    "noiembrie": 11, "decembrie": 12,
    "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7, "ağustos": 8, "eylül": 9, "ekim": 10,
    "kasım": 11, "aralık": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)) + r")\.?"

_RELATIVE = [
    re.compile(rf"{_NUM}\s?{_UNIT}\.?\s(?:ago)", re.I),
    re.compile(rf"(?P<n>\d{{1,4}})\s?(?P<u>s|m|min|h|hr|std|d|j|w|wk|mo|y)\.?", re.I),
    re.compile(rf"vor\s{_NUM}\s{_UNIT}\.?", re.I),
    re.compile(rf"il y a\s{_NUM}\s{_UNIT}\.?", re.I),
    re.compile(rf"hace\s{_NUM}\s{_UNIT}\.?", re.I),
    re.compile(rf"(?:för\s)?{_NUM}\s{_UNIT}\s(?:fa|geleden|sedan|siden|temu)", re.I),
    re.compile(rf"(?:há|ha|před)\s{_NUM}\s{_UNIT}", re.I),
]
# The relative patterns that read a count in words too ('an hour ago', 'vor einer Stunde'): a text
# without a digit (`\d`) is asked these alone, as the others and every absolute date need one.
_RELATIVE_WORDS = [rx for rx in _RELATIVE if rx is not _RELATIVE[1]]
_DIGIT = re.compile(r"\d").search  # (the `\d` of `_RELATIVE[1]` and `_ABSOLUTE`, same flags)
_DAYWORDS = {"just now": 0, "now": 0, "today": 0, "heute": 0, "aujourd'hui": 0, "aujourd’hui": 0,
             "hoy": 0, "yesterday": 1, "gestern": 1, "hier": 1, "ayer": 1,
             "oggi": 0, "ieri": 1, "hoje": 0, "ontem": 1, "vandaag": 0, "gisteren": 1, "idag": 0,
             "i dag": 0, "igår": 1, "i går": 1, "dzisiaj": 0, "dziś": 0, "wczoraj": 1, "dnes": 0,
             "včera": 1}
_ABSOLUTE = [
    re.compile(rf"(?:\w+,\s)?{_MONTH}\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?:\w+,?\s)?(?P<d>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s(?:de\s)?{_MONTH}(?:\sde)?,?\s(?P<y>\d{{4}})", re.I),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ][\d:]{4,8}Z?)?"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"),
]
# Age text, for finding an age inside a meta line ("Japan Times · 3h"); no named groups. Units may
# be abbreviated with a point ('vor 4 Std.', 'il y a 2 j.').
_NUM, _UNIT, _MONTH = (re.sub(r"\?P<\w+>", "?:", x) for x in (_NUM, _UNIT, _MONTH))
AGE_TEXT = (
    rf"(?:{_NUM}\s?{_UNIT}\.?\sago|\d{{1,4}}\s?(?:s|m|min|h|hr|std|d|j|w|wk|mo|y)\.?|vor\s{_NUM}\s{_UNIT}\.?"
    rf"|il y a\s{_NUM}\s{_UNIT}\.?|hace\s{_NUM}\s{_UNIT}\.?|just now|yesterday|today|gestern|heute"
    rf"|aujourd['’]hui|hier|ayer|hoy"
    rf"|(?:för\s)?{_NUM}\s{_UNIT}\s(?:fa|geleden|sedan|siden|temu)|(?:há|ha|před)\s{_NUM}\s{_UNIT}"
    rf"|oggi|ieri|hoje|ontem|vandaag|gisteren|idag|i dag|igår|i går|dzisiaj|dziś|wczoraj|dnes|včera"
    rf"|(?:\w+,\s)?{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?,?\s\d{{4}}"
    rf"|(?:\w+,?\s)?\d{{1,2}}(?:\.|er|st|nd|rd|th)?\s(?:de\s)?{_MONTH}(?:\sde)?,?\s\d{{4}}"
    rf"|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
)


def _count(n: str) -> int:
    return int(n) if n.isdigit() else 1


@memoized  # the related lists, the content stage and its fixed-point round ask about the same lines
def parse_age(text: str) -> tuple[timedelta | None, date | None]:
    """(relative delta, absolute date) for an age string; (None, None) if it is not one."""
    t = text.strip().lower()
    if t in _DAYWORDS:
        return timedelta(days=_DAYWORDS[t]), None
    digit = _DIGIT(t) is not None
    for rx in _RELATIVE if digit else _RELATIVE_WORDS:
        m = rx.fullmatch(t)
        if m:
            unit = _UNITS.get(m.group("u").lower())
            if unit is None:
                return None, None
            return timedelta(seconds=_count(m.group("n")) * unit), None
    if not digit:
        return None, None  # (every pattern of _ABSOLUTE reads a year of four digits)
    for rx in _ABSOLUTE:
        m = rx.fullmatch(t)
        if m:
            try:
                mon = _MONTHS[m.group("mon").lower().rstrip(".")] if "mon" in m.groupdict() else int(m.group("m"))
                return None, date(int(m.group("y")), mon, int(m.group("d")))
            except (ValueError, KeyError):
                return None, None
    return None, None


def is_age(text: str) -> bool:
    delta, when = parse_age(text)
    return delta is not None or when is not None


def published(age: str | None, now: datetime | None) -> str | None:
    """ISO date (YYYY-MM-DD) of an age: absolute dates as they are, relative ones from `now`."""
    if not age:
        return None
    delta, when = parse_age(age)
    if when is not None:
        return when.isoformat()
    if delta is not None and now is not None:
        try:
            return (now - delta).date().isoformat()
        except OverflowError:  # "9999 years ago" reaches before year 1
            return None
    return None


def parse_now(value: str | datetime | date | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text)



_STAMP_PREFIX = re.compile(
    r"(?:(?P<word>published|updated|posted|last updated|first published|veröffentlicht(?: am)?|aktualisiert(?: am)?"
    r"|stand|publié le|mis à jour le|publicado(?: el| em)?|actualizado(?: el)?|atualizado(?: em)?"
    r"|pubblicato(?: il)?|aggiornato(?: il)?|gepubliceerd(?: op)?|bijgewerkt(?: op)?|publicerad|uppdaterad"
    r"|publiceret|opdateret|publisert|oppdatert|opublikowano|zaktualizowano|publikováno|aktualizováno)\s?:?\s)?"
    r"(?:(?:\d{1,2}[:.]\d{2}\s?(?:[ap]\.?\s?m\.?)?\s?(?:[A-Z]{2,4})?,?\s))?",  # a time before the date
    re.I,
)
# A weekday before the date; tried first, then without it ("Mar. 5, 2025" is March, not mardi).
_WEEKDAY = re.compile(
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
    r"|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira"
    r"|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag),?\s"
    # abbreviated with a point ('Fr., 14. März 2026', 'ven. 3 juillet 2025', 'gio. 3 luglio 2025')
    r"|(?:mo|di|mi|do|fr|sa|so|lun|mar|mer|mié|jeu|jue|gio|ven|vie|sam|sáb|sab|dim|dom|ma|wo|vr|za|zo|seg|ter|qua|qui|sex)\.,?\s)",
    re.I,
)
_DATE_START = [re.compile(rx.pattern.replace("(?:\\w+,\\s)?", "").replace("(?:\\w+,?\\s)?", ""), rx.flags)
               for rx in _ABSOLUTE]
_STAMP_TAIL = re.compile(
    r"(?:[\s,·|–—-]*(?:at\s|à\s|um\s|a las\s|alle\s|às\s|om\s|kl\.?\s|o\s|godz\.?\s)?\d{1,2}[:.h]\d{2}(?:\s?[ap]\.?\s?m\.?)?(?:\s?(?:uhr|h\b\.?|hrs?\b\.?|horas?|[A-Z]{2,4}(?:[+-]\d{1,2})?))?)?"
    r"(?:[\s,·|–—-]*\d{1,3}\s?min(?:ute)?s?\.?\s(?:read|lesezeit|de lecture|de lectura))?"
    r"(?:[\s,·|–—-]*(?:updated|aktualisiert|mis à jour|actualizado).{0,50})?[\s.]*",
    re.I,
)
_NON_ENGLISH_PREFIX = ("veröffentlicht", "aktualisiert", "stand", "publié", "mis à jour", "publicado", "actualizado",
                       "atualizado", "pubblicato", "aggiornato", "gepubliceerd", "bijgewerkt", "publicerad",
                       "uppdaterad", "publiceret", "opdateret", "publisert", "oppdatert", "opublikowano",
                       "zaktualizowano", "publikováno", "aktualizováno")
# A timestamp line is short: a date, maybe a time and a zone, maybe "Updated ...".
STAMP_MAX_WORDS = 14


# (`_DIGIT`, above: the `\d` of `_DATE_START`'s patterns too)

# A dateline may open with the place it was filed from ('Valle de Arán, 5 de julio de 2025 - 09:41 h').
_PLACE = re.compile(r"(?-i:[A-ZÀ-ÖØ-Ý])[\w'’.-]*(?:\s[\w'’.-]+){0,4},\s")


@memoized  # (each line's answer once a page: the stages ask again about the same lines)
def stamp_date(text: str) -> date | None:
    """The date of a dateline/timestamp line ('Published 14 May 2025', '12.11.2025, 17:45 Uhr',
    'June 24, 2025 4:18 AM GMT+1 Updated 2 hours ago', 'Madrid, 5 de julio de 2025 - 09:41 h');
    None if the line says more than that."""
    if len(text) > 120 or _DIGIT(text) is None or len(text.split()) > STAMP_MAX_WORDS:
        return None  # (every date `_DATE_START` reads holds a digit: a line without one holds none)
    found = _stamp_date(text)
    if found is None:
        place = _PLACE.match(text)
        if place is not None:
            found = _stamp_date(text[place.end():])
    return found


def _stamp_date(text: str) -> date | None:
    m = _STAMP_PREFIX.match(text)
    rest = text[m.end():]
    word = (m.group("word") or "").lower()
    w = _WEEKDAY.match(rest)
    for rx, rest in itertools.product(_DATE_START, [rest[w.end():], rest] if w else [rest]):
        d = rx.match(rest)
        if d is None or not _STAMP_TAIL.fullmatch(rest[d.end():]):
            continue
        g = d.groupdict()
        if "m" in g and "/" in d.group(0):  # 01/07/2025: day first outside English
            a, b = int(g["m"]), int(g["d"])
            dayfirst = a > 12 or (b <= 12 and word.startswith(_NON_ENGLISH_PREFIX))
            if dayfirst:
                a, b = b, a
            try:
                return date(int(g["y"]), a, b)
            except ValueError:
                return None
        return parse_age(d.group(0))[1]
    return None


# A dateline given as ages ('Published 8 hours ago · Updated 2 hours ago', 'Aktualisiert vor 3
# Stunden'): the story's age under its headline, as an aggregator prints it.
_STAMP_WORD = (r"(?:published|updated|posted|last updated|first published|veröffentlicht|aktualisiert|publié|"
               r"mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|"
               r"publicerad|uppdaterad|publiceret|opdateret|publisert|oppdatert|opublikowano|zaktualizowano|"
               r"publikováno|aktualizováno)")
_RELATIVE_STAMP = re.compile(
    rf"{_STAMP_WORD}\s?:?\s(?P<age>{AGE_TEXT})(?:\s?[·•|,–—-]\s?{_STAMP_WORD}\s?:?\s{AGE_TEXT})?\.?", re.I)


def relative_stamp(text: str) -> str | None:
    """The age of a dateline written as ages ('Published 8 hours ago · Updated 2 hours ago' ->
    '8 hours ago'), or None. Only relative ages: a dated line is `stamp_date`'s."""
    if len(text) > 120:
        return None
    m = _RELATIVE_STAMP.fullmatch(text.strip())
    if m is None or parse_age(m.group("age"))[0] is None:
        return None
    return m.group("age")
