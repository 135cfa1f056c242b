"""The five demo seeds: events, one story, timeline order and dates (real MiniLM + spaCy)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "link_seeds.py"


@pytest.fixture(scope="module")
def seeds():
    spec = importlib.util.spec_from_file_location("link_seeds", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("order", [None, [4, 2, 0, 3, 1], [0, 1, 2, 3, 4][::-1]])
def test_seed_events_story_and_timeline(seeds, order):
    linker, event_of, _ = seeds.run_seeds(order)
    assert event_of["000"] == event_of["004"]
    assert len({event_of[p] for p in ("000", "001", "002", "003")}) == 4
    events = {e.id: e for e in linker.events()}
    for prefix, day in seeds.EXPECTED_DATES.items():
        assert events[event_of[prefix]].date == day, prefix
    (story,) = linker.stories()
    assert [events[e].date for e in story.event_ids] == [
        "2013-05-07", "2015-09-16", "2016-07-15", "2016-09-08"
    ]
    assert all(link.story_id == story.id for link in linker.article_links())
    assert not linker.copy_groups()  # independent reports, no syndicated copies
