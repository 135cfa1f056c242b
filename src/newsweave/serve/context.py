"""Per-request access to the corpus, and the request parsing shared by the JSON API and the pages.

SQLite connections belong to the thread that opened them, and the server answers each request
in its own thread: every request opens its own :class:`~newsweave.api.Corpus` (cheap) and
closes it when the request ends.
"""

from __future__ import annotations

import re
import threading
from typing import cast

from flask import current_app, g, request

from newsweave.api import Corpus

DB_KEY = "NEWSWEAVE_DB"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# matplotlib's pyplot keeps global state: two threads drawing at once garble both charts.
_CHART_LOCK = threading.Lock()


class BadRequest(ValueError):
    """A query parameter or request body the server cannot use; the message says which."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class NotFound(LookupError):
    """An id or name the corpus does not hold."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def corpus() -> Corpus:
    """The request's corpus, opened on first use."""
    if "corpus" not in g:
        g.corpus = Corpus(current_app.config[DB_KEY])
    return g.corpus


def close_corpus(_exc: BaseException | None = None) -> None:
    opened = g.pop("corpus", None)
    if opened is not None:
        opened.close()


def text_arg(name: str) -> str | None:
    """A query parameter, ``None`` when absent or blank (an empty form field means no filter)."""
    value = request.args.get(name, "").strip()
    return value or None


def date_arg(name: str) -> str | None:
    value = text_arg(name)
    if value is not None and not _DATE.match(value):
        raise BadRequest(f"{name}={value!r} is not a date", f"write {name} as YYYY-MM-DD (or YYYY-MM, YYYY)")
    return value


def int_arg(name: str, default: int | None, *, low: int = 0, high: int = 10_000) -> int | None:
    value = text_arg(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise BadRequest(f"{name}={value!r} is not a whole number from {low} to {high}",
                         f"for example {name}={default if default is not None else low}")
    return number


def timeline_png(story_id: str) -> bytes:
    """A story's timeline chart; :class:`NotFound` for an unknown story."""
    with _CHART_LOCK:
        try:
            chart = corpus().timeline(story_id, "png")
        except ValueError as exc:
            raise NotFound(str(exc), "list stories at /api/stories") from exc
    return cast(bytes, chart)
