"""The ``newsweave`` command: a thin face over :mod:`newsweave.api`.

Exit codes: 0 success, 1 some inputs failed (or nothing found), 2 usage errors.
Every listing command takes ``--json`` for machine-readable output.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from newsweave.api import EXPORT_FORMATS, Corpus
from newsweave.errors import ModelError, StoreError

# Piped output gets a wide table rather than rich's 80-column default.
_WIDTH = None if sys.stdout.isatty() else shutil.get_terminal_size((160, 24)).columns
console = Console(width=_WIDTH)
# messages are not wrapped: a path or a command to copy must stay on one line
err_console = Console(stderr=True, soft_wrap=True)

DB_OPTION = click.option("--db", default="newsweave.db", show_default=True, type=click.Path(dir_okay=False),
                         envvar="NEWSWEAVE_DB", help="SQLite database file (env NEWSWEAVE_DB).")
# a subcommand takes --db too (``newsweave events merge A B --db x.db``), over the group's
SUB_DB_OPTION = click.option("--db", "sub_db", default=None, type=click.Path(dir_okay=False),
                             help="SQLite database file (default: the group's --db).")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
SUMMARY_OUTLETS = 12  # outlets named on the summary's first line
PRINTED_ERRORS = 20  # failures listed after an ingest; `newsweave errors` lists them all
LIMIT_OPTION = click.option("--limit", type=click.IntRange(min=1), help="Show at most this many (one page).")
OFFSET_OPTION = click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many first.")
_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
WORKERS_OPTION = click.option(
    "--workers", type=click.IntRange(min=1), default=1, show_default=True, envvar="NEWSWEAVE_WORKERS",
    help="Processes that clean and analyse articles side by side (env NEWSWEAVE_WORKERS); "
         "up to one per CPU core speeds a large ingest up, with the same results.")


def _day_option(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A date as the store compares it (YYYY-MM-DD, YYYY-MM or YYYY), or a usage error."""
    if value is not None and not _DAY.match(value.strip()):
        raise click.BadParameter(f"{value!r} is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY)", param=param)
    return value.strip() if value else None


SINCE_OPTION = click.option("--since", callback=_day_option, help="Published on or after this date (YYYY-MM-DD).")
UNTIL_OPTION = click.option("--until", callback=_day_option, help="Published on or before this date (YYYY-MM-DD).")


def _open(db: str, model: str | None = None) -> Corpus:
    if not Path(db).exists():
        err_console.print(f"[red]error:[/] no database at {db}. Run `newsweave ingest PATH --db {db}` first.")
        sys.exit(2)
    return Corpus(db, model=model)


@contextmanager
def _progress_bar(*, disable: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """A progress callback for the long commands, drawing a bar with the time left. Each phase
    (reading files, analysing, embedding, linking) gets a bar of its own, so the time left is
    read from that phase's pace: a phase starts where the count goes back or its total changes."""
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=err_console, transient=True,
                  disable=disable) as bar:
        phase: dict[str, Any] = {"task": None, "done": 0, "total": None}

        def progress(label: str, done: int, total: int) -> None:
            if phase["task"] is None or done < phase["done"] or total != phase["total"]:
                if phase["task"] is not None:
                    bar.remove_task(phase["task"])
                phase["task"] = bar.add_task(_short(label, 50), total=total or None)
            phase["done"], phase["total"] = done, total
            bar.update(phase["task"], description=_short(label, 50), completed=done)

        yield progress


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _shown(count: int, total: int, offset: int, singular: str, plural: str | None = None) -> str:
    """"181 articles", or for one page "articles 51–100 of 181 (--offset 100 for more)"."""
    plural = plural or singular + "s"
    if count == total:
        return _count(total, singular, plural)
    if not count:
        return f"no {plural} from {offset + 1} on: there are {total}"
    more = f" (--offset {offset + count} for more)" if offset + count < total else ""
    return f"{plural} {offset + 1}–{offset + count} of {total}{more}"


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
@click.option("--model", help="An installed spaCy pipeline to use instead of the default small English one.")
@click.option("--analyse/--no-analyse", default=True, show_default=True,
              help="Find entities and quotes now (else later with `newsweave analyse`).")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Group events and stories now (else later with `newsweave link`).")
