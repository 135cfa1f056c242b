"""ECB+ document clustering into events (train+dev topics): the linker vs embeddings + HDBSCAN.

Run: .venv/bin/python benchmarks/events_ecbplus.py

Every document of ``../shared/data/ecbplus/documents.jsonl.gz`` is fed to one ``Linker`` (no
publication dates), in one batch and one article at a time in file order, and the resulting
events are scored against ``event_cluster`` with BCubed P/R/F1 and pairwise F1. The peer is the
BERTopic recipe without UMAP: the same MiniLM embeddings clustered by HDBSCAN. Goal: BCubed
F1 >= 0.90, no topic whose two sub-topics (two similar incidents) end up merged.
Features (spaCy entities, embeddings) are cached under /tmp/link/.

The last rows run the whole product instead: every document is written as a text file and
ingested by ``Corpus.ingest`` (text-dump cleaning, dates, entities, linking), and the events and
stories the store holds are scored. This is what a user gets. It differs from the linker rows
in two ways. The `ecbplus` documents open with their URL and publication date, which the
cleaner moves out of the body into metadata, and which then date them. The `ecb` documents carry
no date. The URL line is repaired from ECB+'s tokenisation ("http: / / www. bbc. co. uk" ->
"http://www.bbc.co.uk"), as the page had it. An ECB+ cluster also holds follow-ups weeks or years
after its incident (the Kraft shooting of 2010 and the verdict of 2012), which the product puts
in events of their own on one story, so the story rows are printed beside the event rows.
``--no-product`` leaves these rows out (the ingest takes a few minutes).
"""

from __future__ import annotations

import gzip
import json
import pickle
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "ecbplus" / "documents.jsonl.gz"
CACHE = Path("/tmp/link/ecbplus_features.pkl")


def load_ecbplus():
    """(docs with doc_id/topic/subtopic/event_cluster/text, ArticleFeatures in file order)."""
    from newsweave.link import ArticleFeatures, LinkInput, article_features

    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    if CACHE.exists():
        cached = pickle.loads(CACHE.read_bytes())
        if [f["article_id"] for f in cached] == [d["doc_id"] for d in docs]:
            return docs, [ArticleFeatures.from_dict(f) for f in cached]
    from newsweave.link.entities import spacy_entities

    entities = spacy_entities([d["text"] for d in docs])
    items = [
        LinkInput(article_id=d["doc_id"], title=None, body=d["text"], published=None,
                  outlet=None, credits=[], entities=e)
        for d, e in zip(docs, entities, strict=True)
    ]
    features = article_features(items)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps([f.to_dict() for f in features]))
    return docs, features


