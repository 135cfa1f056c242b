"""Link the five demo seeds and check events, story and timeline against the known answer.

Run: .venv/bin/python benchmarks/link_seeds.py [--format text|json|png|html] [--out FILE]

Bodies come from ``newsweave.clean.text.clean_text`` when that stage exists, else from a
hard-coded cut per seed (this script is a benchmark, not product code). Published dates are the
ones printed in each seed's text or URL (000 has none). Entities come from the analyse stage and
the corpus resolver, as in the product (``analysed.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"

# file prefix -> (title, first body words, last body words, published, outlet, credits)
SEED_META = {
    "000": ("Russia proposes talks with US over Syria", "LONDON // Russia has proposed",
            "to discuss the issue.", None, "The National", ["Agence France-Presse", "Reuters"]),
    "001": ("Russia, US agree joint push for peace in Syria", "MOSCOW, Stuart Williams",
            "become so much of an impediment to our larger goal.\"", "2013-05-08", None, ["AFP"]),
    "002": ("Vladimir Putin, John Kerry did not discuss military cooperation in Syria: Kremlin",
            "President Vladimir Putin and US Secretary", "has not undergone any kind of change,\" Peskov said today.",
            "2016-07-15", "Business Standard", ["AFP", "PTI"]),
    "003": ("Russia-US deal on Syrian reconciliation ‘not yet finalized,’ talks to continue – Kremlin",
            "Russia-US talks on Syrian reconciliation", "details of the meeting were not disclosed.",
            "2016-09-08", "RT", []),
    "004": ("Russia Proposes Talks With U.S. Over Syria", "WASHINGTON — Secretary of State",
            "as a “bulwark against extremism.”", "2015-09-17", "The New York Times", []),
}
EXPECTED_EVENTS = [["000", "004"], ["001"], ["002"], ["003"]]
EXPECTED_DATES = {"001": "2013-05-07", "000": "2015-09-16", "004": "2015-09-16",
                  "002": "2016-07-15", "003": "2016-09-08"}


def _body(prefix: str, raw: str) -> str:
    try:
        from newsweave.clean.text import clean_text  # type: ignore[import-not-found]
    except ImportError:
        clean_text = None
    if clean_text is not None:
        cleaned = clean_text(raw)
        body = getattr(cleaned, "body", cleaned)
        if isinstance(body, str) and len(body) > 200:
            return body
    _, start, end, *_ = SEED_META[prefix]
    i = raw.index(start)
    return raw[i : raw.index(end, i) + len(end)]


def seed_inputs():
    from analysed import resolved_entities
    from newsweave.link import LinkInput

    paths = sorted(SEEDS.glob("*.txt"))
    prefixes = [p.name[:3] for p in paths]
    bodies = [_body(prefix, p.read_text(encoding="utf-8")) for prefix, p in zip(prefixes, paths, strict=True)]
    entities = resolved_entities([f"{SEED_META[p][0]}\n{b}" for p, b in zip(prefixes, bodies, strict=True)],
                                 [SEED_META[p][3] for p in prefixes])
    items = []
    for prefix, path, body, ents in zip(prefixes, paths, bodies, entities, strict=True):
        title, _, _, published, outlet, credits = SEED_META[prefix]
        items.append(LinkInput(article_id=path.stem, title=title, body=body, published=published,
                               outlet=outlet, credits=credits, entities=ents))
    return items


def run_seeds(order: list[int] | None = None):
    """Link the seeds (optionally in another order); (linker, {prefix: event id}, features)."""
    from newsweave.link import Linker, article_features

    items = seed_inputs()
    features = article_features(items)
    if order is not None:
        features = [features[i] for i in order]
    linker = Linker()
    for item in features:  # one at a time: the online case
        linker.add([item])
    event_of = {link.article_id[:3]: link.event_id for link in linker.article_links()}
    return linker, event_of, features


def check(linker, event_of) -> dict[str, bool]:
    groups = sorted(sorted(p for p in event_of if event_of[p] == e) for e in set(event_of.values()))
    events = {e.id: e for e in linker.events()}
    stories = linker.stories()
    dates_ok = all(events[event_of[p]].date == d for p, d in EXPECTED_DATES.items())
    story = stories[0] if len(stories) == 1 else None
    timeline = [events[e].date for e in story.event_ids] if story else []
    return {
        "events (000+004 | 001 | 002 | 003)": groups == sorted(EXPECTED_EVENTS),
        "event dates": dates_ok,
        "one story of all five": story is not None and len(story.event_ids) == 4,
        "timeline in date order": bool(timeline) and timeline == sorted(timeline),
        # five outlets' own reports, 000 and 004 of one event but each written by its outlet
        "no copy groups (five outlets' own texts)": not linker.copy_groups(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="text", choices=["text", "json", "png", "html"])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from newsweave.link import render_timeline

    linker, event_of, _ = run_seeds()
    results = check(linker, event_of)
    shuffled = check(*run_seeds([4, 2, 0, 3, 1])[:2])
    print(f"{'check':<40} {'in order':>9} {'shuffled':>9}")
    for name, ok in results.items():
        print(f"{name:<40} {'ok' if ok else 'FAIL':>9} {'ok' if shuffled[name] else 'FAIL':>9}")
    for event in linker.events():
        print(f"  {event.date}  {event.id}  {[a[:3] for a in event.article_ids]}  {event.title}")
    stories = linker.stories()
    if stories:
        rendered = render_timeline(stories[0], linker.events(), args.format)
        if args.out:
            args.out.write_bytes(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
            print(f"timeline written to {args.out}")
        elif isinstance(rendered, str):
            print(rendered)
    return 0 if all(results.values()) and all(shuffled.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
