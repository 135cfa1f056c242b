"""Who "he", "she" and a lone surname are: quote speakers found through them, hand-labelled.

Run: .venv/bin/python benchmarks/pronoun_speakers.py

A quote attributed to a pronoun ('"…," she wrote') goes to an earlier person the pronoun can
refer to, and one attributed to a surname alone ('Trump said') to a person of the article with
that surname. Before 2026-11-25 only an honorific ("Mrs", "Mr") told which persons a pronoun
could be, so "she" could go to Donald Trump, and a lone surname went to the person of that
surname named last, so "Trump said" after a mention of Melania Trump was hers. Now first names
say which pronoun a person takes (``newsweave.analyse.genders``, nomquamgender's data), and a
lone surname goes to the person the article has named most so far. PolNeAR's own scoring
cannot see either: it counts a quote right when its speaker span ("she", "Trump") overlaps
the gold source, whoever that is resolved to.

Gold (``benchmarks/gold/pronoun_speakers.json``): the 95 quotes of PolNeAR dev and the
Giveme5W1H export whose speaker changed with either change, each labelled by hand with who
said it. The sample is chosen by the changes, so it measures them (the newsweave of before
2026-11-25, commit 3088f21, had 8 of these 95 right), not the share of all such quotes that
are right. A speaker is right when it is the labelled person (or that person's surname
alone); a quote by someone the article does not name is right with no speaker. The second row
turns off the pronoun first names say (names are still known as names),
to show what they add on their own.
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
    real = genders._first_names
    # as before 2026-11-25: honorifics alone say which pronoun a person takes (the names are
    # still known as names)
    genderless = {name: (None, count) for name, (_, count) in real().items()}
    genders._first_names = lambda: genderless
    try:
        without = score(items, bodies, nlp)
    finally:
        genders._first_names = real
    fixed = sum(w and not o for w, o in zip(with_names, without, strict=True))
    broken = sum(o and not w for w, o in zip(with_names, without, strict=True))
    print(f"{len(items)} hand-labelled quotes whose speaker is found through a pronoun or a lone surname "
          f"({len(bodies)} articles)")
    print(f"{'system':<44} {'speaker right':>14}")
    print(f"{'newsweave':<44} {sum(with_names):>6} of {len(items)}")
    print(f"{'newsweave, first names off':<44} {sum(without):>6} of {len(items)}")
    print(f"{'newsweave before 2026-11-25 (3088f21)':<44} {8:>6} of {len(items)}  (measured then; see the docstring)")
    print(f"first names put {fixed} right and {broken} wrong")
    return 0


if __name__ == "__main__":
    sys.exit(main())
