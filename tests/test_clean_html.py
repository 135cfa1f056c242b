"""Behaviour of the HTML cleaning stage (newsweave.clean.html)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsweave.clean.html import clean_html

ARTICLE_PARAGRAPHS = [
    "The harbour authority of Port Averill confirmed on Tuesday that the northern breakwater "
    "will be rebuilt after two winters of storm damage left large sections unsafe for walkers.",
    "Engineers said the new structure would use interlocking concrete units that dissipate wave "
    "energy more effectively than the granite blocks laid down in the nineteenth century.",
    "\u201cWe have patched this wall for years, and every spring the sea takes back what we "
    "fixed,\u201d said Miriam Okafor, the authority\u2019s chief engineer, at a briefing.",
    "Local fishing crews welcomed the decision but asked for the work to be scheduled outside "
    "the autumn season, when most boats land their largest catches of the year.",
    "The council expects construction to begin next March and to last about eighteen months, "
    "with the promenade reopening in stages as each section is completed and inspected.",
]
TITLE = "Port Averill to rebuild storm-battered breakwater"
DESCRIPTION = (
    "A decades-old sea wall will be replaced after repeated winter storms, with work planned "
    "around the fishing season."
)


def article_page(published: str = "2021-03-09T08:30:00+00:00") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>{TITLE} | Coastal Courier</title>
  <meta property="og:title" content="{TITLE}">
  <meta property="og:site_name" content="Coastal Courier">
  <meta name="description" content="{DESCRIPTION}">
  <link rel="canonical" href="https://courier.example.org/news/breakwater-rebuild">
  <script type="application/ld+json">
  {{"@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "{TITLE}",
    "datePublished": "{published}",
    "author": {{"@type": "Person", "name": "Daniel Whitcombe"}},
    "publisher": {{"@type": "Organization", "name": "Coastal Courier"}}}}
  </script>
</head>
<body>
  <header class="site-header">
    <nav class="main-nav"><ul>
      <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
      <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
    </ul></nav>
  </header>
  <main>
    <article>
      <h1>{TITLE}</h1>
      <p class="byline">By <span class="author">Daniel Whitcombe</span></p>
      <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a></div>
      <div class="article-body">
        {body}
      </div>
    </article>
    <section id="comments" class="comments">
      <h3>Comments (2)</h3>
      <div class="comment"><p>Harbourwatcher99: About time, the wall has been a disgrace for
      years and nobody listened to us.</p></div>
      <div class="comment"><p>SeaGull: Will the car park stay open during the works?</p></div>
    </section>
  </main>
  <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Lifeboat crew honoured</a></li>
  <li><a href="/b">Ferry timetable changes</a></li></ul></aside>
  <footer class="site-footer"><p>Copyright 2021 Coastal Courier Ltd. All rights reserved.</p>
  <p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body>
</html>"""


@pytest.fixture(scope="module")
def article():
    return clean_html(article_page(), url="https://courier.example.org/news/breakwater-rebuild")


def test_body_keeps_the_article(article):
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in article.body
    assert article.body.split("\n\n")[0] == ARTICLE_PARAGRAPHS[0]
    assert article.extractor.startswith("trafilatura ")


def test_body_drops_boilerplate(article):
    for boilerplate in ("Sport", "Share on Facebook", "Harbourwatcher99", "car park",
                        "Most read", "Ferry timetable", "All rights reserved", "Privacy policy"):
        assert boilerplate not in article.body
    assert TITLE not in article.body


def test_removed_lists_boilerplate_with_reasons(article):
    reasons = {line.text: line.reason for line in article.removed}
    assert reasons.get("Weather") == "navigation"
    assert any("Harbourwatcher99" in text and reason == "comments"
               for text, reason in reasons.items())
    assert all(p not in reasons for p in ARTICLE_PARAGRAPHS)


def test_metadata(article):
    assert article.title == TITLE
    assert article.standfirst == DESCRIPTION
    assert article.hints["published"] == "2021-03-09"
    assert article.hints["published_source"] == "html-meta"
    assert article.hints["authors"] == ["Daniel Whitcombe"]
    assert article.hints["sitename"] == "Coastal Courier"
    assert article.hints["language"] == "en"
    assert article.hints["canonical_url"] == "https://courier.example.org/news/breakwater-rebuild"


def test_standfirst_none_when_it_repeats_the_lead():
    page = article_page().replace(DESCRIPTION, ARTICLE_PARAGRAPHS[0][:150] + "...")
    assert clean_html(page).standfirst is None


def test_date_from_url_only():
    page = article_page().replace('"datePublished": "2021-03-09T08:30:00+00:00",', "")
    doc = clean_html(page, url="https://courier.example.org/2020/11/05/breakwater-rebuild")
    assert doc.hints["published"] == "2020-11-05"
    assert doc.hints["published_source"] == "url"


