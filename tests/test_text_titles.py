"""Headline picking in ``clean_text`` on small synthetic page dumps, one test per cue.

Each page has site furniture above the headline (which the old first-candidate rule picked) and
a distractor between headline and article that only the cue under test tells apart.
"""

from __future__ import annotations

import pytest

from newsweave.clean.text import clean_text

HEADLINE = "Harbour council approves new ferry timetable for island routes"
BODY = [
    "The harbour council voted on Tuesday evening to approve a new ferry timetable that adds "
    "two morning crossings to the island routes and moves the last evening boat later by an hour.",
    "Councillors said the change follows a year of complaints from commuters who work on the "
    "mainland and had to leave their offices early to catch the only ferry that ran after five.",
    "The operator, which runs four vessels on the routes, told the meeting that it would hire six "
    "more crew members before the timetable takes effect at the start of the spring season.",
    "Residents of the smaller islands welcomed the decision but asked the council to look again "
    "at the winter schedule, when storms often cancel the crossings for several days in a row.",
]
TOP = ["Home World Business Sport Culture", "Weather and Traffic Today"]


def page(*between: str, top: list[str] = TOP, headline: str = HEADLINE) -> str:
    return "\n".join([*top, headline, *between, *BODY])


@pytest.mark.parametrize(
    ("cue", "between"),
    [
        ("date in an unknown shape (mostly numbers)", ["Heft 11 Seite 34 Rubrik 7 Folge 12"]),
        ("bare names (a byline)", ["Maria Jansen Okafor"]),
        ("promotion / share bar", ["Follow us on Twitter for live updates"]),
        ("share menu", ["Show more sharing options"]),
        ("account bar", ["You are signed in as"]),
        ("byline with a social handle", ["Jane Porter Okafor @JanePorterOkafor"]),
        ("a whole date with a byline", ["Am 13. November 2019 Von Henry In Aktuell"]),
        ("a skip link in German", ["Zum sekundären Inhalt wechseln"]),
        ("a blog pager", ["Newer Post Older Post Home"]),
        ("opens like a byline or date stamp", ["Veröffentlicht am Dienstag von Redaktion Hafen"]),
        ("photo credit", ["Island Star at the pier (Harbour Press/Archive)"]),
        ("list item", ["* Ferry Timetables and Fares"]),
        ("reading time", ["Tempo de leitura 4 minutos"]),
        (
            "standfirst: longer than a headline, read as body",
            [
                "Two extra morning crossings and a later evening boat for commuters who work on "
                "the mainland and travel home every single day"
            ],
        ),
    ],
)
def test_headline_skips_furniture_between_it_and_the_article(cue: str, between: list[str]) -> None:
    assert clean_text(page(*between)).title == HEADLINE, cue


def test_headline_is_nearest_before_article_not_first_line() -> None:
    # an app promotion at the top, then navigation, an ad label, the headline, a caption, an
    # agency credit and a date line before the article
    top = [
        "The New Example News App: MOST TRUSTED NEWS ANYWHERE DOWNLOAD",
        "* Skip to Main Content",
        "* Local",
        "* Video",
        "Advertisement",
    ]
    between = [
        "In this file photo, the ferry Island Star leaves the harbour, on May 3, 2019.",
        "The Associated Press",
        "Published Tuesday, November 19, 2019 8:22AM EST",
    ]
    assert clean_text(page(*between, top=top)).title == HEADLINE


def test_headline_repeated_inside_the_page_title_wins_over_a_nearer_repeated_line() -> None:
    # an html-text dump: the page's <title> (headline and site label) comes first, and a section
    # heading the page repeats sits between headline and article
    top = [f"{HEADLINE} - Example Harbour Times", "Sections Local News Opinion"]
    between = ["Island Routes and Harbour Life", "Island Routes and Harbour Life"]
    doc = clean_text(page(*between, top=top))
    assert doc.title == HEADLINE


