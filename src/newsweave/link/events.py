"""Online, incremental event linking with stable ids, human corrections and stories.

Each batch of new articles (in date order) is clustered afresh together with the earlier
articles of the small events near it, by average linkage on the pair logits of ``score`` (then
fragments of up to three articles join the event they nearly match, ``_adopt_fragments``; a
cluster whose leads name two separate sets of people is split between them, ``lead_parts``): the
grouping of a neighbourhood is what one batch of all its articles would give, so arrival order
and batching do not change it (``benchmarks/link_stability.py``). Candidates come from exact
numpy searches over event centroids (bounded to a date window when dates are known) and over
undated articles, so the work per batch depends on its neighbourhood, not on the corpus. Within
a batch's region only the pairs close enough in time to have a positive logit, and the pairs
inside the groups those can join, are scored (``_Region``): exact, and the cost no longer grows
with the square of a region that, under random arrival, spans the whole archive.
The average linkage is hand-written because it must start from fixed groups (events a human
edited, events too big to reopen) that may absorb articles but never merge with each other,
which scipy's ``linkage`` cannot express. An event's id is derived from its founding article and
stays with the cluster holding most of its members; an event dissolved into another becomes an
alias that still resolves. Articles placed by a human (merge/split/move) are pinned.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from threadpoolctl import threadpool_limits

from newsweave.link.copies import CopyIndex
from newsweave.link.features import ArticleFeatures, content_terms, parse_day, readable, words
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
from newsweave.link.score import PairSpace, Profile, TermSpace, pair_logits, sparse_cosine
from newsweave.link.stories import S_RECENT, best_story, story_id_for

EVENT_WINDOW_DAYS = 10  # an article only joins events within this many days of its date
TOP_K = 8  # events scored in full per article
STORY_TOP_K = 12  # events whose stories are candidates for a new event
SUMMARY_SENTENCES = 4  # lead sentences per article considered for the event summary
TITLE_PEERS = 50  # headlines weighed for an event title, and the articles each is checked against
MAX_LINKED = 16  # members of an event a batch cluster is compared with (the most similar)
UNDATED_K = 3  # nearest undated articles whose events a dated article also reopens
REOPEN_MAX = 40  # events up to this size are clustered again when a batch comes near them
REGION_MAX = 2000  # earlier articles reopened per batch chunk at most, bounding memory
PLAUSIBLE_LOGIT = -6.0  # events whose best pair logit with the batch is below this stay closed
PLAUSIBLE_SAMPLE = 4  # members of a nearby event (the most similar) checked for plausibility
COPY_LOGIT = 10.0  # near word-for-word copies (``copies.TWIN_RESEMBLANCE``) are linked regardless of the rest
CLUSTER_CHUNK = 2000  # batch articles clustered together (date order), bounding memory
BAND_ROWS = 32  # region articles (in date order) scored against their reach in one block
SMALL_COMPONENT = 12  # components of up to this many articles are clustered in plain Python
FRAGMENT_MAX = 3  # a cluster of up to this many articles may join a larger event (_adopt_fragments)
FRAGMENT_LOGIT = -0.6  # ... when it averages above this logit with it
EVENT_QUOTES = 2  # key quotes shown with each event of a timeline (one per speaker)
EVENT_KEY_QUOTES = 5  # key quotes an event record holds (two per speaker at most)
LEAD_SPLIT_MIN = 3  # articles per lead-people group for a cluster to be split between groups (lead_parts)


def event_id_for(founder: str) -> str:
    return "ev-" + hashlib.sha1(founder.encode("utf-8")).hexdigest()[:10]


def follow_aliases(aliases: dict[str, str], event_id: str) -> str:
    """The id an event has now, given the {merged id: surviving id} map of a link state."""
    seen = set()
    while event_id in aliases and event_id not in seen:
        seen.add(event_id)
        event_id = aliases[event_id]
    return event_id


def _day(item: ArticleFeatures) -> int | None:
    """The event date's ordinal, None when undated: the date every window is measured from."""
    day = parse_day(item.event_date)
    return day.toordinal() if day else None


def _speaker_key(quote: dict[str, Any]) -> str:
    """Who said a quote: the resolved entity, else the name as written ("" when nobody is named)."""
    return str(quote.get("speaker_id") or quote.get("speaker") or "")


def _quote_words(quote: dict[str, Any]) -> str:
    """A quote's words, lower-cased, between spaces: one quote holds another in whole words."""
    return f" {' '.join(words(str(quote.get('text') or quote.get('quote') or '')))} "


# where an export ran two sentences together without a stop: "... have worked A large-scale
# rescue operation is under way", "... distinctive triangles A decision to space out ..."
# ("Plan A is", "Vitamin A and": the letter, not an article)
_GLUED = re.compile(r"(?<=[a-z])\s+(?=(?:A|An|The)\s+(?!(?:and|or|to|is|was|of|in|for|on|at|by|as)\b)[a-z0-9])")


# the labels a page puts on its pictures, kept by an export in the text ("Image copyright Getty
# Images Image caption ..."): the sentence around them is a caption run into the lead
_PICTURE_LABEL = re.compile(r"\b(?:Image|Media) (?:caption|copyright|source)\b")


def _unglued(sentences: list[str]) -> list[str]:
    """Lead sentences fit for an event summary: the ones an export ran together cut apart
    again, those holding a picture's label left out (a caption or a cut-off standfirst glued to
    the lead is not a one-line summary)."""
    return [part for sentence in sentences if not _PICTURE_LABEL.search(sentence) for part in _GLUED.split(sentence)]


def _arrival_key(item: ArticleFeatures) -> tuple[str, str]:
    """Date order, then id: the order a batch is clustered in, whatever order it arrived in."""
    return (item.event_date or item.published or "9999", item.article_id)


