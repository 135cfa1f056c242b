"""Cleaning stage for HTML pages: main text, title, standfirst and page metadata.

The body comes from trafilatura in precision mode (comments excluded). Paragraphs
that only trafilatura's recall mode finds are added back when readability-lxml and
jusText both keep them too (a paragraph-level vote, measured in
``benchmarks/html_extraction.py``). When trafilatura finds nothing,
readability-lxml and then trafilatura's baseline (JSON-LD ``articleBody`` / page
paragraphs) take over. Photo captions and credits, gallery toggles and button labels the
extractors keep are then dropped (``_drop_furniture``). Metadata comes from trafilatura's
``extract_metadata`` and dates from htmldate (see ``html_dates``). The page is
parsed once; the libraries get the lxml tree (copies where they mutate it).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from copy import deepcopy
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import version
from urllib.parse import urljoin, urlsplit

import justext
import lxml.html
import trafilatura
from justext.core import ParagraphMaker, classify_paragraphs, revise_paragraph_classification
from lxml.html import HtmlElement
from rapidfuzz import fuzz
from readability import Document as ReadabilityDocument
from trafilatura.settings import JUSTEXT_LANGUAGES
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.utils import repair_faulty_html

from newsweave.clean.html_blocks import visible_blocks
from newsweave.clean.html_dates import find_page_dates
from newsweave.clean.text_rules import (
    BULLET,
    classify_noise,
    is_caption,
    is_server_error,
    is_widget_notice,
)
from newsweave.records import CleanedDocument, RemovedLine

LOGGER = logging.getLogger(__name__)

TRAFILATURA = f"trafilatura {version('trafilatura')}"
READABILITY = f"readability-lxml {version('readability-lxml')}"
BASELINE = f"trafilatura-baseline {version('trafilatura')}"
ENSEMBLE = "newsweave-ensemble(trafilatura+readability+justext)"
MAX_REMOVED = 500
# jusText's context pass is quadratic in runs of short blocks; past this it takes minutes
MAX_JUSTEXT_PARAGRAPHS = 1500

# what extractors keep of a photo gallery or a widget: a caption's show-more/less toggle, a teaser
# cut off with "... more", a lone button label
_TOGGLE = re.compile(r"(?:\.\.\.|…)\s*more$|[.!?]\s+less$")
_WIDGET_LABELS = frozenset({"close", "advertisement", "skip ad", "back to top", "less", "more"})
MAX_CAPTION_WORDS = 80  # as the text-dump cleaner: a longer paragraph is prose, whatever it starts with
MAX_TOGGLE_CHARS = 400
# what the text-dump cleaner's line classes drop from the top or bottom of an extracted body
EDGE_FURNITURE = frozenset({"date", "byline", "symbols", "url", "end-marker", "share", "section-label",
                            "subscription", "timer", "icon-list"})

_READABILITY_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td")
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
_ORG_WORDS = re.compile(
    r"\b(staff|news|desk|team|editor(s|ial)?|press|agency|agencies|reuters|associated|media|"
    r"online|redaktion|magazine|times|post|daily|wire|correspondents?|reporters?|contributors?|"
    r"admin|administrator|guest|newsroom|bureau|service)\b",
    re.I,
)
_NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "bin", "al", "el",
     "ibn", "ter", "dos", "das", "y", "zu"}
)


def _paragraphs(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


# trafilatura's own parser, lifting libxml2's limit of 256 nested elements: below it the default
# parser silently drops the rest of the page, so a page laid out in deeply nested tables or
# unclosed <div>s lost its article
_DEEP_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                    remove_comments=True, remove_pis=True, huge_tree=True)


def _parse(html: str) -> HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        tree = lxml.html.fromstring(repair_faulty_html(html, html[:50].lower()), parser=_DEEP_PARSER)
    except Exception as err:  # e.g. a string declaring its encoding: trafilatura's loader handles those
        LOGGER.debug("deep HTML parse failed: %s", err)
        tree = None
    try:
        return tree if tree is not None and len(tree) and "html" in html[:50].lower() else trafilatura.load_html(html)
    except Exception as err:  # malformed input must not break a batch
        LOGGER.debug("HTML parse failed: %s", err)
        return None


def _trafilatura(
    tree: HtmlElement, url: str | None, *, recall: bool = False
) -> TrafilaturaDocument | None:
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            favor_precision=not recall,
            favor_recall=recall,
            with_metadata=False,
        )
    except Exception as err:
        LOGGER.debug("trafilatura failed: %s", err)
        return None


def _readability(tree: HtmlElement, url: str | None) -> list[str]:
    try:
        summary = ReadabilityDocument(deepcopy(tree), url=url).summary(html_partial=True)
        fragment = lxml.html.fromstring(summary)
    except Exception as err:  # readability raises on pages it cannot score
        LOGGER.debug("readability failed: %s", err)
        return []
    paras = (" ".join(el.text_content().split()) for el in fragment.iter(*_READABILITY_BLOCKS))
    return [p for p in paras if p]


@cache
def _stoplist(language: str | None) -> frozenset[str]:
    """jusText stopwords for the page language, or of all its languages when unknown."""
    name = JUSTEXT_LANGUAGES.get(language or "")
    if name in justext.get_stoplists():
        return justext.get_stoplist(name)
    return frozenset().union(*(justext.get_stoplist(n) for n in justext.get_stoplists()))


def _justext(tree: HtmlElement, language: str | None) -> list[str]:
    try:
        # the preprocessor's lxml Cleaner works on a copy of the tree
        paragraphs = ParagraphMaker.make_paragraphs(justext.core.preprocessor(tree))
        if len(paragraphs) > MAX_JUSTEXT_PARAGRAPHS:
            return []
        classify_paragraphs(paragraphs, _stoplist(language))
        revise_paragraph_classification(paragraphs)
    except Exception as err:
        LOGGER.debug("justext failed: %s", err)
        return []
    return [" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate]


def _add_voted(
    tree: HtmlElement, url: str | None, language: str | None, paras: list[str]
) -> list[str] | None:
    """``paras`` plus the recall-mode paragraphs that readability and jusText both keep.

    Returns None when nothing was added. The two voters only run when recall mode
    offers a paragraph the precision run left out.
    """
    recall_doc = _trafilatura(tree, url, recall=True)
    kept = {_norm(p) for p in paras}
    offered = _paragraphs(recall_doc.text if recall_doc else None)
    if all(_norm(p) in kept for p in offered):
        return None
    voters = [_norm("\n".join(_readability(tree, url))), _norm("\n".join(_justext(tree, language)))]
    # each accepted paragraph goes right after the last kept one that preceded it
    after: dict[str | None, list[str]] = {}
    accepted: set[str] = set()
    previous: str | None = None
    for para in offered:
        norm = _norm(para)
        if norm in kept:
            previous = norm
        elif norm not in accepted and all(norm in voter for voter in voters):
            after.setdefault(previous, []).append(para)
            accepted.add(norm)
    if not after:
        return None
    merged = after.pop(None, [])
    for para in paras:
        merged.append(para)
        merged.extend(after.pop(_norm(para), []))
    return merged


def _baseline(tree: HtmlElement) -> list[str]:
    try:
        _, text, _ = trafilatura.baseline(tree)
    except Exception as err:
        LOGGER.debug("trafilatura baseline failed: %s", err)
        return []
    return _paragraphs(text)


def _metadata(tree: HtmlElement, url: str | None) -> TrafilaturaDocument:
    try:
        # the date found here is unused (see html_dates); extensive=False keeps it cheap
        return trafilatura.extract_metadata(tree, default_url=url, extensive=False)
    except Exception as err:
        LOGGER.debug("trafilatura metadata failed: %s", err)
        return TrafilaturaDocument()


def _drop_title_line(paras: list[str], title: str | None) -> list[str]:
    """The page headline is often repeated as the first body line."""
    if paras and title and _norm(paras[0]) == _norm(title):
        return paras[1:]
    return paras


_CELL_BORDER = re.compile(r"(?<!\\)\|")  # trafilatura writes a table row as "| a | b |", a "|" in a cell as "\|"
_EMPTY_CELL = re.compile(r"[\s\\|¦·•]*")  # blank, or only a menu's separator


def _unwrap_layout_row(para: str) -> str:
    """A table row as text: a page laid out in a table (old news sites) puts each paragraph in a
    row of otherwise empty cells ("| | | The harbour authority said ... | |"), which reads as the
    paragraph alone; a row with no text at all (empty cells, or cells holding only a separator,
    "| | \\| | \\| |") is nothing. A row of two filled cells or more is data and stays as written."""
    if not para.lstrip().startswith("|"):
        return para
    filled = [cell.strip() for cell in _CELL_BORDER.split(para) if not _EMPTY_CELL.fullmatch(cell)]
    if not filled:
        return ""
    return filled[0].replace("\\|", "|") if len(filled) == 1 else para


def _drop_furniture(paras: list[str]) -> list[str]:
    """The paragraphs that are not page furniture: photo captions and credits ("Photo: Hau
    Dinh, AP", "Image credit: www.apple.com"), by the text-dump cleaner's caption rule; a
    gallery caption with its "less"/"... more" toggle; a lone "Close" or "Advertisement".
    Dropped paragraphs show in ``removed`` with the rest of the page's furniture. A notice that a
    script cannot run ("You need to enable JavaScript to run this app.") is always dropped: a page
    that says nothing else was saved before its script ran, and has no article; so are the error
    messages a site's scripts print into the page ("Warning: ... in /var/www/db.php on line 5")."""
    paras = [p for p in paras if not is_widget_notice(p.strip()) and not is_server_error(p)]
    kept = [p for p in paras if not _is_furniture(p.strip())]
    return kept or paras


def _trim_edges(paras: list[str], language: str | None, title: str | None) -> list[str]:
    """The body without the page furniture an extractor kept at its top or bottom: a date or
    byline line above the article ("January 22, 2014", "By Cristina Alonso"), a link, a "More
    News" marker or a sign-up prompt below it, as the text-dump cleaner classifies lines
    (``EDGE_FURNITURE``). Only the edges: inside the body such a line may be the article's (a
    data table's row reads as navigation, a privacy policy as legal text, so those stay). The
    page language's stopwords keep a short sentence with a date ("The wall fell on 2 May
    2014.") from reading as a date line. An edge paragraph written almost wholly in another
    script than the article is the site's too: a Hindi article's English disclaimer and link bar."""
    stopwords = _stoplist(language)
    script = _article_script(paras, title)

    def furniture(para: str) -> bool:
        return classify_noise(para, stopwords) in EDGE_FURNITURE or _in_other_script(para, script)

    start, end = 0, len(paras)
    while end - start > 1 and furniture(paras[start]):
        start += 1
    while end - start > 1 and furniture(paras[end - 1]):
        end -= 1
    return paras[start:end]


# one writing system: Japanese mixes kanji and kana, Korean may mix hangul and hanja
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}