def test_standfirst_still_follows_the_picked_headline() -> None:
    standfirst = (
        "The council wants commuters to spend less time waiting at the pier, its chair said on "
        "Tuesday after the vote."
    )
    doc = clean_text(page(standfirst, "Maria Jansen Okafor"))
    assert doc.title == HEADLINE
    assert doc.standfirst == standfirst
    assert BODY[0] in doc.body


@pytest.mark.parametrize(
    ("cue", "between"),
    [
        ("search box or comment count (promotion cue)", ["Search the Harbour Times archive"]),
        ("a bare host name (the site's logo)", ["Harbour-Times.co.uk"]),
    ],
)
def test_headline_skips_site_furniture(cue: str, between: list[str]) -> None:
    assert clean_text(page(*between)).title == HEADLINE, cue


def test_short_headline_opening_the_page_title_is_picked() -> None:
    # an html-text dump: the <title> "Headline | Site" comes first; the headline itself is too
    # short to look like one, and a title-like furniture line sits nearer the article
    headline = "Ferry timetable"
    top = [f"{headline} | Example Harbour Times", "Sections Local News Opinion"]
    doc = clean_text(page("Why you can trust Example Harbour Times", top=top, headline=headline))
    assert doc.title == headline


def test_headline_opening_the_page_title_wins_over_nearer_teasers() -> None:
    teasers = [
        "Island bakery wins regional bread award",
        "Lighthouse keeper retires after forty years",
        "New playground opens at the harbour park",
        "Fishing fleet returns early as storm nears",
        "Library extends its weekend opening hours",
        "Bus company adds a late route to the pier",
        "Town band plans a summer concert series",
        "Harbour museum restores an old sailing boat",
    ]
    top = [f"{HEADLINE} - Example Harbour Times", "Sections Local News Opinion"]
    assert clean_text(page(*teasers, top=top)).title == HEADLINE


def test_headline_equal_to_the_page_title_wins_over_nearer_furniture() -> None:
    # the <title> is the headline alone (no site label)
    top = [HEADLINE, "Sections Local News Opinion"]
    between = ["Listen to this story instead", "Editors pick this week for you"]
    assert clean_text(page(*between, top=top)).title == HEADLINE


def test_headline_the_page_address_spells_wins_over_a_nearer_teaser() -> None:
    """A related story's headline right above the article looks like a headline; the page's
    URL (given, or a URL line in the dump) spells the real one."""
    teaser = "Island ferry operator posts record summer profits"
    text = page("Maria Jansen Okafor", teaser)
    url = "https://harbour-news.example/2021/03/harbour-council-approves-new-ferry-timetable.html"
    assert clean_text(text).title == teaser
    assert clean_text(text, url=url).title == HEADLINE
    assert clean_text(url + "\n" + text).title == HEADLINE
    # an address that spells nothing on the page changes nothing
    assert clean_text(text, url="https://harbour-news.example/story/48213").title == teaser


def test_another_storys_teaser_between_headline_and_article_is_passed_over() -> None:
    # a related-story teaser shaped like a headline, nearer the article than its own headline;
    # the article uses none of its words
    assert clean_text(page("Mountain rescue teams find missing climbers alive")).title == HEADLINE


def test_a_headline_the_article_shares_words_with_stays_nearest() -> None:
    # nearest-wins is kept when both candidates are on topic: a shorter headline-like line
    # about the article's own subject (the council, the crossings) beats an earlier one
    nearer = "Council adds two morning crossings"
    assert clean_text(page(top=[*TOP, "Island residents welcome longer ferry day"], headline=nearer)).title == nearer


def test_a_related_storys_teaser_is_passed_over_for_the_headline_the_lead_restates() -> None:
    # the teaser shares the article's subject ("mainland commuters" appear further down) but
    # none of the words of its first sentence, which restates the headline
    teaser = "Mainland commuters face rail strike"
    assert clean_text(page(teaser)).title == HEADLINE
