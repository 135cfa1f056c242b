"""Same-event similarity of article pairs: dense + sparse text, shared entities, time.

``logit_matrix`` gives a same-event logit for every pair of two article lists: body and lead
(title + first sentences) MiniLM cosines, tf-idf cosine, idf-weighted entity overlap, minus a
penalty for days apart, for a crowded neighbourhood (local density: many near-identical
incidents of one kind need more evidence; a sparse neighbourhood is read as no sparser than the
sparsest the weights were fitted on), for main people that differ (each article's most
named person, when neither article names the other's: two DUI arrests of two players of one
team share the team, the charge and the city, but not the man arrested) and for leads that name
different people (the people of the headline and first sentence: a report on the second arrest
recalls the first, so it names both men, but its lead names only its own). The linker averages
these logits between a group of new articles and an event's members (average linkage). The weights are fitted by
``benchmarks/fit_link_weights.py``: a logistic regression on ECB+ train+dev document pairs, then
the density weight and the bias by a grid search on clustering F1; the same script reports how
that procedure does on topics held out of the fit. The day-gap weight is set by hand (ECB+ has
no dates). ``Profile`` sums an event's features for candidate search and story linking.

``same_event_score`` (the public pair API) is a different, graded combination: the linker's
logit is tuned to split near-identical incidents inside one topic, which makes it saturate on
ordinary pairs. The pair score is the mean of the body and lead cosines, shifted so that the
ECB+ even-odds point (mean cosine 0.60) maps to 0.5 at unit slope and clipped to [0, 1], plus
two bounded adjustments: shared entities (Jaccard) lift it at most ``PAIR_W_ENTITY``, and
articles more than ``SAME_DAY_SLACK`` days apart (event days, or publication days when those are
closer) lower it at most ``PAIR_MAX_DATE_PENALTY``.
No constant was fitted on SemEval (``benchmarks/same_event_semeval.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse

from newsweave.link.features import (
    ArticleFeatures,
    article_features,
    entity_names,
    parse_day,
    readable,
)
from newsweave.link.records import LinkInput

# fitted on ECB+ train+dev by benchmarks/fit_link_weights.py (see the module docstring). Its refit
# after the entity ruler (2026-11-24) moved each weight by less than the fit noise, scored ECB+ the
# same (0.917) and the SemEval corpus lower (pair F1 0.840 -> 0.825), so these stay until a refit
# does better on the linking benchmarks
W_DENSE = 1.71
W_LEAD = 2.57
W_SPARSE = 10.60
W_ENTITY = 2.83
W_PERSON = -1.07  # two articles whose main people differ (neither names the other's)
W_LEAD_PERSON = -1.36  # two articles whose headlines and first sentences name different people
BIAS = -0.59
NO_ENTITIES = 0.3  # entity overlap assumed when a side has no entities
W_LOCAL = 6.0  # logit lost per unit of the pair's mean local density
MU_DEFAULT = 0.79  # local density assumed without a corpus (median on ECB+)
# the lowest local density the weights were fitted at (ECB+'s 1st percentile, printed by
# fit_link_weights.py): the density term is linear, and read below that range it lowered the
# bar of a lone article in a sparse pile by up to 2.8 logits (events_web_pile.py)
MU_FLOOR = 0.48
SAME_DAY_SLACK = 2  # days between reports of one happening that cost nothing
W_GAP = 0.8  # logit lost per day beyond the slack
PAIR_CENTER = 0.60  # mean cosine where ECB+ same-event odds are even: maps to 0.5
PAIR_W_ENTITY = 0.1  # score added per unit of entity Jaccard above the baseline
PAIR_ENTITY_BASE = 0.1  # typical Jaccard of unrelated pairs (ECB+ mean 0.09): no adjustment
PAIR_DATE_PENALTY = 0.05  # score lost per day of event-date gap beyond the slack
PAIR_MAX_DATE_PENALTY = 0.3
UNREAD_LOGIT = -10.0  # a pair with an article the models cannot read (only copies link it)
REACH_ROUNDING = 1e-3  # logit margin for float32 rounding in the bound of ``PairSpace.reach``
WEIGHTS = {  # per ``pair_features`` evidence; fitted by benchmarks/fit_link_weights.py
    "dense": W_DENSE,
    "lead": W_LEAD,
    "sparse": W_SPARSE,
    "entity": W_ENTITY,
    "density": -W_LOCAL,
    "gap": -W_GAP,
    "person": W_PERSON,
    "lead_person": W_LEAD_PERSON,
}


@dataclass
class Profile:
    """Summed features of a group of articles (one article, or an event)."""

    vector: np.ndarray  # sum of unit embeddings
    terms: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)  # in how many articles
    size: int = 0
    first: date | None = None
    last: date | None = None
    # the centroid of ``_centroid_of``: candidate search and story linking ask for it often
    _centroid: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _centroid_of: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, features: list[ArticleFeatures]) -> Profile:
        profile = cls(vector=np.zeros_like(features[0].embedding))
        for item in features:
            profile.add(item)
        return profile

    def add(self, item: ArticleFeatures) -> None:
        self.vector = self.vector + item.embedding
        self.terms.update(item.terms)
        self.entities.update(set(item.entities))
        self.size += 1
        day = parse_day(item.event_date)
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)

    def centroid(self) -> np.ndarray:
        # ``add`` rebinds ``vector`` (never updates it in place), so identity tells staleness
        if self._centroid is None or self._centroid_of is not self.vector:
            self._centroid = self.vector / max(float(np.linalg.norm(self.vector)), 1e-12)
            self._centroid_of = self.vector
        return self._centroid


def sparse_cosine(a: Mapping[str, int], b: Mapping[str, int], idf: Callable[[str], float]) -> float:
    """Cosine of sublinear-tf x idf vectors."""
    if not a or not b:
        return 0.0
    wa = {t: (1.0 + math.log(c)) * idf(t) for t, c in a.items() if c > 0}
    wb = {t: (1.0 + math.log(c)) * idf(t) for t, c in b.items() if c > 0}
    small, large = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    dot = sum(w * large[t] for t, w in small.items() if t in large)
    na = math.sqrt(sum(w * w for w in wa.values()))
    nb = math.sqrt(sum(w * w for w in wb.values()))
    return dot / (na * nb) if na and nb else 0.0


class EntityWeights:
    """A profile's entities with their weights (idf x share of its articles naming them).

    Built once per profile when one profile is compared with many (story linking).
    """

    def __init__(self, profile: Profile, idf: Callable[[str], float]) -> None:
        self.weights = [(name, idf(name) * count / profile.size) for name, count in profile.entities.items()]
        self.total = 0.0
        for _, weight in self.weights:
            self.total += weight

    def share(self, other: Profile, shared_bonus: Callable[[str], float] | None = None) -> float:
        """The weighted share of these entities that ``other`` names (in most of its articles).
        ``shared_bonus(name)``: how many times more a name counts when both name it (added on
        both sides of the share, so a name only one of them has costs no more than before)."""
        hit = bonus = 0.0
        names, size = other.entities, other.size
        for name, weight in self.weights:
            if name in names:
                found = weight * min(1.0, 2.0 * names[name] / size)
                hit += found
                if shared_bonus is not None:
                    bonus += found * shared_bonus(name)
        return (hit + bonus) / (self.total + bonus) if self.total else 0.0


class TermSpace:
    """A growing vocabulary with document frequencies and cached per-article sparse rows.

    Terms use sublinear tf (1 + log count) times idf; entities use presence times idf.
    """

    def __init__(self, sublinear: bool = True) -> None:
        self.vocab: dict[str, int] = {}
        self._df = np.zeros(0, dtype=np.float64)
        self._docs = 0
        self._rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._sublinear = sublinear
        self._idf: np.ndarray | None = None

    def encode(self, key: str, counts: Mapping[str, float] | list[str]) -> tuple[np.ndarray, np.ndarray]:
        row = self._rows.get(key)
        if row is None:
            items = counts.items() if isinstance(counts, Mapping) else ((c, 1) for c in counts)
            ids, values = [], []
            for term, count in items:
                if count > 0:
                    ids.append(self.vocab.setdefault(term, len(self.vocab)))
                    values.append(1.0 + math.log(count) if self._sublinear else 1.0)
            row = (np.array(ids, dtype=np.int64), np.array(values, dtype=np.float64))
            self._rows[key] = row
        return row

    def count(self, key: str, counts: Mapping[str, float] | list[str]) -> None:
        """Add one document to the frequencies."""
        ids, _ = self.encode(key, counts)
        if len(self.vocab) > len(self._df):
            grown = np.zeros(max(1024, 2 * len(self.vocab)))
            grown[: len(self._df)] = self._df
            self._df = grown
        self._df[ids] += 1
        self._docs += 1
        self._idf = None

    def forget(self, key: str) -> None:
        self._rows.pop(key, None)

    def idf(self) -> np.ndarray:
        if self._idf is None or len(self._idf) < len(self.vocab):
            df = np.zeros(len(self.vocab))
            known = min(len(df), len(self._df))
            df[:known] = self._df[:known]
            self._idf = np.log((self._docs + 1) / (df + 1)) + 1.0
        return self._idf

    def weight(self, term: str) -> float:
        index = self.vocab.get(term)
        idf = self.idf()
        return float(idf[index]) if index is not None and index < len(idf) else 1.0

    def matrix(self, rows: list[tuple[np.ndarray, np.ndarray]], unit: bool) -> sparse.csr_matrix:
        idf = self.idf()
        indices = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
        data = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0)
        data = data * idf[indices]
        indptr = np.concatenate([[0], np.cumsum([len(r[0]) for r in rows])])
        matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(1, len(idf))))
        if unit:
            norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
            matrix.data = matrix.data / np.repeat(np.maximum(norms, 1e-12), np.diff(matrix.indptr))
        return matrix


def logit_matrix(
    a: list[ArticleFeatures],
    b: list[ArticleFeatures],
    terms: TermSpace | None = None,
    entities: TermSpace | None = None,
    mu_a: np.ndarray | None = None,
    mu_b: np.ndarray | None = None,
) -> np.ndarray:
    """Same-event logits for every pair (a_i, b_j); > 0 means "same happening".

    ``terms``/``entities`` carry the corpus vocabulary and idf (fresh spaces mean idf = 1).
    ``mu`` is each article's local density (mean cosine to its nearest neighbours in the
    corpus): in a crowded neighbourhood (many similar incidents) the bar is raised.
    """
    space = _space(a, b, terms, entities, mu_a, mu_b)
    return space.logits(slice(0, len(a)), slice(len(a), len(a) + len(b)))


def pair_features(
    a: list[ArticleFeatures],
    b: list[ArticleFeatures],
    terms: TermSpace | None = None,
    entities: TermSpace | None = None,
    mu_a: np.ndarray | None = None,
    mu_b: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The evidence matrices (one value per pair a_i, b_j) that ``logit_matrix`` weighs with
    ``WEIGHTS``: ``dense`` and ``lead`` MiniLM cosines, ``sparse`` tf-idf cosine, ``entity``
    overlap, the pair's mean local ``density``, and the ``gap`` in days beyond the slack."""
    return _space(a, b, terms, entities, mu_a, mu_b).features(slice(0, len(a)), slice(len(a), len(a) + len(b)))


