"""The extract stage on the demo corpus and on written examples."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsweave.api import analyze_html
from newsweave.extract.dateline import find_dateline
from newsweave.extract.dates import date_from_url, dates_in_line
from newsweave.extract.outlets import (
    domain_of,
    outlet_from_domain,
    outlet_from_self_promotion,
    parse_credit_line,
)
from newsweave.extract.people import names_in_byline
from newsweave.extract.titles import confirmed_site_name, split_site_label
from newsweave.pipeline import process_document
from newsweave.records import SourceDocument


@pytest.fixture(scope="module")
def seeds(seed_texts: dict[str, str]) -> dict[str, dict]:
    return {key: process_document(SourceDocument(path=key, kind="text", content=text)).to_dict()
            for key, text in seed_texts.items()}


def test_seed_titles_dates_datelines(seeds: dict[str, dict]) -> None:
    assert seeds["001"]["published"] == "2013-05-08" and seeds["001"]["published_from"] == "text"
    assert seeds["002"]["published"].startswith("2016-07-15")
    assert seeds["002"]["updated"].startswith("2016-07-15T15:25")
    assert seeds["003"]["published"].startswith("2016-09-08")
    assert seeds["004"]["published"] == "2015-09-17" and seeds["004"]["published_from"] == "url"
    assert seeds["000"]["published"] is None  # the page prints no date: none beats a wrong one
    assert [seeds[k]["dateline"] for k in ("000", "001", "002", "004")] == ["LONDON", "MOSCOW", "MOSCOW", "WASHINGTON"]


def test_seed_people_outlets_credits(seeds: dict[str, dict]) -> None:
    assert seeds["001"]["authors"] == ["Stuart Williams", "Jo Biddle"]
    for key in ("000", "002", "003", "004"):
        assert seeds[key]["authors"] == []
    assert seeds["004"]["outlet"] == "The New York Times"
    assert seeds["004"]["source"]["url"].startswith("http://www.nytimes.com/2015/09/17/")
    assert seeds["002"]["outlet"] == "Business Standard"
    assert seeds["002"]["credits"] == ["Agence France-Presse", "Press Trust of India"]
    assert seeds["000"]["credits"] == ["Agence France-Presse", "Reuters"]
    assert all(seeds[key]["language"] == "en" for key in seeds)


def test_unknown_time_zone_name_parses_without_a_warning() -> None:
    """A zone dateutil cannot place ("GST") must not print a warning on the user's terminal."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        [found] = dates_in_line("2020.10.26 13:44 GST", datetime(2026, 1, 1))
    assert found.iso() == "2020-10-26"


def test_dates_in_lines() -> None:
    now = datetime(2026, 1, 1)
    [found] = dates_in_line("Last Updated : Jul 15 2016 | 3:25 PM IST", now)
    assert found.label == "updated" and found.iso() == "2016-07-15T15:25"
    [found] = dates_in_line("Mon 20 Jan 2020 06.05 GMT", now)  # a time with a dot
    assert found.iso() == "2020-01-20T06:05"
    [found] = dates_in_line("Wednesday, May 8th 2013", now)
    assert found.label == "" and found.iso() == "2013-05-08"
    assert dates_in_line("Published 3 March 2031", now) == []  # never a future date
    assert dates_in_line("x" * 200 + " May 8 2013", now) == []  # prose lines are not timestamp lines
    assert date_from_url("https://site.org/2015/09/17/world/a.html") == "2015-09-17"
    assert date_from_url("https://site.org/2099/09/17/a.html") is None


