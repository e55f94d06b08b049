"""Dates and ages in the languages the rule packs cover: related records' ages, and the
timestamp line under a headline (MD103)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cleaner.ages import is_age, parse_age, parse_now, published, relative_stamp, stamp_date

AGES = {
    "3 hours ago": timedelta(hours=3), "vor 2 Tagen": timedelta(days=2), "il y a 5 minutes": timedelta(minutes=5),
    "hace 1 semana": timedelta(weeks=1), "3 ore fa": timedelta(hours=3), "2 giorni fa": timedelta(days=2),
    "há 1 hora": timedelta(hours=1), "há 3 dias": timedelta(days=3), "3 uur geleden": timedelta(hours=3),
    "2 dagen geleden": timedelta(days=2), "för 2 dagar sedan": timedelta(days=2),
    "5 timmar sedan": timedelta(hours=5), "2 timer siden": timedelta(hours=2),
    "3 godziny temu": timedelta(hours=3), "před 5 minutami": timedelta(minutes=5),
    "ieri": timedelta(days=1), "ontem": timedelta(days=1), "gisteren": timedelta(days=1),
    "igår": timedelta(days=1), "wczoraj": timedelta(days=1), "včera": timedelta(days=1),
}
DATES = {
    "3 luglio 2025": date(2025, 7, 3), "4 de julho de 2025": date(2025, 7, 4),
    "12 maart 2025": date(2025, 3, 12), "3 juli 2025": date(2025, 7, 3), "14 maja 2025": date(2025, 5, 14),
    "5 października 2024": date(2024, 10, 5), "7. července 2025": date(2025, 7, 7),
    "9 martie 2025": date(2025, 3, 9), "12 Ağustos 2025": date(2025, 8, 12), "Jul 5, 2025": date(2025, 7, 5),
}
STAMPS = {
    "Publicerad 3 juli 2025 kl. 07.00": date(2025, 7, 3),
    "Pubblicato il 3 luglio 2025 alle 10:30": date(2025, 7, 3),
    "Publicado em 4 de julho de 2025 às 15h20": date(2025, 7, 4),
    "Gepubliceerd op 12 maart 2025 om 09:14": date(2025, 3, 12),
    "Opublikowano 14 maja 2025, 08:15": date(2025, 5, 14),
    "5 de Março de 2024, 7:30": date(2024, 3, 5),
    "Fr., 14. März 2026 um 9:41 AM MEZ": date(2026, 3, 14),
    "ven. 3 juillet 2025 à 07:19": date(2025, 7, 3),
    "Giovedì 3 luglio 2025, 10:30": date(2025, 7, 3),
    "Vrijdag 14 maart 2025 09:14": date(2025, 3, 14),
    "Mar. 5, 2025": date(2025, 3, 5),  # March, not 'mar.' (mardi, martes)
    "Valle de Arán, 5 de julio de 2025 - 09:41 h": date(2025, 7, 5),  # the place it was filed from first
    "WASHINGTON, July 5, 2025": date(2025, 7, 5),
    "Updated 10:30 AM ET, Mon. Jul 7, 2025": date(2025, 7, 7),
}
NOT_AGES = ["Il giorno dopo", "set", "3 luglio", "Ore di punta", "De dag van de waarheid",
            "Två dagar i Rom", "out of the blue 2025", "Lat temu", "Do. die Wahl 2025", "Mar. 2025 results",
            "Paris, the city of light, 2025"]


@pytest.mark.parametrize("text,delta", AGES.items())
def test_relative_ages(text, delta):
    assert parse_age(text) == (delta, None)
    assert published(text, parse_now("2025-07-06T12:00")) == (parse_now("2025-07-06T12:00") - delta).date().isoformat()


@pytest.mark.parametrize("text,when", DATES.items())
def test_absolute_dates(text, when):
    assert parse_age(text) == (None, when)


@pytest.mark.parametrize("text,when", STAMPS.items())
def test_timestamp_lines(text, when):
    assert stamp_date(text) == when


@pytest.mark.parametrize("text", NOT_AGES)
def test_words_that_are_not_ages(text):
    assert not is_age(text)
    assert stamp_date(text) is None


@pytest.mark.parametrize("text,age", [
    ("Published 8 hours ago · Updated 2 hours ago", "8 hours ago"),
    ("Updated: 5 mins ago", "5 mins ago"),
    ("Aktualisiert vor 3 Stunden", "vor 3 Stunden"),
    ("Publié il y a 2 jours", "il y a 2 jours"),
])
def test_datelines_written_as_ages(text, age):
    assert relative_stamp(text) == age


@pytest.mark.parametrize("text", ["Published by Reuters", "Published 8 hours ago. The council met again.",
                                  "Updated 14 May 2025", "Updated guidance for drivers"])
def test_lines_that_are_not_datelines_written_as_ages(text):
    assert relative_stamp(text) is None
