"""Link stage behaviour on small hand-made corpora (a cheap hashing embedder, no model)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from newsweave.link import (
    Event,
    EventSummary,
    Linker,
    LinkInput,
    LinkState,
    Story,
    article_features,
    render_timeline,
    same_event_score,
)
from newsweave.link.features import resolve_event_date, split_sentences


class HashEmbedder:
    """Deterministic bag-of-words vectors: similar texts get similar vectors."""

    def __init__(self) -> None:
        self._vectorizer = HashingVectorizer(n_features=512, alternate_sign=False, stop_words="english")

    def encode(self, sentences, **_):
        vectors = self._vectorizer.transform(sentences).toarray().astype(np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


QUAKE = (
    "A magnitude 6.1 earthquake struck the island of Sumbawa in Indonesia on Tuesday, killing "
    "twelve people and destroying hundreds of homes in the port town of Bima. Rescue teams from "
    "Jakarta searched the rubble of the Bima market through the night. The national disaster "
    "agency said the quake was shallow and aftershocks continued across Sumbawa."
)
QUAKE_OTHER = (
    "Twelve people were killed when an earthquake of magnitude 6.1 hit Sumbawa, Indonesia, on "
    "Tuesday, officials said, with hundreds of houses destroyed around Bima. Rescuers from Jakarta "
    "worked overnight in the Bima market ruins while aftershocks rattled Sumbawa."
)
ELECTION = (
    "Voters in Norway went to the polls on Monday in a parliamentary election dominated by oil "
    "policy, with the Labour party leading in the final surveys in Oslo. Turnout in Bergen and "
    "Oslo was higher than four years ago, the election commission said."
)


def make(article_id, body, published, *, title=None, outlet=None, credits=(), entities=()):
    return LinkInput(
        article_id=article_id, title=title, body=body, published=published, outlet=outlet,
        credits=list(credits), entities=list(entities),
    )


def corpus():
    items = [
        make("q1", QUAKE, "2021-03-03", title="Quake kills 12 on Sumbawa", outlet="Reuters",
             entities=["Sumbawa", "Indonesia", "Bima", "Jakarta"]),
        make("q2", QUAKE + " Officials feared the toll would rise.", "2021-03-04",
             title="Deadly quake hits Indonesia", outlet="Daily Star", credits=["Reuters"],
             entities=["Sumbawa", "Indonesia", "Bima", "Jakarta"]),
        make("q3", QUAKE_OTHER, "2021-03-03", title="Twelve killed in Sumbawa earthquake",
             outlet="AP", entities=["Sumbawa", "Indonesia", "Bima", "Jakarta"]),
        make("e1", ELECTION, "2021-09-14", title="Norway votes", outlet="AP",
             entities=["Norway", "Labour", "Oslo", "Bergen"]),
    ]
    return article_features(items, embedder=HashEmbedder())


def test_short_or_empty_bodies_are_not_copies():
    """Empty extractions (bot-check pages) and one-line paywall notices share their text but
    are not syndication; a real story copied word for word is."""
    paywall = "Subscribe now to keep reading this article."
    items = [
        make("empty1", "", "2021-03-03", title="Carrie Lam should study Tsai's playbook"),
        make("empty2", "", "2021-03-05", title="Irland Roadtrip"),
        make("wall1", paywall, "2021-03-03", title="Budget vote delayed"),
        make("wall2", paywall, "2021-03-04", title="Storm closes ports"),
        make("wire1", QUAKE, "2021-03-03", title="Quake kills 12"),
        make("wire2", QUAKE, "2021-03-03", title="Quake kills 12 on Sumbawa"),
    ]
    links = {link.article_id: link for link in Linker().add(article_features(items, embedder=HashEmbedder())).articles}
    for article_id in ("empty1", "empty2", "wall1", "wall2"):
        assert links[article_id].copy_group is None and links[article_id].duplicate_of is None
    assert links["wire2"].duplicate_of == "wire1"


def test_a_sentence_keeps_its_closing_quote():
    """An event's one-line summary is a sentence: “... not fully relevant.” keeps its closing mark."""
    assert split_sentences('It was “not fully relevant.” He left. She said: "It is done." (See above.) Yes.') == [
        "It was “not fully relevant.”", "He left.", 'She said: "It is done."', "(See above.)", "Yes."]


def test_a_title_an_initial_or_a_month_does_not_end_a_sentence():
    """"For Donald J. Trump, Sunday was ..." was cut at "J.", so an event's summary read
    "Trump, Sunday was ..."; a sentence that does end on an abbreviation still ends there."""
    assert split_sentences(
        "For Donald J. Trump, Sunday was busy. Mr. Kerry met Lt. Col. Smith on Dec. 14 in the U.S. "
        "The talks began at 3 p.m. Officials said so. He told reporters. 'It went well.'\nMr.\nNext"
    ) == [
        "For Donald J. Trump, Sunday was busy.", "Mr. Kerry met Lt. Col. Smith on Dec. 14 in the U.S.",
        "The talks began at 3 p.m.", "Officials said so.", "He told reporters.", "'It went well.'", "Mr.", "Next"]


def test_event_date_from_relative_weekday():
    published = date(2015, 9, 17)  # a Thursday
    lead = split_sentences("Kerry said on Wednesday that Moscow had proposed talks. He spoke on Tuesday.")
    assert resolve_event_date(lead, published) == date(2015, 9, 16)
    assert resolve_event_date(["The Kremlin said today it was not involved."], published) == published
    assert resolve_event_date(["Officials said Thursday the talks went well."], published) == published
    assert resolve_event_date(["Rescuers worked through the night yesterday."], published) == date(2015, 9, 16)
    assert resolve_event_date(["The ministers will meet on Friday in Geneva."], published) is None
    assert resolve_event_date(["A man, 24, is due to appear before Taunton Deane Magistrates' Court on "
                               "Tuesday."], published) is None
    assert resolve_event_date(["Kerry, who will fly to Geneva, said on Wednesday he was hopeful."],
                              published) == date(2015, 9, 16)
    assert resolve_event_date(["Kerry said on Wednesday."], None) is None


def test_a_date_written_out_is_that_date():
    """"on Friday 14th June 2019" in a paper of November 2023 recalls an old arrest: it is not
    the Friday before publication. A date written out names the happening only when recent."""
    published = date(2023, 11, 9)  # a Thursday
    assert resolve_event_date(["Two men were arrested on Friday 14th June 2019 in dawn raids."], published) is None
    assert resolve_event_date(["Both men were sentenced on Friday 27th October 2023."], published) == date(2023, 10, 27)
    assert resolve_event_date(["He was jailed on Friday, October 27, at York."], published) == date(2023, 10, 27)
    assert resolve_event_date(["Arrested on Friday 14 June 2019, he was jailed on Tuesday."], published) == \
        date(2023, 11, 7)
    # a date written without its weekday, as news writes a day further back than a week
    assert resolve_event_date(["Both men were sentenced on 27 October at Southwark."], published) == date(2023, 10, 27)
    assert resolve_event_date(["The firm said on Oct. 27 it would cut jobs."], published) == date(2023, 10, 27)
    assert resolve_event_date(["Voting began in Turkmenistan on Oct.27."], published) == date(2023, 10, 27)
    assert resolve_event_date(["On 27 October, the firm cut jobs."], published) == date(2023, 10, 27)
    assert resolve_event_date(["He was born on 5 May 1960 and jailed on Tuesday."], published) == date(2023, 11, 7)
    assert resolve_event_date(["The ministers will meet on November 20 in Paris."], published) is None
    assert resolve_event_date(["Prices fell on 1 November, the agency said."], None) is None