def test_each_date_of_a_line_has_its_own_label() -> None:
    """One line often shows both dates; the label written just before a date is its own."""
    now = datetime(2026, 1, 1)

    def labelled(line: str) -> list[tuple[str, str]]:
        return [(found.iso()[:10], found.label) for found in dates_in_line(line, now)]

    assert labelled("PUBLISHED: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT, 13 March 2013") == [
        ("2013-03-12", "published"), ("2013-03-13", "updated")]
    assert labelled("Posted: Nov 27, 2005 8:20 AM ET Last Updated: Nov 28, 2005 8:10 PM ET") == [
        ("2005-11-27", "published"), ("2005-11-28", "updated")]
    assert labelled("on April 30, 2008 at 4:31 AM, updated May 1, 2008 at 8:33 AM") == [
        ("2008-04-30", ""), ("2008-05-01", "updated")]
    # "Updated" labels the time after it, not the day before it
    [found] = dates_in_line("Friday, Sep 10, 2010 | Updated 8:52 PM EDT", now)
    assert (found.iso(), found.label) == ("2010-09-10", "")
    assert labelled("Last Updated: Monday, 28 November 2005, 02:24 GMT") == [("2005-11-28", "updated")]


def test_a_page_with_both_dates_on_one_line_is_published_on_the_first() -> None:
    page = "\n".join([
        "Gunman kills two at factory",
        "PUBLISHED: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT, 13 March 2013",
        "A gunman killed two people at a factory on Monday, police said, before he was arrested.",
        "The factory was closed for the rest of the week while investigators examined the scene.",
    ])
    record = process_document(SourceDocument(path="page.txt", kind="text", content=page)).to_dict()
    assert (record["published"][:10], record["published_from"], record["updated"][:10]) == (
        "2013-03-12", "text", "2013-03-13")


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://www.theguardian.com/film/2013/aug/02/ellen-degeneres-host-oscars", "2013-08-02"),
        ("http://www.timesledger.com/stories/2013/38/hitrun_web_2013_09_14_q.html", "2013-09-14"),
        ("http://boston.redsox.mlb.com/news/article.jsp?ymd=20081216&content_id=3718580", "2008-12-16"),
        ("http://www.rediff.com/news/slide-show/navy-pins-down-pirates/20111111.htm", "2011-11-11"),
        ("http://newsinfo.inquirer.net/breakingnews/world/view/20100505-268325/Deadly-fire", "2010-05-05"),
        ("http://www.people.com/people/article/0,,20697025,00.html", None),  # an id, not a date
        ("https://site.org/2013/13/02/a.html", None),
        ("https://site.org/2013/foo/02/a.html", None),
        ("https://site.org/2013/foo/02/story_2013_09_14.html", "2013-09-14"),
    ],
)
def test_dates_in_urls(url: str, day: str | None) -> None:
    assert date_from_url(url) == day


@pytest.mark.parametrize(
    ("lines", "outlet"),
    [
        (["Copyright © 2019 Press TV. All rights reserved."], "Press TV"),
        (["Copyright © 2019 Example Interactive Inc. All rights reserved."], "Example Interactive"),
        (["Copyright © 2010 AUTORACING. Todos os direitos reservados."], "AUTORACING"),
        (["Copyright 2019 Hawaii News Now All Rights Reserved"], "Hawaii News Now"),
        (["© 2019 Harbour Times, LLC"], "Harbour Times"),
        (["Subscribe to Science X Newsletter. Learn more"], "Science X"),
        # a subscription names the outlet, a copyright line often its parent company
        (["© 2019 Example Media Group", "* Subscribe to The Harbour Times"], "The Harbour Times"),
        (["* Copyright Policy", "Subscribe to Newsletter"], None),
        (["© Jane Porter", "(Image: © Shutterstock)", "Image copyright Getty Images"], None),
    ],
)
def test_outlet_from_self_promotion(lines: list[str], outlet: str | None) -> None:
    assert outlet_from_self_promotion(lines) == outlet


def test_dates_in_other_shapes_and_languages() -> None:
    now = datetime(2026, 1, 1)
    assert [f.iso() for f in dates_in_line("31.01.2016 Hardware", now)] == ["2016-01-31"]
    [found] = dates_in_line("Veröffentlicht am 13. November 2019", now)
    assert found.iso() == "2019-11-13" and found.label == "published"
    assert [f.iso() for f in dates_in_line("Publié le 29 juin 2019", now)] == ["2019-06-29"]
    assert [f.iso() for f in dates_in_line("2020.10.26 13:44", now)] == ["2020-10-26"]
    # "11/08/2023" is 8 November in the US and 11 August in Britain: left out on English pages
    assert dates_in_line("11/08/2023", now, english=True) == []
    assert [f.iso() for f in dates_in_line("11/08/2023", now)] == ["2023-08-11"]
    assert [f.iso() for f in dates_in_line("25/08/2023", now, english=True)] == ["2023-08-25"]
    assert dates_in_line("© 2014-2023 Example Media", now) == []
    assert dates_in_line("Tel. 0123 456 789", now) == []


