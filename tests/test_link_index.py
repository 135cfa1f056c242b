"""The linker's search structures give exactly what a brute-force scan of everything gives."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from newsweave.link import index as index_module
from newsweave.link.copies import CopyIndex
from newsweave.link.features import ArticleFeatures, copy_fingerprints
from newsweave.link.index import DENSITY_K, DENSITY_WINDOW_DAYS, DenseIndex, Density
from newsweave.link.score import MU_DEFAULT, Profile, TermSpace, logit_matrix, pair_logits
from newsweave.link.stories import best_story, story_logit

DIM = 16
START = date(2020, 1, 1)


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def profile(vectors: np.ndarray, days: list[int | None]) -> Profile:
    result = Profile(vector=np.zeros(DIM, dtype=np.float32))
    for vector, day in zip(vectors, days, strict=True):
        result.vector = result.vector + vector
        result.size += 1
        if day is not None:
            when = START + timedelta(days=day)
            result.first = when if result.first is None else min(result.first, when)
            result.last = when if result.last is None else max(result.last, when)
    return result


def brute_nearest(events: dict[str, Profile], vector, day, k, window) -> list[str]:
    scored = []
    for order, (event_id, p) in enumerate(events.items()):
        if day is not None and window is not None and p.first is not None:
            lo, hi = p.first.toordinal() - window, p.last.toordinal() + window
            if not lo <= day <= hi:
                continue
        scored.append((-float(p.centroid() @ vector), order, event_id))
    return [event_id for _, _, event_id in sorted(scored)[:k]]


def test_dense_index_matches_brute_force_through_updates_and_removals():
    rng = np.random.default_rng(3)
    index, events = DenseIndex(), {}
    for _ in range(400):
        event_id = f"e{rng.integers(0, 150)}"
        if event_id in events and rng.random() < 0.2:
            index.remove(event_id)
            del events[event_id]
            continue
        # some events undated, some spanning many weeks (they sit in several date buckets)
        span = int(rng.choice([0, 3, 60]))
        first = int(rng.integers(0, 400))
        days = [None, None] if rng.random() < 0.15 else [first, first + span]
        grown = profile(unit(rng, 2), days)
        if event_id in events:  # an event that grows moves and widens its span
            old = events.pop(event_id)
            grown = profile(np.stack([old.vector, grown.vector]), [
                None if old.first is None else (old.first - START).days,
                None if grown.first is None else (grown.last - START).days,
            ])
        events[event_id] = grown
        index.upsert(event_id, grown)
    # brute force breaks ties by insertion order; the index by row, so compare without ties
    assert len(index) == len(events)
    for query in unit(rng, 60):
        for day in (None, START.toordinal() + int(rng.integers(-20, 480))):
            for window in (None, 10):
                got = index.nearest(query, day, 8, window)
                want = brute_nearest(events, query, day, 8, window)
                assert got == want


def test_dense_index_ties_and_batched_queries():
    index = DenseIndex()
    vector = unit(np.random.default_rng(0), 1)[0]
    for name in ("a", "b", "c"):
        index.upsert(name, profile(vector[None, :], [5]))
    # identical centroids: the earliest row wins, whatever the selection path
    assert index.nearest(vector, None, 2, None) == ["a", "b"]
    assert index.nearest(vector, START.toordinal() + 5, 2, 10) == ["a", "b"]
    assert index.nearest(vector, START.toordinal() + 50, 2, 10) == []  # out of the window
    index.remove("a")
    index.upsert("d", profile(vector[None, :], [None]))  # reuses a's row, undated: always found
    assert index.nearest(vector, START.toordinal() + 50, 3, 10) == ["d"]
    many = index.nearest_many(np.stack([vector, -vector]), [None, START.toordinal() + 5], 3, 10)
    assert many == [index.nearest(vector, None, 3, 10), index.nearest(-vector, START.toordinal() + 5, 3, 10)]


def test_density_matches_brute_force_over_batches(monkeypatch):
    """Dated articles see the dated ones within the window and the reference set (the first
    DENSITY_SAMPLE undated articles); the reference articles see every article; other undated
    articles see the reference set."""
    monkeypatch.setattr(index_module, "DENSITY_SAMPLE", 20)
    rng = np.random.default_rng(5)
    vectors = unit(rng, 300)
    days = [None if rng.random() < 0.3 else int(rng.integers(0, 60)) for _ in range(len(vectors))]
    density = Density()
    ids = [f"a{i}" for i in range(len(vectors))]
    for start, stop in ((0, 3), (3, 40), (40, 41), (41, 300)):
        density.add(ids[start:stop], list(vectors[start:stop]), days[start:stop])
    undated = [i for i, day in enumerate(days) if day is None]
    reference = set(undated[:20])
    assert len(undated) > 40  # some undated articles fall outside the reference set
    sims = vectors @ vectors.T
    want = []
    for i, day in enumerate(days):
        if day is not None:
            near = [j for j, other in enumerate(days) if other is None and j in reference
                    or other is not None and abs(other - day) <= DENSITY_WINDOW_DAYS]
        else:
            near = range(len(days)) if i in reference else sorted(reference)
        top = np.sort([sims[i, j] for j in near if j != i])[::-1][:DENSITY_K]
        want.append(top.mean() if len(top) else MU_DEFAULT)
    assert np.allclose(density.mu(ids), want, atol=1e-6)


def test_density_of_an_undated_corpus_is_exact_over_all_articles():
    rng = np.random.default_rng(6)
    vectors = unit(rng, 120)
    density = Density()
    ids = [f"a{i}" for i in range(len(vectors))]
    for start, stop in ((0, 50), (50, 51), (51, 120)):
        density.add(ids[start:stop], list(vectors[start:stop]), [None] * (stop - start))
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    want = np.sort(sims, axis=1)[:, ::-1][:, :DENSITY_K].mean(axis=1)
    assert np.allclose(density.mu(ids), want, atol=1e-6)


def test_profile_centroid_follows_added_members():
    rng = np.random.default_rng(1)
    vectors = unit(rng, 3)
    p = Profile(vector=np.zeros(DIM, dtype=np.float32))
    p.vector = p.vector + vectors[0]
    first = p.centroid()
    assert np.allclose(first, vectors[0], atol=1e-6)
    p.vector = p.vector + vectors[1]
    expected = (vectors[0] + vectors[1]) / np.linalg.norm(vectors[0] + vectors[1])
    assert np.allclose(p.centroid(), expected, atol=1e-6)
    assert np.allclose(first, vectors[0], atol=1e-6)  # an earlier answer is not overwritten


def test_best_story_looks_each_name_up_once_and_scores_like_story_logit():
    rng = np.random.default_rng(2)
    event = profile(unit(rng, 2), [10, 11])
    event.entities.update(["kerry", "lavrov", "syria"])
    stories = {}
    for s in range(3):
        members = []
        for _ in range(4):
            p = profile(unit(rng, 2), [20, 21])
            p.entities.update(["kerry", "syria", f"x{s}"])
            members.append(p)
        stories[f"s{s}"] = members
    looked_up: list[str] = []

    def idf(name: str) -> float:
        looked_up.append(name)
        return 1.0 + len(name) / 10

    story, score = best_story(event, stories, list(stories), idf)
    assert len(looked_up) == len(set(looked_up))
    means = {s: np.mean([story_logit(event, p, idf) for p in ps]) for s, ps in stories.items()}
    top = max(means, key=means.__getitem__)
    if means[top] > 0:
        assert story == top and score == pytest.approx(means[top])
    else:
        assert story is None


def test_copy_group_lookup_equals_the_full_listing():
    text = "The minister said on Tuesday that the talks in Geneva would resume next week " * 3
    items = [
        ArticleFeatures(
            article_id=f"c{i}", title=None, outlet=f"outlet{i}", credits=[], entities=[],
            published=f"2021-03-0{i + 1}", event_date=None, date_from=None,
            embedding=np.zeros(DIM, dtype=np.float32), lead_embedding=np.zeros(DIM, dtype=np.float32),
            fingerprints=copy_fingerprints(body), terms={}, sentences=[],
        )
        for i, body in enumerate([text, text + " Officials agreed.", "An unrelated report on football."])
    ]
    copies = CopyIndex()
    assert [copies.add(item) for item in items] == [None, "c0", None]
    features = {item.article_id: item for item in items}
    listed = copies.groups(features)
    assert len(listed) == 1 and listed[0].originator == "c0" and listed[0].republishers == ["c1"]
    assert copies.group(listed[0].id, features) == listed[0]


def fingerprinted(article_id: str, fingerprints: list[int]) -> ArticleFeatures:
    vector = np.zeros(DIM, dtype=np.float32)
    return ArticleFeatures(
        article_id=article_id, title=None, outlet=None, credits=[], entities=[], published=None,
        event_date=None, date_from=None, embedding=vector, lead_embedding=vector,
        fingerprints=np.array(sorted(fingerprints), dtype=np.uint64), terms={}, sentences=[],
    )


def test_copy_matches_are_what_a_scan_of_every_pair_finds():
    """The inverted index gives each article the copies and the twins a scan of every earlier
    article would: the articles holding enough of the smaller text (containment), those that
    resemble it enough, best first, the first indexed among equals."""
    from newsweave.link.copies import COPY_CONTAINMENT, MIN_SHARED, TWIN_RESEMBLANCE

    rng = np.random.default_rng(11)
    pool = rng.choice(10**6, size=60, replace=False).tolist()
    items = [fingerprinted(f"f{i}", rng.choice(pool, size=int(rng.integers(4, 20)), replace=False).tolist())
             for i in range(40)]
    for i in range(4, 40, 5):  # near word-for-word reruns of an earlier article
        items[i] = fingerprinted(f"f{i}", items[i - 3].fingerprints.tolist()[1:] + [10**6 + i])
    index = CopyIndex()
    for n, item in enumerate(items):
        mine = set(item.fingerprints.tolist())
        copies, twins = [], []
        for rank, other in enumerate(items[:n]):
            theirs = set(other.fingerprints.tolist())
            shared = len(mine & theirs)
            if shared >= MIN_SHARED and shared / min(len(mine), len(theirs)) >= COPY_CONTAINMENT:
                copies.append((-shared / min(len(mine), len(theirs)), rank, other.article_id))
            if shared >= MIN_SHARED and shared / len(mine | theirs) >= TWIN_RESEMBLANCE:
                twins.append((-shared / len(mine | theirs), rank, other.article_id))
        assert index._matches(item) == ([a for *_, a in sorted(copies)], [a for *_, a in sorted(twins)])
        index.add(item)
    assert index.members and index.twin_of  # the draw holds copies and twins: not a vacuous check


def test_copy_groups_do_not_depend_on_arrival_order():
    """A copy group holds every article that pairs of copies chain together: an article that
    copies two groups' texts unites them, so any arrival order gives the same groups."""
    base = list(range(100, 112))
    items = [fingerprinted("a", base[:6]), fingerprinted("b", base[6:]), fingerprinted("c", base[:6] + [7]),
             fingerprinted("d", base[6:] + [8]), fingerprinted("both", base), fingerprinted("alone", [1, 2, 3, 4])]

    def grouping(order: list[int]) -> set[frozenset[str]]:
        index = CopyIndex()
        for i in order:
            index.add(items[i])
        return {frozenset(members) for members in index.members.values()}

    expected = {frozenset({"a", "b", "c", "d", "both"})}
    rng = np.random.default_rng(3)
    for _ in range(10):
        assert grouping(rng.permutation(len(items)).tolist()) == expected


