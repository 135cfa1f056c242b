"""Read stage: files and folders in, ``SourceDocument`` records (or ``ReadError``) out.

Entry point: :func:`read_file` for one file, :func:`find_files` to walk the inputs
(:func:`text_dumps`: only the plain-text dumps of a file, for the corpus evidence pass).
The format is detected from the content (magic bytes, markup, JSON shape, a feed's root), the
extension only breaks ties. Every failure becomes a ``ReadError`` with the path and
a reason a user can act on; nothing here raises for bad input.
"""

from __future__ import annotations

import functools
import io
import os
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath

from newsweave.read.decode import DecodeError, TruncatedGzip, decode_bytes, decompress
from newsweave.read.detect import sniff_kind
from newsweave.read.exports import iter_json_records
from newsweave.read.feeds import iter_feed_items
from newsweave.read.mhtml import iter_mhtml_page, looks_like_mhtml
from newsweave.read.stream import iter_streamed, stream_kind
from newsweave.read.warc import iter_warc_records
from newsweave.records import ReadError, SourceDocument

_ZIP_MAGIC = b"PK\x03\x04"

# Files a folder walk picks up; a file named on the command line is always read.
KNOWN_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".jsonl", ".json",
                  ".ndjson", ".warc", ".gz", ".md", ".xml", ".rss", ".atom", ".zip", ".wacz", ""}

__all__ = ["decode_bytes", "find_files", "read_file", "text_dumps", "KNOWN_SUFFIXES"]

# A browser's "Save page as… (complete)" writes Page.html beside a Page_files folder of scripts,
# styles, images and iframe pages (ads, comment widgets, players): resources, not articles.
# The folder's suffix follows the browser's language.
RESOURCE_FOLDER_SUFFIXES = ("_files", "-Dateien", "_fichiers", "_archivos", "_arquivos", "-bestanden",
                            "_file", "-filer", "_pliki", "_soubory", "_dosyalar")


def _saved_page_resources(folder: Path | PurePosixPath, is_file: Callable[[str], bool] | None = None) -> bool:
    """Whether ``folder`` holds the resources of a page saved beside it (Page.html + Page_files);
    ``is_file`` tells whether a path exists (inside an archive; on disk by default)."""
    exists = is_file or (lambda name: Path(name).is_file())
    for suffix in RESOURCE_FOLDER_SUFFIXES:
        if folder.name.endswith(suffix) and len(folder.name) > len(suffix):
            stem = folder.name[: -len(suffix)]
            if any(exists(str(folder.parent / f"{stem}{ext}")) for ext in (".html", ".htm", ".xhtml", ".mhtml")):
                return True
    return False


def find_files(paths: str | Path | Iterable[str | Path]) -> tuple[list[Path], list[ReadError], list[Path]]:
    """Expand files and folders (recursively) into a sorted, de-duplicated file list; ``paths``
    may be one path (a string is a path, not a list of one-letter paths).

    Returns ``(files, errors, skipped)``: missing paths become errors, files in folders
    with an unknown extension (images, PDFs, ...) are skipped and listed. The resource folder
    of a page saved by a browser (``Page_files`` beside ``Page.html``) is left out.
    """
    files: list[Path] = []
    errors: list[ReadError] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    for raw in [paths] if isinstance(paths, str | Path) else paths:
        path = Path(raw)
        if path.is_dir():
            for child in _walk(path, errors):
                if child.suffix.lower() not in KNOWN_SUFFIXES:
                    skipped.append(child)
                    continue
                if child.resolve() not in seen:
                    seen.add(child.resolve())
                    files.append(child)
        elif path.is_file():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
        else:
            errors.append(ReadError(str(path), _not_a_file(path)))
    return files, errors, skipped


def _not_a_file(path: Path) -> str:
    """Why a path that is neither a folder nor a regular file cannot be read."""
    if path.is_symlink() and not path.exists():
        return f"broken link: it points to {os.readlink(path)}, which does not exist; fix or remove the link"
    if not path.exists():
        return "no such file or folder: check the path"
    kind = ("a named pipe" if path.is_fifo() else "a socket" if path.is_socket()
            else "a device" if path.is_block_device() or path.is_char_device() else "a special file")
    return f"not a regular file ({kind}); save its content to a file and ingest that"


