"""Benchmark the headline that ``clean_text`` picks from whole-page text dumps.

Silver headline per page, from its real HTML: the ``<h1>`` text(s), ``og:title`` /
``twitter:title``, ``<title>`` and trafilatura's ``extract_metadata(html).title``. An ``<h1>``
counts only when it resembles one of the page's metadata titles (a site logo in an ``<h1>`` is
not the headline), or when the page declares no title at all. Each candidate also counts with
its site label split off (``newsweave.extract.titles.split_site_label``). The page's silver
headline is the dump line that best matches a candidate (normalised: casefold, whitespace,
quotes and dashes unified); pages where no line matches with similarity >= 0.9 have no silver
headline and are counted apart.

A pick is exact when, normalised and with its site label split off, it equals the silver line
(also split) or the candidate it matched, or is one of these followed by a separator and a
label that ``split_site_label`` does not recognise (the right line, its label aside). Token F1 compares the picked headline's words with the
silver headline's. Baseline: the dump's first title-like line (``_title_like``).

Sets: DEV = trafilatura_eval pages rendered with inscriptis (as ``train_line_model.py`` does,
its cache in /tmp/newsweave-train is reused; pages in the test set are dropped) and with
html-text (``extract_text(guess_layout=True)``, as the benchmark's html-text dumps were made;
cached in /tmp/newsweave-bench/), on which the picker was tuned; TEST = article_extraction_benchmark (181 pages, its ready-made inscriptis
and html-text dumps), held out. Silver headlines are cached in /tmp/newsweave-bench/.

Usage: .venv/bin/python benchmarks/text_titles.py [--set dev|test|both] [--worst N]
Needs html-text for the DEV html-text set: .venv/bin/pip install html-text==0.6.2
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsweave.clean.text import _lines, _title_like, clean_text  # noqa: E402
from newsweave.extract.titles import split_site_label  # noqa: E402
from text_cleaning import domain, load_dump, load_gold  # noqa: E402

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
TEST_DIR = SHARED / "article_extraction_benchmark"
DEV_DIR = SHARED / "trafilatura_eval"
CACHE = Path("/tmp/newsweave-bench")
MIN_SIMILARITY = 0.9
# an <h1> is a headline candidate when it resembles a metadata title this much (ratio)
H1_AGREEMENT = 70
# a dump line longer than this many characters is prose, never compared with a headline
MAX_LINE = 400

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_WORD = re.compile(r"\w+")
_LABEL_AFTER = re.compile(r"\s+(?:\||-|::|·|•|»|«)\s+\S")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(_DASHES.sub("-", text).split())


def headline(text: str, site: str) -> str:
    """Normalised headline with the site label split off."""
    return normalise(split_site_label(text, site)[0])


def token_f1(picked: str, silver: str) -> float:
    a, b = _WORD.findall(picked), _WORD.findall(silver)
    if not a or not b:
        return 0.0
    common = sum(min(a.count(t), b.count(t)) for t in set(a))
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


def _agrees(h1: str, title: str, site: str) -> bool:
    """An <h1> resembles a metadata title: close as a whole, or most of it (a shortened title)."""
    h, t = normalise(h1), headline(title, site)
    if fuzz.ratio(h, t) >= H1_AGREEMENT:
        return True
    shorter, longer = sorted((h, t), key=len)
    return len(shorter) >= 0.5 * len(longer) and fuzz.partial_ratio(shorter, longer) >= 90


def html_titles(raw: bytes, url: str) -> list[str]:
    """Headline candidates declared by a page's HTML (see the module docstring)."""
    import lxml.html
    from trafilatura import extract_metadata
    from trafilatura.utils import decode_file

    html = decode_file(raw)
    try:
        tree = lxml.html.fromstring(html.encode("utf-8"))
    except Exception:  # noqa: BLE001 - an unparsable page has no candidates
        return []
    meta: list[str] = []
    for name in ("og:title", "twitter:title"):
        meta += tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
    names = tree.xpath('//meta[@property="og:site_name" or @name="og:site_name"]/@content')
    try:
        found = extract_metadata(html, default_url=url)
    except Exception:  # noqa: BLE001 - trafilatura fails on a few pages
        found = None
    if found is not None:
        meta.append(found.title or "")
        names.append(found.sitename or "")
    # the page's own <title>, not the <title> of an inline SVG icon
    meta += [t.text_content() for t in tree.xpath("//head/title")][:1]
    # a title that is only the site's name (home-page-like metadata) names no headline
    sites = {normalise(n) for n in names} - {""}
    meta = [" ".join(t.split()) for t in meta if t and normalise(t) not in sites]
    meta = [t for t in meta if t]
    h1s = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    h1s = [h for h in h1s if h and normalise(h) not in sites]
    if meta:
        site = domain(url)
        h1s = [h for h in h1s if any(_agrees(h, m, site) for m in meta)]
    return list(dict.fromkeys(h1s + meta))


