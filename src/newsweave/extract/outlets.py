"""Outlet names and wire credits.

The outlet comes from the URL's domain (mapped to a name through ``data/outlets.json``),
the page's site name, the page's own self-promotion ("Subscribe to Business Standard"),
or, as a last resort, the wire agency credited. Wire credits are kept apart.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

# Wire agencies and their canonical names; keys are matched case-sensitively as whole words.
AGENCIES: dict[str, str] = {
    "Agence France-Presse": "Agence France-Presse", "Agence France Presse": "Agence France-Presse",
    "AFP": "Agence France-Presse", "Reuters": "Reuters", "Associated Press": "Associated Press",
    "AP": "Associated Press", "PTI": "Press Trust of India", "Press Trust of India": "Press Trust of India",
    "IANS": "IANS", "ANI": "ANI", "Bloomberg": "Bloomberg", "Xinhua": "Xinhua", "TASS": "TASS", "Tass": "TASS",
    "ITAR-TASS": "TASS", "RIA Novosti": "RIA Novosti", "Interfax": "Interfax", "dpa": "dpa", "DPA": "dpa",
    "Deutsche Presse-Agentur": "dpa", "EFE": "EFE", "ANSA": "ANSA", "Kyodo": "Kyodo News", "Yonhap": "Yonhap",
    "UPI": "United Press International", "WAM": "WAM", "AAP": "Australian Associated Press",
    "Anadolu": "Anadolu Agency", "Anadolu Agency": "Anadolu Agency",
}
_AGENCY_ALT = "|".join(sorted((re.escape(name) for name in AGENCIES), key=len, reverse=True))
_SEPARATOR = r"(?:\s*(?:,|&|/|\||\band\b|\bwith\b|\bI\b)\s*)"
# A whole line made of agency names (optionally starred, optionally followed by a place).
_CREDIT_LINE = re.compile(
    rf"^\s*(?:[*•—–-]\s*|\(c\)\s*|©\s*)?(?:with\s+|via\s+|source:\s*)?(?P<agencies>(?:{_AGENCY_ALT})(?:{_SEPARATOR}(?:{_AGENCY_ALT}))*)"
    rf"(?:\s+(?P<place>[A-Z][a-zA-Z]+(?:\s[A-Z][a-zA-Z]+)?))?\s*\.?\s*$"
)
_AGENCY_TOKEN = re.compile(rf"(?<![\w-])(?:{_AGENCY_ALT})(?![\w-])")
_CAPTION_WORDS = re.compile(r"\b(photo|image|picture|file|video|graphic)s?\b", re.I)
_NAME = r"(?P<name>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,4})"
_SUBSCRIBE = re.compile(rf"\b[Ss]ubscribe to\s+{_NAME}")
# a bare "© Name" is a photo credit; a copyright notice has the word or a year
_COPYRIGHT = re.compile(
    r"(?:\b[Cc]opyright(?:\s*©)?(?:\s+\d{4}(?:\s*[-–]\s*\d{4})?,?)?|©\s*(?:[Cc]opyright\s+)?"
    rf"\d{{4}}(?:\s*[-–]\s*\d{{4}})?,?)\s*{_NAME}"
)
# what follows a name in those lines: a sentence ("Inc. All rights reserved", "AUTORACING. Todos
# os direitos"), a list of links, an address
_NAME_END = re.compile(r"\.\s|\.(?=[A-Z][a-z])|,|\s[/|•–-]\s|\sAll\s")
_NAME_TAIL = re.compile(
    r"(?:\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|GmbH|AG|PLC|Corp|Corporation|Pty)\.?|[’']s|\s+[Nn]ewsletters?)+$"
)
# "Copyright Policy", "Subscribe to Newsletters", "Image copyright Getty Images"
_NOT_A_NAME = re.compile(
    r"^(?:policy|notice|information|terms|newsletters?|copyright|our|all)\b", re.I
)
_PHOTO_CREDIT = re.compile(r"\b(?:image|photo|picture|foto|bild)(?:\s+credit)?\s*:?\s*(?:copyright|©)", re.I)

# https://web.archive.org/web/20160218174457/http://site.de/2010/05/a/ (also with "id_" or "if_")
_WAYBACK = re.compile(
    r"^https?://(?:web\.)?archive\.org/web/\d{1,14}[a-z_]*/(?P<original>(?:https?://)?[^/\s]+\.[^/\s]+.*)$"
)


@lru_cache(maxsize=1)
def _domain_names() -> dict[str, str]:
    text = resources.files("newsweave").joinpath("data/outlets.json").read_text(encoding="utf-8")
    return json.loads(text)


def domain_of(url: str | None) -> str | None:
    """The host of a URL without ``www.``, or None; for a Wayback Machine copy, the host of
    the archived page (the outlet is the site archived, not the archive)."""
    if not url:
        return None
    archived = _WAYBACK.match(url)
    if archived:
        return domain_of(archived["original"])
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # "http://[broken/...": a malformed address names no site
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def known_outlet(domain: str | None) -> str | None:
    """The outlet name a domain or any parent domain is known by, or None."""
    if not domain:
        return None
    names = _domain_names()
    parts = domain.lower().split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in names:
            return names[candidate]
    return None


def outlet_from_domain(domain: str | None) -> str | None:
    """A known outlet name for a domain or any parent domain; the bare domain otherwise."""
    if not domain:
        return None
    return known_outlet(domain) or domain.lower()


def parse_credit_line(line: str) -> tuple[list[str], str | None] | None:
    """``"AFP I PTI Moscow"`` → (["Agence France-Presse", "Press Trust of India"], "Moscow").

    Returns None for lines that are not a bare credit (photo credits included).
    """
    if len(line) > 120 or _CAPTION_WORDS.search(line):
        return None
    match = _CREDIT_LINE.match(line)
    if not match:
        return None
    names: list[str] = []
    for token in _AGENCY_TOKEN.findall(match.group("agencies")):
        name = AGENCIES[token]
        if name not in names:
            names.append(name)
    return names, match.group("place")


def outlet_from_self_promotion(lines: list[str]) -> str | None:
    """An outlet naming itself: "Subscribe to Business Standard", else a copyright line
    ("Copyright © 2019 Press TV. All rights reserved." → "Press TV").

    A subscription names the outlet itself; a copyright line often names its parent company
    ("Hearst Communications"), so it only counts when no line asks to subscribe. The name ends
    where its sentence does, and a company form ("Inc", "LLC") or "newsletter" is dropped.
    """
    for pattern in (_SUBSCRIBE, _COPYRIGHT):
        for line in lines:
            if len(line) > 300 or _PHOTO_CREDIT.search(line):
                continue
            match = pattern.search(line)
            if not match:
                continue
            name = _NAME_END.split(match.group("name") + " ", maxsplit=1)[0]
            name = _NAME_TAIL.sub("", name.strip(" .")).strip(" .")
            if len(name) > 2 and name not in AGENCIES and not _NOT_A_NAME.match(name):
                return name
    return None
