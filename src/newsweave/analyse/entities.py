"""Named-entity mentions, their roles, and in-article clusters (name coreference).

Mentions come from the spaCy NER; the rules here only tidy their edges (possessive "'s",
trailing dashes), drop or relabel a few systematic errors ("State" inside "Secretary of State",
all-lower-case spans, "Betty Ford Center" called a person), read the roles around a person's
name (pre-modifier titles such as "Kremlin spokesman Dmitry Peskov" and appositives such as
"Dmitry Peskov, the Kremlin spokesman") and group mentions of one entity: full names with
compatible given names, surname-only mentions with the full name they abbreviate, a lone given
name with the one full name it starts ("Lindsay" after "Lindsay Lohan"), a name tagged as an
organisation that spells a person of the article ("Bettie Page" beside "Page was 85"), and
non-person names by normalised key.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .genders import is_first_name, name_gender
from .names import (
    HONORIFICS,
    ROLE_WORDS,
    PersonName,
    canonical_org,
    clean_person_name,
    fold,
    group_key,
    honorific_sex,
    looks_like_full_name,
    org_key,
    parse_person,
    same_person,
)
from .records import EntityCluster, Mention

KEEP_LABELS = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split()
)
PERSON = "PERSON"
MAX_ROLE_TOKENS = 8
# Tokens that may sit inside a pre-modifier title ("Secretary of State", "UN Envoy for Syria").
ROLE_GLUE = frozenset({"of", "for", "'s", "\u2019s", "-", "&"})
TITLE_JOINERS = frozenset({"of", "for"})
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
ROLE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
# The last word of an institution's or a building's name, rarely a surname: a PERSON span
# ending in one ("Betty Ford Center", "Harry Winston Inc") names an organisation or a place.
ORG_HEADS = frozenset(
    """center centre clinic hospital university college institute academy foundation corporation
    corp inc ltd llc plc police ministry agency council committee commission survey association
    airlines airways""".split()
)
FAC_HEADS = frozenset("airport stadium avenue boulevard cathedral mosque".split())
# The first word of a street's, a square's or a natural feature's name, never a given name:
# "Place Vendome", "Avenue Montaigne", "Mount Cook" tagged PERSON are places.
FAC_LEADS = frozenset("avenue place rue boulevard via".split())
# what no person's name holds: the model also tags code, links, products and diseases PERSON
# ("AppleWebKit 537.36", "pic.twitter.com/0ppFoTrvJE", "Ryzen 5 3550H", "COVID-19")
_NOT_A_NAME = re.compile(r"\d|/|@|\bhttps?\b|\bwww\b|\.(?:com|org|net)\b", re.IGNORECASE)
LOC_LEADS = frozenset("mount mt lake cape gulf".split())


@dataclass
class _Raw:
    """A mention before clustering."""

    mention: Mention
    label: str
    roles: list[str] = field(default_factory=list)
    person: PersonName | None = None


def _trim(ent: Span, text: str) -> tuple[int, int] | None:
    """Character span of the entity without trailing possessives, punctuation and spaces, and
    for a person without the numbers the model runs into it ("Maria Sakkari 6-0")."""
    toks = list(ent)
    while toks and (toks[-1].tag_ == "POS" or toks[-1].is_punct or toks[-1].is_space
                    or (ent.label_ == PERSON and any(c.isdigit() for c in toks[-1].text))):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    if not toks:
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    while end > start and (text[end - 1] in "-\u2013\u2014'\u2019" or text[end - 1].isspace()):
        end -= 1
    if end <= start:
        return None
    return start, end


# short photo credits run into a caption beside the name: "Obama AP", "Melania GETTY"
_CREDITS = frozenset({"AP", "PA"})
# ranks whose "of" belongs to the name: "Mary Queen of Scots", "Duke of Edinburgh"
_RANKS_OF = frozenset("king queen prince princess duke duchess earl count countess baron baroness".split())
_ROMAN = re.compile(r"[IVXL]+")


def _shouted(word: str) -> bool:
    """A word in capitals that is no initial and no regnal number: a caption's heading or a
    photo credit ("STREET BEATING Donald Trump", "GETTY Max Verstappen")."""
    if word in _CREDITS:
        return True
    return len(word) >= 3 and word.isalpha() and word.isupper() and not _ROMAN.fullmatch(word)


def _name_part(text: str, start: int, end: int) -> tuple[int, int]:
    """The characters of a person span that are the name. Scraped pages run a caption's
    capitals, a photo credit, a team or a repeated word into a name: "STREET BEATING Donald
    Trump", "Melania GETTY", "Felipe Nasr of Sauber", "Verstappen Verstappen" (a lost full
    stop). A span written wholly in capitals ("AL SHARPTON", a CoNLL headline) is left alone."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\S+", text[start:end])]
    of = next((i for i, w in enumerate(words) if w[2] == "of"), None)
    if of is not None and of >= 2 and fold(words[of - 1][2]) not in _RANKS_OF:
        words = words[:of]
    repeat = next((i for i in range(1, len(words)) if fold(words[i][2]) == fold(words[i - 1][2])), None)
    if repeat is not None:
        words = words[:repeat]
    lead = next((i for i, w in enumerate(words) if not _shouted(w[2])), len(words))
    tail = next((i for i, w in enumerate(reversed(words)) if not _shouted(w[2])), len(words))
    rest = words[lead : len(words) - tail]
    if rest and any(c.islower() for w in rest for c in w[2]) and len(rest) >= max(lead, tail):
        words = rest
    return words[0][0], words[-1][1]


