"""The page <title> as the title, less its site's name ('Story - Site')."""

from __future__ import annotations

from cleaner import clean
from cleaner.segment import segment
from cleaner.textfeatures import is_titleish
from cleaner.title import strip_site_suffix


def _twice(doc: str):
    """The text result of `doc` and the result of cleaning its output again."""
    first = clean(doc, kind="text")
    return first, clean(first.text, kind="text")


def _strip(text: str) -> str:
    lines = segment(text)
    return strip_site_suffix(lines[0].text, lines, 0)


def test_a_site_name_the_page_shows_elsewhere_goes():
    page = "Java - Wikipedia, the free encyclopedia\n\nFrom Wikipedia, the free encyclopedia\n\nJava is an island.\n"
    assert _strip(page) == "Java"


def test_a_domain_goes_and_so_does_a_section_the_page_shows():
    page = "Ohio State closes the inquiry - NCAA Football - SI.com\n\nNCAA Football\n\nThe school said so.\n"
    assert _strip(page) == "Ohio State closes the inquiry"


def test_the_story_s_own_dash_stays():
    page = "Storm hits the coast - thousands without power\n\nThe storm made landfall on Monday night.\n"
    assert _strip(page) == "Storm hits the coast - thousands without power"


def test_a_french_colon_inside_the_headline_stays():
    page = "Affaire Dupont : un juge se récuse\n\nun juge se récuse\n\nLe juge a annoncé sa décision.\n"
    assert _strip(page) == "Affaire Dupont : un juge se récuse"


def test_a_chinese_title_loses_its_section_and_site():
    assert _strip("新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网\n\n正文第一段。\n") == "新电脑已可利用记忆自学 人工智能迈上新台阶"


def test_the_stripped_title_is_kept_on_cleaning_again():
    doc = ("Harbour crane collapses in storm - Coast Ledger\n\nCoast Ledger\n\nHome\n\nNews\n\n"
           "A crane at the container harbour collapsed during the storm on Tuesday night, the port said.\n\n"
           "Nobody was hurt, and the terminal will reopen on Thursday after engineers inspect the quay.\n")
    first, second = _twice(doc)
    assert first.title == "Harbour crane collapses in storm"
    assert second.text == first.text and second.removed == ()


def test_a_headline_may_end_in_initials():
    assert is_titleish("Manhole fires and burst pipes under the streets of N.Y.C.")
    assert not is_titleish("The council approved the budget after a long debate.")


def test_the_full_headline_under_its_short_version_is_the_title():
    doc = ("Tramway : la ligne B prolongée - Le Courrier\n\nLe Courrier\n\nTransports\n\n"
           "Tramway : la ligne B prolongée\n\nTramway : la ligne B prolongée, quatre nouvelles stations prévues\n\n"
           "Par Claire Vasseur\n\nLa métropole a voté jeudi soir le prolongement de la ligne B du tramway sur 3,4 kilomètres.\n\n"
           "Quatre stations seront construites, dont une au pied du nouveau lycée, pour 96 millions d'euros.\n")
    r, again = _twice(doc)
    assert r.title == "Tramway : la ligne B prolongée, quatre nouvelles stations prévues"
    assert "Tramway : la ligne B prolongée" not in r.body
    assert {x.text for x in r.removed if x.rule == "MD102"} >= {"Tramway : la ligne B prolongée"}
    assert again.text == r.text


_ARTICLE = ("Harbour crane collapses in storm - Coast Ledger\n\nCoast Ledger\n\nHome\n\nNews\n\n"
            "Harbour crane collapses in storm\n\nBy Jane Marsh\n\n"
            "A crane at the container harbour collapsed during the storm on Tuesday night, the port authority said.\n\n"
            "Nobody was hurt, and the terminal will reopen on Thursday after engineers have inspected the quay wall.\n\n"
            "{middle}\n\n"
            "The crane, built in 1998, was due to be replaced next year, a spokesman for the operator said.\n\n"
            "Wind speeds at the harbour reached 120 km/h, the weather service said, the highest on record there.\n")


