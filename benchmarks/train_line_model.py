"""Train the plain-text cleaner's line model and write ``src/newsweave/data/line_model.json``.

Training pages: the 990 pages of ``shared/data/trafilatura_eval``; with ``--with-htmldate``
also the news-heavy ``shared/data/htmldate_eval`` (the 955 pages where trafilatura finds an
article). Never the article-extraction benchmark, which stays held out: a training page whose
URL is in the benchmark is dropped. Each HTML page is rendered to a whole-page text dump with
inscriptis (the renderer of the benchmark's noisy input) and each dump line is labelled body /
not body by matching it against trafilatura's extraction of the same HTML (silver labels);
trafilatura_eval's gold "with" / "without" segments override the silver label of the lines
they make up.

The classifier is scikit-learn's ``HistGradientBoostingClassifier`` over
``newsweave.clean.text_model.FEATURES``, then a second one over ``FEATURES`` + ``SECOND`` (the
first pass's probabilities around each line, the block they decode, teaser-run and author-bio
shapes). The second pass is trained on out-of-fold first-pass probabilities (5 folds grouped by
site): trained on in-sample ones, stacking leaks (the first pass is surer of its own training
pages than of new ones). Both are exported as flat tree arrays (JSON, no pickle).
Sample weights make every page weigh the same and give each line its share of the page's
words, as the benchmark's token-weighted, page-averaged shingle F1 does (the earlier weights,
sqrt of the line length, weigh a menu line far more against a paragraph than the metric does).
The script prints 5-fold cross-validation figures, grouped by site so a site's template never
sits on both sides: line-level accuracy / AUC (weighted as in training), and the whole cleaner
on the held-out pages of each corpus (shingle F1 of the body against trafilatura's extraction,
and trafilatura_eval's own with / without segment metric), with and without the model.

The shipped model is trained on trafilatura_eval only. Adding htmldate_eval did not help by
cross-validation: trafilatura_eval cleaner F1 0.854 either way, and on the htmldate pages the
cross-validated model scores 0.858 where the trafilatura_eval-only model (which never saw them)
scores 0.865 (benchmark: 0.918 against 0.921), so they are left out.

What chose the shipped setup (grouped 5-fold CV on trafilatura_eval, whole cleaner, body
shingle F1 against the silver labels, from a quicker harness that reuses one feature matrix):
sqrt-length weights and the older features 0.856; with the page-context features 0.857; with
them and the page-word weights 0.861 (benchmark 0.921 -> 0.927). Larger trees (200 x 31
leaves) 0.860, slower learning (250 x 0.06) 0.859; decoding with a two-state Viterbi instead
of the single block, or re-tuning the block's thresholds, no gain. This script's own CV of the
first pass: line accuracy / AUC 0.884 / 0.951 (token-weighted), cleaner F1 0.858 (0.854
before), segment F1 0.853 (0.851 before).

The second pass (this script's CV, same folds): cleaner F1 0.858 -> 0.859 (P 0.879 -> 0.877,
R 0.838 -> 0.842), segment F1 0.853 -> 0.856, while line accuracy / AUC drop to 0.880 / 0.947
(the decoder gains from a better ranking near the block's edges, not from line accuracy);
benchmark 0.929 -> 0.931 (P 0.916 -> 0.919), html-text dumps 0.927 -> 0.929. On the quicker
harness (one feature matrix, probabilities injected): 0.8584 -> 0.8606; averaging the two
passes' probabilities 0.8581; re-tuning the decoder's thresholds on the second pass
(_PROB_MID 0.30 / 0.40 / 0.45: 0.8610 / 0.8597 / 0.8569; _PROB_DROP 0.25: 0.8609) is noise,
so they stay.

Takes about 20 minutes on two busy cores (12 tree fits with the CV, 7 without).

Usage: .venv/bin/python benchmarks/train_line_model.py [--no-cv] [--no-write] [--output PATH]
       [--with-htmldate]
Needs inscriptis (training-only dependency): .venv/bin/pip install inscriptis==2.7.6
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsweave.clean.text import clean_text, feature_rows, second_rows  # noqa: E402
from newsweave.clean.text_model import FEATURES, SECOND, LineModel  # noqa: E402
from shingle_metric import score_pairs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "data"
BENCHMARK = SHARED / "article_extraction_benchmark"
# (name, folder, index file): trafilatura_eval has gold segments, htmldate_eval is news-heavy
CORPORA = (
    ("trafeval", SHARED / "trafilatura_eval", "gold_segments.jsonl"),
    ("htmldate", SHARED / "htmldate_eval", "gold_dates.jsonl"),
)
CACHE = Path(os.environ.get("NEWSWEAVE_TRAIN_CACHE", "/tmp/newsweave-train"))  # rendered pages, features
OUTPUT = ROOT / "src" / "newsweave" / "data" / "line_model.json"
SEED = 0
PARAMS = {
    "max_iter": 150,
    "learning_rate": 0.1,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,
    "random_state": SEED,
}
_TOKEN = re.compile(r"\w+")
# a short line counts as body only when it turns up this close after the last body line
_SHORT_REACH = 400
# a gold segment relabels a line when it makes up at least this share of it
_SEGMENT_SHARE = 0.3
# every page weighs the same in total, as in the benchmark's macro-averaged metric
_PAGE_WEIGHT = 1000.0
# an htmldate_eval page is used only when trafilatura extracts at least this much article text
_MIN_SILVER = 500


def _benchmark_urls() -> set[str]:
    """Normalised URLs of the held-out benchmark, so no training page can be one of them."""
    with open(BENCHMARK / "ground_truth.jsonl", encoding="utf-8") as f:
        return {_url_key(json.loads(line)["url"]) for line in f if line.strip()}


def _url_key(url: str) -> str:
    parsed = urlparse(url.strip().lower())
    host = parsed.netloc[4:] if parsed.netloc.startswith("www.") else parsed.netloc
    return host + parsed.path.rstrip("/")


def _render(rows: list[dict], folder: Path, cache: Path) -> list[dict]:
    """Whole-page inscriptis dump and trafilatura extraction of every page (cached)."""
    import inscriptis
    import trafilatura
    from trafilatura.utils import decode_file

    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    pages = []
    for row in rows:
        with gzip.open(folder / row["html_file"], "rb") as f:
            raw = f.read()
        try:
            dump = inscriptis.get_text(decode_file(raw))
        except Exception:  # noqa: BLE001 - a page inscriptis cannot parse is left out
            continue
        silver = trafilatura.extract(raw, url=row["url"]) or ""
        pages.append({"url": row["url"], "dump": dump, "silver": silver,
                      "with": row.get("with", []), "without": row.get("without", [])})
    cache.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(cache, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(page) + "\n" for page in pages)
    return pages


def render_corpus(corpora: tuple[str, ...] = ("trafeval",)) -> list[dict]:
    """Training pages of the named corpora; pages whose URL is in the benchmark are dropped.

    htmldate_eval pages have no gold segments, and those where trafilatura finds no article
    (home pages, listings) are left out: their lines would teach that a page may have no body.
    """
    import trafilatura

    version = trafilatura.__version__
    pages = []
    for name, folder, index in CORPORA:
        if name not in corpora:
            continue
        with open(folder / index, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        cache = CACHE / f"{name}-inscriptis-trafilatura-{version}.jsonl.gz"
        rendered = _render(rows, folder, cache)
        if name == "htmldate":
            rendered = [page for page in rendered if len(page["silver"]) >= _MIN_SILVER]
        pages.extend({**page, "corpus": name} for page in rendered)
    held_out = _benchmark_urls()
    return [page for page in pages if _url_key(page["url"]) not in held_out]


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def _squash(text: str) -> str:
    return " ".join(text.split())


def label_lines(lines: list[str], page: dict) -> np.ndarray:
    """1 for a line of the article body, 0 otherwise (see the module docstring)."""
    silver = " " + _norm(page["silver"]) + " "
    tokens = silver.split()
    shingles = {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
    labels = np.zeros(len(lines))
    cursor = 0
    for i, line in enumerate(lines):
        toks = _norm(line).split()
        if not toks:
            continue
        if len(toks) >= 4:
            grams = [tuple(toks[j : j + 4]) for j in range(len(toks) - 3)]
            if sum(g in shingles for g in grams) >= 0.5 * len(grams):
                labels[i] = 1
                at = silver.find(" " + " ".join(toks[-4:]) + " ", cursor)
                cursor = at if at >= 0 else cursor
        else:
            at = silver.find(" " + " ".join(toks) + " ", cursor)
            if 0 <= at <= cursor + _SHORT_REACH:
                labels[i] = 1
                cursor = at
    for segments, value in ((page["with"], 1), (page["without"], 0)):
        for segment in map(_squash, segments):
            for i, line in enumerate(lines):
                text = _squash(line)
                if segment and segment in text and len(segment) >= _SEGMENT_SHARE * len(text):
                    labels[i] = value
    return labels


def line_weights(lines: list[str]) -> np.ndarray:
    """Sample weights: a line's share of its page's words (the shingle metric is token-weighted
    per page), with a floor so that word-less lines still count a little."""
    counts = np.array([len(_TOKEN.findall(line)) for line in lines], dtype=float)
    return _PAGE_WEIGHT * (counts + 0.5) / max(counts.sum(), 1.0)


def site(url: str) -> str:
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def _cleaner_digest() -> str:
    digest = hashlib.sha256()
    for name in ("text", "text_model", "text_rules"):
        digest.update((ROOT / "src" / "newsweave" / "clean" / f"{name}.py").read_bytes())
    return digest.hexdigest()[:12]


def dataset(pages: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels, sample weights and page index of every line (cached, keyed by the
    source of the cleaner modules that make them: a changed rule must not reuse old features)."""
    cache = CACHE / f"line-features-{_cleaner_digest()}.npz"
    urls = np.array([page["url"] for page in pages])
    if cache.exists():
        data = np.load(cache)
        if tuple(data["features"]) == FEATURES and np.array_equal(data["urls"], urls):
            return data["x"], data["y"], data["w"], data["page"]
    xs, ys, ws, index = [], [], [], []
    for n, page in enumerate(pages):
        lines, rows = feature_rows(page["dump"])
        if not lines:
            continue
        xs.append(rows)
        ys.append(label_lines(lines, page))
        ws.append(line_weights(lines))
        index.append(np.full(len(lines), n))
    x, y, w, page = (np.concatenate(a) for a in (xs, ys, ws, index))
    np.savez_compressed(
        cache, x=x, y=y, w=w, page=page, features=np.array(FEATURES), urls=urls
    )
    return x, y, w, page


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(**PARAMS).fit(x, y, sample_weight=w)


