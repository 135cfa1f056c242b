"""Direct and indirect quotations and who said them.

Quote spans are found by a single left-to-right scan over the quotation marks (no regular
expression spans a quote, so unbalanced marks or a 5,000-character quote cost linear time):
curly and straight double quotes, single quotes with word-boundary checks, quotes split around
their cue, and multi-paragraph quotes (a paragraph that opens a quote without closing it
continues when the next paragraph opens with a quote mark). textacy's ``direct_quotations``
covers only part of this (no single quotes, no multi-paragraph quotes, no pronoun or nominal
speakers), hence the hand-written scan; attribution uses the spaCy dependency parse.

Attribution, in order: a speech verb (or a naming verb: Cruz called him a "bully") that
governs the quote in the parse tree; a speech verb next to the quote in the same paragraph
("…," Kerry said / Peskov said: "…" / according to X); a name after a dash closing the quote's
line ('"…" ― Pamela Padilla'); the speaker of the previous quote for a continuing quote. The verb's subject is the speaker; a
pronoun goes to the most salient earlier person (the subject or quote speaker of the latest
sentence naming a compatible person, else the latest such person), a definite nominal ("the
spokesman") to the person whose role contains that noun.

A speaker must be able to say something: a person, an organisation / government / place acting
as a source, or a nominal denoting people ("officials", "a senior negotiator"). Texts quoted as
such ("the report reads", "according to a leaked document") are kept as speaker text of kind
"document" without an entity; other things ("the announcement", "their actions") are no
speaker, and for "X …, saying" the source is then sought among the clause's other subjects.
The noun classes are small hand-written word lists because the installed spaCy model carries
no lexical semantics and WordNet data cannot be loaded offline.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .genders import name_gender
from .names import ROLE_WORDS, fold, honorific_sex
from .records import EntityCluster, Quote

CUE_LEMMAS = frozenset(
    """say tell add warn venture explain note claim insist argue ask reply write state
    announce declare report confirm deny acknowledge admit stress emphasize emphasise
    conclude recall predict complain urge respond tweet post quip joke remark
    observe comment read quote indicate assert maintain contend suggest caution vow pledge
    promise threaten describe recount testify concede boast lament allege reiterate repeat
    scoff counter retort shout whisper exclaim muse wonder agree disagree point""".split()
)
# Verbs that name something with the speaker's words: Cruz called Trump a "pathological liar".
NAMING_LEMMAS = frozenset({"call", "dub", "label", "brand", "term"})
# Cues that introduce reported speech in a clause ("X said that ...") for indirect quotes.
INDIRECT_LEMMAS = CUE_LEMMAS - {"read", "quote", "describe", "ask", "wonder"}
# Subjects whose verb reports an inference, not speech: "Kerry's comments suggest that …".
EVIDENTIAL_LEMMAS = frozenset({"suggest", "indicate", "confirm", "show", "reveal", "mean"})
# Nominal heads denoting people, beyond the role words of ``names`` ("officials", "critics").
PEOPLE_NOUNS = frozenset(
    """person people man men woman women official source aide staffer critic expert analyst
    observer witness resident voter supporter opponent protester demonstrator activist member
    employee worker doctor nurse police officer soldier troop fighter rebel militant citizen
    family relative friend neighbor neighbour parent mother father son daughter wife husband
    brother sister child student teacher colleague partner author writer researcher scientist
    historian investigator mediator delegate delegation participant organizer organiser victim
    survivor owner insider veteran lady gentleman guy girl boy kid spouse widow widower mom
    dad grandmother grandfather grandson granddaughter niece nephew cousin uncle aunt fiancee
    one other some many few several most all both anyone someone everyone nobody percent
    majority minority plurality half third quarter""".split()
)
# Bodies that speak as one ("the ministry said", "the campaign added").
BODY_NOUNS = frozenset(
    """government administration ministry campaign committee council party company firm
    department agency embassy office court team group union board commission military army
    navy regime coalition opposition parliament congress senate cabinet authority authorities
    organization organisation newspaper network broadcaster outlet""".split()
)
# Texts that can be quoted as sources in their own right.
DOCUMENT_NOUNS = frozenset(
    """report story article document statement letter memo memorandum note email e-mail
    message tweet post blog website site ad advertisement commercial spot video clip book
    study survey poll review analysis paper editorial column op-ed piece transcript release
    communique cable filing complaint lawsuit suit indictment ruling order bill law act
    resolution proposal plan draft text headline caption sign banner leaflet flyer poster
    newsletter testimony account version record summary guideline policy platform manifesto
    petition declaration treaty agreement accord dossier brief briefing investigation
    inquiry estimate forecast assessment finding findings""".split()
)
PERSON_SUFFIXES = ("ist", "ian", "man", "men", "woman", "women", "person", "people", "eer")
PRONOUNS_MALE = frozenset({"he", "him"})
PRONOUNS_FEMALE = frozenset({"she", "her"})
UNRESOLVED_PRONOUNS = frozenset({"they", "we", "i", "you", "it", "who", "that", "which"})

DOUBLE_OPEN = "\u201c\u201e\u00ab"
DOUBLE_CLOSE = "\u201d\u00bb"
SINGLE_OPEN = "\u2018"
SINGLE_CLOSE = "\u2019"
OPEN_CONTEXT = " \t\n([{\u2014\u2013-/:"
MAX_QUOTE_CHARS = 20_000
MAX_SINGLE_QUOTE_CHARS = 600
# a dash, or a hyphen after a space ('"…" - Kremlin', never '"…"-based'), then the speaker
DASH_BYLINE = re.compile("(?:[ \t\u00a0]*[\u2015\u2014\u2013]{1,2}|[ \t\u00a0]+-{1,2})[ \t\u00a0]*")
AFTER_WINDOW = 15  # tokens after a quote searched for its cue
BEFORE_WINDOW = 25
CONTINUATION_GAP = 400  # chars between a quote and the previous one it may continue
SCARE_QUOTE_WORDS = 4  # fewer words, with no speaker and no cue: a scare quote or a name


def find_quote_spans(text: str, *, singles: bool = True) -> list[tuple[int, int]]:
    """Character spans (quote marks included) of the quotations in ``text``."""
    spans = _double_spans(text)
    if singles:
        spans = sorted(spans + _single_spans(text, spans))
    return spans


def _next_visible(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _starts_paragraph(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n"


def _double_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    skip = -1
    n = len(text)
    for m in re.finditer('[\u201c\u201d\u201e\u00ab\u00bb"\n]', text):
        i, c = m.start(), m.group()
        if open_at is not None and i - open_at > MAX_QUOTE_CHARS:
            open_at = None
        if c == "\n":
            if open_at is None:
                continue
            j = _next_visible(text, i)
            if j < n and (text[j] in DOUBLE_OPEN or text[j] == '"'):
                skip = j  # the quote goes on in the next paragraph
            elif _starts_paragraph(text, open_at):
                end = i
                while end > open_at and text[end - 1].isspace():
                    end -= 1
                spans.append((open_at, end))  # unclosed quote taking the whole paragraph
                open_at = None
            else:
                open_at = None  # unbalanced mark inside a paragraph: no quote
            continue
        if i == skip:
            continue
        if open_at is None:
            if c in DOUBLE_OPEN or (c == '"' and (i == 0 or text[i - 1] in OPEN_CONTEXT)):
                open_at = i
        elif c in DOUBLE_OPEN:
            open_at = i  # a second opening mark: the first was never closed
        else:
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None and _starts_paragraph(text, open_at):
        end = n
        while end > open_at and text[end - 1].isspace():
            end -= 1
        if end - open_at > 1:
            spans.append((open_at, end))
    return spans


def _single_spans(text: str, doubles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'…' and ‘…’ outside double quotes; an apostrophe inside a word never opens or closes."""
    spans: list[tuple[int, int]] = []
    starts = [s for s, _ in doubles]
    n = len(text)
    open_at: int | None = None
    for m in re.finditer("['\u2018\u2019\n]", text):
        i, c = m.start(), m.group()
        k = bisect.bisect_right(starts, i) - 1
        if k >= 0 and doubles[k][0] <= i < doubles[k][1]:
            continue
        if c == "\n" or (open_at is not None and i - open_at > MAX_SINGLE_QUOTE_CHARS):
            open_at = None
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        can_open = (
            c in (SINGLE_OPEN, "'") and prev in OPEN_CONTEXT and (nxt.isalnum() or nxt == "[")
        )
        can_close = (
            c in (SINGLE_CLOSE, "'")
            and not prev.isspace()
            and not nxt.isalnum()
            and open_at is not None
            and i - open_at > 2
        )
        if can_close and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif can_open:
            open_at = i
    return spans