def test_copies_events_and_originator():
    linker = Linker()
    update = linker.add(corpus())
    links = {link.article_id: link for link in update.articles}
    # the wire copy is a duplicate of the credited wire's own article, not the other way round
    assert links["q2"].duplicate_of == "q1" and links["q1"].duplicate_of is None
    assert links["q1"].copy_group == links["q2"].copy_group is not None
    # an independent report of the same quake is not a copy but is the same event
    assert links["q3"].copy_group is None
    assert links["q3"].event_id == links["q1"].event_id == links["q2"].event_id
    assert links["e1"].event_id != links["q1"].event_id
    (group,) = linker.copy_groups()
    assert group.originator == "q1" and group.republishers == ["q2"]
    event = next(e for e in linker.events() if e.id == links["q1"].event_id)
    assert event.to_dict()["type"] == "event"
    assert event.date == "2021-03-02"  # "on Tuesday" in a Wednesday 3 March paper
    assert set(event.outlets) == {"Reuters", "Daily Star", "AP"}
    assert event.reports == 2 and event.to_dict()["reports"] == 2  # the wire and its copy count once
    assert event.summary and "Sumbawa" in event.summary


def test_ids_are_stable_across_batches_and_state_roundtrip():
    features = corpus()
    one = Linker()
    one.add(features)
    two = Linker()
    two.add(features[:1])
    first_id = two.article_links()[0].event_id
    restored = Linker(LinkState.from_dict(json.loads(json.dumps(two.state().to_dict()))))
    restored.add(features[1:])
    ids = {link.article_id: link.event_id for link in restored.article_links()}
    assert ids["q1"] == first_id  # never renamed by a later ingest
    assert ids == {link.article_id: link.event_id for link in one.article_links()}


def test_corrections_persist_and_are_respected():
    features = corpus()
    linker = Linker()
    linker.add(features[:3])
    quake = linker.article_links(["q1"])[0].event_id
    new_id = linker.split_event(quake, ["q3"])
    assert new_id != quake
    linker.add(features[3:])
    election = linker.article_links(["e1"])[0].event_id
    linker.move_article("q3", election)
    state = json.loads(json.dumps(linker.state().to_dict()))
    assert [c["op"] for c in state["corrections"]] == ["split", "move"]
    reloaded = Linker(LinkState.from_dict(state))
    reloaded.add(features)  # re-ingest: nothing a human placed moves
    ids = {link.article_id: link.event_id for link in reloaded.article_links()}
    assert ids["q3"] == election and ids["q1"] == quake
    reloaded.merge_events(quake, election)
    ids = {link.article_id: link.event_id for link in reloaded.article_links()}
    assert set(ids.values()) == {quake}


def test_relinking_regroups_but_keeps_human_placements_and_event_ids():
    features = corpus()
    by_id = {f.article_id: f for f in features}
    # q3 was first read without its text (an empty extraction, fixed later): an event of its own
    blank = article_features([make("q3", "Photo gallery.", "2021-03-03", title="Gallery")], embedder=HashEmbedder())
    old = Linker()
    old.add([by_id["q1"], by_id["q2"], *blank, by_id["e1"]])
    before = {link.article_id: link.event_id for link in old.article_links()}
    assert before["q3"] != before["q1"]
    relinked = Linker.relinked(LinkState.from_dict(json.loads(json.dumps(old.state().to_dict()))), features)
    after = {link.article_id: link.event_id for link in relinked.article_links()}
    assert after["q3"] == after["q1"] == before["q1"]  # regrouped; the surviving event keeps its id
    assert after["e1"] == before["e1"]
    assert relinked.resolve(before["q3"]) == after["q1"]  # the dissolved event's id still leads somewhere

    # a human split q3 out of the quake and moved e1 there: relinking keeps both placements
    old = Linker()
    old.add(features)
    quake = old.article_links(["q1"])[0].event_id
    split = old.split_event(quake, ["q3"])
    old.move_article("e1", split)
    relinked = Linker.relinked(old.state(), features)
    after = {link.article_id: link.event_id for link in relinked.article_links()}
    assert after["q3"] == after["e1"] != after["q1"] == after["q2"]
    assert relinked.resolve(quake) == after["q1"] and relinked.resolve(split) == after["q3"]
    assert [c["op"] for c in relinked.state().corrections][:3] == ["split", "move", "relink"]


def test_key_quotes_put_whole_statements_before_repeated_catchphrases():
    items = [
        make("q1", QUAKE, "2021-03-03", title="Quake kills 12 on Sumbawa", entities=["Sumbawa", "Indonesia"]),
        make("q2", QUAKE_OTHER, "2021-03-03", title="Sumbawa quake", entities=["Sumbawa", "Indonesia"]),
    ]
    catchphrase = {"text": "very shallow", "speaker": "Siti Rahma", "speaker_id": "p1", "kind": "direct", "start": 10}
    reported = {"text": "the quake was shallow and aftershocks would continue for days", "speaker": "Agency",
                "kind": "indirect", "start": 20}
    mayor = {"text": "The whole market collapsed in seconds", "speaker": "Bima Mayor", "kind": "direct", "start": 0}
    # later in its article than the mayor's, but Rahma is quoted by both reports
    rahma = {"text": "We have never felt a quake this strong", "speaker": "Siti Rahma", "speaker_id": "p1",
             "kind": "direct", "start": 900}
    items[0].quotes = [catchphrase, reported, rahma]
    items[1].quotes = [mayor, dict(catchphrase)]
    linker = Linker()
    linker.add(article_features(items, embedder=HashEmbedder()))
    (story,) = linker.stories()
    (line,) = story.timeline
    assert [q["text"] for q in line.quotes] == [rahma["text"], mayor["text"]]
    assert [q["text"] for q in story.quotes] == [rahma["text"], mayor["text"], reported["text"], "very shallow"]


def test_a_statement_quoted_whole_and_in_part_is_one_key_quote_the_whole():
    items = [
        make("q1", QUAKE, "2021-03-03", title="Quake kills 12 on Sumbawa", entities=["Sumbawa", "Indonesia"]),
        make("q2", QUAKE_OTHER, "2021-03-03", title="Sumbawa quake", entities=["Sumbawa", "Indonesia"]),
    ]
    whole = "The market collapsed in seconds. We have never felt a quake this strong."
    items[0].quotes = [{"text": "We have never felt a quake this strong", "speaker": "Siti Rahma", "kind": "direct",
                        "start": 0}]
    items[1].quotes = [{"text": whole, "speaker": "Siti Rahma", "kind": "direct", "start": 50},
                       {"text": "Aid is on its way to every village", "speaker": "Siti Rahma", "kind": "direct",
                        "start": 300}]
    linker = Linker()
    linker.add(article_features(items, embedder=HashEmbedder()))
    (event,) = linker.events()
    (story,) = linker.stories()
    for quotes in (event.quotes, story.quotes):
        assert [q["text"] for q in quotes] == [whole, "Aid is on its way to every village"]


