"""Headlines without the site's name: "Best tech gadgets of 2019 | ZDNet" → "Best tech gadgets of 2019".

A page's ``<title>`` (and many exports' ``title``) carries the site's name, or a section of it,
before or after a separator. The name is stripped when it *is* the site: it matches the site
name the page declares, or the labels of its domain ("TechCrunch" on techcrunch.com,
"The GiveWell Blog" on blog.givewell.org). A segment that merely mentions the site inside a
real headline ("Take C.A.R.E. - comwrap auf der DMEXCO 2018") is kept: the matched part must
make up half of the segment. The stripped segment is also the best name for an outlet no table
knows, beside the page's declared site name when that, too, matches the domain
(:func:`confirmed_site_name`).

Hand-written: trafilatura and htmldate return the title as the page gives it, and no
maintained library splits a site label off a headline by the page's own evidence.
"""

from __future__ import annotations

import html
import re
import unicodedata
from difflib import SequenceMatcher

from newsweave.extract.outlets import domain_of

__all__ = ["confirmed_site_name", "declared_site_name", "split_site_label"]

# Separators between a headline and a site label; a plain hyphen counts only with spaces around.
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«)\s+")
_MIN_MATCH = 4  # characters in common with a domain label, so "ap" or "co" never match
_MIN_SHARE = 0.5  # of the segment's letters that the match must cover
_MIN_HEADLINE_WORDS = 3  # what must be left of the headline
_MAX_LABEL_WORDS = 3  # a longer segment that names the site is a headline about it
# a section or station tagline before the site's name: "India News", "Boston News, Weather, Sports"
_SECTION = re.compile(r"^\w[\w .'-]{0,30} news(?:,? [\w ,&]{0,30})?$", re.IGNORECASE)
_MIN_SIMILARITY = 0.85  # a segment spelled like the whole label ("Mensagens de Reflexão")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_COPYRIGHT = re.compile(r"\(c\)|©|\bcopyright\b|\ball rights reserved\b|\b(?:19|20)\d\d\b", re.IGNORECASE)
MAX_SITE_NAME_WORDS = 6  # a longer "site name" is a headline or a tagline
_GENERIC_LABELS = frozenset({"www", "com", "org", "net", "news", "blog", "blogs", "edition", "amp", "mobile", "m"})


def _folded(text: str) -> str:
    """Lower-case letters and digits only, accents dropped: "Reflexão" → "reflexao"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _domain_labels(domain: str | None) -> list[str]:
    if not domain:
        return []
    labels = domain.lower().split(".")[:-1]  # the top-level domain names no site
    return [_folded(label) for label in labels if len(label) > 2 and label not in _GENERIC_LABELS]


def _is_site(segment: str, labels: list[str], sitename: str | None) -> bool:
    folded = _folded(segment)
    if not folded:
        return False
    if sitename and folded == _folded(sitename):
        return True
    words = segment.split()
    if len(words) <= _MAX_LABEL_WORDS and any(_folded(word) in labels for word in words if len(word) >= _MIN_MATCH):
        return True  # "WHDH 7News" on whdh.com: the name is one of the label's words
    for label in labels:
        matcher = SequenceMatcher(None, folded, label, autojunk=False)
        run = matcher.find_longest_match().size
        if (run >= _MIN_MATCH and run >= _MIN_SHARE * len(folded)) or matcher.ratio() >= _MIN_SIMILARITY:
            return True
    return False


def split_site_label(title: str, domain: str | None = None, sitename: str | None = None) -> tuple[str, str | None]:
    """(headline, site label or None).

    The label is looked for in the last three segments (a site's tagline may follow its name:
    "… - Remember 80/90 - Memorabilia anni 80/90", "… - WSVN 7News | Miami News, Weather, Sports
    | Fort Lauderdale"), then in the first; everything from a label to that end is dropped, and
    so is a section label right before it ("… | India News - Times of India"). The headline
    keeps at least three words, so a short title is never emptied into a label.
    """
    labels = _domain_labels(domain)
    if not labels and not sitename:
        return title, None
    pieces = _SEPARATOR.split(title)
    separators = _SEPARATOR.findall(title)

    def joined(first: int, last: int) -> str:
        parts = [pieces[first]]
        for i in range(first + 1, last):
            parts += [separators[i - 1], pieces[i]]
        return "".join(parts).strip()

    count = len(pieces)
    for at in (count - 1, count - 2, count - 3):
        if at >= 1 and _is_site(pieces[at], labels, sitename):
            end = at - 1 if at >= 2 and _SECTION.match(pieces[at - 1].strip()) else at
            headline = joined(0, end)
            if len(headline.split()) >= _MIN_HEADLINE_WORDS:
                return headline, pieces[at].strip()
    if count > 1 and _is_site(pieces[0], labels, sitename):
        headline = joined(1, count)
        if len(headline.split()) >= _MIN_HEADLINE_WORDS:
            return headline, pieces[0].strip()
    return title, None


def confirmed_site_name(sitename: str | None, domain: str | None) -> str | None:
    """The page's declared site name when the domain confirms it ("VentureBeat" on
    venturebeat.com), else None. Its first segment only ("LinkNaija | Nigeria's popular news
    platform" → "LinkNaija"). A name that only repeats or capitalises the domain ("Nj" on
    nj.com) is what an extractor derives from the host when the page declares nothing: None."""
    if not sitename or not domain or "://" in sitename or sitename.lower().startswith("www."):
        return None
    name = _SEPARATOR.split(sitename.strip())[0].strip(" _-.|")
    labels = _domain_labels(domain)
    if not name or not _is_site(name, labels, None):
        return None
    if _folded(name) == _folded(domain) or any(name in (label, label.capitalize()) for label in domain.split(".")):
        return None
    return name


def declared_site_name(sitename: str | None) -> str | None:
    """The site name a page declares, when no domain can confirm it, cleaned into a name: a URL
    gives its host ("https://www.ditib.de" → "ditib.de"); an e-mail address and a copyright
    notice are dropped ("(c) alarmeringen.nl - All rights reserved" → "alarmeringen.nl",
    "Lüder Hoppe info@buero-hoppe.de" → "Lüder Hoppe"). What still reads as a headline (more than
    ``MAX_SITE_NAME_WORDS`` words, or ending in "?" or "!") is no name: None."""
    if not sitename or not sitename.strip():
        return None
    text = html.unescape(html.unescape(sitename)).strip()  # "&amp;copy; 2016 aryanews.com"
    if "://" in text or text.lower().startswith("www."):
        return domain_of(text)
    text = " ".join(_COPYRIGHT.sub(" ", _EMAIL.sub(" ", text)).split())
    text = re.sub(r"^[\s,;:|_.–—-]+|[\s,;:|_–—-]+$", "", text)
    if not text or len(text.split()) > MAX_SITE_NAME_WORDS or text.endswith(("?", "!")):
        return None
    return text
