"""The content stage on whole-page dumps written for these tests: nav, cookie banner, article,
related list, comments and footer, in several languages; a section front that must come out empty;
tidy input that must come out untouched."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean, default_rules
from cleaner.content import find_content, page_language
from cleaner.segment import segment

NAV = {
    "en": ["Skip to main content", "Home", "World", "Business", "Opinion", "Sport", "Culture", "Subscribe",
           "Sign in", "We use cookies to improve your experience.", "Accept all"],
    "de": ["Zum Inhalt springen", "Startseite", "Politik", "Wirtschaft", "Kultur", "Sport", "Wissen",
           "Abo", "Anmelden", "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.", "Alle akzeptieren"],
    "fr": ["Aller au contenu", "Accueil", "International", "Économie", "Culture", "Sport", "Sciences",
           "S'abonner", "Se connecter", "Nous utilisons des cookies pour améliorer votre expérience.", "Tout accepter"],
    "es": ["Ir al contenido", "Inicio", "Internacional", "Economía", "Cultura", "Deportes", "Ciencia",
           "Suscríbete", "Iniciar sesión", "Utilizamos cookies para mejorar su experiencia.", "Aceptar todo"],
}
ARTICLE = {
    "en": [
        "The town council voted on Tuesday to reopen the old ferry landing, which has been closed since a storm damaged its pilings two winters ago.",
        "Repairs will cost about 1.2 million pounds, most of it from a regional fund, and work is expected to start in the spring if the weather allows.",
        "What changes",
        "The ferry will run every half hour in the summer and every hour in the winter, and the first crossing will leave at seven in the morning.",
        "Residents who had to drive around the estuary for two years said the decision was long overdue, and several of them thanked the crews who kept the old boat in working order.",
        "Reporting by Ann Lowe; Editing by Tom Reed",
    ],
    "de": [
        "Der Gemeinderat hat am Dienstag beschlossen, die alte Fähranlegestelle wieder zu öffnen, die seit einem Sturm vor zwei Jahren gesperrt ist.",
        "Die Reparatur kostet rund 1,2 Millionen Euro, der größte Teil kommt aus einem Förderprogramm des Landes, und die Arbeiten sollen im Frühjahr beginnen.",
        "Was sich ändert",
        "Die Fähre soll im Sommer jede halbe Stunde und im Winter jede Stunde fahren, die erste Überfahrt ist um sieben Uhr morgens geplant.",
        "Anwohner, die zwei Jahre lang um die Bucht herumfahren mussten, sagten, die Entscheidung sei längst überfällig gewesen, und dankten den Helfern.",
    ],
    "fr": [
        "Le conseil municipal a voté mardi la réouverture de l'ancien embarcadère, fermé depuis qu'une tempête a endommagé ses pieux il y a deux hivers.",
        "Les travaux coûteront environ 1,2 million d'euros, financés pour l'essentiel par un fonds régional, et devraient commencer au printemps si le temps le permet.",
        "Ce qui change",
        "Le bac circulera toutes les demi-heures en été et toutes les heures en hiver, et la première traversée partira à sept heures du matin.",
        "Les habitants, qui devaient faire le tour de l'estuaire depuis deux ans, ont salué une décision qu'ils jugent très attendue et ont remercié les équipes.",
    ],
    "es": [
        "El ayuntamiento aprobó el martes la reapertura del antiguo embarcadero, que está cerrado desde que una tormenta dañó sus pilotes hace dos inviernos.",
        "Las obras costarán unos 1,2 millones de euros, en su mayor parte de un fondo regional, y se espera que comiencen en primavera si el tiempo lo permite.",
        "Qué cambia",
        "El transbordador saldrá cada media hora en verano y cada hora en invierno, y el primer cruce partirá a las siete de la mañana.",
        "Los vecinos, que durante dos años tuvieron que rodear el estuario, dijeron que la decisión llegaba tarde y agradecieron a los equipos su trabajo.",
    ],
}
RELATED = {
    "en": ["Related Articles", "Bridge tolls to rise in the new year", "Harbour museum wins heritage award",
           "New cycle path links the two villages"],
    "de": ["Weitere Artikel", "Brückenmaut steigt im neuen Jahr", "Hafenmuseum erhält Denkmalpreis",
           "Neuer Radweg verbindet die beiden Dörfer"],
    "fr": ["À lire aussi", "Le péage du pont augmentera l'an prochain", "Le musée du port primé",
           "Une nouvelle piste cyclable relie les deux villages"],
    "es": ["Noticias relacionadas", "El peaje del puente subirá el año que viene", "El museo del puerto, premiado",
           "Un nuevo carril bici une los dos pueblos"],
}
COMMENTS = {
    "en": ["3 Comments", "Jo Marsh", "2 days ago", "About time. I used that ferry every day to get to work and the detour added an hour each way.", "Reply"],
    "de": ["3 Kommentare", "Jo Marsh", "vor 2 Tagen", "Endlich. Ich habe die Fähre jeden Tag genutzt, um zur Arbeit zu kommen, und der Umweg kostete mich eine Stunde.", "Antworten"],
    "fr": ["3 commentaires", "Jo Marsh", "il y a 2 jours", "Enfin. Je prenais ce bac tous les jours pour aller au travail et le détour me coûtait une heure.", "Répondre"],
    "es": ["3 comentarios", "Jo Marsh", "hace 2 días", "Por fin. Usaba ese transbordador cada día para ir al trabajo y el desvío me costaba una hora.", "Responder"],
}
FOOTER = ["About us", "Contact", "Privacy Policy", "Terms of Use", "© 2025 Estuary News Ltd"]
TITLE = "Ferry landing to reopen after two years"


def page(lang: str) -> str:
    blocks = [TITLE, "", *NAV[lang], TITLE, *ARTICLE[lang], *RELATED[lang], *COMMENTS[lang], *FOOTER]
    return "\n\n".join(blocks) + "\n"


LANGS = sorted(ARTICLE)


def test_page_language():
    for lang in LANGS:
        assert page_language(ARTICLE[lang]) == lang


def test_whole_pages_keep_the_article_and_drop_the_rest():
    for lang in LANGS:
        r = clean(page(lang), kind="text")
        assert r.title == TITLE
        for line in ARTICLE[lang]:
            assert line in r.paragraphs, (lang, line)
        for line in NAV[lang] + FOOTER + COMMENTS[lang]:
            assert line not in r.body, (lang, line)
        assert RELATED[lang][1] not in r.body
        # every line that is gone is accounted for, with a rule the registry knows
        rules = default_rules()
        assert all(rules.get(x.rule) is not None for x in r.removed)
        gone = {x.text for x in r.removed}
        assert COMMENTS[lang][3] in gone
        assert NAV[lang][0] in gone


def test_comment_thread_goes_whole_as_comments():
    r = clean(page("en"), kind="text")
    by_text = {x.text: x for x in r.removed}
    for line in (COMMENTS["en"][3], "Jo Marsh"):
        assert by_text[line].family == "comments"
        assert by_text[line].rule in ("CH310", "CT104")


def test_related_list_after_the_article_feeds_related():
    r = clean(page("en"), kind="text")
    assert [x.title for x in r.related] == RELATED["en"][1:]


def test_short_lines_inside_the_span_stay():
    r = clean(page("en"), kind="text")
    assert "What changes" in r.paragraphs
    assert "Reporting by Ann Lowe; Editing by Tom Reed" in r.paragraphs


def test_byline_far_below_line_one_goes_to_byline():
    lines = page("en").split("\n\n")
    k = lines.index(ARTICLE["en"][0])
    lines.insert(k, "By Ann Lowe and Tom Reed")
    r = clean("\n\n".join(lines), kind="text")
    assert r.byline == "Ann Lowe and Tom Reed"
    assert "By Ann Lowe and Tom Reed" not in r.body
    assert ARTICLE["en"][0] in r.paragraphs



def test_byline_with_a_posted_date_goes_to_byline():
    lines = page("en").split("\n\n")
    k = lines.index(ARTICLE["en"][0])
    lines.insert(k, "By Ann Lowe posted Apr 9th 2011 5:00PM")
    r = clean("\n\n".join(lines), kind="text")
    assert r.byline == "Ann Lowe"
    assert "posted Apr 9th" not in r.body
    assert ARTICLE["en"][0] in r.paragraphs


SECTION_FRONT = [
    "Local news | Estuary News", "", *NAV["en"], "Local news",
    "Bridge tolls to rise in the new year",
    "Drivers will pay more from January, the operator said on Monday.",
    "2 hours ago",
    "Harbour museum wins heritage award",
    "The museum was praised for its work with schools and volunteers.",
    "5 hours ago",
    "New cycle path links the two villages",
    "The path follows the old railway line along the river bank.",
    "1 day ago",
    "Library extends its opening hours",
    "The library will stay open until eight on weekday evenings.",
    "1 day ago",
    "Load more", *FOOTER,
]


def test_section_front_comes_out_empty():
    r = clean("\n\n".join(SECTION_FRONT), kind="text")
    assert r.body == ""
    assert any(x.rule == "CT103" for x in r.removed)


SEARCH = ["Search results for “harbour” | Estuary News", "", "Skip to main content", "Home", "News", "Sport", "Business", "Sign in", "Subscribe",
 "Search", "harbour", "Showing 1-5 of 214 results", "Sort by: Newest",
 "Harbour wall repairs to start in March", "The council has approved a plan to rebuild the damaged section of the wall before winter storms.", "12 February 2025",
 "Harbour master retires after 30 years", "Colleagues gathered on the quay to mark the end of a long career at the port.", "3 February 2025",
 "New ferry timetable for the harbour", "Crossings will run every half hour from April, the operator said in a statement.", "28 January 2025",
 "Fishing fleet returns to the harbour", "Boats came back early as the forecast warned of strong winds along the coast.", "20 January 2025",
 "Harbour festival dates announced", "The two-day event will include music, food stalls and boat trips for families.", "9 January 2025",
 "Next page", "About us", "Contact", "Privacy Policy", "© 2025 Estuary News Ltd"]
PRODUCT = ["Trail Runner 3 waterproof jacket | Outdoor Shop", "", "Skip to content", "Men", "Women", "Kids", "Sale", "Sign in", "Basket (0)",
 "Home › Men › Jackets", "Trail Runner 3 waterproof jacket", "£89.99", "4.5 out of 5 stars", "128 reviews", "Colour: Blue", "Size", "S", "M", "L", "XL",
 "Add to basket", "Free delivery on orders over £50", "Lightweight waterproof jacket with taped seams.", "Features", "Packs into its own pocket", "Adjustable hood",
 "Two zipped hand pockets", "Reviews", "Great jacket, kept me dry on a wet hill run.", "Runs a little small, order a size up.",
 "You may also like", "Trail Runner 3 trousers", "Summit fleece", "About us", "Delivery", "Returns", "Privacy Policy", "© 2025 Outdoor Shop Ltd"]

def test_search_and_product_pages_come_out_empty():
    for page in (SEARCH, PRODUCT):
        r = clean("\n\n".join(page), kind="text")
        assert r.body == ""
        assert any(x.rule == "CT103" for x in r.removed)


def test_not_an_article_is_stable():
    r = clean("\n\n".join(SECTION_FRONT), kind="text")
    again = clean(r.text, kind="text")
    assert again.text == r.text
    assert again.removed == ()


def test_tidy_article_is_untouched_by_the_stage():
    text = "\n\n".join([TITLE, *ARTICLE["en"], "Share", "Advertisement"])
    lines = segment(text)
    content = find_content(lines, default_rules(), {0}, TITLE)
    assert not content.active and not content.removed
    r = clean(text, kind="text")
    assert all(not x.rule.startswith("CT") for x in r.removed)
    assert r.paragraphs == tuple(ARTICLE["en"])


def test_whole_page_output_is_stable():
    for lang in LANGS:
        first = clean(page(lang), kind="text")
        second = clean(first.text, kind="text")
        assert second.text == first.text
        assert second.removed == ()


LINE = st.sampled_from(
    ARTICLE["en"] + NAV["en"] + RELATED["en"] + COMMENTS["en"] + FOOTER + SECTION_FRONT[-14:] + [TITLE, ""])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=0, max_size=60).map("\n".join))
def test_idempotent_on_page_like_documents(doc):
    first = clean(doc, kind="text")
    second = clean(first.text, kind="text")
    assert second.text == first.text


def test_idempotent_with_weak_labels_inside_a_related_list():
    # (without 'Home' and 'Reply', the second cleaning must not read the wire credit as a headline)
    doc = "\n".join([ARTICLE["en"][0], "Related Articles", "What changes", "Home", "Reply",
                     "Reporting by Ann Lowe; Editing by Tom Reed", ARTICLE["en"][0]])
    first = clean(doc, kind="text")
    second = clean(first.text, kind="text")
    assert second.text == first.text


def test_dateline_above_a_share_row_goes_to_published_and_a_reaction_subheading_stays():
    body = [
        "By Ann Lowe", "Updated 5:48 PM, June 12, 2025", "Share", "Copy link",
        ARTICLE["en"][0], ARTICLE["en"][1],
        "Reaction",
        ARTICLE["en"][3], ARTICLE["en"][4],
    ]
    text = "\n\n".join([TITLE, *NAV["en"], *body, *FOOTER])
    r = clean(text, kind="text")
    assert r.byline == "Ann Lowe"
    assert r.published == "2025-06-12"  # the dateline goes to `published`, not lost
    assert any(x.rule == "MD103" and x.text == "Updated 5:48 PM, June 12, 2025" for x in r.removed)
    assert "Reaction" in r.paragraphs
    assert ARTICLE["en"][4] in r.paragraphs
    assert NAV["en"][0] not in r.body and FOOTER[-1] not in r.body
    again = clean(r.text, kind="text")
    assert again.text == r.text and again.removed == ()


def test_comment_thread_without_heading_found_by_reply_buttons():
    thread = ["Jo Marsh · 2 days ago", COMMENTS["en"][3], "Reply",
              "Sam Reed · 1 day ago", "Good news for the villages on the far side of the water, and about time too.", "Reply"]
    text = "\n\n".join([TITLE, *NAV["en"], *ARTICLE["en"], *thread, *FOOTER])
    r = clean(text, kind="text")
    assert ARTICLE["en"][-1] in r.paragraphs
    assert COMMENTS["en"][3] not in r.body
    assert "Good news for the villages" not in r.body


def test_most_read_list_goes_whole_and_to_related_as_most_read():
    most_read = ["Most Read", "1", "Bridge tolls to rise in the new year", "2", "Harbour museum wins heritage award",
                 "3", "New cycle path links the two villages"]
    text = "\n\n".join([TITLE, *NAV["en"], *ARTICLE["en"], *most_read, *FOOTER])
    r = clean(text, kind="text")
    assert ARTICLE["en"][-1] in r.paragraphs
    assert "Most Read" not in r.body and "Harbour museum wins heritage award" not in r.body
    assert [(x.kind, x.block, x.title) for x in r.related] == [
        ("most-read", "Most Read", "Bridge tolls to rise in the new year"),
        ("most-read", "Most Read", "Harbour museum wins heritage award"),
        ("most-read", "Most Read", "New cycle path links the two villages"),
    ]
    assert {x.rule for x in r.removed if "museum" in x.text} <= {"RL112", "CT105"}


TEASERS = ["Bridge tolls to rise in the new year", "Harbour museum wins a heritage award for its new wing",
           "New cycle path links the two villages along the old railway", "Why the estuary birds come back every spring"]


def test_teaser_headlines_after_the_article_go_but_a_subheading_stays():
    # No heading names the list: the headlines are told by their shape (no sentence end) and
    # by standing away from the article's paragraphs.
    blocks = [TITLE, "", *NAV["en"], TITLE, *ARTICLE["en"], *TEASERS, *FOOTER]
    r = clean("\n\n".join(blocks) + "\n", kind="text")
    for line in ARTICLE["en"]:
        assert line in r.paragraphs, line
    for line in TEASERS:
        assert line not in r.body, line
        assert any(x.text == line and x.rule == "CT101" for x in r.removed)


def test_a_list_the_article_announces_stays():
    items = ["Six new benches along the quay", "A shelter for cyclists at the slipway",
             "Longer opening hours for the ticket office in summer"]
    article = ARTICLE["en"][:2] + ["The plan also includes the following changes:"] + items
    blocks = [TITLE, "", *NAV["en"], TITLE, *article, *FOOTER]
    r = clean("\n\n".join(blocks) + "\n", kind="text")
    for line in items:
        assert line in r.paragraphs, line


def test_a_feed_after_a_share_row_does_not_join_the_article():
    # The feed's summaries are sentences of prose: only the boilerplate block before them (a share
    # row) and their not standing two in a row tell them from the article.
    share = ["Share this article", "Share on Facebook", "Share on X", "Email this article"]
    feed = ["The market hall reopens after its roof repairs",
            "The covered market on Bridge Street opened its doors again on Saturday, with most of its traders back at their old stalls.", "10:42",
            "The road through the gorge is closed for rock clearing",
            "Contractors will remove loose stone from the cliff above the road over the next two nights, and a diversion will be signed.", "09:15",
            "The village school celebrates its hundredth year",
            "Pupils and former teachers gathered on Friday for a picnic on the green, and the oldest former pupil cut the cake.", "08:30"]
    blocks = [TITLE, "", *NAV["en"], TITLE, *ARTICLE["en"], *share, "From around the valley", *feed, *FOOTER]
    r = clean("\n\n".join(blocks) + "\n", kind="text")
    for line in ARTICLE["en"]:
        assert line in r.paragraphs, line
    for line in feed:
        assert line not in r.paragraphs, line


def test_markup_after_a_colon_is_a_code_sample():
    snippet = '<script src="/js/gallery.js" defer></script>'
    pixel = '<img src="/stats/pixel.gif" width="1" height="1" alt="">'
    article = ARTICLE["en"][:2] + ["To load the gallery, add one line to the page's head:", snippet,
                                   pixel] + ARTICLE["en"][3:5]
    blocks = [TITLE, "", *NAV["en"], TITLE, *article, *TEASERS, *FOOTER]
    r = clean("\n\n".join(blocks) + "\n", kind="text")
    assert snippet in r.paragraphs
    assert pixel not in r.body
    assert any(x.text == pixel and x.rule == "CT102" for x in r.removed)


def test_sentence_ends_inside_closing_quotes():
    from cleaner.textfeatures import ends_sentence, is_prose, is_titleish

    quote = '"The bridge opens on Monday. Buses will use it from the first week," the mayor said."'
    assert ends_sentence('He said it was over."') and ends_sentence("It rained (again.)")
    assert is_prose(quote) and not is_titleish('"We waited ten years for this day to come, and it is here."')
    assert not ends_sentence('The "Ring"') and is_titleish("Bridge to close for the summer")


def test_live_feed_heavier_than_the_article_does_not_anchor_the_span():
    # Stamped headlines with a note each ('11:31' / 'Label.' / paragraph): more prose than the
    # article above the newsletter box, but never two paragraphs in a row.
    article = [
        "The ferry company said on Monday that the winter timetable would start a week early this year, because two of its boats need new engines before the busy season.",
        "Passengers with season tickets will get a refund for the missing crossings, and the company will add a night service on Fridays once the repairs are done.",
        "The harbour board said the work would be finished by the end of March if the parts arrive on time from the yard in the north.",
    ]
    feed = []
    for k in range(4):
        feed += [f"1{k}:05 Another short headline about the town number {k}", f"1{k}:00", "Note.",
                 f"The note under stamp {k} tells a different story in one paragraph of its own, with enough words in it to count as prose and a full stop at its end, which the feed shows beside a dozen others."]
    page = ["Ferry timetable changes early", "Home", "News", "Farming", "Letters", "Events", "Jobs", "Property",
            "Motoring", "Puzzles", "Obituaries", "Harbour News",
            "Ferry timetable changes early", *article, "Share this article", "Sign up for our newsletter",
            "Get the day's top stories delivered to your inbox.", "Live", *feed, "Privacy Policy", "© 2025 Harbour News"]
    r = clean("\n".join(page), kind="text")
    assert all(p in r.body for p in article)
    assert "tells a different story" not in r.body


def test_short_first_line_named_in_the_page_title_is_the_headline():
    # 'Tidal barrage - Open Encyclopedia': the short first line is the headline, not a site name.
    body = [
        "A tidal barrage is a dam-like structure used to capture the energy of water moving in and out of a bay or river mouth as the tide rises and falls each day.",
        "Sluice gates on the barrage let the water fill the basin as the tide comes in, and turbines turn as it is released when the tide has gone out again.",
        "The first large barrage opened in the 1960s and still produces power today, although few others have been built because of their cost and their effect on the estuary.",
    ]
    page = ["Tidal barrage", "Tidal barrage - Open Encyclopedia", "Main page", "Contents", "Random article",
            "About", "Contact us", "Donate", "Help", "Learn to edit", "Community portal", "Recent changes",
            "Tidal barrage", "From the Open Encyclopedia", "Jump to navigation Jump to search",
            "Structure for generating power from the tide", *body, "Categories:", "Energy", "Dams",
            "Privacy policy", "Disclaimers"]
    r = clean("\n".join(page), kind="text")
    assert r.title == "Tidal barrage"
    assert all(p in r.body for p in body)
    assert "Jump to navigation" not in r.body


def test_long_paragraph_poor_in_stopwords_ends_a_run_of_boilerplate():
    # A share row, then the lede and a second paragraph (long lines short of stopwords: names,
    # terse clauses), then an inline 'Related' box: six boilerplate lines, but the paragraphs stand
    # between them and stay.
    lede = ("Rovers dominated possession, pressed relentlessly, created chances constantly; Dorsey scored twice, "
            "Okafor added another, Lindqvist finished superbly late, Millbank managed one penalty, converted coolly "
            "by Petrov after seventy minutes of the evening.")
    second = ("Six straight league wins, fourteen goals scored, two conceded; Rovers climb to second, "
              "three points behind leaders Eastfield, with a game in hand and Eastfield visiting Westquay next month.")
    body = [
        "The home side took the lead early when Dorsey turned in a low cross from the right, and they were never behind after that in a match they controlled from the first whistle.",
        "Their manager said after the game that the squad had worked all week on pressing high up the pitch, and that the plan had worked better than he had dared to hope.",
        "Millbank scored only from the penalty spot and will now have to win their last three games to stay clear of the relegation places at the end of the season.",
    ]
    page = ["Rovers win again", "Home", "Fixtures", "Tables", "Transfers", "Podcasts", "Tickets", "Shop",
            "Clubs", "Rovers win again", "Share this article", "Facebook Twitter", "advertisement",
            "Share this article", "Facebook Twitter", lede, second, "Related", "Millbank sack their coach after cup exit",
            *body, "Privacy Policy", "© 2025 Matchday"]
    r = clean("\n\n".join(page), kind="text")
    assert lede in r.body and second in r.body and all(p in r.body for p in body)
    assert "Millbank sack their coach" not in r.body


def test_one_link_box_does_not_take_the_paragraphs_after_it():
    """A mid-article 'Related' box with one link, then the article going on with no blank lines
    between paragraphs: the paragraphs are the article's, not the link's summary (a teaser is part
    of a pattern: another record follows it, or the records before it had teasers too)."""
    rest = [
        "The wall, built in the 1920s, was badly damaged in the winter storms, and engineers warned "
        "last year that another season of high tides could breach it.",
        "Opponents argued that the money would be better spent on moving the most exposed homes "
        "further inland, and several said they would appeal the decision.",
    ]
    doc = "\n".join([
        "Harbour council votes to rebuild the old sea wall",
        "The harbour council voted on Tuesday night to rebuild the old sea wall, ending a debate that "
        "has divided the town for more than three years.",
        "Related",
        "Sea wall plans go on show at the town hall",
        *rest,
    ]) + "\n"
    r = clean(doc, kind="text")
    assert all(p in r.paragraphs for p in rest)
    assert [x.title for x in r.related] == ["Sea wall plans go on show at the town hall"]
    assert r.related[0].summary is None


# --- Signals found by the unseen check (page kinds the rules were not written for) ---

_MENU = ["Skip to main content", "Home", "News", "Sport", "Weather", "Business", "Opinion", "Sign in",
         "We use cookies to improve your experience.", "Accept all"]
_FOOT = ["Privacy policy", "Terms of use", "Contact us", "© 2025 Valley Courier. All rights reserved."]


def _page(title: str, middle: list[str]) -> str:
    return "\n".join([title, "", *_MENU, "", *middle, "", *_FOOT]) + "\n"


_BODY = [
    "The harbour board said on Monday that the north pier would close for four months while engineers replace the timber piles that hold up its deck.",
    "Fishing boats will move to the south quay, where the board has added moorings and a temporary fuel point for the summer season.",
    "Boat owners said they had been warned about the work for more than a year and most had already found space in the marina across the bay.",
]


def test_full_sentence_standfirst_above_the_lede_stays():
    """A dek written as a full sentence stands above the lede with a byline, a date and a share
    row between: it is the article's, not a lone teaser summary."""
    dek = "The pier has stood for ninety years and needs new piles before the winter storms arrive again."
    page = _page("Harbour pier to close for repairs", [
        "Harbour pier to close for repairs", dek, "By Ann Lowe", "June 30, 2025", "Share", "Facebook", "Email",
        *_BODY])
    r = clean(page, kind="text")
    assert dek in r.body and all(p in r.body for p in _BODY)
    assert "Facebook" not in r.body