def test_an_event_summary_is_not_two_sentences_an_export_ran_together():
    glued = ("Image copyright Reuters Image caption Twelve people were killed when a powerful earthquake hit the "
             "island of Sumbawa in Indonesia Rescuers searched the rubble. "
             "Rescuers and diggers worked through the night on Sumbawa A powerful earthquake killed twelve people "
             "on the Indonesian island of Sumbawa on Tuesday, officials said. Aid reached Bima later.")
    linker = Linker()
    linker.add(article_features([make("q1", glued, "2021-03-03", title="Quake on Sumbawa",
                                      entities=["Sumbawa", "Bima"])], embedder=HashEmbedder()))
    (event,) = linker.events()
    assert event.summary.startswith("A powerful earthquake killed twelve people")


def test_a_timeline_line_does_not_repeat_the_quote_its_summary_opens_with():
    item = make("q1", QUAKE, "2021-03-03", title="Quake kills 12 on Sumbawa", entities=["Sumbawa", "Indonesia"])
    linker = Linker()
    linker.add(article_features([item], embedder=HashEmbedder()))
    (event,) = linker.events()
    opening = " ".join(event.summary.split()[:8])  # the summary's own words, quoted by someone
    item.quotes = [{"text": opening, "speaker": "Siti Rahma", "kind": "direct", "start": 0},
                   {"text": "The whole market collapsed in seconds", "speaker": "Bima Mayor", "kind": "direct",
                    "start": 400}]
    linker = Linker()
    linker.add(article_features([item], embedder=HashEmbedder()))
    (story,) = linker.stories()
    assert [q["text"] for q in story.timeline[0].quotes] == ["The whole market collapsed in seconds"]
    assert opening in [q["text"] for q in story.quotes]  # the story's own list keeps it


def test_timeline_formats():
    linker = Linker()
    linker.add(corpus())
    story = next(s for s in linker.stories() if len(s.event_ids) >= 1)
    events = linker.events()
    text = render_timeline(story, events, "text")
    assert "2021-03-02" in text
    payload = json.loads(render_timeline(story, events, "json"))
    assert payload["type"] == "story" and payload["events"][0]["type"] == "event"
    png = render_timeline(story, events, "png")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")
    html = render_timeline(story, events, "html")
    assert "data:image/png;base64," in html
    with pytest.raises(ValueError):
        render_timeline(story, events, "pdf")


def test_each_timeline_event_shows_its_own_key_quotes():
    items = [
        make("q1", QUAKE, "2021-03-03", title="Quake kills 12 on Sumbawa", entities=["Sumbawa", "Indonesia"]),
        make("e1", ELECTION, "2021-09-14", title="Norway votes", entities=["Norway", "Oslo"]),
    ]
    items[0].quotes = [{"text": "The whole market collapsed in seconds", "speaker": "Siti Rahma", "kind": "direct"}]
    items[1].quotes = [{"text": "Oil will decide this election", "speaker": "Jonas Gahr Store", "kind": "direct"}]
    linker = Linker()
    linker.add(article_features(items, embedder=HashEmbedder()))
    quake, election = (linker.article_links([a])[0] for a in ("q1", "e1"))
    for link, expected in ((quake, "Siti Rahma"), (election, "Jonas Gahr Store")):
        (story,) = (s for s in linker.stories() if s.id == link.story_id)
        (line,) = story.timeline
        assert [q["speaker"] for q in line.quotes] == [expected] and line.quotes[0]["event_id"] == link.event_id

    # rendered under their own event, in every format
    events = [Event(id=f"ev-{n}", date=f"2021-03-0{n}", title=f"Day {n}", summary=None, article_ids=["a"],
                    outlets=[]) for n in (1, 2)]
    said = {"ev-1": {"text": "We felt it first", "speaker": "A Witness"},
            "ev-2": {"text": "Aid arrives tomorrow", "speaker": "The Minister"}}
    story = Story(id="st-1", title="Quake", event_ids=["ev-1", "ev-2"], date="2021-03-01", last_date="2021-03-02",
                  outlets=[], timeline=[EventSummary(event_id=e.id, date=e.date, title=e.title, summary=None,
                                                     outlets=[], article_count=1, quotes=[said[e.id]]) for e in events])
    text = render_timeline(story, events, "text")
    assert text.index("Day 1") < text.index("We felt it first") < text.index("Day 2") < text.index("Aid arrives")
    assert "— The Minister" in text
    payload = json.loads(render_timeline(story, events, "json"))
    assert [[q["text"] for q in e["quotes"]] for e in payload["events"]] == [["We felt it first"], ["Aid arrives tomorrow"]]
    page = render_timeline(story, events, "html")
    assert page.index("Day 1") < page.index("We felt it first") < page.index("Day 2")


def test_unrelated_events_make_separate_stories():
    linker = Linker()
    linker.add(corpus())
    story_of = {link.article_id: link.story_id for link in linker.article_links()}
    assert story_of["q1"] != story_of["e1"]


def test_same_event_score_orders_pairs():
    embedder = HashEmbedder()
    same = same_event_score({"body": QUAKE, "entities": ["Sumbawa", "Bima"]},
                            {"body": QUAKE_OTHER, "entities": [{"name": "Sumbawa"}, {"name": "Bima"}]},
                            embedder=embedder)
    different = same_event_score({"body": QUAKE}, {"body": ELECTION}, embedder=embedder)
    assert 0.0 <= different < 0.5 < same <= 1.0


def test_same_event_score_penalises_distant_dates_and_rewards_shared_entities():
    embedder = HashEmbedder()
    a = {"body": QUAKE, "published": "2021-03-03"}
    near = same_event_score(a, {"body": QUAKE_OTHER, "published": "2021-03-03"}, embedder=embedder)
    far = same_event_score(a, {"body": QUAKE_OTHER, "published": "2021-06-03"}, embedder=embedder)
    assert far < near - 0.2
    names = ["Sumbawa", "Bima", "Jakarta"]
    shared = same_event_score({"body": QUAKE, "entities": names},
                              {"body": QUAKE_OTHER, "entities": names}, embedder=embedder)
    disjoint = same_event_score({"body": QUAKE, "entities": names},
                                {"body": QUAKE_OTHER, "entities": ["Lombok"]}, embedder=embedder)
    assert disjoint < shared <= 1.0


def test_order_within_a_batch_does_not_matter():
    features = corpus()
    groupings = []
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]):
        linker = Linker()
        linker.add([features[i] for i in order])
        groupings.append({link.article_id: link.event_id for link in linker.article_links()})
    assert groupings[0] == groupings[1] == groupings[2]


def test_later_batch_joins_the_existing_event_it_clusters_with():
    features = corpus()
    linker = Linker()
    linker.add([features[0], features[3]])
    update = linker.add([features[2]])  # an independent report of the quake, not a copy
    ids = {link.article_id: link.event_id for link in linker.article_links()}
    assert ids["q3"] == ids["q1"] != ids["e1"]
    assert not update.new_events


