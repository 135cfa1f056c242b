"""Events and stories in a real multi-outlet news export: 96 articles, 12 happenings, 12 outlets.

Run: .venv/bin/python benchmarks/events_news_export.py

The Giveme5W1H gold standard (``../shared/data/giveme5w1h_5w1h_gold``) is a news-please crawl of
November 2016: the Croydon tram crash, the FBI clearing Clinton and her blaming Comey after the
election, Trump meeting Obama, the Brazilian Grand Prix, the Toblerone shape change and six more,
each reported by 3 to 12 of twelve British and American outlets (BBC, The Guardian, The New York
Times, Daily Mail, ...). Its authors grouped the articles by happening (``category``). Unlike
ECB+, where the weights are fitted, this corpus is dated, written by many outlets about
different angles of one happening, and never seen by any fitting: it measures what a user
ingesting a news-please export gets. The file is ingested as it is (JSONL, the product's export
reader), linked, and scored:

- events against the categories: BCubed and pairwise F1, the categories split over several
  events, the events that mix categories. One article has no category (a New York Times page of
  6 Nov on the Clinton e-mail case); it is left out of the scores. "china well" holds the search
  for a boy in a well (8 Nov) and his being found dead (11 Nov), which newsweave may rightly keep
  as two events of one story.
- stories against storylines: each category, with the crash and the naming of its victims one
  storyline, and the FBI's verdict and Clinton's blaming it for her defeat another
  (``STORYLINES``: the only labels this script adds).

The copy groups newsweave finds (one text run by several outlets: the Mail's and the Mirror's
versions of one wire story) are listed after the scores, each flagged if it joins two happenings.

The peer is MiniLM + HDBSCAN (the BERTopic way) on the same articles. Ingest and analysis are
cached under /tmp/link/, keyed by a digest of the data and of the package files outside
``newsweave.link``, so a change to the linker is measured in seconds.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / ".." / "shared" / "data" / "giveme5w1h_5w1h_gold" / "articles_5w1h.jsonl"
# categories of one storyline (the dataset's categories are happenings)
STORYLINES = {
    "tram": "Croydon tram crash",
    "tram victims": "Croydon tram crash",
    "clinton clear": "FBI, Clinton's e-mails and her defeat",
    "clinton blames comey": "FBI, Clinton's e-mails and her defeat",
}


def analysed() -> Path:
    """The export ingested and analysed, not linked (cached: ``unlinked_cache``)."""
    from unlinked_cache import unlinked_corpus

    return unlinked_corpus("newsexport", EXPORT, EXPORT.read_bytes())


def category_by_url() -> dict[str, str | None]:
    with EXPORT.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return {row["url"]: row["category"] for row in rows}


def groups_of(labels: list[str], predicted: list[str]) -> tuple[list[str], list[str]]:
    """Per predicted cluster, what it holds: (split gold groups, mixed predicted clusters)."""
    parts: dict[str, set[str]] = defaultdict(set)
    holds: dict[str, Counter] = defaultdict(Counter)
    for gold, pred in zip(labels, predicted, strict=True):
        parts[gold].add(pred)
        holds[pred][gold] += 1
    split = [f"{gold} ({len(preds)} parts)" for gold, preds in parts.items() if len(preds) > 1]
    mixed = [" + ".join(f"{gold} x{n}" for gold, n in counts.most_common()) for counts in holds.values() if len(counts) > 1]
    return split, mixed


def main() -> int:
    from events_ecbplus import bcubed, pairwise_f1, run_hdbscan
    from newsweave import Corpus
    from newsweave.api import link_input
    from newsweave.link import article_features

    category = category_by_url()
    source = analysed()
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "export.db"
        shutil.copy(source, db)
        with Corpus(db) as corpus:
            started = time.perf_counter()
            corpus.link()
            seconds = time.perf_counter() - started
            articles = corpus.articles()
            features = article_features([link_input(article) for article in articles])
            copy_groups = corpus.duplicates()
    labelled = [i for i, article in enumerate(articles) if category.get(article.source.url)]
    events = [category[articles[i].source.url] for i in labelled]
    storylines = [STORYLINES.get(label, label) for label in events]
    outlets = {article.outlet for article in articles}
    print(f"{len(articles)} articles stored of {len(category)} ({len(labelled)} labelled), "
          f"{len(outlets)} outlets, {len(set(events))} happenings; linked in {seconds:.1f} s")

    systems = {
        "newsweave (whole product): events": [articles[i].event_id for i in labelled],
        "newsweave (whole product): stories": [articles[i].story_id for i in labelled],
        **{f"peer: MiniLM + HDBSCAN (mcs={size})": [run_hdbscan(features, size)[i] for i in labelled] for size in (2, 3)},
    }
    print(f"\n{'system vs happenings':<38} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>8} {'clusters':>9} {'mixed':>6}")
    for name, predicted in systems.items():
        p, r, f = bcubed(events, predicted)
        mixed = groups_of(events, predicted)[1]
        print(f"{name:<38} {p:>6.3f} {r:>6.3f} {f:>6.3f} {pairwise_f1(events, predicted):>8.3f} "
              f"{len(set(predicted)):>9} {len(mixed):>6}")
    print(f"{'system vs storylines':<38} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>8} {'clusters':>9} {'mixed':>6}")
    for name in ("newsweave (whole product): stories", "newsweave (whole product): events"):
        predicted = systems[name]
        p, r, f = bcubed(storylines, predicted)
        mixed = groups_of(storylines, predicted)[1]
        print(f"{name:<38} {p:>6.3f} {r:>6.3f} {f:>6.3f} {pairwise_f1(storylines, predicted):>8.3f} "
              f"{len(set(predicted)):>9} {len(mixed):>6}")

    split, mixed = groups_of(events, systems["newsweave (whole product): events"])
    print("\nnewsweave events: happenings split over several events: " + ("; ".join(split) or "none"))
    print("newsweave events that mix happenings: " + ("; ".join(mixed) or "none"))
    split, mixed = groups_of(storylines, systems["newsweave (whole product): stories"])
    print("newsweave stories: storylines split over several stories: " + ("; ".join(split) or "none"))
    print("newsweave stories that mix storylines: " + ("; ".join(mixed) or "none"))
    by_id = {article.id: article for article in articles}
    print(f"\ncopy groups (one text run by several outlets): {len(copy_groups)}")
    for group in copy_groups:
        members = [by_id[m] for m in [group["originator"], *group["republishers"]]]
        happenings = {category.get(m.source.url) for m in members}
        names = " + ".join(f"{m.outlet}: {(m.title or '')[:40]}" for m in members)
        print(f"  {names}{'' if len(happenings) == 1 else '   <- JOINS DIFFERENT HAPPENINGS'}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
