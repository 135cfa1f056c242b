"""Token 4-gram shingle precision / recall / F1, as used by the article-extraction-benchmark.

Re-implemented from the benchmark's description (tokens are ``\\w+`` matches; each document
gets TP/FP/FN over bags of token 4-gram shingles, normalised to sum to 1 so long documents do
not weigh more; P and R are macro-averaged over documents; F1 = 2PR/(P+R)). No library
ships this exact metric, hence the hand-written module; other benchmarks import it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Counts:
    """Per-document shingle counts, normalised so that tp + fp + fn == 1 (or all 0)."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True)
class Scores:
    f1: float
    precision: float
    recall: float
    documents: int


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Bag of token n-grams; a text shorter than ``n`` tokens is a single short shingle."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def match(gold: str, predicted: str, n: int = 4) -> Counts:
    """Shingle TP/FP/FN of one document."""
    true_bag, pred_bag = shingles(gold, n), shingles(predicted, n)
    tp = sum((true_bag & pred_bag).values())
    fp = sum((pred_bag - true_bag).values())
    fn = sum((true_bag - pred_bag).values())
    total = tp + fp + fn
    if total == 0:
        return Counts(0.0, 0.0, 0.0)
    return Counts(tp / total, fp / total, fn / total)


def _precision(c: Counts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fp) if c.tp + c.fp else 0.0


def _recall(c: Counts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    return c.tp / (c.tp + c.fn) if c.tp + c.fn else 0.0


def aggregate(counts: Iterable[Counts]) -> Scores:
    """Macro-average P (over documents with a prediction) and R (over documents with gold)."""
    items = list(counts)
    precisions = [_precision(c) for c in items if c.tp + c.fp > 0]
    recalls = [_recall(c) for c in items if c.tp + c.fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(f1=f1, precision=p, recall=r, documents=len(items))


def score_pairs(pairs: Iterable[tuple[str, str]]) -> Scores:
    """Score (gold, predicted) body pairs."""
    return aggregate(match(gold, predicted) for gold, predicted in pairs)
