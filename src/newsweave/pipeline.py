"""One document through read → clean → extract, into an ``Article`` record.

Corpus-level stages (entity resolution, linking) run over many articles and live in
:mod:`newsweave.api`; this module is the per-document part, free of any store.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from newsweave.clean import LineStats, clean
from newsweave.extract import domain_of, extract_metadata
from newsweave.records import Article, Source, SourceDocument


def content_sha256(doc: SourceDocument) -> str:
    return hashlib.sha256(doc.content.encode("utf-8", errors="surrogatepass")).hexdigest()


def identity_of(doc: SourceDocument, url: str | None) -> str:
    """What makes two versions the same article: its URL, else where it was found."""
    if url:
        return "url:" + url.split("#", 1)[0].rstrip("/")
    member = f"#{doc.member}" if doc.member else ""
    return f"path:{doc.path}{member}"


def site_key(doc: SourceDocument) -> str | None:
    """The key under which corpus-level line evidence is pooled: the site, when known."""
    return domain_of(doc.url) or doc.fields.get("outlet") or None


def process_document(
    doc: SourceDocument,
    *,
    stats: LineStats | None = None,
    outlet: str | None = None,
    now: datetime | None = None,
) -> Article:
    """Clean a document and extract its metadata (no store, no model)."""
    cleaned = clean(doc, stats=stats, site=site_key(doc))
    meta = extract_metadata(doc, cleaned, outlet=outlet, now=now)
    sha = content_sha256(doc)
    return Article(
        id="art_" + sha[:12],
        source=Source(path=doc.path, url=meta.url, sha256=sha, member=doc.member),
        title=meta.title,
        standfirst=meta.standfirst,
        outlet=meta.outlet,
        credits=meta.credits,
        published=meta.published,
        published_from=meta.published_from,
        updated=meta.updated,
        dateline=meta.dateline,
        authors=meta.authors,
        language=meta.language,
        body=cleaned.body,
        removed=[removed.text for removed in cleaned.removed],
        extractor=cleaned.extractor,
    )
