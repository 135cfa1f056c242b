"""Server-rendered HTML pages; each one is a Corpus call, a template, and a link to its JSON twin."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, render_template, request, url_for
from markupsafe import Markup, escape

from newsweave.errors import StoreError
from newsweave.serve.api import article_row
from newsweave.serve.context import NotFound, corpus, date_arg, int_arg, text_arg
from newsweave.serve.markup import render_body

blueprint = Blueprint("pages", __name__)

# Where ``published`` came from, as a reader would say it (codes: README, "Export format").
DATE_SOURCES = {
    "json": "from a date field of the export record",
    "html-meta": "from the page's HTML metadata",
    "text": "from a date printed in the article text",
    "url": "from a date in the article's URL",
    "inferred": "inferred: the page gives no date, so it takes the date of the event it reports",
}
HOME_STORIES = 8
EVENT_PAGE_QUOTES = 50  # quotes shown on an event's page; the rest behind a link to the quote list
PAGE_SIZE = 100  # rows of the article and quote listings per page, unless ?size= says otherwise
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "LAW", "WORK_OF_ART")


@blueprint.app_template_filter("snippet")
def snippet_html(snippet: str) -> Markup:
    """A search snippet with its matched words (marked ``[...]`` by the store) in bold."""
    return Markup(str(escape(snippet)).replace("[", "<b>").replace("]", "</b>"))


def _render(template: str, json_url: str, **context: Any) -> str:
    return render_template(template, json_url=json_url, **context)


def _json_twin(endpoint: str, pager: dict[str, Any] | None = None, **values: Any) -> str:
    """The API address for this page, carrying the page's own query string (a page number
    becomes the API's ``limit`` and ``offset``)."""
    if pager is None or pager["pages"] == 1:
        query = request.query_string.decode()
        address = url_for(endpoint, **values)
        return f"{address}?{query}" if query else address
    args = {k: v for k, v in request.args.to_dict().items() if k not in ("page", "size")}
    return url_for(endpoint, **values, **args, limit=pager["size"], offset=pager["offset"])


def _entity_url(entity_id: str) -> str:
    return url_for("pages.entity", name=entity_id)


