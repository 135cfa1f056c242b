"""Copy groups: articles that carry one written text, such as a wire story and its
republications, or a story and its later versions, however they were trimmed, retitled,
restyled or lengthened.

A republished wire story is seldom the whole of both pages. One outlet trims it to four
paragraphs; another puts its own lead and background around it. Its resemblance to the
original (Jaccard of the word 4-grams) is then low while its *containment* stays high: most
of the shorter text's narration is found in the other. On the hand-labelled copy families of
ECB+ (``benchmarks/copies_ecbplus.py``) resemblance of 0.5 or more, what MinHash LSH
(datasketch) was set to find here before, finds 13% of the copy pairs.

So each article keeps one in four of its narration's word 4-grams, chosen by hash
(``features.copy_fingerprints``; quotations are taken out, since two reports that quote one
statement are not copies). An inverted index from fingerprint to articles finds every
earlier article that shares at least ``MIN_SHARED`` of them. Two articles are copies when
the shared fingerprints cover at least ``COPY_CONTAINMENT`` of the smaller one's; a copy group
holds every article such pairs chain together, whatever order the articles came in. The index is hand-written because datasketch answers
resemblance queries (``MinHashLSH``), and its containment index (``MinHashLSHEnsemble``) is
built once over all sets and cannot take articles one at a time.

Copies that resemble each other nearly word for word (``TWIN_RESEMBLANCE``) are one report
run twice: they are linked into one event whatever their dates. Other copies are left to the
event linker. A story's next-day rewrite often reuses its background paragraphs, but it
reports the next happening.

A fingerprint that more than ``COMMON_POSTINGS`` articles hold is a stock phrase ("for the
first time in"), not evidence of copying. It is left out of every count, so the work per
article stays flat as the corpus grows.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from newsweave.link.features import ArticleFeatures
from newsweave.link.records import CopyGroup

COPY_CONTAINMENT = 0.3  # share of the smaller text's fingerprints the other holds
MIN_SHARED = 3  # fingerprints in common, about a dozen 4-grams: two sentences or more
TWIN_RESEMBLANCE = 0.5  # fingerprints shared / fingerprints of either: one report run twice
COMMON_POSTINGS = 200  # articles holding one fingerprint beyond which it is a stock phrase


def copy_group_id(founder: str) -> str:
    return "cg-" + hashlib.sha1(founder.encode("utf-8")).hexdigest()[:10]


def twin_group_id(founder: str) -> str:
    return "tw-" + hashlib.sha1(founder.encode("utf-8")).hexdigest()[:10]


class _Partition:
    """Articles in groups of two or more. Joining articles unites their groups, so the groups
    are the connected components of every pair ever joined, whatever the order they came in."""

    def __init__(self, group_id: Callable[[str], str]) -> None:
        self._group_id = group_id
        self.of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}

    def put(self, article: str, group: str) -> None:
        self.of[article] = group
        self.members.setdefault(group, []).append(article)

    def join(self, articles: list[str]) -> None:
        """One group for ``articles`` (the founder of a new group first) and every group one of
        them is in; it keeps the id of the largest of those groups (the first among equals)."""
        groups = list(dict.fromkeys(self.of[a] for a in articles if a in self.of))
        target = max(groups, key=lambda g: len(self.members[g]), default=None) or self._group_id(articles[0])
        for group in groups:
            if group != target:
                for member in self.members.pop(group):
                    self.put(member, target)
        for article in articles:
            if article not in self.of:
                self.put(article, target)


class CopyIndex:
    """Incremental copy detection; groups exist only once they have two members."""

    def __init__(self) -> None:
        self._postings: dict[int, list[str]] = {}
        self._common: set[int] = set()
        self._sizes: dict[str, int] = {}
        self._rank: dict[str, int] = {}  # indexing order
        self._groups = _Partition(copy_group_id)
        self._twins = _Partition(twin_group_id)  # near word-for-word copies
        self.group_of = self._groups.of  # article -> copy group
        self.members = self._groups.members
        self.twin_of = self._twins.of  # article -> its group of near word-for-word copies

    def add(
        self, item: ArticleFeatures, *, restore: bool = False, group: str | None = None, twin: str | None = None
    ) -> str | None:
        """Index an article and unite it, and the copy groups of the articles it copies, in one
        group (likewise its twins: the articles it repeats nearly word for word). Returns the
        twin it resembles most, whose event it joins; None if it has none.

        With ``restore`` the known ``group`` and ``twin`` group (or none) are reinstated, as
        when state is reloaded.
        """
        if item.article_id in self._sizes or not item.fingerprints.size:
            return None
        twins: list[str] = []
        if restore:
            if group is not None:
                self._groups.put(item.article_id, group)
            if twin is not None:
                self._twins.put(item.article_id, twin)
        else:
            copies, twins = self._matches(item)
            if copies:
                self._groups.join([*sorted(copies, key=self._rank.__getitem__), item.article_id])
            if twins:
                self._twins.join([*sorted(twins, key=self._rank.__getitem__), item.article_id])
        self._index(item)
        return twins[0] if twins else None

    def _matches(self, item: ArticleFeatures) -> tuple[list[str], list[str]]:
        """(the indexed articles it copies, its twins), each best first (the first indexed among
        equals): the articles holding at least ``COPY_CONTAINMENT`` of the smaller text's
        fingerprints, and those whose resemblance (shared / either's) reaches
        ``TWIN_RESEMBLANCE``; a pair shares at least ``MIN_SHARED`` fingerprints."""
        shared: Counter[str] = Counter()
        for fingerprint in item.fingerprints.tolist():
            if fingerprint not in self._common:
                shared.update(self._postings.get(fingerprint, ()))
        size = len(item.fingerprints)
        copies, twins = [], []
        for other, count in shared.items():
            if count < MIN_SHARED:
                continue
            other_size, rank = self._sizes[other], self._rank[other]
            if count / min(size, other_size) >= COPY_CONTAINMENT:
                copies.append((-count / min(size, other_size), rank, other))
            if count / (size + other_size - count) >= TWIN_RESEMBLANCE:
                twins.append((-count / (size + other_size - count), rank, other))
        return [other for *_, other in sorted(copies)], [other for *_, other in sorted(twins)]

    def _index(self, item: ArticleFeatures) -> None:
        self._sizes[item.article_id] = len(item.fingerprints)
        self._rank[item.article_id] = len(self._rank)
        for fingerprint in item.fingerprints.tolist():
            if fingerprint in self._common:
                continue
            holders = self._postings.setdefault(fingerprint, [])
            holders.append(item.article_id)
            if len(holders) > COMMON_POSTINGS:
                self._common.add(fingerprint)
                del self._postings[fingerprint]

    def group(self, group_id: str, features: dict[str, ArticleFeatures]) -> CopyGroup:
        """One copy group; its cost depends on the group's size only, not on the corpus."""
        members = sorted(self.members[group_id], key=self._rank.__getitem__)
        originator = pick_originator([features[m] for m in members])
        return CopyGroup(
            id=group_id,
            originator=originator,
            republishers=[m for m in members if m != originator],
            outlets=list(dict.fromkeys(features[m].outlet for m in members if features[m].outlet)),
        )

    def groups(self, features: dict[str, ArticleFeatures]) -> list[CopyGroup]:
        return [self.group(group_id, features) for group_id in self.members]


def pick_originator(members: list[ArticleFeatures]) -> str:
    """The credited wire's own copy if present, else the earliest publication (ingest order)."""
    credited = {c.strip().lower() for m in members for c in m.credits}
    for member in members:
        if member.outlet and member.outlet.strip().lower() in credited:
            return member.article_id
    dated = [m for m in members if m.published]
    if dated:
        return min(dated, key=_moment).article_id
    return members[0].article_id


def _moment(member: ArticleFeatures) -> datetime:
    """When a copy was published, to the minute when known (a day alone counts as its start;
    a time without a zone as UTC): two copies of one wire story often share the day."""
    for value in (member.published_at, member.published):
        try:
            moment = datetime.fromisoformat(value) if value else None
        except ValueError:
            continue
        if moment is not None:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.max.replace(tzinfo=UTC)
