"""Tell a file's format from its content: HTML, JSON/JSONL export, RSS/Atom feed, or a plain-text dump."""

from __future__ import annotations

import re

_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_FEED_START = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<\?xml-stylesheet[^>]*\?>\s*|<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b",
                         re.I | re.S)
_TAG = re.compile(r"</?(p|div|span|a|br|li|ul|table|script|article|section|h[1-6])\b[^>]*>", re.I)


def sniff_kind(text: str, name: str = "") -> str:
    """Return ``"html"``, ``"json"``, ``"feed"`` or ``"text"``."""
    head = text[:5000].lstrip("\ufeff")
    stripped = head.lstrip()
    if stripped[:1] in "{[" and not _HTML_START.match(head):
        return "json"
    if _FEED_START.match(head):
        return "feed"
    if _HTML_START.match(head):
        return "html"
    tags = len(_TAG.findall(head))
    if tags >= 5 and tags * 40 > len(head) * 0.1:
        return "html"
    if name.endswith((".html", ".htm", ".xhtml")) and tags >= 1:
        return "html"
    return "text"
