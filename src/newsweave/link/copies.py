"""Copy groups: articles that carry one written text, such as a wire story and its
republications, or a story and its later versions, however they were trimmed, retitled,
restyled or lengthened.

A republished wire story is seldom the whole of both pages. One outlet trims it to four
paragraphs; another puts its own lead and background around it. Its resemblance to the
original (Jaccard of the word 4-grams) is then low while its *containment* stays high: most
of the shorter text's narration is found in the other. On the hand-labelled copy families of
ECB+ (``benchmarks/copies_ecbplus.py``) resemblance of 0.5 or more, what MinHash LSH
(datasketch) was set to find here before, finds 15% of the copy pairs.

So each article keeps one in four of its narration's word 4-grams, chosen by hash
(``features.copy_fingerprints``; quotations are taken out, since two reports that quote one
statement are not copies). An inverted index from fingerprint to articles finds every
earlier article that shares at least ``MIN_SHARED`` of them. Two articles are copies when
the shared fingerprints cover at least ``COPY_CONTAINMENT`` of the smaller one's; a copy group
holds every article such pairs chain together, whatever order the articles came in. The index
is hand-written because datasketch answers resemblance queries (``MinHashLSH``), and its
containment index (``MinHashLSHEnsemble``) is built once over all sets and cannot take
articles one at a time.

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
from dataclasses import dataclass, field
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

    def join(self, articles: list[str]) -> tuple[str, list[str], list[str]]:
        """One group for ``articles`` (the founder of a new group first) and every group one of
        them is in; it keeps the id of the largest of those groups (the first among equals), so
        an article changes group O(log n) times at most. Returns (that group, the groups it
        absorbed, the articles that were in no group)."""
        groups = list(dict.fromkeys(self.of[a] for a in articles if a in self.of))
        target = max(groups, key=lambda g: len(self.members[g]), default=None) or self._group_id(articles[0])
        absorbed = [group for group in groups if group != target]
        for group in absorbed:
            for member in self.members.pop(group):
                self.put(member, target)
        loose = [article for article in articles if article not in self.of]
        for article in loose:
            self.put(article, target)
        return target, absorbed, loose


@dataclass
class _Origin:
    """What names a copy group's originator, kept up to date member by member, so a batch's
    links cost the same in a group of five as in one of five thousand. The originator is the
    first member (in indexing order) from an outlet that a member credits (the wire's own
    copy), else the earliest published member, else the first member."""

    first: tuple[int, str] | None = None  # (rank, article)
    credited: set[str] = field(default_factory=set)
    first_by_outlet: dict[str, tuple[int, str]] = field(default_factory=dict)
    earliest: tuple[datetime, int, str] | None = None

    def add(self, rank: int, article: str, item: ArticleFeatures) -> None:
        self.first = (rank, article) if self.first is None else min(self.first, (rank, article))
        self.credited.update(c.strip().lower() for c in item.credits)
        if item.outlet:
            outlet = item.outlet.strip().lower()
            self.first_by_outlet[outlet] = min(self.first_by_outlet.get(outlet, (rank, article)), (rank, article))
        if item.published:
            moment = (_moment(item), rank, article)
            self.earliest = moment if self.earliest is None else min(self.earliest, moment)

    def absorb(self, other: _Origin) -> None:
        if other.first is not None:
            self.first = other.first if self.first is None else min(self.first, other.first)
        self.credited |= other.credited
        for outlet, first in other.first_by_outlet.items():
            self.first_by_outlet[outlet] = min(self.first_by_outlet.get(outlet, first), first)
        if other.earliest is not None:
            self.earliest = other.earliest if self.earliest is None else min(self.earliest, other.earliest)

    def originator(self) -> str:
        wires = [self.first_by_outlet[o] for o in self.credited if o in self.first_by_outlet]
        if wires:
            return min(wires)[1]
        if self.earliest is not None:
            return self.earliest[2]
        assert self.first is not None, "a copy group has members"
        return self.first[1]


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
        self._origins: dict[str, _Origin] = {}  # copy group -> what names its originator
        self._items: dict[str, ArticleFeatures] = {}  # indexed articles (references, not copies)

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
        copies, twins = ([], []) if restore else self._matches(item)
        self._index(item)
        if restore:
            if group is not None:
                self._groups.put(item.article_id, group)
                self._follow(group, [], [item.article_id])
            if twin is not None:
                self._twins.put(item.article_id, twin)
        if copies:
            self._follow(*self._groups.join([*sorted(copies, key=self._rank.__getitem__), item.article_id]))
        if twins:
            self._twins.join([*sorted(twins, key=self._rank.__getitem__), item.article_id])
        return twins[0] if twins else None

    def _follow(self, group: str, absorbed: list[str], joined: list[str]) -> None:
        """The originator's inputs after ``group`` took in the groups ``absorbed`` and the
        articles ``joined``."""
        origin = self._origins.setdefault(group, _Origin())
        for gone in absorbed:
            origin.absorb(self._origins.pop(gone))
        for article in joined:
            origin.add(self._rank[article], article, self._items[article])

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
        self._items[item.article_id] = item
        for fingerprint in item.fingerprints.tolist():
            if fingerprint in self._common:
                continue
            holders = self._postings.setdefault(fingerprint, [])
            holders.append(item.article_id)
            if len(holders) > COMMON_POSTINGS:
                self._common.add(fingerprint)
                del self._postings[fingerprint]

    def originator(self, group_id: str) -> str:
        """The group's originator: the credited wire's own copy, else the earliest published
        member, else the first indexed (``_Origin``); its cost does not grow with the group."""
        return self._origins[group_id].originator()

    def group(self, group_id: str, features: dict[str, ArticleFeatures]) -> CopyGroup:
        """One copy group; its cost depends on the group's size only, not on the corpus."""
        members = sorted(self.members[group_id], key=self._rank.__getitem__)
        originator = self.originator(group_id)
        return CopyGroup(
            id=group_id,
            originator=originator,
            republishers=[m for m in members if m != originator],
            outlets=list(dict.fromkeys(features[m].outlet for m in members if features[m].outlet)),
        )

    def groups(self, features: dict[str, ArticleFeatures]) -> list[CopyGroup]:
        return [self.group(group_id, features) for group_id in self.members]


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