def test_a_heading_over_a_removed_signup_box_goes_with_it():
    doc = _ARTICLE.format(middle="Get the Morning Brief\n\nSign up for our free daily newsletter.\n\nEnter your email\n\nSubscribe")
    r = clean(doc, kind="text")
    assert "Get the Morning Brief" not in r.body
    assert [x.rule for x in r.removed if x.text == "Get the Morning Brief"] == ["CH992"]
    assert "The crane, built in 1998" in r.body and "Nobody was hurt" in r.body


def test_a_subheading_over_paragraphs_stays():
    doc = _ARTICLE.format(middle="What the port said\n\nThe port authority said the crane had passed its last inspection in May.")
    r = clean(doc, kind="text")
    assert "What the port said" in r.body


def test_the_h1_that_holds_the_page_title_within_a_kicker_is_the_title():
    doc = ("standalone binaries using the new compiler · Dev Blog\n\n"
           "Outside the web: standalone binaries using the new compiler · Dev Blog\n\nDev Blog\n\nHome\n\nDocs\n\n"
           "Outside the web: standalone binaries using the new compiler\n\nPublished 21 November 2019\n\n"
           "The compiler has always focused first and foremost on the web and on other JavaScript environments.\n\n"
           "This post explains how to build standalone binaries that run outside the web, and what they are for.\n")
    r, again = _twice(doc)
    assert r.title == "Outside the web: standalone binaries using the new compiler"
    assert again.text == r.text


PARAS = ("The harbour ferry carried its first passengers in six months on Tuesday, the operator said, after "
         "repairs to both engines were finished two weeks earlier than planned.\n\n"
         "Island shops welcomed the return of the ferry, which brings most of their goods and many of their "
         "customers in summer.\n\n")


def test_the_site_part_the_title_loses_is_reported():
    page = "  Harbour ferry returns to service | Coast Times\n\n" + PARAS + "© 2025 Coast Times\n"
    r, again = _twice(page)
    assert r.title == "Harbour ferry returns to service"
    cut = [x for x in r.removed if x.rule == "MD105"]
    assert [(x.text, x.line, x.col, x.family) for x in cut] == [("| Coast Times", 1, 36, "metadata")]
    line = page.splitlines()[0]
    assert line[cut[0].col - 1:cut[0].col - 1 + len(cut[0].text)] == cut[0].text
    assert again.text == r.text and again.removed == ()


def test_the_site_part_is_reported_when_the_headline_line_repeats_the_story():
    page = "Harbour ferry returns to service | Coast Times\n\nHarbour ferry returns to service\n\n" + PARAS
    r = clean(page, kind="text")
    assert r.title == "Harbour ferry returns to service"
    assert [(x.rule, x.text, x.line, x.col) for x in r.removed] == [
        ("MD105", "| Coast Times", 1, 34), ("MD102", "Harbour ferry returns to service", 3, 1)]


def test_no_site_part_when_the_title_line_has_none():
    page = "Storm hits the coast - thousands without power\n\n" + PARAS
    r = clean(page, kind="text")
    assert r.title == "Storm hits the coast - thousands without power"
    assert not [x for x in r.removed if x.rule == "MD105"]


def test_a_long_japanese_page_title_is_the_title_less_its_site():
    doc = ("市営バスの新路線、来月から運行開始へ 沿線住民の通勤が便利に | 港町ニュース\n\n港町ニュース\n\nホーム\n\n"
           "社会\n\n市は新しいバス路線を来月一日から運行すると発表した。駅と団地を結ぶ路線で、一日四十便を予定している。\n\n"
           "沿線の住民からは、通勤や通学が便利になるとの声が上がっている。市は利用状況を見て便数を見直す方針だ。\n")
    r, again = _twice(doc)
    assert r.title == "市営バスの新路線、来月から運行開始へ 沿線住民の通勤が便利に"
    assert again.title == r.title


def test_a_dump_that_starts_with_a_paragraph_has_no_sentence_title():
    doc = ("The council voted on Tuesday to reopen the old ferry landing, which has been closed for two years.\n\n"
           "Repairs will cost about 1.2 million pounds, most of it from a regional fund, the council's finance "
           "officer told the meeting on Tuesday evening.\n")
    assert clean(doc, kind="text").title is None