def test_later_evidence_regroups_earlier_articles_whatever_the_arrival_order():
    items = [
        make("undated", QUAKE_OTHER, None, entities=["Sumbawa", "Indonesia", "Bima"]),
        make("march", QUAKE, "2021-03-03", entities=["Sumbawa", "Indonesia", "Bima", "Jakarta"]),
        make("september", QUAKE_OTHER + " Officials feared the toll would rise.", "2021-09-01",
             entities=["Sumbawa", "Indonesia", "Bima"]),
    ]
    features = article_features(items, embedder=HashEmbedder())

    def partition(linker):
        groups = {}
        for link in linker.article_links():
            groups.setdefault(link.event_id, set()).add(link.article_id)
        return sorted(sorted(g) for g in groups.values())

    batch = Linker()
    batch.add(features)
    assert partition(batch) == [["march"], ["september", "undated"]]
    for order in ([0, 1, 2], [1, 0, 2], [2, 1, 0], [0, 2, 1]):
        linker = Linker()
        seen = set()
        for i in order:
            linker.add([features[i]])
            seen |= {link.event_id for link in linker.article_links()}
        assert partition(linker) == partition(batch), order
        alive = {event.id for event in linker.events()}
        assert all(linker.resolve(event_id) in alive for event_id in seen)  # no id is lost


def test_event_summaries_start_after_the_dateline():
    body = ("MOSCOW, Stuart Williams and Jo Biddle- After months of sharp differences, the two "
            "countries agreed on Tuesday to hold a peace conference on the war in the region.")
    (item,) = article_features([make("d1", body, "2013-05-08")], embedder=HashEmbedder())
    assert item.sentences[0].startswith("After months of sharp differences")
    assert item.event_date == "2013-05-07"  # "on Tuesday" is still read
    (plain,) = article_features([make("d2", "U.S. - China talks resumed on Monday in Geneva.", None)],
                                embedder=HashEmbedder())
    assert plain.sentences[0].startswith("U.S. - China")


def test_reloaded_state_scores_pairs_as_before():
    features = corpus()
    linker = Linker()
    linker.add(features)
    restored = Linker(LinkState.from_dict(json.loads(json.dumps(linker.state().to_dict()))))
    a = [x for x in features for _ in features]  # every pair
    b = features * len(features)
    assert np.allclose(restored._pair_logits(a, b), linker._pair_logits(a, b))


def test_local_density_counts_only_articles_near_in_time():
    """A run of similar reports a year later does not raise the density (the bar for linking)
    of this week's reports; one a day later counts."""
    features = corpus()
    linker = Linker()
    linker.add(features)
    quake = [f.article_id for f in features if f.article_id.startswith("q")]
    before = linker._density.mu(quake)
    later = [
        make(f"later{i}", QUAKE_OTHER.replace("Tuesday", day), f"2022-03-{3 + i:02d}",
             entities=["Sumbawa", "Indonesia", "Bima", "Jakarta"])
        for i, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"])
    ]
    linker.add(article_features(later, embedder=HashEmbedder()))
    assert np.array_equal(linker._density.mu(quake), before)
    soon = [make("soon", QUAKE_OTHER.replace("Tuesday", "Thursday"), "2021-03-05",
                 entities=["Sumbawa", "Indonesia", "Bima", "Jakarta"])]
    linker.add(article_features(soon, embedder=HashEmbedder()))
    assert not np.array_equal(linker._density.mu(quake), before)


def _naive_average_linkage(logits, rows, fixed):
    """Textbook average linkage from groups: rescan every pair of clusters after each merge."""
    clusters = [(list(r), c if f else None) for c, (r, f) in enumerate(zip(rows, fixed, strict=True))]
    while True:
        best, pair = 0.0, None
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                if clusters[i][1] is not None and clusters[j][1] is not None:
                    continue
                mean = float(logits[np.ix_(clusters[i][0], clusters[j][0])].mean())
                if mean > best:
                    best, pair = mean, (i, j)
        if pair is None:
            return clusters
        i, j = pair
        merged = (clusters[i][0] + clusters[j][0], clusters[i][1] if clusters[i][1] is not None else clusters[j][1])
        clusters = [c for k, c in enumerate(clusters) if k not in pair] + [merged]


def test_average_linkage_by_components_equals_the_textbook_algorithm():
    from newsweave.link.events import _average_linkage

    rng = np.random.default_rng(3)
    for _ in range(60):
        n = int(rng.integers(2, 30))
        logits = rng.normal(-2.0, 2.0, (n, n))
        logits = (logits + logits.T) / 2
        cuts = sorted(rng.choice(np.arange(1, n), size=int(rng.integers(0, n)), replace=False)) if n > 1 else []
        rows = [[int(i) for i in part] for part in np.split(rng.permutation(n), cuts)]
        fixed = [bool(rng.random() < 0.25) for _ in rows]
        ours = [(members, f) for _, members, f in _average_linkage(logits, rows, fixed)]
        textbook = _naive_average_linkage(logits, rows, fixed)
        assert sorted((sorted(m), f) for m, f in ours) == sorted((sorted(m), f) for m, f in textbook)


def _region(rng, happenings=40, dim=24):
    """A realistic region: reports of happenings (similar vectors, shared terms and names, dates
    within 2 days) over 200 days, some undated, copies (one months apart), fixed groups; and
    twins: two happenings alike in all but the people their leads name."""
    from newsweave.link.features import ArticleFeatures

    words, names = [f"w{i}" for i in range(400)], [f"n{i}" for i in range(80)]
    items = []
    for h in range(happenings):
        twin = h % 20 == 2  # the next happening repeats this one with other people
        if h % 20 != 3:
            center = rng.standard_normal(dim)
            day = None if rng.random() < 0.08 else int(rng.integers(0, 200))
            topic = rng.choice(words, 14, replace=False)
        people = rng.choice(names, 3, replace=False)
        reports = 15 if h == 0 else 5 if twin or h % 20 == 3 else int(rng.integers(1, 5))
        for _ in range(reports):
            named = sorted({str(n) for n in rng.choice(people, int(rng.integers(0, 4)))})
            if twin or h % 20 == 3:
                named = sorted({str(people[0]), *named})
            noise = float(rng.choice([0.3, 0.8, 1.5]))
            vector = center + noise * rng.standard_normal(dim)
            terms = {str(w): int(rng.integers(1, 4)) for w in rng.choice(topic, 9, replace=False)}
            terms.update({str(w): 1 for w in rng.choice(words, 6)})
            when = None if day is None else (date(2021, 1, 1).toordinal() + day + int(rng.integers(-2, 3)))
            # a quarter of the reports date the happening long before their publication (further
            # than a weekday can: the band must widen by it, whatever the shift)
            moved = 0 if rng.random() < 0.75 else int(rng.integers(20, 40))
            items.append(ArticleFeatures(
                article_id=f"a{len(items)}", title=None, outlet=None, credits=[],
                entities=named, main_person=named[0] if named and rng.random() < 0.7 else None,
                lead_people=[str(people[0])] if twin or h % 20 == 3 else [n for n in named if rng.random() < 0.5],
                not_before=None if when or rng.random() < 0.5
                else (date(2021, 1, 1) + timedelta(days=int(rng.integers(0, 200)))).isoformat(),
                published=date.fromordinal(when).isoformat() if when else None,
                event_date=date.fromordinal(when - moved).isoformat() if when else None,
                date_from=None, embedding=(vector / np.linalg.norm(vector)).astype(np.float32),
                lead_embedding=(vector / np.linalg.norm(vector)).astype(np.float32),
                fingerprints=np.zeros(0, dtype=np.uint64), terms=terms, sentences=[],
            ))
    order = rng.permutation(len(items))
    items = [items[i] for i in order]
    copy = items[1]  # republished 90 days later: far outside any band
    def later(day: str | None) -> str | None:
        return None if day is None else (date.fromisoformat(day) + timedelta(days=90)).isoformat()

    items.insert(2, ArticleFeatures(**{**copy.__dict__, "article_id": "late-copy", "event_date": later(copy.event_date),
                                       "published": later(copy.published)}))
    return items


