"""Linking cost per article as the corpus grows: 1k vs 8k articles.

Run: .venv/bin/python benchmarks/link_cost.py

Corpus: 8,000 synthetic articles made from the 772 ECB+ and 394 SemEval en texts. Each one
keeps a random 60% of a real text's sentences and adds two sentences of another text, and gets
a publication date spread over two years. NOTE: to keep the run lean the dense vectors are a
cheap deterministic STAND-IN (a fixed random projection of hashed word counts), not MiniLM;
MinHash, terms and entities are the real ones. Only ``Linker.add`` is timed (feature
extraction is per-article work that does not depend on corpus size), in batches of 100.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data"
TOTAL, BATCH = 8000, 100


def source_texts() -> list[str]:
    with gzip.open(DATA / "ecbplus" / "documents.jsonl.gz", "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    with open(DATA / "semeval2022_task8" / "pairs_with_text_en_en.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            texts.extend([row["text1"], row["text2"]])
    return texts


def synthetic_features():
    from sklearn.feature_extraction.text import HashingVectorizer

    from newsweave.link.features import (
        ArticleFeatures,
        content_terms,
        minhash_values,
        split_sentences,
    )

    rng = random.Random(7)
    texts = source_texts()
    sentences = [split_sentences(t) or [t] for t in texts]
    bodies = []
    for _ in range(TOTAL):
        base, other = rng.randrange(len(texts)), rng.randrange(len(texts))
        kept = [s for s in sentences[base] if rng.random() < 0.6] or sentences[base][:1]
        bodies.append(" ".join(kept + sentences[other][:2]))
    hashed = HashingVectorizer(n_features=2**14, alternate_sign=False).transform(bodies)
    projection = np.random.default_rng(7).standard_normal((2**14, 384)).astype(np.float32)
    vectors = np.asarray(hashed @ projection, dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    start = date(2020, 1, 1)
    features = []
    for i, (body, vector) in enumerate(zip(bodies, vectors, strict=True)):
        day = (start + timedelta(days=rng.randrange(730))).isoformat()
        capitalised = [w for w in body.split() if w[:1].isupper()][:12]
        features.append(
            ArticleFeatures(
                article_id=f"syn{i:05d}", title=None, outlet=None, credits=[],
                entities=sorted({w.strip(".,;:'\"").lower() for w in capitalised} - {""}),
                published=day, event_date=day, date_from="published",
                embedding=vector, lead_embedding=vector,
                minhash=minhash_values(body), terms=content_terms(None, body),
                sentences=split_sentences(body)[:12], quotes=[], language="en",
            )
        )
    return features


def main() -> int:
    from newsweave.link import Linker

    print("building 8,000 synthetic articles (stand-in embeddings, see docstring)...", flush=True)
    features = synthetic_features()
    linker = Linker()
    per_article: dict[int, float] = {}
    for start in range(0, TOTAL, BATCH):
        batch = features[start : start + BATCH]
        began = time.perf_counter()
        linker.add(batch)
        per_article[start + BATCH] = (time.perf_counter() - began) / len(batch)
        if (start + BATCH) % 1000 == 0:
            print(f"  {start + BATCH} linked", flush=True)
    print(f"{'corpus size':>12} {'ms/article':>11}  (mean of the 5 batches up to that size)")
    rows = {}
    for size in (1000, 2000, 4000, 8000):
        window = [per_article[s] for s in range(size - 4 * BATCH, size + 1, BATCH)]
        rows[size] = 1000 * float(np.mean(window))
        print(f"{size:>12,} {rows[size]:11.1f}")
    print(f"ratio 8k / 1k: {rows[8000] / rows[1000]:.2f}  (flat = 1.0); "
          f"events {len(linker.events())}, copy groups {len(linker.copy_groups())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
