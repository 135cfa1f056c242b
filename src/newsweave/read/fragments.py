"""HTML fragments inside exports and feeds (a WordPress post's ``content.rendered``, an RSS item's
``content:encoded``): the site already cut them to the article, so they only need their markup
taken off, paragraph by paragraph (html-text), and their character references resolved."""

from __future__ import annotations

import html
import re

import html_text

_MARKUP = re.compile(r"</?(?:p|br|div|span|a|em|strong|b|i|ul|ol|li|h[1-6]|blockquote|figure|img)\b[^>]*>", re.I)


def looks_like_markup(text: str) -> bool:
    return bool(_MARKUP.search(text[:5000]))


def fragment_text(fragment: str) -> str:
    """The fragment's text, one paragraph per block, blank lines between them."""
    text = html_text.extract_text(fragment, guess_layout=True)
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def plain(text: str) -> str:
    """A one-line value (a title, an author) without markup or character references ("&#8217;")."""
    return " ".join(html.unescape(fragment_text(text) if looks_like_markup(text) else text).split())
