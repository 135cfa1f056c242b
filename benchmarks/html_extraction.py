"""Benchmark HTML body extraction (``clean_html``) against plain trafilatura.

1. article-extraction-benchmark (181 pages, gold ``articleBody``): token 4-gram shingle
   P/R/F1 (``shingle_metric``), with the published anchors beside.
2. trafilatura_eval (990 pages, must-include / must-exclude segments): P/R/accuracy/F1 by
   whitespace-normalised substring matching, as upstream ``tests/eval_common.py``.

The HTML bytes are decoded with trafilatura's ``decode_file`` (what trafilatura itself does
with bytes), then every system gets the same string.

Usage: .venv/bin/python benchmarks/html_extraction.py [--skip-trafeval] [--worst N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura
from trafilatura.utils import decode_file

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsweave.clean.html import clean_html  # noqa: E402
from shingle_metric import match, score_pairs  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
AEB = DATA / "article_extraction_benchmark"
TRAFEVAL = DATA / "trafilatura_eval"

System = Callable[[str, str], str]

AEB_ANCHORS = [
    ("anchor rs_trafilatura (9261e08)", 0.970, 0.951, 0.990),
    ("anchor trafilatura 2.0.0", 0.958, 0.938, 0.978),
    ("anchor readability-lxml 0.8.4.1", 0.922, 0.913, 0.931),
]
TRAFEVAL_ANCHORS = [
    ("anchor trafilatura 2.2.0 (standard)", 0.906, 0.943, 0.923, 0.924),
    ("anchor trafilatura 2.2.0 (precision)", 0.925, 0.915, 0.921, 0.920),
    ("anchor readability-lxml 0.8.4.1", 0.898, 0.764, 0.839, 0.826),
]


def plain_trafilatura(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def newsweave(html: str, url: str) -> str:
    return clean_html(html, url=url).body


SYSTEMS: dict[str, System] = {
    f"trafilatura {trafilatura.__version__} defaults": plain_trafilatura,
    "newsweave clean_html": newsweave,
}


def load(folder: Path, name: str) -> list[dict]:
    rows = [json.loads(line) for line in (folder / name).open(encoding="utf-8")]
    for row in rows:
        with gzip.open(folder / row["html_file"]) as handle:
            row["html"] = decode_file(handle.read())
    return rows


def run(system: System, rows: list[dict]) -> tuple[list[str], float]:
    start = time.perf_counter()
    outputs = [system(row["html"], row["url"]) for row in rows]
    return outputs, len(rows) / (time.perf_counter() - start)


def article_extraction(worst: int) -> None:
    rows = load(AEB, "ground_truth.jsonl")
    print(f"\narticle-extraction-benchmark ({len(rows)} pages), shingle metric")
    print(f"{'system':42} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8}")
    for name, system in SYSTEMS.items():
        outputs, speed = run(system, rows)
        s = score_pairs((row["articleBody"], out) for row, out in zip(rows, outputs, strict=True))
        print(f"{name:42} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {speed:8.1f}")
    for name, f1, p, r in AEB_ANCHORS:
        print(f"{name:42} {f1:6.3f} {p:6.3f} {r:6.3f}")
    if worst:
        scored = []
        for row, out in zip(rows, outputs, strict=True):
            c = match(row["articleBody"], out)
            scored.append((c.tp, c.fp, c.fn, row["url"]))
        print(f"\nworst {worst} pages for newsweave (tp fp fn url):")
        for tp, fp, fn, url in sorted(scored)[:worst]:
            print(f"  {tp:.2f} {fp:.2f} {fn:.2f} {url}")


def segments_score(rows: list[dict], outputs: list[str]) -> tuple[float, float, float, float]:
    tp = fn = fp = tn = 0
    for row, out in zip(rows, outputs, strict=True):
        text = " ".join(out.split())
        for segment in row["with"]:
            if " ".join(segment.split()) in text:
                tp += 1
            else:
                fn += 1
        for segment in row["without"]:
            if " ".join(segment.split()) in text:
                fp += 1
            else:
                tn += 1
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, recall, (tp + tn) / (tp + tn + fp + fn), 2 * tp / (2 * tp + fp + fn)


def trafilatura_eval() -> None:
    rows = load(TRAFEVAL, "gold_segments.jsonl")
    print(f"\ntrafilatura_eval ({len(rows)} pages), with/without segments")
    print(f"{'system':42} {'P':>6} {'R':>6} {'Acc':>6} {'F1':>6} {'pages/s':>8}")
    for name, system in SYSTEMS.items():
        outputs, speed = run(system, rows)
        p, r, a, f = segments_score(rows, outputs)
        print(f"{name:42} {p:6.3f} {r:6.3f} {a:6.3f} {f:6.3f} {speed:8.1f}")
    for name, p, r, a, f in TRAFEVAL_ANCHORS:
        print(f"{name:42} {p:6.3f} {r:6.3f} {a:6.3f} {f:6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-trafeval", action="store_true", help="only the 181-page set")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args()
    article_extraction(args.worst)
    if not args.skip_trafeval:
        trafilatura_eval()


if __name__ == "__main__":
    main()
