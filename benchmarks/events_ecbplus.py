"""ECB+ document clustering into events (train+dev topics): newsweave vs embeddings + HDBSCAN.

Run: .venv/bin/python benchmarks/events_ecbplus.py

Every document of ``../shared/data/ecbplus/documents.jsonl.gz`` is written as a text file and
ingested by ``Corpus.ingest``, as a user would: the text-dump cleaner separates headline, body
and the `ecbplus` documents' URL and date lines (which date them; the `ecb` documents carry no
date), spaCy finds and resolves the entities, and the linker groups the articles. The URL line
is repaired from ECB+'s tokenisation ("http: / / www. bbc. co. uk" -> "http://www.bbc.co.uk"),
as the page had it. The events and stories the store then holds are scored against
``event_cluster`` with BCubed P/R/F1 and pairwise F1 ("whole product"), and the linker is run
again on the same articles one at a time, and with the dates withheld.

Why the dates-withheld row: an ECB+ cluster holds an incident's follow-ups too, weeks or years
later (the Kraft shooting of 2010 and the verdict of 2012; Lindsay Lohan entering the Betty
Ford clinic on 2 May and leaving it on 12 June). newsweave puts such a follow-up in an event of
its own on the same story, so the story row is printed beside the event rows, and so is the
gold cut where its dated articles lie more than two days apart: the best such a linker can do.

Before 2026-11-23 this benchmark fed the raw document text to the linker (URL and date lines in
the body, no dates). That scored higher (B3 F1 0.921) partly because every `ecbplus` lead then
began with "http www ... 2013", which no cleaned article has.

The peer is the BERTopic recipe without UMAP: the same MiniLM embeddings clustered by HDBSCAN.
Goal: BCubed F1 >= 0.90, no topic whose two sub-topics (two similar incidents) end up merged.
The ingest takes a few minutes; the database and the linker features are cached under
/tmp/link/, keyed by a digest of the package source and the data.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import json
import pickle
import re
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "ecbplus" / "documents.jsonl.gz"
CACHE = Path("/tmp/link")


_SPLIT_NUMBER = re.compile(r"(?<=\d)(?: ([/-]) |([:.]) )(?=\d)")
MAX_STAMP_LINE = 90  # the text cleaner's bound on a date line


def repaired_text(text: str) -> str:
    """The document as its page had it. ECB+ tokenised the URL line ("http: / / www. x. com")
    and the short date lines ("UPDATED 05 / 03 / 2013 at 11: 00 AM", "2012 - 04 - 04"); the
    article's prose is left as ECB+ has it."""
    first, newline, rest = text.partition("\n")
    first = first.replace(" ", "") if first.startswith("http") else first
    lines = [_SPLIT_NUMBER.sub(lambda m: m[1] or m[2], line) if len(line) <= MAX_STAMP_LINE else line
             for line in rest.split("\n")]
    return first + newline + "\n".join(lines)