def _average_linkage(
    logits: np.ndarray, rows: list[list[int]], fixed: list[bool]
) -> list[tuple[int, list[int], int | None]]:
    """Average-linkage clustering that starts from groups: merge the closest pair of clusters
    (mean logit) while that mean is above 0; two clusters holding fixed groups never merge.

    Hand-written because scipy's ``linkage`` starts from singletons and cannot forbid merges.
    Groups with no positive mean logit between them never merge, nor do clusters grown from
    them (a mean of non-positive sums stays non-positive), so each connected component of the
    positive links is clustered on its own: exact, and the quadratic work shrinks from the whole
    region to its components (a region has a few positive links per article).
    Returns (first row, members, index of the fixed row it holds or None) per final cluster.
    """
    count = len(rows)
    membership = sparse.csr_matrix(
        (np.ones(sum(len(r) for r in rows)), np.concatenate([np.asarray(r, dtype=np.int64) for r in rows]),
         np.concatenate([[0], np.cumsum([len(r) for r in rows])])),
        shape=(count, len(logits)),
    )
    sums = np.asarray((membership @ np.asarray(membership @ logits).T).T)
    sizes = np.diff(membership.indptr).astype(np.float64)
    has_fixed = np.array(fixed, dtype=bool)
    linked = (sums > 0) & ~(has_fixed[:, None] & has_fixed[None, :])
    np.fill_diagonal(linked, False)
    _, component = connected_components(sparse.csr_matrix(linked), directed=False)
    clusters: list[tuple[int, list[int], int | None]] = []  # (first row, members, fixed row)
    for part in _parts(component):
        if len(part) == 1:
            c = int(part[0])
            clusters.append((c, list(rows[c]), c if fixed[c] else None))
            continue
        found = _link_component(sums[np.ix_(part, part)], sizes[part], has_fixed[part], [rows[c] for c in part])
        clusters.extend(
            (int(part[first]), members, int(part[f]) if f is not None else None) for first, members, f in found
        )
    clusters.sort(key=lambda cluster: cluster[0])  # the order one pass over all rows gives
    return clusters


def lead_parts(
    incidence: sparse.csr_matrix, logits_of: Callable[[np.ndarray, np.ndarray], np.ndarray]
) -> list[np.ndarray]:
    """The events one cluster holds, told by the people its leads name (``incidence``: one row
    per article, a column per person its headline or first sentence names).

    Articles whose leads share a person are chained into groups. When at least two groups have
    ``LEAD_SPLIT_MIN`` articles or more, the cluster reports as many happenings: ten reports of
    one Chargers player's DUI arrest and nine of another's, alike word for word, each naming
    only its own man up front (the later ones recall the first arrest further down, which is
    what made their pair logits positive). Each other article goes with the group it averages
    the highest logit with (``logits_of(rows, cols)``: the block of the cluster's pair logits).
    One article naming both men in its lead chains the groups, so a meeting reported by some
    through one leader and by others through the other stays one event. Returns the parts as
    index arrays into the cluster; one part when it is not split."""
    count = incidence.shape[0]
    named = np.flatnonzero(np.diff(incidence.indptr) > 0)
    if len(named) < 2 * LEAD_SPLIT_MIN:
        return [np.arange(count)]
    rows = incidence[named]
    _, chain = connected_components((rows @ rows.T).tocsr(), directed=False)
    sizes = np.bincount(chain)
    groups = np.flatnonzero(sizes >= LEAD_SPLIT_MIN)
    if len(groups) < 2:
        return [np.arange(count)]
    part = np.full(count, -1, dtype=np.int64)
    for rank, group in enumerate(groups):
        part[named[chain == group]] = rank
    cores = [np.flatnonzero(part == rank) for rank in range(len(groups))]
    rest = np.flatnonzero(part < 0)
    if len(rest):
        means = np.stack([logits_of(rest, core).mean(axis=1) for core in cores], axis=1)
        part[rest] = np.argmax(means, axis=1)
    return [np.flatnonzero(part == rank) for rank in range(len(groups))]


def _parts(component: np.ndarray) -> list[np.ndarray]:
    """Row indices of each component, in ascending order (so ties resolve by position)."""
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    return np.split(order, bounds)


def _link_component(
    sums: np.ndarray, sizes: np.ndarray, has_fixed: np.ndarray, rows: list[list[int]]
) -> list[tuple[int, list[int], int | None]]:
    """The merge loop of ``_average_linkage`` on one component. Each cluster's best partner is
    kept up to date, so a merge costs one pass over the clusters (not a scan of the whole
    cluster-by-cluster matrix); ties resolve as a row-major scan would. Returns (first row,
    members, fixed row or None) per final cluster, rows counted within the component."""
    count = len(rows)
    sums, sizes, has_fixed = sums.copy(), sizes.copy(), has_fixed.copy()
    fixed_row: list[int | None] = [c if f else None for c, f in enumerate(has_fixed)]
    members = [list(row) for row in rows]
    alive = np.ones(count, dtype=bool)
    mean = sums / np.outer(sizes, sizes)
    mean[has_fixed[:, None] & has_fixed[None, :]] = -np.inf
    np.fill_diagonal(mean, -np.inf)
    partner = np.argmax(mean, axis=1)
    best = mean[np.arange(count), partner]
    while count > 1:
        c = int(np.argmax(best))
        d = int(partner[c])
        if best[c] <= 0.0:
            break
        c, d = min(c, d), max(c, d)  # the earlier cluster absorbs: ties resolve by position
        sums[c] += sums[d]
        sums[:, c] = sums[c]
        sizes[c] += sizes[d]
        members[c].extend(members[d])
        fixed_row[c] = fixed_row[c] if fixed_row[c] is not None else fixed_row[d]
        has_fixed[c] |= has_fixed[d]
        alive[d] = False
        row = sums[c] / (sizes[c] * sizes)
        row[~alive | (has_fixed[c] & has_fixed)] = -np.inf
        row[c] = -np.inf
        mean[c], mean[:, c] = row, row
        mean[d], mean[:, d] = -np.inf, -np.inf
        best[d] = -np.inf
        stale = (partner == c) | (partner == d)
        stale[c] = True
        stale[d] = False
        gains = ~stale & ((row > best) | ((row == best) & (c < partner)))
        best[gains], partner[gains] = row[gains], c
        redo = np.nonzero(stale)[0]
        if len(redo):
            partner[redo] = np.argmax(mean[redo], axis=1)
            best[redo] = mean[redo, partner[redo]]
    return [(int(c), members[c], fixed_row[c]) for c in np.nonzero(alive)[0]]


