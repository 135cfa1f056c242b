"""The Python API: one ``Corpus`` over one store, and single-article helpers.

The CLI (and any later web or scale-out face) is a thin layer over this module; the
logic lives here and in the stages it calls.
"""

from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsweave.clean import LineStats
from newsweave.pipeline import (
    content_sha256,
    identity_of,
    process_document,
    process_stream,
    site_key,
)
from newsweave.read import decode_bytes, find_files, read_file, text_dumps
from newsweave.records import Article, ReadError, SourceDocument
from newsweave.store import Store

if TYPE_CHECKING:  # the link stage loads the embedding model: imported when linking
    from newsweave.link import LinkInput

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
LINE_STATS_KEY = "line_stats"
ENTITIES_KEY = "entity_resolver"
LINK_KEY = "linker"
ANALYSIS_CHECKPOINT = 2048  # articles analysed between two saves of the corpus-wide entities
ARTICLE_PAGE = 256  # articles a corpus-wide pass reads from the store at a time (and between progress reports)
_NO_TEXT = {
    "html": "no article text in the page: it is empty or only scripts, often a bot check; "
            "fetch the page again (with a browser) and re-ingest it",
    "record": "no article text left in this record after cleaning",
    "text": "no article text: every line of the file looks like page furniture (menus, "
            "share bars, captions); check that the file holds an article",
}

ProgressCallback = Callable[[str, int, int], None]
# entity labels the overview's most mentioned and an event's "who and what" leave out (see ``summary``)
SUMMARY_WITHOUT = ("NORP",)
# a file of many records (a JSONL export, a WARC, a zip) tells its progress every so many records
RECORD_PROGRESS_EVERY = 100


@dataclass
class _Read:
    """One record read from ``path``: a document, a read error, or None where the file ends."""

    path: Path
    item: SourceDocument | ReadError | None


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


def _single(doc: SourceDocument, model: str | None) -> dict[str, Any]:
    from newsweave.analyse import EntityResolver, analyse_many, load_nlp

    article = process_document(doc)
    nlp = load_nlp(model) if model else load_nlp()
    [analysis] = list(analyse_many([_analysis_input(article)], nlp=nlp))
    EntityResolver().add(article.id, analysis, article.published)
    _apply_analysis(article, analysis)
    return article.to_dict()


def _analysis_input(article: Article) -> dict[str, Any]:
    return {"body": article.body, "title": article.title, "standfirst": article.standfirst,
            "published": article.published, "language": article.language, "authors": article.authors}


def _apply_analysis(article: Article, analysis: Any) -> None:
    article.entities = analysis.to_dict()["entities"]
    # speaker_kind tells a person or organisation from a document ("the report reads");
    # headline and standfirst quotes say which field their offsets point into.
    article.quotes = [quote.to_dict() | {"speaker_kind": quote.speaker_kind} for quote in analysis.quotes] + [
        quote.to_dict() | {"speaker_kind": quote.speaker_kind, "field": quote.field}
        for quote in analysis.headline_quotes]


def same_event_score(record_a: dict[str, Any], record_b: dict[str, Any]) -> float:
    """How likely two article records report the same real-world happening, in [0, 1]."""
    from newsweave.link import same_event_score as score

    return score(record_a, record_b)


def link_input(article: Article) -> LinkInput:
    """What the linker reads of a stored, analysed article. A page that shows only when it was
    last updated ("Updated: May 24, 2005") is dated by that day: an update follows publication
    closely, and an undated article cannot be placed in time at all. A date the linker itself
    inferred (from the event it put the article in) is not evidence for linking it again. An
    undated page whose URL gives a month (``/2013/09/slug``) is not older than that month."""
    from newsweave.extract.dates import month_from_url
    from newsweave.link import LinkInput

    published = (None if article.published_from == "inferred" else article.published) or article.updated
    return LinkInput(article_id=article.id, title=article.title, body=article.body,
                     published=published,
                     outlet=article.outlet, credits=article.credits,
                     entities=[{"id": e.get("id"), "name": e["name"], "label": e["label"],
                               "mentions": [{"start": m["start"]} for m in e.get("mentions") or []]}
                              for e in article.entities],
                     language=article.language, quotes=article.quotes,
                     not_before=None if published else month_from_url(article.source.url))


