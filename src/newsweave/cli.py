"""The ``newsweave`` command: a thin face over :mod:`newsweave.api`.

Exit codes: 0 success, 1 some inputs failed (or nothing found), 2 usage errors.
Every listing command takes ``--json`` for machine-readable output.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsweave.api import EXPORT_FORMATS, Corpus

# Piped output gets a wide table rather than rich's 80-column default.
_WIDTH = None if sys.stdout.isatty() else shutil.get_terminal_size((160, 24)).columns
console = Console(width=_WIDTH)
err_console = Console(stderr=True)

DB_OPTION = click.option("--db", default="newsweave.db", show_default=True, type=click.Path(dir_okay=False),
                         envvar="NEWSWEAVE_DB", help="SQLite database file (env NEWSWEAVE_DB).")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _open(db: str, *, must_exist: bool = True) -> Corpus:
    if must_exist and not Path(db).exists():
        err_console.print(f"[red]error:[/] no database at {db}. Run `newsweave ingest PATH --db {db}` first.")
        sys.exit(2)
    return Corpus(db)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _short(text: str | None, width: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsweave")
def cli() -> None:
    """newsweave: clean scraped news, find who said what, group events and stories."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB_OPTION
@click.option("--outlet", help="Name the outlet of every article in PATHS (when you know it).")
@JSON_OPTION
def ingest(paths: tuple[str, ...], db: str, outlet: str | None, as_json: bool) -> None:
    """Ingest text dumps, HTML, JSONL exports and WARC files (files or folders)."""
    with _open(db, must_exist=False) as corpus, Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err_console, transient=True, disable=as_json,
    ) as bar:
        task = bar.add_task("reading", total=None)

        def progress(label: str, done: int, total: int) -> None:
            bar.update(task, description=_short(label, 50), completed=done, total=total)

        report = corpus.ingest(paths, outlet=outlet, progress=progress)
    if as_json:
        _print_json(report.to_dict())
    else:
        console.print(
            f"[bold]{report.files}[/] files: [green]{report.new} new[/], {report.revised} revised, "
            f"{report.unchanged} unchanged, [red]{len(report.errors)} failed[/] → {db}")
        if report.skipped:
            console.print(f"skipped {len(report.skipped)} files of unknown type, e.g. {report.skipped[0]}")
        for error in report.errors:
            where = f" ({error.member})" if error.member else ""
            err_console.print(f"[red]failed:[/] {error.path}{where}: {error.reason}")
        if report.errors:
            err_console.print("See them again with `newsweave errors`; fix the files and re-run the same ingest "
                              "(stored articles are not duplicated).")
    sys.exit(1 if report.errors else 0)


@cli.command()
@DB_OPTION
@click.option("--outlet", help="Only this outlet (case-insensitive).")
@click.option("--since", help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Published on or before this date (YYYY-MM-DD).")
@JSON_OPTION
def articles(db: str, outlet: str | None, since: str | None, until: str | None, as_json: bool) -> None:
    """List stored articles."""
    with _open(db) as corpus:
        found = corpus.articles(outlet=outlet, since=since, until=until)
    if as_json:
        _print_json([{k: v for k, v in a.to_dict().items() if k not in ("body", "removed")} for a in found])
        return
    table = Table("id", "published", "outlet", "title", "dateline", "authors")
    for article in found:
        table.add_row(article.id, article.published or "—", article.outlet or "—", _short(article.title, 60),
                      article.dateline or "", ", ".join(article.authors))
    console.print(table)
    console.print(f"{len(found)} articles")


@cli.command()
@click.argument("article_id")
@DB_OPTION
@JSON_OPTION
def show(article_id: str, db: str, as_json: bool) -> None:
    """Show one article: metadata, body and the lines the cleaner removed."""
    with _open(db) as corpus:
        article = corpus.article(article_id)
        revisions = corpus.revisions(article.id) if article else []
    if article is None:
        err_console.print(f"[red]error:[/] no article {article_id!r}; list ids with `newsweave articles`.")
        sys.exit(1)
    if as_json:
        _print_json(article.to_dict() | {"revisions": revisions})
        return
    console.rule(article.title or "(no title)")
    for label, value in [
        ("id", article.id), ("standfirst", article.standfirst), ("outlet", article.outlet),
        ("credits", ", ".join(article.credits)),
        ("published", f"{article.published} (from {article.published_from})" if article.published else None),
        ("updated", article.updated), ("dateline", article.dateline), ("authors", ", ".join(article.authors)),
        ("language", article.language), ("source", article.source.url or article.source.path),
        ("extractor", article.extractor), ("revision", str(article.revision)),
        ("event", article.event_id), ("story", article.story_id),
    ]:
        if value:
            console.print(f"[bold]{label:>10}[/]: {value}", highlight=False)
    console.rule("body")
    console.print(article.body, highlight=False)
    console.rule(f"removed ({len(article.removed)} lines)")
    for line in article.removed:
        console.print(f"[dim]- {_short(line, 120)}[/]", highlight=False)


@cli.command()
@DB_OPTION
@click.option("--all", "all_runs", is_flag=True, help="Errors of every run, not only the latest.")
@JSON_OPTION
def errors(db: str, all_runs: bool, as_json: bool) -> None:
    """List the files that failed to ingest, with the reason."""
    with _open(db) as corpus:
        found = corpus.errors(all_runs=all_runs)
    if as_json:
        _print_json(found)
        return
    if not found:
        console.print("no errors")
        return
    table = Table("run", "path", "where", "reason")
    for error in found:
        table.add_row(str(error["run_id"]), error["path"], error["member"] or "", error["reason"])
    console.print(table)


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True)
@JSON_OPTION
def search(query: str, db: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles and bodies (SQLite FTS5 syntax)."""
    with _open(db) as corpus:
        found = corpus.search(query, limit)
    if as_json:
        _print_json(found)
        return
    table = Table("id", "published", "outlet", "title", "snippet")
    for hit in found:
        table.add_row(hit["id"], hit["published"] or "—", hit["outlet"] or "—", _short(hit["title"], 40),
                      _short(hit["snippet"], 80))
    console.print(table)


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="File to write.")
def export(db: str, fmt: str, out: str) -> None:
    """Export the corpus (JSONL: every record type; CSV/Parquet: one row per article)."""
    with _open(db) as corpus:
        count = corpus.export(out, fmt)
    console.print(f"wrote {count} records to {out}")


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