def _is_title_fragment(ent: Span) -> bool:
    """ "State" in "Secretary of State": a one-word span that completes a title."""
    if len(ent) != 1 or ent.start < 2:
        return False
    before = ent.doc[ent.start - 2 : ent.start]
    return before[1].lower_ == "of" and before[0].lower_ in ROLE_WORDS


def _honorific(doc: Doc, start_token: int) -> str | None:
    i = start_token - 1
    if i >= 0 and doc[i].text == "." and i >= 1:
        i -= 1
    if i >= 0 and fold(doc[i].text).rstrip(".") in HONORIFICS:
        return doc[i:start_token].text.replace(" .", ".")
    return None


def _has_role_word(tokens: list[Token]) -> bool:
    return any(t.lower_ in ROLE_WORDS or t.lemma_.lower() in ROLE_WORDS for t in tokens)


def _premodifier_role(ent: Span) -> str | None:
    """Title words right before the name: "US Secretary of State", "Kremlin spokesman"."""
    doc = ent.doc
    i = ent.start - 1
    if i >= 0 and doc[i].text == ".":
        i -= 1
    if i >= 0 and fold(doc[i].text).rstrip(".") in HONORIFICS:
        return None
    toks: list[Token] = []
    sent_start = ent.sent.start if doc.has_annotation("SENT_START") else 0
    while i >= sent_start and len(toks) < MAX_ROLE_TOKENS:
        t = doc[i]
        if t.is_space or "\n" in t.whitespace_ or t.ent_type_ == PERSON:
            break
        # "Secretary of State" continues past "of"; "regime of Syrian president" does not
        if t.lower_ in TITLE_JOINERS and not (i > 0 and doc[i - 1].lower_ in ROLE_WORDS):
            break
        # a spaced dash ends a dateline ("(Reuters) WASHINGTON - President Trump"); only an
        # unspaced one sits inside a title ("Vice-President")
        if t.text in _DASHES and (t.whitespace_ or (i > 0 and doc[i - 1].whitespace_)):
            break
        # what a caption, a timestamp or the sentence before leaves in front of a title: "new
        # emails Image caption FBI Director", "Wednesday afternoon Senate Majority Leader",
        # "EPA 9 Chicago Cubs manager": a common noun before a capitalised title word, a number
        if any(c.isdigit() for c in t.text) or (
            toks and t.pos_ == "NOUN" and t.text.islower() and t.lower_ not in ROLE_WORDS and toks[0].text[:1].isupper()
        ):
            break
        if t.pos_ in ROLE_POS or t.lower_ in ROLE_GLUE or t.tag_ == "POS":
            toks.insert(0, t)
            i -= 1
            continue
        break
    while toks and (toks[0].lower_ in ROLE_GLUE or toks[0].tag_ == "POS"):
        toks.pop(0)
    if not toks or not _has_role_word(toks):
        return None
    return doc[toks[0].i : toks[-1].i + 1].text


