"""The read stage: format detection, encodings and bad input."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.read import find_files, read_file
from newsweave.records import ReadError, SourceDocument

ARTICLE = "A headline\n\nThe minister said on Tuesday that talks would go on. “We will meet again,” she said.\n"
HTML = ("<!DOCTYPE html><html><head><title>Talks go on</title></head><body><article>"
        "<p>The minister said on Tuesday that talks would go on.</p></article></body></html>")


def _read(path: Path) -> list[SourceDocument | ReadError]:
    return list(read_file(path))


def test_plain_text_is_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, SourceDocument) and doc.kind == "text" and "talks would go on" in doc.content


def test_html_detected_from_content_not_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(HTML, encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, SourceDocument) and doc.kind == "html"


def test_encodings_are_decoded(tmp_path: Path) -> None:
    text = "Café “quoted” – naïve résumé said the minister in a long enough sentence for detection."
    for name, data in [("latin1.txt", "Café naïve résumé, said the minister, à Paris.".encode("latin-1")),
                       ("cp1252.txt", text.encode("cp1252")),
                       ("utf16.txt", text.encode("utf-16")),
                       ("utf16le.txt", text.encode("utf-16-le"))]:
        path = tmp_path / name
        path.write_bytes(data)
        [doc] = _read(path)
        assert isinstance(doc, SourceDocument), (name, doc)
        assert "Café" in doc.content, (name, doc.content)
    [doc] = _read(tmp_path / "cp1252.txt")
    assert "“quoted”" in doc.content


def test_empty_and_binary_files_are_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n\n ")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    for path, word in [(empty, "empty"), (blank, "empty"), (binary, "binary")]:
        [error] = _read(path)
        assert isinstance(error, ReadError) and word in error.reason and error.path == str(path)


def test_a_stray_nul_byte_in_a_text_loses_nothing_else(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><p>The minister said\x00 on Tuesday that talks would resume.</p></body></html>")
    [doc] = _read(page)
    assert not isinstance(doc, ReadError) and "said on Tuesday" in doc.content and "\x00" not in doc.content


def test_jsonl_maps_common_exports_and_reports_broken_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "One", "maintext": "Body one is here.", "date_publish": "2016-07-15 14:07:00",
                    "source_domain": "nytimes.com", "authors": ["Jane Doe"], "url": "https://x.org/1"}),
        "{broken json",
        json.dumps({"title": "Two", "text": "Body two.", "url": "https://x.org/2", "date": "2015-09-16"}),
        json.dumps({"title": "Three", "html": HTML, "url": "https://x.org/3"}),
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(path)
    docs = [item for item in items if isinstance(item, SourceDocument)]
    errors = [item for item in items if isinstance(item, ReadError)]
    assert [doc.fields.get("title") for doc in docs] == ["One", "Two", "Three"]
    assert docs[0].kind == "record" and docs[0].fields["outlet"] == "nytimes.com"
    assert docs[0].fields["authors"] == ["Jane Doe"] and docs[0].url == "https://x.org/1"
    assert docs[2].kind == "html"
    assert len(errors) == 1 and errors[0].member == "line 2" and "line 2" in errors[0].reason


def test_trafilatura_json_source_is_the_url_and_source_hostname_the_outlet(tmp_path: Path) -> None:
    # trafilatura's JSON output (output_format="json", with_metadata=True), as written by its CLI
    record = {"title": "One", "author": "Jane Doe; John Roe", "hostname": "example.org",
              "date": "2016-07-15", "text": "Body one is here.", "raw_text": "Body one is here.",
              "source": "https://www.example.org/news/1", "source-hostname": "The Example Times",
              "excerpt": "A summary.", "fingerprint": "f4972a18b20b49ab", "id": None}
    named_only = {"title": "Two", "text": "Body two.", "source": "Reuters"}
    path = tmp_path / "trafilatura.jsonl"
    path.write_text("\n".join(json.dumps(obj) for obj in (record, named_only)), encoding="utf-8")
    first, second = _read(path)
    assert isinstance(first, SourceDocument) and isinstance(second, SourceDocument)
    assert first.url == "https://www.example.org/news/1"
    assert first.fields["outlet"] == "The Example Times"
    assert first.fields["authors"] == ["Jane Doe", "John Roe"]
    assert first.fields["standfirst"] == "A summary."
    assert second.url is None and second.fields["outlet"] == "Reuters"


def test_schema_org_objects_give_their_names_and_urls(tmp_path: Path) -> None:
    # a NewsArticle as pages embed it in JSON-LD, dumped one per line
    article = {"@type": "NewsArticle", "headline": "One", "articleBody": "Body one is here.",
               "datePublished": "2016-09-09T18:00:00Z", "inLanguage": "en",
               "author": {"@type": "Person", "name": "Jane Doe"},
               "publisher": {"@type": "Organization", "name": "The Example Times"},
               "mainEntityOfPage": {"@type": "WebPage", "@id": "https://example.org/news/1"}}
    # the cc_news dataset's rows: the site in "domain"
    cc_news = {"title": "Two", "text": "Body two.", "domain": "example.org", "date": "2017-12-01 19:39:37",
               "description": "A summary.", "url": None, "image_url": "https://example.org/x.jpg"}
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(obj) for obj in (article, cc_news)), encoding="utf-8")
    first, second = _read(path)
    assert isinstance(first, SourceDocument) and isinstance(second, SourceDocument)
    assert first.url == "https://example.org/news/1" and first.fields["title"] == "One"
    assert first.fields["authors"] == ["Jane Doe"] and first.fields["outlet"] == "The Example Times"
    assert first.fields["language"] == "en" and first.fields["published"] == "2016-09-09T18:00:00Z"
    assert second.fields["outlet"] == "example.org" and second.fields["standfirst"] == "A summary."


def test_a_news_api_response_is_read_as_its_list_of_articles(tmp_path: Path) -> None:
    response = {"status": "ok", "totalResults": 2, "articles": [
        {"source": {"id": None, "name": "Associated Press"}, "author": "Zeke Miller", "title": "One",
         "url": "https://apnews.com/article/1", "publishedAt": "2023-11-15T20:30:00Z",
         "content": "Body one is here… [+5321 chars]"},
        {"source": {"id": None, "name": "BBC News"}, "title": "Two", "url": "https://www.bbc.co.uk/news/2"},
    ]}
    path = tmp_path / "response.json"
    path.write_text(json.dumps(response), encoding="utf-8")
    first, second = _read(path)
    assert isinstance(first, SourceDocument) and first.member == "record 1"
    assert first.fields["outlet"] == "Associated Press" and first.fields["published"] == "2023-11-15T20:30:00Z"
    assert first.url == "https://apnews.com/article/1" and first.fields["authors"] == ["Zeke Miller"]
    assert isinstance(second, ReadError) and second.member == "record 2" and "no article text" in second.reason


def test_gzip_and_truncated_gzip(tmp_path: Path) -> None:
    good = tmp_path / "a.txt.gz"
    good.write_bytes(gzip.compress(ARTICLE.encode()))
    [doc] = _read(good)
    assert isinstance(doc, SourceDocument) and doc.kind == "text"
    bad = tmp_path / "b.txt.gz"
    bad.write_bytes(gzip.compress(ARTICLE.encode() * 50)[:40])
    [error] = _read(bad)
    assert isinstance(error, ReadError) and "gzip" in error.reason


def test_warc_html_responses(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for index, (ctype, payload) in enumerate([("text/html; charset=utf-8", HTML.encode()),
                                              ("image/png", b"\x89PNG")]):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://example.org/{index}", "response",
                                           payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(record)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buffer.getvalue())
    [doc] = _read(path)
    assert isinstance(doc, SourceDocument) and doc.kind == "html" and doc.url == "https://example.org/0"


def test_a_truncated_archive_keeps_its_complete_records(tmp_path: Path) -> None:
    """A WARC or JSON-lines export cut short (a crawl or a download that died) keeps the articles
    before the cut; the one the cut went through is not stored as if it were whole."""
    def archive_of_four_pages(gzip_each_record: bool) -> bytes:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=gzip_each_record)
        for index in range(4):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            page = HTML.replace("Talks go on", f"Talks go on, day {index}") + " " * 3000
            writer.write_record(writer.create_warc_record(f"https://example.org/{index}", "response",
                                                          payload=io.BytesIO(page.encode()), http_headers=headers))
        return buffer.getvalue()

    archive = tmp_path / "crawl.warc.gz"
    data = archive_of_four_pages(True)
    # the last record loses its end, gzipped record by record or (as some tools do) as one stream
    for cut in (data[: len(data) - 200], gzip.compress(archive_of_four_pages(False))[:-30]):
        archive.write_bytes(cut)
        found = _read(archive)
        assert [doc.url for doc in found if isinstance(doc, SourceDocument)] == [f"https://example.org/{i}" for i in range(3)]
        assert "truncated gzip" in found[-1].reason and "before the cut" in found[-1].reason

    lines = "\n".join(json.dumps({"title": f"Story {i}", "text": f"Body number {i} " * 200, "url": f"https://x.org/{i}"})
                      for i in range(20))
    packed = gzip.compress(lines.encode())
    export = tmp_path / "export.jsonl.gz"
    export.write_bytes(packed[: len(packed) * 2 // 3])
    found = _read(export)
    docs = [item for item in found if isinstance(item, SourceDocument)]
    errors = [item for item in found if isinstance(item, ReadError)]
    assert 3 <= len(docs) < 20 and all(doc.fields["title"] == f"Story {i}" for i, doc in enumerate(docs))
    assert "truncated gzip" in errors[-1].reason


def test_vanished_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    [error] = _read(path)
    assert isinstance(error, ReadError) and "vanished" in error.reason
    files, errors, skipped = find_files([tmp_path / "nope", tmp_path])
    assert files == [] and len(errors) == 1 and "no such file" in errors[0].reason


def test_folder_walk_skips_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE)
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    files, errors, skipped = find_files([tmp_path])
    assert [f.name for f in files] == ["a.txt"] and [s.name for s in skipped] == ["photo.jpg"] and not errors


def test_folder_walk_reports_broken_links_and_named_pipes(tmp_path: Path) -> None:
    """A broken link or a named pipe among the articles is reported, not passed over in silence
    (and a pipe is never opened: reading one waits for a writer forever); the rest is read."""
    import os

    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "moved.txt").symlink_to(tmp_path / "elsewhere.txt")
    os.mkfifo(tmp_path / "stream.txt")
    (tmp_path / "loop").symlink_to(tmp_path)  # a link back up the tree is not followed
    files, errors, _ = find_files([tmp_path])
    assert [f.name for f in files] == ["a.txt"]
    reasons = {Path(e.path).name: e.reason for e in errors}
    assert reasons.keys() == {"moved.txt", "stream.txt"}
    assert "broken link" in reasons["moved.txt"] and "elsewhere.txt" in reasons["moved.txt"]
    assert "named pipe" in reasons["stream.txt"]
    [error] = find_files([tmp_path / "stream.txt"])[1]
    assert "named pipe" in error.reason


def test_a_browser_saved_pages_resource_folder_is_left_out(tmp_path: Path) -> None:
    """"Save page as… (complete)" writes Page.html and Page_files/ (scripts, styles, iframe
    pages of ads and widgets): only the page is an article."""
    (tmp_path / "Talks resume.html").write_text("<html><body><p>Article.</p></body></html>")
    resources = tmp_path / "Talks resume_files"
    resources.mkdir()
    (resources / "ad_iframe.html").write_text("<html><body>Buy now</body></html>")
    (resources / "app.js").write_text("var x = 1;")
    german = tmp_path / "Gespräche-Dateien"
    german.mkdir()
    (tmp_path / "Gespräche.htm").write_text("<html><body><p>Artikel.</p></body></html>")
    (german / "widget.html").write_text("<html></html>")
    notes = tmp_path / "research_files"  # no saved page beside it: a folder of the user's own
    notes.mkdir()
    (notes / "notes.txt").write_text("Interview notes.")
    files, errors, skipped = find_files([tmp_path])
    assert sorted(p.name for p in files) == ["Gespräche.htm", "Talks resume.html", "notes.txt"]
    assert errors == [] and skipped == []


def test_an_mhtml_page_saved_by_a_browser_is_read_with_its_address(tmp_path: Path) -> None:
    """Chrome's "Save as… single file": MIME multipart, the page quoted-printable, no charset."""
    import quopri

    page = ("<html><head><title>Russia Proposes Talks With U.S. Over Syria</title></head><body><article>"
            "<h1>Russia Proposes Talks With U.S. Over Syria</h1>"
            + "<p>Russia’s foreign minister, Sergey V. Lavrov, proposed military talks on Wednesday.</p>" * 3
            + "</article></body></html>")
    url = "https://www.nytimes.com/2015/09/17/world/middleeast/russia-syria.html"
    boundary = "----MultipartBoundary--Xy12----"
    body = quopri.encodestring(page.encode("utf-8")).decode("ascii")
    mhtml = (f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {url}\r\nSubject: Russia Proposes Talks\r\n"
             f'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n'
             f"\r\n\r\n--{boundary}\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
             f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {url}\r\n\r\n{body}\r\n"
             f"--{boundary}\r\nContent-Type: text/css\r\nContent-Location: https://www.nytimes.com/a.css\r\n\r\n"
             f"body {{ color: black; }}\r\n--{boundary}--\r\n")
    saved = tmp_path / "Russia Proposes Talks.mhtml"
    saved.write_bytes(mhtml.encode("ascii"))
    [doc] = list(read_file(saved))
    assert doc.kind == "html" and doc.url == url and "Russia’s foreign minister" in doc.content
    assert find_files([tmp_path])[0] == [saved]
    (tmp_path / "empty.mht").write_bytes('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
                                         "Content-Type: text/css\r\n\r\nbody {}\r\n--b--\r\n".encode("ascii"))
    [error] = list(read_file(tmp_path / "empty.mht"))
    assert "without an HTML part" in error.reason


