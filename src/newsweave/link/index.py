"""Nearest-neighbour structures of the event linker: event centroids and article density.

Hand-written over numpy because the linker needs two things off-the-shelf ANN libraries do not
give together: rows that are updated in place as events grow (a centroid moves with every new
member) and a date-window filter applied before the top-k, with exact results so that linking
does not depend on index build order.
"""

from __future__ import annotations

import numpy as np

from newsweave.link.score import MU_DEFAULT, Profile

DENSITY_K = 10  # neighbours that define an article's local density


class DenseIndex:
    """Event centroids in one growing numpy matrix, with each event's date span."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._first = np.zeros(0, dtype=np.int64)  # date ordinals, -1 when undated
        self._last = np.zeros(0, dtype=np.int64)

    def upsert(self, event_id: str, profile: Profile) -> None:
        row = self._row.get(event_id)
        if row is None:
            row = len(self._ids)
            if row >= len(self._alive):
                self._grow(max(64, 2 * len(self._alive)), profile.vector.shape[0])
            self._ids.append(event_id)
            self._row[event_id] = row
        self._matrix[row] = profile.centroid()
        self._alive[row] = True
        self._first[row] = profile.first.toordinal() if profile.first else -1
        self._last[row] = profile.last.toordinal() if profile.last else -1

    def remove(self, event_id: str) -> None:
        row = self._row.pop(event_id, None)
        if row is not None:
            self._alive[row] = False

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

    def nearest(self, vector: np.ndarray, day: int | None, k: int, window: int | None) -> list[str]:
        n = len(self._ids)
        if n == 0:
            return []
        sims = self._matrix[:n] @ vector.astype(np.float32)  # float64 would copy the matrix
        ok = self._alive[:n].copy()
        if day is not None and window is not None:
            dated = self._first[:n] >= 0
            near = (self._first[:n] - window <= day) & (day <= self._last[:n] + window)
            ok &= ~dated | near
        sims = np.where(ok, sims, -np.inf)
        k = min(k, int(ok.sum()))
        if k <= 0:
            return []
        top = np.argpartition(-sims, k - 1)[:k]
        return [self._ids[i] for i in top[np.argsort(-sims[top])]]


class Density:
    """Each article's mean cosine to its nearest neighbours, kept exact as articles arrive."""

    def __init__(self) -> None:
        self._row: dict[str, int] = {}
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._top = np.zeros((0, DENSITY_K), dtype=np.float32)  # -inf where fewer neighbours

    def add(self, ids: list[str], vectors: list[np.ndarray]) -> None:
        if not ids:
            return
        n, new = len(self._row), np.stack(vectors).astype(np.float32)
        old = self._vectors[:n] if n else np.zeros((0, new.shape[1]), dtype=np.float32)
        if n + len(ids) > len(self._vectors):
            capacity = max(64, 2 * (n + len(ids)))
            grown = np.zeros((capacity, new.shape[1]), dtype=np.float32)
            grown[:n] = old
            top = np.full((capacity, DENSITY_K), -np.inf, dtype=np.float32)
            top[:n] = self._top[:n]
            self._vectors, self._top = grown, top
        self._vectors[n : n + len(ids)] = new
        for i, article_id in enumerate(ids):
            self._row[article_id] = n + i
        every = self._vectors[: n + len(ids)]
        for start in range(0, len(ids), 512):  # new rows against everything, in slices
            rows = slice(n + start, n + min(len(ids), start + 512))
            sims = new[start : start + 512] @ every.T
            sims[np.arange(sims.shape[0]), np.arange(rows.start, rows.stop)] = -np.inf
            self._top[rows] = _top_k(sims)
        if n:  # old rows gain the new articles as neighbours
            sims = old @ new.T
            touched = np.nonzero(sims.max(axis=1) > self._top[:n, -1])[0]
            if len(touched):
                both = np.concatenate([self._top[touched], sims[touched]], axis=1)
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
