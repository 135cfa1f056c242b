"""Near-duplicate (copy/syndication) groups with datasketch MinHash LSH.

Articles whose 4-word-shingle sets have an estimated Jaccard similarity of at least
``COPY_JACCARD`` are copies of one text: exact copies score 1, a wire story republished with a
new headline, a dropped paragraph or a changed dateline stays well above the bar, while two
independent reports of the same happening share almost no 4-word shingles. A body shorter than
``MIN_COPY_WORDS`` words (an empty extraction, a paywall notice) is nobody's copy.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from newsweave.link.features import MINHASH_SCHEME, NUM_PERM, ArticleFeatures
from newsweave.link.records import CopyGroup

COPY_JACCARD = 0.5


def _sketch(item: ArticleFeatures) -> LeanMinHash:
    # lean: rebuilding a full MinHash from stored values would recompute its permutations
    return LeanMinHash(seed=1, hashvalues=item.minhash, scheme=MINHASH_SCHEME)


def copy_group_id(founder: str) -> str:
    return "cg-" + hashlib.sha1(founder.encode("utf-8")).hexdigest()[:10]


class CopyIndex:
    """Incremental copy detection; groups exist only once they have two members."""

    def __init__(self) -> None:
        # a lower LSH threshold than the verified one so borderline copies are not missed
        self._lsh = MinHashLSH(threshold=COPY_JACCARD * 0.8, num_perm=NUM_PERM)
        self._signatures: dict[str, np.ndarray] = {}
        self.group_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}

    def add(
        self, item: ArticleFeatures, *, restore: bool = False, group: str | None = None
    ) -> str | None:
        """Index an article; return the article it copies (best match), if any.

        With ``restore`` the known ``group`` (or none) is reinstated, as when state is reloaded.
        """
        if item.article_id in self._signatures or not item.minhash.size:
            return None
        best, best_sim = None, COPY_JACCARD
        if not restore:
            query = _sketch(item)
            for other in self._lsh.query(query):
                sim = float(np.mean(self._signatures[other] == item.minhash))
                if sim >= best_sim and (best is None or sim > best_sim or other < best):
                    best, best_sim = other, sim
            if best is not None:
                group = self.group_of.get(best) or copy_group_id(best)
                if best not in self.group_of:
                    self.group_of[best] = group
                    self.members[group] = [best]
        if group is not None:
            self.group_of[item.article_id] = group
            self.members.setdefault(group, []).append(item.article_id)
        self._lsh.insert(item.article_id, _sketch(item))
        self._signatures[item.article_id] = item.minhash
        return best

    def group(self, group_id: str, features: dict[str, ArticleFeatures]) -> CopyGroup:
        """One copy group; its cost depends on the group's size only, not on the corpus."""
        members = self.members[group_id]
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