def bcubed(gold: list[str], pred: list[str]) -> tuple[float, float, float]:
    gold_sets, pred_sets = defaultdict(set), defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        gold_sets[g].add(i)
        pred_sets[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, pred, strict=True):
        both = len(gold_sets[g] & pred_sets[p])
        precision += both / len(pred_sets[p])
        recall += both / len(gold_sets[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def pairwise_f1(gold: list[str], pred: list[str]) -> float:
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        same_gold, same_pred = gold[i] == gold[j], pred[i] == pred[j]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def merged_topics(docs: list[dict], pred: list[str]) -> int:
    """Topics where some predicted cluster holds documents of both sub-topics."""
    by_cluster: dict[str, set[str]] = defaultdict(set)
    for doc, p in zip(docs, pred, strict=True):
        by_cluster[p].add(doc["event_cluster"])
    merged = set()
    for doc, p in zip(docs, pred, strict=True):
        if sum(c.split("_")[0] == str(doc["topic"]) for c in by_cluster[p]) > 1:
            merged.add(doc["topic"])
    return len(merged)


def merged_detail(docs: list[dict], pred: list[str]) -> list[str]:
    """For each merged topic, the event that holds most documents of both sub-topics."""
    by_event: dict[str, Counter] = defaultdict(Counter)
    sizes: Counter = Counter()
    for doc, p in zip(docs, pred, strict=True):
        by_event[p][(doc["topic"], doc["subtopic"])] += 1
        sizes[(doc["topic"], doc["subtopic"])] += 1
    worst: dict = {}
    for counts in by_event.values():
        for topic in {t for t, _ in counts}:
            parts = {s: n for (t, s), n in counts.items() if t == topic}
            if len(parts) > 1 and sum(parts.values()) > sum(worst.get(topic, {}).values()):
                worst[topic] = parts
    return [
        f"topic {topic}: one event holds "
        + " and ".join(f"{n} of {sizes[(topic, s)]} {s}" for s, n in sorted(parts.items()))
        for topic, parts in sorted(worst.items(), key=lambda item: int(item[0]))
    ]


def run_linker(features, order=None, batches: int = 0) -> list[str]:
    """Event id per article (in ``features`` order) after an online ingest.

    ``batches`` = 0: one article at a time; else that many equal add() calls.
    """
    from newsweave.link import Linker

    order = list(range(len(features))) if order is None else order
    linker = Linker()
    if batches:
        size = -(-len(order) // batches)
        for start in range(0, len(order), size):
            linker.add([features[i] for i in order[start : start + size]])
    else:
        for i in order:
            linker.add([features[i]])
    event_of = {link.article_id: link.event_id for link in linker.article_links()}
    return [event_of[f.article_id] for f in features]


def run_hdbscan(features, min_cluster_size: int = 3) -> list[str]:
    from sklearn.cluster import HDBSCAN

    vectors = np.stack([f.embedding for f in features])
    labels = HDBSCAN(min_cluster_size=min_cluster_size, metric="euclidean", copy=True).fit_predict(vectors)
    # noise points are singleton clusters, as BERTopic's outlier topic -1 is not one event
    return [f"h{label}" if label >= 0 else f"noise{i}" for i, label in enumerate(labels)]


def report(name: str, docs, pred: list[str], seconds: float) -> None:
    gold = [d["event_cluster"] for d in docs]
    p, r, f = bcubed(gold, pred)
    print(
        f"{name:<34} {p:6.3f} {r:6.3f} {f:6.3f} {pairwise_f1(gold, pred):8.3f} "
        f"{len(set(pred)):9d} {merged_topics(docs, pred):7d} {seconds:7.1f}"
    )


def story_check(docs, features) -> str:
    """Stories after one batch: the topics are unrelated incidents, so no story may span two
    (the issue's "unrelated events must not be chained into one giant story")."""
    from newsweave.link import Linker

    linker = Linker()
    linker.add(features)
    topic = {f.article_id: d["topic"] for d, f in zip(docs, features, strict=True)}
    topics_of: dict[str, set] = defaultdict(set)
    sizes: Counter = Counter()
    for link in linker.article_links():
        topics_of[link.story_id].add(topic[link.article_id])
        sizes[link.story_id] += 1
    spanning = sum(len(found) > 1 for found in topics_of.values())
    return (f"stories (one batch): {len(topics_of)}; spanning more than one topic: {spanning} (goal 0); "
            f"largest: {max(sizes.values())} articles")


def repaired_text(text: str) -> str:
    """The document as its page had it: ECB+ tokenised the URL line ("http: / / www. x. com")."""
    first, newline, rest = text.partition("\n")
    return (first.replace(" ", "") if first.startswith("http") else first) + newline + rest


def product_rows(docs: list[dict]) -> None:
    """Ingest every document as a text file through ``Corpus`` and score what the store holds."""
    import tempfile

    from newsweave import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ecbplus"
        folder.mkdir()
        doc_of = {}
        for doc in docs:
            path = folder / f"{doc['doc_id']}.txt"
            path.write_text(repaired_text(doc["text"]), encoding="utf-8")
            doc_of[str(path)] = doc
        start = time.perf_counter()
        with Corpus(Path(tmp) / "ecbplus.db") as corpus:
            report = corpus.ingest([folder])
            stored = {doc_of[a.source.path]["doc_id"]: a for a in corpus.articles()}
        seconds = time.perf_counter() - start
    kept = [doc for doc in docs if doc["doc_id"] in stored]
    dated = sum(stored[doc["doc_id"]].published_from not in (None, "inferred") for doc in kept)
    print(f"\nwhole product (Corpus.ingest of {len(docs)} text files, {seconds:.0f} s): {len(kept)} articles "
          f"stored ({report.revised} as revisions of a same-URL article, {len(report.errors)} failed: "
          f"{'; '.join(e.reason.split(':')[0] for e in report.errors) or 'none'}); {dated} dated by their text")
    print(f"{'system':<34} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>8} {'clusters':>9} {'merged':>7}")
    events = [stored[doc["doc_id"]].event_id for doc in kept]
    stories = [stored[doc["doc_id"]].story_id for doc in kept]
    for name, pred in (("whole product: events", events), ("whole product: stories", stories)):
        gold = [doc["event_cluster"] for doc in kept]
        p, r, f = bcubed(gold, pred)
        print(f"{name:<34} {p:6.3f} {r:6.3f} {f:6.3f} {pairwise_f1(gold, pred):8.3f} "
              f"{len(set(pred)):9d} {merged_topics(kept, pred):7d}")
    print("merged sub-topics, whole product (events):"
          + "".join(f"\n  {line}" for line in merged_detail(kept, events) or ["none"]))


def main() -> int:
    docs, features = load_ecbplus()
    gold = [d["event_cluster"] for d in docs]
    print(f"ECB+ train+dev: {len(docs)} documents, {len(set(gold))} event clusters, "
          f"{len(Counter(d['topic'] for d in docs))} topics; goal BCubed F1 >= 0.90")
    print(f"{'system':<34} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>8} "
          f"{'clusters':>9} {'merged':>7} {'secs':>7}")
    merged = {}
    for name, batches in (("newsweave Linker, one batch", 1), ("newsweave Linker, 1 article/add", 0)):
        start = time.perf_counter()
        pred = run_linker(features, batches=batches)
        report(name, docs, pred, time.perf_counter() - start)
        merged[name] = merged_detail(docs, pred)
    for size in (2, 3, 5):
        start = time.perf_counter()
        report(f"peer: MiniLM + HDBSCAN (mcs={size})", docs, run_hdbscan(features, size),
               time.perf_counter() - start)
    report("gold", docs, gold, 0.0)
    for name, lines in merged.items():
        print(f"\nmerged sub-topics, {name}:" + "".join(f"\n  {line}" for line in lines or ["none"]))
    print("\n" + story_check(docs, features))
    if "--no-product" not in sys.argv:
        product_rows(docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