@WORKERS_OPTION
@JSON_OPTION
def ingest(paths: tuple[str, ...], db: str, outlet: str | None, model: str | None, analyse: bool, link: bool,
           workers: int, as_json: bool) -> None:
    """Ingest text dumps, HTML, JSONL exports and WARC files (files or folders)."""
    with Corpus(db, model=model) as corpus, _progress_bar(disable=as_json) as progress:
        try:
            report = corpus.ingest(paths, outlet=outlet, progress=progress, analyse=analyse, link=link,
                                   workers=workers)
        except ModelError as exc:
            err_console.print(f"[red]error:[/] {exc}")
            sys.exit(2)
    if as_json:
        _print_json(report.to_dict())
    else:
        console.print(
            f"[bold]{report.files}[/] files: [green]{report.new} new[/], {report.revised} revised, "
            f"{report.unchanged} unchanged, [red]{len(report.errors)} failed[/] → {db}")
        if report.skipped:
            console.print(f"skipped {len(report.skipped)} files of unknown type, e.g. {report.skipped[0]}")
        for error in report.errors[:PRINTED_ERRORS]:
            where = f" ({error.member})" if error.member else ""
            err_console.print(f"[red]failed:[/] {error.path}{where}: {error.reason}")
        if len(report.errors) > PRINTED_ERRORS:
            err_console.print(f"… and {len(report.errors) - PRINTED_ERRORS} more failures")
        if report.errors:
            err_console.print("See them again with `newsweave errors`; fix the files and re-run the same ingest "
                              "(stored articles are not duplicated).")
    sys.exit(1 if report.errors else 0)


@cli.command("analyse")
@DB_OPTION
@click.option("--model", help="An installed spaCy pipeline to use instead of the default small English one.")
@click.option("--again", is_flag=True,
              help="Analyse every article afresh (after upgrading newsweave, or with another --model).")
@WORKERS_OPTION
def analyse_command(db: str, model: str | None, again: bool, workers: int) -> None:
    """Find entities and quotes in articles ingested with --no-analyse (or in all, --again)."""
    with _open(db, model) as corpus, _progress_bar() as progress:
        try:
            corpus.check_model()
        except ModelError as exc:
            err_console.print(f"[red]error:[/] {exc}")
            sys.exit(2)
        count = corpus.analyse(again=again, progress=progress, workers=workers)
    console.print(f"analysed {count} articles")
    if again:
        console.print("the links still use the entities found before: run `newsweave link --again` to regroup")


@cli.command("link")
@DB_OPTION
@click.option("--again", is_flag=True,
              help="Link every article afresh (after upgrading newsweave, or after `analyse --again`); "
                   "human corrections and event ids are kept.")
def link_command(db: str, again: bool) -> None:
    """Group articles ingested with --no-link into copies, events and stories (or all, --again)."""
    with _open(db) as corpus, _progress_bar() as progress:
        count = corpus.link(again=again, progress=progress)
    console.print(f"linked {count} articles")


@cli.command("summary")
@DB_OPTION
@click.option("--stories", "story_limit", type=click.IntRange(min=0), default=8, show_default=True,
              help="Show the timelines of this many stories, the longest-running first (0: all).")
