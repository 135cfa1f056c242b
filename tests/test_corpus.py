"""Corpus ingest into a real SQLite file: idempotency, revisions, failures, export."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsweave.api import Corpus
from newsweave.store import SCHEMA_VERSION, Store, StoreError

PAGE = "Talks resume\n\nThe minister said on Tuesday that the talks would resume next week in Geneva.\n"


def test_seeds_ingest_is_idempotent(tmp_path: Path, seed_paths: list[Path]) -> None:
    db = tmp_path / "n.db"
    with Corpus(db) as corpus:
        first = corpus.ingest(seed_paths, analyse=False)
        again = corpus.ingest(str(seed_paths[0].parent), analyse=False)  # one path as a string: not its letters
        assert (first.new, first.revised, first.unchanged, first.ok) == (5, 0, 0, True)
        assert (again.new, again.revised, again.unchanged) == (0, 0, 5)
        assert len(corpus.articles()) == 5
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_file_of_many_records_tells_its_progress_record_by_record(tmp_path: Path) -> None:
    from newsweave.api import RECORD_PROGRESS_EVERY

    export = tmp_path / "export.jsonl"
    count = 2 * RECORD_PROGRESS_EVERY + 1
    export.write_text("".join(
        json.dumps({"title": f"Report {i}", "text": f"Report number {i} says the talks resumed on day {i}.",
                    "url": f"https://example.org/{i}"}) + "\n" for i in range(count)))
    labels: list[str] = []
    with Corpus(tmp_path / "n.db") as corpus:
        report = corpus.ingest([export], progress=lambda label, *_: labels.append(label), analyse=False)
    assert report.new == count
    shown = [label for label in labels if label.startswith(str(export))]
    assert shown == [str(export), f"{export} ({RECORD_PROGRESS_EVERY:,} records)",
                     f"{export} ({2 * RECORD_PROGRESS_EVERY:,} records)"]


def test_same_content_elsewhere_is_stored_once(tmp_path: Path, seed_paths: list[Path]) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(seed_paths[1], copy)
    with Corpus(tmp_path / "n.db") as corpus:
        report = corpus.ingest([seed_paths[1], copy], analyse=False)
        assert (report.new, report.unchanged) == (1, 1)


def test_changed_content_at_same_url_is_a_revision(tmp_path: Path) -> None:
    def export(text: str) -> Path:
        path = tmp_path / "export.jsonl"
        path.write_text(json.dumps({"url": "https://news.example/a", "title": "Talks", "text": text}) + "\n")
        return path

    with Corpus(tmp_path / "n.db") as corpus:
        corpus.ingest([export("First version of the story.")], analyse=False)
        report = corpus.ingest([export("Second, corrected version of the story.")], analyse=False)
        assert (report.new, report.revised) == (0, 1)
        [article] = corpus.articles()
        assert article.revision == 2 and "corrected" in article.body
        assert [r["revision"] for r in corpus.revisions(article.id)] == [1]


def test_bad_files_are_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a_good.txt").write_text(PAGE)
    (inputs / "b_empty.txt").write_text("")
    (inputs / "c_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (inputs / "d_mixed.jsonl").write_text(
        json.dumps({"title": "J1", "text": "Body of J1 is long enough."}) + "\n{nope\n"
        + json.dumps({"title": "J2", "text": "Body of J2 is long enough."}) + "\n")
    (inputs / "e_vanishes.txt").write_text(PAGE.replace("Geneva", "Vienna"))
    (inputs / "f_good.txt").write_text(PAGE.replace("Geneva", "Oslo"))
    (inputs / "g_bot_check.html").write_text(  # what a scraper often saves instead of the article
        '<html><head><META NAME="robots" CONTENT="noindex,nofollow">'
        '<script src="/_Incapsula_Resource?SWJIYLWA=5074a744"></script></head><body></body></html>')
    (inputs / "h_app_shell.html").write_text(  # a page saved before its script ran
        "<html><head><title>Knowledge for engineers</title></head><body><noscript>You need to enable "
        'JavaScript to run this app.</noscript><div id="root"></div></body></html>')

    def vanish(label: str, done: int, total: int) -> None:
        if not label.startswith("scanning") and label.endswith("d_mixed.jsonl"):
            (inputs / "e_vanishes.txt").unlink(missing_ok=True)

    with Corpus(inputs / "n.db") as corpus:  # the database inside the folder it reads
        report = corpus.ingest([inputs], progress=vanish, analyse=False)
        assert report.skipped == []  # the corpus's own database files are not reported
        reasons = {(Path(e.path).name, e.member): e.reason for e in report.errors}
        assert set(reasons) == {("b_empty.txt", None), ("c_binary.txt", None), ("d_mixed.jsonl", "line 2"),
                                ("e_vanishes.txt", None), ("g_bot_check.html", None), ("h_app_shell.html", None)}
        assert "vanished" in reasons[("e_vanishes.txt", None)]
        assert "no article text" in reasons[("g_bot_check.html", None)]
        assert "no article text" in reasons[("h_app_shell.html", None)]
        assert report.new == 4  # two good text files and two good JSONL lines
        stored = corpus.errors()
        assert {(Path(e["path"]).name, e["member"]) for e in stored} == set(reasons)
        # re-running the same ingest neither duplicates nor drops anything
        again = corpus.ingest([inputs], analyse=False)
        assert again.new == 0 and len(corpus.articles()) == 4


def test_workers_store_what_one_process_stores(tmp_path: Path, seed_paths: list[Path]) -> None:
    """Cleaning and analysis in two worker processes: the same articles, entities, quotes and
    failures, in the same order, as in one; a text seen twice in one batch is stored once."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in seed_paths:
        shutil.copy(path, inputs / path.name)
    shutil.copy(seed_paths[0], inputs / "z_same_text_again.txt")
    (inputs / "b_empty.txt").write_text("")
    (inputs / "d_mixed.jsonl").write_text(
        json.dumps({"title": "J1", "text": "Body of J1 is long enough."}) + "\n{nope\n"
        + json.dumps({"title": "J2", "text": "Body of J2 is long enough."}) + "\n")
    (inputs / "g_bot_check.html").write_text(
        '<html><head><META NAME="robots" CONTENT="noindex,nofollow"></head><body></body></html>')
    outcomes = []
    for workers in (1, 2):
        with Corpus(tmp_path / f"w{workers}.db") as corpus:
            report = corpus.ingest([inputs], workers=workers, link=False)
            records = [(a.id, a.title, a.body, a.published, [e["id"] for e in a.entities], len(a.quotes))
                       for a in corpus.articles()]
            outcomes.append((report.new, report.unchanged, report.article_ids,
                             [(Path(e.path).name, e.member, e.reason) for e in report.errors], records))
    assert outcomes[0] == outcomes[1]
    new, unchanged, _, errors, records = outcomes[0]
    assert (new, unchanged) == (7, 1) and len(errors) == 3
    assert sum(len(entities) for *_, entities, _ in records) > 20


