"""Learned line classifier for plain-text page dumps: features and the shipped model.

Each line of a dump gets a feature vector (its own shape: size, words, stopword density,
sentence shape, capitals, digits, separators, the furniture rule that claimed it, its jusText
class; its place in the page and in the rule-based article block; windowed averages over its
neighbours; and page-level context: how often the line repeats on the page, how far it is from
the nearest prose line and from the repeated headline, its size against the page's prose,
whether it opens with a furniture word, how much prose follows, and the length of the run of
same-shaped lines it sits in) and the model gives the probability that the line belongs to
the article body.

A second pass (``SECOND``, a second set of trees reading the same row plus these columns)
looks at the first pass's probabilities around each line (its neighbours at one and two lines,
windowed means, the best neighbour within three lines), the article block they decode and the
probable prose before and after the line, and at two shapes of end-of-article furniture the
first pass kept too often: runs of headline-shaped lines (other articles' teasers, "more
from" lists: title case, no sentence end) and author bios ("X is a correspondent for ...",
"Follow her on ..."). It is trained on out-of-fold first-pass probabilities, as stacking
needs: on its own training pages the first pass is more confident than on new ones.

The model is trained by ``benchmarks/train_line_model.py`` on whole-page text renderings of
the trafilatura evaluation pages (labels: trafilatura's extraction of the same HTML plus the
set's must-include / must-exclude segments; each page weighs the same and its lines by their
share of its words, like the benchmark's token-weighted, page-averaged shingle F1) and ships
as JSON (``data/line_model.json``: feature names and boosted trees of both passes), so no
pickle is loaded.
scikit-learn trains it; prediction is a few vectorised numpy steps over the exported trees,
written here so the product needs neither scikit-learn at run time nor an unpickling step.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Protocol

import numpy as np

MODEL_FILE = "line_model.json"

# rule verdicts, grouped; the metadata reasons keep their own column
REASONS = (
    "date", "byline", "credit", "url", "caption", "navigation", "share", "subscription",
    "legal", "end-marker", "section-label", "comments", "tag-list", "icon-list", "timer",
    "symbols", "repeated-line", "boilerplate-repeat",
)
KINDS = ("good", "near", "short", "bad")
_SHAPE = (
    "log_size", "log_words", "density", "sentence", "ends_colon", "ends_bare", "starts_lower",
    "bullet", "cap_ratio", "digit_ratio", "punct_per_word", "sentences", "separators",
    "upper_ratio", "cjk_share", "link_like", "no_stoplist",
)
# shape features averaged over neighbouring lines
_CONTEXT = ("log_size", "density", "sentence", "good", "reason_none", "bullet", "cap_ratio")
_WINDOWS = (2, 5, 12)
# where the line sits among the page's prose and repeated lines
_PAGE = (
    "repeats", "good_before", "good_after", "from_headline", "size_vs_median", "starter",
    "prose_after", "run_length",
)
FEATURES: tuple[str, ...] = (
    *_SHAPE,
    *(f"reason_{r}" for r in REASONS),
    "reason_none",
    *(f"kind_{k}" for k in KINDS),
    "good",
    "position",
    "prose_before",
    "in_block",
    "block_distance_before",
    "block_distance_after",
    "page_lines",
    "prev_log_size", "next_log_size", "prev_good", "next_good", "prev_reason_none",
    "next_reason_none", "prev_sentence", "next_sentence",
    *(f"win{w}_{name}" for w in _WINDOWS for name in _CONTEXT),
    *_PAGE,
)

_SENTENCE_MARK = re.compile(r"[.!?。！？](?=\s|$)|[。！？]")
_SEPARATOR = re.compile(r"[|»›•·/>]")
_LINK_LIKE = re.compile(r"https?://|www\.|@\w|\.(?:com|org|net|de|html?)\b", re.IGNORECASE)
_PUNCT = re.compile(r"[,.;:、，。；：]")
_WORD = re.compile(r"\w+")
# first words of furniture lines (buttons, labels, recirculation, legal); the rules catch the
# short ones, this lets the model weigh the same openings on longer lines
_STARTERS = frozenset(
    "share related advertisement read more follow sign subscribe click watch photo image source "
    "tags topics comments posted updated published see also previous next back home log join "
    "download get sponsored recommended trending popular latest view listen save copyright all "
    "privacy terms contact about email print loading skip".split()
)
# a repeated line of this many words that does not end like a sentence is the headline
_HEADLINE_WORDS = (4, 30)
# how much of a line's start is compared for repeats
_REPEAT_CHARS = 400
_FAR = 1000


class LineView(Protocol):
    """What the feature extractor reads from a cleaner line."""

    text: str
    sample: str  # the (possibly truncated) content the measures were taken on
    reason: str | None
    kind: str
    sentence: bool
    words: int
    size: int
    density: float
    cjk: int


def _shape(line: LineView, has_stoplist: bool) -> list[float]:
    sample = line.sample
    letters = [c for c in sample if c.isalpha()]
    tokens = sample.split()
    n_tokens = max(len(tokens), 1)
    return [
        math.log1p(line.size),
        math.log1p(line.words),
        line.density,
        float(line.sentence),
        float(sample.endswith(":")),
        float(sample[-1:].isalnum()),
        float(sample[:1].islower()),
        float(line.text[:1] != sample[:1]),
        sum(t[:1].isupper() for t in tokens) / n_tokens,
        sum(c.isdigit() for c in sample) / max(len(sample), 1),
        len(_PUNCT.findall(sample)) / n_tokens,
        math.log1p(len(_SENTENCE_MARK.findall(sample))),
        math.log1p(len(_SEPARATOR.findall(sample))),
        sum(c.isupper() for c in letters) / max(len(letters), 1),
        line.cjk / max(len(sample), 1),
        float(bool(_LINK_LIKE.search(sample))),
        float(not has_stoplist),
    ]


def _shifted(values: np.ndarray, step: int) -> np.ndarray:
    """``values`` moved ``step`` lines down (negative: up), zero-filled: a neighbour's value."""
    out = np.zeros(len(values))
    if step > 0:
        out[step:] = values[:-step]
    elif step < 0:
        out[:step] = values[-step:]
    else:
        out[:] = values
    return out


