"""RSS and Atom feeds saved to disk: each item that carries its article's text is one article.

Parsed with feedparser, which reads every RSS and Atom dialect and sanitises the items' HTML. A
feed item is an export record: its text was already extracted by the site (``content:encoded``,
Atom ``content``), so it goes to the clean stage as a ``record``, with the feed's title as its
site name (what a page's og:site_name is: "BBC News - World" names the outlet when the link's domain
confirms it), the item's link, title, date and authors as fields, and its summary as the standfirst.
An item that has only a short summary (most news feeds carry the first lines of each article)
is no article: it becomes a ``ReadError`` that names the item and its link, so the user can save
the page and ingest it. A summary of ``FULL_TEXT_WORDS`` words or more is the article's text
(feeds without ``content:encoded`` put it there).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import feedparser

from newsweave.read.fragments import fragment_text
from newsweave.records import ReadError, SourceDocument

FULL_TEXT_WORDS = 150


def _iso(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed) if parsed else None


def _authors(entry: Any) -> list[str]:
    names = [author.get("name") for author in entry.get("authors") or [] if author.get("name")]
    return names or ([entry.author] if entry.get("author") else [])


def iter_feed_items(path: str, text: str) -> Iterator[SourceDocument | ReadError]:
    """Yield one ``SourceDocument`` per item with the article's text, a ``ReadError`` per other item."""
    try:
        feed = feedparser.parse(text)
    except Exception as exc:  # feedparser itself trips on some damage ("&#99999999;"): a broken feed
        yield ReadError(path, f"broken feed ({type(exc).__name__}: {exc}): re-download the feed")
        return
    if not feed.entries:
        reason = f"broken feed: {feed.bozo_exception}" if feed.bozo else "feed with no items: nothing to ingest"
        yield ReadError(path, reason)
        return
    site = feed.feed.get("title") or None
    language = feed.feed.get("language") or None
    for number, entry in enumerate(feed.entries, 1):
        member = f"item {number}"
        contents = [part.get("value", "") for part in entry.get("content") or []]
        body = fragment_text(max(contents, key=len)) if contents else ""
        summary = fragment_text(entry.get("summary") or "")
        link = entry.get("link") or None
        if not body and len(summary.split()) >= FULL_TEXT_WORDS:
            body = summary
        if not body:
            where = f"; save the page at {link} and ingest it" if link else ""
            reason = (f"broken feed ({feed.bozo_exception}): this item has no article text; re-download the feed"
                      if feed.bozo else f"feed item holds only a summary, not the article{where}")
            yield ReadError(path, reason, member)
            continue
        # read as stored: feedparser answers a missing ``published_parsed`` with the updated date
        published, updated = dict.get(entry, "published_parsed"), dict.get(entry, "updated_parsed")
        fields: dict[str, Any] = {
            "title": entry.get("title") or None,
            "published": _iso(published) or _iso(updated),
            "updated": _iso(updated) if published and updated != published else None,
            "authors": _authors(entry),
            "standfirst": summary if summary and summary != body and not body.startswith(summary) else None,
            "sitename": site,
            "language": language,
        }
        yield SourceDocument(path=path, kind="record", content=body, url=link, member=member,
                             fields={name: value for name, value in fields.items() if value})
