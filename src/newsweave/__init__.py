"""newsweave: turn piles of scraped news articles into events, stories and who-said-what.

The public API: :class:`Corpus` (a database to ingest into, browse and export),
:func:`analyze_text` and :func:`analyze_html` (one article, no database).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Corpus", "IngestReport", "analyze_html", "analyze_text", "same_event_score"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import newsweave.records` stays light.
    if name in ("Corpus", "IngestReport", "analyze_html", "analyze_text", "same_event_score"):
        from newsweave import api

        return getattr(api, name)
    raise AttributeError(f"module 'newsweave' has no attribute {name!r}")
