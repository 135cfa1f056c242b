"""SemEval-2022 Task 8 en-en pairs: Pearson of ``same_event_score`` against the Overall score.

Run: .venv/bin/python benchmarks/same_event_semeval.py

Overall runs 1 (same story) .. 4 (different), so it is negated. Anchor: best published en-en
Pearson 0.872 (HFL, a fine-tuned XLM-R ensemble). Baseline: plain MiniLM cosine of the texts.
Records carry spaCy entities (the stand-in for the analyse stage); texts have no separate title
or date. Sentence embeddings are cached under /tmp/link/. No constant of ``same_event_score`` was
fitted on these pairs (its centre comes from ECB+); the linker's internal logit (weights fitted
on ECB+ train+dev) is shown for comparison.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "semeval2022_task8" / "pairs_with_text_en_en.jsonl"
CACHE = Path("/tmp/link/semeval_embeddings.pkl")


class CachedEmbedder:
    """Wraps the default embedder; remembers vectors per text across runs."""

    def __init__(self) -> None:
        self.cache: dict[str, np.ndarray] = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {}
        self.dirty = False

    def encode(self, sentences: list[str], **kwargs) -> np.ndarray:
        missing = [s for s in dict.fromkeys(sentences) if s not in self.cache]
        if missing:
            from newsweave.link import default_embedder

            vectors = default_embedder().encode(missing, **kwargs)
            self.cache.update(zip(missing, np.asarray(vectors, dtype=np.float32), strict=True))
            self.dirty = True
        return np.stack([self.cache[s] for s in sentences])

    def save(self) -> None:
        if self.dirty:
            CACHE.parent.mkdir(parents=True, exist_ok=True)
            CACHE.write_bytes(pickle.dumps(self.cache))


def main() -> int:
    from analysed import resolved_entities
    from newsweave.link import LinkInput, article_features, same_event_score
    from newsweave.link.score import logit_matrix

    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    texts = [r["text1"].strip() for r in rows] + [r["text2"].strip() for r in rows]
    entities = resolved_entities(texts)
    gold = -np.array([r["Overall"] for r in rows])
    embedder = CachedEmbedder()
    half = len(rows)
    with_entities, without_entities = [], []
    for i in range(half):
        a = {"body": texts[i], "entities": entities[i]}
        b = {"body": texts[half + i], "entities": entities[half + i]}
        with_entities.append(same_event_score(a, b, embedder=embedder))
        without_entities.append(same_event_score({"body": a["body"]}, {"body": b["body"]}, embedder=embedder))
    features = article_features(
        [LinkInput(article_id=str(i), title=None, body=t, published=None, outlet=None, credits=[],
                   entities=e) for i, (t, e) in enumerate(zip(texts, entities, strict=True))],
        embedder=embedder,
    )
    linker_logit = [float(logit_matrix([features[i]], [features[half + i]])[0, 0]) for i in range(half)]
    vectors = embedder.encode(texts, normalize_embeddings=True)
    cosine = np.sum(vectors[:half] * vectors[half:], axis=1)
    embedder.save()
    print(f"SemEval-2022 Task 8 en-en: {half} pairs with text; Pearson vs -Overall")
    print(f"{'system':<44} {'Pearson':>8}")
    print(f"{'newsweave same_event_score (with entities)':<44} {pearsonr(with_entities, gold)[0]:8.3f}")
    print(f"{'newsweave same_event_score (text only)':<44} {pearsonr(without_entities, gold)[0]:8.3f}")
    print(f"{'linker internal logit (ECB+-fitted weights)':<44} {pearsonr(linker_logit, gold)[0]:8.3f}")
    print(f"{'baseline: MiniLM cosine':<44} {pearsonr(cosine, gold)[0]:8.3f}")
    print(f"{'anchor: best published en-en (HFL)':<44} {0.872:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