def _space(a, b, terms, entities, mu_a, mu_b) -> PairSpace:
    mu = None
    if mu_a is not None or mu_b is not None:
        mu = np.concatenate([
            np.full(len(a), MU_DEFAULT) if mu_a is None else mu_a,
            np.full(len(b), MU_DEFAULT) if mu_b is None else mu_b,
        ])
    return PairSpace(a + b, terms, entities, mu)


def pair_logits(
    a: list[ArticleFeatures],
    b: list[ArticleFeatures],
    terms: TermSpace,
    entities: TermSpace,
    mu_a: np.ndarray,
    mu_b: np.ndarray,
) -> np.ndarray:
    """The logit of each aligned pair (a_k, b_k): the diagonal of ``logit_matrix(a, b)`` at a
    cost that grows with the number of pairs, not with their product. An article listed in
    several pairs is encoded once (the linker checks each batch article against many events)."""
    if not a:
        return np.zeros(0)
    # keyed by object (not article id: a re-ingested article has another version) and density
    slot: dict[tuple[int, float], int] = {}
    unique: list[ArticleFeatures] = []
    mu: list[float] = []
    index = []
    for item, value in zip(a + b, np.concatenate([mu_a, mu_b]).tolist(), strict=True):
        key = (id(item), value)
        if key not in slot:
            slot[key] = len(unique)
            unique.append(item)
            mu.append(value)
        index.append(slot[key])
    space = PairSpace(unique, terms, entities, np.array(mu))
    rows = np.array(index)
    left, right = rows[: len(a)], rows[len(a) :]
    return space.unread(weigh(space.aligned(left, right)), space.readable[left] & space.readable[right])