def _window_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean of each column over rows i-width..i+width (clipped at the page edges)."""
    n = len(values)
    padded = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
    lo = np.clip(np.arange(n) - width, 0, n)
    hi = np.clip(np.arange(n) + width + 1, 0, n)
    return (padded[hi] - padded[lo]) / (hi - lo)[:, None]


def line_features(
    lines: Sequence[LineView], block: tuple[int, int] | None, has_stoplist: bool
) -> np.ndarray:
    """One row of ``FEATURES`` per line; ``block`` is the rule-based article span."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    shape = np.array([_shape(line, has_stoplist) for line in lines], dtype=float)
    reason = np.array([[line.reason == r for r in REASONS] for line in lines], dtype=float)
    reason_none = np.array([line.reason is None for line in lines], dtype=float)
    kind = np.array([[line.kind == k for k in KINDS] for line in lines], dtype=float)
    good = kind[:, 0] * reason_none
    prose = good * np.array([line.size for line in lines], dtype=float)
    position = np.arange(n) / max(n - 1, 1)
    prose_before = (np.cumsum(prose) - prose) / max(prose.sum(), 1.0)
    first, last = block if block is not None else (n, n - 1)
    index = np.arange(n)
    in_block = ((index >= first) & (index <= last)).astype(float)
    before = np.log1p(np.clip(first - index, 0, None))
    after = np.log1p(np.clip(index - last, 0, None)) if block is not None else np.zeros(n)
    page = np.full(n, math.log1p(n))

    names = {name: shape[:, i] for i, name in enumerate(_SHAPE)}
    names["good"] = good
    names["reason_none"] = reason_none
    context = np.column_stack([names[c] for c in _CONTEXT])

    neighbours = [
        _shifted(names["log_size"], 1), _shifted(names["log_size"], -1),
        _shifted(good, 1), _shifted(good, -1),
        _shifted(reason_none, 1), _shifted(reason_none, -1),
        _shifted(names["sentence"], 1), _shifted(names["sentence"], -1),
    ]
    windows = [_window_mean(context, w) for w in _WINDOWS]
    return np.column_stack(
        [
            shape, reason, reason_none, kind, good, position, prose_before, in_block, before,
            after, page, *neighbours, *windows,
            *_page_features(lines, good, names["log_size"], names["bullet"]),
        ]
    )