def test_a_site_name_that_runs_through_the_page_goes_after_a_bar():
    doc = ("Harbour crane collapses in the storm | Quayside powered by Portnet\n\nQuayside Jobs\n\nHome\n\n"
           "A crane at the container harbour collapsed during the storm on Tuesday night, the port said.\n\n"
           "Nobody was hurt, and the terminal will reopen on Thursday, Quayside was told by the operator.\n\n"
           "Join the Quayside team and write for us.\n")
    r, again = _twice(doc)
    assert r.title == "Harbour crane collapses in the storm"
    assert again.title == r.title


def test_a_short_part_after_a_bar_that_the_page_does_not_repeat_stays():
    page = "Harbour crane collapses | Storm damage\n\nA crane at the harbour collapsed on Tuesday night.\n"
    assert _strip(page) == page.splitlines()[0]


def test_a_page_title_with_section_and_site_is_no_menu():
    doc = ("Surgery waiting lists grow again | Society | The Coast Ledger\n\nSign in Register\n\nSign in\n\n"
           "Email\n\nThe Coast Ledger\n\nWaiting lists for planned surgery grew for the fourth month in a row, "
           "the health board said on Monday, and now stand at their highest level since records began.\n\n"
           "The board blamed staff shortages and a winter of high demand, and said two new theatres would open "
           "in the spring to bring the lists down.\n")
    r = clean(doc, kind="text")
    assert r.title.startswith("Surgery waiting lists grow again")


def test_a_page_title_with_an_agency_s_name_is_no_caption():
    doc = ("Central bank lifts rates and sees a faster pace next year | Reuters\n\nReuters Markets\n\n"
           "Business News\n\nThe central bank raised its main rate by a quarter point on Wednesday and said it "
           "expects three more increases next year as the economy strengthens.\n\n"
           "Officials said inflation was moving toward the bank's target and the labour market was strong.\n")
    r, again = _twice(doc)
    assert r.title == "Central bank lifts rates and sees a faster pace next year"
    assert again.title == r.title


def test_a_server_notice_over_the_page_is_not_the_title():
    doc = ("Warning: session_start(): open(/tmp/sess_0a1b, O_RDWR) failed: No space left on device (28) in "
           "/home/site/public_html/wp-content/plugins/cache/lib.php on line 88\n\n"
           "Seals return to the estuary after forty years | Coast Ledger\n\nCoast Ledger\n\nNews\n\n"
           "A colony of grey seals has settled on the sandbanks of the estuary for the first time in forty years, "
           "wardens said on Monday.\n\nVolunteers counted sixty animals at low tide and asked walkers to keep dogs "
           "on leads near the water.\n")
    r = clean(doc, kind="text")
    assert r.title == "Seals return to the estuary after forty years"


def test_the_longer_part_after_a_leading_site_name_is_no_site_name():
    doc = ("Tidewater Books - Field Guide はじめての野鳥観察\n\nSkip to main content\n\nBooks Ebooks Order About\n\n"
           "Cart\n\nField Guide はじめての野鳥観察\n\n港 花子 著、山田 一郎 訳\n\nTOPICS\n\nBirds, Field guide\n\n"
           "発行年月日\n\n2024年04月\n\nFORMAT\n\nPrint PDF\n\nEbook\n\n2,640円\n\nEbookを購入する\n\nPrint\n\n3,300円\n\n"
           "この本は、海岸で見られる鳥や貝を写真とともに紹介する入門書です。初めての人でも、季節ごとの見どころがわかるように構成しています。\n\n"
           "各章の終わりには観察のための記録用紙があり、家族で楽しみながら自然を学ぶことができます。\n")
    r = clean(doc, kind="text")
    assert r.title == "Field Guide はじめての野鳥観察"


def test_the_headline_under_a_page_title_that_ends_on_site_is_the_title():
    doc = ("Harbour Brass Band \"Low Tide Waltz\" live at the pier on Clipshare\n\nClipshare Basics\n\nUpload\n\n"
           "Harbour Brass Band \"Low Tide Waltz\" live at the pier\n\n"
           "The band recorded the waltz on the old pier last summer, with the tide going out behind them and "
           "gulls joining in for the last verse.\n\nThe clip was filmed on one camera by a member of the audience.\n")
    r = clean(doc, kind="text")
    assert r.title == "Harbour Brass Band \"Low Tide Waltz\" live at the pier"