class PairSpace:
    """The per-article parts of the pair evidence of one list of articles, built once: the
    evidence of any block of its pairs (``features``) or of aligned pairs (``aligned``) then
    costs only that block's products, so the linker can score a region's pairs band by band.

    ``reach`` bounds how far apart in days two articles can be and still have a positive logit:
    every other evidence is replaced by its largest possible contribution (cosines of vectors of
    norm at most r lie in [-r^2, r^2], the tf-idf cosine of unit rows in [-1, 1], the entity
    overlap in [0, 1]); density and day gap are exact.
    """

    def __init__(
        self,
        items: list[ArticleFeatures],
        terms: TermSpace | None = None,
        entities: TermSpace | None = None,
        mu: np.ndarray | None = None,
    ) -> None:
        terms = terms if terms is not None else TermSpace()
        entities = entities if entities is not None else TermSpace(sublinear=False)
        self.dense = np.stack([x.embedding for x in items])
        self.lead = np.stack([x.lead_embedding for x in items])
        self.terms = _compact(terms.matrix([terms.encode(x.article_id, x.terms) for x in items], True))
        weights = entities.matrix([entities.encode(x.article_id, x.entities) for x in items], False)
        main = [entities.vocab.get(x.main_person, -1) if x.main_person else -1 for x in items]
        self.has_main = np.array([column >= 0 for column in main], dtype=bool)
        main_columns = np.array([column for column in main if column >= 0], dtype=np.int64)
        main_matrix = sparse.csr_matrix(
            (np.ones(len(main_columns)), main_columns, np.concatenate([[0], np.cumsum(self.has_main)])),
            shape=weights.shape,
        )
        lead_rows = [[entities.vocab[name] for name in x.lead_people if name in entities.vocab] for x in items]
        lead_matrix = sparse.csr_matrix(
            (np.ones(sum(map(len, lead_rows))), np.array([c for row in lead_rows for c in row], dtype=np.int64),
             np.concatenate([[0], np.cumsum([len(row) for row in lead_rows])])),
            shape=weights.shape,
        )
        self.has_lead = np.array([bool(row) for row in lead_rows], dtype=bool)
        self.weights, self.main, self.lead_people = _compact(weights, main_matrix, lead_matrix)
        self.present = (self.weights > 0).astype(np.float64)
        self.mass = np.asarray(self.weights.sum(axis=1)).ravel()
        self.mu = np.full(len(items), MU_DEFAULT) if mu is None else np.maximum(np.asarray(mu, dtype=np.float64), MU_FLOOR)
        self.days = np.array([_ordinal(x.event_date) for x in items], dtype=float)
        self.published = np.array([_ordinal(x.published) for x in items], dtype=float)
        self.not_before = np.array([_ordinal(x.not_before) for x in items], dtype=float)
        self.readable = np.array([readable(x.language) for x in items], dtype=bool)

    def __len__(self) -> int:
        return len(self.days)

    def features(self, rows: slice | np.ndarray, cols: slice | np.ndarray) -> dict[str, np.ndarray]:
        """``pair_features`` of every pair (rows_i, cols_j) of this space."""
        return _evidence(
            self.dense[rows] @ self.dense[cols].T,
            self.lead[rows] @ self.lead[cols].T,
            (self.terms[rows] @ self.terms[cols].T).toarray(),
            (
                (self.weights[rows] @ self.present[cols].T).toarray(),  # a's entity weight b names
                (self.present[rows] @ self.weights[cols].T).toarray(),
                self.mass[rows][:, None],
                self.mass[cols][None, :],
            ),
            self.mu[rows][:, None] + self.mu[cols][None, :],
            _gap(self.days[rows][:, None], self.days[cols][None, :],
                 self.published[rows][:, None], self.published[cols][None, :],
                 self.not_before[rows][:, None], self.not_before[cols][None, :]),
            (
                (self.main[rows] @ self.present[cols].T).toarray(),
                (self.present[rows] @ self.main[cols].T).toarray(),
                self.has_main[rows][:, None] & self.has_main[cols][None, :],
            ),
            (
                (self.lead_people[rows] @ self.lead_people[cols].T).toarray(),
                self.has_lead[rows][:, None] & self.has_lead[cols][None, :],
            ),
        )

    def logits(self, rows: slice | np.ndarray, cols: slice | np.ndarray) -> np.ndarray:
        """Same-event logits of every pair (rows_i, cols_j)."""
        both = self.readable[rows][:, None] & self.readable[cols][None, :]
        return self.unread(weigh(self.features(rows, cols)), both)

    @staticmethod
    def unread(logits: np.ndarray, both_readable: np.ndarray) -> np.ndarray:
        """Logits with every pair the models cannot read (an article in another language than
        the models') set to ``UNREAD_LOGIT``: its similarity evidence means nothing."""
        return np.where(both_readable, logits, UNREAD_LOGIT)

    def band(self, blocks: list[tuple[int, int, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """``logits`` of blocks of consecutive rows, each against its own columns: ``blocks``
        lists (start, stop, columns) and covers every row once, in order. Returns (columns,
        logits), both (rows x widest block): row p's logit with article columns[p, j], or
        column -1 (logit NaN) past the end of p's block.

        The sparse products of all blocks are one product each: block c's rows and columns
        use a copy of the vocabulary of their own (indices shifted by c times its width), so
        pairs across blocks share no column and are never computed; one call instead of one
        per block saves scipy's overhead, and each pair's sum runs in the same order.
        """
        count = len(self)
        width = max(len(cols) for _, _, cols in blocks)
        columns = np.full((count, width), -1, dtype=np.int64)
        dense = np.zeros((count, width), dtype=self.dense.dtype)
        lead = np.zeros((count, width), dtype=self.lead.dtype)
        for start, stop, cols in blocks:
            columns[start:stop, : len(cols)] = cols
            dense[start:stop, : len(cols)] = self.dense[start:stop] @ self.dense[cols].T
            lead[start:stop, : len(cols)] = self.lead[start:stop] @ self.lead[cols].T
        block_of = np.repeat(np.arange(len(blocks)), [stop - start for start, stop, _ in blocks])
        stacked = np.concatenate([cols for _, _, cols in blocks])
        offset = np.concatenate([[0], np.cumsum([len(cols) for _, _, cols in blocks])])
        stacked_block = np.repeat(np.arange(len(blocks)), np.diff(offset))

        def product(left: sparse.csr_matrix, right: sparse.csr_matrix) -> np.ndarray:
            """left's rows times right's (stacked) column rows, block by block, in band layout."""
            shift = left.shape[1]
            a = _shifted(left, block_of, shift, len(blocks))
            b = _shifted(right[stacked], stacked_block, shift, len(blocks))
            out = (a @ b.T).tocsr()
            rows = np.repeat(np.arange(count), np.diff(out.indptr))
            values = np.zeros((count, width))
            values[rows, out.indices - offset[block_of[rows]]] = out.data
            return values

        valid = columns >= 0
        safe = np.where(valid, columns, 0)
        evidence = _evidence(
            dense,
            lead,
            product(self.terms, self.terms),
            (
                product(self.weights, self.present),
                product(self.present, self.weights),
                self.mass[:, None],
                self.mass[safe],
            ),
            self.mu[:, None] + self.mu[safe],
            _gap(self.days[:, None], self.days[safe], self.published[:, None], self.published[safe],
                 self.not_before[:, None], self.not_before[safe]),
            (product(self.main, self.present), product(self.present, self.main),
             self.has_main[:, None] & self.has_main[safe]),
            (product(self.lead_people, self.lead_people), self.has_lead[:, None] & self.has_lead[safe]),
        )
        logits = self.unread(weigh(evidence), self.readable[:, None] & self.readable[safe])
        return columns, np.where(valid, logits, np.nan)

    def aligned(self, rows: np.ndarray, cols: np.ndarray) -> dict[str, np.ndarray]:
        """``pair_features`` of each aligned pair (rows_k, cols_k) of this space."""
        weights_a, weights_b = self.weights[rows], self.weights[cols]
        return _evidence(
            np.einsum("ij,ij->i", self.dense[rows], self.dense[cols]),
            np.einsum("ij,ij->i", self.lead[rows], self.lead[cols]),
            _rowwise(self.terms[rows], self.terms[cols]),
            (
                _rowwise(weights_a, self.present[cols]),
                _rowwise(self.present[rows], weights_b),
                self.mass[rows],
                self.mass[cols],
            ),
            self.mu[rows] + self.mu[cols],
            _gap(self.days[rows], self.days[cols], self.published[rows], self.published[cols],
                 self.not_before[rows], self.not_before[cols]),
            (
                _rowwise(self.main[rows], self.present[cols]),
                _rowwise(self.present[rows], self.main[cols]),
                self.has_main[rows] & self.has_main[cols],
            ),
            (_rowwise(self.lead_people[rows], self.lead_people[cols]), self.has_lead[rows] & self.has_lead[cols]),
        )

    def reach(self) -> np.ndarray:
        """Per article, a day gap beyond which its logit with any article of this space is <= 0
        (see the class docstring); inf for an undated article (a gap with it costs nothing)."""
        if not len(self):
            return np.zeros(0)
        cap = (BIAS + REACH_ROUNDING + max(0.0, WEIGHTS["entity"]) + abs(WEIGHTS["sparse"])
               + max(0.0, WEIGHTS["person"]) + max(0.0, WEIGHTS["lead_person"]))
        for name, vectors in (("dense", self.dense), ("lead", self.lead)):
            norm = float(np.max(np.einsum("ij,ij->i", vectors, vectors, dtype=np.float64)))
            cap += abs(WEIGHTS[name]) * norm
        # the density half of the pair's evidence that is largest for each article
        partner = self.mu.min() if WEIGHTS["density"] < 0 else self.mu.max()
        best = cap + WEIGHTS["density"] * 0.5 * (self.mu + partner)
        if WEIGHTS["gap"] >= 0:
            return np.full(len(self), np.inf)
        days = SAME_DAY_SLACK + np.maximum(0.0, best) / -WEIGHTS["gap"]
        # the gap is also read between publication days, which lie this far from the event days
        shift = np.nan_to_num(np.abs(self.published - self.days), nan=0.0)
        days = days + shift + float(shift.max())
        return np.where(np.isnan(self.days), np.inf, days)


def _compact(*matrices: sparse.csr_matrix) -> Any:
    """The same rows over only the columns they use: a product with a transpose converts it
    at a cost that grows with its width, the whole vocabulary of the corpus. Several matrices
    over one vocabulary keep one shared column space (one matrix in, one out). The columns are
    renumbered through a table as wide as the vocabulary: linear, where sorting the indices
    (``np.unique``, ``np.searchsorted``) took a sixth of a backfill's linking time."""
    vocabulary = max(matrix.shape[1] for matrix in matrices)
    seen = np.zeros(vocabulary, dtype=bool)
    for matrix in matrices:
        seen[matrix.indices] = True
    used = np.flatnonzero(seen)
    renumber = np.zeros(vocabulary, dtype=np.int64)
    renumber[used] = np.arange(len(used))
    width = max(1, len(used))
    out = [
        sparse.csr_matrix((matrix.data, renumber[matrix.indices], matrix.indptr), shape=(matrix.shape[0], width))
        for matrix in matrices
    ]
    return out[0] if len(out) == 1 else tuple(out)


def _shifted(matrix: sparse.csr_matrix, block: np.ndarray, shift: int, blocks: int) -> sparse.csr_matrix:
    """``matrix`` with row r's column indices moved to the block[r]-th copy of its columns."""
    indices = matrix.indices + np.repeat(block * shift, np.diff(matrix.indptr))
    return sparse.csr_matrix((matrix.data, indices, matrix.indptr), shape=(matrix.shape[0], shift * blocks))


def _rowwise(x: sparse.csr_matrix, y: sparse.csr_matrix) -> np.ndarray:
    return np.asarray(x.multiply(y).sum(axis=1)).ravel()


def _gap(
    day_a: np.ndarray, day_b: np.ndarray, published_a: np.ndarray, published_b: np.ndarray,
    not_before_a: np.ndarray, not_before_b: np.ndarray,
) -> np.ndarray:
    """Days between two articles: between their event days, or between their publication days
    when those are closer. A report that dates the happening ("died Saturday") and one that
    does not (dated by its publication, days later) are still close in time. With one side
    undated, the days by which the dated one precedes the earliest day the undated one can be
    from (``features.not_before``: it names a later year), else 0; NaN if nothing is known."""
    gap = np.fmin(np.abs(day_a - day_b), np.abs(published_a - published_b))
    with np.errstate(invalid="ignore"):
        before = np.fmax(not_before_a - published_b, not_before_b - published_a)
    return np.where(np.isnan(gap) & ~np.isnan(before), np.maximum(before, 0.0), gap)


def days_apart(a: ArticleFeatures, b: ArticleFeatures) -> float:
    """The day gap the linker weighs between two articles (see ``_gap``); NaN if one is undated."""
    return float(_gap(np.array(_ordinal(a.event_date)), np.array(_ordinal(b.event_date)),
                      np.array(_ordinal(a.published)), np.array(_ordinal(b.published)),
                      np.array(_ordinal(a.not_before)), np.array(_ordinal(b.not_before))))


def _evidence(
    dense: np.ndarray,
    lead: np.ndarray,
    sparse_cos: np.ndarray,
    shared: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    mu_sum: np.ndarray,
    gap: np.ndarray,
    mains: tuple[np.ndarray, np.ndarray, np.ndarray],
    leads: tuple[np.ndarray, np.ndarray],
) -> dict[str, np.ndarray]:
    """Named evidence from its parts; ``shared`` is (weight of a's entities that b names, the
    same for b, a's entity mass, b's entity mass); NaN gaps (a side undated) cost nothing;
    ``mains`` is (b names a's main person, a names b's, both have one): when both have one and
    neither names the other's, the two articles are centred on different people; ``leads`` is
    (people both articles' headlines and first sentences name, both name someone there)."""
    shared_a, shared_b, mass_a, mass_b = shared
    a_in_b, b_in_a, both_main = mains
    shared_lead, both_lead = leads
    with np.errstate(divide="ignore", invalid="ignore"):
        entity = 0.5 * (shared_a / mass_a + shared_b / mass_b)
    return {
        "dense": dense,
        "lead": lead,
        "sparse": sparse_cos,
        "entity": np.where((mass_a > 0) & (mass_b > 0), entity, NO_ENTITIES),
        "density": 0.5 * mu_sum,
        "gap": np.nan_to_num(np.maximum(0.0, gap - SAME_DAY_SLACK), nan=0.0),
        "person": (both_main & (a_in_b <= 0) & (b_in_a <= 0)).astype(np.float64),
        "lead_person": (both_lead & (shared_lead <= 0)).astype(np.float64),
    }


def weigh(evidence: Mapping[str, np.ndarray]) -> np.ndarray:
    """The same-event logit: the ``WEIGHTS``-weighted sum of ``pair_features`` evidence plus ``BIAS``."""
    logit = np.full(np.shape(evidence["dense"]), BIAS)
    for name, value in evidence.items():
        logit = logit + WEIGHTS[name] * value
    return logit


def _ordinal(day: str | None) -> float:
    parsed = parse_day(day)
    return float(parsed.toordinal()) if parsed else math.nan


def _as_input(record: Mapping[str, Any], fallback_id: str) -> LinkInput:
    """A record to compare; a record that is no mapping, or has neither title nor text, is an
    error (two empty records would look alike: their embeddings are the same)."""
    if not isinstance(record, Mapping):
        raise TypeError(f"record_{fallback_id} must be an article record (a dict), not {type(record).__name__}")
    if not any(isinstance(record.get(key), str) and record[key].strip() for key in ("title", "body", "text")):
        raise ValueError(f"record_{fallback_id} has no title, body or text to compare")
    return LinkInput(
        article_id=str(record.get("id") or fallback_id),
        title=record.get("title"),
        body=record.get("body") or record.get("text") or "",
        published=record.get("published"),
        outlet=record.get("outlet"),
        credits=list(record.get("credits") or []),
        entities=entity_names(list(record.get("entities") or [])),
        language=record.get("language") or "en",
    )


def same_event_score(record_a: Mapping[str, Any], record_b: Mapping[str, Any], *, embedder=None) -> float:
    """Graded score in [0, 1] that two article records report the same happening (0.5: even odds).

    Records are dicts with ``body`` (or ``text``) and optionally ``title``, ``published``,
    ``entities``; see the module docstring for how the score is made.
    """
    a, b = article_features([_as_input(record_a, "a"), _as_input(record_b, "b")], embedder=embedder)
    dense = 0.5 * (float(a.embedding @ b.embedding) + float(a.lead_embedding @ b.lead_embedding))
    score = max(0.0, 0.5 + dense - PAIR_CENTER)
    names_a, names_b = set(a.entities), set(b.entities)
    if names_a and names_b:
        jaccard = len(names_a & names_b) / len(names_a | names_b)
        score += PAIR_W_ENTITY * (jaccard - PAIR_ENTITY_BASE)
    gap = days_apart(a, b)
    if not math.isnan(gap):
        score -= min(PAIR_MAX_DATE_PENALTY, PAIR_DATE_PENALTY * max(0.0, gap - SAME_DAY_SLACK))
    return min(1.0, max(0.0, score))
