"""Errors a user can act on, importable without loading any stage's heavy libraries."""

from __future__ import annotations


class ModelError(RuntimeError):
    """The requested spaCy model is missing, altered, or built for another spaCy."""