def _distance_to(flags: np.ndarray, backwards: bool) -> np.ndarray:
    """log(1 + lines since the previous flagged line), or until the next one when backwards."""
    n = len(flags)
    out = np.zeros(n)
    seen = -_FAR
    order = range(n - 1, -1, -1) if backwards else range(n)
    for step, i in enumerate(order):
        out[i] = math.log1p(min(step - seen, _FAR))
        if flags[i]:
            seen = step
    return out


def _page_features(
    lines: Sequence[LineView], good: np.ndarray, log_size: np.ndarray, bullet: np.ndarray
) -> list[np.ndarray]:
    """The ``_PAGE`` columns: repeats, distance to prose and to the headline, size against the
    page's prose, furniture openings, prose still to come, and runs of lines of one shape."""
    n = len(lines)
    norms = [" ".join(_WORD.findall(line.text[:_REPEAT_CHARS].lower())) for line in lines]
    counts = Counter(norms)
    repeats = np.array([math.log1p(counts[t] - 1) if t else 0.0 for t in norms])
    is_good = good > 0
    lo, hi = _HEADLINE_WORDS
    headlines = [
        i for i, t in enumerate(norms)
        if lo <= len(t.split()) <= hi and counts[t] >= 2
        and not lines[i].text.rstrip().endswith((".", ",", ";", ":"))
    ]
    if headlines:
        # the longest repeated title-like line; menus repeat too, but in short items
        head = max(headlines, key=lambda i: (len(norms[i].split()), -i))
        offset = np.arange(n) - head
        from_headline = np.sign(offset) * np.log1p(np.abs(offset))
    else:
        from_headline = np.full(n, np.nan)
    reference = log_size[is_good] if is_good.any() else log_size
    starter = np.array([float(t.split(" ", 1)[0] in _STARTERS) if t else 0.0 for t in norms])
    prose = np.where(is_good, [line.size for line in lines], 0.0)
    prose_after = (prose.sum() - np.cumsum(prose)) / max(prose.sum(), 1.0)
    shape = bullet * 2 + good
    run_length = np.zeros(n)
    start = 0
    for i in range(1, n + 1):
        if i == n or shape[i] != shape[start]:
            run_length[start:i] = math.log1p(i - start)
            start = i
    return [
        repeats, _distance_to(is_good, False), _distance_to(is_good, True), from_headline,
        log_size - np.median(reference), starter, prose_after, run_length,
    ]


# second pass: the first pass's probabilities around each line, the block it decodes, and
# shapes of end-of-article furniture (teaser headlines in a row, author bios)
SECOND: tuple[str, ...] = (
    "p", "p_prev1", "p_next1", "p_prev2", "p_next2", "p_win2", "p_win5", "p_win12",
    "p_sized5", "p_max3", "in_block2", "block2_before", "block2_after", "p_prose_before",
    "p_prose_after", "block2_mean", "headline_shape", "headline_run", "bio",
)
# a line of another article's headline: title case, no sentence end, a headline's length
_HEADLINE_SHAPE_WORDS = (4, 20)
_HEADLINE_CAPS = 0.6
_HEADLINE_REACH = 3
# author bio sentences that close an article (the last helper's error review of kept lines;
# generic newsroom wording, not any page's strings)
_BIO = re.compile(
    r"\b(?:is|was|has been) (?:a|an|the) (?:[\w-]+ ){0,4}?(?:correspondent|reporter|writer|editor|"
    r"columnist|contributor|journalist|author|producer|fellow|professor|analyst)s?\b|"
    r"\bfollow (?:him|her|them|me) on\b|\b(?:contact|reach|email) (?:him|her|them|me) at\b",
    re.IGNORECASE,
)


def _headline_shape(line: LineView) -> float:
    lo, hi = _HEADLINE_SHAPE_WORDS
    if line.sentence or not lo <= line.words <= hi:
        return 0.0
    tokens = [t for t in _WORD.findall(line.sample) if len(t) >= 4]
    if not tokens:
        return 0.0
    return float(sum(t[:1].isupper() for t in tokens) / len(tokens) >= _HEADLINE_CAPS)