def _naive_adoption(logits, clusters):
    """Each fragment (at most ``FRAGMENT_MAX`` articles, no fixed group) joins the larger
    cluster it has a positive logit with and the best mean logit above ``FRAGMENT_LOGIT`` (the
    clusters as linkage left them). Returns (clusters, fragments adopted)."""
    from newsweave.link.events import FRAGMENT_LOGIT, FRAGMENT_MAX

    fragments = [k for k, (members, f) in enumerate(clusters) if len(members) <= FRAGMENT_MAX and f is None]
    joined = {}
    for k in fragments:
        rows = clusters[k][0]
        best, target = FRAGMENT_LOGIT, None
        for e, (members, _) in enumerate(clusters):
            block = logits[np.ix_(rows, members)]
            if e in fragments or not (block > 0).any():
                continue
            if block.mean() > best:
                best, target = float(block.mean()), e
        if target is not None:
            joined.setdefault(target, []).append(k)
    gone = {k for adopted in joined.values() for k in adopted}
    adopted = [(members + [i for a in joined.get(k, []) for i in clusters[a][0]], f)
               for k, (members, f) in enumerate(clusters) if k not in gone]
    return adopted, len(gone)


def _naive_lead_split(logits, clusters, leads):
    """Each cluster without a fixed group split into ``lead_parts`` (people from ``leads``, one
    set per item). Returns (clusters, clusters split)."""
    from newsweave.link.events import lead_parts

    people = sorted(set().union(*leads))
    column = {name: c for c, name in enumerate(people)}
    out, split = [], 0
    for members, f in clusters:
        if f is not None:
            out.append((members, f))
            continue
        incidence = sparse.csr_matrix(
            [[1.0 if name in leads[i] else 0.0 for name in people] for i in members], shape=(len(members), len(column)))
        parts = lead_parts(incidence, lambda r, c, m=members: logits[np.ix_(np.array(m)[r], np.array(m)[c])])
        split += len(parts) > 1
        out.extend(([members[i] for i in part], None) for part in parts)
    return out, split


def test_banded_region_clusters_exactly_as_the_full_matrix():
    """``_Region.linkage`` (exact logits only in the date band and in the components of
    positive bounds, fragments adopted from the band) gives the clusters of ``_average_linkage``
    on the full region matrix, followed by the adoption of fragments and the split by lead
    people."""
    from newsweave.link.events import COPY_LOGIT, _average_linkage, _day, _Region
    from newsweave.link.score import PairSpace, TermSpace, logit_matrix

    rng = np.random.default_rng(11)
    multi = adopted = split = 0
    for _ in range(6):
        items = _region(rng)
        terms, entities = TermSpace(), TermSpace(sublinear=False)
        for item in items:
            terms.count(item.article_id, item.terms)
            entities.count(item.article_id, item.entities)
        mu = rng.uniform(0.2, 0.9, len(items))
        m = len(items) - 20  # the last 20 items are samples of fixed events
        groups = [None] * m
        groups[1] = groups[2] = "g-far"  # a copy and its late republication
        groups[5] = groups[6] = "g-near"
        rows = [list(range(m + 5 * k, m + 5 * k + 5)) for k in range(3)] + [[m + 15 + k] for k in range(5)]
        rows[0].append(7)  # a free copy of a fixed event's member joins its group
        rows += [[i] for i in range(m) if i != 7]
        fixed = [r[0] >= m for r in rows]

        full = np.zeros((len(items), len(items)))
        full[:m] = logit_matrix(items[:m], items, terms, entities, mu[:m], mu)
        full[m:, :m] = full[:m, m:].T
        for pair in ([1, 2], [5, 6]):
            for i in pair:
                full[i, pair] = COPY_LOGIT
        expected, fragments = _naive_adoption(full, [(members, f) for _, members, f in _average_linkage(full, rows, fixed)])
        adopted += fragments
        expected, parts = _naive_lead_split(full, expected, [set(item.lead_people) for item in items])
        split += parts

        days = [_day(item) for item in items]
        order = np.array(sorted(range(len(items)), key=lambda i: (days[i] is None, days[i] or 0, i)))
        space = PairSpace([items[i] for i in order], terms, entities, mu[order])
        got = _Region(space, order, m, groups).linkage(rows, fixed)
        assert sorted((sorted(c), f) for c, f in got) == sorted((sorted(c), f) for c, f in expected)
        multi += sum(len(c) > 1 for c, _ in expected)
    assert multi > 50  # the regions really link articles
    assert adopted > 0  # and really adopt fragments
    assert split > 0  # and really split clusters by lead people


def test_small_components_merge_as_the_numpy_loop_does():
    """``_link_small`` makes the same merges, in the same order, as ``_link_component``, ties
    (equal logits, as between copies) included."""
    from newsweave.link.events import _link_component, _link_small

    rng = np.random.default_rng(5)
    for _ in range(300):
        n = int(rng.integers(2, 9))
        sums = rng.choice([-3.0, -0.5, 0.5, 1.0, 2.0, 10.0], size=(n, n))
        sums = np.triu(sums, 1) + np.triu(sums, 1).T
        fixed = rng.random(n) < 0.2
        rows = [[int(i)] for i in rng.permutation(100)[:n]]
        numpy_loop = _link_component(sums, np.ones(n), fixed, rows)
        assert _link_small(sums.tolist(), fixed.tolist(), rows) == numpy_loop


def test_articles_the_models_cannot_read_link_only_as_copies():
    def inputs(language):
        items = [
            make("q1", QUAKE, "2021-03-03", title="Quake kills 12 on Sumbawa", outlet="Reuters"),
            make("q2", QUAKE + " Officials feared the toll would rise.", "2021-03-04", outlet="Daily Star",
                 credits=["Reuters"]),
            make("q3", QUAKE_OTHER, "2021-03-03", title="Twelve killed in Sumbawa earthquake", outlet="AP"),
            make("q4", QUAKE_OTHER + " The toll rose to fourteen on Friday.", "2021-03-06", outlet="AFP"),
        ]
        for item in items:
            item.language = language
        return article_features(items, embedder=HashEmbedder())

    def links(language):
        linker = Linker()
        return {link.article_id: link for link in linker.add(inputs(language)).articles}

    english = links("en")
    assert english["q1"].event_id == english["q3"].event_id  # the reference: one event, one story
    russian = links("ru")  # the same texts marked as a language the English models do not read
    assert russian["q1"].event_id == russian["q2"].event_id  # a copy is a copy in any language
    assert russian["q3"].event_id != russian["q1"].event_id != russian["q4"].event_id
    assert len({link.story_id for link in russian.values()}) == len({link.event_id for link in russian.values()})