def test_export_formats(tmp_path: Path, seed_paths: list[Path]) -> None:
    with Corpus(tmp_path / "n.db") as corpus:
        corpus.ingest(seed_paths, analyse=False)
        assert corpus.export(tmp_path / "out.jsonl", "jsonl") >= 5
        assert corpus.export(tmp_path / "out.csv", "csv") == 5
        assert corpus.export(tmp_path / "out.parquet", "parquet") == 5
        with pytest.raises(ValueError, match="choose one of"):
            corpus.export(tmp_path / "out.xml", "xml")
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    articles = [r for r in records if r["type"] == "article"]
    assert len(articles) == 5
    required = {"type", "id", "source", "title", "standfirst", "outlet", "credits", "published", "published_from",
                "updated", "dateline", "authors", "language", "body", "removed", "extractor"}
    assert all(required <= set(r) for r in articles)
    assert set(articles[0]["source"]) >= {"path", "url", "sha256"}
    rows = list(csv.DictReader((tmp_path / "out.csv").open()))
    assert {row["title"] for row in rows} == {a["title"] for a in articles}
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 5


def test_search_and_filters(tmp_path: Path, seed_paths: list[Path]) -> None:
    with Corpus(tmp_path / "n.db") as corpus:
        corpus.ingest(seed_paths, analyse=False)
        assert {a.published[:4] for a in corpus.articles(since="2016-01-01")} == {"2016"}
        assert [a.outlet for a in corpus.articles(outlet="the new york times")] == ["The New York Times"]
        assert len(corpus.articles(until="2013-12-31")) == 1
        hits = corpus.search("Ahtisaari")
        assert len(hits) == 1 and "Ahtisaari" in hits[0]["snippet"]
        assert len(corpus.search("Russia-US deal,")) >= 1  # plain words, punctuation and all
        assert len(corpus.search('"military-to-military" OR Zakharova')) == 3


