"""Stability of event grouping under batching and arrival order (ECB+ train+dev documents).

Run: .venv/bin/python benchmarks/link_stability.py

Reference: all 772 documents in one ``add`` call. Variants: two batches in file order, and
shuffled arrival (3 seeds) ingested in 2 or 10 batches. "changed" is the share of articles not
in the best one-to-one matching between the variant's events and the reference's (goal <= 2%).
Also checked: every event id of the first batch still resolves to a live event after the later
batches ("lost ids", goal 0); how many of them were merged into another event (they resolve
to it); and the share of first-batch articles that ended up in another event than the one their
first-batch event id resolves to (re-clustered away by later evidence).
"""

from __future__ import annotations

import random
import sys
from collections import Counter

from events_ecbplus import bcubed, load_ecbplus


def changed_share(reference: list[str], variant: list[str]) -> float:
    """1 - (articles kept by a greedy one-to-one matching of clusters) / all articles."""
    overlap = Counter(zip(reference, variant, strict=True))
    used_ref, used_var, kept = set(), set(), 0
    for (ref, var), count in overlap.most_common():
        if ref not in used_ref and var not in used_var:
            used_ref.add(ref)
            used_var.add(var)
            kept += count
    return 1.0 - kept / len(reference)


def ingest(features, order: list[int], batches: int):
    """Event id per article (features order), and the drift of the first batch's event ids."""
    from newsweave.link import Linker

    linker = Linker()
    size = -(-len(order) // batches)
    first_events: dict[str, str] = {}
    for start in range(0, len(order), size):
        linker.add([features[i] for i in order[start : start + size]])
        if start == 0:
            first_events = {a.article_id: a.event_id for a in linker.article_links()}
    final = {a.article_id: a.event_id for a in linker.article_links()}
    alive = {e.id for e in linker.events()}
    first_ids = set(first_events.values())
    lost = sum(linker.resolve(e) not in alive for e in first_ids)
    merged = sum(linker.resolve(e) != e and linker.resolve(e) in alive for e in first_ids)
    moved = sum(final[a] != linker.resolve(e) for a, e in first_events.items()) / max(1, len(first_events))
    return [final[f.article_id] for f in features], (lost, merged, len(first_ids)), moved


def main() -> int:
    docs, features = load_ecbplus()
    gold = [d["event_cluster"] for d in docs]
    n = len(features)
    reference, _, _ = ingest(features, list(range(n)), 1)
    print(f"ECB+ {n} documents; reference = one batch in file order "
          f"(BCubed F1 {bcubed(gold, reference)[2]:.3f}); goal: changed <= 2%")
    print(f"{'variant':<34} {'changed':>8} {'B3 F1':>6} {'lost ids':>9} {'merged ids':>11} {'1st-batch moved':>16}")
    variants = [("two batches, file order", list(range(n)), 2)]
    for seed in (1, 2, 3):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        variants.append((f"shuffled (seed {seed}), 2 batches", order, 2))
        variants.append((f"shuffled (seed {seed}), 10 batches", order, 10))
    worst = 0.0
    for name, order, batches in variants:
        events, (lost, merged, first), moved = ingest(features, order, batches)
        share = changed_share(reference, events)
        worst = max(worst, share)
        print(f"{name:<34} {share:8.1%} {bcubed(gold, events)[2]:6.3f} {lost:9d} "
              f"{f'{merged}/{first}':>11} {moved:16.1%}")
    print(f"worst changed share: {worst:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
