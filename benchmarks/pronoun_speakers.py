"""Who "he" and "she" are: quote speakers reached through a pronoun, with and without first names.

Run: .venv/bin/python benchmarks/pronoun_speakers.py

A quote attributed to a pronoun ('"…," she wrote') goes to an earlier person the pronoun can
refer to. Before 2026-11-25 only an honorific ("Mrs", "Mr") told which persons a pronoun could
be, so "she" could go to Donald Trump. ``newsweave.analyse.genders`` now reads first names
(nomquamgender's data). PolNeAR's own scoring cannot see this: it counts a quote right when its
speaker span, the pronoun itself, overlaps the gold source, whoever the pronoun is resolved to.

Gold (``benchmarks/gold/pronoun_speakers.json``): the 47 quotes of PolNeAR dev and of the
Giveme5W1H export whose speaker changed when first names were added, each labelled by hand with
who said it. The sample is chosen by the change, so it measures the change (how many it put
right, how many it put wrong), not the share of all pronoun quotes that are right. A speaker
is right when it is the labelled person (or that person's surname alone); a quote by someone
the article does not name is right with no speaker.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from newsweave.analyse import analyse_many, genders, load_nlp

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "gold" / "pronoun_speakers.json"
DATA = ROOT / ".." / "shared" / "data"
TEXTS = {
    "polnear": DATA / "polnear" / "dev.jsonl.gz",
    "giveme5w1h": DATA / "giveme5w1h_5w1h_gold" / "articles_5w1h.jsonl",
}


def texts(wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    found = {}
    for corpus, path in TEXTS.items():
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                key = (corpus, record["doc_id"])
                if key in wanted and record.get("primary", True):
                    found[key] = record["text"]
    return found


def right(predicted: str | None, gold: str | None) -> bool:
    if gold is None or predicted is None:
        return predicted == gold
    return predicted.lower() == gold.lower() or (" " not in predicted and predicted.lower() == gold.split()[-1].lower())


def score(items: list[dict], bodies: dict[tuple[str, str], str], nlp) -> list[bool]:
    keys = sorted(bodies)
    analyses = dict(zip(keys, analyse_many([{"body": bodies[k], "language": "en"} for k in keys], nlp=nlp),
                        strict=True))
    results = []
    for item in items:
        quotes = analyses[(item["corpus"], item["doc_id"])].quotes
        quote = next((q for q in quotes if q.text.startswith(item["quote"])), None)
        results.append(quote is not None and right(quote.speaker, item["speaker"]))
    return results


def main() -> int:
    items = json.loads(GOLD.read_text(encoding="utf-8"))["quotes"]
    bodies = texts({(item["corpus"], item["doc_id"]) for item in items})
    nlp = load_nlp()
    with_names = score(items, bodies, nlp)
    genders._first_names.cache_clear()
    real = genders._first_names
    genders._first_names = lambda: {}  # as before 2026-11-25: honorifics alone
    try:
        without = score(items, bodies, nlp)
    finally:
        genders._first_names = real
    fixed = sum(w and not o for w, o in zip(with_names, without, strict=True))
    broken = sum(o and not w for w, o in zip(with_names, without, strict=True))
    print(f"{len(items)} hand-labelled quotes reached through 'he' or 'she' ({len(bodies)} articles)")
    print(f"{'system':<44} {'speaker right':>14}")
    print(f"{'newsweave (first names and honorifics)':<44} {sum(with_names):>6} of {len(items)}")
    print(f"{'honorifics alone (before 2026-11-25)':<44} {sum(without):>6} of {len(items)}")
    print(f"first names put {fixed} right and {broken} wrong; the rest stay wrong: a speaker the article "
          "does not name, or one the resolver took for another person of the surname (Katy and Mary Perry)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
