"""Bylines: validated person names, where an empty list beats a wrong one.

No library validates names in a byline line; the checks here are shape rules (2-4
capitalised tokens, initials and name particles allowed), a list of words that are never
part of a person's name in a byline, and a given-name gazetteer: the first name must be
one of the ~40,000 given names of gender-guesser's list (used only as a list of names),
or an initial. That drops some real authors with rare given names; empty beats wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gender_guesser.detector import Detector

_PARTICLES = {"de", "da", "del", "della", "di", "van", "von", "der", "den", "le", "la", "al", "el", "bin", "ibn", "ben", "dos", "du", "st"}
_NOT_NAMES = {
    "news", "politics", "features", "arts", "entertainment", "society", "sport", "sports", "business", "world",
    "staff", "reporter", "reporters", "correspondent", "editor", "editors", "writer", "desk", "agency", "agencies",
    "press", "times", "post", "daily", "journal", "herald", "tribune", "online", "digital", "team", "bureau",
    "updated", "published", "posted", "comment", "comments", "share", "subscribe", "follow", "read", "more",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december", "photo", "video",
    "the", "of", "in", "on", "for", "to", "at", "from", "with", "said", "says", "reuters", "afp", "ap", "pti",
    "russia", "syria", "moscow", "washington", "london", "kremlin", "president", "minister", "secretary",
    # a comment's greeting ("Hi Cherie,"), an outlet after the name ("Elliot Brownstein Florida Today")
    "hi", "hello", "hey", "dear", "today",
}
_TOKEN = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]\.(?:[A-Z]\.)*|[A-Z][a-z]*[A-Z][a-z]+)$")
_BY_PREFIX = re.compile(r"^\s*(?:by|written by|words by|reporting by|von|par|por)\s+", re.I)
_ROLE_SUFFIX = re.compile(r"\s*[,|–—-]\s*(?:staff|senior|chief|special|foreign|political|our|the)\b.*$", re.I)


@lru_cache(maxsize=1)
def _given_names() -> Detector:
    return Detector(case_sensitive=False)


def is_given_name(token: str) -> bool:
    """A known given name ("Stuart", "Jo") or an initial ("J.")."""
    if re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)*", token):
        return True
    return _given_names().get_gender(token.split("-")[0]) != "unknown"


def is_person_name(name: str) -> bool:
    tokens = name.split()
    if not 2 <= len(tokens) <= 4 or not is_given_name(tokens[0]):
        return False
    capitalised = 0
    for token in tokens:
        low = token.lower().rstrip(".")
        if low in _PARTICLES:
            continue
        if low in _NOT_NAMES or not _TOKEN.match(token):
            return False
        capitalised += 1
    return capitalised >= 2 and not tokens[-1].endswith(".")


def names_in_byline(line: str) -> list[str]:
    """Person names in a byline such as "By Stuart Williams and Jo Biddle"; [] unless all parts are names."""
    text = _BY_PREFIX.sub("", line.strip())
    text = _ROLE_SUFFIX.sub("", text).strip(" .;:-–—")
    if not text or len(text) > 120:
        return []
    parts = [part.strip() for part in re.split(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b)\s*", text) if part.strip()]
    if not parts or not all(is_person_name(part) for part in parts):
        return []
    return parts


def validated(names: list[str]) -> list[str]:
    """Keep the plausible person names of an export's or a page's author field."""
    kept: list[str] = []
    for name in names:
        for part in names_in_byline(name) or []:
            if part not in kept:
                kept.append(part)
    return kept