@dataclass
class _Context:
    doc: Doc
    text: str  # doc.text, computed once: Doc.text re-joins every token on each access
    spans: list[tuple[int, int]]
    clusters: list[EntityCluster]
    in_quote: list[bool]
    token_cluster: dict[int, str]
    person_mentions: list[tuple[int, str]]  # (start char, cluster key) outside quotes
    para_breaks: list[int]
    gender: dict[str, str]
    # person mentions that are a clause subject, and speakers of quotes attributed so far
    salient: set[tuple[int, str]] = field(default_factory=set)

    def para(self, char: int) -> int:
        return bisect.bisect_right(self.para_breaks, char)

    def cluster(self, key: str) -> EntityCluster | None:
        return next((c for c in self.clusters if c.key == key), None)


def _context(doc: Doc, spans: list[tuple[int, int]], clusters: list[EntityCluster]) -> _Context:
    text = doc.text
    starts = [s for s, _ in spans]

    def inside(char: int) -> bool:
        k = bisect.bisect_right(starts, char) - 1
        return k >= 0 and spans[k][0] <= char < spans[k][1]

    in_quote = [inside(t.idx) for t in doc]
    token_cluster: dict[int, str] = {}
    person_mentions: list[tuple[int, str]] = []
    gender: dict[str, str] = {}
    salient: set[tuple[int, str]] = set()
    for c in clusters:
        for m in c.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    token_cluster[t.i] = c.key
            if c.label == "PERSON" and not inside(m.start):
                person_mentions.append((m.start, c.key))
                if span is not None and _is_subject(span.root):
                    salient.add((m.start, c.key))
            if c.label == "PERSON" and m.honorific and (sex := honorific_sex(m.honorific)):
                gender[c.key] = sex
        if c.label == "PERSON" and c.key not in gender and (by_name := name_gender(c.name)):
            gender[c.key] = by_name
    person_mentions.sort()
    para_breaks = [m.start() for m in re.finditer(r"\n\s*", text)]
    return _Context(
        doc,
        text,
        spans,
        clusters,
        in_quote,
        token_cluster,
        person_mentions,
        para_breaks,
        gender,
        salient,
    )