def _articles_by_id(ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    return {article.id: article_row(article.to_dict()) for article in corpus().articles(ids=sorted(set(ids)))}


@blueprint.get("/")
def home() -> str:
    found = corpus().summary(stories=HOME_STORIES)  # each story shows a chart, so the page shows a few
    return _render("home.html", url_for("api.summary"), summary=found, stories=found["stories"])


@blueprint.get("/articles")
def articles() -> str:
    outlet, since, until = text_arg("outlet"), date_arg("since"), date_arg("until")
    pager = _pager(corpus().count_articles(outlet=outlet, since=since, until=until))
    found = corpus().articles(outlet=outlet, since=since, until=until, limit=pager["size"], offset=pager["offset"])
    return _render("articles.html", _json_twin("api.articles", pager), articles=[a.to_dict() for a in found],
                   outlets=sorted(corpus().outlets()), outlet=outlet, since=since, until=until, pager=pager)


def _pager(total: int) -> dict[str, Any]:
    """The requested page of a listing (``?page=N`` from 1, ``?size=`` rows) and links to its neighbours."""
    size = int_arg("size", PAGE_SIZE, low=1, high=1000) or PAGE_SIZE
    pages = max(1, -(-total // size))
    page = int_arg("page", 1, low=1, high=pages) or 1
    args = request.args.to_dict()

    def link(number: int) -> str | None:
        return url_for(request.endpoint or "", **(args | {"page": str(number)})) if 1 <= number <= pages else None

    offset = (page - 1) * size
    return {"page": page, "pages": pages, "size": size, "total": total, "offset": offset,
            "first": offset + 1, "last": min(total, offset + size), "previous": link(page - 1), "next": link(page + 1)}


@blueprint.get("/search")
def search() -> tuple[str, int]:
    """Search results; a query SQLite cannot parse comes back on the same page, with a way out."""
    query = text_arg("q")
    hits: list[dict[str, Any]] = []
    error = None
    if query:
        try:
            hits = corpus().search(query, int_arg("limit", 50, low=1) or 50)
        except StoreError as exc:
            error = str(exc)
    page = _render("search.html", _json_twin("api.search"), query=query or "", hits=hits, error=error,
                   phrase='"{}"'.format((query or "").replace('"', "")))
    return page, 400 if error else 200


@blueprint.get("/articles/<article_id>")
def article(article_id: str) -> str:
    found = corpus().article(article_id)
    if found is None:
        raise NotFound(f"no article {article_id!r}", "see the list of articles")
    record = found.to_dict()
    event = corpus().event(found.event_id) if found.event_id else None
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in found.entities:
        by_label[entity.get("label", "")].append(entity)
    return _render(
        "article.html", url_for("api.article", article_id=found.id), article=record,
        paragraphs=render_body(found.body, found.quotes, found.entities, _entity_url),
        date_source=DATE_SOURCES.get(found.published_from or "", found.published_from),
        revisions=corpus().revisions(found.id), event=event,
        entities_by_label=sorted(by_label.items(), key=lambda item: -len(item[1])))


@blueprint.get("/entities")
def entities() -> str:
    label, top = text_arg("label"), int_arg("top", 100, low=0)
    found = corpus().entities(label=label, top=top or None)
    return _render("entities.html", _json_twin("api.entities"), entities=found, label=label, top=top,
                   labels=ENTITY_LABELS)


@blueprint.get("/entities/<path:name>")
def entity(name: str) -> str:
    found = corpus().entity(name)
    if not found:
        raise NotFound(f"no entity named {name!r}", "see the list of entities")
    articles = _articles_by_id(id_ for record in found for id_ in record["article_ids"])
    for record in found:
        record["quotes"].sort(key=lambda quote: quote.get("published") or "")
        record["article_ids"].sort(key=lambda id_: articles.get(id_, {}).get("published") or "")
    return _render("entity.html", url_for("api.entity", name=name), name=name, entities=found, articles=articles)


@blueprint.get("/quotes")
def quotes() -> str:
    speaker, contains, event = text_arg("speaker"), text_arg("contains"), text_arg("event")
    since, until = date_arg("since"), date_arg("until")
    try:
        pager = _pager(corpus().count_quotes(speaker=speaker, contains=contains, since=since, until=until, event=event))
    except LookupError as exc:  # an unknown event
        raise NotFound(str(exc), "see the list of events") from exc
    found = corpus().quotes(speaker=speaker, contains=contains, since=since, until=until, event=event,
                            limit=pager["size"], offset=pager["offset"])
    return _render("quotes.html", _json_twin("api.quotes", pager), quotes=found, speaker=speaker, contains=contains,
                   since=since, until=until, articles=_articles_by_id(quote["article_id"] for quote in found),
                   pager=pager)


@blueprint.get("/events")
def events() -> str:
    story = text_arg("story")
    try:
        pager = _pager(corpus().count_events(story=story))
    except LookupError as exc:  # an unknown story
        raise NotFound(str(exc), "see the list of stories") from exc
    found = corpus().events(story=story, limit=pager["size"], offset=pager["offset"])
    story_ids = sorted({e["story_id"] for e in found if e.get("story_id")} | ({story} if story else set()))
    titles = {s["id"]: s.get("title") for s in corpus().stories(ids=story_ids)}
    return _render("events.html", _json_twin("api.events", pager), events=found, story=story,
                   story_titles=titles, pager=pager)


@blueprint.get("/events/<event_id>")
def event(event_id: str) -> str:
    found = corpus().event(event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r}", "see the list of events")
    by_outlet: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in found.get("articles", []):
        by_outlet[member.get("outlet") or "(unknown outlet)"].append(member)
    titles = {member["id"]: member.get("title") for member in found.get("articles", [])}
    return _render("event.html", url_for("api.event", event_id=event_id), event=found,
                   by_outlet=sorted(by_outlet.items()), titles=titles,
                   quotes=corpus().quotes(event=found["id"], limit=EVENT_PAGE_QUOTES),
                   quote_count=corpus().count_quotes(event=found["id"]),
                   members={member["id"]: member for member in found.get("articles", [])},
                   others=corpus().events_around(found["id"]),
                   story=corpus().story(found["story_id"]) if found.get("story_id") else None)


@blueprint.get("/stories")
def stories() -> str:
    pager = _pager(corpus().count_stories())
    found = corpus().stories(limit=pager["size"], offset=pager["offset"])
    return _render("stories.html", _json_twin("api.stories", pager), stories=found, pager=pager)


@blueprint.get("/stories/<story_id>")
def story(story_id: str) -> str:
    found = corpus().story(story_id)
    if found is None:
        raise NotFound(f"no story {story_id!r}", "see the list of stories")
    return _render("story.html", url_for("api.story", story_id=story_id), story=found)


@blueprint.get("/duplicates")
def duplicates() -> str:
    groups = corpus().duplicates()
    return _render("duplicates.html", url_for("api.duplicates"), groups=groups,
                   articles=_articles_by_id(id_ for group in groups
                                            for id_ in [group["originator"], *group["republishers"]]))


@blueprint.get("/errors")
def errors() -> str:
    all_runs = text_arg("all") in ("1", "true", "yes")
    return _render("errors.html", _json_twin("api.errors"), errors=corpus().errors(all_runs=all_runs),
                   all_runs=all_runs)
