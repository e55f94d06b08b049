"""The canonical Daily8 dump, checked field by field (the contract's acceptance test)."""

from __future__ import annotations

from cleaner import clean

SUMMARY_CAPTIONS = (
    "People gather next to a vehicle carrying the coffins",
    "A man carries a picture of the late Hezbollah leaders",
    "| Reuters",
)


def test_seed_title_and_paragraphs(seed_bytes):
    r = clean(seed_bytes)
    assert r.title == "Russia could soon get up to 30,000 more North Korean troops, reports say"
    assert len(r.paragraphs) == 18
    src = seed_bytes.decode("utf-8").split("\n")
    article = [ln for ln in src[2:22] if ln and not ln.endswith("|") and ln != "Sputnik / via REUTERS"]
    repaired = [p.replace("as saying .", "as saying.").replace("by NHK ,", "by NHK,") for p in article]
    assert list(r.paragraphs) == repaired
    assert r.body == "\n\n".join(repaired)


def test_seed_chrome_gone(seed_bytes):
    body = clean(seed_bytes).body
    for chrome in ("Hashtags", "Try Our AI Features", "Daily8 AI", "Comments", "No comments yet",
                   "state reception in Pyongyang", "Sputnik", "Related Articles", "Ryosei Akazawa",
                   "Lutnick", "Hezbollah"):
        assert chrome not in body


def test_seed_related(seed_bytes):
    r = clean(seed_bytes, now="2025-07-06T12:00")
    got = [(x.source, x.age, x.title, x.published) for x in r.related]
    assert got == [
        ("Japan Times", "3 hours ago", "Japan's top trade negotiator holds two phone meetings with Lutnick", "2025-07-06"),
        ("NHK", "4 hours ago", "India notifies WTO of proposed retaliatory duties against US tariffs on autos", "2025-07-06"),
        ("Japan Times", "15 hours ago", "Under pressure, Hezbollah weighs scaling back its arsenal", "2025-07-05"),
    ]
    assert r.related[0].summary.startswith("Japan's top tariff negotiator, Ryosei Akazawa")
    hez = r.related[2].summary
    for cap in SUMMARY_CAPTIONS:
        assert cap not in hez
    assert "ground offensive. Hezbollah has since relinquished" in hez
    assert "remain armed. Um Hussein, whose son" in hez
    assert hez.endswith('to make political and popular gains," he said.')


def test_seed_every_removal_has_a_rule(seed_bytes):
    r = clean(seed_bytes)
    rules = {x.rule for x in r.removed}
    assert {"CH401", "CH201", "CH101", "CH301", "CH303", "RL101", "RL110", "CH403"} <= rules
    caption = [x for x in r.removed if x.rule == "CH403"]
    assert len(caption) == 2 and all(x.line == 48 for x in caption)
    line48 = seed_bytes.decode().split("\n")[47]
    for x in caption:
        assert line48[x.col - 1:].startswith(x.text)


def test_seed_published_needs_now(seed_bytes):
    assert all(x.published is None for x in clean(seed_bytes).related)