def test_event_title_is_a_headline_about_the_event_not_page_furniture():
    """A text dump's picked "headline" may be furniture ("Welcome to … EU experience"); the
    event is titled by a member headline that names what its articles report."""
    items = [
        make("wall", QUAKE + " " + QUAKE_OTHER, "2021-03-03", title="Welcome to USA TODAY NETWORK's EU Experience"),
        make("q1", QUAKE, "2021-03-03", title="Quake kills 12 on Sumbawa"),
        make("q3", QUAKE_OTHER, "2021-03-03", title="Twelve killed in Sumbawa earthquake"),
    ]
    linker = Linker()
    links = {link.article_id: link for link in linker.add(article_features(items, embedder=HashEmbedder())).articles}
    assert links["wall"].event_id == links["q1"].event_id == links["q3"].event_id
    [event] = linker.events()
    assert "Sumbawa" in event.title


def test_main_person_is_the_person_named_most_often():
    from newsweave.link.features import main_person

    entities = [
        {"id": "person:jack-ketsoyan", "name": "Jack Ketsoyan", "label": "PERSON", "mentions": 1},
        {"id": "org:people", "name": "People", "label": "ORG", "mentions": 5},
        {"id": "person:tara-reid", "name": "Tara Reid", "label": "PERSON", "mentions": [{}, {}]},
        {"id": "person:jack-ketsoyan", "name": "Ketsoyan", "label": "PERSON", "mentions": 1},
    ]
    assert main_person(entities) == "person:jack-ketsoyan"  # two clusters of one man: 2, a tie, named first
    assert main_person(entities[1:3]) == "person:tara-reid"
    assert main_person(["gpe:oslo", "person:erna-solberg", "person:jonas-gahr-store"]) == "person:erna-solberg"
    assert main_person([{"name": "Oslo", "label": "GPE"}, "Labour"]) is None
    # the resolver's type wins over one mention's label: "Python" resolved to an organisation
    assert main_person([{"id": "org:python", "name": "Python", "label": "PERSON", "mentions": 9},
                        {"name": "Matt Mackall", "label": "PERSON", "mentions": 1}]) == "matt mackall"


def test_reports_centred_on_different_people_need_more_evidence():
    """Two DUI arrests of two players of one team share nearly every word; the man arrested
    differs. The same report naming the other's man (as a comparison) is not penalised."""
    from newsweave.link.score import W_PERSON, pair_features, pair_logits

    body = ("San Diego Chargers player {who} was arrested on suspicion of drunk driving early "
            "Sunday, police said. The team said it was aware of the arrest of {who}.")
    jackson = make("j", body.format(who="Vincent Jackson"), None,
                   entities=[{"id": "person:vincent-jackson", "label": "PERSON", "mentions": 2},
                             {"id": "org:chargers", "label": "ORG", "mentions": 1}])
    williams = make("w", body.format(who="Jamal Williams"), None,
                    entities=[{"id": "person:jamal-williams", "label": "PERSON", "mentions": 2},
                              {"id": "org:chargers", "label": "ORG", "mentions": 1}])
    compared = make("c", body.format(who="Jamal Williams") + " Vincent Jackson was arrested last month.", None,
                    entities=[{"id": "person:jamal-williams", "label": "PERSON", "mentions": 2},
                              {"id": "person:vincent-jackson", "label": "PERSON", "mentions": 1},
                              {"id": "org:chargers", "label": "ORG", "mentions": 1}])
    j, w, c = article_features([jackson, williams, compared], embedder=HashEmbedder())
    assert (j.main_person, w.main_person, c.main_person) == (
        "person:vincent-jackson", "person:jamal-williams", "person:jamal-williams")
    evidence = pair_features([j], [w, c])["person"]
    assert evidence.tolist() == [[1.0, 0.0]]
    assert W_PERSON < 0
    # the aligned-pair path (the linker's candidate checks) agrees with the matrix path
    from newsweave.link.score import TermSpace, logit_matrix

    terms, names = TermSpace(), TermSpace(sublinear=False)
    for item in (j, w, c):
        terms.count(item.article_id, item.terms)
        names.count(item.article_id, item.entities)
    mu = np.full(2, 0.5)
    matrix = logit_matrix([j, j], [w, c], terms, names, mu, mu)
    aligned = pair_logits([j, j], [w, c], terms, names, mu, mu)
    assert np.allclose(aligned, np.diag(matrix))


def test_lead_people_are_those_of_the_headline_and_first_sentence():
    from newsweave.link.features import lead_people

    body = ("Police said on Sunday that a San Diego Chargers receiver was arrested. Officer Ann Fox "
            "said the test was positive. Vincent Jackson was also arrested last year.")
    entities = [{"id": "person:ann-fox", "name": "Ann Fox", "label": "PERSON", "mentions": [{"start": body.index("Ann")}]},
                {"id": "person:jamal-williams", "name": "Jamal Williams", "label": "PERSON",
                 "mentions": [{"start": 10_000}]},
                {"id": "person:vincent-jackson", "name": "Vincent Jackson", "label": "PERSON",
                 "mentions": [{"text": "Vincent Jackson", "start": body.index("Vincent"), "end": 0}]},
                {"id": "org:chargers", "name": "Chargers", "label": "ORG", "mentions": [{"start": 0}]}]
    assert lead_people(entities, "Chargers' Williams arrested", body) == ["person:jamal-williams"]
    assert lead_people([{**entities[2], "mentions": [{"start": 0}]}], None,
                       "Vincent Jackson, a Chargers receiver, was arrested on Sunday.") == ["person:vincent-jackson"]
    assert lead_people(entities, None, body) == []
    assert lead_people(["person:jamal-williams", "org:chargers"], "Williams arrested", body) == ["person:jamal-williams"]
    byline = "MOSCOW, Stuart Williams and Jo Biddle- Russia and the United States agreed on Tuesday to talk."
    writers = [{"id": "person:stuart-williams", "name": "Stuart Williams", "label": "PERSON", "mentions": [{"start": 8}]},
               {"id": "person:jo-biddle", "name": "Jo Biddle", "label": "PERSON", "mentions": [{"start": 28}]}]
    assert lead_people(writers, "Russia, US agree joint push for peace", byline) == []


def test_reports_whose_leads_name_different_people_need_more_evidence():
    """A report on Williams' arrest that recalls Jackson's further down names both men, so the
    main-person rule cannot tell it from a report on Jackson; their leads can."""
    from newsweave.link.score import W_LEAD_PERSON, pair_features

    body = ("San Diego Chargers player {who} was arrested on suspicion of drunk driving early Sunday, "
            "police said. It is the second arrest of a Chargers player: {other} was arrested last month.")
    def report(article_id, who, other):
        text = body.format(who=who, other=other)
        return make(article_id, text, None, entities=[
            {"id": f"person:{who.lower().replace(' ', '-')}", "name": who, "label": "PERSON",
             "mentions": [{"start": text.index(who)}] * 2},
            {"id": f"person:{other.lower().replace(' ', '-')}", "name": other, "label": "PERSON",
             "mentions": [{"start": text.index(other)}]}])
    williams = report("w", "Jamal Williams", "Vincent Jackson")
    jackson = report("j", "Vincent Jackson", "Jamal Williams")
    again = report("a", "Jamal Williams", "Vincent Jackson")
    w, j, a = article_features([williams, jackson, again], embedder=HashEmbedder())
    evidence = pair_features([w], [j, a])
    assert evidence["person"].tolist() == [[0.0, 0.0]]  # each names the other's main person
    assert evidence["lead_person"].tolist() == [[1.0, 0.0]]
    assert W_LEAD_PERSON < 0


