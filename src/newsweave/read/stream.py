"""Files read as a stream, never held whole: WARC archives and large JSON-lines exports.

A crawl's WARC archive (CC-NEWS writes them at about 1 GB gzipped, 5 GB of records) or a
multi-gigabyte export would not fit in a small machine's memory if read whole, as every other
file is. These two formats are records one after another, so they are read as they decompress:
a WARC archive always (warcio iterates a stream), a JSON-lines export from
``STREAM_JSON_LINES_FROM`` bytes on disk (smaller ones take the whole-file path, which also
reads JSON documents and arrays). The same holds for such a file inside a zip archive (a WACZ
web archive's WARC files): it is read as it unpacks. A gzip stream that breaks off ends the records there, as the
whole-file path's salvage does: the complete records before the cut are kept, the one the cut
went through is not stored as if it were whole, and the cut is the file's last error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import BinaryIO

from newsweave.read.decode import DecodeError, GzipStream, decode_bytes
from newsweave.read.exports import iter_json_lines
from newsweave.read.warc import iter_warc_records
from newsweave.records import ReadError, SourceDocument

HEAD = 1 << 20  # bytes peeked (decompressed) to tell a file's format
CHUNK = 1 << 20  # bytes read at a time from a JSON-lines stream
STREAM_JSON_LINES_FROM = 64 << 20  # bytes on disk from which a JSON-lines export is streamed
_GZIP_MAGIC = b"\x1f\x8b"

Opener = Callable[[], BinaryIO]  # opens the file (or zip member) afresh, at its start


def stream_kind(opener: Opener, size: int) -> str | None:
    """``"warc"`` or ``"jsonl"`` when the file ``opener`` opens (``size`` bytes stored) is read
    as a stream (see the module), else None."""
    with opener() as raw:
        gzipped = raw.read(2) == _GZIP_MAGIC
    with opener() as raw:
        head = (GzipStream(raw) if gzipped else raw).read(HEAD)
    if head.startswith(b"WARC/"):
        return "warc"
    if size >= STREAM_JSON_LINES_FROM and _json_lines_head(head):
        return "jsonl"
    return None


def _json_lines_head(head: bytes) -> bool:
    """Whether a file's first bytes are JSON Lines: an object on the first line, another after it."""
    first, newline, rest = head.removeprefix(b"\xef\xbb\xbf").lstrip().partition(b"\n")
    if not newline or not first.startswith(b"{") or not rest.lstrip().startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def iter_streamed(path: str, opener: Opener, kind: str) -> Iterator[SourceDocument | ReadError]:
    """The records of a file ``stream_kind`` named, read as it decompresses (``path``: what the
    records and errors name)."""
    with opener() as raw:
        gzipped = raw.read(2) == _GZIP_MAGIC
    with opener() as raw:
        cut = GzipStream(raw) if gzipped else None
        source: BinaryIO | GzipStream = cut or raw
        if kind == "warc":
            items = iter_warc_records(path, source)  # type: ignore[arg-type]  # warcio only calls read()
        else:
            items = iter_json_lines(path, _text_lines(source, cut))
        for item in items:
            if cut and cut.cut and isinstance(item, ReadError) and not item.member:
                continue  # the archive's broken end: the cut below says why
            yield item
        if cut and cut.cut:
            yield ReadError(path, f"{cut.cut}; the complete records before the cut were read")


def _text_lines(source: BinaryIO | GzipStream, cut: GzipStream | None) -> Iterator[str]:
    """The lines of a stream as text. Each line is decoded on its own (UTF-8, else the guess of
    ``decode_bytes``), stray NULs dropped; the line a gzip cut went through is left out."""
    pending = b""
    first = True
    while chunk := source.read(CHUNK):
        if first:
            chunk, first = chunk.removeprefix(b"\xef\xbb\xbf"), False
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        yield from map(_decoded, lines)
    if pending and not (cut and cut.cut):
        yield _decoded(pending)


def _decoded(line: bytes) -> str:
    line = line.replace(b"\x00", b"")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return decode_bytes(line)
        except DecodeError:
            return line.decode("utf-8", errors="replace")