def _link_small(
    sums: list[list[float]], has_fixed: list[bool], rows: list[list[int]]
) -> list[tuple[int, list[int], int | None]]:
    """``_link_component`` for a few single-article groups and a symmetric ``sums``, in plain
    Python: numpy's per-call overhead outweighs the work at this size. It rescans every pair
    in row-major order after each merge, which is the order ``_link_component`` resolves ties
    in, and does the same float operations, so the merges are the same."""
    count = len(rows)
    sizes = [1.0] * count
    fixed_row: list[int | None] = [c if f else None for c, f in enumerate(has_fixed)]
    members = [list(row) for row in rows]
    alive = list(range(count))
    while len(alive) > 1:
        best, pair = 0.0, None
        for a, c in enumerate(alive):
            for d in alive[a + 1 :]:
                if fixed_row[c] is not None and fixed_row[d] is not None:
                    continue
                mean = sums[c][d] / (sizes[c] * sizes[d])
                if mean > best:
                    best, pair = mean, (c, d)
        if pair is None:
            break
        c, d = pair
        for x in range(count):
            sums[c][x] += sums[d][x]
            sums[x][c] = sums[c][x]
        sizes[c] += sizes[d]
        members[c].extend(members[d])
        fixed_row[c] = fixed_row[c] if fixed_row[c] is not None else fixed_row[d]
        alive.remove(d)
    return [(c, members[c], fixed_row[c]) for c in alive]