def test_line_under_headline_is_the_dek_past_a_facts_box():
    """On a review, a rating, pros and cons and a price list can stand between the dek and the
    lede: the line right under the headline is still the dek."""
    dek = "It is the first robot mower we tested that copes with a steep and bumpy lawn, but the app is slow."
    box = ["Rating: 4/5", "Plus", "Climbs slopes", "Quiet", "Minus", "Slow app", "Compare prices",
           "Shop One 499", "Shop Two 519", "Shop Three 529", "See all prices"]
    page = _page("Review: Mowbot M2 – the mower that climbs | Gadget Test", [
        "Mowbot M2 – the mower that climbs", dek, "By Ann Lowe", *box, *_BODY])
    r = clean(page, kind="text")
    assert r.title == "Mowbot M2 – the mower that climbs"
    assert dek in r.body and all(p in r.body for p in _BODY)
    assert "Shop Two 519" not in r.body


def test_live_report_entries_with_minute_markers_are_an_article():
    """A live report: entries with only a minute marker between them are not a list of teasers."""
    entries = [
        "Goal for the visitors! A low cross from the right and the striker turns it in at the far post.",
        "Yellow card for the home captain after a late tackle in the middle of the pitch.",
        "Second half under way, with no changes for either side after the break.",
        "Half time here, and the visitors lead by a goal after a quiet first half.",
        "Chance for the home side, but the shot from the edge of the box goes just wide.",
        "Kick-off at the municipal stadium, and the visitors get us started on a warm evening.",
    ]
    middle = ["Millbrook v Ashford: live", "Final score 0-1"]
    for minute, text in zip(["88'", "74'", "46'", "HT", "21'", "1'"], entries):
        middle += [minute, text]
    r = clean(_page("Millbrook v Ashford: live", middle), kind="text")
    assert all(e in r.body for e in entries)


