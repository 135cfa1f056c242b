"""Plain typed records that flow between the pipeline stages.

read → clean → extract → analyse → link → store → serve. Each stage takes and
returns these dataclasses; no stage reaches into another's internals.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


def base_language(code: str | None) -> str | None:
    """The language of a tag without its region or script: "en-GB", "pt_BR" -> "en", "pt"."""
    if not code:
        return None
    return code.split("-")[0].split("_")[0].lower() or None


@dataclass
class SourceDocument:
    """One article as found on disk, before any cleaning (output of ``read``)."""

    path: str
    kind: str  # "text" | "html" | "record" (JSONL/JSON export, fields already split)
    content: str  # decoded text, HTML, or the body of an export record
    url: str | None = None
    member: str | None = None  # where inside the file: "line 3", "record 12"
    fields: dict[str, Any] = field(default_factory=dict)  # metadata from exports / WARC headers


@dataclass
class ReadError:
    """A file (or part of one) that could not be read; the batch goes on."""

    path: str
    reason: str
    member: str | None = None


@dataclass
class RemovedLine:
    """A line the cleaner dropped, kept so the user can audit the decision."""

    text: str
    reason: str
    line: int | None = None  # 1-based line number in the source text, when known


@dataclass
class CleanedDocument:
    """Output of ``clean``: the article text and what was taken away."""

    body: str
    removed: list[RemovedLine] = field(default_factory=list)
    extractor: str = ""
    title: str | None = None
    standfirst: str | None = None
    # metadata the extractor saw on the way (HTML meta tags, export fields)
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass
class Metadata:
    """Output of ``extract``: who published what, when and where."""

    title: str | None = None
    standfirst: str | None = None
    published: str | None = None
    published_from: str | None = None  # url | text | html-meta | json | inferred
    updated: str | None = None
    outlet: str | None = None
    credits: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    language: str | None = None
    url: str | None = None  # the article's address: given, canonical, or printed in the page


@dataclass
class Source:
    path: str
    url: str | None
    sha256: str
    member: str | None = None


@dataclass
class Article:
    """The article record users see and export (see README, "Export format")."""

    id: str
    source: Source
    title: str | None
    standfirst: str | None
    outlet: str | None
    credits: list[str]
    published: str | None
    published_from: str | None
    updated: str | None
    dateline: str | None
    authors: list[str]
    language: str | None
    body: str
    removed: list[str]
    extractor: str
    revision: int = 1
    # filled by later stages
    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    event_id: str | None = None
    story_id: str | None = None
    duplicate_of: str | None = None
    copy_group: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # shallow on purpose: a deep ``asdict`` copied every entity mention and took most of a
        # listing page's time; the lists are shared with this record, not copied
        record: dict[str, Any] = {"type": "article"}
        record.update({f.name: getattr(self, f.name) for f in fields(self)})
        record["source"] = asdict(self.source)
        return record
