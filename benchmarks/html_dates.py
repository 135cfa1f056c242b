"""Benchmark publication dates of HTML pages on the htmldate evaluation set (1,000 pages).

Systems: plain htmldate ``find_date`` (extensive, original date, URL given), the same with
``deferred_url_extractor`` (markup before URL: the "which rule is better" check), trafilatura's
``extract_metadata`` date (htmldate fed the canonical/og URL), and ``newsweave.find_page_dates``
(what ``clean_html`` puts in ``hints["published"]``). Day-level metric as upstream
``tests/evaluation.py``: a correct day is a TP, a wrong day an FP, no date an FN;
accuracy = TP / all. Pages are decoded with trafilatura's ``decode_file`` and parsed once
(the lxml tree is shared by the systems that accept one).

Usage: .venv/bin/python benchmarks/html_dates.py [--sources]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
import warnings
from collections import Counter
from collections.abc import Callable
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path

import htmldate
import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.utils import decode_file

from newsweave.clean.html_dates import find_page_dates

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "htmldate_eval"
FORMAT = "%Y-%m-%d"
ANCHORS = [
    ("anchor htmldate[all] 1.10.0 extensive", 0.908, 0.993, 0.903, 0.949),
    ("anchor htmldate[all] 1.10.0 fast", 0.924, 0.927, 0.861, 0.925),
    ("anchor newspaper4k 0.9.5", 0.912, 0.728, 0.680, 0.810),
]

System = Callable[[HtmlElement, str], str | None]


def htmldate_plain(tree: HtmlElement, url: str) -> str | None:
    return find_date(tree, url=url, extensive_search=True, original_date=True,
                     outputformat=FORMAT)


def htmldate_deferred(tree: HtmlElement, url: str) -> str | None:
    return find_date(tree, url=url, extensive_search=True, original_date=True,
                     outputformat=FORMAT, deferred_url_extractor=True)


def trafilatura_meta(tree: HtmlElement, url: str) -> str | None:
    # extract_metadata reads the tree in place; the copy keeps the systems independent
    return trafilatura.extract_metadata(deepcopy(tree), default_url=url).date


def newsweave(tree: HtmlElement, url: str) -> str | None:
    return find_page_dates(tree, url).published


SYSTEMS: dict[str, System] = {
    f"htmldate {htmldate.__version__} extensive": htmldate_plain,
    f"htmldate {htmldate.__version__} deferred URL": htmldate_deferred,
    f"trafilatura {trafilatura.__version__} metadata": trafilatura_meta,
    "newsweave clean_html hints[published]": newsweave,
}


def score(gold: list[str], predicted: list[str | None]) -> tuple[float, float, float, float]:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if p and p[:10] == g)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p and p[:10] != g)
    fn = sum(1 for p in predicted if not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, tp / len(gold), f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", action="store_true",
                        help="accuracy of newsweave by published_source")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # dateutil timezone-name warnings on some pages
    rows = [json.loads(line) for line in (DATA / "gold_dates.jsonl").open(encoding="utf-8")]
    trees = []
    for row in rows:
        with gzip.open(DATA / row["html_file"]) as handle:
            trees.append(trafilatura.load_html(decode_file(handle.read())))
    gold = [str(row["gold_date"]) for row in rows]
    print(f"htmldate_eval ({len(rows)} pages), day-level; now = {datetime.now(UTC):%Y-%m-%d}")
    print(f"{'system':42} {'P':>6} {'R':>6} {'Acc':>6} {'F':>6} {'pages/s':>8}")
    for name, system in SYSTEMS.items():
        start = time.perf_counter()
        predicted = [system(tree, row["url"]) if tree is not None else None
                     for tree, row in zip(trees, rows, strict=True)]
        speed = len(rows) / (time.perf_counter() - start)
        p, r, a, f = score(gold, predicted)
        print(f"{name:42} {p:6.3f} {r:6.3f} {a:6.3f} {f:6.3f} {speed:8.1f}")
    for name, p, r, a, f in ANCHORS:
        print(f"{name:42} {p:6.3f} {r:6.3f} {a:6.3f} {f:6.3f}")
    if args.sources:
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for tree, row in zip(trees, rows, strict=True):
            dates = find_page_dates(tree, row["url"]) if tree is not None else None
            source = (dates.published_source if dates else None) or "none"
            total[source] += 1
            right[source] += bool(dates and dates.published == row["gold_date"])
        print("\nnewsweave by published_source: source, pages, accuracy")
        for source, count in total.most_common():
            print(f"  {source:10} {count:5d} {right[source] / count:6.3f}")


if __name__ == "__main__":
    main()
