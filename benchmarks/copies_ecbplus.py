"""Copies in ECB+: are republications of one text told from independent reports of one happening?

Run: .venv/bin/python benchmarks/copies_ecbplus.py

A user counts independent reports and reach from newsweave's copy groups (``newsweave
duplicates``; ``duplicate_of`` and ``copy_group`` on each article). ECB+ holds a dozen reports
of each of its 66 happenings, gathered from the web in 2013. Many are one wire story as
different sites ran it: trimmed, retitled, restyled ("Mr. LaRue" for "LaRue"), or an earlier or
later version of it. Others were written separately and share only quotations and facts.
``benchmarks/gold/ecbplus_copies.json`` partitions each happening's documents into such text
families, hand-labelled (how is in the file).

The product's copy groups are those the whole-product ECB+ ingest stored
(``events_ecbplus.ingested``: the documents ingested as text files, cleaned, linked). Scores:

- pairs: two documents in one copy group against two in one family (a group is transitive: a
  trimmed copy of a wire story and the story's later rewrite are one family through the story);
- BCubed precision and recall of each document's copy group against its family;
- independent reports: per happening, the families (a family counts once) against the copy
  groups (a group counts once) newsweave would count; the summed absolute error over the 66
  happenings, and with no copy detection at all.

Peers, on the same cleaned bodies: MinHash LSH (datasketch, 128 permutations, word 4-grams) at
resemblance 0.5, newsweave's detector until 2026-11-24, and at 0.8, the usual near-duplicate
setting for deduplication.

The two bars of ``newsweave.link.copies`` (containment, fingerprints shared) were chosen on
these labels, so the script also checks the choice held out: the bars that score best on the
happenings of even topics are scored on the odd ones, and the other way round.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold" / "ecbplus_copies.json"


def gold_families() -> dict[str, str]:
    """Family label per document id ("<cluster>/<n>")."""
    labels = json.loads(GOLD.read_text(encoding="utf-8"))["families"]
    return {doc: f"{cluster}/{n}" for cluster, families in labels.items()
            for n, family in enumerate(families) for doc in family}


def minhash_groups(bodies: dict[str, str], threshold: float) -> dict[str, str]:
    """Copy group per document from MinHash LSH at ``threshold`` resemblance, as newsweave's
    CopyIndex did before containment: each document joins the group of its best match."""
    from datasketch import MinHash, MinHashLSH

    from newsweave.link.features import MIN_COPY_WORDS, SHINGLE, words

    lsh = MinHashLSH(threshold=threshold * 0.8, num_perm=128)
    signatures: dict[str, MinHash] = {}
    group: dict[str, str] = {}
    for doc, body in bodies.items():
        tokens = words(body)
        if len(tokens) < MIN_COPY_WORDS:
            group[doc] = doc
            continue
        signature = MinHash(num_perm=128)
        signature.update_batch([" ".join(tokens[i : i + SHINGLE]).encode() for i in range(len(tokens) - SHINGLE + 1)])
        matches = [(signature.jaccard(signatures[other]), other) for other in lsh.query(signature)]
        best = max((m for m in matches if m[0] >= threshold), default=None)
        group[doc] = group[best[1]] if best else doc
        lsh.insert(doc, signature)
        signatures[doc] = signature
    return group


def pair_shares(bodies: dict[str, str]) -> list[tuple[str, str, int, float]]:
    """(a, b, fingerprints shared, share of the smaller text's) for each pair sharing any."""
    from newsweave.link.features import copy_fingerprints

    prints = {doc: set(copy_fingerprints(body).tolist()) for doc, body in bodies.items()}
    holders: dict[int, list[str]] = defaultdict(list)
    for doc, found in prints.items():
        for fingerprint in found:
            holders[fingerprint].append(doc)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for docs in holders.values():
        for pair in combinations(sorted(docs), 2):
            shared[pair] += 1
    return [(a, b, n, n / min(len(prints[a]), len(prints[b]))) for (a, b), n in shared.items()]


def chained(docs: list[str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Group per document: the connected components of ``pairs``."""
    parent = {doc: doc for doc in docs}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    for a, b in pairs:
        parent[root(a)] = root(b)
    return {doc: root(doc) for doc in docs}


def held_out_bars(family: dict[str, str], bodies: dict[str, str]) -> list[str]:
    """Bars fitted on half of the topics (pair F1), scored on the other half."""
    from newsweave.link.copies import COPY_CONTAINMENT, MIN_SHARED

    shares = pair_shares(bodies)
    grid = [(c, m) for c in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5) for m in (2, 3, 5, 8, 10)]

    def f1(docs: list[str], bar: tuple[float, int]) -> float:
        inside = set(docs)
        pairs = [(a, b) for a, b, n, c in shares if a in inside and b in inside and c >= bar[0] and n >= bar[1]]
        return scores({d: family[d] for d in docs}, chained(docs, pairs))[2]

    lines = []
    for fit in (0, 1):
        train = [d for d in family if int(d.split("_")[0]) % 2 == fit]
        test = [d for d in family if int(d.split("_")[0]) % 2 != fit]
        best = max(grid, key=lambda bar: f1(train, bar))
        lines.append(f"bars fitted on the {('even', 'odd')[fit]} topics: containment {best[0]}, {best[1]} shared; "
                     f"pair F1 on the {('odd', 'even')[fit]} topics {f1(test, best):.3f} "
                     f"(the shipped {COPY_CONTAINMENT}, {MIN_SHARED} there: {f1(test, (COPY_CONTAINMENT, MIN_SHARED)):.3f})")
    return lines


def scores(family: dict[str, str], group: dict[str, str]) -> tuple[float, float, float, float, float, int]:
    """(pair P, pair R, pair F1, BCubed P, BCubed R, independent-report error)."""
    docs = sorted(family)
    members: dict[str, set[str]] = defaultdict(set)
    relatives: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        members[group[doc]].add(doc)
        relatives[family[doc]].add(doc)
    predicted = {pair for m in members.values() for pair in combinations(sorted(m), 2)}
    gold = {pair for m in relatives.values() for pair in combinations(sorted(m), 2)}
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    b_precision = sum(len(members[group[d]] & relatives[family[d]]) / len(members[group[d]]) for d in docs) / len(docs)
    b_recall = sum(len(members[group[d]] & relatives[family[d]]) / len(relatives[family[d]]) for d in docs) / len(docs)
    happenings: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        happenings[family[doc].split("/")[0]].append(doc)
    error = sum(abs(len({group[d] for d in ds}) - len({family[d] for d in ds})) for ds in happenings.values())
    return precision, recall, f1, b_precision, b_recall, error


def main() -> int:
    from events_ecbplus import ingested
    from newsweave import Corpus

    family = gold_families()
    with Corpus(ingested() / "ecbplus.db") as corpus:
        articles = {Path(a.source.path).stem: a for a in corpus.articles()}
    family = {doc: label for doc, label in family.items() if doc in articles}
    bodies = {doc: articles[doc].body for doc in sorted(family)}
    copies = sum(len(m) > 1 for m in _by(family).values())
    print(f"ECB+ train+dev: {len(family)} documents stored, {len({f.split('/')[0] for f in family.values()})} "
          f"happenings, {copies} labelled families of two or more documents "
          f"({sum(len(m) for m in _by(family).values() if len(m) > 1)} documents)")
    systems = {
        "newsweave (whole product)": {doc: articles[doc].copy_group or doc for doc in family},
        "MinHash LSH, resemblance >= 0.5": minhash_groups(bodies, 0.5),
        "MinHash LSH, resemblance >= 0.8": minhash_groups(bodies, 0.8),
        "no copy detection": {doc: doc for doc in family},
    }
    print(f"{'system':<34} {'pair P':>6} {'pair R':>6} {'pair F1':>7} {'B3 P':>6} {'B3 R':>6} {'report-count error':>19}")
    for name, group in systems.items():
        p, r, f, bp, br, error = scores(family, group)
        print(f"{name:<34} {p:6.3f} {r:6.3f} {f:7.3f} {bp:6.3f} {br:6.3f} {error:19d}")
    print("report-count error: summed over the happenings, |copy groups - labelled families|")
    print("\n".join(held_out_bars(family, bodies)))
    return 0


def _by(label: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for doc, value in label.items():
        grouped[value].append(doc)
    return grouped


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