@dataclass
class Page:
    key: str
    url: str
    dump: str
    titles: list[str]


def _silver_cache(name: str, rows: list[tuple[str, str, Path]]) -> dict[str, list[str]]:
    cache = CACHE / f"silver-{name}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    out = {}
    for key, url, path in rows:
        with gzip.open(path, "rb") as f:
            out[key] = html_titles(f.read(), url)
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(out), encoding="utf-8")
    return out


def test_pages(dump_name: str) -> list[Page]:
    gold = load_gold()
    titles = _silver_cache("test", [(r["id"], r["url"], TEST_DIR / r["html_file"]) for r in gold])
    dump = load_dump(dump_name)
    return [Page(r["id"], r["url"], dump[r["id"]], titles[r["id"]]) for r in gold]


def _html_text_dumps(pages: list[dict], files: dict[str, Path]) -> dict[str, str]:
    """html-text dumps of the DEV pages (cached): ``extract_text(guess_layout=True)`` on the
    HTML decoded as trafilatura does, which reproduces the benchmark's ready-made html-text
    dumps exactly (checked on its first 25 pages)."""
    import html_text
    from trafilatura.utils import decode_file

    cache = CACHE / f"trafeval-html-text-{version('html-text')}.json.gz"
    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as f:
            return json.load(f)
    out = {}
    for page in pages:
        with gzip.open(files[page["url"]], "rb") as f:
            raw = f.read()
        try:
            out[page["url"]] = html_text.extract_text(decode_file(raw), guess_layout=True)
        except Exception:  # noqa: BLE001 - a page html-text cannot parse is left out
            continue
    CACHE.mkdir(parents=True, exist_ok=True)
    with gzip.open(cache, "wt", encoding="utf-8") as f:
        json.dump(out, f)
    return out


def dev_pages(renderer: str) -> list[Page]:
    """DEV pages rendered by ``renderer`` (inscriptis or html-text)."""
    from train_line_model import render_corpus

    with open(DEV_DIR / "gold_segments.jsonl", encoding="utf-8") as f:
        files = {row["url"]: DEV_DIR / row["html_file"] for row in map(json.loads, f)}
    rendered = render_corpus(("trafeval",))
    titles = _silver_cache("dev", [(p["url"], p["url"], files[p["url"]]) for p in rendered])
    if renderer == "html-text":
        dumps = _html_text_dumps(rendered, files)
        return [Page(u, u, dumps[u], titles[u]) for u in (p["url"] for p in rendered) if u in dumps]
    return [Page(p["url"], p["url"], p["dump"], titles[p["url"]]) for p in rendered]


