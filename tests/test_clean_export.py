"""Export records: the exporter's text kept, flattened photo galleries taken out."""

import pytest

from newsweave.clean.export import clean_record

BEFORE = "At least five people died when a tram overturned in Croydon on Wednesday."
AFTER = "It is believed to be the first fatal tram crash since 1959."
GALLERY = (
    "UK news in pictures 4 show all UK news in pictures "
    "1/4 The Palm House is illuminated as Kew Gardens launch their trail Getty "
    "2/4 Veterans wait on Horse Guards Parade for the ceremony Reuters "
    "3/4 Theresa May lays a wreath at the Cenotaph Getty "
    "4/4 The Lord Mayor's carriage arrives outside the Royal Courts of Justice Getty"
)


def test_a_flattened_gallery_goes_to_removed_and_the_article_closes_over_it():
    cleaned = clean_record(f"{BEFORE} {GALLERY} {AFTER}")
    assert cleaned.body == f"{BEFORE} {AFTER}"
    assert [(line.reason, line.text) for line in cleaned.removed] == [("gallery", GALLERY)]


def test_the_last_caption_stays_when_its_credit_is_not_one_the_gallery_used():
    gallery = GALLERY.replace("Royal Courts of Justice Getty", "Royal Courts of Justice James Long")
    cleaned = clean_record(f"{BEFORE} {gallery} {AFTER}")
    assert "Kew Gardens" not in cleaned.body and "Theresa May" not in cleaned.body
    assert cleaned.body.startswith(BEFORE) and cleaned.body.endswith(AFTER)


@pytest.mark.parametrize("text", [
    "Labour won 1/3 of the seats, the Greens 2/3 of theirs, and the turnout rose 3/4 of a point.",
    "The share rose from 1/3 to 2/3 and then 3/3 of the vote in the district.",
    "In 1/4 of cases, 2/4 of them, 3/4 and 4/4 were fine.",
])
def test_fractions_and_scores_are_not_a_gallery(text):
    cleaned = clean_record(text)
    assert cleaned.body == text and cleaned.removed == []


def test_paragraphs_of_the_export_are_kept():
    cleaned = clean_record("First paragraph.\n\nSecond paragraph.", title="T")
    assert cleaned.body == "First paragraph.\n\nSecond paragraph." and cleaned.title == "T"


def test_a_gallery_of_one_caption_per_paragraph_goes_and_the_paragraphs_around_it_stay():
    captions = "\n\n".join(GALLERY.replace(" 1/4", "\n\n1/4").replace(" 2/4", "\n\n2/4")
                           .replace(" 3/4", "\n\n3/4").replace(" 4/4", "\n\n4/4").split("\n\n"))
    cleaned = clean_record(f"{BEFORE}\n\n{captions}\n\n{AFTER}")
    assert cleaned.body == f"{BEFORE}\n\n{AFTER}"
    assert [line.text for line in cleaned.removed] == [GALLERY]


def test_the_label_of_a_lead_picture_before_the_dateline_goes():
    cleaned = clean_record("Photo LONDON -- At least seven people were killed.\n\nMore followed.")
    assert cleaned.body.startswith("LONDON -- At least seven")
    assert [(line.reason, line.text) for line in cleaned.removed] == [("media label", "Photo")]
    assert clean_record("Photo Booth Inc. said on Monday it would close.").body.startswith("Photo Booth")


def test_photo_credits_in_parentheses_go_but_agency_datelines_and_acronyms_stay():
    cleaned = clean_record("BEIRUT (Reuters) - Smoke rose (AFP/Getty Images) over the city (Photo: Getty Images), "
                           "the EU said (EU/UK) on Monday (Paulo Whitaker/Pool via AP).")
    assert cleaned.body == "BEIRUT (Reuters) - Smoke rose over the city, the EU said (EU/UK) on Monday."
    assert [line.text for line in cleaned.removed if line.reason == "photo credit"] == [
        "(AFP/Getty Images)", "(Photo: Getty Images)", "(Paulo Whitaker/Pool via AP)"]


def test_a_link_to_another_story_run_into_the_text_goes():
    text = ("The FBI said it had nothing to add. 'The FBI is Trumpland': anti-Clinton atmosphere spurred "
            "leaking, sources say Read more The statement came on Sunday. She wanted to read more. Read more here.")
    cleaned = clean_record(text)
    assert cleaned.body == ("The FBI said it had nothing to add. The statement came on Sunday. "
                            "She wanted to read more. Read more here.")
    assert [(line.reason, line.text) for line in cleaned.removed] == [
        ("inline-link", "'The FBI is Trumpland': anti-Clinton atmosphere spurred leaking, sources say Read more")]


