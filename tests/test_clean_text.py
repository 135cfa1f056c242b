"""Tests for the plain-text dump cleaner (newsweave.clean.text)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from newsweave.clean.text import LineStats, clean_text

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"

# seed file prefix -> (title, body start, body end)
EXPECTED = {
    "000": (
        "Russia proposes talks with US over Syria",
        "LONDON // Russia has proposed",
        "to discuss the issue.",
    ),
    "001": (
        "Russia, US agree joint push for peace in Syria",
        "MOSCOW, Stuart Williams and Jo Biddle- After months",
        'our larger goal."',
    ),
    "002": (
        "Vladimir Putin, John Kerry did not discuss military cooperation in Syria: Kremlin",
        "President Vladimir Putin and US Secretary of State John Kerry did not discuss",
        "Peskov said today.",
    ),
    "003": (
        "Russia-US deal on Syrian reconciliation ‘not yet finalized,’ talks to continue – Kremlin",
        "Russia-US talks on Syrian reconciliation have not continued yet",
        "were not disclosed.",
    ),
    "004": (
        "Russia Proposes Talks With U.S. Over Syria",
        "WASHINGTON — Secretary of State John Kerry said on Wednesday",
        "“bulwark against extremism.”",
    ),
}

NOISE = [
    "icon bookmark",
    "Subscribe",
    "₹",
    "SAVE 25%",
    "Version 0 of 1.",
    "Powered by automated translation",
    "In this photo made from",
    "Russia, Missile, Syria, Attack",
    "0:00",
    "27:19",
    "News | Politics",
    "New comment:",
    "At a glance",
    "Podcasts",
    "More From This Section",
    "Next Story",
    "http://",
    "Agence France-Presse",
    "Last Updated",
    "First Published",
    "AFP I PTI",
]


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cleaned():
    return {prefix: clean_text(_seed(prefix)) for prefix in EXPECTED}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_title_and_body_bounds(cleaned, prefix):
    title, first, last = EXPECTED[prefix]
    doc = cleaned[prefix]
    assert doc.title == title
    assert doc.extractor == "newsweave-text"
    paragraphs = doc.body.split("\n\n")
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)
    assert all(p.strip() == p and p for p in paragraphs)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_noise_not_in_body(cleaned, prefix):
    body = cleaned[prefix].body
    for noise in NOISE:
        assert noise not in body, noise
    # the page repeats the headline; it must not come back inside the body
    assert cleaned[prefix].title not in body


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_every_line_is_accounted_for(cleaned, prefix):
    doc = cleaned[prefix]
    source = [line.strip() for line in _seed(prefix).splitlines() if line.strip()]
    kept = doc.body.split("\n\n") + [doc.title, doc.standfirst]
    removed = [r.text for r in doc.removed]
    assert sorted([k for k in kept if k] + removed) == sorted(source)
    for item in doc.removed:
        assert item.reason and re.fullmatch(r"[a-z-]+", item.reason)
        assert source.count(item.text) >= 1
        assert _seed(prefix).splitlines()[item.line - 1].strip() == item.text


def test_standfirsts(cleaned):
    assert cleaned["002"].standfirst.startswith("There has been no sign from Damascus")
    assert cleaned["000"].standfirst.startswith("'Suggesting that someone step aside")
    assert cleaned["001"].standfirst is None
    assert cleaned["004"].standfirst is None
    assert not cleaned["000"].body.startswith("'Suggesting")


def _reasons(doc) -> dict[str, str]:
    return {r.text: r.reason for r in doc.removed}


def test_removed_reasons_feed_metadata(cleaned):
    r000, r001, r002 = _reasons(cleaned["000"]), _reasons(cleaned["001"]), _reasons(cleaned["002"])
    r003, r004 = _reasons(cleaned["003"]), _reasons(cleaned["004"])
    assert r000["* Agence France-Presse and Reuters"] == "credit"
    assert r001["Russia, US agree joint push for peace in Syria"] == "repeated-headline"
    assert r001["Wednesday, May 8th 2013"] == "date"
    assert r001["Stuart Williams and Jo Biddle"] == "byline"
    assert r001["News | Politics | Features | Arts | Entertainment | Society | Sport"] == "navigation"
    assert r002["Last Updated : Jul 15 2016 | 3:25 PM IST"] == "date"
    assert r002["First Published: Jul 15 2016 | 2:07 PM IST"] == "date"
    assert r002["AFP I PTI Moscow"] == "credit"
    assert r002["Russia, Missile, Syria, Attack"] == "tag-list"
    assert r002["₹900"] == "subscription"
    assert r002["SAVE 25%"] == "subscription"
    assert r002[next(t for t in r002 if t.startswith("In this photo"))] == "caption"
    assert r003["8 Sep, 2016 14:01"] == "date"
    assert r003["27:19"] == "timer"
    assert r003[next(t for t in r003 if t.startswith("icon bookmark"))] == "icon-list"
    assert r004[next(t for t in r004 if t.startswith("http://"))] == "url"


SENTENCES = [
    "The council approved the new budget after a long debate that ran late into the evening.",
    "Residents had asked for more money to be spent on roads, schools and the public library.",
    "Officials said the plan would be reviewed again in the spring once the figures were in.",
    "Several members of the opposition voted against it, saying that it went much too far.",
    "The mayor told reporters that she was pleased with the outcome of the long meeting.",
    "A local business group welcomed the decision but warned that taxes could rise next year.",
    "The vote was the first test for the coalition since it took office earlier this year.",
    "Critics have argued that the city has been slow to respond to the housing shortage.",
]
REPEATED = (
    "Our reporting is made possible by readers like you, and we are grateful for every one "
    "of the people who support independent local journalism in this city."
)


def _site_doc(seed: int) -> str:
    rng = random.Random(seed)
    paragraphs = rng.sample(SENTENCES, 6)
    first = [" ".join(paragraphs[i : i + 2]) + f" Story {seed}." for i in (0, 2)]
    rest = [" ".join(paragraphs[4:6]) + f" The report number was {seed}."]
    return "\n\n".join([f"Council passes budget number {seed}", *first, REPEATED, *rest])


def test_corpus_evidence_removes_site_boilerplate():
    stats = LineStats()
    for seed in range(6):
        stats.add_document(_site_doc(seed), site="example.org")
    stats.add_document(_site_doc(99), site="other.org")
    assert stats.documents("example.org") == 6
    assert stats.documents() == 7
    assert stats.count(REPEATED, site="example.org") == 6
    assert stats.count(REPEATED, site="other.org") == 1

    without = clean_text(_site_doc(3), site="example.org")
    assert REPEATED in without.body
    with_stats = clean_text(_site_doc(3), site="example.org", stats=stats)
    assert REPEATED not in with_stats.body
    assert _reasons(with_stats)[REPEATED] == "boilerplate-repeat"
    assert "Story 3." in with_stats.body
    # the other site has seen the line once only: still article text there
    assert REPEATED in clean_text(_site_doc(99), site="other.org", stats=stats).body


def test_line_stats_round_trip():
    stats = LineStats()
    stats.add_document("Alpha line here\nShared footer text 2019", site="a")
    stats.add_document("Beta line here\nShared footer text 2020", site="a")
    restored = LineStats.from_dict(stats.to_dict())
    # digits are folded, so the yearly footer counts as one line
    assert restored.count("Shared footer text 2021", site="a") == 2
    assert restored.count("Alpha line here", site="a") == 1
    assert restored.documents("a") == 2
    assert restored.count("Never seen", site="a") == 0


def test_windows_newlines_and_no_blank_lines_give_same_result():
    text = _seed("002")
    plain = clean_text(text)
    crlf = clean_text(text.replace("\n", "\r\n"))
    assert (crlf.title, crlf.body, crlf.standfirst) == (plain.title, plain.body, plain.standfirst)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n \t ",
        "\x00\x01\x02\ufffd" * 1000,
        bytes(random.Random(1).randrange(256) for _ in range(20000)).decode("latin-1"),
        "word " * 400_000,  # one 2 MB line
        "A single sentence with no newline at all, which is all there is to read here.",
        "§$%&/()=?" * 500 + "\n" + "|" * 3000,
    ],
    ids=["empty", "blank", "control", "binary", "huge-line", "one-line", "symbols"],
)
def test_bad_input_never_crashes(text):
    doc = clean_text(text)
    assert isinstance(doc.body, str)
    assert doc.extractor == "newsweave-text"


def test_no_newlines_keeps_the_prose():
    text = " ".join(SENTENCES)
    assert clean_text(text).body == text


def test_non_english_article():
    text = "\n".join(
        [
            "Startseite | Politik | Wirtschaft | Sport | Kultur",
            "Stadtrat beschließt neuen Haushalt",
            "Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt für das "
            "kommende Jahr beschlossen, wie die Verwaltung mitteilte.",
            "Die Opposition stimmte dagegen und kritisierte, dass die Ausgaben für Schulen und "
            "Straßen nicht ausreichen würden, um die Probleme der Stadt zu lösen.",
            "Die Bürgermeisterin zeigte sich mit dem Ergebnis zufrieden und kündigte an, dass der "
            "Plan im Frühjahr noch einmal überprüft werden soll.",
            "Teilen Facebook Twitter E-Mail",
            "© 2024 Beispiel Zeitung",
        ]
    )
    doc = clean_text(text)
    assert doc.title == "Stadtrat beschließt neuen Haushalt"
    assert doc.body.startswith("Der Stadtrat hat am Dienstag")
    assert doc.body.endswith("überprüft werden soll.")
    assert "Facebook" not in doc.body and "©" not in doc.body


def test_japanese_article_is_measured_by_characters():
    # each sentence is under 70 characters, but CJK characters carry a word's worth of text
    text = "\n".join(
        [
            "ホーム | 政治 | 経済 | スポーツ | 文化",
            "市議会が新年度予算を可決",
            "市議会は火曜日、長い議論の末に来年度の予算案を賛成多数で可決した。",
            "野党は学校や道路への支出が不十分だとして反対票を投じた。",
            "市長は結果に満足していると述べ、春に計画を見直す考えを示した。",
            "地元の経済団体は決定を歓迎したが、来年の増税を懸念する声もある。",
            "Facebook Twitter",
            "© 2024 サンプル新聞",
        ]
    )
    for use_model in (False, True):
        doc = clean_text(text, use_model=use_model)
        assert doc.title == "市議会が新年度予算を可決"
        assert doc.body.startswith("市議会は火曜日")
        assert doc.body.endswith("懸念する声もある。")
        assert "Twitter" not in doc.body and "©" not in doc.body


def test_huge_line_of_prose_is_kept_whole():
    text = " ".join(SENTENCES) * 3000  # one line of about 2 MB
    doc = clean_text(text)
    assert doc.body == text


def test_line_model_ships_and_changes_scores():
    from newsweave.clean.text import line_probabilities
    from newsweave.clean.text_model import FEATURES, MODEL_FILE, SECOND, load_line_model

    model = load_line_model()
    assert model is not None and model.features == FEATURES
    assert model.second is not None and model.second.features == FEATURES + SECOND
    path = Path(__file__).resolve().parents[1] / "src" / "newsweave" / "data" / MODEL_FILE
    assert path.stat().st_size < 1_000_000
    lines, probs = line_probabilities(_seed("002"), model)
    assert len(lines) == len(probs) and ((probs >= 0) & (probs <= 1)).all()
    by_line = dict(zip(lines, probs, strict=True))
    # furniture scores low, article prose high
    assert by_line["SAVE 25%"] < 0.5
    prose = next(line for line in lines if line.startswith("President Vladimir Putin and US"))
    assert by_line[prose] > 0.5


def test_rules_only_mode_still_cleans_seeds():
    doc = clean_text(_seed("004"), use_model=False)
    title, first, last = EXPECTED["004"]
    assert doc.title == title
    assert doc.body.startswith(first) and doc.body.endswith(last)


def test_page_features_place_lines_against_headline_and_prose():
    import numpy as np

    from newsweave.clean.text import feature_rows
    from newsweave.clean.text_model import FEATURES

    lines, rows = feature_rows(_seed("001"))
    column = {name: rows[:, FEATURES.index(name)] for name in FEATURES}
    # the page prints its headline twice: lines are placed relative to the first of the two
    headline = lines.index("Russia, US agree joint push for peace in Syria")
    assert column["repeats"][headline] > 0
    assert column["from_headline"][headline] == 0
    assert (np.diff(column["from_headline"]) > 0).all()
    # prose still to come only shrinks down the page, and is gone after the last paragraph
    assert (np.diff(column["prose_after"]) <= 0).all()
    assert column["prose_after"][-1] == 0
    # a page that never repeats a title-like line has no headline to measure from
    _, single = feature_rows("Council passes budget\n" + "\n".join(SENTENCES))
    assert np.isnan(single[:, FEATURES.index("from_headline")]).all()


def test_wire_captions_gallery_counters_and_inline_links_are_removed():
    from newsweave.clean.text_rules import classify_noise

    no_stopwords: frozenset[str] = frozenset()
    assert classify_noise("In this Dec. 12, 2006, file photo, the minister speaks in Brussels.",
                          no_stopwords) == "caption"
    assert classify_noise("1 of 4 Police officers stand guard outside the court.", no_stopwords) == "caption"
    assert classify_noise("Related: Council passes budget after long debate", no_stopwords) == "inline-link"
    for prose in ("In this town, 2006 was a hard year for everyone who worked at the mill.",
                  "He won 3 of 4 games on Sunday, the club said in a statement.",
                  "More than 40 people were killed: officials said the toll could rise.",
                  "In this 2015 photo shoot the actress said she was tired of it all."):
        assert classify_noise(prose, no_stopwords) is None, prose


def test_what_widgets_say_about_themselves_is_furniture():
    from newsweave.clean.text_rules import classify_noise

    no_stopwords: frozenset[str] = frozenset()
    for line in ("Media playback is unsupported on your device",
                 "These are external links and will open in a new window",
                 "To view this video please enable JavaScript, and consider upgrading to a web browser",
                 "Your browser does not support the video tag."):
        assert classify_noise(line, no_stopwords) == "widget", line
    assert classify_noise("Share this with", no_stopwords) == "section-label"
    for share in ("Share this with Twitter", "Close share panel", "Share this with WhatsApp"):
        assert classify_noise(share, no_stopwords) == "share", share
    for prose in ("The minister said the browser war was over and the market would open again.",
                  "Critics said the new rules would open a window for abuse, the paper reported.",
                  "Share prices fell on Monday after the bank warned of losses."):
        assert classify_noise(prose, no_stopwords) is None, prose


def test_error_messages_of_a_sites_scripts_are_furniture_but_warnings_in_prose_are_not():
    from newsweave.clean.text_rules import classify_noise

    no_stopwords: frozenset[str] = frozenset()
    for line in ("Strict Standards: Non-static method nggGallery::get_option() should not be called statically "
                 "in /www/htdocs/w00a2ebd/wp-content/plugins/nextgen-gallery/nggfunctions.php on line 813",
                 r"Notice: Undefined index: page in C:\xampp\htdocs\news\index.php on line 3",
                 "Deprecated: Function split() is deprecated in /var/www/inc/func.inc on line 12"):
        assert classify_noise(line, no_stopwords) == "server error", line
    for prose in ("Warning: the storm will reach the coast in the afternoon, officials said.",
                  "Notice: the office stays closed in /summer on line 3 of the timetable, he said."):
        assert classify_noise(prose, no_stopwords) != "server error", prose


def test_second_pass_reads_teaser_runs_bios_and_first_pass_block():
    import numpy as np

    from newsweave.clean.text import second_rows
    from newsweave.clean.text_model import SECOND

    teasers = [
        "Police Arrest Two After Weekend Shooting Downtown",
        "City Council Approves New Stadium Funding Plan",
        "Storm Knocks Out Power For Thousands Of Homes",
    ]
    bio = "Jane Doe is a senior correspondent for the paper, covering city hall."
    text = "\n".join([*SENTENCES[:4], bio, *teasers])
    first = np.array([0.9, 0.9, 0.9, 0.9, 0.6, 0.2, 0.2, 0.2])
    rows = second_rows(text, first)
    column = {name: rows[:, SECOND.index(name)] for name in SECOND}
    assert np.array_equal(column["p"], first)
    assert column["bio"].tolist() == [0, 0, 0, 0, 1, 0, 0, 0]
    assert column["headline_shape"].tolist() == [0, 0, 0, 0, 0, 1, 1, 1]
    # three teasers in a row: each sees all of them; the prose sees none
    assert column["headline_run"][-3:].tolist() == [3, 3, 3]
    assert column["headline_run"][0] == 0
    # the block decoded from the first pass spans the prose; the teasers lie after it
    assert column["in_block2"][:4].tolist() == [1, 1, 1, 1]
    assert (column["block2_after"][-3:] > 0).all()
    assert column["p_prose_after"][-1] == pytest.approx(0)


class _FixedModel:
    """A stand-in line model that gives each line a set probability (no second pass)."""

    second = None

    def __init__(self, probs: list[float]) -> None:
        self.probs = probs

    def predict(self, rows):
        import numpy as np

        assert len(rows) == len(self.probs)
        return np.array(self.probs, dtype=float)


ITEMS = [
    "1) A starter set of building bricks with 500 pieces",
    "2) An electric racing track for two players",
    "3) The complete box set of a detective series on DVD",
    "4) A portable drum kit with seven pads",
]


def test_block_carries_on_over_an_introduced_list_and_likely_closing_lines():
    prose = SENTENCES[:6]
    footer = "Sign up for our weekly newsletter and never miss a story again"
    with_intro = [*prose, "Here are our picks for the holidays:", *ITEMS, footer]
    probs = [0.95] * 6 + [0.3] + [0.2] * 4 + [0.05]
    body = clean_text("\n".join(with_intro), model=_FixedModel(probs)).body
    assert all(item in body for item in ITEMS)
    assert "our picks" in body and footer not in body
    # the same lines without a colon to introduce them are not the article's list
    no_intro = [*prose, "Gift ideas", *ITEMS, footer]
    body = clean_text("\n".join(no_intro), model=_FixedModel(probs)).body
    assert not any(item in body for item in ITEMS)
    # a likely short line right after the last paragraph stays; an unlikely one does not
    closing = [*prose, "That was the end of it.", "Share this"]
    body = clean_text("\n".join(closing), model=_FixedModel([0.95] * 6 + [0.6, 0.6])).body
    assert body.endswith("That was the end of it.")
    body = clean_text("\n".join(closing), model=_FixedModel([0.95] * 6 + [0.2, 0.6])).body
    assert body.endswith(prose[-1])


def test_comment_headers_are_told_from_prose_introducing_a_quote():
    from newsweave.clean.text_rules import classify_noise

    no_stopwords: frozenset[str] = frozenset()
    for header in ("jdoe says:", "13. C. M. says:", "Damon Otter said:",
                   "* Catherine (GiveWell) on September 13, 2018 at 5:23 pm said:"):
        assert classify_noise(header, no_stopwords) == "comments", header
    for prose in ("Playboy founder Hugh Hefner said:", "The minister said:",
                  "Asked if that gave him pause for issuing new rules, he replied:",
                  "Pensioner Bayram-aga, a voter in Ashgabat, said:"):
        assert classify_noise(prose, no_stopwords) is None, prose


def test_news_sentences_that_share_words_with_furniture_are_kept():
    from newsweave.clean.text_rules import classify_noise

    no_stopwords: frozenset[str] = frozenset()
    for prose in ("Upon sighting the chopper, the pirates abandoned their plans to hijack the vessel.",
                  "Once installed, the software steals login credentials for online games.",
                  '"Normally you would expect to see one major break per cable per year.',
                  "Top-ranked North Carolina waited for its star to make history, then cruised.",
                  '"I don\'t want to comment in that direction."'):
        assert classify_noise(prose, no_stopwords) is None, prose
    assert classify_noise("icon cameraicon checkicon chevron downicon closeicon mailicon shareicon",
                          no_stopwords) == "icon-list"
    assert classify_noise("Already a subscriber? Log in", no_stopwords) == "subscription"


def test_a_quote_introduced_mid_article_does_not_end_it():
    paragraphs = [
        "The pin-up model who helped set the stage for a cultural revolution has died in a Los Angeles hospital, her agent said on Friday.",
        "She had been in hospital for three weeks with pneumonia and was about to be released when she suffered a heart attack.",
        "Her photographs appeared in magazines across the country and made her a cult figure decades after she left the public eye.",
        "Playboy founder Hugh Hefner said:",
        '"She was a remarkable lady, an iconic figure in pop culture who influenced sexuality and taste in fashion."',
        "Her career began in October 1950 when she took a break from her job as a secretary in a New York office.",
        "She moved to Florida in 1957 and later said she was glad to have left the business behind her for good.",
    ]
    cleaned = clean_text("\n".join(paragraphs))
    assert paragraphs[-1] in cleaned.body
    assert "Playboy founder Hugh Hefner said:" in cleaned.body


@pytest.mark.parametrize(
    ("language", "line", "reason"),
    [
        ("fr", "Publié le 9 juin 2019", "date"),
        ("de", "Redaktion - 31. Januar 2022", "date"),
        ("es", "Publicado el 27 de agosto de 2019", "date"),
        # month names that are ordinary words count only inside a whole date
        ("de", "Der Mai ist gekommen, die Bäume schlagen aus", None),
        ("fr", "Le 9 juin 2019, le président a annoncé une réforme importante des retraites", None),
        ("en", "Mars 2020 mission launches", None),
    ],
)
def test_date_lines_in_other_languages(language: str, line: str, reason: str | None) -> None:
    from newsweave.clean.text import _stopwords
    from newsweave.clean.text_rules import classify_noise

    assert classify_noise(line, _stopwords(language)) == reason
