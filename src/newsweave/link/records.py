"""Plain records of the link stage: its input, its outputs and its persisted state.

Every record has ``to_dict``; the persisted ones also have ``from_dict`` so the store can keep
them as JSON in SQLite.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class LinkInput:
    """What the pipeline gives the linker per article (all plain data)."""

    article_id: str
    title: str | None
    body: str
    published: str | None  # ISO date/datetime or None
    outlet: str | None
    credits: list[str]  # wire credits, e.g. ["Agence France-Presse", "Reuters"]
    entities: list[Any]  # resolved entity ids / canonical names, or {"name": ...} dicts
    language: str | None = "en"
    quotes: list[dict[str, Any]] = field(default_factory=list)
    # a day an undated article cannot be older than, known from outside its text (its URL's month)
    not_before: str | None = None


@dataclass
class EventSummary:
    """One line of a story's timeline."""

    event_id: str
    date: str | None
    title: str | None
    summary: str | None
    outlets: list[str]
    article_count: int
    reports: int = 0  # independent reports: the copies of one text counted once
    quotes: list[dict[str, Any]] = field(default_factory=list)  # the event's key quotes

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """Articles reporting the same real-world happening."""

    id: str
    date: str | None
    title: str | None
    summary: str | None  # the most central lead sentence of its articles
    article_ids: list[str]
    outlets: list[str]
    story_id: str | None = None
    reports: int = 0  # independent reports: its articles, the copies of one text counted once
    quotes: list[dict[str, Any]] = field(default_factory=list)  # its key quotes

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "event",
            "id": self.id,
            "date": self.date,
            "title": self.title,
            "summary": self.summary,
            "article_ids": list(self.article_ids),
            "outlets": list(self.outlets),
            "story_id": self.story_id,
            "reports": self.reports,
            "quotes": list(self.quotes),
        }


@dataclass
class Story:
    """A storyline: events linked by shared entities, topic and time, in date order."""

    id: str
    title: str | None
    event_ids: list[str]  # in date order
    timeline: list[EventSummary]  # one line per event, same order
    date: str | None  # first event date
    last_date: str | None
    outlets: list[str]
    quotes: list[dict[str, Any]] = field(default_factory=list)  # the story's key quotes

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "story",
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "last_date": self.last_date,
            "event_ids": list(self.event_ids),
            "events": [line.to_dict() for line in self.timeline],
            "outlets": list(self.outlets),
            "quotes": list(self.quotes),
        }


@dataclass
class CopyGroup:
    """Near-identical copies of one text: the originator and who republished it."""

    id: str
    originator: str  # article id: the credited wire's own copy, else the earliest publication
    republishers: list[str]  # the other article ids
    outlets: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"type": "copy_group", **asdict(self)}


@dataclass
class ArticleLink:
    """Article-level outputs of the link stage."""

    article_id: str
    event_id: str
    story_id: str | None
    duplicate_of: str | None
    copy_group: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LinkUpdate:
    """What one ``Linker.add`` call changed."""

    articles: list[ArticleLink]
    new_events: list[str]
    changed_events: list[str]
    new_stories: list[str]
    changed_stories: list[str]
    merged_events: dict[str, str] = field(default_factory=dict)  # gone id -> surviving id
    moved_articles: list[str] = field(default_factory=list)  # earlier articles re-linked

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.to_dict() for a in self.articles],
            "new_events": list(self.new_events),
            "changed_events": list(self.changed_events),
            "new_stories": list(self.new_stories),
            "changed_stories": list(self.changed_stories),
            "merged_events": dict(self.merged_events),
            "moved_articles": list(self.moved_articles),
        }


@dataclass
class LinkState:
    """Serialisable linker state: features, assignments and the human corrections log."""

    articles: list[dict[str, Any]] = field(default_factory=list)  # ArticleFeatures.to_dict()
    article_event: dict[str, str] = field(default_factory=dict)
    event_story: dict[str, str] = field(default_factory=dict)
    copy_group: dict[str, str] = field(default_factory=dict)  # article id -> copy group id
    copy_twin: dict[str, str] = field(default_factory=dict)  # article id -> group of its near word-for-word copies
    pinned: list[str] = field(default_factory=list)  # article ids placed by a human
    corrections: list[dict[str, Any]] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # merged-away event id -> its successor
    version: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkState:
        return cls(**data)