def second_features(
    lines: Sequence[LineView], probs: np.ndarray, block: tuple[int, int] | None
) -> np.ndarray:
    """One row of ``SECOND`` per line, from the first pass's probabilities and decoded block."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(SECOND)))
    p = np.asarray(probs, dtype=float)
    size = np.array([line.size for line in lines], dtype=float)

    windows = [_window_mean(p[:, None], w)[:, 0] for w in (2, 5, 12)]
    sized = _window_mean(np.column_stack([p * size, size]), 5)
    near = np.column_stack([_shifted(p, s) for s in (-3, -2, -1, 1, 2, 3)]).max(axis=1)
    first, last = block if block is not None else (n, n - 1)
    index = np.arange(n)
    in_block = ((index >= first) & (index <= last)).astype(float)
    before = np.log1p(np.clip(first - index, 0, None))
    after = np.log1p(np.clip(index - last, 0, None)) if block is not None else np.zeros(n)
    prose = p * size
    total = max(prose.sum(), 1.0)
    prose_before = (np.cumsum(prose) - prose) / total
    prose_after = (total - np.cumsum(prose)) / total if prose.sum() else np.zeros(n)
    block_mean = np.full(n, p[first : last + 1].mean() if block is not None else 0.0)
    shape = np.array([_headline_shape(line) for line in lines])
    # headline-shaped lines within reach: a teaser list is several in a row
    padded = np.concatenate([[0.0], np.cumsum(shape)])
    run = padded[np.minimum(index + _HEADLINE_REACH + 1, n)] - padded[
        np.maximum(index - _HEADLINE_REACH, 0)
    ]
    bio = np.array([float(bool(_BIO.search(line.sample))) for line in lines])
    return np.column_stack(
        [
            p, _shifted(p, 1), _shifted(p, -1), _shifted(p, 2), _shifted(p, -2), *windows,
            sized[:, 0] / np.maximum(sized[:, 1], 1.0), near, in_block, before, after,
            prose_before, prose_after, block_mean, shape, run, bio,
        ]
    )


@dataclass(frozen=True)
class LineModel:
    """Gradient-boosted trees exported from scikit-learn, as flat node arrays.

    ``predict`` sums every tree's leaf value plus ``baseline`` and applies the logistic link,
    as scikit-learn's ``HistGradientBoostingClassifier`` does for a binary target.
    """

    features: tuple[str, ...]
    baseline: float
    feature: np.ndarray  # per node: feature column, -1 for a leaf
    threshold: np.ndarray  # per node: go left when value <= threshold
    missing_left: np.ndarray  # per node: where a NaN goes
    left: np.ndarray  # per node: global index of the left child
    right: np.ndarray
    value: np.ndarray  # per node: leaf value
    roots: np.ndarray  # global index of each tree's root
    depth: int
    # the second pass, reading ``FEATURES`` + ``SECOND`` (see ``second_features``)
    second: LineModel | None = None

    def predict(self, rows: np.ndarray) -> np.ndarray:
        """Probability of 'article body' for each row of features."""
        if len(rows) == 0:
            return np.zeros(0)
        # every (row, tree) pair walks down its tree one level per step
        node = np.broadcast_to(self.roots, (len(rows), len(self.roots))).copy()
        row_index = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            column = self.feature[node]
            leaf = column < 0
            if leaf.all():
                break
            values = rows[row_index, np.where(leaf, 0, column)]
            go_left = np.where(
                np.isnan(values), self.missing_left[node], values <= self.threshold[node]
            )
            node = np.where(leaf, node, np.where(go_left, self.left[node], self.right[node]))
        raw = self.baseline + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    @classmethod
    def from_dict(cls, data: dict) -> LineModel:
        nodes = data["nodes"]
        return cls(
            features=tuple(data["features"]),
            baseline=float(data["baseline"]),
            feature=np.array(nodes["feature"], dtype=np.int64),
            threshold=np.array(nodes["threshold"], dtype=float),
            missing_left=np.array(nodes["missing_left"], dtype=bool),
            left=np.array(nodes["left"], dtype=np.int64),
            right=np.array(nodes["right"], dtype=np.int64),
            value=np.array(nodes["value"], dtype=float),
            roots=np.array(data["roots"], dtype=np.int64),
            depth=int(data["depth"]),
            second=cls.from_dict(data["second"]) if data.get("second") else None,
        )


@lru_cache(maxsize=1)
def load_line_model() -> LineModel | None:
    """The shipped model, or None when the data file is missing or was made for other features."""
    source = resources.files("newsweave").joinpath("data", MODEL_FILE)
    if not source.is_file():
        return None
    model = LineModel.from_dict(json.loads(source.read_text(encoding="utf-8")))
    if model.features != FEATURES:
        return None
    if model.second is not None and model.second.features != FEATURES + SECOND:
        return None
    return model
