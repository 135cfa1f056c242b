"""Extract stage: a source document and its cleaned text in, ``Metadata`` out.

Entry point: :func:`extract_metadata`. Each field records the evidence it came from;
where two sources disagree, the more explicit one wins (an export's own field, then
HTML metadata, then a labelled line in the page text, then the URL, then an unlabelled
date line). The headline loses the site's name when the page appends it ("… | ZDNet");
the outlet is the name a table knows for the domain, then a site name the domain confirms
(declared by the page, or appended to its title), then the bare domain.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsweave.extract.dateline import find_dateline
from newsweave.extract.dates import (
    FoundDate,
    date_from_url,
    dates_in_line,
    lead_dates,
    normalise_date,
)
from newsweave.extract.outlets import (
    AGENCIES,
    domain_of,
    known_outlet,
    outlet_from_domain,
    outlet_from_self_promotion,
    parse_credit_line,
)
from newsweave.extract.people import names_in_byline, validated
from newsweave.extract.titles import confirmed_site_name, declared_site_name, split_site_label
from newsweave.records import CleanedDocument, Metadata, SourceDocument, base_language

__all__ = ["domain_of", "extract_metadata", "find_url"]

_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")


def find_url(doc: SourceDocument, cleaned: CleanedDocument) -> str | None:
    if doc.url:
        return doc.url
    canonical = cleaned.hints.get("canonical_url")
    if canonical:
        return canonical
    for removed in cleaned.removed:
        match = _URL_IN_TEXT.search(removed.text)
        if match and len(removed.text.strip()) <= len(match.group(0)) + 5:
            return match.group(0).rstrip(".,)")
    return None


def _dates(
    doc: SourceDocument, cleaned: CleanedDocument, url: str | None, now: datetime, language: str | None
) -> tuple[str | None, str | None, str | None]:
    """(published, published_from, updated)."""
    updated = normalise_date(doc.fields.get("updated"), now) or normalise_date(cleaned.hints.get("updated"), now)
    published = normalise_date(doc.fields.get("published"), now)
    if published:
        return published, "json", updated
    hinted = normalise_date(cleaned.hints.get("published"), now)
    if hinted:
        return hinted, cleaned.hints.get("published_source", "html-meta"), updated
    labelled: list[tuple[float, FoundDate]] = []
    unlabelled: list[tuple[float, FoundDate]] = []
    distance = _distance_to_article(doc, cleaned)
    for removed in cleaned.removed:
        for found in dates_in_line(removed.text, now, english=language == "en"):
            if found.label == "updated":
                updated = updated or found.iso()
            elif found.label == "published":
                labelled.append((distance(removed.line), found))
            else:
                unlabelled.append((distance(removed.line), found))
    for found in lead_dates(cleaned.body, now, english=language == "en"):
        if found.label == "updated":
            updated = updated or found.iso()
        else:
            (labelled if found.label == "published" else unlabelled).append((LEAD_DISTANCE, found))
    # min() keeps the first of equals: without line numbers, the page's first date wins
    if labelled:
        return min(labelled, key=lambda pair: pair[0])[1].iso(), "text", updated
    from_url = date_from_url(url, now)
    if from_url:
        return from_url, "url", updated
    if unlabelled:
        return min(unlabelled, key=lambda pair: pair[0])[1].iso(), "text", updated
    return None, None, updated


_LINE_BREAK = re.compile(r"\r\n?|\n")  # as the text cleaner numbers lines
# how far from the article a date its own first lines give counts (removed lines: lines away)
LEAD_DISTANCE = 0.0


def _distance_to_article(doc: SourceDocument, cleaned: CleanedDocument) -> Callable[[int | None], float]:
    """Lines between a removed line and the kept article (headline to last paragraph).

    A page shows many dates: today's date in its header, teasers' dates, comments' dates. The
    article's own sits next to its headline or byline. On the htmldate evaluation pages as text
    dumps, the date nearest the article instead of the page's first date: accuracy 0.704 ->
    0.722, precision 0.852 -> 0.874 (``benchmarks/text_dates.py``).
    """
    removed = {line.line for line in cleaned.removed if line.line}
    kept = [
        number
        for number, text in enumerate(_LINE_BREAK.split(doc.content), start=1)
        if text.strip() and number not in removed
    ] if removed and doc.kind == "text" else []
    if not kept:
        return lambda _line: 0.0
    first, last = kept[0], kept[-1]

    def distance(line: int | None) -> float:
        if line is None:
            return math.inf
        return float(max(first - line, line - last, 0))

    return distance


def _credits_and_place(lines: list[str]) -> tuple[list[str], str | None]:
    credits: list[str] = []
    place = None
    for line in lines:
        parsed = parse_credit_line(line)
        if parsed:
            names, where = parsed
            credits.extend(name for name in names if name not in credits)
            place = place or where
    return credits, place


_IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
SURE_LANGUAGE = 0.99  # probability above which the text's language overrides the page's declared one


def _named_site(name: str | None, domain: str | None) -> str | None:
    """A site name that is a host ("nytimes.com", as exports and some pages give it), or the
    URL's host label as a slug ("washingtonpost", as news-please crawls name their sources),
    named as the outlet it is."""
    if not name or " " in name:
        return name
    if "." in name:
        return outlet_from_domain(name)
    labels = domain.lower().split(".") if domain else []
    if re.sub(r"[^a-z0-9]", "", name.lower()) in labels:
        return known_outlet(domain) or name
    return name


def _language(body: str, hinted: str | None) -> str | None:
    """The language the page declares, unless its text is surely in another one: a site's
    template often says ``lang="en"`` over Gujarati, Bengali or German articles."""
    if len(body.strip()) < 20:
        return base_language(hinted) if hinted else None
    code, probability = _IDENTIFIER.classify(body[:5000])
    if hinted and (code == base_language(hinted) or probability < SURE_LANGUAGE):
        return base_language(hinted)
    return code


def extract_metadata(
    doc: SourceDocument,
    cleaned: CleanedDocument,
    *,
    outlet: str | None = None,
    now: datetime | None = None,
) -> Metadata:
    """Headline, dates, outlet, credits, authors, dateline and language of one article.

    ``outlet`` overrides what the document says (a user ingesting a folder they know).
    """
    now = now or datetime.now(UTC)
    url = find_url(doc, cleaned)
    removed_lines = [removed.text for removed in cleaned.removed]
    language = _language(cleaned.body, doc.fields.get("language") or cleaned.hints.get("language"))
    published, published_from, updated = _dates(doc, cleaned, url, now, language)

    credits, credit_place = _credits_and_place(removed_lines + cleaned.body.split("\n")[-2:])
    dateline = find_dateline(cleaned.body)
    if dateline:
        credits.extend(name for name in dateline.credits if name not in credits)

    authors = validated(doc.fields.get("authors") or cleaned.hints.get("authors") or [])
    if not authors and dateline and dateline.authors:
        authors = dateline.authors
    if not authors:
        for removed in cleaned.removed:
            if removed.reason in ("byline", "author") or removed.text.lower().startswith("by "):
                authors = names_in_byline(removed.text)
                if authors:
                    break

    domain = domain_of(url)
    sitename = cleaned.hints.get("sitename") or doc.fields.get("sitename")  # a page's, or a feed's title
    # an exporter's site name is what the page declared, as unchecked as the HTML's own
    exported_outlet = declared_site_name(doc.fields.get("outlet"))
    raw_title = doc.fields.get("title") or cleaned.title or None
    title, title_site = split_site_label(raw_title, domain, sitename) if raw_title else (None, None)
    outlet_name = (
        outlet
        or _named_site(exported_outlet, domain)
        or known_outlet(domain)
        or confirmed_site_name(sitename, domain)
        or title_site
        or domain
        or _named_site(declared_site_name(sitename), domain)
        or outlet_from_self_promotion(removed_lines)
        or (credits[0] if credits else None)
    )
    if outlet_name in AGENCIES:
        outlet_name = AGENCIES[outlet_name]

    place = dateline.place if dateline else (credit_place.upper() if credit_place else None)
    return Metadata(
        title=title,
        standfirst=(cleaned.standfirst or doc.fields.get("standfirst") or None),
        published=published,
        published_from=published_from,
        updated=updated if updated != published else None,
        outlet=outlet_name,
        credits=credits,
        authors=authors,
        dateline=place,
        url=url,
        language=language,
    )
