"""A deck's review items: every card, or each cloze group of a cloze card, by item id.

Indexed once per deck object (decks are immutable), so sessions and counts on a large deck do
not parse its cloze texts again.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from types import MappingProxyType

from quiz.deck.model import Card, Deck
from quiz.kinds.registry import kind_of


def deck_items(deck: Deck) -> Mapping[str, tuple[Card, int | None]]:
    """Every review item of a deck in deck order: item id -> (card, cloze group or None).

    Computed once per deck object (decks are immutable), so sessions and counts on a large
    deck do not parse its cloze texts again.
    """
    return _deck_index(deck)[0]


def deck_item_order(deck: Deck) -> tuple[str, ...]:
    """The item ids of :func:`deck_items`, as a tuple (computed once per deck object)."""
    return _deck_index(deck)[1]


def _deck_index(deck: Deck) -> tuple[Mapping[str, tuple[Card, int | None]], tuple[str, ...]]:
    key = id(deck)
    cached = _DECK_ITEMS.get(key)
    if cached is not None and cached[0]() is deck:
        return cached[1], cached[2]
    items: dict[str, tuple[Card, int | None]] = {}
    for card in deck.cards:
        for item_id, group in kind_of(card).items(card):
            items[item_id] = (card, group)
    view, order = MappingProxyType(items), tuple(items)
    _DECK_ITEMS[key] = (weakref.ref(deck, lambda _: _DECK_ITEMS.pop(key, None)), view, order)
    return view, order


_DECK_ITEMS: dict[
    int, tuple[weakref.ref[Deck], Mapping[str, tuple[Card, int | None]], tuple[str, ...]]
] = {}
