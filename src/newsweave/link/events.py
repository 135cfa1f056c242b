"""Online, incremental event linking with stable ids, human corrections and stories.

Each batch of new articles is clustered together with the existing events near it: a new
cluster joins the existing event it contains or founds a new one. Candidates come from a
brute-force numpy dot product over event centroids (bounded to a date window when dates are
known), and only the top few events are scored in full (dense + sparse + entities + time, see
``score``), so the cost per article stays flat as the corpus grows. The average linkage is
hand-written because it must start from fixed groups (the existing events) that may absorb new
articles but never merge with each other, which scipy's ``linkage`` cannot express. An event's
id is derived from its founding article and never changes; automatic linking never moves
articles that were linked in an earlier batch, and articles placed by a human (merge/split/move)
are pinned.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from newsweave.link.copies import CopyIndex
from newsweave.link.features import ArticleFeatures, content_terms, parse_day
from newsweave.link.index import DenseIndex, Density
from newsweave.link.records import (
    ArticleLink,
    CopyGroup,
    Event,
    EventSummary,
    LinkState,
    LinkUpdate,
    Story,
)
from newsweave.link.score import Profile, TermSpace, logit_matrix, sparse_cosine
from newsweave.link.stories import S_RECENT, best_story, story_id_for

EVENT_WINDOW_DAYS = 10  # an article only joins events within this many days of its date
TOP_K = 8  # events scored in full per article
STORY_TOP_K = 12  # events whose stories are candidates for a new event
SUMMARY_SENTENCES = 4  # lead sentences per article considered for the event summary
MAX_LINKED = 16  # members of an event a batch cluster is compared with (the most similar)
JOIN_LOGIT = 0.0  # mean logit above which two events are one
JOIN_CHECKED = 3  # nearby events checked for a merge per touched event
JOIN_MIN_COSINE = 0.6  # centroid cosine below which two events are not checked
REHOME_MARGIN = 1.0  # logit an earlier article must gain to move to a new event
REHOME_CHECKED = 4  # members of each nearby event considered for a move (closest first)
COPY_LOGIT = 10.0  # copies are linked regardless of their other features
CLUSTER_CHUNK = 2000  # batch articles clustered together (date order), bounding memory


def event_id_for(founder: str) -> str:
    return "ev-" + hashlib.sha1(founder.encode("utf-8")).hexdigest()[:10]


class Linker:
    """Online, incremental linking state: copy groups, events, stories, human corrections."""

    def __init__(self, state: LinkState | None = None):
        self._features: dict[str, ArticleFeatures] = {}
        self._order: list[str] = []
        self._event_of: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._profiles: dict[str, Profile] = {}
        self._story_of: dict[str, str] = {}
        self._story_events: dict[str, list[str]] = {}
        self._copies = CopyIndex()
        self._index = DenseIndex()
        self._density = Density()
        self._pinned: set[str] = set()
        self._corrections: list[dict[str, Any]] = []
        self._aliases: dict[str, str] = {}
        self._terms = TermSpace()
        self._entities = TermSpace(sublinear=False)
        if state is not None:
            self._load(state)

    # ---- bookkeeping ---------------------------------------------------------------------
    def _register(self, item: ArticleFeatures) -> None:
        self._features[item.article_id] = item
        self._order.append(item.article_id)
        self._terms.count(item.article_id, item.terms)
        self._entities.count(item.article_id, item.entities)

    def _attach(self, article_id: str, event_id: str) -> None:
        item = self._features[article_id]
        self._event_of[article_id] = event_id
        self._members.setdefault(event_id, []).append(article_id)
        profile = self._profiles.get(event_id)
        if profile is None:
            profile = self._profiles[event_id] = Profile(vector=np.zeros_like(item.embedding))
        profile.add(item)
        self._index.upsert(event_id, profile)

    def _detach(self, article_id: str) -> str:
        event_id = self._event_of.pop(article_id)
        self._members[event_id].remove(article_id)
        if not self._members[event_id]:
            self._drop_event(event_id)
        else:
            profile = Profile.of([self._features[m] for m in self._members[event_id]])
            self._profiles[event_id] = profile
            self._index.upsert(event_id, profile)
        return event_id

    def _drop_event(self, event_id: str) -> None:
        del self._members[event_id]
        self._profiles.pop(event_id, None)
        self._index.remove(event_id)
        story = self._story_of.pop(event_id, None)
        if story is not None:
            self._story_events[story].remove(event_id)
            if not self._story_events[story]:
                del self._story_events[story]

    def _new_event_id(self, founder: str, salt: str = "") -> str:
        event_id = event_id_for(founder + salt)
        while event_id in self._members or event_id in self._aliases:
            salt += "+"
            event_id = event_id_for(founder + salt)
        return event_id

    def _load(self, state: LinkState) -> None:
        for data in state.articles:
            item = ArticleFeatures.from_dict(data)
            self._register(item)
            self._copies.add(item, restore=True, group=state.copy_group.get(item.article_id))
            self._attach(item.article_id, state.article_event[item.article_id])
        self._density.add(list(self._order), [self._features[a].embedding for a in self._order])
        for event_id in sorted(self._members, key=self._event_sort_key):
            story = state.event_story.get(event_id)
            if story is not None:
                self._story_of[event_id] = story
                self._story_events.setdefault(story, []).append(event_id)
        self._pinned = set(state.pinned)
        self._corrections = list(state.corrections)
        self._aliases = dict(state.aliases)

    # ---- scoring -------------------------------------------------------------------------
    def _logits(self, a: list[ArticleFeatures], b: list[ArticleFeatures]) -> np.ndarray:
        mu_a = self._density.mu([x.article_id for x in a])
        mu_b = self._density.mu([x.article_id for x in b])
        return logit_matrix(a, b, self._terms, self._entities, mu_a, mu_b)

    def _group(self, chunk: list[ArticleFeatures], copy_of: dict[str, str]) -> list[tuple[str, list[int]]]:
        """Average-linkage clustering of a batch chunk together with the events near it.

        Every nearby existing event starts as one cluster (its members closest to the batch
        articles that found it), every new article as a singleton; the closest pair of clusters
        (mean logit) merges while that mean is above 0, except that two existing events never
        merge. A batch therefore joins existing events as if it had been clustered with them,
        which keeps the grouping close to what one big batch would give. Copies of an earlier
        article start in its event; copies within the chunk always end up together.
        Returns (event id, chunk indices) per cluster holding new articles; a cluster without
        an existing event founds one, named after its first article.
        """
        nominated: dict[str, np.ndarray] = {}
        for item in chunk:
            day = parse_day(item.event_date)
            near = self._index.nearest(item.embedding, day.toordinal() if day else None, TOP_K, EVENT_WINDOW_DAYS)
            for event_id in near:
                nominated[event_id] = nominated.get(event_id, 0.0) + item.embedding
        forced: dict[int, str] = {}
        for i, item in enumerate(chunk):
            source = copy_of.get(item.article_id)
            if source in self._event_of:
                forced[i] = self._event_of[source]
                nominated.setdefault(forced[i], self._profiles[forced[i]].vector)
        events = list(nominated)
        known = [self._closest(e, nominated[e]) for e in events]
        items = list(chunk) + [m for group in known for m in group]
        n, k = len(items), len(chunk)
        logits = np.zeros((n, n))  # event-event pairs are never compared: they stay 0
        logits[:k] = self._logits(chunk, items)
        logits[k:, :k] = logits[:k, k:].T
        position = {item.article_id: i for i, item in enumerate(chunk)}
        for i, item in enumerate(chunk):
            j = position.get(copy_of.get(item.article_id, ""))
            if j is not None:
                logits[i, j] = logits[j, i] = COPY_LOGIT
        rows: list[list[int]] = []
        owner: list[str | None] = []
        offset = k
        for event_id, group in zip(events, known, strict=True):
            rows.append(list(range(offset, offset + len(group))))
            owner.append(event_id)
            offset += len(group)
        for i in range(k):
            if i in forced:
                rows[events.index(forced[i])].append(i)
            else:
                rows.append([i])
                owner.append(None)
        membership = np.zeros((len(rows), n))
        for c, row in enumerate(rows):
            membership[c, row] = 1.0
        sums = membership @ logits @ membership.T
        sizes = membership.sum(axis=1)
        has_event = np.array([o is not None for o in owner])
        alive = np.ones(len(rows), dtype=bool)
        mean = sums / np.outer(sizes, sizes)
        mean[has_event[:, None] & has_event[None, :]] = -np.inf
        np.fill_diagonal(mean, -np.inf)
        while len(rows) > 1:
            c, d = divmod(int(np.argmax(mean)), len(rows))
            if mean[c, d] <= 0.0:
                break
            c, d = min(c, d), max(c, d)  # the earlier cluster absorbs: ties resolve by position
            sums[c] += sums[d]
            sums[:, c] = sums[c]
            sizes[c] += sizes[d]
            rows[c].extend(rows[d])
            owner[c] = owner[c] or owner[d]
            has_event[c] |= has_event[d]
            alive[d] = False
            row = sums[c] / (sizes[c] * sizes)
            row[~alive | (has_event[c] & has_event)] = -np.inf
            row[c] = -np.inf
            mean[c], mean[:, c] = row, row
            mean[d], mean[:, d] = -np.inf, -np.inf
        result = []
        for c in np.nonzero(alive)[0]:
            fresh = sorted(i for i in rows[c] if i < k)
            if fresh:
                result.append((owner[c] or self._new_event_id(chunk[fresh[0]].article_id), fresh))
        return sorted(result, key=lambda r: r[1][0])

    # ---- public API ----------------------------------------------------------------------
    def add(self, features: list[ArticleFeatures]) -> LinkUpdate:
        """Assign each new article to a copy group, an event and (through it) a story.

        The batch is clustered together with the existing events near it (average linkage,
        independent of the order within the batch): each cluster joins the existing event it
        contains or founds a new one.
        """
        # many small matrix products: BLAS threads only add contention (10x slower on 2 cores)
        with threadpool_limits(limits=1, user_api="blas"):
            return self._add(features)

    def _add(self, features: list[ArticleFeatures]) -> LinkUpdate:
        batch = list({f.article_id: f for f in features}.values())
        fresh = [f for f in batch if f.article_id not in self._features]
        for item in batch:  # a re-ingested article keeps its place; only its features change
            if item.article_id in self._features:
                self._refresh(item)
        fresh.sort(key=lambda f: (f.event_date or f.published or "9999", f.article_id))
        for item in fresh:
            self._register(item)
        self._density.add([f.article_id for f in fresh], [f.embedding for f in fresh])
        events_before = set(self._members)
        copy_of: dict[str, str] = {}
        for item in fresh:
            source = self._copies.add(item)
            if source is not None:
                copy_of[item.article_id] = source
        for start in range(0, len(fresh), CLUSTER_CHUNK):
            chunk = fresh[start : start + CLUSTER_CHUNK]
            for event_id, cluster in self._group(chunk, copy_of):
                for i in cluster:
                    self._attach(chunk[i].article_id, event_id)

        touched = {self._event_of[f.article_id] for f in fresh}
        moved = self._rehome(touched, {f.article_id for f in fresh})
        aliases_before = dict(self._aliases)
        self._join_events(touched, events_before)
        merged = {k: self.resolve(k) for k in self._aliases if k not in aliases_before}
        new_events = [e for e in self._members if e not in events_before]
        changed_events = sorted(
            ({self._event_of[f.article_id] for f in batch} | {self._event_of[a] for a in moved})
            - set(new_events)
        )
        stories_before = set(self._story_events)
        changed_stories = set()
        for event_id in sorted(new_events, key=self._event_sort_key):
            changed_stories.add(self._assign_story(event_id))
        changed_stories.update(self._story_of[e] for e in changed_events if e in self._story_of)
        new_stories = sorted(s for s in self._story_events if s not in stories_before)
        return LinkUpdate(
            articles=self.article_links([f.article_id for f in batch]),
            new_events=sorted(new_events),
            changed_events=changed_events,
            new_stories=new_stories,
            changed_stories=sorted(changed_stories - set(new_stories)),
            merged_events=merged,
            moved_articles=sorted(moved),
        )

    def _rehome(self, touched: set[str], batch: set[str]) -> set[str]:
        """Move earlier, unpinned articles that fit an event this batch touched much better.

        An article that arrived before its true event existed (e.g. undated, so the time
        window could not keep it apart) gets a second chance; the event it leaves keeps its id.
        Returns the ids of the moved articles.
        """
        moved: set[str] = set()
        for event_id in sorted(touched):
            if event_id not in self._members:
                continue
            target = self._profiles[event_id].centroid()
            # no date window: the articles worth moving are the undated ones
            for other in self._index.nearest(target, None, TOP_K, None):
                if other == event_id or len(self._members[other]) < 2:
                    continue
                members = list(self._members[other])
                sims = np.array([self._features[m].embedding @ target for m in members])
                for index in np.argsort(-sims)[:REHOME_CHECKED]:
                    article_id = members[index]
                    item = self._features[article_id]
                    if article_id in self._pinned or article_id in batch:
                        continue
                    rest_vector = self._profiles[other].vector - item.embedding
                    if len(self._members[other]) < 2 or item.embedding @ target <= (
                        item.embedding @ rest_vector / max(float(np.linalg.norm(rest_vector)), 1e-12)
                    ):
                        continue
                    rest = [m for m in self._closest(other, item.embedding) if m is not item]
                    there = self._closest(event_id, item.embedding)
                    here_score = float(self._logits([item], rest).mean())
                    there_score = float(self._logits([item], there).mean())
                    if there_score > max(0.0, here_score) + REHOME_MARGIN:
                        self._detach(article_id)
                        self._attach(article_id, event_id)
                        moved.add(article_id)
        return moved

    def _join_events(self, touched: set[str], existing: set[str]) -> None:
        """Merge an event this batch founded into an older one it now matches on average.

        Later articles can bridge an event and a cluster that was placed apart; only events
        founded in this batch are merged away (their id stays valid as an alias), so no event
        an earlier ingest reported is ever renamed. Events a human edited are left alone.
        """
        rank = {a: i for i, a in enumerate(self._order)}
        for event_id in sorted(touched, key=lambda e: rank[self._members[e][0]] if e in self._members else 0):
            if event_id not in self._members or self._touched_by_human(event_id):
                continue
            profile = self._profiles[event_id]
            centroid = profile.centroid()
            day = profile.first.toordinal() if profile.first else None
            others = [
                e
                for e in self._index.nearest(centroid, day, JOIN_CHECKED + 1, EVENT_WINDOW_DAYS)
                if e != event_id and not self._touched_by_human(e)
                and float(self._profiles[e].centroid() @ centroid) >= JOIN_MIN_COSINE
            ][:JOIN_CHECKED]
            if not others:
                continue
            mine = self._closest(event_id, np.mean([self._profiles[e].centroid() for e in others], axis=0))
            theirs: list[ArticleFeatures] = []
            spans = []
            for other in others:
                chosen = self._closest(other, centroid)
                spans.append((other, len(theirs), len(theirs) + len(chosen)))
                theirs.extend(chosen)
            logits = self._logits(mine, theirs)
            scores = {other: float(logits[:, a:b].mean()) for other, a, b in spans}
            other = max(scores, key=lambda e: scores[e])
            if scores[other] <= JOIN_LOGIT:
                continue
            older, younger = sorted((event_id, other), key=lambda e: min(rank[m] for m in self._members[e]))
            if younger in existing:
                continue
            for article_id in list(self._members[younger]):
                self._detach(article_id)
                self._attach(article_id, older)
            self._aliases[younger] = older

    def _touched_by_human(self, event_id: str) -> bool:
        return any(m in self._pinned for m in self._members[event_id])

    def _closest(self, event_id: str, vector: np.ndarray) -> list[ArticleFeatures]:
        members = [self._features[m] for m in self._members[event_id]]
        if len(members) <= MAX_LINKED:
            return members
        sims = np.array([m.embedding @ vector for m in members])
        return [members[i] for i in np.argsort(-sims)[:MAX_LINKED]]

    def resolve(self, event_id: str) -> str:
        """The current id of an event, following automatic merges."""
        seen = set()
        while event_id in self._aliases and event_id not in seen:
            seen.add(event_id)
            event_id = self._aliases[event_id]
        return event_id

    def _refresh(self, item: ArticleFeatures) -> None:
        self._features[item.article_id] = item
        self._terms.forget(item.article_id)
        self._entities.forget(item.article_id)
        event_id = self._event_of[item.article_id]
        profile = Profile.of([self._features[m] for m in self._members[event_id]])
        self._profiles[event_id] = profile
        self._index.upsert(event_id, profile)

    def _event_sort_key(self, event_id: str) -> tuple[str, str]:
        return (self._event_date(event_id) or "9999", event_id)

    def _assign_story(self, event_id: str) -> str:
        profile = self._profiles[event_id]
        near = self._index.nearest(profile.centroid(), None, STORY_TOP_K, None)
        candidates = list(dict.fromkeys(self._story_of[e] for e in near if e in self._story_of))
        # the latest events by ingest order: bounded work however long the story grows
        stories = {s: [self._profiles[e] for e in self._story_events[s][-S_RECENT:]] for s in candidates}
        story, _ = best_story(profile, stories, candidates, self._entities.weight)
        if story is None:
            story = story_id_for(event_id)
        self._story_of[event_id] = story
        self._story_events.setdefault(story, []).append(event_id)
        return story

    def merge_events(self, a: str, b: str) -> None:
        """Merge event ``b`` into event ``a`` (``a`` keeps its id)."""
        a, b = self.resolve(a), self.resolve(b)
        if a == b:
            return
        for article_id in list(self._members[b]):
            self._detach(article_id)
            self._attach(article_id, a)
            self._pinned.add(article_id)
        self._aliases[b] = a
        self._corrections.append({"op": "merge", "into": a, "from": b})

    def split_event(self, event_id: str, article_ids: list[str]) -> str:
        """Move ``article_ids`` out of ``event_id`` into a new event (same story); its id."""
        event_id = self.resolve(event_id)
        moving = [a for a in self._order if a in set(article_ids) and self._event_of.get(a) == event_id]
        if not moving:
            raise ValueError(f"none of the articles is in event {event_id}")
        new_id = self._new_event_id(moving[0], salt="|split")
        story = self._story_of.get(event_id)
        for article_id in moving:
            self._detach(article_id)
            self._attach(article_id, new_id)
            self._pinned.add(article_id)
        self._pinned.update(self._members.get(event_id, []))
        if story is not None:
            self._story_of[new_id] = story
            self._story_events.setdefault(story, []).append(new_id)
        self._corrections.append({"op": "split", "event": event_id, "articles": moving, "new": new_id})
        return new_id

    def move_article(self, article_id: str, event_id: str) -> None:
        """Move one article into an existing event."""
        event_id = self.resolve(event_id)
        if event_id not in self._members:
            raise KeyError(f"unknown event {event_id}")
        if self._event_of[article_id] != event_id:
            self._detach(article_id)
            self._attach(article_id, event_id)
        self._pinned.add(article_id)
        self._corrections.append({"op": "move", "article": article_id, "event": event_id})

    # ---- outputs -------------------------------------------------------------------------
    def _event_date(self, event_id: str) -> str | None:
        votes: Counter[str] = Counter()
        for article_id in self._members.get(event_id, []):
            item = self._features[article_id]
            if item.event_date:
                votes[item.event_date] += 2 if item.date_from == "text" else 1
        if not votes:
            return None
        return min(votes, key=lambda d: (-votes[d], d))

    def _summary(self, event_id: str, idf) -> tuple[str | None, str | None]:
        members = [self._features[m] for m in self._members[event_id]]
        centroid = self._profiles[event_id].centroid()
        titled = [m for m in members if m.title]
        title = max(titled, key=lambda m: float(m.embedding @ centroid)).title if titled else None
        best, best_score = None, -1.0
        event_terms = self._profiles[event_id].terms
        for item in members:
            for position, sentence in enumerate(item.sentences[:SUMMARY_SENTENCES]):
                if not 8 <= len(sentence.split()) <= 60:
                    continue
                score = sparse_cosine(content_terms(None, sentence), event_terms, idf) - 0.02 * position
                if score > best_score:
                    best, best_score = sentence, score
        return title, best

    def events(self) -> list[Event]:
        idf = self._terms.weight
        result = []
        for event_id in sorted(self._members, key=self._event_sort_key):
            title, summary = self._summary(event_id, idf)
            members = self._members[event_id]
            result.append(
                Event(
                    id=event_id,
                    date=self._event_date(event_id),
                    title=title,
                    summary=summary,
                    article_ids=list(members),
                    outlets=list(dict.fromkeys(o for m in members if (o := self._features[m].outlet))),
                    story_id=self._story_of.get(event_id),
                )
            )
        return result

    def stories(self) -> list[Story]:
        events = {e.id: e for e in self.events()}
        result = []
        for story_id, event_ids in self._story_events.items():
            ordered = sorted(event_ids, key=self._event_sort_key)
            lines = [
                EventSummary(
                    event_id=e,
                    date=events[e].date,
                    title=events[e].title,
                    summary=events[e].summary,
                    outlets=events[e].outlets,
                    article_count=len(events[e].article_ids),
                )
                for e in ordered
            ]
            lead = max(ordered, key=lambda e: (len(self._members[e]), self._event_sort_key(e)))
            dates = [line.date for line in lines if line.date]
            result.append(
                Story(
                    id=story_id,
                    title=events[lead].title or events[lead].summary,
                    event_ids=ordered,
                    timeline=lines,
                    date=min(dates) if dates else None,
                    last_date=max(dates) if dates else None,
                    outlets=list(dict.fromkeys(o for e in ordered for o in events[e].outlets)),
                    quotes=self._key_quotes(ordered),
                )
            )
        result.sort(key=lambda s: (s.date or "9999", s.id))
        return result

    def _key_quotes(self, event_ids: list[str], limit: int = 5, per_speaker: int = 2) -> list[dict[str, Any]]:
        """Quotes repeated across articles first, then whole statements by a named speaker over
        fragments and unnamed sources, then longer ones; one entry per text, a few per speaker."""
        seen: dict[str, dict[str, Any]] = {}
        quoted_in: dict[str, set[str]] = {}  # a quote repeated by several articles (outlets) matters most
        for event_id in event_ids:
            for article_id in self._members[event_id]:
                for quote in self._features[article_id].quotes:
                    text = str(quote.get("text") or quote.get("quote") or "").strip()
                    if not text:
                        continue
                    key = " ".join(text.lower().split())[:80]
                    quoted_in.setdefault(key, set()).add(article_id)
                    seen.setdefault(key, {**quote, "article_id": article_id, "event_id": event_id})

        def rank(key: str) -> tuple[Any, ...]:
            quote = seen[key]
            named = bool(quote.get("speaker_id"))
            statement = quote.get("kind", "direct") == "direct" and len(key.split()) >= 6
            return (-len(quoted_in[key]), -named, -statement, -min(len(key), 80), key)

        chosen: list[dict[str, Any]] = []
        by_speaker: Counter[str] = Counter()
        for key in sorted(seen, key=rank):
            speaker = str(seen[key].get("speaker_id") or seen[key].get("speaker") or "")
            if by_speaker[speaker] >= per_speaker:
                continue
            by_speaker[speaker] += 1
            chosen.append(seen[key])
            if len(chosen) == limit:
                break
        return chosen

    def copy_groups(self) -> list[CopyGroup]:
        return self._copies.groups(self._features)

    def article_links(self, article_ids: list[str] | None = None) -> list[ArticleLink]:
        originators = {g.id: g.originator for g in self.copy_groups()}
        links = []
        for article_id in article_ids if article_ids is not None else self._order:
            event_id = self._event_of[article_id]
            group = self._copies.group_of.get(article_id)
            origin = originators.get(group) if group else None
            links.append(
                ArticleLink(
                    article_id=article_id,
                    event_id=event_id,
                    story_id=self._story_of.get(event_id),
                    duplicate_of=origin if origin != article_id else None,
                    copy_group=group,
                )
            )
        return links

    def state(self) -> LinkState:
        return LinkState(
            articles=[self._features[a].to_dict() for a in self._order],
            article_event=dict(self._event_of),
            event_story=dict(self._story_of),
            copy_group=dict(self._copies.group_of),
            pinned=sorted(self._pinned),
            corrections=list(self._corrections),
            aliases=dict(self._aliases),
        )