def test_listings_page(tmp_path: Path, seed_paths: list[Path]) -> None:
    with Corpus(tmp_path / "n.db") as corpus:
        corpus.ingest(seed_paths, analyse=False)
        everything = [a.id for a in corpus.articles()]
        pages = [[a.id for a in corpus.articles(limit=2, offset=start)] for start in (0, 2, 4, 6)]
        assert pages[0] + pages[1] + pages[2] == everything and [len(p) for p in pages] == [2, 2, 1, 0]
        assert corpus.count_articles() == 5 and corpus.count_articles(since="2016-01-01") == 2
        assert [a.id for a in corpus.articles(offset=3)] == everything[3:]
        assert sum(corpus.outlets().values()) == 5 and corpus.outlets()["The New York Times"] == 1
        assert corpus.summary()["outlets"] == corpus.outlets()
        corpus.link()
        events = corpus.events()
        assert corpus.count_events() == len(events) == 4
        assert corpus.events(limit=2, offset=1) == events[1:3]
        everything = corpus.summary()
        assert everything["story_count"] == len(everything["stories"]) >= 1
        assert corpus.summary(stories=0)["stories"] == [] and corpus.summary(stories=0)["story_count"] >= 1


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    Store(db).close()
    with sqlite3.connect(db) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer newsweave"):
        Store(db)


def test_a_file_that_is_no_newsweave_database_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list\n")
    with pytest.raises(StoreError, match="not an SQLite file"):
        Store(notes)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(StoreError, match="another program's SQLite database"):
        Store(other)
    with sqlite3.connect(other) as raw:
        assert [row[0] for row in raw.execute("SELECT name FROM sqlite_master")] == ["contacts"]
    assert notes.read_text() == "shopping list\n"
    with pytest.raises(StoreError, match="folder exists"):
        Store(tmp_path / "no-such-folder" / "n.db")


def test_pages_with_a_relative_canonical_link_stay_separate_articles(tmp_path: Path) -> None:
    """A page saved without its address may say only <link rel="canonical" href="/">; that
    names no page, and taken as the article's URL it made the second page a revision of the first."""
    def page(title: str, text: str) -> str:
        return (f'<html><head><title>{title}</title><link rel="canonical" href="/"></head><body>'
                f"<article><h1>{title}</h1>" + f"<p>{text}</p>" * 4 + "</article></body></html>")

    (tmp_path / "a.html").write_text(page("Harbour reopens", "The harbour of Bergen reopened on Monday after the storm."))
    (tmp_path / "b.html").write_text(page("School strike ends", "Teachers in Lyon ended their strike on Friday after talks."))
    with Corpus(tmp_path / "n.db") as corpus:
        report = corpus.ingest([tmp_path / "a.html", tmp_path / "b.html"], analyse=False)
        assert (report.new, report.revised) == (2, 0)
        assert {a.source.url for a in corpus.articles()} == {None}


def test_stories_come_longest_running_first_and_page(tmp_path: Path) -> None:
    def story(story_id: str, events: int, last: str | None) -> dict:
        return {"type": "story", "id": story_id, "title": story_id, "event_ids": [f"{story_id}-e{i}" for i in range(events)],
                "date": None, "last_date": last}

    def event(event_id: str, day: str | None) -> dict:
        return {"type": "event", "id": event_id, "date": day, "story_id": None, "article_ids": []}

    with Store(tmp_path / "n.db") as store, store.transaction():
        store.replace_links(
            [event("e-jan", "2020-01-10"), event("e-mar", "2020-03-01"), event("e-jan2", "2020-01-12"),
             event("e-undated", None)],
            [story("a-small", 1, "2021-01-01"), story("b-big-old", 3, "2019-05-01"),
             story("c-big-new", 3, "2020-06-01"), story("d-undated", 3, None)], [])
        assert [s["id"] for s in store.stories()] == ["c-big-new", "b-big-old", "d-undated", "a-small"]
        assert [s["id"] for s in store.stories(limit=2, offset=1)] == ["b-big-old", "d-undated"]
        assert [s["id"] for s in store.stories(ids=["a-small", "b-big-old"])] == ["b-big-old", "a-small"]
        # candidates to merge an event with: the nearest in date first, undated last
        assert [e["id"] for e in store.events_around("2020-01-11", 4)] == ["e-jan", "e-jan2", "e-mar", "e-undated"]


