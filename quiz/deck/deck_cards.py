"""A deck as studying and browsing use it: its summary and ids, and each card built when it is
first asked for.

The deck list, the counts, the queue and a session need only item ids, which the deck's
summary has (in the deck cache's summary line, for an unchanged file); a card is built only
when it is shown or graded, from the cache entry alone (:mod:`quiz.deck.cached_cards`) or
from the deck already built, and is let go once nothing holds it. So a collection of a
million cards costs its ids in memory, not its card objects.

Every view of one deck shares its summary's item-id tuple and set: the store's reviewed-prefix
cache (:mod:`quiz.progress.reviewed`) knows a sequence by its identity, so the deck list's
counts and the session's new items are found from the same one.
"""

from __future__ import annotations

import threading
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from operator import sub
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.deck.cached_cards import CachedCards, DeckHead
    from quiz.deck.fields import Source
    from quiz.deck.model import Card, Deck
    from quiz.deck.summary import DeckSummary

GROUP_MARK = "#c"  # a cloze group's item id is ``card-id#c2`` (quiz.kinds.cloze)
_SEARCHES_BEFORE_MAP = 8  # items looked up by a search before the positions are mapped


def card_of_item(item_id: str) -> str:
    """The card an item belongs to (a cloze group ``card#c2`` belongs to ``card``)."""
    return item_id.partition("#")[0]


def group_of_item(item_id: str) -> int | None:
    """The cloze group an item stands for (``card#c2``: 2), or None for a whole card."""
    _, mark, group = item_id.partition(GROUP_MARK)
    return int(group) if mark else None


