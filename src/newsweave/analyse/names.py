"""Name normalisation and comparison used to group mentions into entities.

Hand-written rules because no maintained library covers the variants news text produces
(honorifics, middle initials, Arabic particles such as "al-", transliterated given names):
string similarity itself comes from rapidfuzz (Jaro-Winkler). The only table of names is a
small list of very common country / organisation abbreviations ("U.S." → "United States");
people are matched by rules only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr messrs mme mlle herr".split()
)
# Words that are never part of a person's name but that NER sometimes includes in the span.
NAME_TITLES = frozenset(
    "president vice prime minister secretary senator sen rep gov governor general gen "
    "ambassador chancellor king queen prince princess pope judge justice mayor former "
    "spokesman spokeswoman foreign state col lt capt sgt adm cmdr taoiseach tanaiste detective "
    "sergeant superintendent archbishop rabbi".split()
)
# Name particles dropped from the comparison key ("Bashar al-Assad" ~ "Bashar Al Assad").
PARTICLES = frozenset(
    "al el ul bin ibn bint abu de del della der di da dos das du la le lo van von ter den st".split()
)
SUFFIXES = frozenset("jr sr ii iii iv".split())
_MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "herr"})
_FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady", "mme", "mlle"})
# Ranks that with one word are the whole name a person goes by ("Lady Gaga", "Lord Sugar").
PEERAGE = frozenset("sir dame lord lady".split())
# Occupations a headline puts before a name in title case ("Comedian Ellen DeGeneres"), and
# titles that are also surnames ("Constable Robin Smith", "Julie Bishop"): dropped from the
# front of a name of three words or more ("Pastor Maldonado" keeps his given name).
OCCUPATIONS = frozenset(
    """actor actress singer rapper comedian comedienne star model author writer novelist poet
    filmmaker producer designer chef quarterback receiver linebacker pitcher boxer golfer
    climber surgeon constable bishop cardinal inspector""".split()
)

# Person roles: a pre-modifier or appositive counts as a role when it contains one of these.
ROLE_WORDS = frozenset(
    """president presidents minister ministers secretary spokesman spokeswoman spokesperson
    ambassador envoy negotiator chancellor senator governor mayor general director chief head
    leader chairman chairwoman chair ceo official king queen prince princess judge attorney
    lawyer representative congressman congresswoman diplomat commander adviser advisor aide
    correspondent reporter editor candidate nominee strongman counterpart premier deputy
    commissioner founder executive manager coach captain analyst professor economist
    spokespeople monarch emir sheikh ayatollah cleric general-secretary secretary-general
    president-elect commissioner lieutenant colonel admiral sergeant officer inspector
    prosecutor chairperson treasurer vice-president pm mp lawmaker legislator""".split()
)

# Very common abbreviations of countries / bodies, keyed by their normalised form.
ALIASES = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "un": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "european union": "European Union",
    "uae": "United Arab Emirates",
    "united arab emirates": "United Arab Emirates",
    "russian federation": "Russia",
    "ussr": "Soviet Union",
    "soviet union": "Soviet Union",
    "dprk": "North Korea",
}

GIVEN_NAME_SIMILARITY = 0.9  # Jaro-Winkler: Sergei/Sergey 0.93, John/Joan 0.87
SHORT_FORM = 3  # a given name this long that starts a longer one is its short form (Fred/Frederick)
SHARED_STEM = 4  # given names sharing this many first letters are variants (Alexis/Alexandros)


def fold(text: str) -> str:
    """Lower-case ASCII fold: accents, curly apostrophes and non-breaking spaces normalised."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\xa0", " "))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def strip_possessive(text: str) -> str:
    return re.sub(r"['\u2019]s?$", "", text.strip())


def org_key(text: str) -> str:
    """Comparison key of a non-person name: "the U.S." → "us", "White House's" → "white house"."""
    s = strip_possessive(fold(text))
    s = re.sub(r"^the\s+", "", s)
    s = s.replace(".", "")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return s


def group_key(text: str, label: str) -> str:
    """Comparison key of a non-person name of this label: ``org_key``, and for a nationality
    or group (NORP) its singular, so "Russians" and "Russian", "Democrats" and "Democrat" are
    one entity ("Swiss" stays: a double s is no plural)."""
    key = org_key(text)
    if label == "NORP" and " " not in key and len(key) > 4 and key.endswith("s") and not key.endswith("ss"):
        return key[:-1]
    return key


def canonical_org(text: str) -> str:
    """Display name of a non-person mention: alias table, else the text without "the"/possessive."""
    key = org_key(text)
    if key in ALIASES:
        return ALIASES[key]
    s = strip_possessive(text.replace("\xa0", " "))
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass(frozen=True)
class PersonName:
    """Comparison form of a person's name."""

    given: str | None  # first given name; "j." when only initials are given; None: surname only
    surname: str

    @property
    def full(self) -> bool:
        return self.given is not None