def test_a_second_process_waits_for_the_corpus_wide_state(tmp_path: Path, seed_paths: list[Path]) -> None:
    """Linking reads the linker's state, changes it and writes it back: a second ingest linking
    at the same time must wait its turn, or its write would drop the first one's articles."""
    import threading

    from newsweave.store import StoreBusy

    db = tmp_path / "n.db"
    messages: list[str] = []
    done: list[int] = []

    def second_ingest() -> None:
        with Corpus(db) as second:
            second.ingest(seed_paths[2:], progress=lambda label, *_: messages.append(label))
            done.append(len(second.events()))

    with Corpus(db) as first:
        first.ingest(seed_paths[:2], analyse=False)
        with first.store.corpus_lock():
            with (Store(db) as other, pytest.raises(StoreBusy, match="another newsweave process"),
                  other.corpus_lock(wait=False)):
                pass
            worker = threading.Thread(target=second_ingest)
            worker.start()
            worker.join(timeout=2)
            assert worker.is_alive()  # it cannot link while the state is held here
            first.link()  # the lock is re-entrant for its holder
        worker.join()
    assert any("waiting for another newsweave process" in m for m in messages)
    with Corpus(db) as corpus:
        assert done and len(corpus.articles()) == 5 and corpus.count_events() == 4
        linked = {a.id: a.event_id for a in corpus.articles()}
        assert all(linked.values())  # nobody's articles were dropped from the events


def test_a_record_that_breaks_processing_costs_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug hit by one record of a JSONL export is reported with its line; the file's other
    records are stored (each document is a savepoint in its file's transaction)."""
    import newsweave.pipeline

    real = newsweave.pipeline.process_document

    def breaks_on_j2(doc, **kwargs):
        if "J2" in doc.content:
            raise RuntimeError("cleaner bug")
        return real(doc, **kwargs)

    monkeypatch.setattr(newsweave.pipeline, "process_document", breaks_on_j2)
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps({"title": f"J{i}", "text": f"Body of J{i} is long enough."}) + "\n"
                              for i in (1, 2, 3)))
    with Corpus(tmp_path / "n.db") as corpus:
        report = corpus.ingest([export], analyse=False)
        assert report.new == 2 and [(e.member, e.reason) for e in report.errors] == [
            ("line 2", "could not process: RuntimeError: cleaner bug")]
        assert sorted(a.title for a in corpus.articles()) == ["J1", "J3"]


def test_an_article_the_analysis_fails_on_costs_only_its_entities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that breaks on one article (a bug) is reported with the article's path; the article
    is kept without entities, the others are analysed, and the corpus is not left stuck."""
    import newsweave.analyse

    real = newsweave.analyse.analyse_doc

    def breaks_on_oslo(doc, **options):
        if "Oslo" in doc.text:
            raise RuntimeError("rule bug")
        return real(doc, **options)

    monkeypatch.setattr(newsweave.analyse, "analyse_doc", breaks_on_oslo)
    (tmp_path / "a.txt").write_text("Talks resume\n\nSergei Lavrov met John Kerry in Geneva on Tuesday.\n")
    (tmp_path / "b.txt").write_text("Talks end\n\nThe Norwegian prime minister met the Swedish king in Oslo on Tuesday, officials said.\n")
    with Corpus(tmp_path / "n.db") as corpus:
        report = corpus.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
        assert report.new == 2 and not report.ok
        assert [(Path(e.path).name, e.reason.split(" (")[0]) for e in report.errors] == [
            ("b.txt", "entities and quotes not found")]
        assert "RuntimeError: rule bug" in report.errors[0].reason
        entities = {Path(a.source.path).name: [e["name"] for e in a.entities] for a in corpus.articles()}
        assert entities["b.txt"] == [] and "Sergei Lavrov" in entities["a.txt"]
        assert all(a.event_id for a in corpus.articles())  # both linked all the same
        assert corpus.analyse() == 0  # nothing left pending
        assert [Path(e["path"]).name for e in corpus.store.errors()] == ["b.txt"]


def test_a_failed_nested_transaction_undoes_only_its_own_writes(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        with store.transaction():
            store.put_state("kept", {"a": 1})
            with pytest.raises(RuntimeError), store.transaction():
                store.put_state("undone", {"b": 2})
                raise RuntimeError("boom")
        assert store.get_state("kept") == {"a": 1} and store.get_state("undone") is None


def test_a_page_dated_only_by_its_update_is_placed_on_that_day(tmp_path: Path) -> None:
    """"Updated: May 24, 2005" is not the publication date, but it dates the event; the
    article's own record keeps the two apart (published is inferred from its event)."""
    page = tmp_path / "coach.txt"
    page.write_text("\n".join([
        "Cheeks named head coach of the 76ers",
        "Updated: May 24, 2005, 3:23 PM ET",
        "Maurice Cheeks was named head coach of the Philadelphia 76ers on Tuesday, the team said.",
        "Cheeks played for the Sixers for 11 seasons and was an assistant coach for several more.",
    ]), encoding="utf-8")
    with Corpus(tmp_path / "db.sqlite") as corpus:
        assert corpus.ingest([page]).ok
        [article] = corpus.articles()
        [event] = corpus.events()
    assert article.updated[:10] == "2005-05-24"
    assert (article.published, article.published_from) == ("2005-05-24", "inferred")
    assert event["date"] == "2005-05-24"