def _is_subject(tok: Token) -> bool:
    """The token heads a clause subject ("Mr Kerry said", "Kremlin spokesman Dmitry Peskov")."""
    for _ in range(3):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return True
        if tok.dep_ not in ("compound", "appos", "flat") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


@dataclass
class _Speaker:
    key: str | None
    name: str | None
    span: tuple[int, int] | None
    kind: str | None = None  # see Quote.speaker_kind; None with no name: no speaker


NO_SPEAKER = _Speaker(None, None, None)


def _resolve_pronoun(ctx: _Context, tok: Token) -> _Speaker:
    """he / she → the subject or quote speaker of the latest sentence that names a compatible
    person (centering: "Kerry said after a call with Lavrov. He also stressed …" is Kerry),
    else the latest compatible person in that sentence."""
    word = tok.lower_
    want = "m" if word in PRONOUNS_MALE else "f" if word in PRONOUNS_FEMALE else None
    span = (tok.idx, tok.idx + len(tok.text))
    k = bisect.bisect_left(ctx.person_mentions, (tok.idx, ""))
    earlier = sorted({*ctx.person_mentions[:k], *(m for m in ctx.salient if m[0] < tok.idx)})
    compatible = [
        m
        for m in earlier
        if m[0] < tok.idx and (want is None or ctx.gender.get(m[1], want) == want)
    ]
    if not compatible:
        return _Speaker(None, None, span)
    sent = _sentence_start(ctx, compatible[-1][0])
    same: list[tuple[int, str]] = []
    for m in reversed(compatible):  # sorted by position: that sentence's mentions come last
        if _sentence_start(ctx, m[0]) != sent:
            break
        same.insert(0, m)
    subjects = [m for m in same if m in ctx.salient]
    _, key = (subjects or same)[-1]
    c = ctx.cluster(key)
    return _Speaker(key, c.name if c else None, span, "person")