def _role_text(tokens: list[Token]) -> str | None:
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct or tokens[0].tag_ == "PRP$"):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 2 * MAX_ROLE_TOKENS or not _has_role_word(tokens):
        return None
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _appositive_roles(ent: Span) -> list[str]:
    """ "Dmitry Peskov, the Kremlin spokesman" and "Russia's ambassador ..., Vitaly Churkin"."""
    roles: list[str] = []
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            span = list(ent.doc[child.left_edge.i : child.right_edge.i + 1])
            # the role ends before a relative clause or the next comma after its head noun
            cut = [t for t in span if t.i > child.i and t.lower_ in {",", "who", "which", ";"}]
            if cut:
                span = [t for t in span if t.i < cut[0].i]
            role = _role_text(span)
            if role:
                roles.append(role)
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.lower_ in ROLE_WORDS:
        head = root.head
        role = _role_text([t for t in ent.doc[head.left_edge.i : ent.start] if not t.is_space])
        if role:
            roles.append(role)
    return roles


def _raw_mentions(doc: Doc) -> list[_Raw]:
    raws: list[_Raw] = []
    parsed = doc.has_annotation("DEP")
    doc_text = doc.text  # Doc.text re-joins every token on each access
    for ent in doc.ents:
        if ent.label_ not in KEEP_LABELS or _is_title_fragment(ent):
            continue
        trimmed = _trim(ent, doc_text)
        if trimmed is None:
            continue
        start, end = trimmed
        if ent.label_ == PERSON:
            start, end = _name_part(doc_text, start, end)
        text = doc_text[start:end]
        if not any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
            continue
        if ent.label_ == PERSON and _NOT_A_NAME.search(text):
            continue
        label = _person_span_label(text) if ent.label_ == PERSON else ent.label_
        if label == "NORP" and _named_as_a_place(ent):
            label = "GPE"
        mention = Mention(text=text, start=start, end=end, label=label)
        mention.honorific = _honorific(doc, ent.start)
        raw = _Raw(mention=mention, label=label)
        if parsed:
            role = _premodifier_role(ent)
            raw.roles = ([role] if role else []) + _appositive_roles(ent)
        raws.append(raw)
    return raws


# prepositions that put a place, not a people, after them: "in and around Aleppo"
_LOCATIVES = frozenset("in near around outside inside throughout across".split())
_CLAUSE_ENDS = frozenset(".,;:!?)")


def _named_as_a_place(ent: Span) -> bool:
    """A nationality or group span standing alone after a preposition of place, then a stop or a
    comma ("fighting in and around Aleppo, ..."), is a place the model mistook for a people: a
    people is written there as a modifier ("in Syrian territory", "in Arab-Israeli talks") or a
    plural ("in Kurds' hands")."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end] if ent.end < len(doc) else None
    alone = after is None or after.text in _CLAUSE_ENDS
    return before in _LOCATIVES and alone and not ent.text.endswith("s")


def _person_span_label(text: str) -> str:
    """The label of a span the model calls a person: ORG or FAC when its last word heads an
    institution's or a building's name, FAC or LOC when its first word starts a street's or a
    mountain's, else PERSON."""
    words = fold(text).replace(".", "").split()
    if len(words) < 2:
        return PERSON
    if words[-1] in ORG_HEADS:
        return "ORG"
    if words[-1] in FAC_HEADS or words[0] in FAC_LEADS:
        return "FAC"
    return "LOC" if words[0] in LOC_LEADS else PERSON


