"""Publication and update dates of an HTML page, with where the date came from.

The dates themselves come from htmldate (``find_date``). htmldate does not say
which of its stages produced a date, so the provenance (``html-meta`` / ``url`` /
``text``) is recovered by re-running only its cheap structured stages (meta
tags, JSON-LD, ``<time datetime>``) and its URL matcher, and comparing days.
Those stage functions are htmldate internals (pinned version); if they ever
move, provenance degrades to "text" but the date itself is unaffected.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

from dateutil.parser import UnknownTimezoneWarning
from htmldate import find_date
from lxml.html import HtmlElement

try:  # provenance only; see module docstring
    from htmldate.core import examine_header, examine_time_elements
    from htmldate.extractors import extract_url_date, json_search
    from htmldate.utils import Extractor
    from htmldate.validators import get_min_date
except ImportError:  # pragma: no cover - depends on htmldate internals
    Extractor = None  # type: ignore[assignment,misc]

LOGGER = logging.getLogger(__name__)

DAY_FORMAT = "%Y-%m-%d"


@dataclass
class PageDates:
    """Dates found on one page (ISO ``YYYY-MM-DD``)."""

    published: str | None = None
    published_source: str | None = None  # "html-meta" | "url" | "text"
    updated: str | None = None


def _not_future(day: str | None, now: datetime) -> str | None:
    """Drop a day later than ``now`` (UTC) or one that does not parse."""
    if not day:
        return None
    try:
        parsed = datetime.strptime(day[:10], DAY_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return day if parsed.date() <= now.date() else None


def _htmldate(tree: HtmlElement, url: str | None, original: bool, now: datetime) -> str | None:
    try:
        return find_date(
            tree,
            url=url,
            extensive_search=True,
            original_date=original,
            outputformat=DAY_FORMAT,
            max_date=now.strftime(DAY_FORMAT),
        )
    except Exception as err:  # htmldate should not raise, but a date must never break cleaning
        LOGGER.debug("htmldate failed: %s", err)
        return None


def _source_of(day: str, tree: HtmlElement, url: str | None, now: datetime) -> str:
    """Which kind of evidence supports ``day``: structured markup beats the URL."""
    if Extractor is None:  # pragma: no cover
        return "text"
    options = Extractor(
        True, datetime(now.year, now.month, now.day, 23, 59, 59), get_min_date(None), True,
        DAY_FORMAT,
    )
    try:
        if day in (examine_header(tree, options), json_search(tree, options)):
            return "html-meta"
        if url and extract_url_date(url, options) == day:
            return "url"
        if examine_time_elements(tree, options) == day:
            return "html-meta"
    except Exception as err:  # provenance is best effort
        LOGGER.debug("date provenance failed: %s", err)
    return "text"


def find_page_dates(
    tree: HtmlElement, url: str | None = None, *, now: datetime | None = None
) -> PageDates:
    """Publication day (original) and last update day of a parsed page.

    ``updated`` is only reported when it is later than ``published``.
    """
    with warnings.catch_warnings():
        # htmldate hands zone names to dateutil, which warns on the user's terminal about the ones
        # it cannot place ("GST"); only the day is kept, so the zone does not matter
        warnings.simplefilter("ignore", UnknownTimezoneWarning)
        return _page_dates(tree, url, now or datetime.now(UTC))


def _page_dates(tree: HtmlElement, url: str | None, now: datetime) -> PageDates:
    published = _not_future(_htmldate(tree, url, True, now), now)
    updated = _not_future(_htmldate(tree, url, False, now), now)
    if updated and published and updated <= published:
        updated = None
    source = _source_of(published, tree, url, now) if published else None
    return PageDates(published=published, published_source=source, updated=updated)
