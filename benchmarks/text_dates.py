"""Benchmark publication dates found in plain-text page dumps (htmldate evaluation set, 1,000 pages).

The seeds are whole-page text dumps: their publication date has to come from the page text
("Published Monday, November 18, 2019", "By X | May 3, 2013 4:21 pm", a bare date line) or a
URL the text contains. This renders each page of ``../shared/data/htmldate_eval`` to a
whole-page text dump with inscriptis (the renderer of the extraction benchmark's noisy input;
cached in ``/tmp/newsweave-bench``), runs the product's clean and extract stages on the dump
(``newsweave.clean.clean`` then ``newsweave.extract.extract_metadata``, no NLP) and compares
the published day with the gold day.
Before the multilingual date shapes and the date-nearest-the-article rule (2026-11-23): dump
alone 0.244 accuracy (precision 0.800, 31% dated), dump + URL 0.342 (0.877). Two inputs: the dump alone (what a ``.txt`` file gives),
and the dump with the page's URL (what ``analyze_text(text, url=...)`` or an export gives).

Day-level metric as upstream htmldate ``tests/evaluation.py``: a right day is a TP, a wrong
day an FP, no date an FN; accuracy = TP / all. For reference, the same pages' HTML: htmldate
extensive 0.903 (published), newsweave's HTML path 0.901 (``benchmarks/html_dates.py``). A
text dump has lost the page's metadata (``<meta>``, ``<time>``, JSON-LD), so it is expected to
score lower; the figure to watch is precision: a wrong date is worse than none.

Usage: .venv/bin/python benchmarks/text_dates.py [--sources] [--wrong N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import warnings
from collections import Counter
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from newsweave.clean import clean
from newsweave.extract import extract_metadata
from newsweave.records import CleanedDocument, SourceDocument

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "htmldate_eval"
CACHE = Path("/tmp/newsweave-bench")
ANCHORS = [
    ("anchor htmldate 1.10.0 extensive, on HTML", 0.908, 0.993, 0.903),
]


def dumps(rows: list[dict]) -> list[str]:
    """Whole-page inscriptis text of every page (cached)."""
    import inscriptis
    from trafilatura.utils import decode_file

    cache = CACHE / f"htmldate-inscriptis-{version('inscriptis')}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    out = []
    for row in rows:
        with gzip.open(DATA / row["html_file"], "rb") as handle:
            raw = handle.read()
        try:
            out.append(inscriptis.get_text(decode_file(raw)))
        except Exception:  # noqa: BLE001 - a page inscriptis cannot parse counts as an empty dump
            out.append("")
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(out), encoding="utf-8")
    return out


def published(
    text: str, cleaned: CleanedDocument, url: str | None, now: datetime
) -> tuple[str | None, str | None]:
    doc = SourceDocument(path="<dump>", kind="text", content=text, url=url)
    meta = extract_metadata(doc, cleaned, now=now)
    return meta.published, meta.published_from


def score(gold: list[str], predicted: list[str | None]) -> tuple[float, float]:
    """(precision, accuracy): right days among the dated pages, and among all pages."""
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if p and p[:10] == g)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p and p[:10] != g)
    return (tp / (tp + fp) if tp + fp else 0.0), tp / len(gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", action="store_true", help="accuracy by published_from")
    parser.add_argument("--wrong", type=int, default=0, help="list N pages with a wrong day")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # dateutil timezone-name warnings on some pages
    rows = [json.loads(line) for line in (DATA / "gold_dates.jsonl").open(encoding="utf-8")]
    texts = dumps(rows)
    gold = [str(row["gold_date"]) for row in rows]
    now = datetime.now(UTC)
    # the cleaner reads the text only: one cleaning serves both inputs
    cleaned = [clean(SourceDocument(path="<dump>", kind="text", content=text)) for text in texts]
    print(f"htmldate_eval ({len(rows)} pages) as inscriptis text dumps, day-level")
    print(f"{'input':42} {'P':>6} {'Acc':>6} {'dated':>6}")
    results = {}
    for label, with_url in (("text dump alone", False), ("text dump + page URL", True)):
        found = [published(text, doc, row["url"] if with_url else None, now)
                 for text, doc, row in zip(texts, cleaned, rows, strict=True)]
        results[label] = found
        days = [day for day, _ in found]
        precision, accuracy = score(gold, days)
        dated = sum(1 for day in days if day) / len(days)
        print(f"{label:42} {precision:6.3f} {accuracy:6.3f} {dated:6.3f}")
    for name, p, _r, a in ANCHORS:
        print(f"{name:42} {p:6.3f} {a:6.3f}")
    found = results["text dump alone"]
    if args.sources:
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for (day, source), truth in zip(found, gold, strict=True):
            total[source or "none"] += 1
            right[source or "none"] += bool(day and day[:10] == truth)
        print("\ntext dump alone, by published_from: source, pages, right")
        for source, count in total.most_common():
            print(f"  {source:10} {count:5d} {right[source] / count:6.3f}")
    if args.wrong:
        print("\nwrong days (gold, found, url):")
        shown = 0
        for (day, _), truth, row in zip(found, gold, rows, strict=True):
            if day and day[:10] != truth and shown < args.wrong:
                print(f"  {truth} {day[:10]} {row['url']}")
                shown += 1


if __name__ == "__main__":
    main()
