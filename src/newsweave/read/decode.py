"""Bytes to text: gzip, byte-order marks, UTF-8/UTF-16/Windows-1252, and binary detection.

charset-normalizer does the guessing; the few checks done by hand here (BOMs, NUL
bytes, the share of control characters) are the ones it cannot answer: whether a
file is text at all, and UTF-16 without a BOM.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes cannot be turned into article text; the message says why."""


_GZIP_SLICE = 1 << 16
GZIP_CUT = "truncated gzip (the file ends inside a compressed block): re-download or re-compress the file"
GZIP_TRAILER = "corrupt gzip (stray bytes after the compressed data): re-download or re-compress the file"


def _gzip_corrupt(exc: Exception) -> str:
    return f"corrupt gzip ({exc}): re-download or re-compress the file"


class TruncatedGzip(DecodeError):
    """A gzip stream that breaks off; ``partial`` holds what it decompressed to before the cut."""

    def __init__(self, message: str, partial: bytes, name: str) -> None:
        super().__init__(message)
        self.partial = partial
        self.name = name


def decompress(data: bytes, name: str) -> tuple[bytes, str]:
    """Un-gzip when the bytes are gzip (whatever the name); return the data and the inner name.

    A stream that breaks off raises ``TruncatedGzip`` with what came before the cut, so that an
    archive of many articles (a WARC of gzip members, a JSONL export) keeps its complete ones."""
    if data[:2] != b"\x1f\x8b":
        if name.endswith(".gz"):
            raise DecodeError("named .gz but not gzip data: rename it or re-compress it")
        return data, name
    inner_name = name[:-3] if name.endswith(".gz") else name
    stream = GzipStream(io.BytesIO(data))
    plain = stream.read()
    if stream.cut:
        raise TruncatedGzip(stream.cut, plain, inner_name)
    return plain, inner_name


class GzipStream:
    """A gzip file decompressed as it is read (one member after another, as WARC files are
    written), that ends where its data breaks off instead of raising: ``cut`` then says why. A
    reader of many records stops at the cut and keeps what came before (``decompress`` reads a
    whole file's bytes through it)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self.cut: str | None = None

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all that is left when negative); fewer only at the end or the cut."""
        parts: list[bytes] = []
        wanted = size if size >= 0 else float("inf")
        while self.cut is None and wanted > 0:
            try:
                # read1: a buffered read() that meets the cut drops the bytes it had gathered
                part = self._gzip.read1(int(min(wanted, _GZIP_SLICE)))
            except EOFError:
                self.cut = GZIP_CUT
            except gzip.BadGzipFile as exc:
                self.cut = GZIP_TRAILER if str(exc).startswith("Not a gzipped file") else _gzip_corrupt(exc)
            except zlib.error as exc:
                self.cut = _gzip_corrupt(exc)
            else:
                if not part:
                    break
                parts.append(part)
                wanted -= len(part)
        return b"".join(parts)


MAX_STRAY_NULS = 0.01  # share of NUL bytes beyond which the start of a file is binary, not text


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or 0x7F <= ord(ch) < 0xA0)
    return bad / len(sample)


def decode_bytes(data: bytes) -> str:
    """Decode article bytes to text, or raise ``DecodeError`` for binary content."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    utf16 = _looks_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    head = data[:8000]
    if head.count(0) > max(2, MAX_STRAY_NULS * len(head)):
        raise DecodeError("binary content (NUL bytes), not text: is this an image, PDF or archive?")
    # a few NULs in text are a scraper's or a CMS's stray bytes: the article around them is kept
    data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data[:200000]).best()
        if best is None:
            raise DecodeError("binary content: no text encoding fits these bytes") from None
        encoding = best.encoding
        # Latin-1 guesses are almost always Windows-1252 in web text (curly quotes in 0x80-0x9F).
        if encoding in ("latin_1", "iso8859_1"):
            encoding = "cp1252"
        text = data.decode(encoding, errors="replace")
    if _control_share(text) > 0.05:
        raise DecodeError("binary content (control characters), not text: is this an image, PDF or archive?")
    return text.replace("\r\n", "\n").replace("\r", "\n")