def _sentence_start(ctx: _Context, char: int) -> int:
    tok = ctx.doc.char_span(char, char + 1, alignment_mode="expand")
    return tok.sent.start if tok is not None and len(tok) else -1


def _role_has(role: str, nouns: set[str]) -> bool:
    """Whether the role is one of these nouns: "the president" is not the "President-elect", nor
    the "Vice President"; it is the "US President" and the "President of France"."""
    words = re.findall(r"[\w'-]+", fold(role))
    return any(w in nouns and (i == 0 or words[i - 1] not in ("vice", "deputy")) for i, w in enumerate(words))


def _hyphenated(tok: Token) -> str:
    """The lower-case word the token ends, hyphens joined: "president-elect" for "elect"."""
    start = tok.i
    while start >= 2 and tok.doc[start - 1].text == "-" and not tok.doc[start - 1].whitespace_ \
            and not tok.doc[start - 2].whitespace_:
        start -= 2
    return tok.doc[start : tok.i + 1].text.lower()


def _resolve_nominal(ctx: _Context, tok: Token, nouns: set[str]) -> _Speaker | None:
    """ "the spokesman" → the person whose role has that noun (nearest before, else after)."""
    span = (tok.left_edge.idx, tok.idx + len(tok.text))
    candidates = [c for c in ctx.clusters if c.label == "PERSON" and c.roles]
    matching = [c for c in candidates if any(_role_has(r, nouns) for r in c.roles)]
    if not matching:
        return None
    before = [
        (max(m.start for m in c.mentions if m.start < tok.idx), c)
        for c in matching
        if any(m.start < tok.idx for m in c.mentions)
    ]
    best = max(before, key=lambda x: x[0])[1] if before else matching[0]
    return _Speaker(best.key, best.name, span, "person")


