"""Who the people list shows: the person entities of a real news export, judged by hand.

Run: .venv/bin/python benchmarks/entity_names.py

The Giveme5W1H export (96 articles of November 2016, 13 outlets, as JSONL) is ingested and
analysed as a user would (cached with the linking benchmarks, ``unlinked_cache``), and every
person entity ``newsweave entities --label PERSON`` would list is checked against a hand-judged
list (``benchmarks/gold/entity_names.json``): is the name shown a person's name as a reader would
write it? Wrong are what the pages ran into a name ("STREET BEATING Donald Trump", "Obama AP",
"Felipe Nasr of Sauber"), a rank cut from the only name a person goes by ("Gaga"), a name in
capitals, and what the model took for a person (a tower, a team, a sweet).

The list was judged on the entities of 2026-11-25's starting code (a943e18). A name the judged
list does not hold is printed as unjudged: judge it and add it, or the figure is incomplete.
No anchor is published for this; the figure to beat is the starting code's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "gold" / "entity_names.json"
BEFORE = (100, 479)  # wrong names and person entities, a943e18 (2026-11-25)


def main() -> int:
    from events_news_export import analysed
    from newsweave import Corpus

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    right, wrong = set(gold["right"]), gold["wrong"]
    with Corpus(analysed()) as corpus:
        names = [e["name"] for e in corpus.entities(label="PERSON", top=0)]
    shown_wrong = [n for n in names if n in wrong]
    unjudged = [n for n in names if n not in wrong and n not in right]
    print(f"person entities of the news export (96 articles): {len(names)}")
    print(f"{'system':<36} {'wrong names':>12} {'of':>4} {'unjudged':>9}")
    print(f"{'newsweave':<36} {len(shown_wrong):>12} {len(names):>4} {len(unjudged):>9}")
    print(f"{'newsweave at a943e18 (2026-11-25)':<36} {BEFORE[0]:>12} {BEFORE[1]:>4} {0:>9}")
    print("still wrong: " + "; ".join(f"{n} ({wrong[n] or 'no person'})" for n in shown_wrong))
    if unjudged:
        print("unjudged (judge them in the gold file): " + "; ".join(unjudged))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