def test_future_date_dropped():
    future = (datetime.now(UTC) + timedelta(days=400)).strftime("%Y-%m-%dT10:00:00+00:00")
    doc = clean_html(article_page(published=future))
    published = doc.hints.get("published")
    assert published is None or published <= datetime.now(UTC).strftime("%Y-%m-%d")
    assert not future.startswith(published or "x")


def test_implausible_authors_are_dropped():
    page = article_page().replace('"name": "Daniel Whitcombe"', '"name": "Coastal Courier Staff"')
    page = page.replace('<span class="author">Daniel Whitcombe</span>', "Staff")
    assert clean_html(page).hints.get("authors", []) == []


def test_fallback_when_trafilatura_finds_nothing(monkeypatch):
    import newsweave.clean.html as html_module

    monkeypatch.setattr(html_module, "_trafilatura", lambda tree, url: None)
    doc = clean_html(article_page())
    assert doc.extractor.startswith("readability-lxml ")
    assert ARTICLE_PARAGRAPHS[2] in doc.body
    assert "Privacy policy" not in doc.body


@pytest.mark.parametrize(
    "garbage",
    ["", "   \n ", "plain words, no markup at all", "\x00\x01\x02\ufffd\ufffd binary \x7f" * 50,
     "<html><body></body></html>", "<<<>>><div><p>unclosed", "<p>" * 5000],
)
def test_garbage_does_not_crash(garbage):
    doc = clean_html(garbage)
    assert isinstance(doc.body, str)
    if not doc.body:
        assert doc.extractor == "none"


def test_huge_page():
    page = article_page().replace(
        "<footer", "<div class='related'>" + "<p>Related headline text here</p>" * 20000 + "</div><footer"
    )
    doc = clean_html(page)
    assert ARTICLE_PARAGRAPHS[0] in doc.body
    assert len(doc.removed) <= 500


