from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
SHARED_DATA = ROOT / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_texts(seed_paths: list[Path]) -> dict[str, str]:
    return {path.name[:3]: path.read_text(encoding="utf-8") for path in seed_paths}


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]) -> Iterator[str]:
    """A real web server on loopback over a fresh database of the demo corpus (one per test module)."""
    from werkzeug.serving import make_server

    from newsweave.api import Corpus
    from newsweave.serve import create_app

    db = tmp_path_factory.mktemp("serve") / "seeds.db"
    with Corpus(db) as corpus:
        assert corpus.ingest(seed_paths).ok
    server = make_server("127.0.0.1", 0, create_app(db), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
