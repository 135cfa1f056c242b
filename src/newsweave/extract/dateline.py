"""Datelines: the place a story was filed from, at the head of its first paragraph.

"LONDON // Russia has ...", "WASHINGTON — Secretary ...", "MOSCOW, Stuart Williams and
Jo Biddle- After ...", "BEIRUT (Reuters) - ...". A dateline is written in capitals, which
is what separates it from an ordinary first word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsweave.extract.outlets import AGENCIES
from newsweave.extract.people import names_in_byline

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){0,3})"
    r"(?:,\s(?P<region>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?))?"
    r"(?:\s*\((?P<agency>[A-Za-z -]{2,40})\))?"
    r"\s*(?P<sep>//|—|–|--|-|:|,)\s*"
)
_BYLINE_THEN_DASH = re.compile(r"^(?P<byline>[^—–\n]{3,80}?)\s*(?:-|—|–|--)\s+(?=\S)")
_NOT_PLACES = {"THE", "A", "AN", "BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "LIVE", "NEW", "OPINION"}
# first words of capitalised openers that are no place: a letter's salutation ("DEAR ABBY:"),
# a label ("EDITOR'S NOTE:", "BREAKING NEWS -", "PHOTO GALLERY:")
_NOT_PLACE_LEADS = {"DEAR", "EDITOR'S", "EDITORS", "BREAKING", "EXCLUSIVE", "WATCH", "LIVE", "OPINION",
                    "PHOTO", "PHOTOS", "VIDEO", "ANALYSIS", "COMMENTARY", "REVIEW", "UPDATE", "UPDATED"}


@dataclass
class Dateline:
    place: str
    credits: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def find_dateline(body: str) -> Dateline | None:
    """The dateline at the start of ``body`` (and a byline or agency written into it)."""
    head = body[:300]
    match = _DATELINE.match(head)
    if not match:
        return None
    if match.group("sep") == "-" and not head[match.start("sep") + 1:match.start("sep") + 2].isspace():
        return None  # a compound, not a dateline: "HVW-Verband", "BWE-Präsident", "LONDON-based"
    place = match.group("place").strip()
    letters = re.sub(r"[^A-Za-z]", "", place)
    if len(letters) < 3 or place in _NOT_PLACES or place.split()[0] in _NOT_PLACE_LEADS or not letters.isupper():
        return None
    credits = []
    agency = match.group("agency")
    if agency and agency.strip() in AGENCIES:
        credits.append(AGENCIES[agency.strip()])
    authors: list[str] = []
    if match.group("sep") == ",":
        rest = head[match.end():]
        byline = _BYLINE_THEN_DASH.match(rest)
        if byline:
            authors = names_in_byline(byline.group("byline"))
        # "MOSCOW, some prose" is a dateline; "NATO, THE ALLIANCE" is an all-caps sentence.
        if not authors and match.group("region") is None and rest.split(" ", 1)[0].isupper():
            return None
    return Dateline(place=place.rstrip("."), credits=credits, authors=authors)