def test_one_link_box_inside_the_article_does_not_end_it():
    """'Read also' over one headline, then a short subheading and the article's last paragraph."""
    last = "The board will publish the schedule for the south quay moorings at the end of the month."
    page = _page("Harbour pier to close for repairs", [
        "Harbour pier to close for repairs", *_BODY, "Read also", "Marina prices to rise by a fifth next year",
        "What comes next", last, "Tags", "Harbour", "Fishing"])
    r = clean(page, kind="text")
    assert last in r.body and "What comes next" in r.body
    assert [x.title for x in r.related] == ["Marina prices to rise by a fifth next year"]


def test_a_story_linked_inline_and_listed_again_is_one_related_record():
    page = _page("Harbour pier to close for repairs", [
        "Harbour pier to close for repairs", *_BODY[:2], "Read more: Marina prices to rise by a fifth next year",
        _BODY[2], "Related articles", "Marina prices to rise by a fifth next year", "2 hours ago",
        "Ferry timetable changes for the summer", "5 hours ago"])
    r = clean(page, kind="text")
    assert [x.title for x in r.related] == ["Marina prices to rise by a fifth next year",
                                           "Ferry timetable changes for the summer"]
    assert r.related[0].age == "2 hours ago"


# --- Gates that keep: CT103 only on positive evidence ---