def _looks_like_person(raw: _Raw) -> bool:
    """An ORG/GPE/NORP span with a person's role or honorific is a mislabelled person."""
    if raw.label == PERSON:
        return True
    words = raw.mention.text.split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    return raw.mention.honorific is not None or (bool(raw.roles) and len(words) >= 2)


def cluster_mentions(doc: Doc) -> list[EntityCluster]:
    """Group the article's mentions into clusters with a canonical name, label and roles."""
    raws = _without_common_words(doc, _raw_mentions(doc))
    groups: list[list[_Raw]] = []
    person_groups: list[tuple[PersonName, list[_Raw]]] = []
    org_groups: dict[str, list[_Raw]] = {}

    persons = [r for r in raws if _looks_like_person(r)]
    _drop_swallowed_words(persons)
    person_ids = {id(r) for r in persons}
    for r in persons:
        r.person = parse_person(r.mention.text)
    # full names first, so that surname-only mentions find the person they abbreviate
    for r in persons:
        if r.person is None or not r.person.full:
            continue
        for name, members in person_groups:
            if name.full and same_person(name, r.person):
                members.append(r)
                break
        else:
            person_groups.append((r.person, [r]))
    said_sex = _pronoun_sex(doc, persons)
    for r in persons:
        if r.person is None or r.person.full:
            continue
        target = (_surname_target(r, person_groups, said_sex.get(r.person.surname))
                  or _given_name_target(r, person_groups) or _lone_surname_target(r, person_groups))
        if target is not None:
            target.append(r)
        elif not _capitals_only(r.mention.text) and not _family(r, person_groups):
            person_groups.append((r.person, [r]))

    for r in raws:
        if id(r) in person_ids:
            continue
        # "Lavrov" tagged ORG next to "Sergei Lavrov", "Palin's church" tagged GPE next to "Sarah
        # Palin": one word naming a known person, unless it reads as a place ("flew to Newton")
        if len(r.mention.text.split()) == 1 and (r.label not in ("GPE", "LOC") or not _after_place_word(doc, r)):
            person = parse_person(r.mention.text)
            as_person = _Raw(r.mention, r.label, person=person)
            # "Melania said" tagged GPE beside "Melania Trump": a first name that does something
            # ("Colts" beside the run-in "Colts QB Andrew Luck" is no first name)
            target = _surname_target(as_person, person_groups) or (
                _given_name_target(as_person, person_groups)
                if _acts(doc, r) and is_first_name(r.mention.text) else None)
            if person is not None and target is not None:
                target.append(r)
                continue
        # "Bettie Page" tagged ORG beside "Page" or "Bettie Page" tagged PERSON: that person
        target = _full_name_target(r, person_groups)
        if target is not None:
            r.person = parse_person(r.mention.text)
            target.append(r)
            continue
        org_groups.setdefault(group_key(canonical_org(r.mention.text), r.label), []).append(r)

    # a lone surname-only "person" that names a known organisation ("Kremlin" tagged PERSON)
    for name, members in list(person_groups):
        key = org_key(canonical_org(members[0].mention.text))
        if not name.full and key in org_groups and all(not m.person.full for m in members):
            org_groups[key].extend(members)
            person_groups.remove((name, members))

    groups = [m for _, m in person_groups] + list(org_groups.values())
    groups.sort(key=lambda g: min(r.mention.start for r in g))
    clusters: list[EntityCluster] = []
    for i, members in enumerate(groups):
        members.sort(key=lambda r: r.mention.start)
        n_person = sum(1 for r in members if id(r) in person_ids)
        is_person = n_person > 0 and (
            n_person * 2 >= len(members) or any(r.label == PERSON for r in members)
        )
        label = PERSON if is_person else _vote_label(members)
        name = _person_name(members) if is_person else _org_name(members)
        roles: list[str] = []
        for r in members:
            for role in r.roles:
                if role not in roles:
                    roles.append(role)
        clusters.append(
            EntityCluster(
                key=f"c{i}",
                name=name,
                label=label,
                mentions=[r.mention for r in members],
                roles=roles if label == PERSON else [],
            )
        )
    return clusters


