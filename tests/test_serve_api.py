"""The web server's JSON API, over HTTP: a real server on a free local port, queried with urllib."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pyarrow.parquet as pq
import pytest
from markupsafe import escape


@pytest.fixture(scope="module")
def base_url(seeds_server: str) -> str:
    return seeds_server


def fetch(url: str, body: dict[str, Any] | None = None) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET (or, with ``body``, a JSON POST)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def get_json(url: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
    code, kind, payload = fetch(url, body)
    assert (code, kind) == (status, "application/json"), payload[:300]
    return json.loads(payload)


def q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def test_browse_endpoints(base_url: str) -> None:
    api = base_url + "/api"
    summary = get_json(f"{api}/summary")
    assert summary["articles"] == 5 and summary["stories"] and summary["top_entities"]
    assert get_json(f"{api}/summary?stories=0")["stories"] == [] and summary["story_count"] == len(summary["stories"])

    articles = get_json(f"{api}/articles")
    assert len(articles) == 5 and all("body" not in a and a["id"].startswith("art_") for a in articles)
    outlet = next(a["outlet"] for a in articles if a["outlet"])
    only = get_json(f"{api}/articles?outlet={q(outlet)}")
    assert only and {a["outlet"] for a in only} == {outlet}
    dated = sorted(a["published"][:10] for a in articles if a["published"])
    later = get_json(f"{api}/articles?since={dated[-1]}")
    assert 0 < len(later) < len(articles)

    page = get_json(f"{api}/articles?limit=2&offset=1")
    assert [a["id"] for a in page] == [a["id"] for a in articles[1:3]]
    quotes = get_json(f"{api}/quotes")
    assert get_json(f"{api}/quotes?limit=1&offset=1") == quotes[1:2]
    stories = get_json(f"{api}/stories")
    assert get_json(f"{api}/stories?limit=1") == stories[:1] and get_json(f"{api}/stories?offset=1") == stories[1:]

    article = get_json(f"{api}/articles/{articles[0]['id']}")
    assert article["id"] == articles[0]["id"] and article["body"] and isinstance(article["removed"], list)
    assert isinstance(article["revisions"], list) and "quotes" in article and "entities" in article

    word = re.findall(r"[A-Za-z]{4,}", article["title"])[0]
    hits = get_json(f"{api}/search?q={q(word)}")
    assert hits and {"id", "title", "snippet"} <= set(hits[0])

    assert get_json(f"{api}/entities?top=0") == get_json(f"{api}/entities")  # 0: all, as in the CLI
    people = get_json(f"{api}/entities?label=PERSON&top=3")
    assert 0 < len(people) <= 3 and {e["label"] for e in people} == {"PERSON"}
    alias = people[0]["aliases"][-1]
    [found, *_] = get_json(f"{api}/entities/{q(alias)}")
    assert {"id", "name", "aliases", "roles", "article_ids", "quotes"} <= set(found)
    assert get_json(f"{api}/entities/{q(people[0]['id'])}")[0]["id"] == people[0]["id"]

    quotes = get_json(f"{api}/quotes")
    speaker = next(x["speaker"] for x in quotes if x.get("speaker_id"))
    theirs = get_json(f"{api}/quotes?speaker={q(speaker)}")
    assert theirs and len(theirs) < len(quotes) and {x["speaker"] for x in theirs} == {speaker}

    stories = get_json(f"{api}/stories")
    story = get_json(f"{api}/stories/{stories[0]['id']}")
    assert story["id"] == stories[0]["id"] and story["events"]
    events = get_json(f"{api}/events?story={story['id']}")
    assert {e["story_id"] for e in events} == {story["id"]}
    event = get_json(f"{api}/events/{events[0]['id']}")
    assert event["articles"] and {a["id"] for a in event["articles"]} == set(event["article_ids"])

    assert isinstance(get_json(f"{api}/duplicates"), list)
    assert get_json(f"{api}/errors") == []
    assert any(e["path"] == "/api/events/merge" and e["methods"] == ["POST"] for e in get_json(api))


def test_story_page_shows_each_events_key_quotes(base_url: str) -> None:
    story = get_json(f"{base_url}/api/stories/{get_json(f'{base_url}/api/stories')[0]['id']}")
    quoted = [line for line in story["events"] if line["quotes"]]
    assert len(quoted) == len(story["events"])  # every seed event has quoted speakers
    code, _, payload = fetch(f"{base_url}/stories/{story['id']}")
    page = payload.decode()
    assert code == 200
    for line, following in zip(quoted, quoted[1:] + [None], strict=True):
        quote = str(escape(line["quotes"][0]["text"]))
        assert page.index(f"/events/{line['event_id']}") < page.index(quote)
        if following is not None:
            assert page.index(quote) < page.index(f"/events/{following['event_id']}")


def test_who_said_what_in_an_event(base_url: str) -> None:
    event = max(get_json(f"{base_url}/api/events"), key=lambda e: len(e["article_ids"]))
    quotes = get_json(f"{base_url}/api/quotes?event={event['id']}")
    everyone = get_json(f"{base_url}/api/quotes")
    assert quotes and len(quotes) < len(everyone)
    assert quotes == [q for q in everyone if q["article_id"] in event["article_ids"]]
    assert fetch(f"{base_url}/api/quotes?event=ev-nope")[0] == 404
    code, _, payload = fetch(f"{base_url}/events/{event['id']}")
    assert code == 200 and f"Who said what ({len(quotes)})" in payload.decode()
    assert all(str(escape(q["text"])) in payload.decode() for q in quotes)
    assert fetch(f"{base_url}/quotes?event={event['id']}")[0] == 200
    assert fetch(f"{base_url}/quotes?event=ev-nope")[0] == 404


def test_an_event_page_shows_who_and_what(base_url: str) -> None:
    event = max(get_json(f"{base_url}/api/events"), key=lambda e: len(e["article_ids"]))
    detail = get_json(f"{base_url}/api/events/{event['id']}")
    assert detail["entities"] and all(e["articles"] >= 1 for e in detail["entities"])
    page = fetch(f"{base_url}/events/{event['id']}")[2].decode()
    assert "Who and what" in page
    for entity in detail["entities"]:
        assert str(escape(entity["name"])) in page
    assert detail["quotes"] and "Key quotes" in page
    assert page.index("Key quotes") < page.index(str(escape(detail["quotes"][0]["text"]))) < page.index("Who said what")


def test_timeline_png(base_url: str) -> None:
    story_id = get_json(f"{base_url}/api/stories")[0]["id"]
    code, kind, payload = fetch(f"{base_url}/api/stories/{story_id}/timeline.png")
    assert (code, kind) == (200, "image/png") and payload.startswith(b"\x89PNG")


@pytest.mark.parametrize("path", [
    "/api/articles/art_000000000000", "/api/events/ev-nope", "/api/stories/st-nope",
    "/api/stories/st-nope/timeline.png", "/api/entities/Nobody%20Anywhere", "/api/no-such-endpoint",
    "/api/events?story=st-nope",
])
def test_unknown_ids_are_json_404(base_url: str, path: str) -> None:
    answer = get_json(base_url + path, status=404)
    assert answer["error"] and answer["hint"]


@pytest.mark.parametrize("path", [
    "/api/search", "/api/search?q=%22unbalanced", "/api/articles?since=yesterday", "/api/entities?top=many",
    "/api/articles?limit=0", "/api/quotes?offset=-1",
])
def test_bad_requests_are_json_400(base_url: str, path: str) -> None:
    answer = get_json(base_url + path, status=400)
    assert answer["error"] and answer["hint"]


def test_bad_corrections(base_url: str) -> None:
    api = base_url + "/api"
    event_id = get_json(f"{api}/events")[0]["id"]
    assert "error" in get_json(f"{api}/events/merge", {"a": event_id}, status=400)
    assert "error" in get_json(f"{api}/events/merge", {"a": event_id, "b": "ev-nope"}, status=404)
    assert "error" in get_json(f"{api}/events/{event_id}/split", {"article_ids": "art_x"}, status=400)
    assert "error" in get_json(f"{api}/articles/art_000000000000/move", {"event_id": event_id}, status=404)
    code, kind, _ = fetch(f"{api}/events/merge")  # a GET
    assert code in (404, 405) and kind == "application/json"


def test_html_pages_link_their_json_twin(base_url: str) -> None:
    article_id = get_json(f"{base_url}/api/articles")[0]["id"]
    for page, twin in [("/", "/api/summary"), ("/articles?outlet=x", "/api/articles?outlet=x"),
                       (f"/articles/{article_id}", f"/api/articles/{article_id}"), ("/quotes", "/api/quotes")]:
        code, kind, payload = fetch(base_url + page)
        assert (code, kind) == (200, "text/html")
        assert f'href="{twin}"' in payload.decode()
    code, kind, _ = fetch(base_url + "/articles/art_000000000000")
    assert (code, kind) == (404, "text/html")


def test_listing_pages(base_url: str) -> None:
    quotes = get_json(f"{base_url}/api/quotes")
    assert len(quotes) > 20
    code, _, payload = fetch(f"{base_url}/quotes?size=10&page=2")
    page = payload.decode()
    assert code == 200 and f"quotes 11–20 of {len(quotes)}" in page
    assert 'href="/quotes?size=10&amp;page=1"' in page and 'href="/quotes?size=10&amp;page=3"' in page
    assert 'href="/api/quotes?limit=10&amp;offset=10"' in page  # the JSON twin of this page only
    assert all(str(escape(quote["text"][:30])) in page for quote in quotes[10:20])
    code, kind, _ = fetch(f"{base_url}/quotes?size=10&page=99")
    assert (code, kind) == (400, "text/html")


def test_corrections_persist(base_url: str) -> None:
    """Split an article out of its event, move it back, and split again then merge: each change is
    visible to later requests (each opens the database afresh)."""
    api = base_url + "/api"
    event = next(e for e in get_json(f"{api}/events") if len(e["article_ids"]) > 1)
    moved = event["article_ids"][-1]

    new_event = get_json(f"{api}/events/{event['id']}/split", {"article_ids": [moved]})
    assert new_event["id"] != event["id"] and new_event["article_ids"] == [moved]
    assert get_json(f"{api}/articles/{moved}")["event_id"] == new_event["id"]
    assert moved not in get_json(f"{api}/events/{event['id']}")["article_ids"]

    back = get_json(f"{api}/articles/{moved}/move", {"event_id": event["id"]})
    assert back["id"] == event["id"] and moved in back["article_ids"]
    assert get_json(f"{api}/articles/{moved}")["event_id"] == event["id"]

    split_again = get_json(f"{api}/events/{event['id']}/split", {"article_ids": [moved]})
    merged = get_json(f"{api}/events/merge", {"a": event["id"], "b": split_again["id"]})
    assert set(merged["article_ids"]) == set(event["article_ids"])
    assert get_json(f"{api}/events/{split_again['id']}")["id"] == event["id"]  # the old id leads on
    assert get_json(f"{api}/events/ev-0000000000", status=404)["error"]


def test_body_markup_nests_and_escapes() -> None:
    """Quotes and mentions become properly nested, escaped HTML even when spans cross."""
    from html.parser import HTMLParser

    from newsweave.serve.markup import render_body

    body = "Tom <b>Smith</b> said: \u201cWe will win. Paris agrees.\n\nNext year too,\u201d on Monday."
    quote_start = body.index("\u201c")
    quote_end = body.index("\u201d") + 1
    quotes = [{"text": body[quote_start:quote_end], "start": quote_start, "end": quote_end, "kind": "direct",
               "speaker": "Tom Smith", "speaker_id": "person:tom-smith", "cue": "said"},
              {"text": "ignored", "start": 0, "end": 3, "field": "title"}]
    paris = body.index("Paris")
    entities = [{"id": "person:tom-smith", "name": "Tom Smith", "label": "PERSON",
                 "mentions": [{"text": "Tom", "start": 0, "end": 3}]},
                {"id": "gpe:paris", "name": "Paris", "label": "GPE",
                 # crosses the quote's end on purpose, and a bad offset is ignored
                 "mentions": [{"text": "Paris", "start": paris, "end": paris + 5},
                              {"text": "x", "start": quote_end - 3, "end": quote_end + 4},
                              {"text": "x", "start": 500, "end": 505}]}]
    paragraphs = render_body(body, quotes, entities, lambda entity_id: f"/entities/{entity_id}")
    assert len(paragraphs) == 2
    html = "".join(paragraphs)
    assert "&lt;b&gt;Smith&lt;/b&gt;" in html and "<b>" not in html
    assert html.count('<mark class="quote quote-direct"') == 2  # cut at the paragraph break
    assert html.count('class="speaker"') == 1 and '"/entities/person:tom-smith"' in html
    # Paris, then the crossing mention in two pieces: inside the quote, and after it
    assert html.count('href="/entities/gpe:paris"') == 3

    class Nesting(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag != "br":
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"

    for paragraph in paragraphs:
        checker = Nesting()
        checker.feed(str(paragraph))
        assert checker.stack == []


def test_the_whole_corpus_downloads_as_the_cli_exports_it(base_url: str) -> None:
    status, kind, body = fetch(f"{base_url}/api/export.jsonl")
    records = [json.loads(line) for line in body.decode().splitlines()]
    assert (status, kind) == (200, "application/x-ndjson")
    assert sum(r["type"] == "article" for r in records) == 5 and {"event", "story", "entity"} <= {r["type"] for r in records}
    status, kind, body = fetch(f"{base_url}/api/export.csv")
    assert (status, kind) == (200, "text/csv") and len(list(csv.DictReader(io.StringIO(body.decode())))) == 5
    status, _, body = fetch(f"{base_url}/api/export.parquet")
    assert status == 200 and pq.read_table(io.BytesIO(body)).num_rows == 5
    error = get_json(f"{base_url}/api/export.xml", status=404)
    assert "/api/export.jsonl" in error["hint"]
    _, _, page = fetch(base_url + "/")
    assert b'href="/api/export.csv"' in page