def _walk(folder: Path, errors: list[ReadError]) -> list[Path]:
    """The files under ``folder`` in path order, leaving out hidden ones and saved pages'
    resource folders; a sub-folder that cannot be listed, a broken link and a named pipe (or
    other special file) with an article's suffix become errors."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        errors.append(ReadError(str(exc.filename), f"cannot read folder: {exc.strerror or exc}; check its permissions"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        here = Path(root)
        dirs[:] = [d for d in dirs if not d.startswith(".") and not _saved_page_resources(here / d)]
        for name in names:
            path = here / name
            if name.startswith("."):
                continue
            try:
                if path.is_file():
                    found.append(path)
                elif path.suffix.lower() in KNOWN_SUFFIXES and not path.is_dir():
                    errors.append(ReadError(str(path), _not_a_file(path)))
            except OSError as exc:  # a link into a place this user may not look (/proc/1/cwd)
                errors.append(ReadError(str(path), f"cannot read: {exc.strerror or exc}; check its permissions"))
    return sorted(found)


def _salvage(path: str, broken: TruncatedGzip) -> Iterator[SourceDocument | ReadError]:
    """The complete articles of a many-article file (a WARC archive, a JSON-lines export) cut
    short, then the error: one lost tail must not cost the records before it. A single page or
    text cut short is only the error: half an article is not stored as if it were whole."""
    if broken.partial[:5] == b"WARC/":
        # a record the cut went through says so itself; the archive's broken end is the error below
        yield from (item for item in iter_warc_records(path, broken.partial)
                    if isinstance(item, SourceDocument) or item.member)
    else:
        try:
            text = decode_bytes(broken.partial) if broken.partial.strip() else ""
        except DecodeError:
            text = ""
        if not (text.strip() and "\n" in text.strip() and sniff_kind(text, broken.name) == "json"):
            yield ReadError(path, str(broken))
            return
        # the line the cut went through is incomplete: the error below stands for it
        yield from iter_json_records(path, text.rsplit("\n", 1)[0])
    yield ReadError(path, f"{broken}; the complete records before the cut were read")


def read_file(path: str | Path) -> Iterator[SourceDocument | ReadError]:
    """Yield the articles found in one file, and a ``ReadError`` for each part that failed.

    A WARC archive and a large JSON-lines export are read as a stream (``read.stream``), a zip
    archive member by member from the disk; any other file is read whole."""
    path = Path(path)
    opener = functools.partial(path.open, "rb")
    try:
        with opener() as probe:
            zipped = probe.read(4) == _ZIP_MAGIC
        streamed = None if zipped else stream_kind(opener, path.stat().st_size)
    except OSError:
        zipped, streamed = False, None  # the whole-file read below says what is wrong with the file
    try:
        if zipped:
            yield from _zip_members(str(path), path)
            return
        if streamed:
            yield from iter_streamed(str(path), opener, streamed)
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield ReadError(str(path), "file vanished before it could be read")
        return
    except OSError as exc:
        yield ReadError(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    except Exception as exc:  # a reader's bug must cost this file, not the batch
        yield _reader_failure(path, exc)
        return
    try:
        yield from _read_data(str(path), data, path.name.lower())
    except Exception as exc:  # a reader's bug must cost this file, not the batch
        yield _reader_failure(path, exc)


def text_dumps(path: str | Path) -> Iterator[SourceDocument]:
    """The plain-text dumps one file holds (what the text cleaner's corpus evidence counts),
    without errors; a WARC archive or a streamed JSON-lines export holds none and is not read."""
    path = Path(path)
    try:
        if stream_kind(functools.partial(path.open, "rb"), path.stat().st_size):
            return
    except OSError:
        return
    yield from (item for item in read_file(path) if isinstance(item, SourceDocument) and item.kind == "text")


def _reader_failure(path: Path, exc: Exception) -> ReadError:
    return ReadError(str(path), f"could not read the file ({type(exc).__name__}: {exc}); the rest of the batch "
                                "goes on: please report this file to the newsweave developers")


def _read_data(path: str, data: bytes, name: str, in_zip: bool = False) -> Iterator[SourceDocument | ReadError]:
    """The articles of one file's bytes (``name``: its lower-case file name, for tie-breaks)."""
    if data[:4] == _ZIP_MAGIC:
        if in_zip:
            yield ReadError(path, "a zip archive inside a zip archive: unpack the outer one and ingest the folder")
        else:
            yield from _zip_members(path, data)
        return
    try:
        data, name = decompress(data, name)
    except TruncatedGzip as exc:
        yield from _salvage(path, exc)
        return
    except DecodeError as exc:
        yield ReadError(path, str(exc))
        return
    if not data.strip():
        yield ReadError(path, "empty file: nothing to ingest")
        return
    if data[:5] == b"WARC/":
        yield from iter_warc_records(path, data)
        return
    if looks_like_mhtml(data, name):
        yield from iter_mhtml_page(path, data)
        return
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield ReadError(path, str(exc))
        return
    if not text.strip():
        yield ReadError(path, "empty file: nothing to ingest")
        return
    kind = sniff_kind(text, name)
    if kind == "json":
        yield from iter_json_records(path, text)
    elif kind == "feed":
        yield from iter_feed_items(path, text)
    elif name.endswith((".xml", ".rss", ".atom")) and text.lstrip("\ufeff \t\r\n").startswith("<"):
        # a sitemap or a configuration file beside the feeds of a folder: markup, not an article
        yield ReadError(path, "XML that is no RSS or Atom feed: nothing to ingest")
    else:
        yield SourceDocument(path=path, kind=kind, content=text)


def _zip_members(path: str, source: Path | bytes) -> Iterator[SourceDocument | ReadError]:
    """The articles of a zip archive's members (``source``: the archive on disk, or its bytes),
    each read as a file of a folder walk would be (hidden files, a saved page's resource folder
    and unknown suffixes are passed over; a WARC or large JSON-lines member is streamed as it
    unpacks); ``member`` names the file inside the archive. A WACZ (a web archive as Webrecorder
    writes it) is read from its ``archive/`` WARC files only: its other members index them."""
    try:
        archive = zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))
        infos = archive.infolist()
    except _ZIP_MEMBER_ERRORS as exc:  # a damaged directory: "zip file version 14.8", a bad offset
        yield ReadError(path, f"broken zip archive ({exc}): re-download or re-pack it")
        return
    with archive:
        yield from _members_of(path, archive, infos)