class _Region:
    """The logit matrix of a ``_recluster`` region, computed only where average linkage reads it.

    The region's items are its free articles (rows ``< free``: the batch and the reopened
    events' members) and the sampled members of fixed events; entry (i, j) is the pair logit,
    except that two fixed samples are never compared (0) and near word-for-word copies are
    linked (``COPY_LOGIT``).
    The full matrix costs a product over every pair, and under random arrival a region spans
    the whole archive while its positive links join articles a few days apart; so:

    1. The items are put in date order (undated last) and each block of ``BAND_ROWS`` rows is
       scored exactly against the later items within its reach (``PairSpace.reach``: beyond it
       a pair's logit is <= 0 whatever its text) and against every undated item.
    2. Each pair of groups gets an upper bound of its logit sum: the exact sum over its scored
       pairs, 0 for the others (their logits are <= 0). Groups no chain of positive bounds joins
       have a non-positive sum and so do all clusters grown from them (see ``_average_linkage``):
       they never merge, so each connected component of the positive bounds is clustered on its
       own, exactly, from its full logit block (read from step 1 when it lies inside the scored
       band, else scored afresh).

    Why this is exact: average linkage only ever merges two clusters whose mean logit is > 0,
    and the mean between clusters drawn from two different components is a sum of group sums
    that are each <= their bound <= 0. So the full matrix and this one give the same merges;
    the pairs never scored (far apart in time, across components) are never read.
    """

    def __init__(self, space: PairSpace, order: np.ndarray, free: int, groups: list[str | None]) -> None:
        self.space = space  # the items in date order: position p holds item order[p]
        self.order = order
        self.position = np.empty_like(order)
        self.position[order] = np.arange(len(order))
        self.sample = order >= free
        codes: dict[str, int] = {}
        self.group = np.array(
            [codes.setdefault(groups[i], len(codes)) if i < free and groups[i] is not None else -1 for i in order],
            dtype=np.int64,
        )

    def block(self, rows: np.ndarray) -> np.ndarray:
        """Exact region logits of every pair of ``rows`` (positions)."""
        return self._rules(rows[:, None], rows[None, :], self.space.logits(rows, rows))

    def _rules(self, rows: np.ndarray, cols: np.ndarray, logits: np.ndarray) -> np.ndarray:
        """Pair logits (positions ``rows`` x ``cols``, broadcast) made region logits: fixed
        samples are not compared with each other (0), near word-for-word copies are linked."""
        logits[self.sample[rows] & self.sample[cols]] = 0.0
        group_r, group_c = self.group[rows], self.group[cols]
        logits[(group_r == group_c) & (group_r >= 0)] = COPY_LOGIT
        return logits

    def linkage(self, rows: list[list[int]], fixed: list[bool]) -> list[tuple[list[int], int | None]]:
        """``_average_linkage(full matrix, rows, fixed)``, then fragments adopted (``_adopt_fragments``);
        rows hold item indices."""
        band = self._score_band()
        member_pos = [self.position[np.asarray(r, dtype=np.int64)] for r in rows]
        clusters: list[tuple[int, list[int], int | None]] = []
        for part in _parts(self._components(band, member_pos, fixed)):
            if len(part) == 1:
                c = int(part[0])
                clusters.append((c, list(rows[c]), c if fixed[c] else None))
                continue
            found = self._cluster_component(band, [rows[c] for c in part], [member_pos[c] for c in part],
                                            [fixed[c] for c in part])
            clusters.extend(
                (int(part[first]), members, int(part[f]) if f is not None else None) for first, members, f in found
            )
        clusters.sort(key=lambda cluster: cluster[0])
        adopted = self._adopt_fragments(band, [(members, fixed_row) for _, members, fixed_row in clusters])
        return [part for cluster in adopted for part in self._split_by_lead_people(*cluster)]

    def _split_by_lead_people(self, members: list[int], fixed_row: int | None) -> list[tuple[list[int], int | None]]:
        """``lead_parts`` of one cluster; a cluster with a fixed event (a human's, or one too
        big to reopen) is kept whole."""
        if fixed_row is not None or len(members) < 2 * LEAD_SPLIT_MIN:
            return [(members, fixed_row)]
        positions = self.position[np.asarray(members, dtype=np.int64)]

        def logits_of(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
            a, b = positions[rows], positions[cols]
            return self._rules(a[:, None], b[None, :], self.space.logits(a, b))

        parts = lead_parts(self.space.lead_people[positions], logits_of)
        return [([members[i] for i in part], None) for part in parts]

    def _adopt_fragments(
        self, band: _Band, clusters: list[tuple[list[int], int | None]]
    ) -> list[tuple[list[int], int | None]]:
        """Each fragment linkage left (a cluster of at most ``FRAGMENT_MAX`` articles) joins the
        larger event it is closest to on average, when that mean logit is above
        ``FRAGMENT_LOGIT`` and one of its articles has a positive logit with one of the event's.
        A fragment's mean against a whole event is read from many noisy pairs, and a report
        told in one sentence rarely clears 0, yet a fragment is far likelier to belong to the
        event it nearly joins than to be a happening of its own. Fragments are weighed against
        the events as linkage left them (no chaining); their positive pairs lie within reach,
        so the band holds them and the result is exact."""
        is_fragment = [len(members) <= FRAGMENT_MAX and fixed_row is None for members, fixed_row in clusters]
        event_at = np.full(band.n, -1, dtype=np.int64)  # per position: its event, if not in a fragment
        for k, (members, _) in enumerate(clusters):
            if not is_fragment[k]:
                event_at[self.position[np.asarray(members, dtype=np.int64)]] = k
        joined: dict[int, list[int]] = {}
        for k in np.flatnonzero(is_fragment):
            rows = self.position[np.asarray(clusters[k][0], dtype=np.int64)]
            best, target = FRAGMENT_LOGIT, None
            for e in np.unique(event_at[np.flatnonzero((band.full[rows] > 0).any(axis=0))]):
                if e < 0:
                    continue
                cols = self.position[np.asarray(clusters[e][0], dtype=np.int64)]
                mean = float(self._rules(rows[:, None], cols[None, :], self.space.logits(rows, cols)).mean())
                if mean > best:
                    best, target = mean, int(e)
            if target is not None:
                joined.setdefault(target, []).append(int(k))
        gone = {k for adopted in joined.values() for k in adopted}
        return [
            (members + [i for a in joined.get(k, []) for i in clusters[a][0]], fixed_row)
            for k, (members, fixed_row) in enumerate(clusters)
            if k not in gone
        ]

    def _score_band(self) -> _Band:
        """Step 1: every pair within reach scored (each pair once), and copies linked wherever they are."""
        n = len(self.order)
        days, reach = self.space.days, self.space.reach()
        dated = int(np.count_nonzero(~np.isnan(days)))
        ends = np.zeros((n + BAND_ROWS - 1) // BAND_ROWS, dtype=np.int64)  # per block: positions scored below
        blocks: list[tuple[int, int, np.ndarray]] = []
        end = 0
        for c, start in enumerate(range(0, n, BAND_ROWS)):
            stop = min(start + BAND_ROWS, n)
            if start < dated:
                last = min(stop, dated)
                far = float(np.max(days[start:last] + reach[start:last]))
                end = max(end, last, int(np.searchsorted(days[:dated], far, side="right")))
            else:
                end = n
            ends[c] = end
            blocks.append((start, stop, np.arange(start, n) if end >= dated else np.r_[start:end, dated:n]))
        if ends[0] >= dated:  # no pair is out of reach (a short span, or undated): one product
            blocks = [(0, n, np.arange(n))]
        columns, logits = self.space.band(blocks)
        logits = self._rules(np.arange(n)[:, None], columns, logits)
        p, k = np.nonzero(columns > np.arange(n)[:, None])  # each pair once, the diagonal left out
        q, values = columns[p, k], logits[p, k]
        # near word-for-word copies are linked however far apart in time
        grouped = np.flatnonzero(self.group >= 0)
        copy_p, copy_q = np.nonzero(
            (self.group[grouped][:, None] == self.group[grouped][None, :]) & (grouped[:, None] < grouped[None, :])
        )
        copy_p, copy_q = grouped[copy_p], grouped[copy_q]
        unscored = (copy_q < dated) & (copy_q >= ends[copy_p // BAND_ROWS])
        p, q = np.concatenate([p, copy_p[unscored]]), np.concatenate([q, copy_q[unscored]])
        values = np.concatenate([values, np.full(int(unscored.sum()), COPY_LOGIT)])
        full = np.zeros((n, n))
        full[p, q] = full[q, p] = values
        return _Band(n=n, dated=dated, ends=ends, pairs=(p, q), values=values, full=full)

    def _components(self, band: _Band, member_pos: list[np.ndarray], fixed: list[bool]) -> np.ndarray:
        """Step 2: the component of each group in the graph of positive group-sum bounds (a
        pair not scored counts 0: its logit is <= 0)."""
        p, q = band.pairs
        bound = sparse.csr_matrix(
            (np.concatenate([band.values, band.values]), (np.r_[p, q], np.r_[q, p])), shape=(band.n, band.n))
        membership = sparse.csr_matrix(
            (np.ones(sum(len(m) for m in member_pos)), np.concatenate(member_pos),
             np.concatenate([[0], np.cumsum([len(m) for m in member_pos])])),
            shape=(len(member_pos), band.n),
        )
        sums = (membership @ bound @ membership.T).tocoo()
        has_fixed = np.array(fixed, dtype=bool)
        keep = (sums.data > 0) & (sums.row != sums.col) & ~(has_fixed[sums.row] & has_fixed[sums.col])
        linked = sparse.csr_matrix((np.ones(int(keep.sum())), (sums.row[keep], sums.col[keep])), shape=sums.shape)
        return connected_components(linked, directed=False)[1]

    def _cluster_component(
        self, band: _Band, rows: list[list[int]], member_pos: list[np.ndarray], fixed: list[bool]
    ) -> list[tuple[int, list[int], int | None]]:
        """Step 3: exact average linkage of one component's groups, from its full logit block
        (read from the band when the component lies inside it, else scored afresh).
        Returns (first group, item indices, fixed group or None) per cluster, groups counted
        within the component."""
        positions = np.unique(np.concatenate(member_pos))
        in_dated = positions[positions < band.dated]
        inside = len(in_dated) < 2 or in_dated[-1] < band.ends[in_dated[0] // BAND_ROWS]
        if all(len(r) == 1 for r in rows):  # single articles: the group sums are the logits themselves
            ranks = np.concatenate(member_pos)
            if not inside:
                return _link_component(self.block(ranks), np.ones(len(rows)), np.array(fixed, dtype=bool), rows)
            logits = band.block(ranks)
            if len(rows) <= SMALL_COMPONENT:
                return _link_small(logits.tolist(), fixed, rows)
            return _link_component(logits, np.ones(len(rows)), np.array(fixed, dtype=bool), rows)
        logits = band.block(positions) if inside else self.block(positions)
        local = [np.searchsorted(positions, m).tolist() for m in member_pos]
        return [
            (first, self.order[positions[members]].tolist(), f)
            for first, members, f in _average_linkage(logits, local, fixed)
        ]


@dataclass
class _Band:
    """The scored pairs of a region (positions in date order): those within reach of each
    other, and copies anywhere, each pair once in ``pairs``/``values`` and both ways in
    ``full`` (0 where not scored). ``ends[c]``: block c's rows were scored against the dated
    positions below it (and every undated one)."""

    n: int
    dated: int
    ends: np.ndarray
    pairs: tuple[np.ndarray, np.ndarray]
    values: np.ndarray
    full: np.ndarray

    def block(self, positions: np.ndarray) -> np.ndarray:
        """The scored logits among ``positions``."""
        return self.full[np.ix_(positions, positions)]


class Linker:
    """Online, incremental linking state: copy groups, events, stories, human corrections."""

    def __init__(self, state: LinkState | None = None):
        self._features: dict[str, ArticleFeatures] = {}
        self._order: list[str] = []  # arrival order
        self._rank: dict[str, int] = {}
        self._event_of: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._profiles: dict[str, Profile] = {}
        self._story_of: dict[str, str] = {}
        self._story_events: dict[str, list[str]] = {}
        self._copies = CopyIndex()
        self._index = DenseIndex()
        self._density = Density()
        self._undated = DenseIndex()  # undated articles, found whatever a new article's date
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
        self._rank[item.article_id] = len(self._order)
        self._order.append(item.article_id)
        self._terms.count(item.article_id, item.terms)
        if parse_day(item.event_date) is None:
            self._undated.upsert(item.article_id, Profile.of([item]))
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
            self._copies.add(item, restore=True, group=state.copy_group.get(item.article_id),
                             twin=state.copy_twin.get(item.article_id))
            self._attach(item.article_id, state.article_event[item.article_id])
        self._density.add(
            list(self._order), [self._features[a].embedding for a in self._order],
            [_day(self._features[a]) for a in self._order],
        )
        for event_id in sorted(self._members, key=self._event_sort_key):
            story = state.event_story.get(event_id)
            if story is not None:
                self._story_of[event_id] = story
                self._story_events.setdefault(story, []).append(event_id)
        self._pinned = set(state.pinned)
        self._corrections = list(state.corrections)
        self._aliases = dict(state.aliases)

    # ---- scoring -------------------------------------------------------------------------
    def _pair_logits(self, a: list[ArticleFeatures], b: list[ArticleFeatures]) -> np.ndarray:
        mu_a = self._density.mu([x.article_id for x in a])
        mu_b = self._density.mu([x.article_id for x in b])
        return pair_logits(a, b, self._terms, self._entities, mu_a, mu_b)

    def _recluster(self, chunk: list[ArticleFeatures], twin_source: dict[str, str]) -> tuple[set[str], dict[str, str]]:
        """Cluster a batch chunk afresh together with the earlier articles of the events near it.

        The small events the batch comes near are *reopened*: their unpinned members are
        clustered again with the new articles (average linkage on the pair logits, merging while
        the mean logit is above 0), so the grouping of a neighbourhood is what one batch of all
        its articles would give, whatever order they arrived in. Events a human edited, and
        events too big to reopen, take part as fixed groups (their members closest to the batch):
        they may absorb articles but never merge with each other. Copies always end up together.

        Each resulting cluster keeps the id of the reopened event it holds most members of
        (largest overlap first, older events first on ties); a reopened event that keeps no
        cluster becomes an alias of the event holding most of its former members, so its id
        still resolves; a cluster left without an id founds an event named after its earliest
        article. Returns (earlier articles whose event changed, {dissolved id: surviving id}).
        """
        nominated: dict[str, np.ndarray] = {}
        vectors = np.stack([item.embedding for item in chunk])
        days = [_day(item) for item in chunk]
        near_events = self._index.nearest_many(vectors, days, TOP_K, EVENT_WINDOW_DAYS)
        near_undated = self._undated.nearest_many(vectors, [None] * len(chunk), UNDATED_K, None)
        pairs: list[tuple[ArticleFeatures, ArticleFeatures, str]] = []
        for item, day, near, undated in zip(chunk, days, near_events, near_undated, strict=True):
            if day is not None:  # an undated article may sit in an event of any date
                near = near + [self._event_of[a] for a in undated if a in self._event_of]
            for event_id in dict.fromkeys(near):
                pairs.extend((item, m, event_id) for m in self._closest(event_id, item.embedding, PLAUSIBLE_SAMPLE))
        # an event no batch article comes close to cannot take part in a merge: leaving it out
        # keeps the region (and its quadratic cost) to the plausible neighbourhood
        plausible = self._pair_logits([a for a, _, _ in pairs], [b for _, b, _ in pairs])
        for (item, _, event_id), logit in zip(pairs, plausible, strict=True):
            if logit > PLAUSIBLE_LOGIT:
                nominated[event_id] = nominated.get(event_id, 0.0) + item.embedding
        for item in chunk:
            source = twin_source.get(item.article_id)
            if source in self._event_of:
                nominated.setdefault(self._event_of[source], self._profiles[self._event_of[source]].vector)
        strength = {e: float(v @ self._profiles[e].centroid()) for e, v in nominated.items()}
        reopened: list[str] = []
        fixed: list[str] = []
        budget = REGION_MAX
        for event_id in sorted(nominated, key=lambda e: (-strength[e], e)):
            size = len(self._members[event_id])
            if self._touched_by_human(event_id) or size > REOPEN_MAX or size > budget:
                fixed.append(event_id)
            else:
                reopened.append(event_id)
                budget -= size
        free = list(chunk) + [self._features[m] for e in reopened for m in self._members[e]]
        samples = [self._closest(e, nominated[e]) for e in fixed]
        items = free + [m for group in samples for m in group]
        m = len(free)
        days = [_day(item) for item in items]
        order = np.array(sorted(range(len(items)), key=lambda i: (days[i] is None, days[i] or 0, i)), dtype=np.int64)
        ordered = [items[i] for i in order]
        space = PairSpace(ordered, self._terms, self._entities, self._density.mu([x.article_id for x in ordered]))
        region = _Region(space, order, m, [self._copies.twin_of.get(item.article_id) for item in free])
        rows: list[list[int]] = []
        owner: list[str | None] = []
        offset = m
        for event_id, group in zip(fixed, samples, strict=True):
            rows.append(list(range(offset, offset + len(group))))
            owner.append(event_id)
            offset += len(group)
        for i in range(m):
            source = twin_source.get(free[i].article_id) if i < len(chunk) else None
            home = self._event_of.get(source) if source else None
            if home in fixed:
                rows[fixed.index(home)].append(i)
            else:
                rows.append([i])
                owner.append(None)
        clusters = [
            (owner[fixed_row] if fixed_row is not None else None, sorted(i for i in members if i < m))
            for members, fixed_row in region.linkage(rows, [o is not None for o in owner])
        ]
        clusters = [(o, members) for o, members in clusters if members]
        return self._apply_clusters(free, clusters, reopened)

    def _apply_clusters(
        self, free: list[ArticleFeatures], clusters: list[tuple[str | None, list[int]]], reopened: list[str]
    ) -> tuple[set[str], dict[str, str]]:
        """Give each cluster an event id (see ``_recluster``) and rewrite the memberships."""
        votes: list[tuple[int, int, int, str]] = []
        for c, (owner, members) in enumerate(clusters):
            if owner is None:
                counts = Counter(self._event_of[free[i].article_id] for i in members if free[i].article_id in self._event_of)
                votes.extend((-count, self._founding_rank(e), c, e) for e, count in counts.items())
        names: dict[int, str] = {c: owner for c, (owner, _) in enumerate(clusters) if owner is not None}
        for _, _, c, event_id in sorted(votes):
            if c not in names and event_id not in names.values():
                names[c] = event_id
        for c, (_, members) in enumerate(clusters):
            if c not in names:
                founder = min((free[i] for i in members), key=_arrival_key)
                names[c] = self._new_event_id(founder.article_id)
        previous = {item.article_id: self._event_of.get(item.article_id) for item in free}
        target = {free[i].article_id: names[c] for c, (_, members) in enumerate(clusters) for i in members}
        surviving = set(names.values())
        merged: dict[str, str] = {}
        kept: dict[str, list[str]] = {}  # reopened events' members before, to spot the unchanged
        for event_id in reopened:
            for article_id in self._members[event_id]:
                del self._event_of[article_id]
            if event_id in surviving:
                kept[event_id] = self._members[event_id]
                self._members[event_id] = []
            else:
                former = Counter(target[a] for a in self._members[event_id])
                merged[event_id] = min(former, key=lambda e: (-former[e], e))
                self._aliases[event_id] = merged[event_id]
                self._drop_event(event_id)
        grouped: dict[str, list[str]] = {}
        for article_id, event_id in target.items():
            grouped.setdefault(event_id, []).append(article_id)
        for event_id, article_ids in grouped.items():
            if self._members.get(event_id):
                for article_id in article_ids:  # a fixed event absorbs
                    self._attach(article_id, event_id)
                continue
            article_ids.sort(key=self._rank.__getitem__)
            self._members[event_id] = article_ids
            for article_id in article_ids:
                self._event_of[article_id] = event_id
            if kept.get(event_id) != article_ids:  # an unchanged event keeps its profile
                self._profiles[event_id] = Profile.of([self._features[a] for a in article_ids])
                self._index.upsert(event_id, self._profiles[event_id])
        moved = {a for a, e in previous.items() if e is not None and target[a] != e}
        return moved, merged

    # ---- public API ----------------------------------------------------------------------
    def add(self, features: list[ArticleFeatures]) -> LinkUpdate:
        """Assign each new article to a copy group, an event and (through it) a story.

        The batch, in date order, is clustered together with the earlier articles of the small
        events near it (see ``_recluster``), so the grouping does not depend on arrival order.
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
        fresh.sort(key=_arrival_key)
        for item in fresh:
            self._register(item)
        self._density.add([f.article_id for f in fresh], [f.embedding for f in fresh], [_day(f) for f in fresh])
        events_before = set(self._members)
        twin_source: dict[str, str] = {}
        for item in fresh:
            source = self._copies.add(item)
            if source is not None:
                twin_source[item.article_id] = source
        moved: set[str] = set()
        merged: dict[str, str] = {}
        for start in range(0, len(fresh), CLUSTER_CHUNK):
            chunk_moved, chunk_merged = self._recluster(fresh[start : start + CLUSTER_CHUNK], twin_source)
            moved |= chunk_moved
            merged.update(chunk_merged)
        merged = {gone: self.resolve(gone) for gone in merged}
        new_events = [e for e in self._members if e not in events_before]
        changed_events = sorted(
            ({self._event_of[f.article_id] for f in batch} | {self._event_of[a] for a in moved})
            - set(new_events)
        )
        stories_before = set(self._story_events)
        changed_stories = set()
        ordered = sorted(new_events, key=self._event_sort_key)
        centroids = [self._profiles[e].centroid() for e in ordered]
        near = (
            self._index.nearest_many(np.stack(centroids), [None] * len(ordered), STORY_TOP_K, None) if ordered else []
        )
        for event_id, near_events in zip(ordered, near, strict=True):
            changed_stories.add(self._assign_story(event_id, near_events))
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

    def _founding_rank(self, event_id: str) -> int:
        return min(self._rank[a] for a in self._members[event_id])

    def _touched_by_human(self, event_id: str) -> bool:
        return any(m in self._pinned for m in self._members[event_id])

    def _closest(self, event_id: str, vector: np.ndarray, limit: int = MAX_LINKED) -> list[ArticleFeatures]:
        members = [self._features[m] for m in self._members[event_id]]
        if len(members) <= limit:
            return members
        sims = np.array([m.embedding @ vector for m in members])
        return [members[i] for i in np.argsort(-sims)[:limit]]

    def resolve(self, event_id: str) -> str:
        """The current id of an event, following merges."""
        return follow_aliases(self._aliases, event_id)

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

    def _assign_story(self, event_id: str, near: list[str]) -> str:
        """Put a new event into the best story among those of ``near`` (its nearest events)."""
        profile = self._profiles[event_id]
        if not self._readable(event_id):
            near = []  # the models cannot tell which story it continues
        candidates = list(dict.fromkeys(self._story_of[e] for e in near if e in self._story_of and self._readable(e)))
        # the latest events by ingest order: bounded work however long the story grows
        stories = {s: [self._profiles[e] for e in self._story_events[s][-S_RECENT:]] for s in candidates}
        story, _ = best_story(profile, stories, candidates, self._entities.weight)
        if story is None:
            story = story_id_for(event_id)
        self._story_of[event_id] = story
        self._story_events.setdefault(story, []).append(event_id)
        return story

    def _readable(self, event_id: str) -> bool:
        return any(readable(self._features[a].language) for a in self._members[event_id])

    def merge_events(self, a: str, b: str) -> None:
        """Merge event ``b`` into event ``a`` (``a`` keeps its id)."""
        resolved_a, resolved_b = self.resolve(a), self.resolve(b)
        if resolved_a == resolved_b:
            # a silent no-op would let a user believe two events were joined
            raise ValueError(f"{a} and {b} are already one event ({resolved_a})")
        a, b = resolved_a, resolved_b
        for article_id in list(self._members[b]):
            self._detach(article_id)
            self._attach(article_id, a)
            self._pinned.add(article_id)
        self._aliases[b] = a
        self._corrections.append({"op": "merge", "into": a, "from": b})

    def split_event(self, event_id: str, article_ids: list[str]) -> str:
        """Move ``article_ids`` out of ``event_id`` into a new event (same story); its id."""
        event_id = self.resolve(event_id)
        if event_id not in self._members:
            raise KeyError(event_id)
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
            raise KeyError(event_id)
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
        event_terms = self._profiles[event_id].terms
        titled = sorted((m for m in members if m.title), key=lambda m: -float(m.embedding @ centroid))[:TITLE_PEERS]

        def support(item: ArticleFeatures) -> float:
            """Share of the other articles using the headline's words: page furniture taken for
            a headline ("Welcome to our EU experience", "You are signed in as") gets none."""
            words = set(content_terms(None, item.title or ""))
            others = [other for other in members if other is not item][:TITLE_PEERS]
            if not words or not others:
                return 0.0
            return sum(word in other.terms for word in words for other in others) / (len(words) * len(others))

        # the best-supported headline; among near-equals, the article nearest the centroid
        title = max(titled, key=lambda m: (round(support(m), 1), float(m.embedding @ centroid))).title if titled else None
        best, best_score = None, -1.0
        for item in members:
            for position, sentence in enumerate(_unglued(item.sentences[:SUMMARY_SENTENCES])):
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
                    reports=len({self._copies.group_of.get(m, m) for m in members}),
                    quotes=self._key_quotes([event_id], limit=EVENT_KEY_QUOTES, shown=summary),
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
                    reports=events[e].reports,
                    quotes=self._key_quotes([e], limit=EVENT_QUOTES, per_speaker=1, shown=events[e].summary),
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

    def _key_quotes(
        self, event_ids: list[str], limit: int = 5, per_speaker: int = 2, shown: str | None = None
    ) -> list[dict[str, Any]]:
        """Whole statements first, direct then reported (a quoted phrase of a few words, however
        often repeated, says less than a sentence); among them, words quoted by several
        articles, then speakers quoted by several articles (the people the event is about),
        named speakers over unnamed sources, and quotes near the top of their article (news puts
        what matters first); one entry per text, a few per speaker. One statement quoted
        whole by one article and in part by another is listed once, whole. A quote the line ``shown``
        beside them already holds (an event's summary that opens with it) is left out."""
        already = " ".join((shown or "").lower().split())
        seen: dict[str, dict[str, Any]] = {}
        quoted_in: dict[str, set[str]] = {}
        speaker_in: dict[str, set[str]] = {}
        for event_id in event_ids:
            for article_id in self._members[event_id]:
                for quote in self._features[article_id].quotes:
                    text = str(quote.get("text") or quote.get("quote") or "").strip()
                    if not text:
                        continue
                    key = " ".join(text.lower().split())[:80]
                    quoted_in.setdefault(key, set()).add(article_id)
                    speaker_in.setdefault(_speaker_key(quote), set()).add(article_id)
                    if already and key in already:
                        continue
                    seen.setdefault(key, {**quote, "article_id": article_id, "event_id": event_id})

        def rank(key: str) -> tuple[Any, ...]:
            quote = seen[key]
            substance = (len(key.split()) >= 6) * (2 if quote.get("kind", "direct") == "direct" else 1)
            speaker = _speaker_key(quote)
            return (-substance, -len(quoted_in[key]), -len(speaker_in[speaker]) if speaker else 0,
                    -bool(quote.get("speaker_id")), int(quote.get("start") or 0), key)

        chosen: list[dict[str, Any]] = []
        by_speaker: Counter[str] = Counter()
        for key in sorted(seen, key=rank):
            quote = seen[key]
            said = _quote_words(quote)
            held = next((i for i, other in enumerate(chosen) if said in _quote_words(other)
                         or _quote_words(other) in said), None) if said.strip() else None
            if held is not None:  # one statement quoted whole by one article and in part by another
                if len(said) > len(_quote_words(chosen[held])):
                    chosen[held] = quote
                continue
            speaker = _speaker_key(quote)
            if by_speaker[speaker] >= per_speaker:
                continue
            by_speaker[speaker] += 1
            chosen.append(quote)
            if len(chosen) == limit:
                break
        return chosen

    def copy_groups(self) -> list[CopyGroup]:
        return self._copies.groups(self._features)

    def article_links(self, article_ids: list[str] | None = None) -> list[ArticleLink]:
        article_ids = article_ids if article_ids is not None else self._order
        groups = {g for a in article_ids if (g := self._copies.group_of.get(a))}
        originators = {g: self._copies.originator(g) for g in groups}
        links = []
        for article_id in article_ids:
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

    @classmethod
    def relinked(cls, state: LinkState, features: list[ArticleFeatures]) -> Linker:
        """A linker that groups ``features`` afresh (new features of the same articles: after an
        upgrade of newsweave, or after the entities were analysed again) and keeps what ``state``
        holds that people rely on: an event a human corrected keeps its articles together (as
        the incremental linker never reopens it), apart from other corrected events; and every
        event id ``state`` gave out still resolves, to the event that now holds most of that
        event's articles. Articles keep their arrival order."""
        old = cls(state)
        linker = cls()
        arrival = {article_id: rank for rank, article_id in enumerate(old._order)}
        linker.add(sorted(features, key=lambda item: arrival.get(item.article_id, len(arrival))))
        claimed: set[str] = set()
        corrected = sorted({old._event_of[a] for a in old._pinned if a in old._event_of}, key=old._founding_rank)
        for old_event in corrected:
            placed = [a for a in old._members[old_event] if a in linker._event_of]
            if not placed:
                continue
            votes = Counter(linker._event_of[a] for a in placed)
            ranked = sorted(votes, key=lambda e: (-votes[e], e != old_event, e))
            target = next((e for e in ranked if e not in claimed), None)
            if target is None:  # its articles sit in events other corrected events hold
                target = linker.split_event(ranked[0], placed)
            for article_id in placed:
                if linker._event_of[article_id] != target:
                    linker.move_article(article_id, target)
            linker._pinned.update(placed)
            claimed.add(target)
        live = set(linker._members)
        for old_event, members in old._members.items():
            votes = Counter(linker._event_of[a] for a in members if a in linker._event_of)
            if old_event not in live and votes:
                linker._aliases[old_event] = min(votes, key=lambda e: (-votes[e], e))
        for gone, successor in old._aliases.items():  # older merges: their chains end at live ids
            if gone not in live:
                linker._aliases.setdefault(gone, successor)
        linker._corrections = old._corrections + [{"op": "relink"}] + linker._corrections
        return linker

    def state(self) -> LinkState:
        return LinkState(
            articles=[self._features[a].to_dict() for a in self._order],
            article_event=dict(self._event_of),
            event_story=dict(self._story_of),
            copy_group=dict(self._copies.group_of),
            copy_twin=dict(self._copies.twin_of),
            pinned=sorted(self._pinned),
            corrections=list(self._corrections),
            aliases=dict(self._aliases),
        )
