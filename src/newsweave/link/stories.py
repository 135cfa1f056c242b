"""Storylines: events linked over months or years by shared entities (people most), topic and time.

An event joins the story whose events it matches best *on average* (average linkage over the
story's most recent events), never through a single similar member, so a chain of pairwise
resemblances cannot grow one giant story out of unrelated events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from newsweave.link.features import PERSON_ID_PREFIX
from newsweave.link.score import EntityWeights, Profile

# logistic weights on (dense cosine, entity overlap) between two events: a storyline needs the
# same actors (ECB+ sub-topics of one kind of incident share topic words, not specific entities)
S_DENSE = 5.0
S_ENTITY = 12.0
S_BIAS = -8.3
S_PER_YEAR = 0.1  # logit lost per year between events: storylines may pause for years
# a storyline's events bunch in time (a crash, then its victims named three days later; the FBI
# clearing a candidate, then her blaming it for her defeat): events this close gain S_NEAR.
# Look-alike incidents rarely do, but ECB+ says little either way (of its alike event pairs from
# different incidents, 3 of 57 have both dates, one of them 11 days apart; of its same-storyline
# pairs, 40 of 53 have both dates and 10 of those fall within two weeks). 2.0 was read off the
# event pairs of benchmarks/events_news_export.py (1.5 joins 6 of its 10 split storyline pairs,
# 2.0 joins 8, none wrongly); the web pile and ECB+ check it
S_NEAR = 2.0
S_NEAR_DAYS = 14
S_RECENT = 8  # story events compared (the latest)
# a storyline is carried by its people: incidents of one kind share places and institutions, the
# events of one storyline share the people acting in it, so a person both events name counts
# S_PERSON times (one only one of them names costs no more: a crash and the naming of its victims
# days later share no people). At 2.0 (read, not fitted): ECB+ one-batch stories B3 0.922 -> 0.940
# with no story across topics, news export storylines 0.980 -> 0.990, web pile stories F1 0.977
# -> 0.978 (precision 0.977 -> 0.957), the seeds' thinnest story margin +0.32 -> +1.07 logits
S_PERSON = 2.0


def story_id_for(founding_event: str) -> str:
    return "st-" + hashlib.sha1(founding_event.encode("utf-8")).hexdigest()[:10]


def _shared_person_bonus(name: str) -> float:
    return S_PERSON - 1.0 if name.startswith(PERSON_ID_PREFIX) else 0.0


def story_logit(
    a: Profile, b: Profile, idf_entity: Callable[[str], float], a_weights: EntityWeights | None = None
) -> float:
    """Same-story logit of two events; ``a_weights`` (``a``'s entity weights) may be given
    when ``a`` is compared with many events."""
    dense = float(a.centroid() @ b.centroid())
    if not a.entities or not b.entities:
        entities = None
    else:
        mine = a_weights if a_weights is not None else EntityWeights(a, idf_entity)
        bonus = _shared_person_bonus
        entities = 0.5 * (mine.share(b, bonus) + EntityWeights(b, idf_entity).share(a, bonus))
    logit = S_DENSE * dense + S_BIAS
    logit += S_ENTITY * (entities if entities is not None else 0.3)
    if a.first and b.first and a.last and b.last:
        years = abs((a.first - b.first).days) / 365.25
        logit -= S_PER_YEAR * years
        if max((b.first - a.last).days, (a.first - b.last).days) <= S_NEAR_DAYS:
            logit += S_NEAR
    return logit


def best_story(
    event: Profile,
    stories: dict[str, list[Profile]],
    candidates: list[str],
    idf_entity: Callable[[str], float],
) -> tuple[str | None, float]:
    """The candidate story with the highest mean logit against its latest events, if > 0."""
    weights: dict[str, float] = {}  # the event's names recur in every comparison: look up once

    def cached(name: str) -> float:
        weight = weights.get(name)
        if weight is None:
            weight = weights[name] = idf_entity(name)
        return weight

    mine = EntityWeights(event, cached)
    best, best_score = None, 0.0
    for story_id in candidates:
        profiles = stories[story_id]
        if not profiles:
            continue
        score = sum(story_logit(event, p, cached, mine) for p in profiles) / len(profiles)
        if score > best_score:
            best, best_score = story_id, score
    return best, best_score
