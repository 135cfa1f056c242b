"""Store stage: the one place that speaks SQL.

An embedded SQLite file (WAL mode) with a versioned schema (``PRAGMA user_version``
and the ordered ``MIGRATIONS`` list). Articles are kept as full JSON records beside the
columns used for filtering, so the export is exactly what was stored; revisions of an
article (same URL, changed content) are kept in ``revisions``.

Corpus-wide state (the entity resolver, the linker) is read, changed in memory and written
back; ``corpus_lock`` (an advisory lock file beside the database) keeps two processes from
doing that at once, where the second write would drop the first one's work.
"""

from __future__ import annotations

import fcntl
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsweave.errors import StoreBusy, StoreError
from newsweave.records import Article, Source

MIGRATIONS: list[str] = [
    # 1: articles, revisions, errors, runs, pipeline state
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        identity TEXT NOT NULL UNIQUE,
        sha256 TEXT NOT NULL,
        path TEXT NOT NULL,
        url TEXT,
        title TEXT,
        outlet TEXT,
        published TEXT,
        language TEXT,
        revision INTEGER NOT NULL DEFAULT 1,
        ingested_at TEXT NOT NULL,
        analysed INTEGER NOT NULL DEFAULT 0,
        linked INTEGER NOT NULL DEFAULT 0,
        record TEXT NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE contents (
        sha256 TEXT PRIMARY KEY,
        article_id TEXT NOT NULL
    );
    CREATE TABLE revisions (
        article_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (article_id, revision)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT
    );
    CREATE TABLE errors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL,
        path TEXT NOT NULL,
        member TEXT,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, body);
    """,
    # 2: entities, mentions, quotes, events, stories, copy groups
    """
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0,
        record TEXT NOT NULL
    );
    CREATE INDEX entities_name ON entities(name);
    CREATE TABLE aliases (
        alias TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        PRIMARY KEY (alias, entity_id)
    );
    CREATE TABLE quotes (
        article_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        speaker TEXT,
        speaker_id TEXT,
        kind TEXT,
        published TEXT,
        text TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        date TEXT,
        story_id TEXT,
        record TEXT NOT NULL
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        record TEXT NOT NULL
    );
    CREATE TABLE copy_groups (
        id TEXT PRIMARY KEY,
        record TEXT NOT NULL
    );
    """,
    # 3: per-article link features (embedding, MinHash, terms), written once per article
    """
    CREATE TABLE link_features (
        article_id TEXT PRIMARY KEY,
        record TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_from_record(record: dict[str, Any]) -> Article:
    record = dict(record)
    record.pop("type", None)
    record["source"] = Source(**record["source"])
    known = Article.__dataclass_fields__
    return Article(**{key: value for key, value in record.items() if key in known})


class Store:
    """An embedded newsweave database file."""

    def __init__(self, path: str | Path = "newsweave.db") -> None:
        self.path = Path(path)
        self._lock_depth = 0
        self._savepoints = 0
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:  # OperationalError too: no such folder, no permission
            hint = ("it is not an SQLite file: give another --db path" if "not a database" in str(exc)
                    else "check that its folder exists and that you may write there")
            raise StoreError(f"cannot open database {self.path} ({exc}): {hint}") from exc
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer newsweave (schema {version} > {SCHEMA_VERSION}): upgrade newsweave"
            )
        if version == 0 and self.db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise StoreError(f"{self.path} is another program's SQLite database (it holds tables newsweave did not "
                             "make): give another --db path")
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def own_files(self) -> set[Path]:
        """The database file and its companions (WAL, shared memory, lock), resolved."""
        base = self.path.resolve()
        return {base.with_name(base.name + suffix) for suffix in ("", "-wal", "-shm", "-journal", ".lock")}

    @contextmanager
    def corpus_lock(self, *, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the corpus-wide state for one read-change-write (re-entrant). Another process
        asking for it waits (``on_wait`` is called first) or, with ``wait=False``, gets
        ``StoreBusy``."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        with open(self.path.with_name(self.path.name + ".lock"), "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    raise StoreBusy(f"another newsweave process is working on {self.path}; "
                                    "wait for it to finish") from None
                if on_wait:
                    on_wait()
                fcntl.flock(handle, fcntl.LOCK_EX)
            self._lock_depth = 1
            try:
                yield
            finally:
                self._lock_depth = 0
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work. A nested call is a savepoint inside the outer transaction:
        when it fails, its own writes are undone and the outer one may go on."""
        if self.db.in_transaction:
            self._savepoints += 1
            name = f"nested_{self._savepoints}"
            self.db.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                self.db.execute(f"ROLLBACK TO {name}")
                self.db.execute(f"RELEASE {name}")
                raise
            finally:
                self._savepoints -= 1
            self.db.execute(f"RELEASE {name}")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- runs and errors --------------------------------------------------------------------

    def start_run(self) -> int:
        cursor = self.db.execute("INSERT INTO runs (started_at) VALUES (?)", (_now(),))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.db.execute("UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
                        (_now(), json.dumps(summary), run_id))

    def record_error(self, run_id: int, path: str, reason: str, member: str | None = None) -> None:
        self.db.execute("INSERT INTO errors (run_id, path, member, reason, at) VALUES (?, ?, ?, ?, ?)",
                        (run_id, path, member, reason, _now()))

    def errors(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Errors of one run (default: the latest run that had any), or of all runs with ``run_id=0``."""
        if run_id is None:
            row = self.db.execute("SELECT MAX(run_id) FROM errors").fetchone()
            run_id = row[0]
            if run_id is None:
                return []
        query = "SELECT run_id, path, member, reason, at FROM errors"
        params: tuple[Any, ...] = ()
        if run_id:
            query += " WHERE run_id = ?"
            params = (run_id,)
        return [dict(row) for row in self.db.execute(query + " ORDER BY id", params)]

    # -- articles ---------------------------------------------------------------------------

    def content_seen(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT article_id FROM contents WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def identity_of(self, identity: str) -> tuple[str, str, int] | None:
        row = self.db.execute("SELECT id, sha256, revision FROM articles WHERE identity = ?", (identity,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def save_article(self, article: Article, identity: str) -> str:
        """Insert or revise an article. Returns ``"new"``, ``"revision"`` or ``"unchanged"``."""
        sha = article.source.sha256
        if self.content_seen(sha):
            return "unchanged"
        existing = self.identity_of(identity)
        now = _now()
        status = "new"
        if existing:
            old_id, _old_sha, old_revision = existing
            article.id = old_id
            article.revision = old_revision + 1
            old_record = self.db.execute("SELECT record FROM articles WHERE id = ?", (old_id,)).fetchone()[0]
            self.db.execute(
                "INSERT OR REPLACE INTO revisions (article_id, revision, sha256, ingested_at, record) "
                "VALUES (?, ?, ?, ?, ?)",
                (old_id, old_revision, _old_sha, now, old_record),
            )
            self.db.execute("DELETE FROM articles WHERE id = ?", (old_id,))
            self.db.execute("DELETE FROM articles_fts WHERE id = ?", (old_id,))
            status = "revision"
        self.db.execute(
            "INSERT INTO articles (id, identity, sha256, path, url, title, outlet, published, language, "
            "revision, ingested_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, identity, sha, article.source.path, article.source.url, article.title, article.outlet,
             article.published, article.language, article.revision, now, json.dumps(article.to_dict())),
        )
        self.db.execute("INSERT INTO contents (sha256, article_id) VALUES (?, ?)", (sha, article.id))
        self.db.execute("INSERT INTO articles_fts (id, title, body) VALUES (?, ?, ?)",
                        (article.id, article.title or "", article.body))
        return status

    def update_article(self, article: Article, *, analysed: bool | None = None, linked: bool | None = None) -> None:
        """Rewrite an article's record after a later stage filled more of it."""
        sets = ["record = ?", "published = ?"]
        params: list[Any] = [json.dumps(article.to_dict()), article.published]
        if analysed is not None:
            sets.append("analysed = ?")
            params.append(int(analysed))
        if linked is not None:
            sets.append("linked = ?")
            params.append(int(linked))
        params.append(article.id)
        self.db.execute(f"UPDATE articles SET {', '.join(sets)} WHERE id = ?", params)

    def mark_analysed(self, article_ids: list[str]) -> None:
        self.db.executemany("UPDATE articles SET analysed = 1 WHERE id = ?", [(article_id,) for article_id in article_ids])

    def reset_analysed(self) -> None:
        """Every article pending analysis again (an analysis from scratch)."""
        self.db.execute("UPDATE articles SET analysed = 0")

    def mark_linked(self, article_id: str) -> None:
        self.db.execute("UPDATE articles SET linked = 1 WHERE id = ?", (article_id,))

    def article(self, article_id: str) -> Article | None:
        """An article by id or unique id prefix."""
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            rows = self.db.execute("SELECT record FROM articles WHERE id LIKE ? LIMIT 2",
                                   (article_id.replace("%", "") + "%",)).fetchall()
            if len(rows) != 1:
                return None
            row = rows[0]
        return article_from_record(json.loads(row[0]))

    def articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        ids: list[str] | None = None,
        pending: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Article]:
        """Articles in publication order (undated last), filtered; ``limit`` and ``offset`` page them.

        ``pending`` is ``"analysed"`` or ``"linked"``: only articles that stage has not seen yet.
        """
        where = _article_filter(outlet, since, until, ids, pending)
        query = "SELECT record FROM articles" + where.sql() + " ORDER BY published IS NULL, published, id"
        query += _page(limit, offset)
        return [article_from_record(json.loads(row[0])) for row in self.db.execute(query, where.params)]

    def article_ids(self, *, pending: str | None = None) -> list[str]:
        """The ids ``articles(pending=...)`` would return, in the same order, without reading the
        records: a caller pages through a large corpus ``ids`` slice by slice."""
        where = _article_filter(None, None, None, None, pending)
        query = "SELECT id FROM articles" + where.sql() + " ORDER BY published IS NULL, published, id"
        return [row[0] for row in self.db.execute(query, where.params)]

    def count_articles(self, *, outlet: str | None = None, since: str | None = None, until: str | None = None) -> int:
        where = _article_filter(outlet, since, until, None, None)
        return self.db.execute("SELECT COUNT(*) FROM articles" + where.sql(), where.params).fetchone()[0]

    def outlet_counts(self) -> dict[str, int]:
        """Articles per outlet, most first; articles without one count under ``"(unknown)"``."""
        rows = self.db.execute(
            "SELECT COALESCE(outlet, '(unknown)'), COUNT(*) AS n FROM articles GROUP BY 1 ORDER BY n DESC, 1")
        return {name: count for name, count in rows}

    def count(self, table: str) -> int:
        """Rows of one of the corpus-level tables."""
        if table not in _COUNTED:
            raise ValueError(f"no table {table!r} to count; one of {', '.join(_COUNTED)}")
        return self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def revisions(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT revision, sha256, ingested_at FROM revisions WHERE article_id = ? ORDER BY revision",
            (article_id,))
        return [dict(row) for row in rows]

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search: (article id, snippet) pairs, best first."""
        try:
            rows = self.db.execute(
                "SELECT id, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (_fts_query(query), limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}; quote phrases with double quotes") from exc
        return [(row[0], row[1]) for row in rows]

    # -- pipeline state ------------------------------------------------------------------------

    def get_state(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_state(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    # -- entities and quotes ---------------------------------------------------------------------

    def replace_entities(self, entities: list[dict[str, Any]]) -> None:
        self.db.execute("DELETE FROM entities")
        self.db.execute("DELETE FROM aliases")
        for entity in entities:
            self.db.execute(
                "INSERT INTO entities (id, name, label, article_count, record) VALUES (?, ?, ?, ?, ?)",
                (entity["id"], entity["name"], entity["label"], len(entity.get("article_ids", [])), json.dumps(entity)))
            for alias in {entity["name"], *entity.get("aliases", [])}:
                self.db.execute("INSERT OR IGNORE INTO aliases (alias, entity_id) VALUES (?, ?)",
                                (alias.lower(), entity["id"]))

    def entities(self, *, label: str | None = None, top: int | None = None,
                 without_labels: Iterable[str] = ()) -> list[dict[str, Any]]:
        where = _Where()
        if label:
            where.add("label = ? COLLATE NOCASE", label)
        for unwanted in without_labels:
            where.add("label <> ? COLLATE NOCASE", unwanted)
        query = "SELECT record FROM entities" + where.sql() + " ORDER BY article_count DESC, name"
        if top:
            query += f" LIMIT {int(top)}"
        params = where.params
        return [json.loads(row[0]) for row in self.db.execute(query, params)]

    def entity_names(self, ids: Iterable[str]) -> dict[str, str]:
        """Current names of the entities with these ids (one page's worth, not the corpus)."""
        wanted = sorted({i for i in ids if i})
        names: dict[str, str] = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start : start + _IN_CHUNK]
            names.update(self.db.execute(
                f"SELECT id, name FROM entities WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
        return names

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        """Entities whose id, name or an alias is ``name`` (case-insensitive), most mentioned first."""
        rows = self.db.execute(
            "SELECT DISTINCT e.record FROM entities e LEFT JOIN aliases a ON a.entity_id = e.id "
            "WHERE e.id = ? OR a.alias = ? ORDER BY e.article_count DESC", (name, name.lower())).fetchall()
        if not rows:
            rows = self.db.execute(
                "SELECT DISTINCT e.record FROM entities e JOIN aliases a ON a.entity_id = e.id "
                "WHERE a.alias LIKE ? ORDER BY e.article_count DESC", (f"%{name.lower()}%",)).fetchall()
        return [json.loads(row[0]) for row in rows]

    def replace_quotes(self, article_id: str, published: str | None, quotes: list[dict[str, Any]]) -> None:
        self.db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        for position, quote in enumerate(quotes):
            self.db.execute(
                "INSERT INTO quotes (article_id, position, speaker, speaker_id, kind, published, text, record) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, position, quote.get("speaker"), quote.get("speaker_id"), quote.get("kind"),
                 published, quote["text"], json.dumps(quote)))

    def quotes(
        self,
        *,
        speaker_ids: list[str] | None = None,
        contains: str | None = None,
        since: str | None = None,
        until: str | None = None,
        article_ids: list[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        where = _quote_filter(speaker_ids, contains, since, until, article_ids)
        query = "SELECT article_id, published, record FROM quotes" + where.sql()
        query += " ORDER BY published IS NULL, published, article_id, position" + _page(limit, offset)
        results = []
        for row in self.db.execute(query, where.params):
            quote = json.loads(row["record"])
            quote["article_id"] = row["article_id"]
            quote["published"] = row["published"]
            results.append(quote)
        return results

    def count_quotes(self, *, speaker_ids: list[str] | None = None, contains: str | None = None,
                     since: str | None = None, until: str | None = None, article_ids: list[str] | None = None) -> int:
        where = _quote_filter(speaker_ids, contains, since, until, article_ids)
        return self.db.execute("SELECT COUNT(*) FROM quotes" + where.sql(), where.params).fetchone()[0]

    # -- events, stories, copies -----------------------------------------------------------------

    def replace_links(self, events: list[dict[str, Any]], stories: list[dict[str, Any]],
                      copy_groups: list[dict[str, Any]]) -> None:
        self.db.execute("DELETE FROM events")
        self.db.execute("DELETE FROM stories")
        self.db.execute("DELETE FROM copy_groups")
        for event in events:
            self.db.execute("INSERT INTO events (id, date, story_id, record) VALUES (?, ?, ?, ?)",
                            (event["id"], event.get("date"), event.get("story_id"), json.dumps(event)))
        for story in stories:
            self.db.execute("INSERT INTO stories (id, record) VALUES (?, ?)", (story["id"], json.dumps(story)))
        for group in copy_groups:
            self.db.execute("INSERT INTO copy_groups (id, record) VALUES (?, ?)", (group["id"], json.dumps(group)))

    def events(self, *, story_id: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        where = _event_filter(story_id)
        query = "SELECT record FROM events" + where.sql() + " ORDER BY date IS NULL, date, id" + _page(limit, offset)
        return [json.loads(row[0]) for row in self.db.execute(query, where.params)]

    def count_events(self, *, story_id: str | None = None) -> int:
        where = _event_filter(story_id)
        return self.db.execute("SELECT COUNT(*) FROM events" + where.sql(), where.params).fetchone()[0]

    def event(self, event_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def stories(self, *, ids: list[str] | None = None, limit: int | None = None,
                offset: int = 0) -> list[dict[str, Any]]:
        """Stories, the longest-running first: most events, then the latest last event."""
        where = _Where()
        if ids is not None:
            where.add(f"id IN ({','.join('?' * len(ids))})", *ids)
        query = ("SELECT record FROM stories" + where.sql()
                 + " ORDER BY json_array_length(record, '$.event_ids') DESC,"
                 " json_extract(record, '$.last_date') IS NULL, json_extract(record, '$.last_date') DESC, id"
                 + _page(limit, offset))
        return [json.loads(row[0]) for row in self.db.execute(query, where.params)]

    def events_around(self, day: str | None, limit: int) -> list[dict[str, Any]]:
        """The ``limit`` events dated nearest to ``day`` (undated ones last)."""
        query = ("SELECT record FROM events ORDER BY date IS NULL, abs(julianday(date) - julianday(?)), id"
                 " LIMIT ?")
        return [json.loads(row[0]) for row in self.db.execute(query, (day, int(limit)))]

    def story(self, story_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM stories WHERE id = ?", (story_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def link_features(self) -> list[dict[str, Any]]:
        return [json.loads(row[0]) for row in self.db.execute("SELECT record FROM link_features ORDER BY rowid")]

    def add_link_features(self, features: list[dict[str, Any]]) -> None:
        for feature in features:
            self.db.execute("INSERT OR REPLACE INTO link_features (article_id, record) VALUES (?, ?)",
                            (feature["article_id"], json.dumps(feature)))

    def update_link_features(self, features: list[dict[str, Any]]) -> None:
        """Rewrite stored features in place (their order, the order the linker loads them in, stays)."""
        self.db.executemany("UPDATE link_features SET record = ? WHERE article_id = ?",
                            [(json.dumps(feature), feature["article_id"]) for feature in features])

    def link_feature_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT article_id FROM link_features")}

    def copy_groups(self) -> list[dict[str, Any]]:
        return [json.loads(row[0]) for row in self.db.execute("SELECT record FROM copy_groups ORDER BY id")]


_IN_CHUNK = 900  # ids per "IN (...)" query, well under SQLite's bound-parameter limit
_COUNTED = ("entities", "quotes", "events", "stories", "copy_groups")


def _article_filter(outlet: str | None, since: str | None, until: str | None, ids: list[str] | None,
                    pending: str | None) -> _Where:
    where = _Where()
    if outlet:
        where.add("outlet = ? COLLATE NOCASE", outlet)
    where.published_between(since, until)
    if ids is not None:
        where.add(f"id IN ({','.join('?' * len(ids))})", *ids)
    if pending in ("analysed", "linked"):
        where.add(f"{pending} = 0")
    return where


def _quote_filter(speaker_ids: list[str] | None, contains: str | None, since: str | None,
                  until: str | None, article_ids: list[str] | None = None) -> _Where:
    where = _Where()
    if speaker_ids is not None:
        where.add(f"speaker_id IN ({','.join('?' * len(speaker_ids))})", *speaker_ids)
    if article_ids is not None:
        where.add(f"article_id IN ({','.join('?' * len(article_ids))})", *article_ids)
    if contains:
        where.add("text LIKE ?", f"%{contains}%")
    where.published_between(since, until)
    return where


def _event_filter(story_id: str | None) -> _Where:
    where = _Where()
    if story_id:
        where.add("story_id = ?", story_id)
    return where


def _page(limit: int | None, offset: int) -> str:
    """LIMIT/OFFSET for one page of a listing (SQLite needs a LIMIT before an OFFSET)."""
    if limit is None and not offset:
        return ""
    return f" LIMIT {int(limit) if limit is not None else -1} OFFSET {max(0, int(offset))}"


_FTS_SYNTAX = re.compile(r'"|\*|\b(?:AND|OR|NOT|NEAR)\b|[()^:]')


def _fts_query(query: str) -> str:
    """Plain words become an all-words query ("Russia-US" → "Russia" "US"); a query that uses
    FTS5 syntax (phrases in quotes, AND/OR/NOT, prefix*) is passed on as written."""
    if _FTS_SYNTAX.search(query):
        return query
    words = re.findall(r"\w+", query)
    return " ".join(f'"{word}"' for word in words) if words else '""'


class _Where:
    """A WHERE clause built from optional filters, with its parameters."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def published_between(self, since: str | None, until: str | None) -> None:
        if since:
            self.add("published >= ?", since)
        if until:  # "2016" or "2016-07" include the whole year or month
            self.add("substr(published, 1, ?) <= ?", len(until), until)

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""


def _split_sql(script: str) -> list[str]:
    return [statement.strip() for statement in script.split(";") if statement.strip()]