@JSON_OPTION
def summary_command(db: str, story_limit: int, as_json: bool) -> None:
    """What the corpus holds: articles, outlets, top entities, events and stories with their timelines."""
    with _open(db) as corpus:
        found = corpus.summary(stories=story_limit or None)
    if as_json:
        _print_json(found)
        return
    shown = list(found["outlets"].items())[:SUMMARY_OUTLETS]
    outlets = ", ".join(f"{name} ({count})" for name, count in shown)
    if len(found["outlets"]) > len(shown):
        outlets += f" and {len(found['outlets']) - len(shown)} more (newsweave articles --outlet NAME)"
    console.print(f"[bold]{_count(found['articles'], 'article')}[/] from {outlets}", highlight=False)
    console.print(", ".join([_count(found["entities"], "entity", "entities"), _count(found["quotes"], "quote"),
                             _count(found["events"], "event"), _count(found["story_count"], "story", "stories"),
                             _count(found["copies"], "copy group"),
                             _count(found["errors"], "error") + " in the last run"]))
    console.print("most mentioned: " + ", ".join(f"{e['name']} ({e['articles']})" for e in found["top_entities"]),
                  highlight=False)
    for story in found["stories"]:
        console.rule(f"story {story['id']}: {story.get('title')}")
        for line in story.get("events", []):
            outlets = ", ".join(o for o in line.get("outlets", []) if o) or "unknown outlet"
            articles, reports = line.get("article_count", 0), line.get("reports") or 0
            copies = f", {_count(reports, 'independent report')}" if 0 < reports < articles else ""
            console.print(f"  {line.get('date') or '    ?     '}  {_short(line.get('title'), 70)}  [dim]({outlets}; "
                          f"{_count(articles, 'article')}{copies})[/]", highlight=False)
            if line.get("summary"):
                console.print(f"              [italic]{_short(line['summary'], 110)}[/]", highlight=False)
    if len(found["stories"]) < found["story_count"]:
        console.print(f"[dim]the {len(found['stories'])} longest-running of {found['story_count']} stories; "
                      "all of them: newsweave stories, or summary --stories 0[/]")


@cli.command()
@DB_OPTION
@click.option("--outlet", help="Only this outlet (case-insensitive).")
@SINCE_OPTION
@UNTIL_OPTION
@LIMIT_OPTION
@OFFSET_OPTION
@JSON_OPTION
def articles(db: str, outlet: str | None, since: str | None, until: str | None, limit: int | None, offset: int,
             as_json: bool) -> None:
    """List stored articles (all of them, or one page with --limit and --offset)."""
    with _open(db) as corpus:
        found = corpus.articles(outlet=outlet, since=since, until=until, limit=limit, offset=offset)
        total = corpus.count_articles(outlet=outlet, since=since, until=until)
    if as_json:
        _print_json([{k: v for k, v in a.to_dict().items() if k not in ("body", "removed")} for a in found])
        return
    table = Table("id", "published", "outlet", "title", "dateline", "authors")
    for article in found:
        table.add_row(article.id, article.published or "—", article.outlet or "—", _short(article.title, 60),
                      article.dateline or "", ", ".join(article.authors))
    console.print(table)
    console.print(_shown(len(found), total, offset, "article"))


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
        ("language", article.language), ("url", article.source.url),
        ("file", f"{article.source.path} ({article.source.member})" if article.source.member else article.source.path),
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
    if not found:
        console.print(f"no article matches {query!r}: every word must occur (try fewer words, or a prefix*)")
        return
    table = Table("id", "published", "outlet", "title", "snippet")
    for hit in found:
        table.add_row(hit["id"], hit["published"] or "—", hit["outlet"] or "—", _short(hit["title"], 40),
                      _short(hit["snippet"], 80))
    console.print(table)


def _cannot_write(out: str, exc: OSError) -> NoReturn:
    err_console.print(f"[red]error:[/] cannot write {out}: {exc.strerror or exc}; "
                      "choose a file in a folder you can write to.")
    sys.exit(1)


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="File to write.")
def export(db: str, fmt: str, out: str) -> None:
    """Export the corpus (JSONL: every record type; CSV/Parquet: one row per article)."""
    with _open(db) as corpus:
        try:
            count = corpus.export(out, fmt)
        except OSError as exc:
            _cannot_write(out, exc)
    console.print(f"wrote {count} records to {out}")


# -- who and what -----------------------------------------------------------------------------