def _without_common_words(doc: Doc, raws: list[_Raw]) -> list[_Raw]:
    """The mentions, less the words the model took for a person that the article itself writes
    in lower case: a headline's or a caption's word ("Historic", "Riot", "Victim" alone, "Down
    Alexis Sanchez", "Follow Ashley May", "Furious Obama"). A common first name ("Will Smith",
    "Hope Hicks"), an honorific or rank ("Mrs Clinton", "Lady Gaga") and the last word of a
    person's longer mention ("May" after "Theresa May", "Bush") are kept: surnames are common
    words too. A mention of such words only ("Laundry Bag") is dropped, and a word alone only
    where a capital says nothing, at the start of a sentence or a line: "Trump" inside a
    sentence is a name even where "trump" is a verb."""
    lower = {t.text for t in doc if t.is_alpha and t.is_lower}
    if not lower:
        return raws
    last_words = Counter(fold(r.mention.text.split()[-1]) for r in raws
                         if r.label == PERSON and len(r.mention.text.split()) > 1)

    def common(word: str) -> bool:
        return (word.lower() in lower and fold(word).strip(".") not in HONORIFICS
                and not is_first_name(word))

    kept = []
    for r in raws:
        words = list(re.finditer(r"\S+", r.mention.text)) if r.label == PERSON else []
        if words and all(common(w.group()) for w in words):
            # a surname some other mention of the article gives a first name to ("May" after
            # "Theresa May") is kept; so is a word alone inside a sentence
            last = fold(words[-1].group())
            surname = last_words[last] > (len(words) > 1)
            if not surname and (len(words) > 1 or _opens_sentence(doc, r.mention.start)):
                continue
        lead = 0
        while lead < len(words) - 1 and common(words[lead].group()):
            lead += 1
        if lead:
            r.mention.start += words[lead].start()
            r.mention.text = r.mention.text[words[lead].start() :]
        kept.append(r)
    return kept


def _opens_sentence(doc: Doc, char: int) -> bool:
    """Whether the token at ``char`` starts a sentence or a line (or the text)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    previous = doc[token.i - 1] if token.i > 0 else None
    return (previous is None or "\n" in previous.text or "\n" in previous.whitespace_
            or (doc.has_annotation("SENT_START") and token.is_sent_start))


def _capitals_only(text: str) -> bool:
    """One word in capitals ("COVID", "NATO", "MUMMY"): the model calls such words people, but
    alone they are mostly acronyms, places and organisations (CoNLL-2003: 27 of 689 such
    entities are people); one naming a person of the article has been grouped with it before."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) == 1 and len(letters) >= 2 and all(c.isupper() for c in letters)


def _family(r: _Raw, person_groups: list[tuple[PersonName, list[_Raw]]]) -> bool:
    """ "the Obamas", "the Trumps": the plural of the surname of a person the article names in
    full is that person's family, no person of its own."""
    surname = r.person.surname if r.person is not None else ""
    return (r.person is not None and r.person.given is None and surname.endswith("s")
            and any(name.full and name.surname == surname[:-1] for name, _ in person_groups))