# a damaged header makes zipfile seek before the start ("negative seek value"): ValueError
_ZIP_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError, OSError)


def _members_of(path: str, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Iterator[SourceDocument | ReadError]:
    names = {info.filename for info in infos}
    web_archive = "datapackage.json" in names
    for info in infos:
        member = PurePosixPath(info.filename)
        parts = member.parts
        if (info.is_dir() or any(part.startswith((".", "__MACOSX")) for part in parts)
                or any(_saved_page_resources(folder, names.__contains__) for folder in member.parents[:-1])
                or member.suffix.lower() not in KNOWN_SUFFIXES
                or (web_archive and parts[0] != "archive")):
            continue
        for item in _member_items(path, archive, info):
            item.member = f"{info.filename} {item.member}" if item.member else info.filename
            yield item


def _member_items(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[SourceDocument | ReadError]:
    """The articles of one zip member; a member that cannot be unpacked (damaged, encrypted, an
    unknown compression) is an error of its own, after the records read before the damage."""
    opener = functools.partial(archive.open, info)
    try:
        streamed = stream_kind(opener, info.file_size)
        if streamed:
            yield from iter_streamed(path, opener, streamed)
            return
        data = archive.read(info)
    except _ZIP_MEMBER_ERRORS as exc:
        yield ReadError(path, f"unreadable zip member ({exc}): re-pack the archive")
        return
    yield from _read_data(path, data, info.filename.lower(), in_zip=True)