def test_a_cluster_whose_leads_name_two_sets_of_people_is_two_events(monkeypatch):
    """Reports of two DUI arrests of two players of one team, alike word for word, the later
    ones recalling the first arrest: linkage joins them; the leads tell them apart."""
    from newsweave.link import events

    lead = ["{who} was arrested on suspicion of drunk driving early Sunday, San Diego police said.",
            "Chargers player {who} was arrested on suspicion of driving under the influence, police said.",
            "Police arrested {who} of the San Diego Chargers on suspicion of drunken driving on Sunday.",
            "San Diego Chargers player {who} was arrested early Sunday on suspicion of drunk driving."]
    rest = (" He was stopped on a freeway in San Diego and failed a sobriety test, the California Highway"
            " Patrol said. The team said it was aware of the arrest and would not comment further.")
    recall = " Vincent Jackson, a team mate, was arrested on the same charge last month."
    items = []
    for k, first in enumerate(lead):
        for who, tail in (("Vincent Jackson", ""), ("Jamal Williams", recall)):
            body = first.format(who=who) + rest + tail
            people = [{"id": f"person:{w.lower().replace(' ', '-')}", "name": w, "label": "PERSON",
                       "mentions": [{"start": body.index(w)}]} for w in ("Vincent Jackson", "Jamal Williams") if w in body]
            items.append(make(f"{who.split()[1].lower()}{k}", body, None, entities=people))
    features = article_features(items, embedder=HashEmbedder())

    def grouping():
        linker = Linker()
        linker.add(features)
        return {frozenset(e.article_ids) for e in linker.events()}

    assert grouping() == {frozenset(f"jackson{k}" for k in range(4)), frozenset(f"williams{k}" for k in range(4))}
    monkeypatch.setattr(events, "LEAD_SPLIT_MIN", 100)
    assert len(grouping()) < 2  # linkage alone joins them


def test_reports_close_in_publication_are_close_in_time():
    """An obituary that dates the death ("died Saturday") and reports dated only by their
    publication, days later, are close in time; a follow-up weeks later is not."""
    from newsweave.link.features import ArticleFeatures
    from newsweave.link.score import pair_features

    def item(article_id, published, event_date):
        vector = np.ones(4, dtype=np.float32) / 2
        return ArticleFeatures(
            article_id=article_id, title=None, outlet=None, credits=[], entities=[], published=published,
            event_date=event_date, date_from=None, embedding=vector, lead_embedding=vector,
            fingerprints=np.zeros(0, dtype=np.uint64), terms={"larue": 1}, sentences=[])

    obituary = item("o", "2004-07-29", "2004-07-24")
    report = item("r", "2004-07-28", "2004-07-28")
    follow_up = item("f", "2004-08-20", "2004-08-20")
    gaps = pair_features([obituary], [report, follow_up])["gap"]
    assert gaps[0, 0] == 0.0
    assert gaps[0, 1] > 10


def test_a_sparse_neighbourhood_does_not_lower_the_bar_below_the_fitted_range():
    """The crowding penalty grows with local density; below the sparsest density the weights
    were fitted on, a lone article in a pile of unrelated pages gets no discount (a pedestrian
    hit in Eastbourne and a Treasury-yields report had joined that way)."""
    from newsweave.link.score import MU_FLOOR, logit_matrix

    a, b = article_features([make("a", QUAKE, "2021-03-02"), make("b", ELECTION, "2021-03-02")], embedder=HashEmbedder())

    def logit(mu):
        return float(logit_matrix([a], [b], mu_a=np.array([mu]), mu_b=np.array([mu]))[0, 0])

    assert logit(0.05) == logit(MU_FLOOR)
    assert logit(0.9) < logit(MU_FLOOR + 0.1) < logit(MU_FLOOR)


def test_an_undated_report_is_not_older_than_the_years_it_names():
    """The 76ers' coach fired in December 2008 ("a 9-14 start to the 2008-09 season", no date on
    the page) is not the coach hired in May 2005, however alike the two reports read."""
    from newsweave.link.features import not_before
    from newsweave.link.score import days_apart

    fired = "Maurice Cheeks was fired after a 9-14 start to the 2008-09 season. He won 1,999 games for $2000."
    assert not_before(None, fired, today=date(2026, 1, 1)) == date(2007, 1, 1)
    assert not_before("Cheeks fired", "No year is named.") is None
    assert not_before(None, "The 2030 targets were set in 2015.", today=date(2020, 6, 1)) == date(2014, 1, 1)

    hired = make("h", "The Philadelphia 76ers hired Maurice Cheeks as coach on Monday.", "2005-05-23")
    later = make("l", "Maurice Cheeks was fired as coach of the Philadelphia 76ers.", "2008-12-13")
    h, f, lt, u = article_features([hired, make("f", fired, None), later,
                                    make("u", "Cheeks was fired as coach.", None)], embedder=HashEmbedder())
    assert f.not_before == "2007-01-01" and h.not_before is None
    assert days_apart(f, h) > 365 and days_apart(h, f) == days_apart(f, h)
    assert days_apart(f, lt) == 0.0
    assert np.isnan(days_apart(u, h)) and np.isnan(days_apart(u, f))


def test_an_undated_page_is_not_older_than_the_month_its_url_gives():
    """A text dump of ``krebsonsecurity.com/2013/09/...`` with no date line is from September 2013:
    not the same patch release as a report dated a year before, however alike they read."""
    from dataclasses import replace

    from newsweave.api import link_input
    from newsweave.extract.dates import month_from_url
    from newsweave.link.score import days_apart
    from newsweave.records import Article, Source

    assert month_from_url("http://krebsonsecurity.com/2013/09/ie-zero-day-flaw/") == "2013-09-01"
    assert month_from_url("http://example.com/2015/09/17/talks.html") is None  # a whole date: the page's day
    assert month_from_url("http://example.com/story?id=2013-09") is None  # only a path gives the month
    assert month_from_url("http://example.com/2013/13/x") is None
    assert month_from_url("http://[broken/2013/09/x") == "2013-09-01"  # a malformed host is no error
    assert month_from_url("http://2013-09.example.com/x") is None

    page = Article(id="k", source=Source(path="k.txt", url="http://krebsonsecurity.com/2013/09/ie-zero-day/",
                                         sha256=""), title=None, standfirst=None, outlet=None, credits=[],
                   published=None, published_from=None, updated=None, dateline=None, authors=[], language="en",
                   body="Microsoft released an emergency patch for Internet Explorer.", removed=[], extractor="text")
    assert link_input(page).not_before == "2013-09-01"
    assert link_input(replace(page, published="2013-09-17", published_from="text")).not_before is None
    earlier = make("e", "Microsoft released an emergency patch for Internet Explorer.", "2012-09-19")
    k, e = article_features([link_input(page), earlier], embedder=HashEmbedder())
    assert k.not_before == "2013-09-01" and days_apart(k, e) > 300