@cli.command("entities")
@DB_OPTION
@click.option("--label", help="Only this label: PERSON, ORG, GPE, LOC, NORP, EVENT, ...")
@click.option("--top", type=click.IntRange(min=0), default=30, show_default=True, help="How many, most mentioned first (0: all).")
@JSON_OPTION
def entities_command(db: str, label: str | None, top: int, as_json: bool) -> None:
    """People, organisations and places, resolved across articles."""
    with _open(db) as corpus:
        found = corpus.entities(label=label, top=top or None)
    if as_json:
        _print_json(found)
        return
    table = Table("name", "label", "articles", "aliases", "roles")
    for entity in found:
        roles = ", ".join(sorted({r["role"] for r in entity.get("roles", [])}))
        table.add_row(entity["name"], entity["label"], str(len(entity.get("article_ids", []))),
                      _short(", ".join(a for a in entity.get("aliases", []) if a != entity["name"]), 50),
                      _short(roles, 40))
    console.print(table)


@cli.command("entity")
@click.argument("name")
@DB_OPTION
@JSON_OPTION
def entity_command(name: str, db: str, as_json: bool) -> None:
    """One entity: aliases, roles with dates, articles, and its quotes over time."""
    with _open(db) as corpus:
        found = corpus.entity(name)
    if not found:
        err_console.print(f"[red]error:[/] no entity named {name!r}; list them with `newsweave entities`.")
        sys.exit(1)
    if as_json:
        _print_json(found)
        return
    for entity in found:
        console.rule(f"{entity['name']} ({entity['label']}) · {entity['id']}")
        console.print(f"[bold]aliases[/]: {', '.join(entity.get('aliases', []))}", highlight=False)
        for role in entity.get("roles", []):
            console.print(f"[bold]role[/]: {role['role']} ({role.get('first_seen') or '?'} – "
                          f"{role.get('last_seen') or '?'})", highlight=False)
        console.print(f"[bold]articles[/]: {', '.join(entity.get('article_ids', []))}", highlight=False)
        for quote in entity.get("quotes", []):
            console.print(f"  {quote.get('published') or '—'} [{quote['kind']}] {_short(quote['text'], 140)}",
                          highlight=False)


@cli.command("quotes")
@DB_OPTION
@click.option("--speaker", help="Only quotes of this person or organisation (name or alias).")
@click.option("--contains", help="Only quotes containing this text.")
@SINCE_OPTION
@UNTIL_OPTION
@click.option("--event", help="Only quotes of this event's articles (who said what in one happening).")
@LIMIT_OPTION
@OFFSET_OPTION
@JSON_OPTION
def quotes_command(db: str, speaker: str | None, contains: str | None, since: str | None, until: str | None,
                   event: str | None, limit: int | None, offset: int, as_json: bool) -> None:
    """Who said what: direct and indirect quotes with their speakers."""
    with _open(db) as corpus:
        try:
            found = corpus.quotes(speaker=speaker, contains=contains, since=since, until=until, event=event,
                                  limit=limit, offset=offset)
        except LookupError as exc:
            err_console.print(f"[red]error:[/] {exc}")
            sys.exit(1)
        total = corpus.count_quotes(speaker=speaker, contains=contains, since=since, until=until, event=event)
    if as_json:
        _print_json(found)
        return
    table = Table("published", "speaker", "kind", "quote", "article")
    for quote in found:
        table.add_row(quote.get("published") or "—", quote.get("speaker") or "?", quote["kind"],
                      _short(quote["text"], 90), quote["article_id"])
    console.print(table)
    console.print(_shown(len(found), total, offset, "quote"))


# -- events and stories -------------------------------------------------------------------------