def test_a_plain_html_file_named_mhtml_is_read_as_html(tmp_path: Path) -> None:
    page = tmp_path / "page.mhtml"
    page.write_text("<html><body><p>The talks resumed in Geneva on Monday.</p></body></html>")
    [doc] = list(read_file(page))
    assert doc.kind == "html" and "Geneva" in doc.content


def test_a_folder_that_cannot_be_listed_is_reported() -> None:
    """A folder that vanishes (or is locked) between being found and being listed is an error
    with its path, not silently nothing."""
    from newsweave.read import _walk

    errors: list = []
    assert _walk(Path("/nonexistent/newsweave-folder"), errors) == []
    assert [(e.path, "cannot read folder" in e.reason) for e in errors] == [("/nonexistent/newsweave-folder", True)]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Coastal Courier</title><link>https://courier.example.org/</link><language>en-gb</language>
<item><title>Port Averill to rebuild its breakwater</title><link>https://courier.example.org/news/1</link>
<pubDate>Tue, 09 Mar 2021 08:30:00 +0000</pubDate><dc:creator>Daniel Whitcombe</dc:creator>
<description>A sea wall will be replaced.</description>
<content:encoded><![CDATA[<p>The harbour authority confirmed on Tuesday that the breakwater will be rebuilt.</p>
<p>Engineers said the new wall would use interlocking concrete units.</p>]]></content:encoded></item>
<item><title>Ferry timetable changes</title><link>https://courier.example.org/news/2</link>
<pubDate>Wed, 10 Mar 2021 09:00:00 +0000</pubDate>
<description>The winter timetable starts on Monday, with fewer crossings.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Blog</title>
<entry><title>Breakwater works begin</title><link href="https://blog.example.org/works"/>
<updated>2021-04-01T10:00:00Z</updated><author><name>Jane Doe</name></author>
<content type="html">&lt;p&gt;Work on the breakwater began on Thursday.&lt;/p&gt;</content></entry>
</feed>"""


def test_a_feed_gives_its_items_with_text_and_reports_those_with_only_a_summary(tmp_path: Path) -> None:
    feed = tmp_path / "courier.xml"
    feed.write_text(RSS, encoding="utf-8")
    article, teaser = _read(feed)
    assert isinstance(article, SourceDocument) and article.kind == "record" and article.member == "item 1"
    assert article.content == ("The harbour authority confirmed on Tuesday that the breakwater will be rebuilt.\n\n"
                               "Engineers said the new wall would use interlocking concrete units.")
    assert article.url == "https://courier.example.org/news/1"
    assert article.fields["title"] == "Port Averill to rebuild its breakwater"
    assert article.fields["published"] == "2021-03-09T08:30:00+00:00"
    assert article.fields["authors"] == ["Daniel Whitcombe"] and article.fields["sitename"] == "Coastal Courier"
    assert article.fields["standfirst"] == "A sea wall will be replaced."
    assert isinstance(teaser, ReadError) and teaser.member == "item 2"
    assert "only a summary" in teaser.reason and "https://courier.example.org/news/2" in teaser.reason
    atom = tmp_path / "blog.atom"
    atom.write_text(ATOM, encoding="utf-8")
    [entry] = _read(atom)
    assert isinstance(entry, SourceDocument) and entry.content == "Work on the breakwater began on Thursday."
    assert entry.url == "https://blog.example.org/works" and entry.fields["authors"] == ["Jane Doe"]
    assert entry.fields["published"] == "2021-04-01T10:00:00+00:00"


def test_a_feed_with_no_items_is_an_error(tmp_path: Path) -> None:
    feed = tmp_path / "empty.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
                    encoding="utf-8")
    [error] = _read(feed)
    assert isinstance(error, ReadError) and "no items" in error.reason
    cut = tmp_path / "cut.xml"
    cut.write_text(RSS[:RSS.index("<content:encoded>")], encoding="utf-8")
    errors = _read(cut)
    assert errors and all(isinstance(e, ReadError) and "broken feed" in e.reason for e in errors)


def test_other_xml_is_reported_not_read_as_an_article(tmp_path: Path) -> None:
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       "<url><loc>https://courier.example.org/news/1</loc></url></urlset>", encoding="utf-8")
    [error] = _read(sitemap)
    assert isinstance(error, ReadError) and "no RSS or Atom feed" in error.reason


def _warc_bytes(url: str) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(HTML.encode()),
                                                  http_headers=headers))
    return buffer.getvalue()


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_archive_is_read_member_by_member(tmp_path: Path) -> None:
    path = tmp_path / "pile.zip"
    path.write_bytes(_zip_bytes({
        "pile/story.txt": ARTICLE.encode(),
        "pile/Page.html": HTML.encode(),
        "pile/Page_files/frame.html": HTML.encode(),  # the saved page's resources
        "pile/photo.jpg": b"\xff\xd8\xff\xe0",
        "pile/.DS_Store": b"\x00",
        "__MACOSX/pile/._story.txt": b"\x00",
        "pile/crawl.warc.gz": _warc_bytes("https://example.org/crawled"),
        "pile/empty.txt": b"",
        "pile/inner.zip": _zip_bytes({"a.txt": ARTICLE.encode()}),
    }))
    items = _read(path)
    docs = {item.member: item for item in items if isinstance(item, SourceDocument)}
    errors = {item.member: item.reason for item in items if isinstance(item, ReadError)}
    assert set(docs) == {"pile/story.txt", "pile/Page.html", "pile/crawl.warc.gz record 1 (https://example.org/crawled)"}
    assert all(doc.path == str(path) for doc in docs.values())
    assert docs["pile/story.txt"].kind == "text" and docs["pile/Page.html"].kind == "html"
    assert set(errors) == {"pile/empty.txt", "pile/inner.zip"} and "empty" in errors["pile/empty.txt"]


def test_a_wacz_web_archive_is_read_from_its_warc_files(tmp_path: Path) -> None:
    path = tmp_path / "collection.wacz"
    path.write_bytes(_zip_bytes({
        "datapackage.json": json.dumps({"profile": "data-package", "resources": []}).encode(),
        "pages/pages.jsonl": json.dumps({"url": "https://example.org/a", "title": "A"}).encode(),
        "archive/data.warc.gz": _warc_bytes("https://example.org/a"),
    }))
    [doc] = _read(path)
    assert isinstance(doc, SourceDocument) and doc.url == "https://example.org/a"
    assert doc.member == "archive/data.warc.gz record 1 (https://example.org/a)"


def test_a_broken_zip_archive_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(_zip_bytes({"a.txt": ARTICLE.encode() * 20})[:60])
    [error] = _read(path)
    assert isinstance(error, ReadError) and "zip" in error.reason


def test_a_wordpress_post_gives_its_text_without_markup(tmp_path: Path) -> None:
    # the WordPress REST API's /wp-json/wp/v2/posts, one post per line
    post = {"id": 7, "date": "2023-11-08T10:00:00", "link": "https://blog.example.org/?p=7&amp;lang=en",
            "title": {"rendered": "Kerry&#8217;s visit to <em>Moscow</em>"},
            "content": {"rendered": "<p>The talks began on Tuesday.</p>\n<p>They ended &amp; a plan was agreed.</p>",
                        "protected": False},
            "excerpt": {"rendered": "<p>Talks in Moscow.</p>"}, "author": 3}
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps(post), encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, SourceDocument) and doc.kind == "record"
    assert doc.content == "The talks began on Tuesday.\n\nThey ended & a plan was agreed."
    assert doc.fields["title"] == "Kerry’s visit to Moscow" and doc.fields["standfirst"] == "Talks in Moscow."
    assert "authors" not in doc.fields and doc.url == "https://blog.example.org/?p=7&amp;lang=en"


def test_warc_html_resource_records_are_read(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for index, ctype in enumerate(["text/html", "image/png"]):
        payload = HTML.encode() if ctype == "text/html" else b"\x89PNG"
        writer.write_record(writer.create_warc_record(f"https://example.org/saved/{index}", "resource",
                                                      payload=io.BytesIO(payload), warc_content_type=ctype))
    path = tmp_path / "saved.warc.gz"
    path.write_bytes(buffer.getvalue())
    [doc] = _read(path)
    assert isinstance(doc, SourceDocument) and doc.kind == "html" and doc.url == "https://example.org/saved/0"


def test_json_nested_too_deeply_is_an_error_for_its_line_only(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    good = json.dumps({"title": "One", "text": "The minister said on Tuesday that talks would resume."})
    path.write_text(good + "\n" + "[" * 100_000 + "]" * 100_000 + "\n" + good.replace("One", "Two") + "\n")
    items = _read(path)
    assert [type(item).__name__ for item in items] == ["SourceDocument", "ReadError", "SourceDocument"]
    assert "nested too deeply" in items[1].reason and items[1].member == "line 2"


def test_a_readers_unexpected_failure_costs_its_file_only(tmp_path: Path, monkeypatch) -> None:
    import newsweave.read as read

    def broken(*_args, **_kwargs):
        yield SourceDocument(path="a.txt", kind="text", content=ARTICLE)
        raise RuntimeError("a reader bug")

    monkeypatch.setattr(read, "_read_data", broken)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    document, error = _read(path)
    assert isinstance(document, SourceDocument)
    assert isinstance(error, ReadError) and "RuntimeError: a reader bug" in error.reason and error.path == str(path)


def test_a_zip_whose_directory_points_before_the_start_is_a_broken_member(tmp_path: Path) -> None:
    data = bytearray(_zip_bytes({"a.txt": ARTICLE.encode(), "b.txt": ARTICLE.encode()}))
    end = data.rfind(b"PK\x05\x06")  # the end record: where the central directory starts, at +16
    data[end + 16 : end + 20] = (int.from_bytes(data[end + 16 : end + 20], "little") + 100).to_bytes(4, "little")
    path = tmp_path / "pile.zip"
    path.write_bytes(bytes(data))
    errors = _read(path)
    assert errors and all(isinstance(e, ReadError) and "unreadable zip member" in e.reason for e in errors)


def test_a_feed_the_feed_parser_trips_on_is_a_broken_feed(tmp_path: Path) -> None:
    feed = tmp_path / "courier.rss"
    feed.write_text(RSS.replace("Coastal Courier", "Coastal Courier &#99999999;"), encoding="utf-8")
    [error] = _read(feed)
    assert isinstance(error, ReadError) and "broken feed" in error.reason


def _never_whole(monkeypatch) -> None:
    """Reading a file whole fails the test: what it reads must come as a stream."""
    def whole(self, *_args, **_kwargs):
        raise AssertionError(f"{self} was read whole")

    monkeypatch.setattr(Path, "read_bytes", whole)


def _four_page_archive(gzip_each_record: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_each_record)
    for index in range(4):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = HTML.replace("Talks go on", f"Talks go on, day {index}")
        writer.write_record(writer.create_warc_record(f"https://example.org/{index}", "response",
                                                      payload=io.BytesIO(page.encode()), http_headers=headers))
    return buffer.getvalue()


def test_a_warc_archive_is_read_as_a_stream_never_whole(tmp_path: Path, monkeypatch) -> None:
    """A crawl's archive can be larger than memory: it is read record by record, gzipped per
    record, as one gzip stream, or not at all."""
    for name, data in [("a.warc.gz", _four_page_archive(True)), ("b.warc", _four_page_archive(False)),
                       ("c.warc.gz", gzip.compress(_four_page_archive(False)))]:
        (tmp_path / name).write_bytes(data)
    _never_whole(monkeypatch)
    for name in ("a.warc.gz", "b.warc", "c.warc.gz"):
        found = _read(tmp_path / name)
        assert [doc.url for doc in found] == [f"https://example.org/{i}" for i in range(4)], name


def test_a_large_json_lines_export_is_streamed_as_the_whole_file_path_reads_it(tmp_path: Path, monkeypatch) -> None:
    """Past the size where a JSON-lines export is streamed, it gives what reading it whole
    gives: the same records, the broken line with its number, a Windows-1252 line decoded, a
    stray NUL dropped; and a gzipped one cut short keeps its complete lines."""
    import newsweave.read.stream as stream

    lines = [json.dumps({"title": f"Story {i}", "url": f"https://x.org/{i}", "text": f"Body number {i} "
                         + " ".join(f"w{(i * 7919 + k * 104729) % 100003}" for k in range(400))})  # gzip must not
             for i in range(6)]  # squeeze the lines to nothing: the cut below falls inside the fourth one
    lines[2] = "{broken json"
    data = ("\n".join(lines) + "\n").encode()
    data = data.replace(b"Body number 3", "Caf\u00e9 number 3".encode("cp1252")).replace(b"Story 4", b"Story\x00 4")
    path = tmp_path / "export.jsonl"
    path.write_bytes(data)
    whole = [(type(item).__name__, item.member, getattr(item, "fields", {}).get("title"), getattr(item, "content", ""))
             for item in _read(path)]
    monkeypatch.setattr(stream, "STREAM_JSON_LINES_FROM", 0)
    _never_whole(monkeypatch)
    streamed = [(type(item).__name__, item.member, getattr(item, "fields", {}).get("title"),
                 getattr(item, "content", "")) for item in _read(path)]
    assert streamed == whole
    assert [title for _, _, title, _ in streamed] == ["Story 0", "Story 1", None, "Story 3", "Story 4", "Story 5"]
    assert "Café number 3" in streamed[3][3]

    packed = gzip.compress("\n".join(lines).encode())
    cut = tmp_path / "export.jsonl.gz"
    cut.write_bytes(packed[: len(packed) * 2 // 3])
    found = _read(cut)
    docs = [item for item in found if isinstance(item, SourceDocument)]
    assert 2 <= len(docs) < 5 and all(doc.fields["title"] == f"Story {i}" for i, doc in
                                       zip([0, 1, 3, 4], docs, strict=False))
    assert "truncated gzip" in found[-1].reason and "before the cut" in found[-1].reason


def test_the_corpus_evidence_pass_does_not_read_an_archive(tmp_path: Path, monkeypatch) -> None:
    from newsweave.read import text_dumps

    (tmp_path / "crawl.warc.gz").write_bytes(_four_page_archive(True))
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    assert [doc.kind for doc in text_dumps(tmp_path / "story.txt")] == ["text"]
    import newsweave.read.stream as stream

    monkeypatch.setattr(stream, "iter_streamed", lambda *_: pytest.fail("the archive was read"))
    assert list(text_dumps(tmp_path / "crawl.warc.gz")) == []


def test_a_web_archive_in_a_zip_is_read_from_disk_and_its_warc_unpacked_as_a_stream(tmp_path: Path,
                                                                                     monkeypatch) -> None:
    path = tmp_path / "collection.wacz"
    path.write_bytes(_zip_bytes({
        "datapackage.json": json.dumps({"profile": "data-package", "resources": []}).encode(),
        "archive/data.warc.gz": _four_page_archive(True),
    }))
    _never_whole(monkeypatch)
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name: pytest.fail(f"{name} was unpacked whole"))
    found = _read(path)
    assert [doc.url for doc in found] == [f"https://example.org/{i}" for i in range(4)]
    assert found[0].member == "archive/data.warc.gz record 1 (https://example.org/0)"


def test_a_damaged_warc_member_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for index in range(60):  # about 3 MB that deflate cannot squeeze: the damage lies past the first MB
        words = " ".join(f"w{(index * 7919 + k * 104729) % 100003}" for k in range(6000))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{index}", "response", http_headers=headers,
                                                      payload=io.BytesIO(HTML.replace("Talks go on", words).encode())))
    data = bytearray(_zip_bytes({"crawl.warc": buffer.getvalue()}))
    start = data.find(b"PK\x01\x02")  # the central directory: damage the compressed data well before it
    data[start - 2000 : start - 1990] = b"\xff" * 10
    path = tmp_path / "pile.zip"
    path.write_bytes(bytes(data))
    found = _read(path)
    docs = [item for item in found if isinstance(item, SourceDocument)]
    assert 20 < len(docs) < 60 and isinstance(found[-1], ReadError)
    assert "CRC" in found[-1].reason and found[-1].member.startswith("crawl.warc")


def test_a_record_longer_than_its_content_length_is_reported_not_printed(tmp_path: Path, capsys) -> None:
    data = _four_page_archive(False)
    declared = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    length = data[declared:data.index(b"\r\n", declared)]
    path = tmp_path / "crawl.warc"
    path.write_bytes(data[:declared] + str(int(length) - 40).encode() + data[declared + len(length):])
    found = _read(path)
    assert any(isinstance(item, ReadError) and "Content-Length" in item.reason for item in found)
    assert capsys.readouterr().err == ""
