"""A deck's review items: every card, or each cloze group of a cloze card, by item id.

Indexed once per deck object (decks are immutable), so sessions and counts on a large deck do
not parse its cloze texts again. A :class:`~quiz.deck.deck_cards.DeckCards` needs no index: its
summary has the item ids, and each card is built when its item is looked up.
"""

from __future__ import annotations

import weakref
from collections.abc import Container, Mapping
from types import MappingProxyType
from typing import TypeAlias

from quiz.deck.deck_cards import DeckCards
from quiz.deck.model import Card, Deck
from quiz.kinds.registry import kind_of

StudyDeck: TypeAlias = Deck | DeckCards
"""A deck to study: built, or its cards built as they are shown."""


def deck_items(deck: StudyDeck) -> Mapping[str, tuple[Card, int | None]]:
    """Every review item of a deck in deck order: item id -> (card, cloze group or None).

    Computed once per deck object (decks are immutable), so sessions and counts on a large
    deck do not parse its cloze texts again.
    """
    if isinstance(deck, DeckCards):
        return deck.items
    return _deck_index(deck)[0]


def deck_item_order(deck: StudyDeck) -> tuple[str, ...]:
    """The item ids of :func:`deck_items`, as a tuple (computed once per deck object)."""
    if isinstance(deck, DeckCards):
        return deck.item_ids
    return _deck_index(deck)[1]


def deck_item_set(deck: StudyDeck) -> Container[str]:
    """What :func:`deck_items` holds, for membership only (no card built)."""
    if isinstance(deck, DeckCards):
        return deck.item_set
    return _deck_index(deck)[0]


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