def _drop_swallowed_words(persons: list[_Raw]) -> None:
    """ "Lindsay Lohan Checks Into Rehab", a title-case headline the model took for one name, or
    "Virginia Donald Trump" (a dateline run into the lead), in an article that names "Lindsay
    Lohan" or "Donald Trump" on its own: the words before such a name, or two or more words
    after it, are not part of it, and the mention is cut back to that name. One word after it
    may be: "John Paul Jones" is not John Paul, and "Donald Trump Jr." not his father."""
    names = {r.mention.text for r in persons if 2 <= len(r.mention.text.split()) <= 3
             and (person := parse_person(r.mention.text)) is not None and person.full}  # not "De Sa"
    for r in persons:
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", r.mention.text)]
        spans = [(first, first + size) for size in (3, 2) for first in range(len(words) - size + 1)]
        for first, last in spans:
            if (first, last) == (0, len(words)):
                continue
            name = r.mention.text[words[first][0] : words[last - 1][1]]
            if name in names and len(words) - last != 1:
                r.mention.start, r.mention.end = r.mention.start + words[first][0], r.mention.start + words[last - 1][1]
                r.mention.text = name
                break


_PRONOUN_SEX = {"he": "m", "his": "m", "him": "m", "himself": "m",
                "she": "f", "her": "f", "hers": "f", "herself": "f"}
MIN_PRONOUNS = 2  # pronouns after a surname, all of one sex, for them to say whom it names


def _pronoun_sex(doc: Doc, persons: list[_Raw]) -> dict[str, str]:
    """Per surname the article writes alone, the sex the pronouns after it say: the first "he"
    or "she" later in the sentence, before any other person is named ("Obama, for his part,
    said he was encouraged"). Only when at least ``MIN_PRONOUNS`` say so and none says the
    other: an article that names Barack Obama only as "President Obama" and Michelle Obama in
    full is about him whenever it writes "Obama". A text read without sentences says nothing."""
    said: dict[str, Counter] = {}
    if not doc.has_annotation("SENT_START"):
        return {}
    for r in persons:
        if r.person is None or r.person.full or r.mention.honorific is not None:
            continue
        span = doc.char_span(r.mention.start, r.mention.end, alignment_mode="expand")
        if span is None:
            continue
        for t in doc[span.end : span.sent.end]:
            if t.ent_type_ == PERSON:
                break
            if t.lower_ in _PRONOUN_SEX:
                said.setdefault(r.person.surname, Counter())[_PRONOUN_SEX[t.lower_]] += 1
                break
    return {surname: sex for surname, counts in said.items() for sex, n in counts.items()
            if n >= MIN_PRONOUNS and len(counts) == 1}


def _surname_target(r: _Raw, person_groups: list[tuple[PersonName, list[_Raw]]], said_sex: str | None = None):
    """The person group a surname-only mention abbreviates; None if no full name in the article
    has that surname. An honorific must fit the person's first name ("Mrs Trump" is Melania
    Trump, "Mr Obama" is not Michelle Obama), and so must the pronouns the article uses after
    the surname (``said_sex``, from ``_pronoun_sex``). Of several people with the surname, the
    one the article has named most so far, then the most recent: a report names its main person
    by surname alone and the others in full ("Melania Trump"), as style guides ask; a mention
    before any of them goes to the first named after it.
    """
    if r.person is None:
        return None
    candidates = [
        (name, members) for name, members in person_groups if name.full and name.surname == r.person.surname
    ]
    sex = _honorific_sex(r.mention) or said_sex
    if sex is not None:
        candidates = [(name, members) for name, members in candidates
                      if name_gender(f"{name.given} {name.surname}") in (sex, None)]
    if not candidates:
        return None
    before = [
        ((sum(m.mention.start < r.mention.start for m in members),
          max(m.mention.start for m in members if m.mention.start < r.mention.start)), members)
        for _, members in candidates
        if any(m.mention.start < r.mention.start for m in members)
    ]
    if before:
        return max(before, key=lambda x: x[0])[1]
    return candidates[0][1]


