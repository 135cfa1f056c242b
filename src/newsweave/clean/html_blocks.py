"""Visible text blocks of an HTML page, labelled with the kind of region they sit in.

Used to list what the extractor did *not* keep, so a user can audit it. This
is a small hand-written walk rather than a library call because the
whole-page renderers (html2txt, inscriptis) return one string and lose the
block boundaries and the enclosing region we need for the reason label.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

# content of these never reaches the reader
_INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
     "button", "select", "option", "input", "textarea"}
)
_BLOCK = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
     "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
     "h4", "h5", "h6", "header", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
     "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br", "html"}
)
_REGION_BY_TAG = {
    "nav": "navigation", "menu": "navigation", "header": "header", "footer": "footer",
    "aside": "sidebar", "figcaption": "caption", "form": "form",
}
# ordered: the first matching label wins for a class/id string
_REGION_BY_ATTR = [
    ("comments", re.compile(r"comment|disqus|respond|reply", re.I)),
    ("share-bar", re.compile(r"share|social|sharing|follow", re.I)),
    ("navigation", re.compile(r"\bnav|menu|breadcrumb|pagination|skip-link", re.I)),
    ("related", re.compile(r"related|recommend|more-stories|read-more|popular|trending", re.I)),
    ("advert", re.compile(r"\bads?\b|advert|sponsor|promo|banner", re.I)),
    ("newsletter", re.compile(r"newsletter|subscri|signup|sign-up|paywall", re.I)),
    ("caption", re.compile(r"caption|credit", re.I)),
    ("cookie-notice", re.compile(r"cookie|consent|gdpr", re.I)),
    ("footer", re.compile(r"footer", re.I)),
    ("header", re.compile(r"masthead|site-header|\bheader\b", re.I)),
    ("sidebar", re.compile(r"sidebar|widget|rail", re.I)),
]
DEFAULT_REGION = "not-main-content"


def _region(el: HtmlElement, inherited: str) -> str:
    """The innermost labelled region wins: a nav inside a header is navigation."""
    label = _REGION_BY_TAG.get(el.tag)
    if label:
        return label
    marker = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
    if marker.strip():
        if "navigation" in marker:
            return "navigation"
        for name, pattern in _REGION_BY_ATTR:
            if pattern.search(marker):
                return name
    return inherited


def visible_blocks(tree: HtmlElement, limit: int = 5000) -> list[tuple[str, str]]:
    """``(text, region)`` for each visible block of the page, in document order."""
    blocks: list[tuple[str, str]] = []
    parts: list[str] = []
    regions = [DEFAULT_REGION]

    def flush() -> None:
        text = " ".join(" ".join(parts).split())
        parts.clear()
        if text:
            blocks.append((text, regions[-1]))

    walker = etree.iterwalk(tree, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if len(blocks) >= limit:
            break
        if event in ("comment", "pi"):
            if el.tail:
                parts.append(el.tail)
            continue
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None or tag in _INVISIBLE or el.get("hidden") is not None:
                # the tail still belongs to the parent and is handled at "end"
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
            regions.append(_region(el, regions[-1]))
            if el.text:
                parts.append(el.text)
        else:
            skipped = tag is None or tag in _INVISIBLE or el.get("hidden") is not None
            if not skipped:
                if tag in _BLOCK:
                    flush()
                regions.pop()
            if el.tail:
                parts.append(el.tail)
    flush()
    return blocks
