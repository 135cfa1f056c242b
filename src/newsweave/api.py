"""The Python API: one ``Corpus`` over one store, and single-article helpers.

The CLI (and any later web or scale-out face) is a thin layer over this module; the
logic lives here and in the stages it calls.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave.clean import LineStats, site_key
from newsweave.pipeline import content_sha256, identity_of, process_document
from newsweave.read import find_files, read_file
from newsweave.records import Article, ReadError, SourceDocument
from newsweave.store import Store

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
LINE_STATS_KEY = "line_stats"

ProgressCallback = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What one ``ingest`` call did."""

    files: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    errors: list[ReadError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files, "new": self.new, "revised": self.revised, "unchanged": self.unchanged,
            "errors": [{"path": e.path, "member": e.member, "reason": e.reason} for e in self.errors],
            "skipped": self.skipped,
        }


def _single(doc: SourceDocument) -> dict[str, Any]:
    article = process_document(doc)
    return article.to_dict()


def analyze_text(text: str, url: str | None = None) -> dict[str, Any]:
    """Clean and describe one plain-text article (no store). Returns the article record."""
    return _single(SourceDocument(path="<text>", kind="text", content=text, url=url))


def analyze_html(html: str, url: str | None = None) -> dict[str, Any]:
    """Extract and describe one HTML page (no store). Returns the article record."""
    return _single(SourceDocument(path="<html>", kind="html", content=html, url=url))


class Corpus:
    """A newsweave database: ingest articles, then browse, search and export them."""

    def __init__(self, path: str | Path = "newsweave.db") -> None:
        self.store = Store(path)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ---------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        outlet: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Read, clean, describe and store every article under ``paths``.

        Each file is stored in its own transaction: a broken file is reported (path and
        reason) and the rest of the batch goes on. Content already stored is skipped, and
        the same URL with new content becomes a revision of its article.
        """
        report = IngestReport()
        files, missing, skipped = find_files(paths)
        report.files = len(files)
        report.skipped = [str(path) for path in skipped]
        run_id = self.store.start_run()
        for error in missing:
            self._fail(run_id, report, error)

        stats = self._line_stats(files, progress)
        for index, path in enumerate(files, 1):
            if progress:
                progress(str(path), index, len(files))
            try:
                with self.store.transaction():
                    for item in read_file(path):
                        if isinstance(item, ReadError):
                            self._fail(run_id, report, item)
                            continue
                        self._store_document(item, stats, outlet, report)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
                self._fail(run_id, report, ReadError(str(path), f"could not process: {type(exc).__name__}: {exc}"))
        with self.store.transaction():
            self.store.put_state(LINE_STATS_KEY, stats.to_dict())
        self.store.finish_run(run_id, report.to_dict())
        return report

    def _fail(self, run_id: int, report: IngestReport, error: ReadError) -> None:
        report.errors.append(error)
        self.store.record_error(run_id, error.path, error.reason, error.member)

    def _line_stats(self, files: list[Path], progress: ProgressCallback | None) -> LineStats:
        """Corpus evidence for the text cleaner: every new text dump counted once, before cleaning."""
        saved = self.store.get_state(LINE_STATS_KEY)
        stats = LineStats.from_dict(saved) if saved else LineStats()
        for index, path in enumerate(files, 1):
            if progress:
                progress(f"scanning {path}", index, len(files))
            for item in read_file(path):
                if isinstance(item, SourceDocument) and item.kind == "text" and not self.store.content_seen(
                        content_sha256(item)):
                    stats.add_document(item.content, site=site_key(item))
        return stats

    def _store_document(self, doc: SourceDocument, stats: LineStats, outlet: str | None,
                        report: IngestReport) -> None:
        if self.store.content_seen(content_sha256(doc)):
            report.unchanged += 1
            return
        article = process_document(doc, stats=stats, outlet=outlet)
        status = self.store.save_article(article, identity_of(doc, article.source.url))
        if status == "new":
            report.new += 1
        elif status == "revision":
            report.revised += 1
        else:
            report.unchanged += 1
        report.article_ids.append(article.id)

    # -- browse ----------------------------------------------------------------------------

    def articles(self, *, outlet: str | None = None, since: str | None = None,
                 until: str | None = None) -> list[Article]:
        return self.store.articles(outlet=outlet, since=since, until=until)

    def article(self, article_id: str) -> Article | None:
        return self.store.article(article_id)

    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        return self.store.revisions(article_id)

    def errors(self, *, all_runs: bool = False) -> list[dict[str, Any]]:
        return self.store.errors(0 if all_runs else None)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        results = []
        for article_id, snippet in self.store.search(query, limit):
            article = self.store.article(article_id)
            if article:
                results.append({"id": article_id, "title": article.title, "outlet": article.outlet,
                                "published": article.published, "snippet": snippet})
        return results

    # -- export ----------------------------------------------------------------------------

    def records(self) -> Iterable[dict[str, Any]]:
        """Every record of the corpus, in export order: articles, then the corpus-level records."""
        for article in self.store.articles():
            yield article.to_dict()
        for entity in self.store.entities():
            yield {"type": "entity", **{k: v for k, v in entity.items() if k != "type"}}
        for event in self.store.events():
            yield {"type": "event", **{k: v for k, v in event.items() if k != "type"}}
        for story in self.store.stories():
            yield {"type": "story", **{k: v for k, v in story.items() if k != "type"}}

    def export(self, path: str | Path, format: str = "jsonl") -> int:
        """Write the corpus to ``path``; returns the number of records written.

        ``jsonl`` holds every record type; ``csv`` and ``parquet`` hold one row per article,
        with list and object fields as JSON text.
        """
        if format not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {format!r}: choose one of {', '.join(EXPORT_FORMATS)}")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if format == "jsonl":
            count = 0
            with path.open("w", encoding="utf-8") as handle:
                for record in self.records():
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
            return count
        rows = [_flat_row(article.to_dict()) for article in self.store.articles()]
        if format == "csv":
            columns = list(rows[0]) if rows else list(_flat_row(_empty_article()).keys())
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                writer.writerows(rows)
            return len(rows)
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = list(rows[0]) if rows else list(_flat_row(_empty_article()).keys())
        table = pa.table({column: [row[column] for row in rows] for column in columns})
        pq.write_table(table, path)
        return len(rows)


def _empty_article() -> dict[str, Any]:
    from newsweave.records import Source

    return Article(id="", source=Source("", None, ""), title=None, standfirst=None, outlet=None, credits=[],
                   published=None, published_from=None, updated=None, dateline=None, authors=[], language=None,
                   body="", removed=[], extractor="").to_dict()


def _flat_row(record: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in record.items():
        if key == "source":
            for sub, sub_value in value.items():
                row[f"source_{sub}"] = sub_value
        elif isinstance(value, list | dict):
            row[key] = json.dumps(value, ensure_ascii=False)
        else:
            row[key] = value
    return row