def silver_line(page: Page) -> tuple[str, str] | None:
    """(dump line, candidate): the line that best matches the first candidate (in the order of
    ``html_titles``: agreeing <h1>, og:title, twitter:title, trafilatura, <title>) that some line
    matches closely enough."""
    site = domain(page.url)
    lines = [line.strip() for line in page.dump.split("\n")]
    lines = [line for line in lines if line and len(line) <= MAX_LINE]
    forms = [(line, {normalise(line), headline(line, site)}) for line in lines]
    for title in page.titles:
        wanted = {normalise(title), headline(title, site)} - {""}
        best, best_score = None, 0.0
        for line, mine in forms:
            score = max(fuzz.ratio(f, w) / 100 for f in mine for w in wanted) if wanted else 0.0
            if score > best_score:
                best, best_score = line, score
        if best is not None and best_score >= MIN_SIMILARITY:
            return best, title
    return None


@dataclass
class Outcome:
    page: Page
    silver: str
    picked: str | None
    exact: bool
    f1: float


def judge(page: Page, silver: tuple[str, str], picked: str | None) -> Outcome:
    site = domain(page.url)
    line, title = silver
    gold = headline(line, site)
    if picked is None:
        return Outcome(page, line, None, False, 0.0)
    mine = headline(picked, site)
    accepted = {gold, headline(title, site), normalise(title)}
    # the headline line with a site label that split_site_label does not recognise is still
    # the right line ("<title>" lines in html-text dumps)
    exact = mine in accepted or any(
        _LABEL_AFTER.match(mine[len(a):]) for a in accepted if a and mine.startswith(a)
    )
    return Outcome(page, line, picked, exact, token_f1(mine, gold))


def first_title_like(dump: str) -> str | None:
    lines, _ = _lines(dump, None, None)
    return next((line.text for line in lines if _title_like(line)), None)


def cleaner_title(page: Page) -> str | None:
    return clean_text(page.dump).title


def cleaner_title_with_url(page: Page) -> str | None:
    """As a dump that carries its page's address (a URL line, or ``SourceDocument.url``)."""
    return clean_text(page.dump, url=page.url).title


def evaluate(pages: list[Page], picker: Callable[[Page], str | None]) -> list[Outcome]:
    outcomes = []
    for page in pages:
        silver = silver_line(page)
        if silver is not None:
            outcomes.append(judge(page, silver, picker(page)))
    return outcomes


def row(label: str, outcomes: list[Outcome]) -> str:
    n = len(outcomes) or 1
    exact = sum(o.exact for o in outcomes) / n
    f1 = sum(o.f1 for o in outcomes) / n
    none = sum(o.picked is None for o in outcomes) / n
    return f"{label:<44} {len(outcomes):5d} {exact:7.3f} {f1:7.3f} {none:7.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--worst", type=int, default=0, help="list N failures per set and dump")
    args = parser.parse_args()

    sets: list[tuple[str, list[Page]]] = []
    if args.set in ("dev", "both"):
        sets += [(f"DEV trafilatura_eval / {d}", dev_pages(d)) for d in ("inscriptis", "html-text")]
    if args.set in ("test", "both"):
        sets += [(f"TEST article_extraction / {d}", test_pages(d)) for d in ("inscriptis", "html-text")]

    print(f"{'set / dump / picker':<44} {'pages':>5} {'exact':>7} {'tokF1':>7} {'None':>7}")
    failures = []
    for label, pages in sets:
        ours = evaluate(pages, cleaner_title)
        with_url = evaluate(pages, cleaner_title_with_url)
        base = evaluate(pages, lambda page: first_title_like(page.dump))
        missing = len(pages) - len(ours)
        print(f"{label}  ({len(pages)} pages, {missing} without a silver headline in the dump)")
        print(row("  clean_text title", ours))
        print(row("  clean_text title, page URL given", with_url))
        print(row("  baseline: first title-like line", base))
        failures.append((label, [o for o in ours if not o.exact]))
    if args.worst:
        for label, bad in failures:
            print(f"\nfailures, {label} (picked | silver):")
            for o in sorted(bad, key=lambda o: o.f1)[: args.worst]:
                print(f"  {o.f1:.2f} {o.page.url}\n       picked: {o.picked!r:.110}\n       silver: {o.silver!r:.110}")


if __name__ == "__main__":
    main()
