"""The whole pipeline on the demo corpus: ingest → analyse → link → store → faces."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsweave.api import Corpus, analyze_text
from newsweave.cli import cli

PAGE = "Talks resume\n\nThe minister said on Tuesday that the talks would resume next week in Geneva.\n"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    with Corpus(db) as corpus:
        report = corpus.ingest(seed_paths)
        assert report.ok and report.new == 5
    return db


def cli_json(*args: str) -> object:
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_every_article_is_analysed_and_linked(demo_db: Path) -> None:
    with Corpus(demo_db) as corpus:
        articles = corpus.articles()
        events = corpus.events()
        stories = corpus.stories()
    assert all(a.event_id and a.story_id for a in articles)
    assert {a.event_id for a in articles} == {e["id"] for e in events}
    assert {e["story_id"] for e in events} <= {s["id"] for s in stories}
    for article in articles:
        assert article.entities, article.title
        for entity in article.entities:
            assert entity["id"]
            for mention in entity["mentions"]:
                assert article.body[mention["start"]:mention["end"]] == mention["text"]
        for quote in article.quotes:
            if quote.get("field", "body") == "body":
                assert quote["text"] in article.body[quote["start"]:quote["end"] + 1] or \
                    article.body[quote["start"]:quote["end"]] in quote["text"]


def test_entities_and_quotes_are_queryable(demo_db: Path) -> None:
    db = str(demo_db)
    [lavrov] = cli_json("entity", "Sergey V. Lavrov", "--db", db)
    assert lavrov["label"] == "PERSON" and len(lavrov["article_ids"]) == 5
    assert {"Lavrov", "Sergey V. Lavrov"} <= set(lavrov["aliases"]) | {lavrov["name"]}
    peskov = cli_json("quotes", "--speaker", "Peskov", "--db", db)
    assert peskov and all(q["speaker"] == "Dmitry Peskov" for q in peskov)
    assert {q["published"][:4] for q in peskov if q["published"]} >= {"2016"}
    since = cli_json("quotes", "--since", "2016-01-01", "--db", db)
    assert since and all(q["published"] >= "2016-01-01" for q in since)
    people = cli_json("entities", "--label", "PERSON", "--db", db)
    assert people and all(e["label"] == "PERSON" for e in people)


def test_events_stories_timeline(demo_db: Path, tmp_path: Path) -> None:
    db = str(demo_db)
    events = cli_json("events", "--db", db)
    event = cli_json("event", events[0]["id"], "--db", db)
    assert event["articles"] and {a["id"] for a in event["articles"]} == set(event["article_ids"])
    stories = cli_json("stories", "--db", db)
    story_id = stories[0]["id"]
    assert cli_json("stories", "--db", db, "--limit", "1") == stories[:1]
    shown = CliRunner().invoke(cli, ["stories", "--db", db, "--offset", "1"]).output
    n = len(stories)
    assert ("no stories from 2 on: there are 1" if n == 1 else f"stories 2–{n} of {n}") in shown
    text = CliRunner().invoke(cli, ["timeline", story_id, "--db", db])
    assert text.exit_code == 0 and text.output.strip()
    png = tmp_path / "t.png"
    result = CliRunner().invoke(cli, ["timeline", story_id, "--db", db, "--format", "png", "--out", str(png)])
    assert result.exit_code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = tmp_path / "t.html"
    CliRunner().invoke(cli, ["timeline", story_id, "--db", db, "--format", "html", "--out", str(html)])
    assert "<svg" in html.read_text() or "<img" in html.read_text()
    assert CliRunner().invoke(cli, ["timeline", "st-nope", "--db", db]).exit_code == 1
    assert isinstance(cli_json("duplicates", "--db", db), list)


def test_export_holds_every_record_type(demo_db: Path, tmp_path: Path) -> None:
    with Corpus(demo_db) as corpus:
        corpus.export(tmp_path / "all.jsonl", "jsonl")
    records = [json.loads(line) for line in (tmp_path / "all.jsonl").read_text().splitlines()]
    types = {r["type"] for r in records}
    assert {"article", "entity", "event", "story"} <= types
    entity = next(r for r in records if r["type"] == "entity")
    assert {"id", "name", "label", "aliases", "roles", "article_ids"} <= set(entity)
    event = next(r for r in records if r["type"] == "event")
    assert {"id", "date", "title", "summary", "article_ids", "outlets", "story_id"} <= set(event)
    article = next(r for r in records if r["type"] == "article")
    assert {"entities", "quotes", "event_id", "story_id", "duplicate_of", "copy_group"} <= set(article)


def test_reingest_and_corrections_persist(demo_db: Path, tmp_path: Path, seed_paths: list[Path]) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    with Corpus(db) as corpus:
        quotes_before = len(corpus.quotes())
        events_before = {a.id: a.event_id for a in corpus.articles()}
        corpus.ingest(seed_paths)
        assert len(corpus.quotes()) == quotes_before
        assert {a.id: a.event_id for a in corpus.articles()} == events_before
        # a human moves one article into another event; a later ingest keeps it there
        first, second = sorted(events_before)[:2]
        target = events_before[second]
        corpus.move_article(first, target)
        assert corpus.article(first).event_id == target
        extra = tmp_path / "extra.txt"
        extra.write_text("Unrelated\n\nThe city council approved a new budget for public libraries on Monday, "
                         "the mayor said.\n")
        corpus.ingest([extra])
        assert corpus.article(first).event_id == target
        with pytest.raises(ValueError):
            corpus.move_article(first, "ev-does-not-exist")


def test_linking_again_keeps_events_and_corrections(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    with Corpus(db) as corpus:
        events_before = {a.id: a.event_id for a in corpus.articles()}
        first, second = sorted(events_before)[:2]
        corpus.move_article(first, events_before[second])
        moved = {a.id: a.event_id for a in corpus.articles()}
        assert corpus.link(again=True) == len(moved)
        assert {a.id: a.event_id for a in corpus.articles()} == moved
        assert all(corpus.event(event_id) for event_id in set(moved.values()))
        inferred = [a for a in corpus.articles() if a.published_from == "inferred"]
        assert all(a.published for a in inferred)  # still dated by their event
    result = CliRunner().invoke(cli, ["link", "--again", "--db", str(db)])
    assert result.exit_code == 0 and f"linked {len(moved)} articles" in result.output
    with Corpus(db) as corpus:
        assert {a.id: a.event_id for a in corpus.articles()} == moved


def test_analyze_text_returns_entities_and_quotes(seed_texts: dict[str, str]) -> None:
    record = analyze_text(seed_texts["004"])
    names = {e["name"] for e in record["entities"]}
    assert {"John Kerry", "Samantha Power"} <= names
    assert any(q["speaker"] == "Samantha Power" for q in record["quotes"])
    # bytes, as a file or an HTTP response gives them, are decoded as a file's would be
    from_bytes = analyze_text(seed_texts["004"].encode("utf-16"))
    assert (from_bytes["title"], from_bytes["body"]) == (record["title"], record["body"])
    with pytest.raises(TypeError, match="str or bytes, not NoneType"):
        analyze_text(None)  # type: ignore[arg-type]


def test_wire_copies_are_grouped_with_their_originator(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    from newsweave.clean import clean_text

    body = clean_text(seed_texts["002"]).body
    edited = body.replace("the Kremlin said today", "the Kremlin said on Friday").replace("ferocious", "fierce")
    other = clean_text(seed_texts["001"]).body
    rows = [
        {"url": "https://www.afp.com/en/news/1", "title": "Putin, Kerry did not discuss military cooperation",
         "text": body, "date": "2016-07-15T10:00:00", "source_domain": "afp.com"},
        {"url": "https://www.business-standard.com/article/1", "title": "Kremlin: no military cooperation talk",
         "text": edited, "date": "2016-07-15T14:07:00", "source_domain": "business-standard.com"},
        {"url": "https://example.org/2", "title": "Russia, US agree joint push", "text": other,
         "date": "2013-05-08"},
    ]
    export = tmp_path / "wire.jsonl"
    export.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    with Corpus(tmp_path / "wire.db") as corpus:
        corpus.ingest([export])
        [group] = corpus.duplicates()
        articles = {a.source.url: a for a in corpus.articles()}
    original = articles["https://www.afp.com/en/news/1"]
    copy = articles["https://www.business-standard.com/article/1"]
    assert group["originator"] == original.id and group["republishers"] == [copy.id]
    assert copy.duplicate_of == original.id and copy.copy_group == group["id"] == original.copy_group
    assert copy.event_id == original.event_id
    assert articles["https://example.org/2"].duplicate_of is None
    result = CliRunner().invoke(cli, ["duplicates", "--db", str(tmp_path / "wire.db")])
    assert result.exit_code == 0 and original.id in result.output


def test_an_event_lists_who_and_what_and_its_key_quotes(demo_db: Path) -> None:
    """`newsweave event ID` shows the entities most of its articles name and its key quotes."""
    with Corpus(demo_db) as corpus:
        [shared] = [e for e in corpus.events() if len(e["article_ids"]) == 2]
        event = corpus.event(shared["id"])
        articles = corpus.articles(ids=shared["article_ids"])
    named_by_both = set.intersection(*({e["id"] for e in a.entities} for a in articles))
    assert event["entities"] and {e["id"] for e in event["entities"]} <= named_by_both
    assert [e["articles"] for e in event["entities"]] == [2] * len(event["entities"])
    quoted = {q["text"] for a in articles for q in a.quotes}
    assert event["quotes"] and {q["text"] for q in event["quotes"]} <= quoted
    result = CliRunner().invoke(cli, ["event", shared["id"], "--db", str(demo_db)])
    assert result.exit_code == 0
    assert "Who and what" in result.output and event["entities"][0]["name"] in result.output
    assert f"quotes --event {shared['id']}" in result.output


def test_story_key_quotes_prefer_repeated_and_whole_statements(demo_db: Path) -> None:
    with Corpus(demo_db) as corpus:
        articles = corpus.articles()
        [story] = [s for s in corpus.stories() if len(s["event_ids"]) > 1][:1]
    quoted_by = {}
    for article in articles:
        for quote in article.quotes:
            quoted_by.setdefault(" ".join(quote["text"].lower().split()), set()).add(article.id)
    assert story["quotes"]
    for quote in story["quotes"]:
        key = " ".join(quote["text"].lower().split())
        assert quote.get("speaker_id")
        assert len(key.split()) >= 6 or len(quoted_by.get(key, ())) > 1, quote
    speakers = [q["speaker_id"] for q in story["quotes"]]
    assert all(speakers.count(s) <= 2 for s in speakers)


def test_analyse_again_redoes_every_article_without_doubling(demo_db: Path, tmp_path: Path) -> None:
    """After an upgrade (or with another model) `analyse --again` redoes the whole corpus: the
    same entities under the same ids, each article counted once, the same quotes."""
    import shutil

    db = tmp_path / "again.db"
    shutil.copy(demo_db, db)
    before_entities = {e["id"]: sorted(e["article_ids"]) for e in cli_json("entities", "--top", "0", "--db", str(db))}
    before_quotes = len(cli_json("quotes", "--db", str(db)))
    result = CliRunner().invoke(cli, ["analyse", "--again", "--db", str(db)])
    assert result.exit_code == 0 and "analysed 5 articles" in result.output
    after_entities = {e["id"]: sorted(e["article_ids"]) for e in cli_json("entities", "--top", "0", "--db", str(db))}
    assert after_entities == before_entities
    assert len(cli_json("quotes", "--db", str(db))) == before_quotes
    assert "analysed 0 articles" in CliRunner().invoke(cli, ["analyse", "--db", str(db)]).output


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_that_breaks_a_worker_costs_only_itself(workers: int) -> None:
    """What a document's processing raises comes back as its outcome, in input order, from a
    worker process as from this one; items the caller passes over come back untouched."""
    from newsweave.pipeline import process_stream
    from newsweave.records import Article, SourceDocument

    good = SourceDocument(path="a.txt", kind="text", content=PAGE)
    broken = SourceDocument(path="b.txt", kind="text", content=None)  # type: ignore[arg-type]
    items = [good, "a read error", broken, good]
    outcomes = list(process_stream(items, lambda item: item if isinstance(item, SourceDocument) else None,
                                   workers=workers))
    assert [item for item, _ in outcomes] == items
    kinds = [type(outcome).__name__ if isinstance(outcome, Exception) else outcome for _, outcome in outcomes]
    assert isinstance(outcomes[0][1], Article) and outcomes[1][1] is None
    assert kinds[2] == "TypeError" and isinstance(outcomes[3][1], Article), kinds


def test_a_worker_that_dies_costs_only_the_documents_it_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-document (as by the kernel for memory) breaks the pool: the documents
    in flight are reported as such, the rest of the stream is still processed, in order."""
    import os

    import newsweave.pipeline as pipeline
    from newsweave.records import Article, SourceDocument

    parent, real = os.getpid(), pipeline.process_document

    def dies_on_the_poisoned_page(doc, **kwargs):
        if "poison" in doc.content and os.getpid() != parent:
            os._exit(1)
        return real(doc, **kwargs)

    monkeypatch.setattr(pipeline, "process_document", dies_on_the_poisoned_page)  # forked workers inherit it
    docs = [SourceDocument(path=f"{i}.txt", kind="text", content=PAGE + ("poison" if i == 0 else f" {i}"))
            for i in range(40)]
    outcomes = [outcome for _, outcome in pipeline.process_stream(docs, lambda doc: doc, workers=2)]
    assert len(outcomes) == 40 and isinstance(outcomes[0], pipeline.WorkerDied)
    assert all(isinstance(o, (Article, pipeline.WorkerDied)) for o in outcomes)
    assert isinstance(outcomes[-1], Article) and "--workers" in str(outcomes[0])


def test_the_overview_lists_people_organisations_and_places_not_nationalities(demo_db: Path) -> None:
    """The demo's overview read "Russia (5), Russian (5), … Syria (5), Syrian (5)", and an event's
    who and what "Russia 2, Russian 2": a nationality is listed by `entities --label NORP`, not
    among the most mentioned."""
    with Corpus(demo_db) as corpus:
        top = corpus.summary(top=10)["top_entities"]
        norp = [e["name"] for e in corpus.entities(label="NORP")]
        [event] = [corpus.event(e["id"]) for e in corpus.events() if len(e["article_ids"]) == 2]
    assert {"Russia", "Syria", "John Kerry"} <= {e["name"] for e in top}
    assert "Russian" in norp and not {e["label"] for e in top} & {"NORP"}
    assert "Russia" in {e["name"] for e in event["entities"]} and not {e["label"] for e in event["entities"]} & {"NORP"}
