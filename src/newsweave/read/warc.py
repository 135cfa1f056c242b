"""WARC archives: HTML response records, read with warcio; also HTML resource records, as archivers
that save a page without its HTTP exchange write it (warcit, a browser's single-file save put in
a WARC)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsweave.read.decode import DecodeError, decode_bytes
from newsweave.records import ReadError, SourceDocument

# warcio repairs a target URI with spaces and says so on stderr, over the ingest's progress bar
logging.getLogger("warcio").setLevel(logging.ERROR)


class _Records(ArchiveIterator):
    """warcio's iterator, which counts the records that do not end where their Content-Length
    says (``err_count``) instead of printing a warning over the ingest's progress bar."""

    INC_RECORD = ""


def iter_warc_records(path: str, data: bytes | BinaryIO) -> Iterator[SourceDocument | ReadError]:
    """Yield one document per HTML response or resource record; other records are passed over.
    ``data``: the archive's bytes, or a stream of them (read as it goes: an archive of many
    gigabytes is never held in memory)."""
    index = 0
    records = _Records(io.BytesIO(data) if isinstance(data, bytes) else data)
    try:
        for record in records:
            if record.rec_type == "response" and record.http_headers is not None:
                ctype = record.http_headers.get_header("Content-Type") or ""
                status = record.http_headers.get_statuscode()
            elif record.rec_type == "resource":
                ctype, status = record.rec_headers.get_header("Content-Type") or "", None
            else:
                continue
            index += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            member = f"record {index} ({uri})"
            if "html" not in ctype.lower() or (status and not status.startswith("2")):
                continue
            try:
                payload = record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than the record declares
                    yield ReadError(path, "record cut short: the archive ends inside it; re-download the archive",
                                    member)
                    continue
                html = decode_bytes(payload)
            except DecodeError as exc:
                yield ReadError(path, str(exc), member)
                continue
            except Exception as exc:  # noqa: BLE001 - a broken record must not stop the archive
                yield ReadError(path, f"unreadable WARC record: {exc}", member)
                continue
            fields = {"warc_date": record.rec_headers.get_header("WARC-Date")}
            yield SourceDocument(path=path, kind="html", content=html, url=uri, member=member, fields=fields)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError) as exc:
        # warcio meets a record cut inside its headers with an AttributeError (no target URI)
        yield ReadError(path, f"broken WARC archive after {index} records: {exc or type(exc).__name__}")
    if records.err_count:
        yield ReadError(path, f"{records.err_count} record(s) of the archive did not end where their Content-Length "
                              "said: their pages may be cut short or run into the next record; re-download the archive")
