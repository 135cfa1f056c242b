"""Entity F1 on CoNLL-2003 validation (testa): our analysis beside the bare spaCy model.

Data: ../shared/data/conll2003/validation.jsonl.gz (216 documents, 5,942 entities). Each
document's tokens are joined with single spaces, one sentence per line, and parsed once; both
systems read the same Doc:

* bare spaCy: ``doc.ents`` as the model tags them;
* newsweave: the mentions of ``analyse_doc`` (edges tidied, title fragments dropped) with the
  label of their in-document cluster (so "Lavrov" tagged ORG next to "Sergei Lavrov" is PER).

Label mapping (documented in the issue): PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC,
NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE→MISC; DATE/TIME/CARDINAL/ORDINAL/QUANTITY/MONEY/
PERCENT are dropped. Metric: entity-level exact match (start, end, type), micro P/R/F1 as in
conlleval. Anchors (test split, from the data README): BiLSTM-CRF 90.9, BERT-large 92.8.
Run: .venv/bin/python benchmarks/ner_conll.py
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

from newsweave.analyse import analyse_doc, load_nlp

DATA = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "conll2003"
    / "validation.jsonl.gz"
)
LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}

Entity = tuple[int, int, str]


def load() -> list[tuple[str, set[Entity]]]:
    docs = []
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            lines, gold, offset = [], set(), 0
            for sent in record["sentences"]:
                starts, pos = [], offset
                for tok in sent["tokens"]:
                    starts.append(pos)
                    pos += len(tok) + 1
                for ent in sent["entities"]:
                    last = ent["end"] - 1
                    end = starts[last] + len(sent["tokens"][last])
                    gold.add((starts[ent["start"]], end, ent["type"]))
                text = " ".join(sent["tokens"])
                lines.append(text)
                offset += len(text) + 1
            docs.append(("\n".join(lines), gold))
    return docs


def prf(pred: list[set[Entity]], gold: list[set[Entity]]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(pred, gold, strict=True))
    n_pred, n_gold = sum(map(len, pred)), sum(map(len, gold))
    p = 100 * tp / n_pred if n_pred else 0.0
    r = 100 * tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    data = load()
    texts, gold = [t for t, _ in data], [g for _, g in data]
    nlp = load_nlp()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    t_parse = time.perf_counter() - t0
    bare = [
        {(e.start_char, e.end_char, LABELS[e.label_]) for e in d.ents if e.label_ in LABELS}
        for d in docs
    ]
    t0 = time.perf_counter()
    analyses = [analyse_doc(d) for d in docs]
    t_rules = time.perf_counter() - t0
    ours = [
        {(m.start, m.end, LABELS[c.label]) for c in a.entities for m in c.mentions}
        for a in analyses
    ]
    words = sum(a.words for a in analyses)
    print(f"CoNLL-2003 validation: {len(docs)} docs, {sum(map(len, gold))} gold entities\n")
    print("| system | P | R | F1 |")
    print("|---|---|---|---|")
    for name, pred in (("spaCy en_core_web_sm 3.8.0 (bare)", bare), ("newsweave analyse", ours)):
        p, r, f = prf(pred, gold)
        print(f"| {name} | {p:.1f} | {r:.1f} | {f:.1f} |")
    print("| anchor (test split): BiLSTM-CRF / BERT-large | | | 90.9 / 92.8 |")
    print(
        f"\nspeed: parse {words / t_parse:,.0f} words/s; rules {words / t_rules:,.0f} words/s; "
        f"analysis stage {words / (t_parse + t_rules):,.0f} words/s ({words} words)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
