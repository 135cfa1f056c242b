"""MHTML pages ("Save as… single file" in Chrome and Edge, ``.mhtml``/``.mht``): the page's HTML
part, read with the standard library's MIME parser (``email``), which decodes the
quoted-printable or base64 transfer encoding and the part's charset.

The address the page was saved from (``Snapshot-Content-Location``, else the HTML part's
``Content-Location``) becomes the document's URL.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator

from newsweave.read.decode import DecodeError, decode_bytes
from newsweave.records import ReadError, SourceDocument

MHTML_SUFFIXES = (".mhtml", ".mht")


def looks_like_mhtml(data: bytes, name: str) -> bool:
    """An MHTML file: a multipart/related MIME body announced in its head, under an MHTML name
    or a MIME header block (a plain HTML file named ``.mhtml`` is read as HTML)."""
    head = data[:2000].lower()
    if b"multipart/related" not in head:
        return False
    return name.endswith(MHTML_SUFFIXES) or head.startswith(
        (b"from:", b"mime-version:", b"snapshot-content-location:", b"subject:", b"date:", b"content-type:"))


def _decode(payload: bytes, charset: str | None) -> str:
    """The part's declared charset when it decodes the bytes, else the usual detection
    (Chrome declares none)."""
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(payload)


def iter_mhtml_page(path: str, data: bytes) -> Iterator[SourceDocument | ReadError]:
    """Yield the page (the first HTML part) of one MHTML file."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            html = _decode(payload, part.get_content_charset())
        except DecodeError as exc:
            yield ReadError(path, f"MHTML page part: {exc}")
            return
        url = message.get("Snapshot-Content-Location") or part.get("Content-Location")
        yield SourceDocument(path=path, kind="html", content=html, url=str(url) if url else None)
        return
    yield ReadError(path, "MHTML file without an HTML part: nothing to ingest; save the page again")
