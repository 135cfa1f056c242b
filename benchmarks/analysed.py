"""Entities of outside texts as the product finds them, for the linking benchmarks.

``resolved_entities`` runs the analyse stage (spaCy NER, in-article clustering) and the corpus
entity resolver over the texts in order, as ``Corpus.analyse`` does, and returns each text's
entity records (typed ids, names, labels, mentions): the evidence the linker and
``same_event_score`` weigh in a user's corpus.
"""

from __future__ import annotations

from typing import Any


def resolved_entities(texts: list[str], published: list[str | None] | None = None) -> list[list[dict[str, Any]]]:
    from newsweave.analyse import EntityResolver, analyse_many

    published = published or [None] * len(texts)
    resolver = EntityResolver()
    found = []
    items = ({"body": text, "title": None, "published": day} for text, day in zip(texts, published, strict=True))
    for index, (analysis, day) in enumerate(zip(analyse_many(items), published, strict=True)):
        resolver.add(str(index), analysis, day)
        found.append(analysis.to_dict()["entities"])
    return found
