"""The JSON API: ``/api/...``, each endpoint one call to :class:`~newsweave.api.Corpus`.

Every answer is JSON; a failure is ``{"error": ..., "hint": ...}`` with a 4xx status (the
handlers live in :func:`newsweave.serve.create_app`).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, send_file, url_for

from newsweave.api import EXPORT_FORMATS
from newsweave.errors import StoreError
from newsweave.serve.context import (
    DB_KEY,
    BadRequest,
    NotFound,
    corpus,
    date_arg,
    int_arg,
    text_arg,
    timeline_png,
)

blueprint = Blueprint("api", __name__, url_prefix="/api")

# Listing rows leave out the long fields; the article endpoint has them.
_LIST_OMITS = ("body", "removed")


def article_row(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in _LIST_OMITS}


def _body() -> dict[str, Any]:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise BadRequest("the request body is not a JSON object",
                         "send Content-Type: application/json and a body such as {\"a\": \"ev-1\", \"b\": \"ev-2\"}")
    return payload


def _string_field(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"the body has no {name!r} string", f"add \"{name}\": \"...\" to the JSON body")
    return value.strip()


def _known_event(event_id: str) -> dict[str, Any]:
    event = corpus().event(event_id)
    if event is None:
        raise NotFound(f"no event {event_id!r}", "list events at /api/events")
    return event


def _correction(change: Any) -> Response:
    try:
        event = change()
    except ValueError as exc:
        raise BadRequest(str(exc), "check the ids at /api/events/<id>") from exc
    return jsonify(event)


@blueprint.get("")
def index() -> Response:
    """What the API offers: every endpoint with its method."""
    rules = sorted(
        (rule.rule, sorted(rule.methods - {"HEAD", "OPTIONS"}))
        for rule in current_app.url_map.iter_rules() if rule.rule.startswith("/api/"))
    return jsonify([{"path": path, "methods": methods} for path, methods in rules])


@blueprint.get("/summary")
def summary() -> Response:
    return jsonify(corpus().summary(top=int_arg("top", 10, low=1) or 10, stories=int_arg("stories", None)))


@blueprint.get("/articles")
def articles() -> Response:
    found = corpus().articles(outlet=text_arg("outlet"), since=date_arg("since"), until=date_arg("until"),
                              **_page_args())
    return jsonify([article_row(article.to_dict()) for article in found])


def _page_args() -> dict[str, Any]:
    """``limit`` and ``offset`` of a listing: all rows unless the request asks for one page."""
    return {"limit": int_arg("limit", None, low=1, high=100_000), "offset": int_arg("offset", 0, high=10**9) or 0}


@blueprint.get("/articles/<article_id>")
def article(article_id: str) -> Response:
    found = corpus().article(article_id)
    if found is None:
        raise NotFound(f"no article {article_id!r}", "list article ids at /api/articles")
    return jsonify(found.to_dict() | {"revisions": corpus().revisions(found.id)})


@blueprint.get("/search")
def search() -> Response:
    query = text_arg("q")
    if query is None:
        raise BadRequest("no search query", "add ?q=WORDS (SQLite FTS5 syntax: \"exact phrase\", a OR b)")
    try:
        return jsonify(corpus().search(query, int_arg("limit", 20, low=1) or 20))
    except StoreError as exc:
        raise BadRequest(str(exc), "quote phrases with double quotes, e.g. ?q=\"peace talks\"") from exc


@blueprint.get("/entities")
def entities() -> Response:
    return jsonify(corpus().entities(label=text_arg("label"), top=int_arg("top", None) or None))  # 0: all, as in the CLI


@blueprint.get("/entities/<path:name>")
def entity(name: str) -> Response:
    found = corpus().entity(name)
    if not found:
        raise NotFound(f"no entity named {name!r}", "list entities at /api/entities")
    return jsonify(found)


@blueprint.get("/quotes")
def quotes() -> Response:
    try:
        return jsonify(corpus().quotes(speaker=text_arg("speaker"), contains=text_arg("contains"),
                                       since=date_arg("since"), until=date_arg("until"), event=text_arg("event"),
                                       **_page_args()))
    except LookupError as exc:  # an unknown event
        raise NotFound(str(exc), "list events at /api/events") from exc


@blueprint.get("/events")
def events() -> Response:
    try:
        return jsonify(corpus().events(story=text_arg("story"), **_page_args()))
    except LookupError as exc:  # an unknown story
        raise NotFound(str(exc), "list stories at /api/stories") from exc


@blueprint.get("/events/<event_id>")
def event(event_id: str) -> Response:
    return jsonify(_known_event(event_id))


@blueprint.get("/stories")
def stories() -> Response:
    return jsonify(corpus().stories(**_page_args()))


@blueprint.get("/stories/<story_id>")
def story(story_id: str) -> Response:
    found = corpus().story(story_id)
    if found is None:
        raise NotFound(f"no story {story_id!r}", "list stories at /api/stories")
    return jsonify(found | {"timeline_png": url_for("api.timeline", story_id=story_id)})


@blueprint.get("/stories/<story_id>/timeline.png")
def timeline(story_id: str) -> Response:
    """The chart, tagged with a digest of the story record: a browser that has this version
    gets a 304 without the chart being drawn again."""
    found = corpus().story(story_id)
    if found is None:
        raise NotFound(f"no story {story_id!r}", "list stories at /api/stories")
    version = hashlib.sha256(json.dumps(found, sort_keys=True).encode()).hexdigest()[:20]
    if version in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(timeline_png(story_id), mimetype="image/png")
    response.set_etag(version)
    response.cache_control.no_cache = True  # always revalidate: corrections change the story
    return response


@blueprint.get("/duplicates")
def duplicates() -> Response:
    return jsonify(corpus().duplicates())


_EXPORT_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


@blueprint.get("/export.<format>")
def export(format: str) -> Response:
    """The whole corpus as ``newsweave export`` writes it, as a download: ``jsonl`` (every
    record), ``csv`` or ``parquet`` (one row per article)."""
    if format not in EXPORT_FORMATS:
        raise NotFound(f"no export format {format!r}",
                       "use " + ", ".join(f"/api/export.{known}" for known in EXPORT_FORMATS))
    with tempfile.TemporaryDirectory() as folder:
        written = Path(folder) / f"export.{format}"
        corpus().export(written, format)
        # sent from the open file: its name is gone before the first byte, its space when it is closed
        handle = written.open("rb")
    name = Path(current_app.config[DB_KEY]).stem
    return send_file(handle, mimetype=_EXPORT_TYPES[format], as_attachment=True, download_name=f"{name}.{format}")


@blueprint.get("/errors")
def errors() -> Response:
    return jsonify(corpus().errors(all_runs=text_arg("all") in ("1", "true", "yes")))


@blueprint.post("/events/merge")
def merge_events() -> Response:
    payload = _body()
    event_a, event_b = _string_field(payload, "a"), _string_field(payload, "b")
    if event_a == event_b:
        raise BadRequest("an event cannot be merged into itself", "give two different event ids")
    _known_event(event_a)
    _known_event(event_b)
    return _correction(lambda: corpus().merge_events(event_a, event_b))


@blueprint.post("/events/<event_id>/split")
def split_event(event_id: str) -> Response:
    ids = _body().get("article_ids")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise BadRequest("the body has no 'article_ids' list",
                         "send {\"article_ids\": [\"art_...\"]}: the articles to move into a new event")
    _known_event(event_id)
    return _correction(lambda: corpus().split_event(event_id, ids))


@blueprint.post("/articles/<article_id>/move")
def move_article(article_id: str) -> Response:
    event_id = _string_field(_body(), "event_id")
    found = corpus().article(article_id)
    if found is None:
        raise NotFound(f"no article {article_id!r}", "list article ids at /api/articles")
    _known_event(event_id)
    return _correction(lambda: corpus().move_article(found.id, event_id))