def test_main_person_ignores_mention_counts_it_cannot_read():
    from newsweave.link.features import main_person

    entities = [{"name": "Ana Silva", "label": "PERSON", "mentions": "many"},
                {"name": "Rui Costa", "label": "PERSON", "mentions": 3}]
    assert main_person(entities) == "rui costa"


def test_a_follow_up_days_later_continues_the_story_but_not_a_look_alike_months_later():
    """The crash and the naming of its victims three days later share the place and the police,
    not the people: moderately alike, they are one storyline because they are close in time."""
    from newsweave.link.score import Profile
    from newsweave.link.stories import best_story

    def event(vector, entities, day):
        profile = Profile(vector=np.asarray(vector, dtype=np.float64))
        profile.entities.update(entities)
        profile.size, profile.first, profile.last = 4, day, day
        return profile

    crash_day = date(2016, 11, 9)
    crash = event([1.0, 0.0], {"gpe:croydon": 4, "org:btp": 3, "person:driver": 4, "org:tfl": 4, "person:witness": 1},
                  crash_day)
    follow_up = [0.7, 0.71]  # cosine 0.7 with the crash
    entities = {"gpe:croydon": 4, "org:btp": 1, "person:victim-a": 4, "person:victim-b": 4, "person:victim-c": 4}

    def idf(name):
        return 2.0

    def story_of(day):
        return best_story(event(follow_up, entities, day), {"crash": [crash]}, ["crash"], idf)[0]

    assert story_of(crash_day + timedelta(days=3)) == "crash"
    assert story_of(crash_day + timedelta(days=180)) is None


WIRE = (
    "Police Capt. Tom Tennant and Senior Trooper William Hakim, both 51, died at the scene of the "
    "explosion at a West Coast Bank branch in Woodburn on Friday afternoon. The police went to "
    "check on a telephoned bomb threat received by a Wells Fargo branch in the centre of town and "
    "found a suspicious device that turned out to be harmless. The investigation then led them to "
    "the nearby West Coast office, where a bank employee had found a second device in the bushes "
    "outside the building. It exploded after officers took it inside. Police Chief Scott Russell, "
    "46, was injured and was in stable but critical condition. The inside of the bank suffered "
    "extensive damage, and a female employee was treated at a hospital and released. State police "
    "offered a reward of 35,000 dollars for information leading to an arrest. Investigators from "
    "the federal bureau of alcohol, tobacco and firearms joined the search on Saturday."
)


def test_a_trimmed_wire_copy_with_its_own_lead_is_a_copy():
    """A site that runs half of a wire story under its own opening paragraph shares too little
    with it to resemble it (Jaccard well under 0.5), yet most of its narration is the wire's."""
    sentences = split_sentences(WIRE)
    trimmed = (
        "Woodburn is in mourning. The small farming town south of Portland had never lost an "
        "officer on duty, the mayor told our reporter at a vigil on the town square. "
        + " ".join(sentences[:4])
    )
    items = [make("wire", WIRE, "2008-12-13T08:00", outlet="AP"),
             make("site", trimmed, "2008-12-13T14:00", outlet="Woodburn Independent"),
             make("other", QUAKE_OTHER, "2008-12-13", outlet="AP")]
    links = {link.article_id: link for link in Linker().add(article_features(items, embedder=HashEmbedder())).articles}
    assert links["site"].copy_group == links["wire"].copy_group is not None
    assert links["site"].duplicate_of == "wire"  # the earlier of the two
    assert links["other"].copy_group is None


def test_reports_quoting_one_statement_are_not_copies():
    """Two reporters who quote the same long statement wrote two reports, not one."""
    statement = (
        '"We are deeply shocked by the attack on our officers, and we will not rest until the person '
        "who placed this device is found and brought to justice, whatever it takes and however long "
        'it takes, because the people of this town deserve nothing less," the governor said.'
    )
    # a quotation over two paragraphs: each opens with a quote mark, only the last one closes
    spoken = ("\u201cWe are deeply shocked by the attack on our officers, and we will not rest until the person who "
              "placed this device is found.\n\n\u201cWhatever it takes and however long it takes, the people of "
              "this town deserve nothing less than justice for the two men,\u201d the governor said.")
    items = [make("a", f"{QUAKE} {statement}", "2021-03-03"),
             make("b", f"{ELECTION} {statement}", "2021-03-03"),
             make("c", f"{QUAKE_OTHER}\n\n{spoken}", "2021-03-03"),
             make("d", f"{WIRE}\n\n{spoken}", "2021-03-03")]
    links = {link.article_id: link for link in Linker().add(article_features(items, embedder=HashEmbedder())).articles}
    assert all(links[a].copy_group is None for a in "abcd")


def test_a_partial_copy_months_later_is_not_forced_into_the_event():
    """A follow-up that reuses a story's background paragraphs shares its text but reports a
    later happening; only a near word-for-word copy joins the event whatever its date."""
    sentences = split_sentences(WIRE)
    follow_up = (
        "A Woodburn man was sentenced on Monday to life in prison for the bank bombing that killed "
        "two officers, ending a trial that lasted six weeks in the Marion County court. The judge "
        "called the attack cowardly and said the town would carry its scars for a generation. "
        + " ".join(sentences[:4])
    )
    items = [make("bombing", WIRE, "2008-12-13"), make("verdict", follow_up, "2010-11-08"),
             make("rerun", WIRE, "2009-12-12")]
    links = {link.article_id: link for link in Linker().add(article_features(items, embedder=HashEmbedder())).articles}
    assert links["verdict"].copy_group == links["bombing"].copy_group is not None
    assert links["verdict"].event_id != links["bombing"].event_id
    assert links["rerun"].event_id == links["bombing"].event_id  # the same text run a year later


def test_a_storyline_is_carried_by_its_people_more_than_by_its_places():
    """Two incidents of one kind share places and institutions; a storyline's events share the
    people acting in it. With every name equally rare, sharing two people links closer than
    sharing two places."""
    from collections import Counter

    from newsweave.link.score import Profile
    from newsweave.link.stories import story_logit

    def event(*names: str) -> Profile:
        return Profile(vector=np.full(4, 0.5), entities=Counter(names), size=1)

    first = event("person:sergei-lavrov", "person:john-kerry", "gpe:geneva", "org:united-nations")
    same_people = event("person:sergei-lavrov", "person:john-kerry", "gpe:vienna", "org:opec")
    same_places = event("person:anna-berg", "person:li-wei", "gpe:geneva", "org:united-nations")
    assert story_logit(first, same_people, lambda name: 1.0) > story_logit(first, same_places, lambda name: 1.0)


def test_same_event_score_refuses_what_it_cannot_compare():
    """Two empty records embed alike: scoring them would say "same happening" about nothing."""
    with pytest.raises(ValueError, match="record_a has no title, body or text"):
        same_event_score({}, {"body": QUAKE}, embedder=HashEmbedder())
    with pytest.raises(ValueError, match="record_b"):
        same_event_score({"title": "Quake hits Sumbawa"}, {"body": "   "}, embedder=HashEmbedder())
    with pytest.raises(TypeError, match="a dict"):
        same_event_score(None, {"body": QUAKE}, embedder=HashEmbedder())
