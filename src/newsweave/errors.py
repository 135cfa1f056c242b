"""Errors a user can act on, importable without loading any stage's heavy libraries."""

from __future__ import annotations


class ModelError(RuntimeError):
    """The requested spaCy model is missing, altered, or built for another spaCy."""


class StoreError(RuntimeError):
    """The database cannot be used as asked; the message says what to do."""


class StoreBusy(StoreError):
    """Another process holds the corpus lock and the caller asked not to wait."""