def test_a_copy_groups_originator_is_kept_up_to_date_as_it_grows():
    """The originator (the credited wire's own copy, else the earliest published member, else
    the first indexed) is tracked member by member: it equals a scan of the whole group."""
    import dataclasses
    from datetime import datetime

    rng = np.random.default_rng(5)
    outlets = ["Reuters", "AP", "Daily Star", "Courier", None]
    base = [list(range(100 * g, 100 * g + 12)) for g in range(4)]
    items = []
    for i in range(60):
        group = int(rng.integers(0, 4))
        prints = base[group][: int(rng.integers(8, 12))] + ([] if i % 7 else base[(group + 1) % 4][:12])
        day = None if i % 5 == 0 else f"2021-03-{int(rng.integers(1, 4)):02d}"
        items.append(dataclasses.replace(
            fingerprinted(f"o{i}", prints + [10**6 + i]), outlet=outlets[int(rng.integers(0, 5))],
            credits=["AP"] if rng.random() < 0.2 else [], published=day,
            published_at=f"{day}T{int(rng.integers(0, 24)):02d}:00:00" if day and rng.random() < 0.5 else None))
    index = CopyIndex()
    rank = {item.article_id: n for n, item in enumerate(items)}
    by_id = {item.article_id: item for item in items}

    def scanned(members: list[str]) -> str:
        ordered = sorted((by_id[m] for m in members), key=lambda m: rank[m.article_id])
        credited = {c.lower() for m in ordered for c in m.credits}
        wire = [m for m in ordered if m.outlet and m.outlet.lower() in credited]
        if wire:
            return wire[0].article_id
        dated = [m for m in ordered if m.published]
        when = {m.article_id: datetime.fromisoformat(m.published_at or m.published) for m in dated}
        return min(dated, key=lambda m: when[m.article_id]).article_id if dated else ordered[0].article_id

    for item in items:
        index.add(item)
        for group_id, members in index.members.items():
            assert index.originator(group_id) == scanned(members)
    assert len(index.members) < 4  # groups were united along the way: not a vacuous check


