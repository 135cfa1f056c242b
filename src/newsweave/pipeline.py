"""One document through read → clean → extract, into an ``Article`` record.

Corpus-level stages (entity resolution, linking) run over many articles and live in
:mod:`newsweave.api`; this module is the per-document part, free of any store.
``process_stream`` runs it over a stream of documents in worker processes, results in input
order: the per-document work is where an ingest spends its time, and it needs nothing but the
document and the corpus' line evidence.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import TypeVar

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


Item = TypeVar("Item")
IN_FLIGHT_PER_WORKER = 8  # documents sent ahead to each worker: enough to keep it busy, few in memory

_worker_stats: LineStats | None = None
_worker_outlet: str | None = None


def _start_worker(stats: dict | None, outlet: str | None) -> None:
    global _worker_stats, _worker_outlet
    _worker_stats = LineStats.from_dict(stats) if stats is not None else None
    _worker_outlet = outlet


def _process_in_worker(doc: SourceDocument) -> Article:
    return process_document(doc, stats=_worker_stats, outlet=_worker_outlet)


def process_stream(
    items: Iterable[Item],
    wanted: Callable[[Item], SourceDocument | None],
    *,
    stats: LineStats | None = None,
    outlet: str | None = None,
    workers: int = 1,
) -> Iterator[tuple[Item, Article | Exception | None]]:
    """``process_document`` over the documents of a stream, in ``workers`` processes.

    Yields ``(item, result)`` for every item, in input order: ``wanted(item)`` picks the
    document to process (None: the item passes through with result None, as a read error or
    a document stored already does), and a document whose processing raised has the exception
    as its result, so one bad document costs only itself. ``wanted`` is called in this
    process, as the stream is read; at most a few documents per worker are in flight.
    """
    if workers <= 1:
        for item in items:
            doc = wanted(item)
            if doc is None:
                yield item, None
                continue
            yield item, _processed(doc, stats, outlet)
        return
    # forked where the system can: a script calling ``ingest(workers=N)`` then needs no
    # ``if __name__ == "__main__"`` guard (spawned workers import the script again, and each
    # would run its ingest), and the workers start with the modules loaded. They run no model,
    # so model threads the calling process holds do not matter to them.
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(stats.to_dict() if stats else None, outlet)) as pool:
        pending: deque[tuple[Item, Future[Article] | None]] = deque()
        for item in items:
            doc = wanted(item)
            pending.append((item, _submit(pool, doc, stats, outlet) if doc is not None else None))
            while len(pending) > workers * IN_FLIGHT_PER_WORKER or (pending and _ready(pending[0][1])):
                yield _outcome(*pending.popleft())
        while pending:
            yield _outcome(*pending.popleft())


def _submit(pool: ProcessPoolExecutor, doc: SourceDocument, stats: LineStats | None,
            outlet: str | None) -> Future[Article]:
    """The document sent to a worker; done here if the pool broke (a worker was killed, as by
    the kernel for memory): the documents in flight then are reported, the others still done."""
    try:
        return pool.submit(_process_in_worker, doc)
    except BrokenProcessPool:
        done: Future[Article] = Future()
        outcome = _processed(doc, stats, outlet)
        if isinstance(outcome, Exception):
            done.set_exception(outcome)
        else:
            done.set_result(outcome)
        return done


def _processed(doc: SourceDocument, stats: LineStats | None, outlet: str | None) -> Article | Exception:
    """``process_document`` in this process; what it raises is the document's outcome, reported
    by the caller with the document's path."""
    try:
        return process_document(doc, stats=stats, outlet=outlet)
    except Exception as exc:  # noqa: BLE001 - one bad document must cost only itself
        return exc


def _ready(future: Future[Article] | None) -> bool:
    return future is None or future.done()


class WorkerDied(RuntimeError):
    """A worker process ended while it held the document (killed, as by the kernel for memory)."""


def _outcome(item: Item, future: Future[Article] | None) -> tuple[Item, Article | Exception | None]:
    if future is None:
        return item, None
    try:
        return item, future.result()
    except BrokenProcessPool:
        return item, WorkerDied("a worker process died while it held this document (out of memory?); "
                                "run the same ingest again, with fewer --workers if memory is short")
    except Exception as exc:  # noqa: BLE001 - as in ``_processed``
        return item, exc
