"""Events in a sparse, realistic corpus: the SemEval-2022 Task 8 en-en articles linked as one pile.

Run: .venv/bin/python benchmarks/events_semeval_corpus.py

ECB+ (``events_ecbplus.py``) is dense: every article sits among a dozen reports of its own
incident, and the linker's weights are fitted there. A user's pile is mostly sparse: many
unrelated articles, a few reports of each happening. This benchmark feeds the 391 distinct
articles of the 197 labelled SemEval pairs to the linker as one corpus (dates from the URL where
it has one, as the product would find them) and asks, for each labelled pair, whether its two
articles ended up in one event. Labels (Overall, 1 = same story .. 4 = different): <= 1.5 should
be joined, >= 3 should not; in between is a judgement call and is shown apart.

No constant of the linker is fitted on these pairs. The peer is MiniLM + HDBSCAN (the BERTopic
way) on the same articles; embeddings are cached under /tmp/link/ (shared with
``same_event_semeval.py``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysed import resolved_entities  # noqa: E402
from events_ecbplus import run_hdbscan, run_linker  # noqa: E402
from same_event_semeval import DATA, CachedEmbedder  # noqa: E402

BANDS = (  # (name, lowest Overall, highest Overall)
    ("same (Overall <= 1.5)", 1.0, 1.5), ("in between", 1.51, 2.99), ("different (Overall >= 3)", 3.0, 4.0),
)


def load() -> tuple[list[dict], list]:
    from newsweave.extract.dates import date_from_url
    from newsweave.link import LinkInput, article_features

    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    texts: dict[str, str] = {}
    dates: dict[str, str | None] = {}
    for row in rows:
        for article_id, text, link in zip(row["pair_id"].split("_"), (row["text1"], row["text2"]),
                                          (row["link1"], row["link2"]), strict=True):
            texts[article_id] = text.strip()
            dates[article_id] = date_from_url(link)
    ids = sorted(texts)
    entities = resolved_entities([texts[i] for i in ids], [dates[i] for i in ids])
    embedder = CachedEmbedder()
    features = article_features(
        [LinkInput(article_id=i, title=None, body=texts[i], published=dates[i], outlet=None, credits=[],
                   entities=found) for i, found in zip(ids, entities, strict=True)],
        embedder=embedder,
    )
    embedder.save()
    return rows, features


def joined_rates(rows: list[dict], event_of: dict[str, str]) -> list[tuple[float, int]]:
    rates = []
    for _, low, high in BANDS:
        band = [r for r in rows if low <= r["Overall"] <= high]
        together = [event_of[a] == event_of[b] for a, b in (r["pair_id"].split("_") for r in band)]
        rates.append((float(np.mean(together)), len(band)))
    return rates


def pair_f1(rates: list[tuple[float, int]]) -> float:
    """F1 of "put in one event" against the labelled same (positive) and different (negative)
    pairs; the in-between band is left out."""
    (same, n_same), _, (different, n_different) = rates
    joined, wrong = same * n_same, different * n_different
    precision = joined / (joined + wrong) if joined + wrong else 0.0
    return 2 * precision * same / (precision + same) if precision + same else 0.0


def main() -> int:
    rows, features = load()
    ids = [f.article_id for f in features]
    dated = sum(f.published is not None for f in features)
    systems = {
        "newsweave, one batch": run_linker(features, batches=1),
        "newsweave, one article at a time": run_linker(features),
        "peer: MiniLM + HDBSCAN (min size 2)": run_hdbscan(features, min_cluster_size=2),
    }
    print(f"SemEval-2022 Task 8 en-en as one corpus: {len(ids)} articles ({dated} dated by URL), "
          f"{len(rows)} labelled pairs; share of pairs put in one event")
    print(f"{'system':<38} " + " ".join(f"{name:>26}" for name, _, _ in BANDS) + f" {'pair F1':>8} {'events':>7}")
    for name, predicted in systems.items():
        event_of = dict(zip(ids, predicted, strict=True))
        rates = joined_rates(rows, event_of)
        cells = " ".join(f"{f'{rate:.2f} of {n}':>26}" for rate, n in rates)
        print(f"{name:<38} {cells} {pair_f1(rates):>8.3f} {len(set(predicted)):>7}")
    print("goal: high on 'same', low on 'different' (pair F1: same = positive, different = negative)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
