"""Nearest-neighbour structures of the event linker: event centroids and article density.

Hand-written over numpy because the linker needs two things off-the-shelf ANN libraries do not
give together: rows that are updated in place as events grow (a centroid moves with every new
member) and a date-window filter applied before the top-k, with exact results so that linking
does not depend on index build order.

The cost of a dated query must not grow with the corpus, so dated rows are also filed in
coarse date buckets (every bucket their date span touches): a dated query scores only the rows
of the buckets its window touches, plus the undated rows, instead of every row. Rows of removed
events are reused, so the matrix holds about as many rows as there are live events.
"""

from __future__ import annotations

import numpy as np

from newsweave.link.score import MU_DEFAULT, Profile

DENSITY_K = 10  # neighbours that define an article's local density
DENSITY_WINDOW_DAYS = 10  # a dated article's density neighbours: dated articles this close
DENSITY_SAMPLE = 4096  # undated articles' density neighbours: the first this many undated ones
BUCKET_DAYS = 8  # width of a date bucket: a 10-day window touches 3 or 4 buckets
UNDATED = -1  # the bucket of undated rows (dated buckets are >= 0: ordinals are positive)


class DenseIndex:
    """Event centroids in one growing numpy matrix, with each event's date span."""

    def __init__(self) -> None:
        self._ids: list[str | None] = []  # by row; None for a free row
        self._row: dict[str, int] = {}
        self._free: list[int] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._first = np.zeros(0, dtype=np.int64)  # date ordinals, -1 when undated
        self._last = np.zeros(0, dtype=np.int64)
        self._buckets: dict[int, set[int]] = {}  # date bucket -> dated rows whose span touches it
        self._arrays: dict[int, np.ndarray] = {}  # the same as arrays, made when first queried

    def __len__(self) -> int:
        return len(self._row)

    def upsert(self, event_id: str, profile: Profile) -> None:
        row = self._row.get(event_id)
        if row is None:
            if self._free:
                row = self._free.pop()
                self._ids[row] = event_id
            else:
                row = len(self._ids)
                if row >= len(self._alive):
                    self._grow(max(64, 2 * len(self._alive)), profile.vector.shape[0])
                self._ids.append(event_id)
            self._row[event_id] = row
        else:
            self._unfile(row)
        self._matrix[row] = profile.centroid()
        self._alive[row] = True
        self._first[row] = profile.first.toordinal() if profile.first else -1
        self._last[row] = profile.last.toordinal() if profile.last else -1
        self._file(row)

    def remove(self, event_id: str) -> None:
        row = self._row.pop(event_id, None)
        if row is not None:
            self._unfile(row)
            self._alive[row] = False
            self._ids[row] = None
            self._free.append(row)

    def _spanned(self, row: int) -> range:
        return range(int(self._first[row]) // BUCKET_DAYS, int(self._last[row]) // BUCKET_DAYS + 1)

    def _file(self, row: int) -> None:
        buckets = self._spanned(row) if self._first[row] >= 0 else [UNDATED]
        for bucket in buckets:
            self._buckets.setdefault(bucket, set()).add(row)
            self._arrays.pop(bucket, None)

    def _unfile(self, row: int) -> None:
        buckets = self._spanned(row) if self._first[row] >= 0 else [UNDATED]
        for bucket in buckets:
            rows = self._buckets[bucket]
            rows.discard(row)
            self._arrays.pop(bucket, None)
            if not rows:
                del self._buckets[bucket]

    def _bucket(self, bucket: int) -> np.ndarray:
        rows = self._arrays.get(bucket)
        if rows is None:
            rows = self._arrays[bucket] = np.fromiter(self._buckets.get(bucket, ()), dtype=np.int64)
        return rows

    def _grow(self, capacity: int, dim: int) -> None:
        matrix = np.zeros((capacity, dim), dtype=np.float32)
        if len(self._matrix):
            matrix[: len(self._matrix)] = self._matrix
        self._matrix = matrix
        for name in ("_alive", "_first", "_last"):
            old = getattr(self, name)
            new = np.zeros(capacity, dtype=old.dtype) if name == "_alive" else -np.ones(capacity, dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def _candidates(self, day: int, window: int) -> np.ndarray:
        """Rows an event within ``window`` days of ``day`` may be in (a superset), ascending."""
        spanned = range((day - window) // BUCKET_DAYS, (day + window) // BUCKET_DAYS + 1)
        rows = np.sort(np.concatenate([self._bucket(UNDATED)] + [self._bucket(b) for b in spanned]))
        # a row spanning several buckets comes once (np.unique's hashing is slower on these sizes)
        return rows[np.concatenate(([True], rows[1:] != rows[:-1]))] if len(rows) else rows

    def nearest(self, vector: np.ndarray, day: int | None, k: int, window: int | None) -> list[str]:
        """The ``k`` events most similar to ``vector`` (cosine), best first; ties go to the
        earlier row. With ``day`` and ``window`` only undated events and events whose date span
        comes within ``window`` days of ``day`` are returned."""
        return self.nearest_many(vector[None, :], [day], k, window)[0]

    def nearest_many(
        self, vectors: np.ndarray, days: list[int | None], k: int, window: int | None
    ) -> list[list[str]]:
        """``nearest`` for several queries at once (one matrix product for the undated ones)."""
        vectors = np.asarray(vectors, dtype=np.float32)  # float64 would copy the matrix
        if not self._row:
            return [[] for _ in days]
        results: list[list[str] | None] = [None] * len(days)
        unbounded = [q for q, day in enumerate(days) if day is None or window is None]
        if unbounded:
            n = len(self._ids)
            rows = np.flatnonzero(self._alive[:n])
            sims = vectors[unbounded] @ self._matrix[:n].T
            if len(rows) < n:
                sims = sims[:, rows]
            for q, row_sims in zip(unbounded, sims, strict=True):
                results[q] = self._top(rows, row_sims, k)
        for q, day in enumerate(days):
            if results[q] is None and day is not None and window is not None:
                rows = self._candidates(day, window)
                near = (self._first[rows] - window <= day) & (day <= self._last[rows] + window)
                rows = rows[near | (self._first[rows] < 0)]
                results[q] = self._top(rows, self._matrix[rows] @ vectors[q], k)
        return [r if r is not None else [] for r in results]

    def _top(self, rows: np.ndarray, sims: np.ndarray, k: int) -> list[str]:
        """Ids of the ``k`` best rows by similarity, ties broken by row."""
        if k <= 0 or not len(rows):
            return []
        if len(rows) > k:
            # everything tied with the k-th best stays in, so the tie-break below is exact
            kth = np.partition(sims, len(sims) - k)[len(sims) - k]
            keep = np.flatnonzero(sims >= kth)
            rows, sims = rows[keep], sims[keep]
        order = np.lexsort((rows, -sims))[:k]
        return [self._ids[r] for r in rows[order]]  # type: ignore[misc]


class Density:
    """Each article's mean cosine to its nearest comparable articles, kept exact as they arrive.

    An exact top-k over every stored article costs O(corpus) per article, so neighbours are
    bounded by date: a dated article's neighbours are the dated articles within
    ``DENSITY_WINDOW_DAYS`` days of it plus the undated *reference* articles (the first
    ``DENSITY_SAMPLE`` undated ones, which, like undated events, count as near every date and
    see every article); any later undated article's neighbours are the reference articles. The
    relation is symmetric, so each new article's query also updates the earlier articles it
    meets. The work per article depends on how many articles a window holds, not on the corpus
    (except for the few reference articles).
    """

    def __init__(self) -> None:
        self._row: dict[str, int] = {}
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._top = np.zeros((0, DENSITY_K), dtype=np.float32)  # -inf where fewer neighbours
        self._by_day: dict[int, list[int]] = {}  # day ordinal -> dated rows
        self._reference: list[int] = []  # rows of the undated reference articles

    def add(self, ids: list[str], vectors: list[np.ndarray], days: list[int | None]) -> None:
        """Store new articles (``days``: date ordinals, None when undated) and update the
        neighbours of the earlier articles they meet."""
        if not ids:
            return
        n, new = len(self._row), np.stack(vectors).astype(np.float32)
        if n + len(ids) > len(self._vectors):
            capacity = max(64, 2 * (n + len(ids)))
            grown = np.zeros((capacity, new.shape[1]), dtype=np.float32)
            if n:
                grown[:n] = self._vectors[:n]
            top = np.full((capacity, DENSITY_K), -np.inf, dtype=np.float32)
            top[:n] = self._top[:n]
            self._vectors, self._top = grown, top
        self._vectors[n : n + len(ids)] = new
        sees_all = set()  # new reference articles
        for i, (article_id, day) in enumerate(zip(ids, days, strict=True)):
            self._row[article_id] = n + i
            if day is not None:
                self._by_day.setdefault(day, []).append(n + i)
            elif len(self._reference) < DENSITY_SAMPLE:
                self._reference.append(n + i)
                sees_all.add(i)
        reference = np.array(self._reference, dtype=np.int64)
        for i, day in enumerate(days):
            rows = np.arange(n + len(ids)) if i in sees_all else reference
            if day is not None:
                window = range(day - DENSITY_WINDOW_DAYS, day + DENSITY_WINDOW_DAYS + 1)
                dated = np.fromiter((r for d in window for r in self._by_day.get(d, ())), dtype=np.int64)
                rows = np.concatenate([dated, rows])
            rows = rows[rows != n + i]
            if not len(rows):
                continue
            sims = self._vectors[rows] @ new[i]
            self._top[n + i] = _top_k(sims[None, :])[0]
            # new rows meet this article in their own query; earlier rows gain it here
            gains = (rows < n) & (sims > self._top[rows, -1])
            if gains.any():
                touched = rows[gains]
                both = np.concatenate([self._top[touched], sims[gains, None]], axis=1)
                self._top[touched] = _top_k(both)

    def mu(self, ids: list[str]) -> np.ndarray:
        top = self._top[[self._row[i] for i in ids]]
        finite = np.isfinite(top)
        counts = finite.sum(axis=1)
        sums = np.where(finite, top, 0.0).sum(axis=1)
        return np.where(counts > 0, sums / np.maximum(counts, 1), MU_DEFAULT)


def _top_k(sims: np.ndarray) -> np.ndarray:
    """The DENSITY_K largest values per row, sorted descending (padded with -inf)."""
    if sims.shape[1] < DENSITY_K:
        sims = np.concatenate(
            [sims, np.full((sims.shape[0], DENSITY_K - sims.shape[1]), -np.inf, dtype=sims.dtype)], axis=1
        )
    part = np.partition(-sims, DENSITY_K - 1, axis=1)[:, :DENSITY_K]
    return -np.sort(part, axis=1)
