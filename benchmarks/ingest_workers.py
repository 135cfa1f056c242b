"""Ingest time with worker processes: the same piles ingested with ``--workers 1`` and more.

Run: .venv/bin/python benchmarks/ingest_workers.py [--pages 300] [--workers 2]

Two piles, each ingested into a fresh database by ``Corpus.ingest`` without linking (linking
embeds in one process, with the threads torch already uses):

- saved web pages: the first ``--pages`` pages of htmldate_eval (news, blogs and shops in 40+
  languages; HTML extraction is where their time goes);
- text dumps: the first ``--pages`` ECB+ documents as text files (English news; entity and
  quote analysis is where their time goes).

Each pile is timed in two phases, read-clean-extract (``analyse=False``) and then analysis
(``Corpus.analyse``), once with one process and once with ``--workers`` (default: the CPU
count), and the two databases' exports are compared: the workers must store exactly what one
process stores. Times are wall-clock seconds, spawn and model loading included, so a small
pile gains less than a large one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
WORK = Path("/tmp/newsweave-bench/ingest-workers")


def piles(pages: int) -> dict[str, Path]:
    from events_ecbplus import repaired_text

    html = WORK / "web-pages"
    texts = WORK / "text-dumps"
    for folder in (html, texts):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for source in sorted((DATA / "htmldate_eval" / "html" / "eval").iterdir())[:pages]:
        shutil.copy(source, html / source.name)
    with gzip.open(DATA / "ecbplus" / "documents.jsonl.gz", "rt", encoding="utf-8") as handle:
        for _, line in zip(range(pages), handle, strict=False):
            doc = json.loads(line)
            (texts / f"{doc['doc_id']}.txt").write_text(repaired_text(doc["text"]), encoding="utf-8")
    return {"saved web pages": html, "text dumps (ECB+)": texts}


def ingest(pile: Path, workers: int) -> tuple[float, float, Path]:
    from newsweave import Corpus

    db = WORK / f"{pile.name}-{workers}.db"
    for stale in WORK.glob(f"{db.name}*"):
        stale.unlink()
    with Corpus(db) as corpus:
        start = time.perf_counter()
        corpus.ingest([pile], analyse=False, link=False, workers=workers)
        read = time.perf_counter() - start
        start = time.perf_counter()
        corpus.analyse(workers=workers)
        analysed = time.perf_counter() - start
        export = WORK / f"{pile.name}-{workers}.jsonl"
        corpus.export(export, "jsonl")
    return read, analysed, export


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300, help="documents per pile")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="worker processes to compare")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores; {args.pages} documents per pile; wall-clock seconds, models loaded inside")
    print(f"{'pile':<20} {'workers':>7} {'read+clean':>11} {'analysis':>9} {'total':>7} {'speed-up':>9}  same records")
    for name, pile in piles(args.pages).items():
        read_1, analysed_1, export_1 = ingest(pile, 1)
        print(f"{name:<20} {1:>7} {read_1:>11.1f} {analysed_1:>9.1f} {read_1 + analysed_1:>7.1f} {'':>9}")
        read_n, analysed_n, export_n = ingest(pile, args.workers)
        same = _records(export_1) == _records(export_n)
        print(f"{name:<20} {args.workers:>7} {read_n:>11.1f} {analysed_n:>9.1f} {read_n + analysed_n:>7.1f} "
              f"{(read_1 + analysed_1) / (read_n + analysed_n):>8.2f}x  {'yes' if same else 'NO'}")
        if not same:
            return 1
    return 0


def _records(export: Path) -> list[dict]:
    """The export's records less what differs between any two ingests (the time of ingest)."""
    records = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    for record in records:
        record.pop("ingested_at", None)
    return records


if __name__ == "__main__":
    sys.exit(main())