def test_a_newsletter_form_run_into_the_text_goes_but_an_article_about_newsletters_stays():
    form = ("Get the Morning Briefing by Email, delivered to your inbox. Please verify you're not a robot by "
            "clicking the box. Invalid email address. Please re-enter. Thank you for subscribing. "
            "An error has occurred. Please try again later.")
    cleaned = clean_record(f"{BEFORE} {form} {AFTER}")
    assert cleaned.body == f"{BEFORE} {AFTER}"
    assert [(line.reason, line.text) for line in cleaned.removed] == [("subscription", form)]
    about = ("Substack lets writers send newsletters by email. Readers subscribe for $5 a month. "
             "The company said more people signed up this year. Its inbox app is popular.")
    assert clean_record(about).body == about


def test_a_sign_up_widget_flattened_without_sentence_ends_goes_from_the_lead():
    """The Mirror's widget ran into the first sentence ("… try again later Invalid Email Christian
    Horner, the Red Bull team principal, …"), so "Invalid Email" was a person and the lead a form."""
    form = ("Get daily updates directly to your inbox + Subscribe Thank you for subscribing! Could not "
            "subscribe, try again later Invalid Email")
    lead = "Christian Horner, the Red Bull team principal, has praised Max Verstappen's drive."
    cleaned = clean_record(f"{form} {lead} {AFTER}")
    assert cleaned.body == f"{lead} {AFTER}"
    assert [(line.reason, line.text) for line in cleaned.removed] == [("subscription", form)]
    advice = "Get the app to read news in your inbox. If it fails, try again later. Invalid entries are dropped."
    assert clean_record(advice).body == advice


def test_a_teaser_run_into_the_lead_before_the_standfirst_words_goes():
    """A Daily Mail export opens with its bullet point glued to the lead: the one-line summary read
    "… at the Brazil Grand Prix Christian Horner, the Red Bull team principal, has described …"."""
    standfirst = "Christian Horner, the Red Bull team principal, has described the drive as special."
    teaser = "Max Verstappen produced a flourish to finish third at the Brazil Grand Prix"
    lead = "Christian Horner, the Red Bull team principal, has described Verstappen's drive as special."
    cleaned = clean_record(f"{teaser} {lead} {AFTER}", standfirst=standfirst)
    assert cleaned.body == f"{lead} {AFTER}"
    assert [(line.reason, line.text) for line in cleaned.removed] == [("teaser", teaser)]
    dateline = f"Sao Paulo, Brazil, Sunday, Nov. 13, 2016. (AP) -- {lead}"  # a sentence end: no teaser
    assert clean_record(dateline, standfirst=standfirst).body == dateline


def test_the_copyright_notice_a_syndicated_story_ends_with_goes_but_prose_about_copyright_stays():
    notice = ("Copyright 2016 The Associated Press. All rights reserved. "
              "This material may not be published, broadcast, rewritten or redistributed.")
    cleaned = clean_record(f"{BEFORE} {AFTER} {notice}")
    assert cleaned.body == f"{BEFORE} {AFTER}"
    assert [(line.reason, line.text) for line in cleaned.removed] == [("legal", notice)]
    for prose in ("He won. The court agreed on copyright.", "He won. The songs may not be published until 2030."):
        assert clean_record(prose).body == prose


def test_the_mark_where_a_news_api_cut_the_text_goes_but_brackets_in_prose_stay():
    cut = f"{BEFORE} The move comes… [+5321 chars]"
    cleaned = clean_record(cut)
    assert cleaned.body == f"{BEFORE} The move comes"
    assert [(line.reason, line.text) for line in cleaned.removed] == [
        ("text cut short by the exporter", "… [+5321 chars]")]
    prose = f"{BEFORE} The limit is [+280 chars] per post, he said."
    assert clean_record(prose).body == prose


def test_error_messages_of_the_sites_scripts_go():
    error = "Warning: mysql_connect(): Access denied in /home/courier/public_html/db.php on line 5"
    cleaned = clean_record(f"{error}\n\n{BEFORE}\n\n{AFTER}")
    assert cleaned.body == f"{BEFORE}\n\n{AFTER}"
    assert [(line.reason, line.text) for line in cleaned.removed] == [("server error", error)]


def test_share_buttons_run_into_the_text_go_and_the_sub_headline_before_them_is_the_standfirst():
    bar = ("Click to share on WhatsApp (Opens in new window) Click to share on Facebook (Opens in new window) "
           "Click to share on Twitter (Opens in new window)")
    sub_headline = "The other three people killed have now been named as Donald Collett, Philip Logan and Robert Huxley"
    cleaned = clean_record(f"{sub_headline} {bar} {BEFORE} {AFTER}")
    assert cleaned.body == f"{BEFORE} {AFTER}"
    assert cleaned.standfirst == sub_headline
    assert [(line.reason, line.text) for line in cleaned.removed] == [("standfirst", sub_headline), ("share", bar)]
    exported = clean_record(f"{sub_headline} {bar} {BEFORE}", standfirst="Three victims were named.")
    assert exported.standfirst == "Three victims were named." and exported.body == BEFORE
    # a bar after the first sentences leaves them in the body
    assert clean_record(f"{BEFORE} {bar} {AFTER}").body == f"{BEFORE}\n\n{AFTER}"
