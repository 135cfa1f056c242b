"""The link stage: copy groups, events, stories and timelines (a pure library, no I/O).

Typical use::

    features = article_features([LinkInput(...), ...])
    linker = Linker(state)            # state: LinkState.from_dict(...) or None
    update = linker.add(features)     # per-article event_id / story_id / duplicate_of / copy_group
    linker.events(); linker.stories(); linker.copy_groups(); linker.state().to_dict()
"""

from newsweave.link.events import Linker, follow_aliases
from newsweave.link.features import (
    ArticleFeatures,
    article_features,
    default_embedder,
    outdated,
    with_fingerprints,
)
from newsweave.link.records import (
    ArticleLink,
    CopyGroup,
    Event,
    EventSummary,
    LinkInput,
    LinkState,
    LinkUpdate,
    Story,
)
from newsweave.link.score import same_event_score
from newsweave.link.timeline import render_timeline

__all__ = [
    "ArticleFeatures",
    "ArticleLink",
    "CopyGroup",
    "Event",
    "EventSummary",
    "LinkInput",
    "LinkState",
    "LinkUpdate",
    "Linker",
    "Story",
    "article_features",
    "default_embedder",
    "follow_aliases",
    "outdated",
    "render_timeline",
    "same_event_score",
    "with_fingerprints",
]
