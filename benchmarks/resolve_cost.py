"""Entity resolution cost per article as the corpus grows (the corpus step after analysis).

Run: .venv/bin/python benchmarks/resolve_cost.py

The resolver folds each analysed article into the corpus entities. A popular entity ("United
States", a president with his title) is named in a large share of a real archive, so any work
that grows with an entity's article count makes the whole corpus step quadratic. This script
feeds ``EntityResolver.add`` a synthetic stream shaped like news: every article names three of
seven very common entities (places, people with their roles, two people named Reid), three of
5,000 rare people, and three times in ten a lone "Reid"; it prints the CPU time per article at
5k, 10k, 20k and 40k articles. Goal: flat (40k within x1.2 of 5k). Synthetic names, no model:
this measures the resolver alone (the spaCy analysis before it reads about 3,000 words a second,
see ``quotes_polnear.py``).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from newsweave.analyse import EntityResolver
from newsweave.analyse.records import ArticleAnalysis, EntityCluster

SIZES = [5_000, 10_000, 20_000, 40_000]
COMMON = [("United States", "GPE", []), ("Russia", "GPE", []), ("Barack Obama", "PERSON", ["President"]),
          ("Sergei Lavrov", "PERSON", ["Foreign Minister"]), ("United Nations", "ORG", []),
          ("Harry Reid", "PERSON", ["Senator"]), ("Tara Reid", "PERSON", ["actress"])]


def article(rng: np.random.Generator, i: int) -> ArticleAnalysis:
    clusters = []
    for name, label, roles in (COMMON[k] for k in rng.choice(len(COMMON), 3, replace=False)):
        clusters.append(EntityCluster(key=f"c{len(clusters)}", name=name, label=label, roles=list(roles)))
    if rng.random() < 0.3:  # a lone surname two known people share
        clusters.append(EntityCluster(key=f"c{len(clusters)}", name="Reid", label="PERSON"))
    for k in rng.integers(0, 5_000, 3):
        clusters.append(EntityCluster(key=f"c{len(clusters)}", name=f"Person{k} Rare{k}", label="PERSON"))
    return ArticleAnalysis(entities=clusters, published=f"2015-01-{1 + i % 28:02d}")


def main() -> int:
    print("resolver CPU time per article (synthetic stream, see docstring)")
    print(f"{'articles':>9} {'ms/article':>11}")
    per_article = []
    for size in SIZES:
        rng = np.random.default_rng(0)
        stream = [article(rng, i) for i in range(size)]
        resolver = EntityResolver()
        start = time.process_time()
        for i, analysis in enumerate(stream):
            resolver.add(f"a{i}", analysis)
        per_article.append(1000 * (time.process_time() - start) / size)
        print(f"{size:>9,} {per_article[-1]:>11.3f}")
    print(f"{SIZES[-1] // 1000}k / {SIZES[0] // 1000}k: x{per_article[-1] / per_article[0]:.2f} (goal: flat, within x1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