def test_a_database_linked_by_an_older_newsweave_finds_copies_of_its_old_articles(
    tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    """Features stored before copy fingerprints existed (MinHash values instead) get them at the
    next link, so a wire story ingested today is found to copy an article linked back then."""
    from newsweave.clean import clean_text

    body = clean_text(seed_texts["002"]).body

    def export(name: str, url: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps({"url": url, "title": "Kremlin: no military cooperation talk", "text": text,
                                    "date": "2016-07-15T10:00:00"}) + "\n")
        return path

    with Corpus(tmp_path / "n.db") as corpus:
        corpus.ingest([export("old.jsonl", "https://www.afp.com/en/news/1", body)])
        stored = corpus.store.link_features()
        for feature in stored:  # as an older newsweave left them
            feature["minhash"] = feature.pop("fingerprints")
        corpus.store.update_link_features(stored)
        trimmed = " ".join(body.split(". ")[: max(3, body.count(". ") // 2)])
        corpus.ingest([export("new.jsonl", "https://www.business-standard.com/article/1",
                              "Moscow played down the reports on Friday. " + trimmed)])
        assert all("fingerprints" in feature for feature in corpus.store.link_features())
        (group,) = corpus.duplicates()
        assert len(group["republishers"]) == 1


def test_corpus_wide_passes_read_the_store_a_page_at_a_time(tmp_path: Path, seed_paths: list[Path],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Analysis, linking and export of a corpus larger than memory: each pass holds a page of
    articles, never the whole corpus, and gives what reading it whole gave."""
    import newsweave.api as api

    monkeypatch.setattr(api, "ARTICLE_PAGE", 2)
    reads: list[int | None] = []
    whole_read = Store.articles

    def paged_read(self: Store, **filters) -> list:
        found = whole_read(self, **filters)
        reads.append(len(found) if filters.get("ids") is not None or filters.get("limit") else None)
        return found

    monkeypatch.setattr(Store, "articles", paged_read)
    with Corpus(tmp_path / "n.db") as corpus:
        corpus.ingest(seed_paths)
        corpus.link(again=True)
        assert corpus.export(tmp_path / "out.csv", "csv") == 5
        assert corpus.export(tmp_path / "out.jsonl", "jsonl") > 5
        assert reads and None not in reads and max(reads) <= 2
        event_of = {Path(a.source.path).name[:3]: a.event_id for a in whole_read(corpus.store)}
        assert all(a.entities for a in whole_read(corpus.store))
    assert event_of["000"] == event_of["004"] and len(set(event_of.values())) == 4


@pytest.mark.parametrize("checkpoint", [1, 2048])
def test_an_analysis_interrupted_midway_loses_no_article_on_the_next_run(
        tmp_path: Path, seed_paths: list[Path], monkeypatch: pytest.MonkeyPatch, checkpoint: int) -> None:
    """Ctrl-C during a long analysis: the articles analysed before it must still reach the
    corpus-wide entities when the analysis is run again, not stay analysed but unresolved."""
    import newsweave.api as api

    monkeypatch.setattr(api, "ANALYSIS_CHECKPOINT", checkpoint)

    real = api._apply_analysis
    applied: list[str] = []

    def interrupted_after_two(article, analysis):
        if len(applied) == 2:
            raise KeyboardInterrupt
        applied.append(article.id)
        real(article, analysis)

    with Corpus(tmp_path / "n.db") as corpus:
        corpus.ingest(seed_paths, analyse=False)
        monkeypatch.setattr(api, "_apply_analysis", interrupted_after_two)
        with pytest.raises(KeyboardInterrupt):
            corpus.analyse()
        monkeypatch.setattr(api, "_apply_analysis", real)
        corpus.analyse()
        resolved = {entity["id"] for entity in corpus.entities()}
        for article in corpus.articles():
            ids = {entity.get("id") for entity in article.entities}
            assert ids and ids <= resolved, Path(article.source.path).name
