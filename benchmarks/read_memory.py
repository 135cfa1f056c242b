"""Memory of reading one big file: a crawl's WARC archive and a JSON-lines export.

Run: .venv/bin/python benchmarks/read_memory.py [--megabytes 400]

A crawl's archive (CC-NEWS writes WARC files of about 1 GB gzipped) or a news export can be
larger than a small machine's memory. This writes a synthetic WARC archive (gzipped record by
record, as crawlers write them) and a gzipped JSON-lines export of about ``--megabytes`` MB of
pages each under /tmp, then reads each in a fresh process, once as ``read_file`` does (a stream,
``newsweave.read.stream``) and once whole (the file's bytes, decompressed, then its records: how
every file was read before 2026-11-24, and still is below ``STREAM_JSON_LINES_FROM``), and prints
the peak resident memory of each process above the interpreter's with the package imported, and
the records read per second. The pages are varied text, so gzip packs them as it would real ones.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path("/tmp/newsweave-bench/read-memory")
PAGE_BYTES = 20_000


def _page(rng: random.Random, index: int) -> str:
    words = [f"w{rng.randrange(50_000)}" for _ in range(PAGE_BYTES // 7)]
    paragraphs = "".join(f"<p>{' '.join(words[i:i + 60])}.</p>" for i in range(0, len(words), 60))
    return f"<html><head><title>Story {index}</title></head><body><article>{paragraphs}</article></body></html>"


def write_inputs(megabytes: int) -> tuple[Path, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    WORK.mkdir(parents=True, exist_ok=True)
    warc, export = WORK / f"crawl-{megabytes}.warc.gz", WORK / f"export-{megabytes}.jsonl.gz"
    if warc.exists() and export.exists():
        return warc, export
    rng = random.Random(7)
    count = megabytes * 1_000_000 // PAGE_BYTES
    with warc.open("wb") as handle, gzip.open(export, "wt", encoding="utf-8") as lines:
        writer = WARCWriter(handle, gzip=True)
        for index in range(count):
            page = _page(rng, index)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.org/{index}", "response", payload=io.BytesIO(page.encode()), http_headers=headers))
            lines.write(json.dumps({"title": f"Story {index}", "url": f"https://example.org/{index}", "html": page}) + "\n")
    return warc, export


_CHILD = """
import resource, sys, time
from pathlib import Path
import newsweave.read as read
from newsweave.records import SourceDocument
path, mode = Path(sys.argv[1]), sys.argv[2]
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
items = read.read_file(path) if mode == "stream" else read._read_data(str(path), path.read_bytes(), path.name)
count = sum(isinstance(item, SourceDocument) for item in items)
print(count, time.perf_counter() - start, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024)
"""


def measure(path: Path, mode: str) -> tuple[int, float, float]:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode], capture_output=True, text=True, check=True)
    count, seconds, megabytes = done.stdout.split()
    return int(count), float(seconds), float(megabytes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=400, help="pages per file, in MB (default 400)")
    args = parser.parse_args()
    from newsweave.read.stream import stream_kind

    print(f"writing the inputs ({args.megabytes} MB of pages each, cached in {WORK})...", flush=True)
    inputs = write_inputs(args.megabytes)
    print(f"{'file':<28} {'on disk':>8} {'read':<8} {'records':>8} {'peak MB':>8} {'records/s':>10}")
    for path in inputs:
        for mode in ("stream", "whole"):
            count, seconds, peak = measure(path, mode)
            label = mode if mode == "whole" or stream_kind(path) else "whole (below the streaming size)"
            print(f"{path.name:<28} {path.stat().st_size / 1e6:7.0f}M {label:<8} {count:8d} {peak:8.0f} "
                  f"{count / seconds:10.0f}")
    print("peak MB: the reading process's peak resident memory above its own after importing newsweave")
    return 0


if __name__ == "__main__":
    sys.exit(main())