def _speaker_of(ctx: _Context, tok: Token) -> _Speaker:
    """Map the head token of a subject phrase to a cluster, a pronoun referent or a phrase."""
    doc = ctx.doc
    key = ctx.token_cluster.get(tok.i)
    if key is None:  # "the ambassador, Samantha Power" / "spokesman Dmitry Peskov"
        for child in tok.children:
            child_key = ctx.token_cluster.get(child.i)
            child_cluster = ctx.cluster(child_key) if child_key else None
            is_person = child_cluster is not None and child_cluster.label == "PERSON"
            if child.dep_ in ("appos", "compound") and is_person:
                key = child_key
                break
    c = ctx.cluster(key) if key is not None else None
    if c is not None:
        start = min(t.idx for t in tok.subtree if ctx.token_cluster.get(t.i) == key)
        span = (start, tok.idx + len(tok.text))
        if c.label == "PERSON":
            return _Speaker(key, c.name, span, "person")
        if c.label in ("WORK_OF_ART", "LAW"):
            return _Speaker(None, c.name, span, "document")
        if c.label in ("ORG", "GPE", "NORP", "FAC", "LOC"):
            return _Speaker(key, c.name, span, "source")
        return NO_SPEAKER
    if tok.pos_ == "PRON" or tok.lower_ in PRONOUNS_MALE | PRONOUNS_FEMALE:
        if tok.lower_ in PRONOUNS_MALE | PRONOUNS_FEMALE:
            return _resolve_pronoun(ctx, tok)
        return _Speaker(None, None, (tok.idx, tok.idx + len(tok.text)))
    if tok.pos_ == "PROPN" and tok.is_title and (named := _named_person(ctx, tok)) is not None:
        return named
    hyphenated = _hyphenated(tok)
    nouns = {tok.lemma_.lower(), tok.lower_, hyphenated}
    kind = "person" if hyphenated in ROLE_WORDS else _nominal_kind(tok)
    if kind is None:
        return NO_SPEAKER
    has_possessor = any(c.dep_ == "poss" for c in tok.children)
    if nouns & ROLE_WORDS and not has_possessor:
        nominal = _resolve_nominal(ctx, tok, nouns)
        if nominal is not None:
            return nominal
    left = tok.left_edge.i
    right = tok.i
    phrase = doc[left : right + 1]
    return _Speaker(None, phrase.text, (phrase.start_char, phrase.end_char), kind)


def _named_person(ctx: _Context, tok: Token) -> _Speaker | None:
    """The person of the article a surname the NER missed names: "Earnest said" (a word it reads
    as an adjective) after "Josh Earnest". Of several persons of that surname, the one the
    article names most, as for a surname it tags."""
    word = fold(tok.text)
    matching = [c for c in ctx.clusters if c.label == "PERSON" and len(c.name.split()) > 1
                and fold(c.name.split()[-1]) == word]
    if not matching:
        return None
    best = max(matching, key=lambda c: len(c.mentions))
    return _Speaker(best.key, best.name, (tok.idx, tok.idx + len(tok.text)), "person")