def _script(char: str) -> str:
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return _SCRIPT_FAMILIES.get(word, word)


def _scripts(text: str) -> Counter[str]:
    # vowel signs are marks, not letters: Devanagari counts only half its characters without them
    return Counter(_script(char) for char in text if char.isalpha() or unicodedata.category(char)[0] == "M")


def _article_script(paras: list[str], title: str | None) -> str | None:
    """The script of the headline when the longest paragraph is written in it too, else None.
    Neither is enough alone: furniture can be longer than a one-paragraph article (a Hindi
    report under a long English disclaimer), and a Japanese blog post may carry an English title."""
    longest = max(paras, key=len, default="")
    scripts = [_scripts(text).most_common(1) for text in (title or "", longest)]
    if not all(scripts) or scripts[0][0][0] != scripts[1][0][0]:
        return None
    return scripts[0][0][0]


MOSTLY_OTHER_SCRIPT = 0.2  # at most this share of the letters in the article's script


def _in_other_script(para: str, script: str | None) -> bool:
    counts = _scripts(para)
    return script is not None and bool(counts) and counts[script] <= MOSTLY_OTHER_SCRIPT * sum(counts.values())


def _is_furniture(text: str) -> bool:
    if text.lower() in _WIDGET_LABELS:
        return True
    if len(text) <= MAX_TOGGLE_CHARS and _TOGGLE.search(text):
        return True
    content = BULLET.sub("", text).strip()
    return len(content.split()) <= MAX_CAPTION_WORDS and is_caption(content)