def analyze_text(text: str | bytes, url: str | None = None, *, model: str | None = None) -> dict[str, Any]:
    """Clean and describe one plain-text article (no store): the article record with entities and
    quotes. Bytes are decoded as a file's would be."""
    return _single(SourceDocument(path="<text>", kind="text", content=_text_of(text, "analyze_text"), url=url), model)


def analyze_html(html: str | bytes, url: str | None = None, *, model: str | None = None) -> dict[str, Any]:
    """Extract and describe one HTML page (no store): the article record with entities and
    quotes. Bytes (a response's body) are decoded as a file's would be."""
    return _single(SourceDocument(path="<html>", kind="html", content=_text_of(html, "analyze_html"), url=url), model)


def _text_of(value: str | bytes, function: str) -> str:
    """The article as text; bytes decoded (``DecodeError``, a ValueError, for binary content)."""
    if isinstance(value, bytes | bytearray):
        return decode_bytes(bytes(value))
    if not isinstance(value, str):
        raise TypeError(f"{function} takes the article as str or bytes, not {type(value).__name__}")
    return value


EVENT_ENTITIES = 8  # entities an event lists under "who and what"


def _most_named(articles: list[Article], top: int = EVENT_ENTITIES) -> list[dict[str, Any]]:
    """Who and what a group of articles is about: the entities the most of them name, then the
    most mentioned, as ``{"id", "name", "label", "articles", "mentions"}``; nationalities and
    groups left out, as in the overview ("Russia 2, Russian 2")."""
    found: dict[str, dict[str, Any]] = {}
    for article in articles:
        for entity in article.entities:
            key = entity.get("id") or entity.get("name")
            if not key or entity.get("label") in SUMMARY_WITHOUT:
                continue
            seen = found.setdefault(key, {"id": entity.get("id"), "name": entity.get("name"),
                                          "label": entity.get("label"), "articles": 0, "mentions": 0})
            seen["articles"] += 1
            seen["mentions"] += len(entity.get("mentions") or []) or 1
    ranked = sorted(found.values(), key=lambda e: (-e["articles"], -e["mentions"], str(e["name"])))
    return ranked[:top]


