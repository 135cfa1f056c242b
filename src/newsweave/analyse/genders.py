"""Which pronoun a first name takes: "she" is not Donald Trump.

A pronoun speaker ("…," she wrote) goes to an earlier person the pronoun can refer to; an
honorific ("Mrs", "Mr") says which, and so, far more often, does a first name. The names
come from ``nomquamgender`` (MIT licence; installed with ``--no-deps`` as a data package, the
way the models are: its classifier needs pandas, its data does not): how often each of 720,000
first names was given to women and to men across 36 sources. A name counts only when it is
common (``MIN_COUNT`` people) and nearly always one way (``CLEAR_SHARE``); "Jo", "Kim",
"Andrea" and "Robin" say nothing. The same counts say whether a capitalised word is a first
name at all (``is_first_name``): "Will" in "Will Smith" is, "Follow" in a caption is not.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from newsweave.analyse.names import fold
from newsweave.errors import ModelError

NAME_DATA_PACKAGE = "nomquamgender"
MIN_COUNT = 100  # people with the name across the sources
CLEAR_SHARE = 0.9  # of them one way ("Hillary": 0.92, Sir Edmund among the rest)
# people a word must name to count as a first name: "Will", "Hope", "Sandy" do; "riot" (697)
# and "furious" (125) are in the sources too, as their noise
FIRST_NAME_COUNT = 1000
# one entry of the package's JSON object: "name": [sources, people, female share, ...]
_ENTRY = re.compile(r'"(?P<name>[a-z]+)": \[\d+, (?P<count>\d+), (?P<female_share>[\d.]+)')


def name_gender(full_name: str) -> str | None:
    """"f" or "m" when the first name of ``full_name`` (two words or more) clearly says, else
    None (a surname alone, "Trump", says nothing)."""
    words = full_name.split()
    first = fold(words[0]).strip(".'") if len(words) > 1 else ""
    if len(first) <= 2:  # an initial, or "Dr"
        return None
    gender, _ = _first_names().get(first, (None, 0))
    return gender


def is_first_name(word: str) -> bool:
    """Whether ``FIRST_NAME_COUNT`` people or more bear the word as a first name ("Will", "Hope")."""
    return _first_names().get(fold(word).strip(".'"), (None, 0))[1] >= FIRST_NAME_COUNT


@functools.cache
def _first_names() -> dict[str, tuple[str | None, int]]:
    """The common first names, with the pronoun each clearly takes (None: no clear one) and
    how many bear it, read once per process (the package's file is 22 MB of JSON)."""
    spec = importlib.util.find_spec(NAME_DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the first-name data package {NAME_DATA_PACKAGE!r} is not installed: run `make setup` "
                         "(it installs requirements-models.txt)")
    data = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    names: dict[str, tuple[str | None, int]] = {}
    # scanned, not parsed: json.load builds 720,000 lists (half a gigabyte) to keep 56,000 names
    for match in _ENTRY.finditer(data.read_text(encoding="utf-8")):
        count = int(match["count"])
        if count >= MIN_COUNT:
            female_share = float(match["female_share"])
            clear = "f" if female_share >= CLEAR_SHARE else "m" if female_share <= 1 - CLEAR_SHARE else None
            names[match["name"]] = (clear, count)
    return names


def load_name_genders() -> None:
    """Read the names now: before worker processes fork, so they share one copy."""
    _first_names()