ERROR_PAGE = ["Page not found | Estuary News", "", *NAV["en"], "Page not found",
              "Sorry, the page you were looking for has moved or no longer exists.", "Go to the homepage", *FOOTER]


def test_error_page_comes_out_empty():
    r = clean("\n\n".join(ERROR_PAGE), kind="text")
    assert r.body == ""
    assert any(x.rule == "CT103" for x in r.removed)


def test_short_post_under_its_headline_is_kept():
    post = ("The footbridge over the stream reopened this morning after a week of repairs, and walkers "
            "can again use the riverside path to the mill.")
    page = ["Footbridge reopens | Estuary News", "", *NAV["en"], "Footbridge reopens", post,
            *RELATED["en"], *FOOTER]
    r = clean("\n\n".join(page), kind="text")
    assert post in r.body
    assert not any(x.rule == "CT103" for x in r.removed)


def test_faq_is_no_teaser_list():
    qa = ["Who can apply for a permit?", "Anyone whose main home is inside the zone can apply with proof of address.",
          "How much does it cost?", "A first permit costs sixty pounds a year and a second one costs ninety.",
          "How long does it take?", "Most applications are decided within ten working days of being received."]
    page = ["Permits: your questions | Estuary Council", "", *NAV["en"], "Permits: your questions", *qa, *FOOTER]
    r = clean("\n\n".join(page), kind="text")
    assert all(x in r.body for x in qa)


