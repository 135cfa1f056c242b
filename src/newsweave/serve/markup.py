"""Article body as HTML: paragraphs, quotes highlighted with their speaker, entity mentions linked.

Hand-written because the spans come from our own records as character offsets into the body
(quotes and mentions, which may nest or, rarely, cross), and no templating or markup library
turns offset spans into escaped, properly nested HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Span:
    """A stretch of the body: a quote or an entity mention, with the record it came from."""

    start: int
    end: int
    record: dict[str, Any]


def _spans(candidates: Iterable[Span], length: int) -> list[Span]:
    """Valid spans in body order; of two spans that overlap, the earlier (then longer) one wins."""
    kept: list[Span] = []
    for span in sorted(candidates, key=lambda s: (s.start, -s.end)):
        if 0 <= span.start < span.end <= length and (not kept or span.start >= kept[-1].end):
            kept.append(span)
    return kept


def body_quotes(quotes: list[dict[str, Any]], length: int) -> list[Span]:
    """The quotes found in the body (headline and standfirst quotes count offsets in those fields)."""
    return _spans((Span(q["start"], q["end"], q) for q in quotes
                   if q.get("field") in (None, "body") and isinstance(q.get("start"), int)
                   and isinstance(q.get("end"), int)), length)


def body_mentions(entities: list[dict[str, Any]], length: int) -> list[Span]:
    return _spans((Span(m["start"], m["end"], entity) for entity in entities
                   for m in entity.get("mentions", []) if "start" in m and "end" in m), length)


def _paragraphs(body: str) -> list[tuple[int, int]]:
    ranges, start = [], 0
    for gap in _PARAGRAPH_BREAK.finditer(body):
        ranges.append((start, gap.start()))
        start = gap.end()
    ranges.append((start, len(body)))
    return [(s, e) for s, e in ranges if body[s:e].strip()]


def _covering(spans: list[Span], position: int) -> Span | None:
    return next((span for span in spans if span.start <= position < span.end), None)


def _text(body: str, start: int, end: int) -> str:
    return str(escape(body[start:end])).replace("\n", "<br>\n")


def _open_mention(span: Span, entity_url: Callable[[str], str]) -> str:
    entity = span.record
    label = str(entity.get("label", "")).lower()
    title = f"{entity.get('name')} ({entity.get('label')})"
    if entity.get("id"):
        return (f'<a class="mention mention-{escape(label)}" href="{escape(entity_url(entity["id"]))}" '
                f'title="{escape(title)}">')
    return f'<span class="mention mention-{escape(label)}" title="{escape(title)}">'


def _close_mention(span: Span) -> str:
    return "</a>" if span.record.get("id") else "</span>"


def _open_quote(span: Span) -> str:
    quote = span.record
    kind = str(quote.get("kind") or "direct")
    title = f"{quote.get('speaker') or 'unknown speaker'} · {quote.get('cue') or kind} ({kind} quote)"
    return f'<mark class="quote quote-{escape(kind)}" title="{escape(title)}">'


def _speaker(span: Span, entity_url: Callable[[str], str]) -> str:
    quote = span.record
    name = quote.get("speaker")
    if not name:
        return '<span class="speaker speaker-unknown">— ?</span>'
    if quote.get("speaker_id"):
        return (f'<span class="speaker">— <a href="{escape(entity_url(quote["speaker_id"]))}">'
                f"{escape(name)}</a></span>")
    return f'<span class="speaker">— {escape(name)}</span>'


def render_body(body: str, quotes: list[dict[str, Any]], entities: list[dict[str, Any]],
                entity_url: Callable[[str], str]) -> list[Markup]:
    """The body as HTML paragraphs (``<p>`` contents): quotes in ``<mark>`` followed by their
    speaker, mentions as links to their entity. A span crossing a paragraph or quote edge is
    cut there, so the markup always nests."""
    quote_spans = body_quotes(quotes, len(body))
    mention_spans = body_mentions(entities, len(body))
    edges = {edge for span in quote_spans + mention_spans for edge in (span.start, span.end)}
    paragraphs = []
    for start, end in _paragraphs(body):
        cuts = sorted({start, end} | {edge for edge in edges if start < edge < end})
        html: list[str] = []
        quote: Span | None = None
        mention: Span | None = None
        for left, right in zip(cuts, cuts[1:], strict=False):
            now_quote, now_mention = _covering(quote_spans, left), _covering(mention_spans, left)
            if mention is not None and (now_mention is not mention or now_quote is not quote):
                html.append(_close_mention(mention))
                mention = None
            if now_quote is not quote:
                if quote is not None:
                    html.append("</mark>")
                    if quote.end <= left:
                        html.append(_speaker(quote, entity_url))
                if now_quote is not None:
                    html.append(_open_quote(now_quote))
                quote = now_quote
            if now_mention is not None and mention is None:
                html.append(_open_mention(now_mention, entity_url))
                mention = now_mention
            html.append(_text(body, left, right))
        if mention is not None:
            html.append(_close_mention(mention))
        if quote is not None:
            html.append("</mark>")
            if quote.end <= end:
                html.append(_speaker(quote, entity_url))
        paragraphs.append(Markup("".join(html)))
    return paragraphs
