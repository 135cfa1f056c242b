"""The newsweave command: exit codes, listings, --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from newsweave.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_ingest_browse_export(tmp_path: Path, seed_paths: list[Path]) -> None:
    db = str(tmp_path / "n.db")
    code, out = run("ingest", str(seed_paths[0].parent), "--db", db, "--no-analyse")
    assert code == 0 and "5 new" in out
    code, out = run("articles", "--db", db, "--json")
    listed = json.loads(out)
    assert code == 0 and len(listed) == 5 and all("body" not in a for a in listed)
    code, out = run("articles", "--db", db, "--json", "--limit", "2", "--offset", "1")
    assert code == 0 and [a["id"] for a in json.loads(out)] == [a["id"] for a in listed[1:3]]
    code, out = run("articles", "--db", db, "--limit", "2", "--offset", "1")
    assert code == 0 and "articles 2–3 of 5 (--offset 3 for more)" in out
    code, out = run("articles", "--db", db, "--limit", "0")
    assert code == 2  # a usage error, not an empty page
    code, out = run("show", listed[0]["id"][:8], "--db", db, "--json")
    assert code == 0 and json.loads(out)["id"] == listed[0]["id"]
    code, out = run("show", listed[0]["id"], "--db", db)
    assert code == 0 and "removed (" in out
    code, out = run("errors", "--db", db)
    assert code == 0 and "no errors" in out
    code, out = run("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "a.csv"))
    assert code == 0 and (tmp_path / "a.csv").exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, out = run("export", "--db", db, "--format", "jsonl", "--out", str(blocker / "out.jsonl"))
    assert code == 1 and "cannot write" in out and "Traceback" not in out
    code, out = run("search", "Zakharova", "--db", db, "--json")
    assert code == 0 and len(json.loads(out)) == 1
    code, out = run("search", "Zakharova Quidditch", "--db", db)
    assert code == 0 and "no article matches" in out


def test_exit_codes(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    good = tmp_path / "good.txt"
    good.write_text("Talks resume\n\nThe minister said on Tuesday that talks would resume in Geneva next week.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert run("ingest", str(good), "--db", db, "--no-analyse")[0] == 0
    code, out = run("ingest", str(good), str(bad), "--db", db, "--no-analyse")
    assert code == 1 and "bad.txt" in out and "empty" in out
    code, out = run("errors", "--db", db, "--json")
    assert code == 0 and json.loads(out)[0]["path"].endswith("bad.txt")
    assert run("ingest", "--db", db)[0] == 2  # no PATH: usage error
    assert run("export", "--db", db, "--format", "xml", "--out", "x")[0] == 2
    assert run("articles", "--db", db, "--since", "yesterday")[0] == 2
    assert run("entities", "--db", db, "--top", "-3")[0] == 2
    code, out = run("events", "--db", db, "--story", "st-nope")
    assert code == 1 and "no story 'st-nope'" in out
    # a long path: the command to run next must stay on one line, ready to copy
    missing = tmp_path / ("deeply-nested-folder-" * 4) / "missing.db"
    code, out = run("articles", "--db", str(missing))
    assert code == 2 and f"newsweave ingest PATH --db {missing}" in out
    assert run("show", "art_nope", "--db", db)[0] == 1


def test_a_long_list_of_failures_is_cut_short_and_errors_lists_them_all(tmp_path: Path) -> None:
    from newsweave.cli import PRINTED_ERRORS

    db = str(tmp_path / "n.db")
    empties = []
    for number in range(PRINTED_ERRORS + 5):
        empty = tmp_path / f"empty{number:02d}.txt"
        empty.write_bytes(b"")
        empties.append(str(empty))
    code, out = run("ingest", *empties, "--db", db, "--no-analyse")
    assert code == 1 and out.count("failed:") == PRINTED_ERRORS and "… and 5 more failures" in out
    code, out = run("errors", "--db", db, "--json")
    assert len(json.loads(out)) == PRINTED_ERRORS + 5


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("newsweave")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "ingest" in result.stdout


def test_missing_model_is_a_usage_error_before_reading(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("Talks resume\n\nThe minister said on Tuesday that talks would resume in Geneva next week.\n")
    db = tmp_path / "n.db"
    code, out = run("ingest", str(page), "--db", str(db), "--model", "no_such_spacy_model")
    assert code == 2 and "not installed" in out and "pip install" in out
    code, out = run("ingest", str(page), "--db", str(db), "--no-analyse")
    assert code == 0 and "1 new" in out


def test_duplicates_lists_each_copy_with_its_outlet(tmp_path: Path, seed_texts: dict[str, str]) -> None:
    from newsweave.clean import clean_text

    body = clean_text(seed_texts["002"]).body
    rows = [
        {"url": "https://www.afp.com/en/news/1", "title": "Putin, Kerry did not discuss military cooperation",
         "text": body, "date": "2016-07-15T10:00:00"},
        {"url": "https://www.business-standard.com/article/1", "title": "Kremlin: no military cooperation talk",
         "text": body.replace("ferocious", "fierce"), "date": "2016-07-15T14:07:00"},
    ]
    export = tmp_path / "wire.jsonl"
    export.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    db = str(tmp_path / "n.db")
    assert run("ingest", str(export), "--db", db)[0] == 0
    code, out = run("duplicates", "--db", db)
    lines = [line for line in out.splitlines() if "originator" in line or "republisher" in line]
    assert code == 0 and len(lines) == 2
    assert "originator" in lines[0] and "2016-07-15T10" in lines[0]
    assert "republisher" in lines[1] and "Business" in lines[1]
    (event,) = json.loads(run("events", "--db", db, "--json")[1])
    assert len(event["article_ids"]) == 2 and event["reports"] == 1  # one text, however many pages carry it
    code, out = run("event", event["id"], "--db", db)
    assert code == 0 and "2 articles, 1 independent report" in out
    assert "2 articles, 1 independent report)" in run("summary", "--db", db)[1]
    assert "2 article(s) (1 independent)" in run("timeline", event["story_id"], "--db", db)[1]


def test_show_names_the_file_and_the_record_inside_it(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(json.dumps({"title": title, "text": f"{title} was agreed on Tuesday, officials said.",
                                            "url": f"https://example.org/{n}"})
                                for n, title in enumerate(["A truce", "A budget"])), encoding="utf-8")
    assert run("ingest", str(export), "--db", db, "--no-analyse")[0] == 0
    budget = next(a for a in json.loads(run("articles", "--db", db, "--json")[1]) if a["title"] == "A budget")
    code, out = run("show", budget["id"], "--db", db)
    assert code == 0 and f"file: {export} (line 2)" in out and "url: https://example.org/1" in out


def test_event_corrections_take_db_before_or_after_the_subcommand(tmp_path: Path, seed_paths: list[Path]) -> None:
    db = str(tmp_path / "n.db")
    assert run("ingest", str(seed_paths[0].parent), "--db", db)[0] == 0
    events = json.loads(run("events", "--db", db, "--json")[1])
    pair = next(e for e in events if len(e["article_ids"]) == 2)
    single = next(e for e in events if len(e["article_ids"]) == 1)
    moved = pair["article_ids"][1]
    code, out = run("events", "split", pair["id"], moved, "--db", db)
    assert code == 0, out
    split_off = next(e["id"] for e in json.loads(run("events", "--db", db, "--json")[1]) if e["article_ids"] == [moved])
    code, out = run("events", "--db", db, "move", moved, single["id"])
    assert code == 0 and f"event {single['id']}: 2 articles" in out
    assert split_off not in {e["id"] for e in json.loads(run("events", "--db", db, "--json")[1])}
    quoted = json.loads(run("quotes", "--event", pair["id"], "--db", db, "--json")[1])
    assert quoted and {q["article_id"] for q in quoted} <= set(pair["article_ids"]) - {moved}
    assert run("quotes", "--event", "ev-unknown", "--db", db)[0] == 1
    code, out = run("events", "merge", pair["id"], single["id"], "--db", db)
    assert code == 0 and f"event {pair['id']}: 3 articles" in out
    code, out = run("events", "merge", pair["id"], "ev-unknown", "--db", db)
    assert code == 1 and "ev-unknown" in out
    code, out = run("events", "merge", single["id"], pair["id"], "--db", db)
    assert code == 1 and "already one event" in out
    code, out = run("events", "split", "ev-unknown", moved, "--db", db)
    assert code == 1 and "unknown event or article ev-unknown" in out
    code, out = run("events", "move", moved, pair["id"], "--db", str(tmp_path / "missing.db"))
    assert code == 2 and "no database" in out


def test_a_file_that_is_no_newsweave_database_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list\n")
    done = subprocess.run([str(Path(sys.executable).with_name("newsweave")), "articles", "--db", str(notes)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "not an SQLite file" in done.stderr and "Traceback" not in done.stderr


def test_each_phase_of_a_long_command_gets_a_bar_of_its_own(monkeypatch) -> None:
    """The time left is read from one phase's pace: a new phase (the count going back, another
    total) must not inherit the previous phase's speed."""
    import newsweave.cli as cli_module

    class RecordingProgress:
        def __init__(self, *_columns, **_options) -> None:
            self.added: list[tuple[str, int | None]] = []

        def __enter__(self):
            recorder.append(self)
            return self

        def __exit__(self, *_exc) -> None:
            pass

        def add_task(self, description: str, total: int | None = None) -> int:
            self.added.append((description, total))
            return len(self.added)

        def remove_task(self, _task: int) -> None:
            pass

        def update(self, *_args, **_kwargs) -> None:
            pass

    recorder: list[RecordingProgress] = []
    monkeypatch.setattr(cli_module, "Progress", RecordingProgress)
    with cli_module._progress_bar() as progress:
        for done in range(3):
            progress("a.txt", done, 3)  # files
        for done in range(1, 4):
            progress("analysing x", done, 3)  # the count goes back: analysis
        progress("reading 3 articles for linking", 0, 3)
        progress("linking 3 articles", 3, 3)
    assert [total for _, total in recorder[0].added] == [3, 3, 3]