def _nominal_kind(tok: Token) -> str | None:
    """What an unnamed subject denotes: "person" ("the spokesman", "officials"), "source"
    ("the ministry"), "document" ("the report") or None ("the announcement", "12:15 p.m.")."""
    if tok.pos_ == "PROPN" and tok.is_title:
        return "person"  # a name the NER missed ("Melanie said")
    if tok.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    lemma, word = tok.lemma_.lower(), tok.lower_
    if lemma in DOCUMENT_NOUNS or word in DOCUMENT_NOUNS:
        return "document"
    if lemma in BODY_NOUNS or word in BODY_NOUNS:
        return "source"
    if {lemma, word} & (ROLE_WORDS | PEOPLE_NOUNS) or lemma.endswith(PERSON_SUFFIXES):
        return "person"
    if len(lemma) > 4 and lemma.endswith(("er", "or")):
        return "person"  # agent nouns: "a lawmaker", "the speaker", "an investor"
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of a speech verb, climbing out of "…, saying" and "was quoted as saying"."""
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            # two subjects come from a parse glitch ("12:15 p.m.\n\nDonald Trump says"):
            # the one next to the verb is the real one
            s = max(subj, key=lambda c: c.i) if all(c.i < v.i for c in subj) else subj[0]
            if s.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                return v.head
            return s
        if v.dep_ in ("advcl", "xcomp", "pcomp", "conj", "acl", "prep", "pobj") and v.head.i != v.i:
            v = v.head
            continue
        break
    # inverted order: "…, said Secretary of State John Kerry"
    for c in verb.rights:
        if c.dep_ in ("dobj", "attr", "nsubj", "npadvmod", "dep", "appos", "oprd") and c.pos_ in (
            "PROPN",
            "NOUN",
        ):
            return c
    return None


def _according_to(tok: Token) -> Token | None:
    """ "according to X" → X."""
    if tok.lower_ != "according":
        return None
    for child in tok.children:
        if child.lower_ == "to":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(tok.doc):
        for t in tok.doc[nxt.i + 1 : min(nxt.i + 8, len(tok.doc))]:
            if t.pos_ in ("PROPN", "NOUN", "PRON"):
                return t
    return None


def _is_cue(ctx: _Context, tok: Token) -> bool:
    if ctx.in_quote[tok.i]:
        return False
    if tok.lower_ == "according":
        return True
    lemma = tok.lemma_.lower()
    return (lemma in CUE_LEMMAS or lemma in NAMING_LEMMAS) and tok.pos_ in ("VERB", "AUX")


def _cue_text(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    objs = [
        c for c in tok.children if c.dep_ == "dobj" and c.lower_ in ("reporters", "journalists")
    ]
    return f"{tok.text} {objs[0].text}" if objs else tok.text


def _after_limit(doc: Doc, first: int, last: int) -> int:
    """How far after the quote its cue may be. A quote closing on . ! or ? takes its cue at
    once ('…." he said' / '…." Mr Kerry added'), never from a new sentence ('…." The …')."""
    if not (last > first and doc[last - 1].text in (".", "!", "?", "...")):
        return AFTER_WINDOW
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if (
        nxt is not None
        and nxt.is_title
        and nxt.pos_ != "PROPN"
        and nxt.lower_
        not in (
            "he",
            "she",
            "they",
        )
    ):
        return 0
    return 4


def _governing_cue(ctx: _Context, first: int, last: int) -> Token | None:
    """A speech verb outside the quote that is an ancestor of a token inside it."""
    doc = ctx.doc
    para = ctx.para(doc[first].idx)
    window = _after_limit(doc, first, last)
    after_limit = last + window if window < AFTER_WINDOW else len(doc)
    best: Token | None = None
    for t in doc[first : last + 1]:
        if first <= t.head.i <= last and t.head.i != t.i:
            continue
        depth, a = 0, t
        while a.head.i != a.i and depth < 6:
            a = a.head
            depth += 1
            if first <= a.i <= last:
                continue
            if a.i > after_limit or ctx.para(a.idx) != para:
                break
            if a.i < first and any(
                x.text in (".", "!", "?") and not ctx.in_quote[x.i] for x in doc[a.i + 1 : first]
            ):
                break
            if _is_cue(ctx, a):
                if best is None or abs(a.i - first) < abs(best.i - first):
                    best = a
                break
    return best


def _adjacent_cue(ctx: _Context, first: int, last: int) -> Token | None:
    """A speech verb right after the quote ("…," he said) or before it (Peskov said: "…")."""
    doc = ctx.doc
    para = ctx.para(doc[first].idx)
    limit = _after_limit(doc, first, last)
    for k in range(last + 1, min(last + 1 + limit, len(doc))):
        t = doc[k]
        if ctx.in_quote[k] or ctx.para(t.idx) != para:
            break
        if _is_cue(ctx, t):
            return t
        if t.text in (".", "!", "?", ";"):
            break
    for k in range(first - 1, max(first - 1 - BEFORE_WINDOW, -1), -1):
        t = doc[k]
        if ctx.in_quote[k] or ctx.para(t.idx) != para:
            break
        if t.text in (".", "!", "?", ";") and k != first - 1:
            break
        if _is_cue(ctx, t):
            return t
    return None


def _speaker_from_cue(ctx: _Context, cue: Token) -> _Speaker | None:
    """The cue's speaker; None when the cue has no subject, ``NO_SPEAKER`` when its subject
    cannot speak (then the quote must not inherit the previous quote's speaker either)."""
    who = _according_to(cue) if cue.lower_ == "according" else _subject(cue)
    if who is None or ctx.in_quote[who.i]:
        return None
    if ctx.para(who.idx) != ctx.para(cue.idx):
        return NO_SPEAKER  # a parse run across a paragraph break (an unpunctuated byline)
    speaker = _speaker_of(ctx, who)
    unresolved_pronoun = speaker.name is None and speaker.span is not None
    if speaker.kind in ("person", "source") or unresolved_pronoun:
        return speaker
    if cue.lemma_.lower() in EVIDENTIAL_LEMMAS:
        return NO_SPEAKER  # "Kerry's comments suggest …": an inference, not a quote
    if who.i < cue.i:
        # "The announcement came as the Kremlin denied …, saying": the clause's source
        return _clause_source(ctx, who, cue) or speaker
    return speaker


def _clause_source(ctx: _Context, who: Token, cue: Token) -> _Speaker | None:
    """The subject between ``who`` and ``cue`` that can speak and whose verb is closest to the
    sentence root: "the Kremlin denied a claim that Russia offered to make Assad step down,
    saying …" gives the Kremlin, not a subject deeper inside the claim."""
    found: list[tuple[int, int, _Speaker]] = []
    for t in ctx.doc[who.i + 1 : cue.i]:
        if t.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote[t.i]:
            speaker = _speaker_of(ctx, t)
            if speaker.kind in ("person", "source"):
                found.append((_depth(t.head), -t.i, speaker))
    return min(found, key=lambda x: x[:2])[2] if found else None


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i:  # spaCy makes a new Token object on each access: compare .i
        tok, depth = tok.head, depth + 1
    return depth


def _dash_speaker(ctx: _Context, end: int) -> _Speaker | None:
    """A byline after the quote on its line: '“…” ― Pamela Padilla' / '"…" - Kremlin'."""
    m = DASH_BYLINE.match(ctx.text, end)
    if m is None:
        return None
    span = ctx.doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span[0]
    key = ctx.token_cluster.get(tok.i)
    c = ctx.cluster(key) if key else None
    if c is None or c.label not in ("PERSON", "ORG", "GPE", "NORP"):
        return None
    mention = next((x for x in c.mentions if x.start <= tok.idx < x.end), None)
    span_chars = (mention.start, mention.end) if mention else (tok.idx, tok.idx + len(tok))
    return _Speaker(c.key, c.name, span_chars, "person" if c.label == "PERSON" else "source")


def _is_fragment(ctx: _Context, start: int) -> bool:
    """A quote that starts mid-sentence ("a “military-to-military” meeting")."""
    text = ctx.text
    j = start - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return not (j < 0 or text[j] in "\n.!?:\u2014\u2013-\"'\u201d")


def find_quotes(
    doc: Doc, spans: list[tuple[int, int]], clusters: list[EntityCluster]
) -> list[Quote]:
    """Direct quotes for ``spans`` and indirect quotes elsewhere, in text order."""
    ctx = _context(doc, spans, clusters)
    quotes = [q for q in _direct_quotes(ctx) if not _scare_quote(q)] + _indirect_quotes(ctx)
    return sorted(quotes, key=lambda q: (q.start, q.end))


def _scare_quote(quote: Quote) -> bool:
    """A few quoted words nobody is said to have said ("fake news", "Sesame Street"): a
    name or a distancing phrase, not speech."""
    return quote.speaker is None and quote.cue is None and len(quote.text.split()) < SCARE_QUOTE_WORDS


def attribute_quotes(
    doc: Doc, spans: list[tuple[int, int]], clusters: list[EntityCluster]
) -> list[Quote]:
    """Direct quotes for ``spans`` in ``doc`` with cue and speaker, in text order."""
    return _direct_quotes(_context(doc, spans, clusters))


def _direct_quotes(ctx: _Context) -> list[Quote]:
    doc, spans = ctx.doc, ctx.spans
    quotes: list[Quote] = []
    text = ctx.text
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        first, last = span.start, span.end - 1
        cue = None
        if doc.has_annotation("DEP"):
            cue = _governing_cue(ctx, first, last) or _adjacent_cue(ctx, first, last)
        if cue is not None:
            speaker = _speaker_from_cue(ctx, cue)
        elif not _is_fragment(ctx, start):
            speaker = _dash_speaker(ctx, end)
        else:
            speaker = None
        quote = Quote(
            text=_inner(text, start, end),
            speaker=speaker.name if speaker else None,
            speaker_id=None,
            cue=_cue_text(cue) if cue is not None else None,
            kind="direct",
            start=start,
            end=end,
            speaker_key=speaker.key if speaker else None,
            speaker_span=speaker.span if speaker else None,
            speaker_kind=speaker.kind if speaker and speaker.name else None,
        )
        if speaker is None and quotes and not _is_fragment(ctx, start):
            prev = quotes[-1]
            gap = text[prev.end : start]
            if (
                (prev.speaker or prev.speaker_key)
                and len(gap) <= CONTINUATION_GAP
                and (ctx.para(prev.end) >= ctx.para(start) - 1 or not gap.strip())
            ):
                quote.speaker, quote.speaker_key = prev.speaker, prev.speaker_key
                quote.speaker_span, quote.cue = prev.speaker_span, prev.cue
                quote.speaker_kind = prev.speaker_kind
        if quote.speaker_kind == "person" and quote.speaker_key and quote.speaker_span:
            ctx.salient.add((quote.speaker_span[0], quote.speaker_key))
        quotes.append(quote)
    return quotes


def _inner(text: str, start: int, end: int) -> str:
    """The quoted words without their marks, and without the comma that ends a quote followed
    by its attribution ("We will win," Kerry said): that comma stands in for the full stop of the
    attribution's sentence and would leave every quote shown alone hanging."""
    s = text[start:end]
    s = s[1:] if s[:1] in DOUBLE_OPEN + SINGLE_OPEN + "\"'" else s
    s = s[:-1] if s[-1:] in DOUBLE_CLOSE + SINGLE_CLOSE + "\"'" else s
    return s.strip().removesuffix(",").rstrip()


def _indirect_quotes(ctx: _Context) -> list[Quote]:
    """Reported speech: "Peskov said that …" and "According to Peskov, …" (kind "indirect")."""
    doc, spans = ctx.doc, ctx.spans
    if not doc.has_annotation("DEP"):
        return []
    out: list[Quote] = []
    starts = [s for s, _ in spans]

    def overlaps_direct(a: int, b: int) -> bool:
        k = bisect.bisect_left(starts, b)  # spans[:k] start before b; they do not overlap
        return any(e > a for _, e in spans[max(0, k - 2) : k])

    for tok in doc:
        if not _is_cue(ctx, tok):
            continue
        content = None
        if tok.lower_ == "according":
            head = tok.head
            if head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
                continue
            cue_toks = list(tok.subtree)
            toks = [t for t in head.subtree if not t.is_space]
            left = [t for t in toks if t.i < cue_toks[0].i]
            right = [t for t in toks if t.i > cue_toks[-1].i]
            content = max(left, right, key=len)
            while content and content[-1].is_punct:
                content = content[:-1]
            while content and content[0].is_punct:
                content = content[1:]
        elif tok.lemma_.lower() in INDIRECT_LEMMAS:
            comps = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
            if not comps:
                continue
            toks = [t for t in comps[0].subtree]
            while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
                toks = toks[1:]
            content = toks
        if not content or len(content) < 3:
            continue
        a, b = content[0].idx, content[-1].idx + len(content[-1].text)
        if b <= a or overlaps_direct(a, b) or any(ctx.in_quote[t.i] for t in content):
            continue
        speaker = _speaker_from_cue(ctx, tok)
        if speaker is None or (speaker.key is None and speaker.name is None):
            continue
        out.append(
            Quote(
                text=ctx.text[a:b],
                speaker=speaker.name,
                speaker_id=None,
                cue=_cue_text(tok),
                kind="indirect",
                start=a,
                end=b,
                speaker_key=speaker.key,
                speaker_span=speaker.span,
                speaker_kind=speaker.kind if speaker.name else None,
            )
        )
    return out
