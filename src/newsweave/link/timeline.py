"""Render a story's timeline as text, JSON, a PNG chart (matplotlib) or HTML embedding the PNG.

Each event is shown with its date, title, one-line summary, outlets and key quotes."""

from __future__ import annotations

import base64
import html
import io
import json
import textwrap
from datetime import date, timedelta
from typing import Any

from newsweave.link.features import parse_day
from newsweave.link.records import Event, Story

FORMATS = ("text", "json", "png", "html")
MAX_QUOTE_CHARS = 300  # a key quote is shortened to this in the text timeline (whole in JSON and HTML)


def _ordered(story: Story, events: list[Event]) -> list[Event]:
    by_id = {e.id: e for e in events}
    return [by_id[e] for e in story.event_ids if e in by_id]


def _event_quotes(story: Story) -> dict[str, list[dict[str, Any]]]:
    """Each event's key quotes, from the story's timeline lines."""
    return {line.event_id: line.quotes for line in story.timeline}


def _quote_text(quote: dict[str, Any]) -> str:
    return str(quote.get("text") or quote.get("quote") or "")


def _speaker(quote: dict[str, Any]) -> str:
    return str(quote.get("speaker") or quote.get("source") or "unnamed source")


def _text(story: Story, events: list[Event]) -> str:
    quotes = _event_quotes(story)
    lines = [f"{story.title or story.id}  [{story.id}]"]
    if story.date:
        lines.append(f"{story.date} .. {story.last_date}  ·  {len(events)} events")
    lines.append("")
    for event in events:
        outlets = ", ".join(event.outlets) if event.outlets else "-"
        lines.append(f"{event.date or 'undated':<10}  {event.title or event.id}")
        if event.summary:
            lines.extend("            " + row for row in textwrap.wrap(event.summary, 88))
        copies = f" ({event.reports} independent)" if 0 < event.reports < len(event.article_ids) else ""
        lines.append(f"            {len(event.article_ids)} article(s){copies} · {outlets} · {event.id}")
        for quote in quotes.get(event.id, []):
            said = f"“{textwrap.shorten(_quote_text(quote), MAX_QUOTE_CHARS)}” — {_speaker(quote)}"
            lines.extend(textwrap.wrap(said, 88, initial_indent="              ", subsequent_indent="               "))
    return "\n".join(lines) + "\n"


def _png(story: Story, events: list[Event]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    dated = [(parse_day(e.date), e) for e in events if parse_day(e.date)]
    height = 1.6 + 0.55 * max(1, len(dated))
    fig, ax = plt.subplots(figsize=(10, height), dpi=100)
    if dated:
        days: list[date] = [d for d, _ in dated if d is not None]
        sizes = [40 + 30 * len(e.article_ids) for _, e in dated]
        rows = list(range(len(dated)))[::-1]
        ax.scatter(days, rows, s=sizes, color="#1f77b4", zorder=3)
        ax.hlines(rows, min(days), days, color="#cccccc", linewidth=0.8, zorder=1)
        span = max(days) - min(days)
        middle = min(days) + span / 2
        for day, row, (_, event) in zip(days, rows, dated, strict=True):
            label = textwrap.shorten(event.title or event.summary or event.id, 70)
            # labels of the later half point left, so that they stay inside the axes
            right = day <= middle
            ax.annotate(
                f"{day.isoformat()}  {label}" if right else f"{label}  {day.isoformat()}", (day, row),
                xytext=(8 if right else -8, 0), textcoords="offset points", va="center",
                ha="left" if right else "right", fontsize=8,
            )
        # ticks and their labels follow the span: days for a week's story, years for a decade's
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_ylim(-1, len(dated))
        pad = max(span * 0.05, timedelta(days=1))
        ax.set_xlim(min(days) - pad, max(days) + pad)
    else:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
    ax.set_yticks([])
    ax.set_title(textwrap.shorten(story.title or story.id, 90), fontsize=10)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def _html(story: Story, events: list[Event]) -> str:
    chart = base64.b64encode(_png(story, events)).decode("ascii")
    quotes = _event_quotes(story)
    rows = "\n".join(
        f"<tr><td>{html.escape(e.date or 'undated')}</td><td><b>{html.escape(e.title or e.id)}</b><br>"
        f"{html.escape(e.summary or '')}"
        + "".join(f"<blockquote>“{html.escape(_quote_text(q))}” — {html.escape(_speaker(q))}</blockquote>"
                  for q in quotes.get(e.id, []))
        + f"</td><td>{html.escape(', '.join(e.outlets))}</td><td>{len(e.article_ids)}</td></tr>"
        for e in events
    )
    title = html.escape(story.title or story.id)
    return (
        f"<!doctype html>\n<html><head><meta charset='utf-8'><title>{title}</title></head><body>\n"
        f"<h1>{title}</h1>\n<img alt='timeline chart' src='data:image/png;base64,{chart}'>\n"
        f"<table border='1' cellpadding='4'><tr><th>date</th><th>event</th><th>outlets</th>"
        f"<th>articles</th></tr>\n{rows}\n</table>\n</body></html>\n"
    )


def render_timeline(story: Story, events: list[Event], fmt: str) -> str | bytes:
    """``text`` | ``json`` | ``png`` (bytes) | ``html`` (with the PNG chart embedded)."""
    ordered = _ordered(story, events)
    if fmt == "text":
        return _text(story, ordered)
    if fmt == "json":
        quotes = _event_quotes(story)
        payload = {**story.to_dict(), "events": [{**e.to_dict(), "quotes": quotes.get(e.id, [])} for e in ordered]}
        return json.dumps(payload, ensure_ascii=False, indent=2)
    if fmt == "png":
        return _png(story, ordered)
    if fmt == "html":
        return _html(story, ordered)
    raise ValueError(f"unknown timeline format {fmt!r}; use one of {', '.join(FORMATS)}")