def test_a_malformed_address_names_no_site() -> None:
    assert domain_of("http://[broken/2013/09/x") is None


def test_slashed_dates_read_the_way_only_one_order_allows() -> None:
    now = datetime(2026, 1, 1)

    def read(line: str) -> list[tuple[str, str]]:
        return [(found.iso(), found.label) for found in dates_in_line(line, now, english=True)]

    assert read("updated 7/28/2004 3:02:00 PM ET") == [("2004-07-28T15:02", "updated")]
    assert read("11/28/05") == [("2005-11-28", "")]  # a two-digit year is the latest past one
    assert read("31/12/99") == [("1999-12-31", "")]
    # a US zone after a time settles an English page's order: month first
    assert read("8:13 AM PDT 8/2/2013") == [("2013-08-02T08:13", "")]
    assert read("Posted 9/3/2013 12:15 am EDT | Updated 9/4/2013 1:00 PM EDT") == [
        ("2013-09-03T00:15", "published"), ("2013-09-04T13:00", "updated")]
    assert read("Release: 2/3/2009 5:59 PM") == []  # no zone: either order, so neither
    assert read("PDT 8/2/2013") == []  # a zone only counts after a time
    assert read("1/2 cup flour, 3/4/5 eggs") == []
    # or the weekday written beside it does: 8 March 2013 was a Friday, 3 August a Saturday
    assert read("Friday 08/03/2013") == [("2013-03-08", "")]
    assert read("Thursday, 05/02/2013") == [("2013-05-02", "")]
    assert read("Friday 02/08/2013") == []  # 2 August and 8 February 2013 were both Fridays
    assert read("05/05/2013") == [("2013-05-05", "")]
    assert read("10/12/2031 9:00 AM EST") == []  # never a future date


def test_the_date_beside_the_article_beats_the_page_header_date() -> None:
    page = "\n".join([
        "Thursday, November 9, 2023",  # today's date in the site header
        "Home", "News", "Sports", "Weather", "Contact", "Subscribe",
        "Council approves the new river bridge after a two-year debate",
        "By Jane Porter",
        "November 8, 2023",
        "The city council voted on Wednesday night to approve the new river bridge, ending a "
        "two-year debate over its cost and its route through the old harbour district.",
        "The vote was seven to two. Opponents said the budget had doubled since the first plan, "
        "while the mayor said the bridge would cut the commute for thousands of residents.",
        "Construction is expected to begin next spring and to last about three years, the city's "
        "engineering office said in a statement after the meeting.",
        "Related stories",
        "Storm closes schools across the county (November 2, 2023)",
    ])
    record = process_document(SourceDocument(path="page.txt", kind="text", content=page)).to_dict()
    assert record["published"] == "2023-11-08" and record["published_from"] == "text"