def test_page_date_with_an_unknown_zone_name_prints_no_warning() -> None:
    """htmldate hands "GST" to dateutil, whose warning would land on the user's terminal."""
    import warnings

    import lxml.html

    from newsweave.clean.html_dates import find_page_dates

    page = lxml.html.fromstring(
        '<html><head><meta property="article:published_time" content="2020-10-26 13:44 GST">'
        "</head><body><p>Text.</p></body></html>"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dates = find_page_dates(page, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert (dates.published, dates.published_source) == ("2020-10-26", "html-meta")


def test_gallery_captions_credits_and_buttons_leave_the_body():
    gallery = ["Miriam Okafor, left, and a council surveyor inspect the breakwater in Port Averill on "
               "Tuesday. The wall was first built in 1871. less",
               "Miriam Okafor, left, and a council surveyor inspect the breakwater in Port Averill ... more",
               "Photo: Jo Lindqvist, Coastal Courier", "Close"]
    page = article_page().replace('<div class="article-body">',
                                  '<div class="article-body">' + "".join(f"<p>{p}</p>" for p in gallery))
    cleaned = clean_html(page, url="https://courier.example.org/news/breakwater-rebuild")
    assert cleaned.body.split("\n\n")[0] == ARTICLE_PARAGRAPHS[0]
    assert all(p in cleaned.body for p in ARTICLE_PARAGRAPHS)
    removed = {line.text for line in cleaned.removed}
    assert all(p in removed for p in gallery)


def test_a_date_line_above_and_a_link_below_the_article_leave_the_body():
    top, bottom = "January 22, 2014", "https://courier.example.org/news"
    table_row = "| North arm | 420 m | 1871 |"
    page = article_page().replace('<div class="article-body">', f'<div class="article-body"><p>{top}</p>')
    page = page.replace(f"<p>{ARTICLE_PARAGRAPHS[2]}</p>", f"<p>{ARTICLE_PARAGRAPHS[2]}</p><p>{table_row}</p>")
    page = page.replace(f"<p>{ARTICLE_PARAGRAPHS[-1]}</p>", f"<p>{ARTICLE_PARAGRAPHS[-1]}</p><p>{bottom}</p>")
    cleaned = clean_html(page, url="https://courier.example.org/news/breakwater-rebuild")
    paragraphs = cleaned.body.split("\n\n")
    assert paragraphs[0] == ARTICLE_PARAGRAPHS[0] and paragraphs[-1] == ARTICLE_PARAGRAPHS[-1]
    assert table_row in paragraphs  # inside the article, a short row stays
    assert {top, bottom} <= {line.text for line in cleaned.removed}
    # a short opening sentence that gives a date is the article's, not a date line
    opening = "The wall was breached on 2 March 2021."
    page = article_page().replace('<div class="article-body">', f'<div class="article-body"><p>{opening}</p>')
    assert clean_html(page).body.startswith(opening)
    assert {top, bottom} <= {line.text for line in cleaned.removed}


HINDI_REPORT = [
    "वाणिज्य विभाग की ओर से सोमवार को जारी आंकड़ों के मुताबिक जनवरी में देश का निर्यात लगातार छठे महीने घटा है। "
    "इंजीनियरिंग के सामान, आभूषण और कपड़ों के निर्यात में गिरावट जारी रही, हालांकि पेट्रोलियम निर्यात में तेजी आई।",
    "व्यापार घाटा पिछले महीने की तुलना में थोड़ा कम हुआ और आयात में भी कमी दर्ज की गई।",
]
ENGLISH_DISCLAIMER = (
    "* Stock quotes delayed by 10 minutes or more. All information provided is on an as is basis and for "
    "information purposes only. Kindly consult your financial advisor before taking any investment decision.")


def _page_of(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def test_a_disclaimer_in_another_script_below_the_article_leaves_the_body():
    page = _page_of("जनवरी में लगातार छठे महीने निर्यात गिरा", [*HINDI_REPORT, ENGLISH_DISCLAIMER])
    cleaned = clean_html(page)
    assert cleaned.body.split("\n\n") == HINDI_REPORT
    assert ENGLISH_DISCLAIMER in {line.text for line in cleaned.removed}
    # under an English headline the article's script is unsure: nothing is cut for its script
    page = _page_of("Exports fall for a sixth month", [*HINDI_REPORT, ENGLISH_DISCLAIMER])
    assert clean_html(page).body.split("\n\n") == [*HINDI_REPORT, ENGLISH_DISCLAIMER]


PHP_ERRORS = [
    "Strict Standards: Non-static method nggGallery::get_option() should not be called statically in "
    "/www/htdocs/w00a2ebd/wp-content/plugins/nextgen-gallery/nggfunctions.php on line 813",
    "Warning: mysql_connect(): Access denied for user 'web'@'localhost' in /home/courier/public_html/db.php on line 5",
]


def test_error_messages_a_sites_scripts_print_into_the_page_leave_the_body():
    page = article_page().replace("<body>", "<body>" + "".join(f"<b>{e.split(':')[0]}</b>:{e.split(':', 1)[1]}<br />\n"
                                                               for e in PHP_ERRORS))
    page = page.replace('<div class="article-body">',
                        '<div class="article-body">' + "".join(f"<p>{e}</p>" for e in PHP_ERRORS))
    cleaned = clean_html(page, url="https://courier.example.org/news/breakwater-rebuild")
    assert cleaned.body.split("\n\n")[0] == ARTICLE_PARAGRAPHS[0]
    assert "on line" not in cleaned.body
    assert {e for e in PHP_ERRORS} <= {line.text for line in cleaned.removed}


def test_a_page_laid_out_in_a_table_reads_as_its_paragraphs():
    """Old news sites put each paragraph in a row of empty layout cells; a data table (two
    filled cells or more in a row) keeps its rows."""
    from newsweave.clean.html import _unwrap_layout_row

    rows = "".join(f"<tr><td></td><td></td><td>{p}</td><td></td></tr><tr><td></td><td></td><td></td></tr>"
                   for p in ARTICLE_PARAGRAPHS)
    page = article_page().split('<div class="article-body">')
    page = page[0] + f'<div class="article-body"><table>{rows}</table>' + page[1].split("</div>", 1)[1]
    cleaned = clean_html(page, url="https://courier.example.org/news/breakwater-rebuild")
    assert cleaned.body.split("\n\n") == ARTICLE_PARAGRAPHS
    assert _unwrap_layout_row("| North arm | 420 m |") == "| North arm | 420 m |"
    assert _unwrap_layout_row("| | Wednesday 02:45 PM English \\| Hindi | |") == "Wednesday 02:45 PM English | Hindi"
    assert _unwrap_layout_row("| | | |") == ""
    assert _unwrap_layout_row("| | | \\| | | | \\| | | |") == ""  # separators between empty menu cells


def test_a_malformed_address_is_no_address_not_an_error():
    page = _page_of("Breakwater rebuilt", ARTICLE_PARAGRAPHS).replace(
        "</title>", '</title><link rel="canonical" href="http://[broken/news">')
    cleaned = clean_html(page, url="http://[broken/2013/09/breakwater")
    assert cleaned.body.split("\n\n") == ARTICLE_PARAGRAPHS
    assert "sitename" not in cleaned.hints and "canonical_url" not in cleaned.hints


def test_an_article_nested_deeper_than_256_elements_is_kept():
    """libxml2 stops at 256 nested elements and silently drops the rest of the page: a page laid
    out in deeply nested tables or unclosed <div>s lost its whole article."""
    depth = 600
    page = _page_of("Breakwater rebuilt", ARTICLE_PARAGRAPHS).replace(
        "<article>", "<div>" * depth + "<article>").replace("</article>", "</article>" + "</div>" * depth)
    assert clean_html(page).body.split("\n\n") == ARTICLE_PARAGRAPHS
