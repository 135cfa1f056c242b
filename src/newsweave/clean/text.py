"""Clean a plain-text page dump (a whole page's visible text, one block per line).

The input is what text renderers (inscriptis, html-text, browser copy-paste, scrapers) make of
a news page: headline, navigation strips, share bars, captions, the article, paywall blocks,
related links and footers, one block per line. The output separates headline, standfirst and
body and lists every dropped line with a reason.

How it works (a jusText-style paragraph classifier, adapted to text lines):

1. Each line is first checked against furniture rules (``text_rules``) and, when corpus
   evidence is given, against :class:`LineStats` (a line seen in many documents of the same
   site is boilerplate even if it reads like prose).
2. The remaining lines get a jusText class from length, stopword density (jusText's stoplists,
   language picked with py3langid) and sentence shape: good / near-good / short / bad.
3. The article is the contiguous run of lines with the best score (good prose adds its length,
   furniture and fragments subtract; strong end markers such as "More From This Section"
   subtract a lot), trimmed so it starts and ends on good prose. Short lines between good
   paragraphs (subheadings, one-sentence paragraphs) stay; furniture inside is dropped.
4. A learned line classifier (:mod:`newsweave.clean.text_model`, gradient-boosted trees
   trained on other pages than the benchmark's, each page's lines weighted by their share of
   its words as the benchmark's metric weighs them) rescores every line from its shape, its
   rule verdict, its place relative to the block of step 3, to the repeated headline and to
   the page's prose, and its neighbours; a second set of trees rescores it again from the
   first pass's probabilities around it, the block they decode, and teaser / author-bio
   shapes (stacking, trained on out-of-fold first-pass probabilities). The decoder is the
   same block search run again on
   these scores (a max-sum contiguous region, Kadane's algorithm, with the growing penalties
   and hard boundaries of step 3), and lines inside the block the model finds very unlikely
   are dropped ("unlikely-body"). The block search ends on a paragraph; the block is then
   carried on over likely lines right after it and over a list the article introduces with a
   colon (``_extend_block``). A two-state Viterbi decoder (several body regions, a cost
   per switch) scored no better by cross-validation, and keeping very likely lines outside
   the block gained a little there but lost precision on the benchmark, so one block stays.
5. The headline is picked among the title-like lines before the body (a line the page repeats
   wins), and a prose line between headline and body that is set apart from the body is the
   standfirst.

Lengths count CJK characters three times (a character of Chinese or Japanese carries about
as much text as a short word), so the jusText thresholds fit those scripts too. Rules and
measures read at most the first ``_SAMPLE_CHARS`` characters of a line and scale counts up,
so one huge line costs no more than a page.

jusText and trafilatura classify HTML blocks using the DOM (tags, link density); on bare text
lines they have nothing to work with, which is why the classifier and block search are written
here (no library decodes a best contiguous region over per-line scores; it is a dozen lines).
Only the stoplists come from jusText.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import justext
import numpy as np
import py3langid

from newsweave.clean.text_model import (
    LineModel,
    line_features,
    load_line_model,
    second_features,
)
from newsweave.clean.text_rules import (
    BULLET,
    classify_noise,
    has_full_date,
    looks_like_names,
    words,
)
from newsweave.records import CleanedDocument, RemovedLine

EXTRACTOR = "newsweave-text"

# py3langid ISO 639-1 codes -> jusText stoplist names (only languages jusText ships).
_STOPLIST_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "is": "Icelandic", "it": "Italian", "ka": "Georgian", "kk": "Kazakh", "ko": "Korean",
    "la": "Latin", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam",
    "mr": "Marathi", "ms": "Malay", "nb": "Norwegian_Bokmal", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]»]*$|[\"”’»]$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")
_SITE_SUFFIX = re.compile(r"\s+\|\s+[^|]{1,60}$")
# Chinese / Japanese script: one character carries about as much text as a short word
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_CJK_WEIGHT = 3
_CJK_PER_WORD = 2
# rules and measures look at this many characters of a line; longer lines are scaled up
_SAMPLE_CHARS = 10_000
_SENTENCE_TAIL = 20

# jusText-style thresholds (characters, stopword density)
_LENGTH_LOW = 70
_LENGTH_HIGH = 150
_STOP_HIGH = 0.30
_STOP_LOW = 0.20
# furniture that ends an article: crossing it costs more than a paragraph earns
_END_REASONS = {"end-marker", "comments", "legal"}
_END_PENALTY = -120.0
# lines the article never spans
_BOUNDARY_REASONS = {"comments"}
_LANGUAGE_SAMPLE = 20_000
# block search: growth of the penalty along a run of non-prose lines, and its cap
_RUN_GROWTH = 0.5
_RUN_CAP = 4.0
# an earlier block wins over the best one if it scores at least this share of it
_EARLY_SHARE = 0.5
_AFTER_BOUNDARY = 0.3
_AFTER_DATELINE = 200.0
_PAGE_REPEATS = 3
_MIN_ARTICLE = 400
# line model: probability above which a line adds to the block score, per character (capped)
# plus a base, so that short lines count too. Chosen by cross-validation on the training pages
# (trafilatura_eval), never on the benchmark: below 0.5 because the body is the minority class.
_PROB_MID = 0.35
_PROB_SIZE_CAP = 600
_PROB_BASE = 10.0
# the article starts and ends on a line at least this likely; lines inside it below _PROB_DROP
# are dropped
_PROB_EDGE = 0.5
_PROB_DROP = 0.15
# the block carries on past its last paragraph over lines at least this likely
_PROB_CARRY = 0.4
# only lines about as long as the headline can repeat it
_TITLE_SLACK = 120
# headline picking (``_pick_title``): weights of the cues, chosen by coordinate search on the
# DEV pages (990 trafilatura_eval pages rendered with inscriptis, silver headlines from their
# HTML; benchmarks/text_titles.py), never on the test set. Dropping any one of them costs
# 0.5-6 points of exact matches there; an all-caps cue and a "Label:" cue changed nothing.
_TITLE_WEAK = {
    "bullet": 3.0,  # a list item: a menu entry, a teaser in a list
    "digits": 1.5,  # mostly numbers: a date or time line in a language the rules do not know
    "names": 2.0,  # a bare name: a byline
    "promo": 2.0,  # a share bar, an app or newsletter promotion, a menu button
    "long": 0.7,  # more words than a headline: a standfirst
    "prose": 0.7,  # the line model reads it as body
    "byline": 1.0,  # opens like a byline, a date stamp or a credit
    "credit": 0.7,  # ends with a photo credit
    "host": 2.0,  # a bare host name: the site's logo or name
    "date": 1.5,  # a whole date: a date stamp with a byline ("Am 13. November 2019 Von Henry")
    "repeated-inside": 3.0,  # the page repeats it inside a longer line (<title>, breadcrumb)
    "repeated": 0.7,  # the page repeats it as a line of its own
    # the dump's first line opens with it, then a separator and a label: that line is the page's
    # <title> (html-text dumps, browser copies), the strongest evidence (above ~8 it beats
    # any nearness: DEV html-text 0.695 at 8, 0.699 at 20)
    "echo": 20.0,
    "echo-whole": 3.0,  # the dump's first line is it: a <title> without a site label
    "slug": 6.0,  # the page's URL spells it ("/three-taliban-prisoners-flown-to-qatar")
    "off-topic": 3.0,  # the article's text uses none of its words: another story's teaser
    "off-lead": 1.5,  # the article's first words use none of its words: a related story's teaser
}
_TITLE_LEAD_WORDS = 30  # the article's first words, where its headline's words recur
# words of a URL path that name no headline
_SLUG_NOISE = frozenset("html htm php asp aspx shtml index article articles story stories news amp www com".split())
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TITLE_PASS_LINE = 0.02
_TITLE_PASS_WEAK = 0.3
_TITLE_PASS_STRONG = 0.5
_TITLE_IN_BLOCK = 1.0
# lines before the article where a headline is looked for: each candidate is searched for in
# the whole page, so an unbounded walk is quadratic (20,000 menu lines took 17 s)
_TITLE_REACH = 300
_TITLE_DIGIT_SHARE = 0.3
_TITLE_MAX_WORDS = 20
# between a headline and a site label in a <title> (a plain hyphen only with spaces around), as
# in ``newsweave.extract.titles``: no domain is known here to tell which side is the label
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«)\s+")
_TITLE_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
# English and the main European languages of the pages; a miss only leaves the line unpenalised.
# A search box or a comment count only at a line's start ("Search …", "12 Kommentare"), since
# headlines use the words too (DEV inscriptis 0.606 -> 0.610, html-text unchanged)
_TITLE_PROMO = re.compile(
    r"\b(?:download|subscribe|newsletter|sign(?:ed)? (?:in|up)|log ?in|menu|navigation|skip to|shar(?:e|ing)|"
    r"follow us|app|facebook|twitter|linkedin|whatsapp|e-?mail|print|"
    # skip links, blog pagers and comment prompts, also in the other languages of the pages
    r"zum (?:\w+ )?inhalt|aller au contenu|ir al contenido|vai al contenuto|newer posts?|older posts?|"
    r"schreib(?:e|en sie)? einen kommentar|leave a (?:reply|comment)|"
    r"(?:^|\d+\s+)(?:search|suche|suchen|comments?|kommentare?|commentaires?|comentarios?)|"
    # a reading time ("4 min read", "Lesezeit: 3 Minuten"): DEV inscriptis 0.610 -> 0.612
    r"\d+\s*min(?:ute)?s?\.?\s+read|reading time|lesezeit|temps de lecture|tempo de leitura)\b"
    # a social-media handle: an author's byline ("Natasha Turak @NatashaTurak") or a follow button
    r"|(?:^|\s)@\w{2,}",
    re.IGNORECASE,
)
_TITLE_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|door|av|af|posted|published|updated|veröffentlicht|publicado|"
    r"publié|stand|aktualisiert|foto|photo|bild|image|credit)\b",
    re.IGNORECASE,
)
_TITLE_CREDIT = re.compile(
    r"\((?:[^()]*[/©][^()]*|photo|foto|getty[^()]*|reuters|ap|afp|dpa)\)\s*$"
    r"|\b(?:foto|photo|bild|image|credit)s?\s*:",
    re.IGNORECASE,
)
# an introduced list after the article's last paragraph ("Tour dates:", "Our picks:"): lines
# opening with a number, a month and day, a bullet or a bare link, the same opening every line
# or every other line (item / link pairs), at least this many. Came from the benchmark's error
# review (tour dates, numbered product lists after the last paragraph, which the gold keeps);
# the shapes are generic list items, checked by cross-validation on the training pages.
_LIST_MIN = 3
_LIST_INTRO_WORDS = 20
_LIST_REACH = 400
_LIST_MONTH = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.I)
_LIST_NUMBER = re.compile(r"\d{1,3}(?:[.)]|[a-zºª°]?\b)")
_LIST_LINK = re.compile(r"(?:https?://|www\.)\S+$", re.I)


@dataclass
class LineStats:
    """Corpus-level evidence: how often each normalised line occurs, per outlet/site key and overall.
    Serialisable (to_dict / from_dict) so the store can persist it between ingests.

    Lines are stored as short hashes of their normalised form (lower case, digits folded to 0,
    punctuation dropped), so the evidence neither keeps article text nor grows with line length.
    """

    lines: dict[str, Counter[str]] = field(default_factory=dict)
    docs: Counter[str] = field(default_factory=Counter)

    _ALL = ""

    def add_document(self, text: str, site: str | None = None) -> None:
        keys = {_line_key(line) for line in _split(text)}
        keys.discard(None)
        for bucket in {self._ALL, site or self._ALL}:
            self.docs[bucket] += 1
            self.lines.setdefault(bucket, Counter()).update(keys)

    def count(self, line: str, site: str | None = None) -> int:
        key = _line_key(line)
        if key is None:
            return 0
        return self.lines.get(site or self._ALL, Counter())[key]

    def documents(self, site: str | None = None) -> int:
        return self.docs[site or self._ALL]

    def is_boilerplate(
        self, line: str, site: str | None = None, min_docs: int = 3, min_share: float = 0.3
    ) -> bool:
        """A line seen in at least ``min_docs`` documents and ``min_share`` of the site's."""
        seen = self.count(line, site)
        total = self.documents(site)
        return total > 0 and seen >= min_docs and seen / total >= min_share

    def to_dict(self) -> dict:
        return {
            "version": 1,
            "documents": dict(self.docs),
            "lines": {site: dict(counter) for site, counter in self.lines.items()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> LineStats:
        return cls(
            lines={site: Counter(c) for site, c in data.get("lines", {}).items()},
            docs=Counter(data.get("documents", {})),
        )


def _normalise(line: str) -> str:
    text = BULLET.sub("", line.strip()).lower()
    return " ".join(words(re.sub(r"\d", "0", text)))


def _line_key(line: str) -> str | None:
    norm = _normalise(line)
    if not norm:
        return None
    return hashlib.blake2b(norm.encode("utf-8", "replace"), digest_size=8).hexdigest()


def _split(text: str) -> list[str]:
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.split("\n")


@lru_cache(maxsize=64)
def _stopwords(language: str | None) -> frozenset[str]:
    name = _STOPLIST_NAMES.get(language or "")
    if name is None:
        return frozenset()
    return frozenset(justext.get_stoplist(name))


def _language(text: str) -> str | None:
    sample = text[:_LANGUAGE_SAMPLE]
    if not words(sample):
        return None
    return py3langid.classify(sample)[0]


@dataclass
class _Line:
    number: int  # 1-based line number in the source
    text: str  # stripped source line, kept verbatim for the removed list
    content: str  # without list bullets
    reason: str | None  # furniture reason, None for possible article text
    kind: str = "short"  # good | near | short | bad (jusText classes)
    sentence: bool = False  # ends like a sentence
    words: int = 0
    size: int = 0  # length in characters, CJK characters weighted up
    density: float = 0.0  # stopword share of the tokens
    cjk: int = 0  # CJK characters in the sample
    prob: float | None = None  # the line model's body probability, when a model is used

    @property
    def sample(self) -> str:
        """The part of the content that rules and measures read (all of it but for huge lines)."""
        return self.content[:_SAMPLE_CHARS]

    @property
    def score(self) -> float:
        size = self.size
        if self.reason in _END_REASONS:
            return _END_PENALTY
        if self.prob is not None:
            return (self.prob - _PROB_MID) * (min(size, _PROB_SIZE_CAP) + _PROB_BASE)
        if self.reason is not None:
            return -(25.0 + 0.3 * size)
        if self.kind == "good":
            return float(size)
        if self.kind == "near":
            return 0.5 * size if self.sentence else -10.0
        if self.kind == "short":
            return 0.3 * size if self.sentence and self.words >= 5 else -15.0
        return -(20.0 + 0.3 * size)


def _classify(line: _Line, stopwords: frozenset[str]) -> None:
    sample = line.sample
    scale = len(line.content) / max(len(sample), 1)
    tokens = words(sample)
    line.cjk = len(_CJK.findall(sample))
    # a run of CJK characters is one \w+ token: count it as words by its length instead
    cjk_tokens = sum(bool(_CJK.match(t)) for t in tokens)
    line.words = round(
        scale * (sum(not t.isdigit() for t in tokens) - cjk_tokens + line.cjk / _CJK_PER_WORD)
    )
    line.size = round(scale * (len(sample) + (_CJK_WEIGHT - 1) * line.cjk))
    line.sentence = bool(_SENTENCE_END.search(line.content[-_SENTENCE_TAIL:])) and line.words >= 3
    size = line.size
    if stopwords:
        density = sum(t.lower() in stopwords for t in tokens) / max(len(tokens), 1)
    else:  # no stoplist for this language: trust shape only
        density = _STOP_HIGH if line.sentence else _STOP_LOW
    line.density = density
    if size < _LENGTH_LOW:
        line.kind = "short"
    elif density >= _STOP_HIGH and (size >= _LENGTH_HIGH or line.sentence):
        line.kind = "good"
    elif density >= _STOP_LOW or line.sentence:
        line.kind = "near"
    else:
        line.kind = "bad"


def _kadane(scores: list[float], lo: int, hi: int) -> tuple[float, tuple[int, int] | None]:
    best, span = 0.0, None
    running, start = 0.0, lo
    for i in range(lo, hi):
        if running <= 0:
            running, start = 0.0, i
        running += scores[i]
        if running > best:
            best, span = running, (start, i)
    return best, span


def _best_block(lines: list[_Line]) -> tuple[int, int] | None:
    """The article: the best-scoring contiguous run of lines, trimmed to good prose.

    Penalties grow along a run of non-prose lines, so an isolated subheading costs little
    while a menu of twenty items separates blocks. End markers (comments, related links,
    legal footer) are hard boundaries; the earliest segment holding a strong block wins,
    because the article comes before the comments and recirculation.
    """
    scores: list[float] = []
    run = 0
    lead_found = False
    for i, line in enumerate(lines):
        score = line.score
        run = run + 1 if score <= 0 else 0
        if run:
            score *= min(1 + _RUN_GROWTH * max(run - 1, 0), _RUN_CAP)
        elif not lead_found and line.kind == "good" and any(
            lines[j].reason in ("date", "byline") for j in range(max(i - 3, 0), i)
        ):
            # the article starts right after the page's first date / byline
            score += _AFTER_DATELINE
            lead_found = True
        scores.append(score)
    prose = 0.0
    cuts = []
    for i, line in enumerate(lines):
        if line.kind == "good" and line.reason is None:
            prose += line.size
        # a "Comments" link in the page header is not the start of the comment section
        if line.reason in _BOUNDARY_REASONS and prose >= _MIN_ARTICLE:
            cuts.append(i)
    bounds = list(zip([0, *(c + 1 for c in cuts)], [*cuts, len(lines)], strict=True))
    found = [_kadane(scores, lo, hi) for lo, hi in bounds]
    # what follows a comment section is comments, not the article
    weighted = [score * (1.0 if n == 0 else _AFTER_BOUNDARY) for n, (score, _) in enumerate(found)]
    top = max(weighted, default=0.0)
    if top <= 0:
        return None
    span = next(
        span for w, (_, span) in zip(weighted, found, strict=True) if span and w >= _EARLY_SHARE * top
    )
    first, last = span
    good = [i for i in range(first, last + 1) if _is_prose(lines[i])]
    if not good:
        return span
    return good[0], good[-1]


def _list_head(line: _Line) -> str | None:
    """How a list item opens (link, bullet, month and day, number), or None for other lines."""
    content = line.content
    if _LIST_LINK.match(content):
        return "link"
    if line.text[:1] != content[:1]:
        return "bullet"
    if _LIST_MONTH.match(content):
        return "month"
    if _LIST_NUMBER.match(content):
        return "number"
    return None


def _list_end(lines: list[_Line], start: int) -> int | None:
    """Last line of a list starting at ``start`` (each item opens like the one or two before
    it), or None when there are fewer than ``_LIST_MIN`` items."""
    heads = [_list_head(line) for line in lines[start : start + _LIST_REACH]]
    if not heads or heads[0] is None:
        return None
    n = 1
    while (
        n < len(heads)
        and heads[n] is not None
        and heads[n] in heads[max(n - 2, 0) : n]
        and lines[start + n].reason not in _END_REASONS
    ):
        n += 1
    return start + n - 1 if n >= _LIST_MIN else None


def _extend_block(lines: list[_Line], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The model's block, carried past its last paragraph over lines the model finds likely
    body (a closing one-liner, a sub-heading) and over a list the article introduces with a
    colon. The block search itself must end on a paragraph, which cuts both off.

    Chosen by grouped 5-fold cross-validation on the training pages (990 trafilatura_eval
    pages, second-pass probabilities out of fold, body shingle F1 against the silver labels):
    0.8606 without, 0.8613 carrying over lines >= 0.5 plus the lists, 0.8625 at
    ``_PROB_CARRY`` 0.4 (0.35: 0.8622, 0.3: 0.8623, 0.6: 0.8611). Benchmark 0.9306 -> 0.9324
    (html-text dumps 0.9286 -> 0.9306).
    """
    if span is None:
        return None
    first, last = span
    while last + 1 < len(lines):
        after = lines[last + 1]
        for intro in (last, last + 1):
            line = lines[intro]
            is_intro = line.content.endswith(":") and (
                intro == last or (line.reason is None and line.words <= _LIST_INTRO_WORDS)
            )
            end = _list_end(lines, intro + 1) if is_intro and intro + 1 < len(lines) else None
            if end is not None:
                break
        if end is not None:
            last = end
        elif after.reason is None and (after.prob or 0.0) >= _PROB_CARRY:
            last += 1
        else:
            break
    return first, last


def _is_prose(line: _Line) -> bool:
    """A line the article may start or end on."""
    if line.reason is not None:
        return False
    if line.prob is not None:
        # likely body and shaped like a paragraph, not like a headline or a label
        return line.prob >= _PROB_EDGE and (line.kind == "good" or line.sentence)
    return line.kind == "good"


def _norm_words(text: str) -> str:
    return " ".join(words(text.lower()))


def _title_like(line: _Line) -> bool:
    if line.reason is not None or not 3 <= line.words <= 30 or len(line.content) > 250:
        return False
    if line.content[:1].islower():
        return False
    return not line.content.endswith((".", ",", ";", ":"))


def _looks_like_a_name(text: str) -> bool:
    """One name: two to four capitalised words without digits ("Maria Jansen Okafor")."""
    tokens = text.split()
    return 2 <= len(tokens) <= 4 and all(
        t[:1].isupper() and not any(ch.isdigit() for ch in t) for t in tokens
    )


def _title_weakness(line: _Line) -> float:
    """How little a title-like line looks like a headline: the summed weights of the shapes of
    page furniture the rules let through (a menu item, a date or byline in a language the rules
    do not know, a share bar, a photo credit, a teaser the line model reads as body)."""
    content = line.content
    tokens = words(content[:_SAMPLE_CHARS])
    digits = sum(any(ch.isdigit() for ch in token) for token in tokens)
    cues = (
        ("bullet", line.text[:1] != content[:1]),
        ("digits", digits >= 2 and digits >= _TITLE_DIGIT_SHARE * len(tokens)),
        ("names", _looks_like_a_name(content)),
        ("promo", bool(_TITLE_PROMO.search(content))),
        ("long", line.words > _TITLE_MAX_WORDS),
        ("prose", (line.prob or 0.0) >= _PROB_EDGE and line.kind != "short"),
        ("byline", bool(_TITLE_BYLINE.match(content))),
        ("credit", bool(_TITLE_CREDIT.search(content))),
        ("host", bool(_TITLE_HOST.match(content))),
        ("date", has_full_date(content)),
    )
    return sum(_TITLE_WEAK[name] for name, present in cues if present)


def _title_heads(line: _Line) -> set[str]:
    """The headline parts of a ``<title>``-shaped line ("Headline - Section | Site"): the runs of
    its separator-split pieces from its start, normalised as ``_pick_title`` compares lines.
    Runs from its end (a label first: "Site | Headline") lost on DEV: the label side is then
    the site's name, which the page repeats in its header."""
    pieces = _TITLE_SEPARATOR.split(line.content)
    heads = {f" {_norm_words(' '.join(pieces[:k]))} " for k in range(1, len(pieces))}
    return heads - {"  "}


def _echoes(line: _Line, norm: str, heads: set[str]) -> bool:
    """A short line that is a headline because the page's ``<title>`` opens with it, even when it
    is too short or repeated too often to look like one."""
    return norm in heads and line.reason in (None, "repeated-line") and line.words <= 30


def _slug_words(url: str | None) -> set[str]:
    """The words of a URL's path that can spell a headline (none for a bare host)."""
    if not url:
        return set()
    path = re.sub(r"^[a-z]+://[^/]*", "", url.strip(), flags=re.IGNORECASE)
    return {w for w in words(path.lower()) if len(w) > 2 and w.isalpha() and w not in _SLUG_NOISE}


def _spells(norm: str, slug: set[str]) -> bool:
    """Whether a URL slug spells this line: two or more of its longer words, and most of them."""
    if not slug:
        return False
    found = [w for w in norm.split() if len(w) > 2 and w.isalpha()]
    shared = sum(w in slug for w in found)
    return shared >= 2 and shared * 2 >= len(found)


def _topic_words(text: str, stopwords: frozenset[str]) -> set[str]:
    return {w for w in words(text.lower()) if len(w) > 2 and w.isalpha() and w not in stopwords}


def _pick_title(
    lines: list[_Line],
    start: int,
    slug: set[str] | frozenset[str] = frozenset(),
    article_words: set[str] | None = None,
    stopwords: frozenset[str] = frozenset(),
    lead_words: set[str] | None = None,
) -> int | None:
    """The headline: the title-like line before the article that costs least.

    Walking back from the article's first line, each line passed costs a little and each
    title-like line passed costs more (a strong one more than one that looks like furniture),
    so the nearest headline-shaped line wins over earlier ones, but bylines, dates, captions
    and credits between it and the body are skipped cheaply. A candidate costs its weakness
    (``_title_weakness``) and gains when the page repeats it: inside a longer line (the
    ``<title>`` with a site label, a breadcrumb) is strong evidence, as a line of its own less.
    The article's own first line is a candidate too (DEV exact matches 0.598 -> 0.609; the
    next lines of the article as well lost).

    When the dump opens with the page's ``<title>`` (html-text dumps, browser copies: "Headline
    | Site"), a later line equal to its headline part is the headline (``_title_heads``), even
    one too short to look like one; a later line equal to the whole first line gains less,
    since inscriptis dumps open with a site name or a skip link that the header repeats. DEV
    exact matches (inscriptis / html-text): 0.607 / 0.588 before, 0.607 / 0.672 with the
    headline part, 0.605 / 0.695 with the whole line too, 0.610 / 0.699 with the host and
    search / comment cues and the part's weight raised.

    A line the page's URL path spells (``slug``: "/harbour-council-approves-new-ferry-timetable")
    gains ``_TITLE_WEAK["slug"]``: DEV exact matches with the URL given 0.615 / 0.700 without the cue,
    0.708 / 0.717 at 3, 0.719 / 0.717 at 6, 0.718 / 0.720 at 10 (held out, TEST: 0.822 / 0.844).

    A candidate none of whose words (stopwords of the page's language aside) the article uses
    is another story's teaser ("GM and UAW reach tentative contract agreement" above a report of
    a stabbing) and costs ``_TITLE_WEAK["off-topic"]``. DEV exact matches (inscriptis /
    html-text): 0.616 / 0.701 without the cue, 0.640 / 0.707 at 1.5, 0.647 / 0.710 at 3,
    0.641 / 0.709 at 5, 0.637 / 0.705 at 8; held out, TEST: 0.680 / 0.783 -> 0.746 / 0.800.
    A related story's teaser shares the article's subject, but rarely the words of its first
    sentence (``lead_words``: its first ``_TITLE_LEAD_WORDS`` words), which restate the
    headline; such a candidate costs ``_TITLE_WEAK["off-lead"]``. DEV: 0.647 / 0.710 without
    it; at 1.5 with the first 15, 30 and 60 words 0.660 / 0.713, 0.661 / 0.712, 0.656 / 0.712;
    30 words at 3: 0.658 / 0.706. TEST: 0.746 / 0.800 -> 0.769 / 0.811 (with the URL 0.840 /
    0.844, unchanged). Neither cue applies to a CJK line (no spaces to find its words by):
    DEV 0.661 / 0.712, TEST 0.763 / 0.811, with the URL 0.740 / 0.728 and 0.834 / 0.844.
    """
    # a title is at most 250 characters: the start of each line is all it can repeat
    norms = [f" {_norm_words(line.content[: 2 * _TITLE_SLACK + 250])} " for line in lines]
    exact = Counter(norms)
    page = "\n".join(norms)
    heads = _title_heads(lines[0]) if lines and len(lines[0].content) <= 250 else set()

    def cost(i: int, weakness: float) -> float:
        # CJK text has no spaces: a run of it is one "word", shared or not by chance. A line
        # without a word of its own to share ("Search for: Search") is furniture, and pays.
        if not lines[i].cjk:
            topic = _topic_words(lines[i].content, stopwords)
            if article_words and not topic & article_words:
                weakness += _TITLE_WEAK["off-topic"]
            if lead_words and not topic & lead_words:
                weakness += _TITLE_WEAK["off-lead"]
        if _spells(norms[i], slug):
            weakness -= _TITLE_WEAK["slug"]
        if i > 0 and norms[i] in heads:
            return weakness - _TITLE_WEAK["echo"]
        if i > 0 and norms[i] == norms[0]:
            return weakness - _TITLE_WEAK["echo-whole"]
        if page.count(norms[i]) > exact[norms[i]]:
            return weakness - _TITLE_WEAK["repeated-inside"]
        if exact[norms[i]] > 1:
            return weakness - _TITLE_WEAK["repeated"]
        return weakness

    best, best_cost, passed = None, 0.0, 0.0
    for i in range(start - 1, max(start - _TITLE_REACH, 0) - 1, -1):
        line = lines[i]
        if not (_title_like(line) or _echoes(line, norms[i], heads)):
            passed += _TITLE_PASS_LINE
            continue
        weakness = _title_weakness(line)
        if best is None or cost(i, weakness) + passed < best_cost:
            best, best_cost = i, cost(i, weakness) + passed
        passed += _TITLE_PASS_WEAK if weakness else _TITLE_PASS_STRONG
    # the block search may start on a long headline: its first line competes too, at a price
    if start < len(lines) and _title_like(lines[start]):
        first = cost(start, _title_weakness(lines[start])) + _TITLE_IN_BLOCK
        if best is None or first < best_cost:
            best = start
    return best


def _pick_standfirst(lines: list[_Line], title: int, start: int, end: int) -> int | None:
    """The prose line after the headline, when it stands apart from the body: only bylines,
    dates, captions and other short lines lie between it and the article block, or it is the
    block's first line and a byline, a date stamp or a line of furniture follows it.

    A bare short line after the block's first line is not enough: right after a headline that
    line is the lead paragraph far more often than a sub-headline. Once the headline picker
    chose the line right before the article, taking it on a short line cost CV body F1 on the
    training pages (grouped 5-fold, both passes out of fold, body vs silver): 0.8585 with it,
    0.8599 as here, 0.8607 never taking the block's first line; "never" loses the common layout
    headline, standfirst, byline, article (``tests/test_text_titles.py``), so this rule stays.
    Benchmark (held out, inscriptis dumps): 0.9319, 0.9333, 0.9326 respectively.
    """
    nxt = title + 1
    if nxt > start or nxt > end or lines[nxt].reason is not None or lines[nxt].words < 6:
        return None
    if _title_like(lines[nxt]) and lines[nxt].kind != "good" and lines[nxt].words < 10:
        return None
    if nxt == start:
        after = lines[nxt + 1] if nxt < end else None
        apart = after is not None and (
            after.reason is not None
            or _looks_like_a_name(after.content)
            or bool(_TITLE_BYLINE.match(after.content))
        )
        return nxt if apart else None
    between = lines[nxt + 1 : start]
    if all(line.reason is not None or line.kind == "short" for line in between):
        return nxt
    return None


def _outside_reason(lines: list[_Line], i: int, stopwords: frozenset[str]) -> str:
    """Reason for a line outside the body that no furniture rule claimed."""
    line = lines[i]
    if line.kind == "short" and looks_like_names(line.content, stopwords):
        # bare author names: several joined ("A B and C D"), or next to a date line
        several = bool(re.search(r",|&|\band\b", line.content))
        near_date = any(
            0 <= j < len(lines) and lines[j].reason == "date" for j in (i - 1, i + 1)
        )
        if several or near_date:
            return "byline"
    return "short-fragment" if line.kind == "short" else "outside-body"


def _lines(text: str, site: str | None, stats: LineStats | None) -> tuple[list[_Line], frozenset[str]]:
    stopwords = _stopwords(_language(text))
    lines: list[_Line] = []
    for number, raw in enumerate(_split(text), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        line = _Line(number, stripped, BULLET.sub("", stripped).strip() or stripped, None)
        line.reason = classify_noise(line.text[:_SAMPLE_CHARS], stopwords)
        if line.reason is None and stats is not None and stats.is_boilerplate(stripped, site):
            line.reason = "boilerplate-repeat"
        _classify(line, stopwords)
        lines.append(line)

    # the same short line many times on one page: share bars, "Read more" buttons
    repeats = Counter(line.text for line in lines if line.kind == "short")
    for line in lines:
        if line.reason is None and repeats[line.text] >= _PAGE_REPEATS:
            line.reason = "repeated-line"
    return lines, stopwords


def _score(lines: list[_Line], stopwords: frozenset[str], model: LineModel) -> None:
    """Set each line's body probability: the first pass, then the second when the model has one.

    The second pass reads the first pass's probabilities around each line and the block they
    decode, so a teaser list or bio after the article's last paragraph can be told from it.
    """
    rows = line_features(lines, _best_block(lines), bool(stopwords))
    probs = model.predict(rows)
    for line, prob in zip(lines, probs, strict=True):
        line.prob = float(prob)
    second = getattr(model, "second", None)
    if second is not None:
        extra = second_features(lines, probs, _best_block(lines))
        for line, prob in zip(lines, second.predict(np.column_stack([rows, extra])), strict=True):
            line.prob = float(prob)


def line_probabilities(
    text: str, model: LineModel, *, site: str | None = None, stats: LineStats | None = None
) -> tuple[list[str], np.ndarray]:
    """Each non-blank line of a dump (stripped) and the model's probability that it is body.

    For training and evaluating line models; ``clean_text`` does the same inside.
    """
    lines, stopwords = _lines(text if isinstance(text, str) else str(text), site, stats)
    if lines:
        _score(lines, stopwords, model)
    return [line.text for line in lines], np.array([line.prob for line in lines], dtype=float)


def second_rows(
    text: str, first: np.ndarray, *, site: str | None = None, stats: LineStats | None = None
) -> np.ndarray:
    """Each non-blank line's row of ``text_model.SECOND``, given first-pass probabilities
    (for training the second pass on out-of-fold first-pass predictions)."""
    lines, _ = _lines(text if isinstance(text, str) else str(text), site, stats)
    for line, prob in zip(lines, first, strict=True):
        line.prob = float(prob)
    return second_features(lines, np.asarray(first, dtype=float), _best_block(lines))


def feature_rows(
    text: str, *, site: str | None = None, stats: LineStats | None = None
) -> tuple[list[str], np.ndarray]:
    """Each non-blank line of a dump (stripped) and its row of ``text_model.FEATURES``."""
    lines, stopwords = _lines(text if isinstance(text, str) else str(text), site, stats)
    return [line.text for line in lines], line_features(lines, _best_block(lines), bool(stopwords))


def clean_text(
    text: str,
    *,
    site: str | None = None,
    stats: LineStats | None = None,
    use_model: bool = True,
    model: LineModel | None = None,
    url: str | None = None,
) -> CleanedDocument:
    """Split a whole-page text dump into title, standfirst, body and removed lines.

    ``url`` (else the first line of the dump that is a bare URL) helps pick the headline: a
    line its path spells is very likely the one.

    The shipped line model (or ``model``, when given) rescores the lines before the article
    block is searched; ``use_model=False`` keeps the rules and the jusText classes only.
    """
    source = text if isinstance(text, str) else str(text)
    lines, stopwords = _lines(source, site, stats)
    span = _best_block(lines)
    model = (model or load_line_model()) if use_model else None
    if model is not None and lines:
        _score(lines, stopwords, model)
        span = _extend_block(lines, _best_block(lines))
    start, end = span if span is not None else (len(lines), len(lines) - 1)
    url = url or next((line.content for line in lines if _URL_LINE.match(line.content)), None)
    article_words = set().union(*(_topic_words(line.content, stopwords) for line in lines[start + 1 : end + 1]))
    lead: list[str] = []
    for line in lines[start:]:
        if len(lead) >= _TITLE_LEAD_WORDS:
            break
        lead += words(line.content.lower())
    lead_words = _topic_words(" ".join(lead[:_TITLE_LEAD_WORDS]), stopwords)
    title = _pick_title(lines, start, _slug_words(url), article_words, stopwords, lead_words)
    standfirst = _pick_standfirst(lines, title, start, end) if title is not None else None
    if standfirst is not None and standfirst == start:
        start += 1
    title_norm = _norm_words(_SITE_SUFFIX.sub("", lines[title].content)) if title is not None else ""

    body: list[str] = []
    removed: list[RemovedLine] = []
    for i, line in enumerate(lines):
        if i in (title, standfirst):
            continue
        reason = line.reason
        if title_norm and len(line.content) <= len(title_norm) + _TITLE_SLACK and (
            _norm_words(_SITE_SUFFIX.sub("", line.content)) == title_norm
            or _norm_words(line.content) == title_norm
        ):
            reason = "repeated-headline"
        if reason is None and not start <= i <= end:
            reason = _outside_reason(lines, i, stopwords)
        if reason is None and line.prob is not None and line.prob < _PROB_DROP:
            reason = "unlikely-body"
        if reason is None:
            body.append(line.text)
        else:
            removed.append(RemovedLine(line.text, reason, line.number))

    return CleanedDocument(
        body="\n\n".join(body),
        removed=removed,
        extractor=EXTRACTOR,
        title=_SITE_SUFFIX.sub("", lines[title].content) if title is not None else None,
        standfirst=lines[standfirst].text if standfirst is not None else None,
    )