def test_credits_bylines_datelines_outlets() -> None:
    assert parse_credit_line("AFP I PTI Moscow") == (["Agence France-Presse", "Press Trust of India"], "Moscow")
    assert parse_credit_line("* Agence France-Presse and Reuters") == (["Agence France-Presse", "Reuters"], None)
    assert parse_credit_line("Photo: AP/PTI") is None
    assert parse_credit_line("The Associated Press reported that talks failed.") is None
    assert names_in_byline("By Stuart Williams and Jo Biddle") == ["Stuart Williams", "Jo Biddle"]
    assert names_in_byline("News | Politics | Features") == []
    assert names_in_byline("Staff Reporter") == []
    assert names_in_byline("Market Analysis & Investment Insights") == []
    assert names_in_byline("By J. K. Rowling") == ["J. K. Rowling"]
    assert names_in_byline("Hi Cherie,") == []  # a comment's greeting
    assert names_in_byline("Elliot Brownstein Florida Today") == []  # name and outlet glued
    assert find_dateline("LONDON // Russia has proposed").place == "LONDON"
    assert find_dateline("WASHINGTON — Secretary of State").place == "WASHINGTON"
    beirut = find_dateline("BEIRUT (Reuters) - Syrian forces")
    assert beirut.place == "BEIRUT" and beirut.credits == ["Reuters"]
    assert find_dateline("The minister said") is None
    assert find_dateline("THE minister said") is None
    assert find_dateline("DEAR ABBY: My husband booked a business class flight") is None  # a letter
    assert find_dateline("EDITOR'S NOTE: This story was updated") is None
    assert find_dateline("NEW YORK (AP) — Stocks rose").place == "NEW YORK"
    assert find_dateline("HVW-Verband, Presse: Die Clubs dürfen") is None  # a compound word
    assert find_dateline("BEIRUT- Syrian forces").place == "BEIRUT"
    assert outlet_from_domain("hosted.ap.org") == "Associated Press"
    assert outlet_from_domain("www.nytimes.com".removeprefix("www.")) == "The New York Times"
    assert outlet_from_domain("edition.cnn.com") == "CNN"
    assert outlet_from_domain("unknown-paper.example") == "unknown-paper.example"


def test_site_names_leave_headlines() -> None:
    assert split_site_label("Best tech gadgets of 2019 | ZDNet", "zdnet.com") == ("Best tech gadgets of 2019", "ZDNet")
    assert split_site_label("September 2018 open thread - The GiveWell Blog", "blog.givewell.org") == (
        "September 2018 open thread", "The GiveWell Blog")
    assert split_site_label("Remake de Zodiaco per Netflix - Remember 80/90 - Memorabilia anni 80/90", "remember8090.it") == (
        "Remake de Zodiaco per Netflix", "Remember 80/90")
    assert split_site_label("LinkNaija | Kate Henshaw Is Looking Stunning", "linknaija.com") == (
        "Kate Henshaw Is Looking Stunning", "LinkNaija")
    # a station's name with its channel, behind its tagline; a section label before the site
    assert split_site_label("Teen driver killed in crash - WSVN 7News | Miami News, Weather, Sports | Fort Lauderdale",
                            "wsvn.com") == ("Teen driver killed in crash", "WSVN 7News")
    assert split_site_label("Two people stabbed in Roxbury - Boston News, Weather, Sports | WHDH 7News",
                            "whdh.com") == ("Two people stabbed in Roxbury", "WHDH 7News")
    assert split_site_label("Farmers protests continue: Top developments | India News - Times of India",
                            "timesofindia.indiatimes.com") == ("Farmers protests continue: Top developments", "Times of India")
    # a segment that only mentions the site, a section label, a title too short to lose a part
    assert split_site_label("Take C.A.R.E. - comwrap auf der DMEXCO 2018", "blog.comwrap.com")[1] is None
    assert split_site_label("The Guardian view on Hong Kong | Editorial", "theguardian.com")[1] is None
    assert split_site_label("Review | ZDNet", "zdnet.com") == ("Review | ZDNet", None)
    assert split_site_label("Kerry - Lavrov talks end in Geneva", None) == ("Kerry - Lavrov talks end in Geneva", None)
    assert confirmed_site_name("VentureBeat", "venturebeat.com") == "VentureBeat"
    assert confirmed_site_name("Nj", "nj.com") is None  # derived from the host, says nothing more
    assert confirmed_site_name("DH News Service", "deccanherald.com") is None
    assert confirmed_site_name("https://www.hawaiinewsnow.com", "hawaiinewsnow.com") is None


def test_outlet_from_page_evidence() -> None:
    html = ('<html><head><meta property="og:title" content="Startup raises money for lunar landers – TechCrunch">'
            "</head><body><article>"
            + "<p>A startup building lunar landers said on Tuesday it had raised new money from investors.</p>" * 5
            + "</article></body></html>")
    record = analyze_html(html, url="https://techcrunch.com/2019/11/19/landers/")
    assert record["title"] == "Startup raises money for lunar landers"
    assert record["outlet"] == "TechCrunch"
    record = analyze_html(html.replace("TechCrunch", "Space Weekly"), url="https://techcrunch.com/2019/11/19/landers/")
    assert record["title"] == "Startup raises money for lunar landers – Space Weekly"
    assert record["outlet"] == "techcrunch.com"  # a name the domain does not confirm is not the outlet