def _standfirst(description: str | None, title: str | None, paras: list[str]) -> str | None:
    """The description when it says something beyond the title and the lead."""
    if not description:
        return None
    text = " ".join(description.split())
    core = text.rstrip(".…").strip()
    if len(core) < 20 or (title and _norm(core) == _norm(title)):
        return None
    lead = _norm(" ".join(paras[:2]))
    if _norm(core) in lead:
        return None
    if lead and fuzz.partial_ratio(_norm(core), lead[: 2 * len(core) + 50]) >= 90:
        return None
    return text


def _plausible_author(name: str, sitename: str | None) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or len(name) > 60:
        return False
    if any(ch.isdigit() for ch in name) or re.search(r"[@/|:()\[\]{}]|http|www\.", name):
        return False
    if _ORG_WORDS.search(name) or (sitename and _norm(sitename) in _norm(name)):
        return False
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        if not word[0].isupper() or not re.match(r"^[\w.'’-]+$", word):
            return False
    return True


def _authors(raw: str | None, sitename: str | None) -> list[str]:
    found: list[str] = []
    for part in re.split(r";|\band\b|&", raw or ""):
        name = re.sub(r"^\s*by\s+", "", " ".join(part.split()), flags=re.I).strip(" ,.")
        if name and _plausible_author(name, sitename) and name not in found:
            found.append(name)
    return found


