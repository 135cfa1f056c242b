"""JSON and JSONL exports of scrapers (news-please, trafilatura JSON, CC-NEWS style).

Each object becomes one ``SourceDocument``; a broken line becomes a ``ReadError`` that
names its line number, and the other lines are still read.

A body may be an HTML fragment (a WordPress REST API post: ``{"title": {"rendered": ...},
"content": {"rendered": "<p>...</p>"}, "link": ..., "date": ...}``): its paragraphs are kept, its
markup is not.

``source`` means different things in different exports: trafilatura's JSON puts the page's URL
there (and its site name in ``source-hostname``), other exports the outlet's name. A value that
is a web address is read as the URL, never as an outlet.

A JSON document that is one object holding a list of articles (a news API's response:
``{"status": "ok", "articles": [...]}``) is read as that list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsweave.read.fragments import fragment_text, looks_like_markup, plain
from newsweave.records import ReadError, SourceDocument

# Field names used by common exports, most specific first.
BODY_KEYS = ("maintext", "text", "articleBody", "article_body", "body", "content", "raw_text", "plain_text")
HTML_KEYS = ("html", "raw_html", "source_html", "page_html")
# where a news API's response holds its articles
LIST_KEYS = ("articles", "results", "items", "data", "documents", "stories", "news")
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "title_page", "title_rss"),
    "url": ("url", "source_url", "link", "canonical_url", "uri", "source", "mainEntityOfPage"),
    "published": ("date_publish", "published", "publish_date", "datePublished", "pubdate", "date",
                  "published_at", "publishedAt", "publication_date"),
    "updated": ("date_modify", "updated", "dateModified", "modified", "updated_at"),
    "outlet": ("source_domain", "sitename", "site_name", "source-hostname", "publisher", "outlet", "source",
               "hostname", "domain"),
    "authors": ("authors", "author", "byline"),
    "standfirst": ("description", "standfirst", "excerpt", "summary", "subtitle"),
    "language": ("language", "lang", "inLanguage"),
}


def _first(obj: dict[str, Any], keys: tuple[str, ...], accept: Callable[[str, Any], bool] | None = None) -> Any:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", []) and (accept is None or accept(key, value)):
            return value
    return None


def _is_web_address(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


# a field's (key, value) must pass its check, or the next key is tried
_ACCEPTS: dict[str, Callable[[str, Any], bool]] = {
    "url": lambda key, value: key != "source" or _is_web_address(value),
    "outlet": lambda key, value: not _is_web_address(value),
}


def _named_value(value: Any, *keys: str) -> str | None:
    """A text value, or the first of ``keys`` of an object: schema.org's {"@type": "Organization",
    "name": ...}, WordPress's {"rendered": ...}; None for anything else."""
    if isinstance(value, dict):
        value = next((value[key] for key in keys if isinstance(value.get(key), str) and value[key].strip()), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


# fields read as prose, whose markup and character references go ("Kerry&#8217;s visit")
_PROSE_FIELDS = frozenset({"title", "standfirst", "outlet"})


def _authors_value(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    elif not isinstance(value, list):
        value = [value]
    # a number is a user id (WordPress's "author": 3), not a name
    return [plain(name) for item in value if isinstance(item, (str, dict)) and (name := _named_value(item, "name"))]


def _body_value(value: Any) -> str | None:
    """The article text of a body field: plain text, or an HTML fragment (WordPress's
    {"rendered": "<p>...</p>"}) as paragraphs."""
    if isinstance(value, dict):
        value = value.get("rendered") or value.get("@value")
    if not isinstance(value, str) or not value.strip():
        return None
    return fragment_text(value) if looks_like_markup(value) else value


def record_to_document(path: str, obj: Any, member: str) -> SourceDocument | ReadError:
    """Map one export object onto a ``SourceDocument``."""
    if not isinstance(obj, dict):
        return ReadError(path, f"expected a JSON object, got {type(obj).__name__}", member)
    fields: dict[str, Any] = {}
    for name, keys in FIELD_KEYS.items():
        value = _first(obj, keys, _ACCEPTS.get(name))
        if value is None:
            continue
        if name == "authors":
            value = _authors_value(value)
        elif name == "outlet":
            value = _named_value(value, "name", "domain")
        elif name == "url":
            value = _named_value(value, "@id", "url")
        else:
            value = _named_value(value, "name", "rendered", "@value")
        if value and name in _PROSE_FIELDS:
            value = plain(value)
        if value:
            fields[name] = value
    url = fields.pop("url", None)
    body = _body_value(_first(obj, BODY_KEYS))
    if body and body.strip():
        return SourceDocument(path=path, kind="record", content=body, url=url, member=member, fields=fields)
    html = _first(obj, HTML_KEYS)
    if isinstance(html, str) and html.strip():
        return SourceDocument(path=path, kind="html", content=html, url=url, member=member, fields=fields)
    known = ", ".join(BODY_KEYS + HTML_KEYS)
    return ReadError(path, f"no article text in this record (looked for {known})", member)


def iter_json_records(path: str, text: str) -> Iterator[SourceDocument | ReadError]:
    """Read a JSON document (object or list) or JSON Lines, one article per object."""
    stripped = text.strip()
    try:
        whole = json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):  # read line by line below, each error with its line
        whole = None
    if isinstance(whole, dict) and _first(whole, BODY_KEYS + HTML_KEYS) is None:
        listed = _first(whole, LIST_KEYS, lambda _, value: isinstance(value, list))
        if listed is not None:
            whole = listed
    if isinstance(whole, list):
        for index, obj in enumerate(whole, 1):
            yield record_to_document(path, obj, f"record {index}")
        return
    if isinstance(whole, dict):
        yield record_to_document(path, whole, "record 1")
        return
    yield from iter_json_lines(path, text.split("\n"))


def iter_json_lines(path: str, lines: Iterable[str]) -> Iterator[SourceDocument | ReadError]:
    """Read JSON Lines, one article per line; a broken line is an error naming its number."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(path, f"broken JSON on line {number}: {exc.msg} at column {exc.colno}", f"line {number}")
            continue
        except RecursionError:
            yield ReadError(path, f"JSON on line {number} is nested too deeply to read: no article record is",
                            f"line {number}")
            continue
        yield record_to_document(path, obj, f"line {number}")