def test_a_guillemet_after_a_leading_site_name_does_not_hide_the_repeated_headline():
    doc = ("HOOP WEEKLY | » Schoolyard Rankings of the League\n\nHOOP WEEKLY\n\nEnter your search terms\n\n"
           "Schoolyard Rankings of the League\n\n"
           "Every summer we rank the league's players by how they would do on a schoolyard court, where nobody "
           "calls fouls and the best passer picks first.\n\nThis year the list has five newcomers and one big surprise.\n")
    r = clean(doc, kind="text")
    assert r.title == "Schoolyard Rankings of the League"


def test_a_long_japanese_first_line_with_an_unknown_tail_is_not_the_title():
    doc = ("市営バスの新路線、来月から運行開始へ 沿線住民の通勤が便利に（港町新聞） - ポータルニュース\n\n"
           "キーワード： 検索\n\nログイン\n\nニュース\n\nトピックス\n\n"
           "市は新しいバス路線を来月一日から運行すると発表した。駅と団地を結ぶ路線で、一日四十便を予定している。\n\n"
           "沿線の住民からは、通勤や通学が便利になるとの声が上がっている。市は利用状況を見て便数を見直す方針だ。\n")
    r = clean(doc, kind="text")
    assert r.title != "市営バスの新路線、来月から運行開始へ 沿線住民の通勤が便利に（港町新聞） - ポータルニュース"


def test_a_section_label_before_the_site_name_goes_when_the_page_shows_it_as_a_menu_line():
    doc = ("Harbour crane collapses in the overnight storm - Port News | Coast Ledger\n\nCoast Ledger\n\nHome\n\n"
           "Port\n\nWeather\n\nA crane at the container harbour collapsed during the storm on Tuesday night, "
           "the port said.\n\nNobody was hurt, and the terminal will reopen on Thursday after engineers "
           "inspect the quay, the operator said.\n\nCoast Ledger\n")
    r, again = _twice(doc)
    assert r.title == "Harbour crane collapses in the overnight storm"
    assert again.text == r.text


def test_a_part_before_the_site_name_that_is_no_section_label_stays():
    # lower-case words: no section's label; no menu line shows the part's words
    assert _strip("Harbour crane collapses in the overnight storm - live updates - SI.com\n\nlive\n\nText.\n") == \
        "Harbour crane collapses in the overnight storm - live updates"
    assert _strip("Harbour crane collapses in the overnight storm - Port Report - SI.com\n\nHome\n\nText.\n") == \
        "Harbour crane collapses in the overnight storm - Port Report"


def test_the_h1_under_a_japanese_page_title_with_a_full_stop_and_a_company_is_the_title():
    doc = ("新しい折りたたみ式の電動自転車を発売。｜みなと工業株式会社\n\nホーム\n\n製品情報\n\n"
           "新しい折りたたみ式の電動自転車を発売\n\n"
           "みなと工業株式会社は、通勤に使いやすい折りたたみ式の電動自転車を来月から全国の販売店で発売すると発表した。\n\n"
           "価格は税込みで十二万円前後を予定しており、重さは従来の製品より三割ほど軽くなったという。\n")
    r, again = _twice(doc)
    assert r.title == "新しい折りたたみ式の電動自転車を発売"
    assert again.text == r.text and again.title == r.title


def test_the_h1_under_a_page_title_with_a_full_width_bar_is_the_title():
    doc = ("港の新しいクレーンが完成、来月から稼働 ｜ みなと新聞\n\nホーム\n\n"
           "港の新しいクレーンが完成、来月から稼働\n\n"
           "港湾局は十日、コンテナ埠頭に新しいクレーンが完成したと発表した。来月から本格的に稼働する。\n\n"
           "新しいクレーンは従来より大型の船に対応でき、荷役の時間が短くなるという。\n")
    r, again = _twice(doc)
    assert r.title == "港の新しいクレーンが完成、来月から稼働"
    assert again.text == r.text