def _digest() -> str:
    """Changes whenever the package source or the data does, so a stale cache is never read."""
    digest = hashlib.sha256(DATA.read_bytes())
    for path in sorted((ROOT / "src" / "newsweave").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache  # one digest per run: a source edit during the run must not start a second ingest
def ingested() -> Path:
    """The database of the whole ECB+ copy ingested through ``Corpus`` (built once per digest).

    The linker features are taken after analysis and before linking (linking writes inferred
    dates into undated articles), then the corpus is linked as ``ingest`` would have done."""
    from newsweave import Corpus
    from newsweave.api import link_input
    from newsweave.link import article_features

    folder = CACHE / f"ecbplus-product-{_digest()}"
    if (folder / "done").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    texts = folder / "documents"
    texts.mkdir(exist_ok=True)
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    for doc in docs:
        (texts / f"{doc['doc_id']}.txt").write_text(repaired_text(doc["text"]), encoding="utf-8")
    (folder / "ecbplus.db").unlink(missing_ok=True)
    print(f"ingesting {len(docs)} ECB+ documents as text files (cached in {folder})...", flush=True)
    start = time.perf_counter()
    with Corpus(folder / "ecbplus.db") as corpus:
        report = corpus.ingest([texts], link=False)
        articles = corpus.articles()
        features = article_features([link_input(article) for article in articles])
        corpus.link()
    (folder / "features.pkl").write_bytes(pickle.dumps([f.to_dict() for f in features]))
    (folder / "ingest.json").write_text(json.dumps({**report.to_dict(), "seconds": time.perf_counter() - start}))
    (folder / "done").touch()
    return folder


def load_ecbplus():
    """(the documents the store kept, their linker features keyed by doc_id, in file order)."""
    from newsweave import Corpus
    from newsweave.link import ArticleFeatures

    folder = ingested()
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    with Corpus(folder / "ecbplus.db") as corpus:
        doc_of = {a.id: Path(a.source.path).stem for a in corpus.articles()}
    by_doc = {}
    for item in pickle.loads((folder / "features.pkl").read_bytes()):
        feature = ArticleFeatures.from_dict(item)
        by_doc[doc_of[feature.article_id]] = dataclasses.replace(feature, article_id=doc_of[feature.article_id])
    kept = [doc for doc in docs if doc["doc_id"] in by_doc]
    return kept, [by_doc[doc["doc_id"]] for doc in kept]


def undated(features):
    """The same features with every date withheld."""
    return [dataclasses.replace(f, published=None, event_date=None, date_from=None) for f in features]


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


def date_split_gold(docs: list[dict], features) -> list[str]:
    """The gold clusters cut wherever their dated articles lie more than the linker's same-day
    slack apart (its day gap: event days, or publication days when closer; articles chained by
    such links stay together; undated articles go with the largest piece): what a linker that
    keeps follow-ups apart, and is otherwise perfect, would give. The ceiling of the event rows."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    from newsweave.link.score import SAME_DAY_SLACK, days_apart

    members: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        members[doc["event_cluster"]].append(i)
    label: dict[int, str] = {}
    for cluster, rows in members.items():
        dated = [i for i in rows if features[i].event_date]
        close = np.array([[days_apart(features[i], features[j]) <= SAME_DAY_SLACK for j in dated] for i in dated])
        _, piece = connected_components(csr_matrix(close.reshape(len(dated), len(dated))), directed=False)
        label.update((i, f"{cluster}/{k}") for i, k in zip(dated, piece, strict=True))
        largest = Counter(piece.tolist()).most_common(1)[0][0] if dated else 0
        label.update((i, f"{cluster}/{largest}") for i in rows if i not in label)
    return [label[i] for i in range(len(docs))]


def report(name: str, docs, pred: list[str], seconds: float) -> None:
    gold = [d["event_cluster"] for d in docs]
    p, r, f = bcubed(gold, pred)
    print(
        f"{name:<38} {p:6.3f} {r:6.3f} {f:6.3f} {pairwise_f1(gold, pred):8.3f} "
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


def stored_links(docs: list[dict]) -> tuple[list[str], list[str]]:
    """Event and story ids the whole-product ingest stored, per document of ``docs``."""
    from newsweave import Corpus

    with Corpus(ingested() / "ecbplus.db") as corpus:
        stored = {Path(a.source.path).stem: a for a in corpus.articles()}
    return [stored[d["doc_id"]].event_id for d in docs], [stored[d["doc_id"]].story_id for d in docs]


def main() -> int:
    docs, features = load_ecbplus()
    report_file = json.loads((ingested() / "ingest.json").read_text())
    gold = [d["event_cluster"] for d in docs]
    dated = sum(f.published is not None for f in features)
    print(f"ECB+ train+dev ingested as {report_file['files']} text files ({report_file['seconds']:.0f} s): "
          f"{len(docs)} articles stored ({report_file['revised']} as a revision of a same-URL article, "
          f"{len(report_file['errors'])} failed: "
          f"{'; '.join(e['reason'].split(':')[0] for e in report_file['errors']) or 'none'}), {dated} dated; "
          f"{len(set(gold))} event clusters, {len(Counter(d['topic'] for d in docs))} topics; goal BCubed F1 >= 0.90")
    print(f"{'system':<38} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair F1':>8} "
          f"{'clusters':>9} {'merged':>7} {'secs':>7}")
    events, stories = stored_links(docs)
    merged = {}
    report("whole product: events", docs, events, 0.0)
    merged["whole product (events)"] = merged_detail(docs, events)
    report("whole product: stories", docs, stories, 0.0)
    start = time.perf_counter()
    pred = run_linker(features, batches=0)
    report("linker, 1 article/add", docs, pred, time.perf_counter() - start)
    merged["linker, 1 article/add"] = merged_detail(docs, pred)
    start = time.perf_counter()
    pred = run_linker(undated(features), batches=1)
    report("linker, one batch, dates withheld", docs, pred, time.perf_counter() - start)
    merged["linker, dates withheld"] = merged_detail(docs, pred)
    for size in (2, 3, 5):
        start = time.perf_counter()
        report(f"peer: MiniLM + HDBSCAN (mcs={size})", docs, run_hdbscan(features, size),
               time.perf_counter() - start)
    report("gold", docs, gold, 0.0)
    report("gold, cut where dated > 2 days apart", docs, date_split_gold(docs, features), 0.0)
    for name, lines in merged.items():
        print(f"\nmerged sub-topics, {name}:" + "".join(f"\n  {line}" for line in lines or ["none"]))
    print("\n" + story_check(docs, features))
    return 0


if __name__ == "__main__":
    sys.exit(main())