def _full_name_target(r: _Raw, person_groups: list[tuple[PersonName, list[_Raw]]]):
    """The person group a non-person mention spells in full: two or three capitalised words
    ("Bettie Page", not "The Notorious Bettie Page" or "Johnson & Johnson") naming a person of
    the article, either in full or by that surname alone; None if several could be meant."""
    if not looks_like_full_name(r.mention.text):
        return None
    person = parse_person(r.mention.text)
    if person is None or not person.full:
        return None
    candidates = [
        members for name, members in person_groups
        if name.surname == person.surname and (not name.full or same_person(name, person))
    ]
    return candidates[0] if len(candidates) == 1 else None


def _given_name_target(r: _Raw, person_groups: list[tuple[PersonName, list[_Raw]]]):
    """The person a lone given name refers to ("Lindsay" after "Lindsay Lohan"): the one full
    name in the article with that given name; None when there are several, or when an
    honorific makes the word a surname ("Mr Lindsay")."""
    if r.person is None or r.mention.honorific is not None:
        return None
    candidates = [members for name, members in person_groups if name.full and name.given == r.person.surname]
    return candidates[0] if len(candidates) == 1 else None


_PLACE_WORDS = frozenset(
    "in at from to near into across outside inside throughout toward towards via of around "
    "between through".split()
)


def _acts(doc: Doc, r: _Raw) -> bool:
    """Whether the mention is the subject of a verb ("Melania said"), as a person is and a
    place named in passing is not."""
    span = doc.char_span(r.mention.start, r.mention.end, alignment_mode="expand")
    return span is not None and doc.has_annotation("DEP") and span.root.dep_ in ("nsubj", "nsubjpass")


def _after_place_word(doc: Doc, r: _Raw) -> bool:
    """Whether the mention follows a preposition of place ("in Newton", "to Washington") and is
    not a possessive ("to Palin's church"), or cannot be found: then it is kept as the place the
    model says it is."""
    span = doc.char_span(r.mention.start, r.mention.end, alignment_mode="expand")
    if span is None:
        return True
    possessive = span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s")
    return not possessive and span.start > 0 and doc[span.start - 1].lower_ in _PLACE_WORDS


def _lone_surname_target(r: _Raw, person_groups: list[tuple[PersonName, list[_Raw]]]):
    """The earlier mentions of the same surname when the article never gives the full name
    ("President Nixon's committee ... at Nixon's home"): one person, not one per mention.
    "Mr Clinton" and "Mrs Clinton" stay two people."""
    if r.person is None:
        return None
    sex = _honorific_sex(r.mention)
    for name, members in person_groups:
        if not name.full and name.surname == r.person.surname:
            others = {_honorific_sex(m.mention) for m in members} - {None}
            if sex is None or not others - {sex}:
                return members
    return None


def _honorific_sex(mention: Mention) -> str | None:
    """"m" or "f" when an honorific before the name ("Mr" Clinton) or in it ("Mrs Clinton") says."""
    return honorific_sex(mention.honorific or mention.text.split()[0])


def _vote_label(members: list[_Raw]) -> str:
    counts = Counter(r.label for r in members if r.label != PERSON) or Counter(
        r.label for r in members
    )
    best = max(counts.values())
    for r in members:  # ties go to the first mention's label
        if counts.get(r.label) == best:
            return r.label
    return members[0].label


def _person_name(members: list[_Raw]) -> str:
    """The fullest form: most name words, then most frequent, then first seen."""
    forms = [clean_person_name(r.mention.text) for r in members]
    counts = Counter(forms)

    def score(form: str) -> tuple[int, int]:
        return (len(form.split()), counts[form])

    best = max(score(f) for f in forms)
    return next(f for f in forms if score(f) == best)


def _org_name(members: list[_Raw]) -> str:
    forms = [canonical_org(r.mention.text) for r in members]
    counts = Counter(forms)
    best = max(counts.values())
    return next(f for f in forms if counts[f] == best)