@cli.group("events", invoke_without_command=True)
@DB_OPTION
@click.option("--story", help="Only the events of this story.")
@LIMIT_OPTION
@OFFSET_OPTION
@JSON_OPTION
@click.pass_context
def events_group(ctx: click.Context, db: str, story: str | None, limit: int | None, offset: int,
                 as_json: bool) -> None:
    """List events (articles reporting the same happening); subcommands correct them."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    with _open(db) as corpus:
        try:
            found = corpus.events(story=story, limit=limit, offset=offset)
        except LookupError as exc:
            err_console.print(f"[red]error:[/] {exc}.")
            sys.exit(1)
        total = corpus.count_events(story=story)
    if as_json:
        _print_json(found)
        return
    table = Table("id", "date", "articles", "reports", "outlets", "title", "story")
    for event in found:
        table.add_row(event["id"], event.get("date") or "—", str(len(event.get("article_ids", []))),
                      str(event.get("reports") or len(event.get("article_ids", []))),
                      _short(", ".join(o for o in event.get("outlets", []) if o), 40), _short(event.get("title"), 60),
                      event.get("story_id") or "")
    console.print(table)
    console.print(_shown(len(found), total, offset, "event"))


@events_group.command("merge")
@click.argument("event_a")
@click.argument("event_b")
@SUB_DB_OPTION
@click.pass_obj
def events_merge(obj: dict[str, str], sub_db: str | None, event_a: str, event_b: str) -> None:
    """Merge EVENT_B into EVENT_A (kept across later ingests)."""
    with _open(sub_db or obj["db"]) as corpus:
        _run_correction(lambda: corpus.merge_events(event_a, event_b))


@events_group.command("split")
@click.argument("event_id")
@click.argument("article_ids", nargs=-1, required=True)
@SUB_DB_OPTION
@click.pass_obj
def events_split(obj: dict[str, str], sub_db: str | None, event_id: str, article_ids: tuple[str, ...]) -> None:
    """Move ARTICLE_IDS out of EVENT_ID into a new event of their own."""
    with _open(sub_db or obj["db"]) as corpus:
        _run_correction(lambda: corpus.split_event(event_id, list(article_ids)))


@events_group.command("move")
@click.argument("article_id")
@click.argument("event_id")
@SUB_DB_OPTION
@click.pass_obj
def events_move(obj: dict[str, str], sub_db: str | None, article_id: str, event_id: str) -> None:
    """Put ARTICLE_ID into EVENT_ID."""
    with _open(sub_db or obj["db"]) as corpus:
        _run_correction(lambda: corpus.move_article(article_id, event_id))


def _run_correction(change: Any) -> None:
    try:
        event = change()
    except ValueError as exc:
        err_console.print(f"[red]error:[/] {exc}")
        sys.exit(1)
    console.print(f"event {event.get('id')}: {len(event.get('article_ids', []))} articles — {event.get('title')}")


@cli.command("event")
@click.argument("event_id")
@DB_OPTION
@JSON_OPTION
def event_command(event_id: str, db: str, as_json: bool) -> None:
    """One event: its date, summary and articles."""
    with _open(db) as corpus:
        event = corpus.event(event_id)
    if event is None:
        err_console.print(f"[red]error:[/] no event {event_id!r}; list them with `newsweave events`.")
        sys.exit(1)
    if as_json:
        _print_json(event)
        return
    console.rule(f"{event.get('date') or '—'} · {event.get('title')}")
    console.print(event.get("summary") or "", highlight=False)
    articles = len(event["articles"])
    console.print(f"{_count(articles, 'article')}, {_count(event.get('reports') or articles, 'independent report')} "
                  f"(the copies of one text count once), {_count(len(event.get('outlets') or []), 'outlet')}",
                  highlight=False)
    for article in event["articles"]:
        copy = f" (copy of {article['duplicate_of']})" if article.get("duplicate_of") else ""
        console.print(f"  {article['id']}  {article.get('published') or '—'}  {article.get('outlet') or '—'}: "
                      f"{article.get('title')}{copy}", highlight=False)
    if event["entities"]:
        console.print("Who and what (articles naming them): " + " · ".join(
            f"{entity['name']} ({entity['articles']})" for entity in event["entities"]), highlight=False)
    if event["quotes"]:
        console.print("Key quotes:")
        for quote in event["quotes"]:
            console.print(f"  “{quote.get('text')}” — {quote.get('speaker') or 'unnamed source'}", highlight=False)
    console.print(f"All its quotes: `newsweave quotes --event {event['id']}`", highlight=False)


@cli.command("stories")
@DB_OPTION
@LIMIT_OPTION
@OFFSET_OPTION
@JSON_OPTION
def stories_command(db: str, limit: int | None, offset: int, as_json: bool) -> None:
    """Storylines: events linked over months or years, the longest-running first."""
    with _open(db) as corpus:
        found = corpus.stories(limit=limit, offset=offset)
        total = corpus.count_stories()
    if as_json:
        _print_json(found)
        return
    table = Table("id", "events", "from", "to", "title")
    for story in found:
        dates = [e.get("date") for e in story.get("events", []) if e.get("date")]
        table.add_row(story["id"], str(len(story.get("event_ids", []))), min(dates) if dates else "—",
                      max(dates) if dates else "—", _short(story.get("title"), 70))
    console.print(table)
    console.print(_shown(len(found), total, offset, "story", "stories"))


@cli.command("timeline")
@click.argument("story_id")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json", "png", "html"]), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file (required for png).")
def timeline_command(story_id: str, db: str, fmt: str, out: str | None) -> None:
    """A story's timeline: its events in date order (text, JSON, or a chart as PNG/HTML)."""
    if fmt == "png" and not out:
        err_console.print("[red]error:[/] --format png needs --out FILE.png")
        sys.exit(2)
    with _open(db) as corpus:
        try:
            rendered = corpus.timeline(story_id, fmt)
        except ValueError as exc:
            err_console.print(f"[red]error:[/] {exc}")
            sys.exit(1)
    if out:
        try:
            if isinstance(rendered, bytes):
                Path(out).write_bytes(rendered)
            else:
                Path(out).write_text(rendered, encoding="utf-8")
        except OSError as exc:
            _cannot_write(out, exc)
        console.print(f"wrote {out}")
    else:
        click.echo(rendered if isinstance(rendered, str) else rendered.decode("utf-8", errors="replace"))


