"""Events in a pile of unrelated web pages: does the linker keep apart what has nothing in common?

Run: .venv/bin/python benchmarks/events_web_pile.py

ECB+ (``events_ecbplus.py``) is a dense corpus: every article sits among a dozen reports of its
own incident, and the linker's weights are fitted there. A user's scraped pile is mostly the
opposite. This benchmark ingests the 999 saved pages of ``../shared/data/htmldate_eval/html``
(news from hundreds of sites, blogs, shops, recipes; German, English and 40 other languages) as
a user would, links them, and scores the events against hand labels
(``benchmarks/gold/web_pile_events.json``: four happenings reported by 2 to 7 pages each; every
other pair of pages is two happenings; how the labels were made is in the file). Figures: the
pairs of pages put in one event, pairwise precision / recall / F1 against the labelled pairs,
and the events that join pages of different happenings; then the same for stories against the
labelled storylines (a war reported on five different days, a debate and the day around it),
and the copy groups found are listed for inspection. The peer is MiniLM + HDBSCAN (the
BERTopic way) on the same pages.

Ingest and analysis are cached under /tmp/link/, keyed by a digest of the data and of the
package files outside ``newsweave.link`` (``unlinked_cache``); every run links a fresh copy of that database, so a
change to the linker is measured in about two minutes.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / ".." / "shared" / "data" / "htmldate_eval" / "html"
GOLD = Path(__file__).resolve().parent / "gold" / "web_pile_events.json"


def analysed() -> Path:
    """The pile ingested and analysed, not linked (cached: ``unlinked_cache``)."""
    from unlinked_cache import unlinked_corpus

    pages = sorted(path for path in PAGES.rglob("*") if path.is_file())
    key = b"".join(str(path.relative_to(PAGES)).encode() + str(path.stat().st_size).encode() for path in pages)
    return unlinked_corpus("webpile", PAGES, key)


def page_of(path: str) -> str:
    return Path(path).resolve().relative_to(PAGES.resolve()).as_posix()


def pairs_of(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for group in groups for pair in combinations(group, 2)}


def scores(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> tuple[float, float, float]:
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold) if gold else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if hits else 0.0


def main() -> int:
    from events_ecbplus import run_hdbscan
    from newsweave import Corpus
    from newsweave.api import link_input
    from newsweave.link import article_features

    labels = json.loads(GOLD.read_text(encoding="utf-8"))
    gold_groups = list(labels["groups"].values())
    gold = pairs_of(gold_groups)
    happening = {page: name for name, pages in labels["groups"].items() for page in pages}
    source = analysed()
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "pile.db"
        shutil.copy(source, db)
        with Corpus(db) as corpus:
            started = time.perf_counter()
            corpus.link()
            seconds = time.perf_counter() - started
            articles = corpus.articles()
            features = article_features([link_input(article) for article in articles])
            copy_groups = corpus.duplicates()
    pages = [page_of(article.source.path) for article in articles]
    missing = sorted(set(happening) - set(pages))
    if missing:
        raise SystemExit(f"labelled pages not stored: {missing}")
    systems = {
        "newsweave (whole product)": [article.event_id for article in articles],
        **{f"peer: MiniLM + HDBSCAN (mcs={size})": run_hdbscan(features, size) for size in (2, 3)},
    }
    stories = [article.story_id for article in articles]
    print(f"{len(articles)} pages stored of {sum(1 for p in PAGES.rglob('*') if p.is_file())}; "
          f"{len(gold)} labelled same-happening pairs in {len(gold_groups)} groups; linked in {seconds:.0f} s")
    print(f"{'system':<34} {'pairs joined':>12} {'precision':>9} {'recall':>7} {'F1':>6} {'events':>7} {'mixed events':>13}")
    mixed_of: dict[str, list[list[str]]] = {}
    for name, event_of in systems.items():
        members: dict[str, list[str]] = {}
        for page, event in zip(pages, event_of, strict=True):
            members.setdefault(event, []).append(page)
        groups = [sorted(group) for group in members.values() if len(group) > 1]
        predicted = pairs_of(groups)
        mixed = [group for group in groups if not pairs_of([group]) <= gold]
        mixed_of[name] = mixed
        p, r, f = scores(predicted, gold)
        print(f"{name:<34} {len(predicted):>12} {p:>9.3f} {r:>7.3f} {f:>6.3f} {len(members):>7} {len(mixed):>13}")
    print("goal: precision near 1 (a pile of unrelated pages must stay apart) without losing the labelled happenings")
    story_groups = list(labels["stories"].values())
    members = {}
    for page, story in zip(pages, stories, strict=True):
        members.setdefault(story, []).append(page)
    predicted = pairs_of([sorted(group) for group in members.values() if len(group) > 1])
    p, r, f = scores(predicted, pairs_of(story_groups))
    whole = sum(len({stories[pages.index(page)] for page in group}) == 1 for group in story_groups)
    print(f"\nstories: {len(pairs_of(story_groups))} labelled same-story pairs in {len(story_groups)} storylines; "
          f"newsweave pairs joined {len(predicted)}, precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}; "
          f"storylines kept whole {whole} of {len(story_groups)}")
    for name, group in labels["stories"].items():
        parts = len({stories[pages.index(page)] for page in group})
        if parts > 1:
            print(f"  split into {parts} stories: {name}")
    print("\nnewsweave events that join pages of different happenings:")
    titles = {page_of(a.source.path): (a.title or "")[:60] for a in articles}
    for group in mixed_of["newsweave (whole product)"]:
        print("  " + " + ".join(f"{page.split('/')[-1][:28]} ({titles[page]})" for page in group))
    by_id = {article.id: article for article in articles}
    print(f"\ncopy groups (one text on several pages; none is labelled): {len(copy_groups)}")
    for group in copy_groups:
        members = [by_id[m] for m in [group["originator"], *group["republishers"]]]
        print("  " + " + ".join(f"{m.outlet}: {(m.title or '')[:40]}" for m in members))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
