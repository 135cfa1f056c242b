"""Analyse stage: named entities, their in-article and corpus-level resolution, and quotes.

``analyse_article`` / ``analyse_many`` turn an article body (plus optional title and
standfirst) into an ``ArticleAnalysis``; ``EntityResolver`` merges the articles' entity
clusters into corpus entities with stable ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import tee
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsweave.records import base_language

from .entities import cluster_mentions
from .genders import load_name_genders
from .names import canonical_org, org_key, parse_person, same_person
from .nlp import MAX_CHARS, ModelError, load_nlp, parse_many, verify_model
from .quotes import attribute_quotes, find_quote_spans, find_quotes
from .records import ArticleAnalysis, Entity, EntityCluster, Mention, Quote, RoleSeen
from .resolve import EntityResolver

__all__ = [
    "load_name_genders",
    "ArticleAnalysis",
    "Entity",
    "EntityCluster",
    "EntityResolver",
    "Mention",
    "ModelError",
    "Quote",
    "RoleSeen",
    "analyse_article",
    "analyse_doc",
    "analyse_many",
    "load_nlp",
    "model_reads",
    "verify_model",
]

# "… talks to continue – Kremlin" / "Kremlin: '…'": the speaker of a headline quote
_HEADLINE_TAIL = re.compile(
    r"\s[\u2013\u2014-]{1,2}\s*([^\u2013\u2014\"'\u2018\u2019\u201c\u201d]{2,60})$"
)
_HEADLINE_HEAD = re.compile(r"^([^:\"'\u2018\u2019\u201c\u201d]{2,60}):\s")
# a byline written into the lead sits in its first line, after the dateline
BYLINE_ZONE = 200


def analyse_article(
    body: str,
    *,
    title: str | None = None,
    standfirst: str | None = None,
    published: str | None = None,
    language: str | None = None,
    authors: Iterable[str] = (),
    nlp: Language | None = None,
    max_chars: int = MAX_CHARS,
) -> ArticleAnalysis:
    """Entities (mentions with offsets into ``body``, clustered, with roles) and quotes;
    ``authors``: the article's byline names, not counted as people it names in its lead."""
    item = {"body": body, "title": title, "standfirst": standfirst, "published": published,
            "language": language, "authors": list(authors)}
    return next(analyse_many([item], nlp=nlp, max_chars=max_chars))


def analyse_many(
    items: Iterable[dict[str, Any]],
    *,
    nlp: Language | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    max_chars: int = MAX_CHARS,
) -> Iterator[ArticleAnalysis]:
    """Like ``analyse_article`` for a stream of dicts with body/title/standfirst/published (and
    optionally ``authors``, the byline names the extract stage found),
    parsing with ``nlp.pipe`` for throughput; yields one analysis per item, in order.

    An item whose ``language`` is known and is not the model's gets an empty analysis: an
    English NER model reads German capitalised nouns as names ("Diese", "Zeit", "Menschen"),
    and no entities beat wrong ones. An item the rules fail on gets an empty analysis that
    says why (``failure``), and the stream goes on.
    """
    nlp = nlp or load_nlp()
    load_name_genders()  # before nlp.pipe forks its workers, which then share the names
    items_a, items_b = tee(items)

    def texts() -> Iterator[str]:
        for item in items_a:
            readable = model_reads(nlp, item.get("language"))
            yield (item.get("body") or "")[:max_chars] if readable else ""
            yield (item.get("title") or "") if readable else ""
            yield (item.get("standfirst") or "") if readable else ""

    docs = parse_many(nlp, texts(), batch_size=batch_size, n_process=n_process)
    for item in items_b:
        body_doc, title_doc, stand_doc = next(docs), next(docs), next(docs)
        if not model_reads(nlp, item.get("language")):
            yield ArticleAnalysis(published=item.get("published"))
            continue
        try:
            analysis = analyse_doc(body_doc, authors=item.get("authors") or ())
            for field, doc in (("title", title_doc), ("standfirst", stand_doc)):
                if doc.text.strip():
                    analysis.headline_quotes.extend(_headline_quotes(doc, field, analysis.entities))
        except Exception as exc:  # noqa: BLE001 - a rule that fails on one article must not stop the others
            analysis = ArticleAnalysis(failure=f"{type(exc).__name__}: {exc}")
        analysis.published = item.get("published")
        if len(item.get("body") or "") > max_chars:
            analysis.truncated_at = max_chars
        yield analysis


def model_reads(nlp: Language, language: str | None) -> bool:
    """Whether the model reads text in ``language`` (an unknown language is given a try)."""
    return not language or base_language(language) == nlp.lang


def analyse_doc(doc: Doc, *, authors: Iterable[str] = ()) -> ArticleAnalysis:
    """Entities and body quotes of an already parsed body (``load_nlp()(body)``); ``authors``
    are the article's byline names (see ``_not_the_byline``)."""
    clusters = _not_the_byline(cluster_mentions(doc), authors)
    spans = find_quote_spans(doc.text)  # sole Doc.text call here: it re-joins all tokens
    quotes = find_quotes(doc, spans, clusters)
    words = sum(1 for t in doc if not (t.is_space or t.is_punct))
    return ArticleAnalysis(entities=clusters, quotes=quotes, words=words)


def _not_the_byline(clusters: list[EntityCluster], authors: Iterable[str]) -> list[EntityCluster]:
    """``clusters`` less the article's own reporters where its lead names them ("MOSCOW, Stuart
    Williams and Jo Biddle - After months ..."): a byline, which the extract stage reads into
    ``authors``, not people the article reports on. A reporter the story itself names later
    stays."""
    bylined = [name for author in authors if (name := parse_person(author)) is not None and name.full]
    if not bylined:
        return clusters

    def is_byline(cluster: EntityCluster) -> bool:
        name = parse_person(cluster.name) if cluster.label == "PERSON" else None
        return (name is not None and all(m.start < BYLINE_ZONE for m in cluster.mentions)
                and any(same_person(name, author) for author in bylined))

    return [c for c in clusters if not is_byline(c)]


def _match_cluster(name: str, clusters: list[EntityCluster]) -> EntityCluster | None:
    """The body cluster a name from the title refers to (same person, or same org key)."""
    person = parse_person(name)
    for c in clusters:
        if c.label == "PERSON" and person is not None:
            other = parse_person(c.name)
            if other is not None and same_person(person, other):
                return c
        elif org_key(canonical_org(name)) == org_key(c.name):
            return c
    return None


def _headline_quotes(doc: Doc, field: str, clusters: list[EntityCluster]) -> list[Quote]:
    """Quotes in a title or standfirst; the speaker may only be named by the headline form."""
    own = cluster_mentions(doc)
    spans = find_quote_spans(doc.text)
    quotes = attribute_quotes(doc, spans, own)
    text = doc.text.strip()
    tail = _HEADLINE_TAIL.search(text) or _HEADLINE_HEAD.search(text)
    for q in quotes:
        q.field = field
        name = None
        if tail is not None and not tail.start(1) <= q.start < tail.end(1):
            # the headline form ("… – Kremlin") names the speaker better than a parse of it
            name = tail.group(1).strip()
            q.speaker_span, q.cue = tail.span(1), None
        elif q.speaker_key is not None:
            name = next(c for c in own if c.key == q.speaker_key).name
        if name is None:
            continue
        match = _match_cluster(name, clusters)
        q.speaker = match.name if match else name
        q.speaker_key = match.key if match else None
    return quotes
