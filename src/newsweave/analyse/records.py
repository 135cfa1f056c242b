"""Records of the analyse stage: mentions, in-article entity clusters, quotes and corpus entities.

``to_dict()`` on each record produces exactly the export shapes of issue 3; fields that only the
pipeline needs (speaker spans, label votes) stay on the dataclasses and out of the export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Mention:
    """One named-entity mention; ``start``/``end`` are character offsets into the body."""

    text: str
    start: int
    end: int
    label: str  # label the NER model gave this mention (the cluster may carry another)
    honorific: str | None = None  # "Mr", "Ms"... seen right before the name

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class EntityCluster:
    """All mentions of one entity inside one article (in-document coreference of names)."""

    key: str  # local key, unique within the article ("c0", "c1"...)
    name: str  # canonical name, honorifics and titles stripped
    label: str  # PERSON / ORG / GPE / LOC / NORP / EVENT / ...
    mentions: list[Mention] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # "Kremlin spokesman", "Secretary of State"
    entity_id: str | None = None  # corpus entity id, set by EntityResolver.add

    @property
    def aliases(self) -> list[str]:
        """Distinct surface forms, including honorific forms such as "Mr Kerry"."""
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.text, None)
            if m.honorific:
                seen.setdefault(f"{m.honorific} {m.text}", None)
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity_id,
            "name": self.name,
            "label": self.label,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass
class Quote:
    """A direct or indirect quotation with its speaker.

    ``start``/``end`` are offsets into the text the quote was found in: the body, or for
    quotes in ``ArticleAnalysis.headline_quotes`` the title / standfirst named by ``field``.
    """

    text: str
    speaker: str | None  # canonical name of the speaker's entity, or the speaker phrase
    speaker_id: str | None
    cue: str | None
    kind: str  # "direct" | "indirect"
    start: int
    end: int
    speaker_key: str | None = None  # in-article cluster key of the speaker
    speaker_span: tuple[int, int] | None = None  # the words naming the speaker ("he", "Kerry")
    field: str = "body"
    # what the speaker is: "person" (a named person, a resolved pronoun, "the spokesman"),
    # "source" (an organisation, government or place: "the Kremlin"), "document" (a report,
    # story or statement quoted as such: kept as speaker text, never given an entity id),
    # None when there is no speaker or it is an unresolved pronoun
    speaker_kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "cue": self.cue,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
        }


@dataclass
class ArticleAnalysis:
    """Entities and quotes of one article."""

    entities: list[EntityCluster] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # quotes found in the title / standfirst (offsets into that field, see Quote.field)
    headline_quotes: list[Quote] = field(default_factory=list)
    published: str | None = None
    words: int = 0
    truncated_at: int | None = None  # body offset where analysis stopped (over max_chars)
    failure: str | None = None  # why the rules failed on this article (its analysis is left empty)

    def cluster(self, key: str) -> EntityCluster | None:
        for c in self.entities:
            if c.key == key:
                return c
        return None

    def assign_ids(self, mapping: dict[str, str]) -> None:
        """Write corpus entity ids (from ``EntityResolver.add``) onto clusters and quotes."""
        for c in self.entities:
            c.entity_id = mapping.get(c.key)
        for q in (*self.quotes, *self.headline_quotes):
            q.speaker_id = mapping.get(q.speaker_key) if q.speaker_key else None

    def to_dict(self) -> dict[str, Any]:
        """The ``entities`` and ``quotes`` fields of the exported article record."""
        return {
            "entities": [c.to_dict() for c in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
        }


@dataclass
class RoleSeen:
    """A role an entity was given in the text, with the dates of the articles that say so."""

    role: str
    first_seen: str | None = None
    last_seen: str | None = None
    article_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "article_ids": list(self.article_ids),
        }


@dataclass
class Entity:
    """A corpus-level entity: every article's clusters that name the same person or thing."""

    id: str
    name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    roles: list[RoleSeen] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    # name-form and label votes, kept so the display name and label follow the evidence
    name_counts: dict[str, int] = field(default_factory=dict)
    label_counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "entity",
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "aliases": list(self.aliases),
            "roles": [r.to_dict() for r in self.roles],
            "article_ids": list(self.article_ids),
        }
