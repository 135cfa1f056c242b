"""A corpus ingested and analysed but not linked, cached for the linking benchmarks.

Ingest and analysis take minutes; linking takes seconds. The cache under /tmp/link/ is keyed by
a digest of the data and of every package file outside ``newsweave.link`` (code and shipped data
such as the outlet names), so a linker change is measured without re-ingesting and any other
change re-ingests. Each run should link a copy of the returned database.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path("/tmp/link")


def _digest(data_key: bytes) -> str:
    digest = hashlib.sha256(data_key)
    package = ROOT / "src" / "newsweave"
    link = package / "link"
    for path in sorted(package.rglob("*")):
        if path.is_file() and link not in path.parents and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def unlinked_corpus(name: str, source: Path, data_key: bytes) -> Path:
    """``source`` (a file or folder) ingested with ``link=False``, built once per digest of
    ``data_key`` (what identifies the data) and the package outside ``newsweave.link``."""
    from newsweave import Corpus

    folder = CACHE / f"{name}-{_digest(data_key)}"
    db = folder / "corpus.db"
    if (folder / "done").exists():
        return db
    folder.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    print(f"ingesting {source.name} (cached in {folder})...", flush=True)
    with Corpus(db) as corpus:
        report = corpus.ingest([source], link=False)
    print(f"  {report.files} files: {report.new} articles stored, {len(report.errors)} failed", flush=True)
    (folder / "done").touch()
    return db