def _language(tree: HtmlElement) -> str | None:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content"
        "|//meta[@property='og:locale']/@content"
    )
    for value in candidates:
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def _canonical(tree: HtmlElement, url: str | None) -> str | None:
    hrefs = tree.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content")
    for href in hrefs:
        try:
            absolute = urljoin(url or "", href.strip())
            parts = urlsplit(absolute)
        except ValueError:  # "http://[broken": a malformed link names no page
            continue
        # a relative link ("/") on a page saved without its address names no page: as the
        # article's identity it would make unrelated pages revisions of one another
        if parts.scheme in ("http", "https") and parts.netloc:
            return absolute
    return None


def _removed(tree: HtmlElement, paras: list[str], title: str | None) -> list[RemovedLine]:
    kept_paras = {_norm(p) for p in paras}
    kept_text = _norm("\n".join(paras))
    title_norm = _norm(title) if title else None
    removed: list[RemovedLine] = []
    for text, region in visible_blocks(tree):
        norm = _norm(text)
        # short blocks ("Share", "AP") would match inside any body by chance
        if norm in kept_paras or (len(norm) >= 25 and norm in kept_text):
            continue
        reason = "title" if norm == title_norm else region
        removed.append(RemovedLine(text, reason, None))
        if len(removed) >= MAX_REMOVED:
            break
    return removed


def _well_formed(url: str | None) -> bool:
    """Whether ``url`` parses: the extractors read a site name out of "http://[broken/x"."""
    try:
        urlsplit(url or "")
    except ValueError:
        return False
    return bool(url)


def clean_html(html: str, *, url: str | None = None) -> CleanedDocument:
    """Main text of an HTML page via a maintained extractor (trafilatura) with a fallback."""
    url = url if _well_formed(url) else None
    tree = _parse(html)
    if tree is None:
        return CleanedDocument(body="", extractor="none")
    now = datetime.now(UTC)

    meta = _metadata(tree, url)
    title = " ".join(meta.title.split()) if meta.title else None

    language = _language(tree)
    extractor = TRAFILATURA
    doc = _trafilatura(tree, url)
    paras = _paragraphs(doc.text if doc is not None else None)
    if paras:
        voted = _add_voted(tree, url, language, paras)
        if voted is not None:
            extractor, paras = ENSEMBLE, voted
    else:
        extractor, paras = READABILITY, _readability(tree, url)
    if not paras:
        extractor, paras = BASELINE, _baseline(tree)
    if not paras:
        extractor = "none"
    paras = _trim_edges(_drop_furniture(_drop_title_line([cell for p in paras if (cell := _unwrap_layout_row(p))],
                                                         title)), language, title)

    canonical = _canonical(tree, url)
    dates = find_page_dates(tree, url, now=now)
    hints: dict[str, object] = {
        "published": dates.published,
        "published_source": dates.published_source,
        "updated": dates.updated,
        "sitename": meta.sitename,
        "authors": _authors(meta.author, meta.sitename),
        "language": language,
        "canonical_url": canonical,
        "description": meta.description,
        "categories": list(meta.categories or []),
        "tags": list(meta.tags or []),
    }
    return CleanedDocument(
        body="\n\n".join(paras),
        removed=_removed(tree, paras, title),
        extractor=extractor,
        title=title,
        standfirst=_standfirst(meta.description, title, paras),
        hints={k: v for k, v in hints.items() if v not in (None, [], "")},
    )