def test_stock_phrases_are_no_evidence_of_copying(monkeypatch):
    """A fingerprint held by more than ``COMMON_POSTINGS`` articles is a stock phrase: left out
    of every count (and the work per article stays flat)."""
    from newsweave.link import copies

    monkeypatch.setattr(copies, "COMMON_POSTINGS", 3)
    index = CopyIndex()
    stock = [1, 2, 3, 4]
    for i in range(4):
        index.add(fingerprinted(f"s{i}", stock + [100 + 10 * i + k for k in range(4)]))
    assert index.add(fingerprinted("late", stock + [900, 901, 902, 903])) is None
    assert "late" not in index.group_of


def test_features_stored_before_copy_fingerprints_still_load():
    """An older newsweave stored MinHash values instead: such an article loads with no
    fingerprints (nobody's copy until ``link --again``)."""
    item = fingerprinted("old", [4, 8, 12]).to_dict()
    item["minhash"] = item.pop("fingerprints")
    loaded = ArticleFeatures.from_dict(item)
    assert loaded.fingerprints.size == 0 and loaded.article_id == "old"
    assert CopyIndex().add(loaded) is None


def test_words_keep_their_combining_marks():
    from newsweave.link.features import words

    assert words("सेबी को एमएफ मामले निपटाने चाहिए") == ["सेबी", "को", "एमएफ", "मामले", "निपटाने", "चाहिए"]
    assert words("Cafe\u0301 Zürich re-opens") == ["cafe\u0301", "zürich", "re-opens"]  # the accent stays on