class DeckCards:
    """One deck's ids, title and sources, and its cards built on demand.

    ``deck`` gives the built deck (building it if need be: the fallback when the cache entry
    cannot give a card); ``cached`` reads single cards from the cache entry; ``built`` tells
    whether the deck is built already (its cards are then taken from it).
    """

    def __init__(
        self,
        summary: DeckSummary,
        deck: Callable[[], Deck],
        *,
        cached: CachedCards | None = None,
        built: Callable[[], bool] = lambda: True,
    ) -> None:
        self.summary = summary
        self._deck = deck
        self._cached = cached
        self._is_built = built
        self._cards: weakref.WeakValueDictionary[int, Card] = weakref.WeakValueDictionary()
        self._lock = threading.Lock()
        self._searches = 0
        self._positions: dict[str, int] | None = None
        self.cards_built = 0
        """How many cards this deck has built from the cache one at a time (each is built once
        while anything holds it; :meth:`iter_cards` passes through the others uncounted)."""

    @property
    def id(self) -> str:
        """The deck's id."""
        return self.summary.id

    @property
    def title(self) -> str:
        """The deck's title."""
        return self.summary.title

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Every review item's id, in deck order (the summary's own tuple)."""
        return self.summary.item_ids

    @property
    def item_set(self) -> frozenset[str]:
        """:attr:`item_ids` as a set (the summary's own)."""
        return self.summary.item_set

    @property
    def card_count(self) -> int:
        """How many cards the deck has."""
        return self.summary.card_count

    @cached_property
    def items(self) -> Mapping[str, tuple[Card, int | None]]:
        """Every review item: item id -> (card, cloze group or None), the card built when
        the item is looked up."""
        return DeckItems(self)

    @cached_property
    def _later(self) -> tuple[Sequence[int], Sequence[int]] | None:
        """Where the items that continue a card lie among :attr:`item_ids`, and the index of
        the card each continues; None when every card is one item (a card's index is then its
        item's position)."""
        later = self.summary.later_positions
        if not later:
            return None
        # the k-th later item has k later items before it: its card is its position - k - 1
        return later, array("I", map(sub, later, range(1, len(later) + 1)))

    def _card_of_position(self, position: int) -> int:
        later = self._later
        return position if later is None else position - bisect_right(later[0], position)

    def _first_position(self, index: int) -> int:
        """Where the first item of the card at ``index`` is among :attr:`item_ids`."""
        later = self._later
        return index if later is None else index + bisect_left(later[1], index)

    def card_index(self, card_id: str) -> int:
        """Where the card with this id is in deck order; ``KeyError`` if there is none."""
        items = self.summary.item_ids
        try:
            position = items.index(card_id)  # a card of one item: its id is the item's
        except ValueError:
            prefix = f"{card_id}#"
            position = next((i for i, item in enumerate(items) if item.startswith(prefix)), -1)
            if position < 0:
                raise KeyError(card_id) from None
        return self._card_of_position(position)

    def item_card_index(self, item_id: str) -> int:
        """The index of the card an item belongs to; ``KeyError`` if there is no such item.

        The first few are searched for; a deck asked more often (a session) gets a map of
        every item's position, so that a large deck's next card is not a search through it."""
        positions = self._positions
        if positions is None:
            if item_id not in self.summary.item_set:
                raise KeyError(item_id)
            self._searches += 1
            if self._searches > _SEARCHES_BEFORE_MAP:
                ids = self.summary.item_ids
                self._positions = positions = dict(zip(ids, range(len(ids)), strict=True))
            else:
                return self._card_of_position(self.summary.item_ids.index(item_id))
        return self._card_of_position(positions[item_id])

    def card_item_ids(self, index: int) -> tuple[str, ...]:
        """The item ids of the card at ``index`` (one, or one per cloze group)."""
        if not 0 <= index < self.summary.card_count:
            return ()
        end = self._first_position(index + 1)
        return self.summary.item_ids[self._first_position(index) : end]

    def item_ids_of(self, card_id: str) -> tuple[str, ...]:
        """The item ids of the card with this id; ``KeyError`` if there is none."""
        return self.card_item_ids(self.card_index(card_id))

    def card(self, card_id: str) -> Card:
        """The card with this id, built now unless something holds it; ``KeyError`` if none."""
        return self.card_at(self.card_index(card_id))

    def card_at(self, index: int) -> Card:
        """The card at ``index`` in deck order, built now unless something holds it."""
        card = self._cards.get(index)
        if card is not None:
            return card
        with self._lock:
            card = self._cards.get(index)
            if card is None:
                card = self._build(index)
                self._cards[index] = card
        return card

    def _build(self, index: int) -> Card:
        cached = self._cached
        if cached is not None and not self._is_built():
            try:
                card = cached.card(index)
                if card.id != card_of_item(self.card_item_ids(index)[0]):
                    raise ValueError(f"the cache entry of deck {self.id!r} is out of order")
            except (OSError, ValueError):  # the entry went or is damaged: build the deck
                self._cached = None
            else:
                self.cards_built += 1
                return card
        return self._from_deck(index)

    def _from_deck(self, index: int) -> Card:
        """The card at ``index`` of the built deck, found by its id should the deck have been
        read again from a file that changed (``KeyError`` if the card has left it)."""
        cards = self._deck().cards
        card_id = card_of_item(self.card_item_ids(index)[0])
        if index < len(cards) and cards[index].id == card_id:
            return cards[index]
        for card in cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def iter_cards(self) -> Iterator[Card]:
        """Every card in deck order, built one at a time as it is reached (none kept)."""
        cached = self._cached
        if cached is not None and not self._is_built():
            try:
                cards = cached.cards()
                first = next(cards)
            except (OSError, ValueError):
                self._cached = None
            else:
                yield first
                yield from cards
                return
        yield from self._deck().cards

    def prepare(self) -> None:
        """Place the deck's cards among its items, and check the cache entry's header and
        build the deck's own fields (sources, glossary) now, so that the first card shown
        waits only for its own part of the entry."""
        self._later  # noqa: B018
        cached = self._cached
        if cached is not None and not self._is_built():
            try:
                cached.head  # noqa: B018
            except (OSError, ValueError):
                self._cached = None

    @property
    def sources(self) -> list[Source]:
        """The sources the deck's cards cite."""
        return self._head().sources

    def source(self, key: str) -> Source:
        """The declared source with this key; ``KeyError`` if there is none."""
        for source in self.sources:
            if source.key == key:
                return source
        raise KeyError(key)

    def _head(self) -> Deck | DeckHead:
        cached = self._cached
        if cached is not None and not self._is_built():
            try:
                return cached.head
            except (OSError, ValueError):
                self._cached = None
        return self._deck()

    def __repr__(self) -> str:
        return f"DeckCards(id={self.id!r}, cards={self.card_count})"


class DeckItems(Mapping[str, "tuple[Card, int | None]"]):
    """A deck's review items by id, each card built when its item is looked up."""

    def __init__(self, deck: DeckCards) -> None:
        self._deck = deck

    def __getitem__(self, item_id: str) -> tuple[Card, int | None]:
        deck = self._deck
        return deck.card_at(deck.item_card_index(item_id)), group_of_item(item_id)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._deck.item_set

    def __iter__(self) -> Iterator[str]:
        return iter(self._deck.item_ids)

    def __len__(self) -> int:
        return len(self._deck.item_ids)