def test_a_wayback_machine_copy_is_credited_to_the_archived_site() -> None:
    page = ("<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
            + "<p>The minister said on Tuesday that the talks would resume next week in Geneva.</p>" * 4
            + "</article></body></html>")
    archived = "https://web.archive.org/web/20150917064513/http://www.nytimes.com/2015/09/16/world/talks.html"
    record = analyze_html(page, url=archived)
    assert record["outlet"] == "The New York Times"
    assert record["source"]["url"] == archived  # where it was read stays on record
    assert record["published"] == "2015-09-16"
    assert analyze_html(page, url="https://web.archive.org/web/")["outlet"] == "web.archive.org"


def test_the_text_language_overrides_a_template_language_it_contradicts() -> None:
    german = ("<p>Mit Entsetzen und Trauer hat das Forum Waffenrecht auf den gestrigen Amoklauf in "
              "Heidelberg reagiert. Unsere Gedanken sind bei den Angehörigen der Opfer.</p>") * 3
    english = "<p>The minister said on Tuesday that the talks would resume next week in Geneva.</p>" * 3

    def page(lang: str, body: str) -> str:
        return f'<html lang="{lang}"><head><title>Heidelberg</title></head><body><article>{body}</article></body></html>'

    assert analyze_html(page("en-US", german))["language"] == "de"  # a site template's default
    assert analyze_html(page("de-DE", german))["language"] == "de"
    assert analyze_html(page("en", english))["language"] == "en"
    assert analyze_html(page("en", "<p>Berlin, Paris, London, Tokyo, Rome, Madrid and Vienna.</p>"))["language"] == "en"


def test_a_declared_site_name_no_domain_confirms_is_cleaned_into_a_name() -> None:
    from newsweave.extract.titles import declared_site_name

    assert declared_site_name("https://www.ditib.de") == "ditib.de"
    assert declared_site_name("Lüder Hoppe info@buero-hoppe.de") == "Lüder Hoppe"
    assert declared_site_name("&amp;copy; 2016 aryanews.com") == "aryanews.com"
    assert declared_site_name("Copyright, 2011, 2012, 2013, 2014 Daily Legal News, Inc.") == "Daily Legal News, Inc."
    assert declared_site_name("Vegetarier zu sein. Bedarf, Trend oder eigene Entscheidung?") is None  # a headline
    assert declared_site_name("Zähne zusammenbeißen: Festspiel-Reisen von Van der Bellen kosteten 57.000 Euro") is None
    assert declared_site_name("Mix 107.3 KIOW") == "Mix 107.3 KIOW"
    page = ('<html><head><meta property="og:site_name" content="Lüder Hoppe info@buero-hoppe.de"></head><body>'
            "<article>" + "<p>Die Erstellung von Baumgutachten erfordert Wissen und Erfahrung im Umgang mit Bäumen.</p>" * 4
            + "</article></body></html>")
    assert analyze_html(page)["outlet"] == "Lüder Hoppe"
    assert analyze_html(page.replace("Lüder Hoppe info@buero-hoppe.de", "https://www.nytimes.com"))["outlet"] == (
        "The New York Times")


@pytest.mark.parametrize(("exported", "url", "outlet"), [
    ("washingtonpost", "https://www.washingtonpost.com/news/2016/11/10/a.html", "The Washington Post"),
    ("standard", "http://www.standard.co.uk/news/london/a3394126.html", "Evening Standard"),
    ("localgazette", "https://www.localgazette.net/a.html", "localgazette"),  # a slug no one maps stays
    ("Reuters", "https://news.yahoo.com/a.html", "Reuters"),  # a syndicator's page names its source
    # trafilatura exports the page's declared site name as it stands
    ("© 2016 Kent News - All rights reserved", "https://kentnews.online/a.html", "Kent News"),
    ("Lüder Hoppe info@buero-hoppe.de", None, "Lüder Hoppe"),
])
def test_an_exports_source_slug_is_named_as_its_sites_outlet(exported: str, url: str | None, outlet: str) -> None:
    record = SourceDocument(path="crawl.jsonl", kind="record", url=url, member="line 1",
                            content="Officials met on Tuesday and agreed on a plan for the city.",
                            fields={"outlet": exported, "title": "Officials agree on a plan"})
    assert process_document(record).outlet == outlet


