"""The extract stage on the demo corpus and on written examples."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsweave.extract.dateline import find_dateline
from newsweave.extract.dates import date_from_url, dates_in_line
from newsweave.extract.outlets import outlet_from_domain, parse_credit_line
from newsweave.extract.people import names_in_byline
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


def test_dates_in_lines() -> None:
    now = datetime(2026, 1, 1)
    [found] = dates_in_line("Last Updated : Jul 15 2016 | 3:25 PM IST", now)
    assert found.label == "updated" and found.iso() == "2016-07-15T15:25"
    [found] = dates_in_line("Wednesday, May 8th 2013", now)
    assert found.label == "" and found.iso() == "2013-05-08"
    assert dates_in_line("Published 3 March 2031", now) == []  # never a future date
    assert dates_in_line("x" * 200 + " May 8 2013", now) == []  # prose lines are not timestamp lines
    assert date_from_url("https://site.org/2015/09/17/world/a.html") == "2015-09-17"
    assert date_from_url("https://site.org/2099/09/17/a.html") is None


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
    assert find_dateline("LONDON // Russia has proposed").place == "LONDON"
    assert find_dateline("WASHINGTON — Secretary of State").place == "WASHINGTON"
    beirut = find_dateline("BEIRUT (Reuters) - Syrian forces")
    assert beirut.place == "BEIRUT" and beirut.credits == ["Reuters"]
    assert find_dateline("The minister said") is None
    assert find_dateline("THE minister said") is None
    assert outlet_from_domain("www.nytimes.com".removeprefix("www.")) == "The New York Times"
    assert outlet_from_domain("edition.cnn.com") == "CNN"
    assert outlet_from_domain("unknown-paper.example") == "unknown-paper.example"
