"""Clean stage: a ``SourceDocument`` in, a ``CleanedDocument`` out.

Entry point: :func:`clean`. Plain-text dumps go through the line cleaner
(:mod:`newsweave.clean.text`), HTML through the extractor ensemble
(:mod:`newsweave.clean.html`); export records already hold the article text and are only
split into paragraphs, with flattened photo galleries taken out (:mod:`newsweave.clean.export`).
"""

from __future__ import annotations

from newsweave.clean.export import clean_record
from newsweave.clean.text import LineStats, clean_text
from newsweave.records import CleanedDocument, SourceDocument

__all__ = ["LineStats", "clean", "clean_text"]


def clean(doc: SourceDocument, *, stats: LineStats | None = None, site: str | None = None) -> CleanedDocument:
    """Clean one document according to its kind; ``site`` pools the corpus evidence of ``stats``."""
    if doc.kind == "html":
        # imported here: trafilatura is slow to import and text-only runs never need it
        from newsweave.clean.html import clean_html

        return clean_html(doc.content, url=doc.url)
    if doc.kind == "record":
        return clean_record(doc.content, title=doc.fields.get("title"), standfirst=doc.fields.get("standfirst"))
    return clean_text(doc.content, site=site, stats=stats, url=doc.url)