def test_pair_logits_are_the_diagonal_of_the_logit_matrix():
    rng = np.random.default_rng(4)
    words = ["quake", "bima", "rescue", "vote", "oslo", "oil", "market", "toll", "labour", "night"]
    names = ["sumbawa", "norway", "reuters", "jakarta", "oslo"]
    vectors, leads = unit(rng, 12), unit(rng, 12)
    items = [
        ArticleFeatures(
            article_id=f"p{i}", title=None, outlet=None, credits=[],
            entities=sorted({str(n) for n in rng.choice(names, size=int(rng.integers(0, 4)))}),
            published=None, event_date=None if i % 4 == 0 else f"2021-03-{1 + i:02d}", date_from=None,
            embedding=vectors[i], lead_embedding=leads[i], fingerprints=np.zeros(0, dtype=np.uint64),
            terms={str(w): int(rng.integers(1, 4)) for w in rng.choice(words, size=4)}, sentences=[],
        )
        for i in range(12)
    ]
    terms, entities = TermSpace(), TermSpace(sublinear=False)
    for item in items:
        terms.count(item.article_id, item.terms)
        entities.count(item.article_id, item.entities)
    mu = rng.uniform(0.5, 0.9, size=12)
    a, b = items[:6], items[6:]
    full = logit_matrix(a, b, terms, entities, mu[:6], mu[6:])
    pairs = pair_logits(a, b, terms, entities, mu[:6], mu[6:])
    assert np.allclose(pairs, np.diag(full), atol=1e-6)
    assert len(set(np.round(pairs, 3))) > 1  # the pairs really differ: not a constant


def test_pair_space_band_and_reach():
    """``PairSpace.band`` gives the logits of ``logit_matrix``; beyond ``reach`` days even a
    word-for-word copy has a logit <= 0, and just inside it one can be positive."""
    from newsweave.link.score import PairSpace

    rng = np.random.default_rng(8)
    vector = unit(rng, 1)[0]
    items = [
        ArticleFeatures(
            article_id=f"r{i}", title=None, outlet=None, credits=[], entities=["sumbawa", "bima"],
            published=None, event_date=(START + timedelta(days=i)).isoformat(), date_from=None,
            embedding=vector, lead_embedding=vector, fingerprints=np.zeros(0, dtype=np.uint64),
            terms={"quake": 2, "bima": 1, "rescue": 1}, sentences=[],
        )
        for i in range(60)
    ]
    terms, entities = TermSpace(), TermSpace(sublinear=False)
    for item in items:
        terms.count(item.article_id, item.terms)
        entities.count(item.article_id, item.entities)
    mu = rng.uniform(0.1, 0.4, len(items))
    space = PairSpace(items, terms, entities, mu)
    full = logit_matrix(items, items, terms, entities, mu, mu)
    gaps = np.abs(np.arange(60)[:, None] - np.arange(60)[None, :])
    reach = space.reach()
    assert (full[gaps > reach[:, None]] <= 0).all()
    assert (full[gaps >= reach[:, None] - 2] > 0).any()  # the bound is not loose by weeks
    blocks = [(0, 25, np.arange(0, 60)), (25, 50, np.arange(20, 40)), (50, 60, np.array([3, 59]))]
    columns, band = space.band(blocks)
    for start, stop, cols in blocks:
        assert np.allclose(band[start:stop, : len(cols)], full[start:stop][:, cols], atol=1e-9)
        assert (columns[start:stop, : len(cols)] == cols).all()
    assert (columns[50:, 2:] == -1).all() and np.isnan(band[50:, 2:]).all()
