"""Read stage: files and folders in, ``SourceDocument`` records (or ``ReadError``) out.

Entry point: :func:`read_file` for one file, :func:`find_files` to walk the inputs.
The format is detected from the content (magic bytes, markup, JSON shape, a feed's root), the
extension only breaks ties. Every failure becomes a ``ReadError`` with the path and
a reason a user can act on; nothing here raises for bad input.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.read.decode import DecodeError, TruncatedGzip, decode_bytes, decompress
from newsweave.read.detect import sniff_kind
from newsweave.read.exports import iter_json_records
from newsweave.read.feeds import iter_feed_items
from newsweave.read.mhtml import iter_mhtml_page, looks_like_mhtml
from newsweave.read.warc import iter_warc_records
from newsweave.records import ReadError, SourceDocument

# Files a folder walk picks up; a file named on the command line is always read.
KNOWN_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".jsonl", ".json",
                  ".ndjson", ".warc", ".gz", ".md", ".xml", ".rss", ".atom", ""}

__all__ = ["find_files", "read_file", "KNOWN_SUFFIXES"]

# A browser's "Save page as… (complete)" writes Page.html beside a Page_files folder of scripts,
# styles, images and iframe pages (ads, comment widgets, players): resources, not articles.
# The folder's suffix follows the browser's language.
RESOURCE_FOLDER_SUFFIXES = ("_files", "-Dateien", "_fichiers", "_archivos", "_arquivos", "-bestanden",
                            "_file", "-filer", "_pliki", "_soubory", "_dosyalar")


def _saved_page_resources(folder: Path) -> bool:
    """Whether ``folder`` holds the resources of a page saved beside it (Page.html + Page_files)."""
    for suffix in RESOURCE_FOLDER_SUFFIXES:
        if folder.name.endswith(suffix) and len(folder.name) > len(suffix):
            stem = folder.name[: -len(suffix)]
            if any((folder.parent / f"{stem}{ext}").is_file() for ext in (".html", ".htm", ".xhtml", ".mhtml")):
                return True
    return False


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ReadError], list[Path]]:
    """Expand files and folders (recursively) into a sorted, de-duplicated file list.

    Returns ``(files, errors, skipped)``: missing paths become errors, files in folders
    with an unknown extension (images, PDFs, ...) are skipped and listed. The resource folder
    of a page saved by a browser (``Page_files`` beside ``Page.html``) is left out.
    """
    files: list[Path] = []
    errors: list[ReadError] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
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
            errors.append(ReadError(str(path), "no such file or folder: check the path"))
    return files, errors, skipped


def _walk(folder: Path, errors: list[ReadError]) -> list[Path]:
    """The files under ``folder`` in path order, leaving out hidden ones and saved pages'
    resource folders; a sub-folder that cannot be listed becomes an error."""
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        errors.append(ReadError(str(exc.filename), f"cannot read folder: {exc.strerror or exc}; check its permissions"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        here = Path(root)
        dirs[:] = [d for d in dirs if not d.startswith(".") and not _saved_page_resources(here / d)]
        found.extend(here / name for name in names if not name.startswith(".") and (here / name).is_file())
    return sorted(found)


def _salvage(path: Path, broken: TruncatedGzip) -> Iterator[SourceDocument | ReadError]:
    """The complete articles of a many-article file (a WARC archive, a JSON-lines export) cut
    short, then the error: one lost tail must not cost the records before it. A single page or
    text cut short is only the error: half an article is not stored as if it were whole."""
    if broken.partial[:5] == b"WARC/":
        # a record the cut went through says so itself; the archive's broken end is the error below
        yield from (item for item in iter_warc_records(str(path), broken.partial)
                    if isinstance(item, SourceDocument) or item.member)
    else:
        try:
            text = decode_bytes(broken.partial) if broken.partial.strip() else ""
        except DecodeError:
            text = ""
        if not (text.strip() and "\n" in text.strip() and sniff_kind(text, broken.name) == "json"):
            yield ReadError(str(path), str(broken))
            return
        # the line the cut went through is incomplete: the error below stands for it
        yield from iter_json_records(str(path), text.rsplit("\n", 1)[0])
    yield ReadError(str(path), f"{broken}; the complete records before the cut were read")


def read_file(path: str | Path) -> Iterator[SourceDocument | ReadError]:
    """Yield the articles found in one file, and a ``ReadError`` for each part that failed."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        yield ReadError(str(path), "file vanished before it could be read")
        return
    except OSError as exc:
        yield ReadError(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    name = path.name.lower()
    try:
        data, name = decompress(data, name)
    except TruncatedGzip as exc:
        yield from _salvage(path, exc)
        return
    except DecodeError as exc:
        yield ReadError(str(path), str(exc))
        return
    if not data.strip():
        yield ReadError(str(path), "empty file: nothing to ingest")
        return
    if data[:5] == b"WARC/":
        yield from iter_warc_records(str(path), data)
        return
    if looks_like_mhtml(data, name):
        yield from iter_mhtml_page(str(path), data)
        return
    try:
        text = decode_bytes(data)
    except DecodeError as exc:
        yield ReadError(str(path), str(exc))
        return
    if not text.strip():
        yield ReadError(str(path), "empty file: nothing to ingest")
        return
    kind = sniff_kind(text, name)
    if kind == "json":
        yield from iter_json_records(str(path), text)
    elif kind == "feed":
        yield from iter_feed_items(str(path), text)
    elif name.endswith((".xml", ".rss", ".atom")) and text.lstrip("\ufeff \t\r\n").startswith("<"):
        # a sitemap or a configuration file beside the feeds of a folder: markup, not an article
        yield ReadError(str(path), "XML that is no RSS or Atom feed: nothing to ingest")
    else:
        yield SourceDocument(path=str(path), kind=kind, content=text)
