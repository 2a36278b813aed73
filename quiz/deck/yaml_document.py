"""What reading a deck's YAML gives, and the limits every reading holds it to.

Kept apart from the readers (:mod:`quiz.deck.yaml_events`, :mod:`quiz.deck.yaml_fast`) so that
the validation and the fast reading use them without importing PyYAML.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 100  # lists and mappings inside one another
MAX_VALUES = 400_000  # scalars, lists, mappings and aliases in one file, keys included
MAX_ENTRIES = 1_000  # items of a list or keys of a mapping
MAX_CARDS = 50_000  # items of the deck's `cards` list
MAX_ALIASES = 100
MAX_EXPANDED_VALUES = 1_000_000  # values once every alias is expanded
MAX_INT_DIGITS = 30  # digits of an integer as written, sign, `_`, `:` and `0x` aside


@dataclass
class Document:
    """Plain data built from one YAML document, and where its values are in the text.

    ``positions`` maps ``id()`` of each list to the offsets of its items, and of each mapping
    to the offsets of its keys and values (key, value, key, value... in the mapping's order);
    ``moved`` holds, for a mapping with a repeated key, where the value kept is;
    ``item_sizes`` the number of values (aliases expanded) of each item of each list at the top
    of the document, such as ``cards``.
    """

    data: Any = None
    values: int = 0
    root: int = 0
    positions: dict[int, array[int]] = field(default_factory=dict)
    moved: dict[int, dict[str, tuple[int, int]]] = field(default_factory=dict)
    item_sizes: dict[str, array[int]] = field(default_factory=dict)
    unusable: bool = False
    """Whether a key is not text (the problem is reported; the data is not validated)."""