def site_folds(pages: list[dict], page_of: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """5 folds grouped by site, so a site's template never sits on both sides."""
    groups = np.array([site(pages[int(n)]["url"]) for n in page_of])
    return list(GroupKFold(n_splits=5).split(np.zeros(len(page_of)), None, groups))


def out_of_fold(
    folds: list, x: np.ndarray, y: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, list[HistGradientBoostingClassifier]]:
    """Each line's probability from the model that did not see its fold, and the fold models."""
    probs = np.zeros(len(y))
    models = []
    for train, test in folds:
        clf = fit(x[train], y[train], w[train])
        probs[test] = clf.predict_proba(x[test])[:, 1]
        models.append(clf)
    return probs, models


def second_dataset(pages: list[dict], page_of: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The ``SECOND`` rows of every line, from out-of-fold first-pass probabilities: a second
    pass trained on the first pass's in-sample probabilities would learn to trust them too much."""
    rows = np.zeros((len(first), len(SECOND)))
    for n in np.unique(page_of):
        m = page_of == n
        rows[m] = second_rows(pages[int(n)]["dump"], first[m])
    return rows


def export(
    clf: HistGradientBoostingClassifier, pages: int, corpora: tuple[str, ...], second: bool = False
) -> dict:
    """Flat node arrays of every tree; node indices are made global across trees."""
    feature, threshold, missing_left, left, right, value, roots = [], [], [], [], [], [], []
    depth = 0
    for (predictor,) in clf._predictors:  # noqa: SLF001 - the fitted trees have no public accessor
        nodes = predictor.nodes
        offset = len(feature)
        roots.append(offset)
        for node in nodes:
            leaf = bool(node["is_leaf"])
            feature.append(-1 if leaf else int(node["feature_idx"]))
            threshold.append(0.0 if leaf else float(f"{node['num_threshold']:.7g}"))
            missing_left.append(bool(node["missing_go_to_left"]))
            left.append(offset + int(node["left"]) if not leaf else offset)
            right.append(offset + int(node["right"]) if not leaf else offset)
            value.append(float(f"{node['value']:.6g}") if leaf else 0.0)
            depth = max(depth, int(node["depth"]))
    return {
        "features": list(FEATURES + SECOND if second else FEATURES),
        "baseline": float(np.ravel(clf._baseline_prediction)[0]),  # noqa: SLF001
        "depth": depth + 1,
        "roots": roots,
        "nodes": {"feature": feature, "threshold": threshold, "missing_left": missing_left,
                  "left": left, "right": right, "value": value},
        "trained_on": f"{pages} pages ({', '.join(corpora)}), inscriptis dumps, "
        "trafilatura silver labels",
        "params": PARAMS,
    }


def segment_scores(pages: list[dict], bodies: list[str]) -> tuple[float, float, float]:
    """The trafilatura_eval metric: P, R, F1 of with / without segments found in the output."""
    tp = fp = fn = 0
    for page, body in zip(pages, bodies, strict=True):
        text = _squash(body)
        tp += sum(_squash(s) in text for s in page["with"])
        fn += sum(_squash(s) not in text for s in page["with"])
        fp += sum(_squash(s) in text for s in page["without"])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def cross_validate(pages: list[dict], x, y, w, page_of, folds, first, first_models, x2) -> None:
    """Line-level and whole-cleaner figures of the two passes on held-out sites."""
    second, second_models = out_of_fold(folds, x2, y, w)
    held_out: dict[int, tuple[LineModel, LineModel]] = {}
    for (_, test), one, two in zip(folds, first_models, second_models, strict=True):
        single = LineModel.from_dict(export(one, 0, ()))
        double = LineModel.from_dict({**export(one, 0, ()), "second": export(two, 0, (), True)})
        for n in np.unique(page_of[test]):
            held_out[int(n)] = (single, double)
    print(f"lines: {len(y)}, body share {y.mean():.3f}, pages {len(held_out)}")
    print(f"{'line level (5-fold by site)':<44} {'acc':>6} {'AUC':>6} {'block acc':>10}")
    corpus_of = np.array([pages[int(n)]["corpus"] for n in page_of])
    for corpus in ("all", *(name for name, _, _ in CORPORA)):
        m = np.ones(len(y), dtype=bool) if corpus == "all" else corpus_of == corpus
        if not m.any():  # a corpus left out of this run
            continue
        # the rule-based article block alone, for reference
        base = float(np.average(y[m] == (x[m, FEATURES.index("in_block")] > 0), weights=w[m]))
        for label, probs in (("first pass", first), ("second pass", second)):
            accuracy = float(np.average((probs[m] >= 0.5) == y[m], weights=w[m]))
            auc = roc_auc_score(y[m], probs[m], sample_weight=w[m])
            print(f"{label + ', ' + corpus:<44} {accuracy:6.3f} {auc:6.3f} {base:10.3f}")

    for corpus, _, _ in CORPORA:
        order = [n for n in sorted(held_out) if pages[n]["corpus"] == corpus]
        if order:
            _cleaner_scores(corpus, [pages[n] for n in order], [held_out[n] for n in order])
    print(f"{'trafilatura 2.2.0 (published, trafeval segments)':<44} {'':>20}   0.906/0.943/0.924")


def _cleaner_scores(corpus: str, chosen: list[dict], models: list[tuple[LineModel, ...]]) -> None:
    """The whole cleaner on one corpus's held-out pages, scored against the silver labels."""
    print(f"\n{corpus + ' pages (' + str(len(chosen)) + ')':<44} {'F1':>6} {'P':>6} {'R':>6}"
          "   segments P/R/F1")
    # only trafilatura_eval has gold segments
    segments = any(page["with"] or page["without"] for page in chosen)
    for label, use, which in (("rules only", False, 0), ("rules + first pass", True, 0),
                              ("rules + both passes", True, 1)):
        bodies = [
            clean_text(page["dump"], use_model=use, model=pair[which]).body
            for page, pair in zip(chosen, models, strict=True)
        ]
        s = score_pairs((page["silver"], body) for page, body in zip(chosen, bodies, strict=True))
        seg = "{:.3f}/{:.3f}/{:.3f}".format(*segment_scores(chosen, bodies)) if segments else ""
        print(f"{label:<44} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f}   {seg}")
    if segments:
        p, r, f1 = segment_scores(chosen, [page["silver"] for page in chosen])
        print(f"{'trafilatura on HTML (the silver labels)':<44} {'':>20}   {p:.3f}/{r:.3f}/{f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--no-write", action="store_true", help="do not write the model file")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the model")
    parser.add_argument("--with-htmldate", action="store_true",
                        help="also train on htmldate_eval (not shipped: see the module docstring)")
    args = parser.parse_args()

    corpora = ("trafeval", "htmldate") if args.with_htmldate else ("trafeval",)
    pages = render_corpus(corpora)
    x, y, w, page_of = dataset(pages)
    folds = site_folds(pages, page_of)
    first, first_models = out_of_fold(folds, x, y, w)
    x2 = np.column_stack([x, second_dataset(pages, page_of, first)])
    if not args.no_cv:
        cross_validate(pages, x, y, w, page_of, folds, first, first_models, x2)
    if not args.no_write:
        count = len(np.unique(page_of))
        data = export(fit(x, y, w), count, corpora)
        data["second"] = export(fit(x2, y, w), count, corpora, second=True)
        args.output.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        print(f"\nwrote {args.output} ({args.output.stat().st_size / 1024:.0f} KiB, "
              f"{len(data['roots'])} + {len(data['second']['roots'])} trees)")


if __name__ == "__main__":
    main()