class Corpus:
    """A newsweave database: ingest articles, then browse, search and export them."""

    def __init__(self, path: str | Path = "newsweave.db", *, model: str | None = None) -> None:
        """Open (or create) the database at ``path``; ``model`` names an installed spaCy pipeline."""
        self.store = Store(path)
        self.model = model

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- ingest ---------------------------------------------------------------------------

    def ingest(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        outlet: str | None = None,
        progress: ProgressCallback | None = None,
        analyse: bool = True,
        link: bool = True,
        workers: int = 1,
    ) -> IngestReport:
        """Read, clean, describe and store every article under ``paths`` (one path, or a list), then analyse and link
        the new ones (``analyse=False`` / ``link=False`` defer that to :meth:`analyse` / :meth:`link`).
        ``workers``: processes that clean, describe and analyse articles side by side (the
        results, and their order, are the same as with one).

        Each file is stored in its own transaction: a broken file is reported (path and
        reason) and the rest of the batch goes on. Content already stored is skipped, and
        the same URL with new content becomes a revision of its article.
        """
        if analyse:
            self.check_model()  # a missing model fails before any file is read, not after
        report = IngestReport()
        files, missing, skipped = find_files(paths)
        report.files = len(files)
        own = self.store.own_files()  # the database may sit in the folder being read
        report.skipped = [str(path) for path in skipped if path.resolve() not in own]
        run_id = self.store.start_run()
        for error in missing:
            self._fail(run_id, report, error)

        stats = self._line_stats(files, progress)
        results = process_stream(self._read(files, progress), self._unseen, stats=stats, outlet=outlet,
                                 workers=workers)
        for path in files:
            file_read = False
            try:
                with self.store.transaction():
                    for read, outcome in results:
                        if read.item is None:
                            file_read = True
                            break
                        failure = self._store_outcome(read, outcome, report)
                        if failure:
                            self._fail(run_id, report, failure)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
                self._fail(run_id, report, ReadError(str(path), f"could not process: {type(exc).__name__}: {exc}"))
                if not file_read:  # the rest of the file's records go with its transaction
                    for read, _ in results:
                        if read.item is None:
                            break
        with self.store.transaction():
            self.store.put_state(LINE_STATS_KEY, stats.to_dict())
        if analyse:
            with self._corpus_lock(progress):
                _, failures = self._analyse(progress, workers=workers)
            for failure in failures:
                self._fail(run_id, report, failure)
            if link:
                self.link(progress=progress)
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
                progress(f"scanning {path}", index - 1, len(files))
            for count, item in enumerate(text_dumps(path), 1):
                if progress and count % RECORD_PROGRESS_EVERY == 0:
                    progress(f"scanning {path} ({count:,} records)", index - 1, len(files))
                if not self.store.content_seen(content_sha256(item)):
                    stats.add_document(item.content, site=site_key(item))
        return stats

    def _read(self, files: list[Path], progress: ProgressCallback | None) -> Iterator[_Read]:
        """Every record of every file, each file closed by a ``_Read`` with no item; a file
        that cannot be read further ends with the error saying why (its records read so far
        are kept)."""
        for index, path in enumerate(files, 1):
            if progress:
                progress(str(path), index - 1, len(files))  # files done: the bar fills as they end
            try:
                for count, item in enumerate(read_file(path), 1):
                    if progress and count % RECORD_PROGRESS_EVERY == 0:
                        progress(f"{path} ({count:,} records)", index - 1, len(files))
                    yield _Read(path, item)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
                yield _Read(path, ReadError(str(path), f"could not process: {type(exc).__name__}: {exc}"))
            yield _Read(path, None)

    def _unseen(self, read: _Read) -> SourceDocument | None:
        """The document to clean and describe: one whose content is not stored yet."""
        if isinstance(read.item, SourceDocument) and not self.store.content_seen(content_sha256(read.item)):
            return read.item
        return None

    def _store_outcome(self, read: _Read, outcome: Article | Exception | None,
                       report: IngestReport) -> ReadError | None:
        """Store one processed document (each in a savepoint of its file's transaction); a read
        error, a document that failed processing or one without article text is returned as an
        error, so the user sees it and can fetch the page again."""
        item = read.item
        if isinstance(item, ReadError):
            return item
        assert isinstance(item, SourceDocument)
        if isinstance(outcome, Exception):
            return ReadError(str(read.path), f"could not process: {type(outcome).__name__}: {outcome}", item.member)
        if outcome is None:  # stored before (a text seen twice in one batch: the store says so below)
            report.unchanged += 1
            return None
        if not outcome.body.strip():
            return ReadError(item.path, _NO_TEXT.get(item.kind, _NO_TEXT["text"]), item.member)
        try:
            with self.store.transaction():  # one document: a savepoint in the file's
                status = self.store.save_article(outcome, identity_of(item, outcome.source.url))
        except Exception as exc:  # noqa: BLE001 - one bad record must not cost the file
            return ReadError(str(read.path), f"could not process: {type(exc).__name__}: {exc}", item.member)
        if status == "new":
            report.new += 1
        elif status == "revision":
            report.revised += 1
        else:
            report.unchanged += 1
        report.article_ids.append(outcome.id)
        return None

    # -- analyse: entities and quotes -------------------------------------------------------

    def check_model(self) -> None:
        """Raise ``newsweave.analyse.ModelError`` (saying what to install) unless the spaCy model
        and the first-name data are usable."""
        from newsweave.analyse import load_name_genders, verify_model
        from newsweave.analyse.nlp import DEFAULT_MODEL

        verify_model(self.model or DEFAULT_MODEL)
        load_name_genders()

    def _corpus_lock(self, progress: ProgressCallback | None) -> AbstractContextManager[None]:
        """The corpus-wide state for one read-change-write; a second process waits its turn."""
        def waiting() -> None:
            if progress:
                progress(f"waiting for another newsweave process to finish with {self.store.path}", 0, 0)

        return self.store.corpus_lock(on_wait=waiting)

    def analyse(self, *, progress: ProgressCallback | None = None, again: bool = False, workers: int = 1) -> int:
        """Find entities and quotes in every article not analysed yet, and resolve the entities
        across the corpus. Returns how many articles were analysed.

        ``again``: analyse every article afresh and resolve the entities from scratch (after an
        upgrade, or with another model); an interrupted run is finished by running it again.
        """
        with self._corpus_lock(progress):
            count, failures = self._analyse(progress, again, workers)
        if failures:  # listed by `newsweave errors`, as an ingest's are
            run_id = self.store.start_run()
            for failure in failures:
                self.store.record_error(run_id, failure.path, failure.reason, failure.member)
            self.store.finish_run(run_id, {"analysed": count, "errors": len(failures)})
        return count

    def _analyse(self, progress: ProgressCallback | None, again: bool = False,
                 workers: int = 1) -> tuple[int, list[ReadError]]:
        """(articles analysed, those the analysis failed on: stored with no entities or quotes).

        An article counts as analysed only once the corpus-wide entities that hold it are saved
        (``_checkpoint``, every ``ANALYSIS_CHECKPOINT`` articles): a run stopped midway resumes
        from the last checkpoint. ``again`` first makes every article pending, from no entities."""
        from newsweave.analyse import EntityResolver, analyse_many, load_nlp

        if again:
            with self.store.transaction():
                self.store.reset_analysed()
                self.store.put_state(ENTITIES_KEY, None)
        pending = self.store.article_ids(pending="analysed")
        if not pending:
            return 0, []
        nlp = load_nlp(self.model) if self.model else load_nlp()
        saved = self.store.get_state(ENTITIES_KEY)
        resolver = EntityResolver.from_dict(saved) if saved else EntityResolver()
        in_flight: deque[Article] = deque()  # read, not yet analysed: nlp.pipe reads a batch ahead

        def inputs() -> Iterator[dict[str, Any]]:
            for article in self._paged(pending):
                in_flight.append(article)
                yield _analysis_input(article)

        failures: list[ReadError] = []
        done: list[str] = []
        for index, analysis in enumerate(analyse_many(inputs(), nlp=nlp, n_process=workers), 1):
            article = in_flight.popleft()
            if progress:
                progress(f"analysing {_label(article)}", index, len(pending))
            if analysis.failure:
                failures.append(ReadError(article.source.path, f"entities and quotes not found ({analysis.failure}); "
                                          "the article is kept and linked by its text: please report this"))
            resolver.add(article.id, analysis, article.published)
            _apply_analysis(article, analysis)
            with self.store.transaction():
                self.store.update_article(article)
                self.store.replace_quotes(article.id, article.published, article.quotes)
            done.append(article.id)
            if len(done) == ANALYSIS_CHECKPOINT:
                self._checkpoint(resolver, done)
                done = []
        self._checkpoint(resolver, done)
        return len(pending), failures

    def _checkpoint(self, resolver: Any, analysed: list[str]) -> None:
        """The corpus-wide entities saved, and the articles they hold marked analysed, at once."""
        with self.store.transaction():
            self.store.replace_entities([entity.to_dict() for entity in resolver.entities()])
            self.store.put_state(ENTITIES_KEY, resolver.to_dict())
            self.store.mark_analysed(analysed)

    # -- link: copies, events, stories --------------------------------------------------------

    def _current_event_id(self, event_id: str) -> str:
        from newsweave.link import follow_aliases

        return follow_aliases((self.store.get_state(LINK_KEY) or {}).get("aliases", {}), event_id)

    def _linker(self, *, upgrade: bool = False) -> Any:
        """The linker as stored. ``upgrade`` (for a link, not a read): features an older
        newsweave stored are first given what this one needs (``_upgraded``)."""
        from newsweave.link import Linker, LinkState

        saved = self.store.get_state(LINK_KEY)
        if not saved:
            return Linker()
        features = self.store.link_features()
        return Linker(LinkState.from_dict(saved | {"articles": self._upgraded(features) if upgrade else features}))

    @staticmethod
    def _snapshot(linker: Any) -> dict[str, tuple[Any, ...]]:
        """Per article: what the article record shows of the linker's state."""
        event_dates = {event.id: event.date for event in linker.events()}
        return {link.article_id: (link.event_id, link.story_id, link.duplicate_of, link.copy_group,
                                  event_dates.get(link.event_id))
                for link in linker.article_links()}

    def _save_linker(self, linker: Any, before: dict[str, tuple[Any, ...]]) -> None:
        """Persist the linker and rewrite only the article records whose links changed since ``before``."""
        state = linker.state().to_dict()
        known = self.store.link_feature_ids()
        self.store.add_link_features([f for f in state.pop("articles") if f["article_id"] not in known])
        self.store.put_state(LINK_KEY, state)
        self.store.replace_links([e.to_dict() for e in linker.events()], [s.to_dict() for s in linker.stories()],
                                 [g.to_dict() for g in linker.copy_groups()])
        after = self._snapshot(linker)
        changed = [article_id for article_id, values in after.items() if before.get(article_id) != values]
        for start in range(0, len(changed), ARTICLE_PAGE):
            for article in self.store.articles(ids=changed[start:start + ARTICLE_PAGE]):
                published = article.published
                (article.event_id, article.story_id, article.duplicate_of, article.copy_group,
                 event_date) = after[article.id]
                if article.published_from in (None, "inferred"):
                    # An undated page that reports a dated event was published on or soon after that day.
                    article.published = event_date
                    article.published_from = "inferred" if event_date else None
                self.store.update_article(article)
                if published != article.published:
                    self.store.replace_quotes(article.id, article.published, article.quotes)

    def link(self, *, progress: ProgressCallback | None = None, again: bool = False) -> int:
        """Place every article not linked yet into copy groups, events and stories.
        Returns how many articles were linked.

        ``again``: link every article afresh, from its current text and entities (after
        upgrading newsweave, or after ``analyse(again=True)``). What a human corrected stays as
        they left it, and every event id given out before still leads to its event."""
        with self._corpus_lock(progress):
            return self._relink(progress) if again else self._link(progress)

    def _upgraded(self, features: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``features`` with those an older newsweave stored given what this one needs (once per
        database, written back): the copy fingerprints, from each article's body, so new
        articles find their copies among the old ones. Copy groups already found stay."""
        from newsweave.link import outdated, with_fingerprints

        stale = [f["article_id"] for f in features if outdated(f)]
        if not stale:
            return features
        upgraded: dict[str, dict[str, Any]] = {}
        current = {f["article_id"]: f for f in features}
        for start in range(0, len(stale), ARTICLE_PAGE):
            for article in self.store.articles(ids=stale[start:start + ARTICLE_PAGE]):
                upgraded[article.id] = with_fingerprints(current[article.id], article.body)
        with self.store.transaction():
            self.store.update_link_features(list(upgraded.values()))
        return [upgraded.get(f["article_id"], f) for f in features]

    def _relink(self, progress: ProgressCallback | None) -> int:
        from newsweave.link import Linker

        if self.store.articles(pending="analysed", limit=1):
            self.analyse(progress=progress)  # linking uses the resolved entities
        ids = self.store.article_ids()
        features = self._link_features(ids, progress)
        if progress:
            progress(f"linking {len(ids)} articles", len(ids), len(ids))
        old = self._linker()
        before = self._snapshot(old)
        linker = Linker.relinked(old.state(), features)
        with self.store.transaction():
            self.store.add_link_features([item.to_dict() for item in features])
            self._save_linker(linker, before)
            for article_id in ids:
                self.store.mark_linked(article_id)
        return len(ids)

    def _paged(self, ids: list[str]) -> Iterator[Article]:
        """The articles of ``ids``, read ``ARTICLE_PAGE`` at a time: a pass over a large corpus
        holds one page of records, not the corpus."""
        for start in range(0, len(ids), ARTICLE_PAGE):
            yield from self.store.articles(ids=ids[start:start + ARTICLE_PAGE])

    def _link_features(self, ids: list[str], progress: ProgressCallback | None) -> list[Any]:
        """The linking features of the articles of ``ids`` (embedding them is the slow part of
        linking: progress is reported page by page)."""
        from newsweave.link import article_features

        features: list[Any] = []
        for start in range(0, len(ids), ARTICLE_PAGE):
            if progress:
                progress(f"reading {len(ids)} articles for linking", start, len(ids))
            page = self.store.articles(ids=ids[start:start + ARTICLE_PAGE])
            features += article_features([link_input(article) for article in page])
        return features

    def _link(self, progress: ProgressCallback | None) -> int:
        if self.store.articles(pending="analysed", limit=1):
            self.analyse(progress=progress)  # linking uses the resolved entities
        pending = self.store.article_ids(pending="linked")
        if not pending:
            return 0
        features = self._link_features(pending, progress)
        if progress:
            progress(f"linking {len(pending)} articles", len(pending), len(pending))
        linker = self._linker(upgrade=True)
        before = self._snapshot(linker)
        linker.add(features)
        with self.store.transaction():
            self._save_linker(linker, before)
            for article_id in pending:
                self.store.mark_linked(article_id)
        if progress:
            progress(f"linked {len(pending)} articles", len(pending), len(pending))
        return len(pending)

    def merge_events(self, event_a: str, event_b: str) -> dict[str, Any]:
        """Merge event B into event A (a human correction, kept across later ingests)."""
        return self._correct(lambda linker: linker.merge_events(event_a, event_b), event_a)

    def split_event(self, event_id: str, article_ids: list[str]) -> dict[str, Any]:
        """Move ``article_ids`` out of ``event_id`` into a new event; returns the new event."""
        holder: dict[str, str] = {}

        def split(linker: Any) -> None:
            holder["id"] = linker.split_event(event_id, article_ids)

        self._correct(split, event_id)
        return self.event(holder["id"]) or {}

    def move_article(self, article_id: str, event_id: str) -> dict[str, Any]:
        """Put one article into another event (a human correction)."""
        return self._correct(lambda linker: linker.move_article(article_id, event_id), event_id)

    def _correct(self, change: Callable[[Any], None], event_id: str) -> dict[str, Any]:
        with self._corpus_lock(None):
            linker = self._linker()
            before = self._snapshot(linker)
            try:
                change(linker)
            except KeyError as exc:
                unknown = exc.args[0] if exc.args else exc
                raise ValueError(f"unknown event or article {unknown}: list them with `newsweave events`") from exc
            with self.store.transaction():
                self._save_linker(linker, before)
        return self.event(event_id) or {}

    # -- who and what ----------------------------------------------------------------------------

    def entities(self, *, label: str | None = None, top: int | None = None) -> list[dict[str, Any]]:
        return self.store.entities(label=label, top=top)

    def entity(self, name: str) -> list[dict[str, Any]]:
        """Entities matching a name or alias, each with its quotes over time."""
        found = self.store.find_entities(name)
        for entity in found:
            entity["quotes"] = self._present_quotes(self.store.quotes(speaker_ids=[entity["id"]]))
        return found

    def _present_quotes(self, quotes: list[dict[str, Any]],
                        names: dict[str, str] | None = None) -> list[dict[str, Any]]:
        if names is None:
            names = self.store.entity_names(quote.get("speaker_id") for quote in quotes)
        for quote in quotes:
            if quote.get("speaker_id") in names:
                quote["speaker"] = names[quote["speaker_id"]]
        return quotes

    def quotes(self, *, speaker: str | None = None, contains: str | None = None, since: str | None = None,
               until: str | None = None, event: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Quotes in publication order, filtered (``event``: who said what in the articles of one
        event); ``limit`` and ``offset`` page them. An unknown event raises LookupError."""
        return self._present_quotes(self.store.quotes(
            speaker_ids=self._speaker_ids(speaker), contains=contains, since=since, until=until,
            article_ids=self._event_articles(event), limit=limit, offset=offset))

    def count_quotes(self, *, speaker: str | None = None, contains: str | None = None, since: str | None = None,
                     until: str | None = None, event: str | None = None) -> int:
        """How many quotes ``quotes`` finds with the same filters, all pages together."""
        return self.store.count_quotes(speaker_ids=self._speaker_ids(speaker), contains=contains,
                                       since=since, until=until, article_ids=self._event_articles(event))

    def _event_articles(self, event_id: str | None) -> list[str] | None:
        """The articles of an event (or of the event a merged id became part of); None for no filter."""
        if event_id is None:
            return None
        event = self._stored_event(event_id)
        if event is None:
            raise LookupError(f"no event {event_id!r}: list them with `newsweave events`")
        return list(event.get("article_ids", []))

    def _stored_event(self, event_id: str) -> dict[str, Any] | None:
        """The stored event, or the one a merged id became part of."""
        return self.store.event(event_id) or self.store.event(self._current_event_id(event_id))

    def _speaker_ids(self, speaker: str | None) -> list[str] | None:
        return [entity["id"] for entity in self.store.find_entities(speaker)] if speaker else None

    # -- events and stories ------------------------------------------------------------------------

    def events(self, *, story: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Events in date order (of one story, or all); ``limit`` and ``offset`` page them. An
        unknown story raises LookupError."""
        return self.store.events(story_id=self._known_story(story), limit=limit, offset=offset)

    def count_events(self, *, story: str | None = None) -> int:
        """How many events ``events`` finds with the same filter, all pages together."""
        return self.store.count_events(story_id=self._known_story(story))

    def _known_story(self, story_id: str | None) -> str | None:
        if story_id is not None and self.store.story(story_id) is None:
            raise LookupError(f"no story {story_id!r}: list them with `newsweave stories`")
        return story_id

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with its articles; the id of an event since merged into another (by a human
        or by later evidence) leads to the event it became part of."""
        event = self._stored_event(event_id)
        if event:
            members = self._present(self.store.articles(ids=event.get("article_ids", [])))
            event["articles"] = [
                {k: v for k, v in a.to_dict().items() if k in ("id", "title", "outlet", "published", "duplicate_of")}
                for a in members]
            event["entities"] = _most_named(members)
            event["quotes"] = self._present_quotes(event.get("quotes", []))  # absent before 2026-11-24
        return event

    def stories(self, *, ids: list[str] | None = None, limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
        """Stories (all, or these ``ids``), the longest-running first: most events, then the
        latest; ``limit`` and ``offset`` page them."""
        return self.store.stories(ids=ids, limit=limit, offset=offset)

    def count_stories(self) -> int:
        return self.store.count("stories")

    def events_around(self, event_id: str, limit: int = 200) -> list[dict[str, Any]]:
        """The events dated nearest to this one (itself left out): candidates to merge it with
        or move its articles to."""
        event = self.store.event(event_id)
        if event is None:
            return []
        return [other for other in self.store.events_around(event.get("date"), limit + 1)
                if other["id"] != event_id][:limit]

    def story(self, story_id: str) -> dict[str, Any] | None:
        return self.store.story(story_id)

    def duplicates(self) -> list[dict[str, Any]]:
        """Copy groups with more than one member: the originator and its republishers."""
        return [group for group in self.store.copy_groups() if group.get("republishers")]

    def timeline(self, story_id: str, fmt: str = "text") -> str | bytes:
        """A story's events in date order as text, JSON, a PNG chart or an HTML page."""
        from newsweave.link import render_timeline

        linker = self._linker()
        story = next((s for s in linker.stories() if s.id == story_id), None)
        if story is None:
            raise ValueError(f"no story {story_id!r}: list them with `newsweave stories`")
        events = [event for event in linker.events() if event.story_id == story_id]
        return render_timeline(story, events, fmt)

    # -- browse ----------------------------------------------------------------------------

    def articles(self, *, outlet: str | None = None, since: str | None = None, until: str | None = None,
                 ids: list[str] | None = None, limit: int | None = None, offset: int = 0) -> list[Article]:
        """Stored articles in publication order, filtered by outlet, date range or ids;
        ``limit`` and ``offset`` page them."""
        return self._present(self.store.articles(outlet=outlet, since=since, until=until, ids=ids,
                                                 limit=limit, offset=offset))

    def count_articles(self, *, outlet: str | None = None, since: str | None = None, until: str | None = None) -> int:
        """How many articles ``articles`` finds with the same filters, all pages together."""
        return self.store.count_articles(outlet=outlet, since=since, until=until)

    def outlets(self) -> dict[str, int]:
        """Articles per outlet, most first (``"(unknown)"`` for articles no evidence names)."""
        return self.store.outlet_counts()

    def article(self, article_id: str) -> Article | None:
        article = self.store.article(article_id)
        return self._present([article])[0] if article else None

    def _present(self, articles: list[Article]) -> list[Article]:
        """Show entities and speakers under their current corpus-wide names: an entity's name
        can improve as later articles arrive, after an earlier article was stored."""
        names = self.store.entity_names(
            [entity.get("id") for article in articles for entity in article.entities]
            + [quote.get("speaker_id") for article in articles for quote in article.quotes])
        for article in articles:
            for entity in article.entities:
                entity["name"] = names.get(entity.get("id"), entity["name"])
            self._present_quotes(article.quotes, names)
        return articles

    def _all_articles(self) -> Iterator[Article]:
        """Every article, in publication order, presented (``_present``) a page at a time."""
        ids = self.store.article_ids()
        for start in range(0, len(ids), ARTICLE_PAGE):
            yield from self._present(self.store.articles(ids=ids[start:start + ARTICLE_PAGE]))

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

    def summary(self, *, top: int = 10, stories: int | None = None) -> dict[str, Any]:
        """What the corpus holds: counts, outlets (most articles first), the ``top`` most mentioned
        entities, and stories with their events: the longest-running first (most events, then
        latest), the first ``stories`` of them (all when None); ``story_count`` counts them all.

        The most mentioned are people, organisations, places and named events: nationalities
        and groups (NORP: "Russian", "Republicans") are mostly adjectives beside their country
        or party, and listed them twice ("Russia (5), Russian (5)"); ``entities`` has them."""
        found = self.store.stories(limit=stories)
        return {
            "articles": self.store.count_articles(),
            "outlets": self.store.outlet_counts(),
            "entities": self.store.count("entities"),
            "top_entities": [{"name": e["name"], "label": e["label"], "articles": len(e.get("article_ids", []))}
                             for e in self.store.entities(top=top, without_labels=SUMMARY_WITHOUT)],
            "quotes": self.store.count("quotes"),
            "events": self.store.count("events"),
            "copies": len(self.duplicates()),
            "stories": found,
            "story_count": self.store.count("stories"),
            "errors": len(self.store.errors()),
        }

    # -- export ----------------------------------------------------------------------------

    def records(self) -> Iterable[dict[str, Any]]:
        """Every record of the corpus, in export order: articles, then the corpus-level records."""
        for article in self._all_articles():
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
        if format == "csv":
            count = 0
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(_flat_row(_empty_article())))
                writer.writeheader()
                for article in self._all_articles():
                    writer.writerow(_flat_row(article.to_dict()))
                    count += 1
            return count
        # pyarrow infers each column's type from all its values: the table is built whole
        rows = [_flat_row(article.to_dict()) for article in self._all_articles()]
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = list(rows[0]) if rows else list(_flat_row(_empty_article()).keys())
        table = pa.table({column: [row[column] for row in rows] for column in columns})
        pq.write_table(table, path)
        return len(rows)


def _label(article: Article) -> str:
    return (article.title or article.id)[:40]


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