@cli.command("duplicates")
@DB_OPTION
@JSON_OPTION
def duplicates_command(db: str, as_json: bool) -> None:
    """Copies: syndicated or republished articles, with their originator."""
    with _open(db) as corpus:
        found = corpus.duplicates()
        members = [m for group in found for m in [group.get("originator"), *group.get("republishers", [])]]
        articles = {a.id: a for a in corpus.articles(ids=[m for m in members if m])} if found else {}
    if as_json:
        _print_json(found)
        return
    if not found:
        console.print("no copies found: every article is an independent report")
        return
    table = Table("copy group", "role", "article", "published", "outlet", "title")
    for group in found:
        roles = [("originator", group.get("originator"))] + [("republisher", r) for r in group.get("republishers", [])]
        for index, (role, article_id) in enumerate(roles):
            article = articles.get(article_id or "")
            table.add_row(group["id"] if index == 0 else "", role, article_id or "—",
                          (article.published or "—") if article else "—", (article.outlet or "—") if article else "—",
                          _short(article.title if article else None, 60))
    console.print(table)
    console.print(f"{len(found)} copy group(s); each counts as one independent report")


@cli.command("serve")
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local).")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
def serve_command(db: str, host: str, port: int) -> None:
    """Browse the corpus in a web browser, with a JSON API under /api."""
    from werkzeug.serving import run_simple

    from newsweave.serve import create_app

    _open(db).close()  # the same clear message as every other command when the database is missing
    console.print(f"newsweave: serving {db} at http://{host}:{port}/ (JSON API at /api); Ctrl-C stops it")
    run_simple(host, port, create_app(db), threaded=True)


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except StoreError as exc:
        err_console.print(f"[red]error:[/] {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