def test_headline_lede_wins_over_a_longer_comment_above_the_thread():
    lede = ("The council voted on Tuesday to reopen the old ferry landing, closed since a storm "
            "damaged its pilings two winters ago, and work will start in the spring.")
    comment = " ".join([ARTICLE["en"][0], ARTICLE["en"][1], ARTICLE["en"][3]])
    page = ["Ferry landing to reopen | Estuary News", "", *NAV["en"], "Ferry landing to reopen", lede,
            "Share", "Read more", *RELATED["en"], "jo_p: " + comment, *COMMENTS["en"], *FOOTER]
    r = clean("\n\n".join(page), kind="text")
    assert lede in r.body
    assert clean(r.text, kind="text").text == r.text


def test_clean_reference_article_keeps_its_infobox_rows():
    """A clean reference article (as a first cleaning leaves it): the title, a hatnote, the
    infobox as short label and value lines, then the lede. With only the title's own line to
    anchor it, the rows no chrome rule names are the article's: cleaning it removes nothing."""
    rows = ["Location", "Kessford, North Ardmoor", "Year first constructed", "1861", "Automated", "1987",
            "Construction", "granite tower", "Height", "28 m", "Range", "18 nautical miles",
            "Operator", "Kessford Harbour Trust", "Heritage", "listed building"]
    hatnote = '"Kessford Light" redirects here. For the community radio station, see Kessford Light FM.'
    text = "\n\n".join(["Kessford Harbour Light", hatnote, *rows, *_BODY])
    r = clean(text, kind="text")
    assert r.removed == ()
    assert r.text == text