@pytest.mark.parametrize(("feed_title", "url", "outlet"), [
    ("BBC News - World", "https://www.bbc.co.uk/news/uk-1", "BBC News"),  # the domain names it
    ("Coastal Courier", "https://courier.example.org/news/1", "Coastal Courier"),  # the domain confirms it
])
def test_a_feeds_title_names_its_items_outlet_as_a_pages_site_name_would(feed_title: str, url: str,
                                                                          outlet: str) -> None:
    item = SourceDocument(path="feed.xml", kind="record", url=url, member="item 1",
                          content="A storm hit the southern coast of England on Thursday, officials said.",
                          fields={"sitename": feed_title, "title": "Storm hits the coast"})
    assert process_document(item).outlet == outlet


def test_whole_dates_among_other_words() -> None:
    """htmldate reads a date element's own text; a dump's line holds the date among other words."""
    now = datetime(2026, 1, 1)

    def read(line: str) -> list[tuple[str, str]]:
        return [(found.iso(), found.label) for found in dates_in_line(line, now)]

    assert read("von AUTO ZEITUNG 02.11.2021") == [("2021-11-02", "")]
    assert read("Von Deutscher Tennis Bund 4. 2. 2022.") == [("2022-02-04", "")]  # day first, as dotted dates are
    assert read("* VERÖFFENTLICHT AM 06. Nov 2023") == [("2023-11-06", "published")]
    assert read("Pubblicato il 19 Febbraio 2020 Ultima modifica 20 Febbraio 2020 12:02") == [
        ("2020-02-19", "published"), ("2020-02-20T12:02", "updated")]
    assert read("11.01.2022, 09:50 Uhr / Aktualisiert am 21.01.2022, 11:39 Uhr") == [
        ("2022-01-11T09:50", ""), ("2022-01-21T11:39", "updated")]
    assert read("Kapitel 3 im Bericht 2020, Seite 12") == []
    # a blog's footer, longer than a date line, says when the post was published
    assert read("Dieser Beitrag wurde am 04.02.2020 von kj in Bundesgericht BGer, SVG, Vorsatz veröffentlicht. "
                "Schlagworte: StGB 12, SVG 100, SVG 90.") == [("2020-02-04", "published")]
    assert read("Die Verhandlung vom 04.02.2020 in Bern wurde vertagt, weil die Zeugen nicht erschienen sind und "
                "das Gericht neue Termine festlegen muss.") == []


def test_the_date_an_article_opens_with_dates_it() -> None:
    def published(first_line: str) -> tuple[str | None, str | None]:
        page = "\n".join([
            "Neue Regeln für die Jagd", first_line,
            "Der Verband begrüßt die Entscheidung und fordert eine rasche Umsetzung in allen Ländern.",
        ])
        record = process_document(SourceDocument(path="page.txt", kind="text", content=page)).to_dict()
        return record["published"], record["published_from"]

    assert published("Wien, 14. Dezember 2021 – Aufgrund der steigenden Technologisierung und Mobilität sowie "
                     "der damit verbundenen Schnelllebigkeit im Alltag erhöht sich der Druck.") == ("2021-12-14", "text")
    assert published("26.01.2022 Strava wertet mit einem Update sein Routen-Tool auf. In den Karten werden nun "
                     "die beliebtesten Orte der gesamten Community gezeigt.") == ("2022-01-26", "text")
    # a date in the lead's prose is what it tells of, not when it was published
    assert published("Am Dienstag, dem 14. Dezember 2021, hatte die Regierung den Entwurf vorgelegt, der nun von "
                     "allen Ländern umgesetzt werden soll.") == (None, None)