def _drop_lowercase_lead(text: str) -> str:
    """ "comedian Ellen DeGeneres" -> "Ellen DeGeneres": NER spans sometimes take in a lower-case
    description before the name; a name particle ("de Gaulle", "al-Assad") stays."""
    words = text.split()
    while (len(words) > 1 and words[0][:1].islower()
           and fold(words[0]).split("-")[0].strip(".") not in PARTICLES):
        words = words[1:]
    return " ".join(words)


def person_tokens(text: str) -> list[str]:
    s = strip_possessive(fold(_drop_lowercase_lead(text)))
    tokens = [t.strip(".,;:") for t in re.split(r"[\s\-]+", s)]
    tokens = [t for t in tokens if t and re.search(r"[a-z]", t)]
    # "Russian Foreign Minister Sergei Lavrov": drop everything up to the last title word,
    # unless that word ends the name ("Martin Luther King")
    titles = [i for i, t in enumerate(tokens[:-1]) if t in NAME_TITLES or t in ROLE_WORDS]
    if titles:
        tokens = tokens[titles[-1] + 1 :]
    while tokens and (tokens[0] in HONORIFICS or tokens[0] in NAME_TITLES
                      or (tokens[0] in OCCUPATIONS and len(tokens) > 2)):
        tokens = tokens[1:]
    while tokens and tokens[-1] in SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def parse_person(text: str) -> PersonName | None:
    tokens = person_tokens(text)
    # a particle ends no name: "Peter Lo" is Mr Lo, "Gaetano Lo Presti" Mr Presti
    core = [t for i, t in enumerate(tokens) if (t not in PARTICLES or i == len(tokens) - 1) and len(t) > 1]
    if not core:
        return None
    if len(core) == 1:
        # "A. J. Smith" names one Smith, not any: its initials stand for the given name
        initials = [t for t in tokens[: tokens.index(core[0])] if len(t) == 1]
        return PersonName(f"{initials[0]}." if initials else None, core[0])
    return PersonName(core[0], core[-1])


_NOT_A_GIVEN_NAME = frozenset("the a an of and for in on at to new".split())


def looks_like_full_name(text: str) -> bool:
    """Two or three capitalised words that could be a given name and a surname ("Bettie Page",
    "Harry Winston"), for a span the model gave another label: not "The Notorious Bettie
    Page", "Johnson & Johnson" or "New York"."""
    words = strip_possessive(text).split()
    if not 2 <= len(words) <= 3 or not all(re.fullmatch(r"[A-Z][A-Za-z'\u2019-]*\.?", w) for w in words):
        return False
    folded = [fold(w).strip(".") for w in words]
    return folded[0] not in _NOT_A_GIVEN_NAME and folded[0] != folded[-1] and folded[-1] not in SUFFIXES


def given_compatible(a: str, b: str) -> bool:
    """Same given name: equal, an initial of the other, a short form (Fred/Frederick), a
    variant sharing its stem (Alexis/Alexandros), or a transliteration (Sergei/Sergey)."""
    if a == b:
        return True
    if a.endswith(".") or b.endswith("."):
        return a[0] == b[0]
    short, long_ = sorted((a, b), key=len)
    stem = len(short) >= SHORT_FORM and long_.startswith(short)
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(short))
    return stem or shared >= SHARED_STEM or JaroWinkler.similarity(a, b) >= GIVEN_NAME_SIMILARITY


def same_person(a: PersonName, b: PersonName) -> bool:
    """Same surname and, when both have one, a compatible given name."""
    if a.surname != b.surname:
        return False
    if a.given is None or b.given is None:
        return True
    return given_compatible(a.given, b.given)


def honorific_sex(word: str) -> str | None:
    """"m" or "f" when the honorific says ("Mr.", "Mrs"), else None."""
    word = fold(word).rstrip(".")
    return "m" if word in _MALE_HONORIFICS else "f" if word in _FEMALE_HONORIFICS else None


def clean_person_name(text: str) -> str:
    """Display form of a person mention: titles and honorifics stripped ("Tennessee Sen Bob
    Corker" is Bob Corker), spacing normalised, a name in capitals written as a name ("AL
    SHARPTON" is Al Sharpton). A rank that makes a one-word name stays: "Lady Gaga", "Lord Sugar"."""
    s = _drop_lowercase_lead(strip_possessive(text.replace("\xa0", " ")))
    words = s.split()
    titles = [i for i, w in enumerate(words[:-1]) if fold(w).strip(".") in NAME_TITLES or fold(w) in ROLE_WORDS]
    if titles:
        words = words[titles[-1] + 1 :]
    while len(words) > 1 and (
        (fold(words[0]).strip(".") in HONORIFICS and not (len(words) == 2 and fold(words[0]) in PEERAGE))
        or fold(words[0]) in NAME_TITLES
        or (fold(words[0]) in OCCUPATIONS and len(words) > 2)
    ):
        words = words[1:]
    name = " ".join(words)
    if len(words) > 1 and not any(c.islower() for c in name):
        return name.title()
    return name


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"
