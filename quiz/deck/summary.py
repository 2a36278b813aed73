"""What the deck list shows of a deck, known without building the deck itself.

The validated-deck cache keeps a summary beside each deck, so the deck list can show and count
an unchanged deck file without pydantic or the deck models: those are needed only to study.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from quiz.safe_text import visible

if TYPE_CHECKING:
    from quiz.deck.model import Deck

ALL_DECKS_ID = "*"
"""The id of the row that stands for every deck together, in the deck list and the statistics
(never a deck's id: deck ids are slugs)."""


@dataclass(frozen=True)
class DeckSummary:
    """A deck's id, title, description, tags, card count and review items, in deck order."""

    id: str
    title: str
    description: str
    tags: tuple[str, ...]
    card_count: int
    item_ids: tuple[str, ...]
    later_items: bytes = b""
    """Where the items that are not their card's first (a cloze card's second group and
    after) are among :attr:`item_ids`, as little-endian unsigned 32-bit positions in
    increasing order (:attr:`later_positions`); empty when every card is one item."""

    @classmethod
    def of(cls, deck: Deck) -> DeckSummary:
        """The summary of a built deck."""
        from quiz.deck.model import item_ids

        items: list[str] = []
        later = array("I")
        for card in deck.cards:
            for index, item in enumerate(item_ids(card)):
                if index:
                    later.append(len(items))
                items.append(item)
        return cls(
            id=deck.id,
            title=deck.title,
            description=deck.description,
            tags=tuple(deck.tags),
            card_count=len(deck.cards),
            item_ids=tuple(items),
            later_items=_little_endian(later),
        )

    @property
    def later_positions(self) -> array[int]:
        """:attr:`later_items` as positions among :attr:`item_ids`."""
        return _positions(self.later_items)

    @cached_property
    def item_set(self) -> frozenset[str]:
        """:attr:`item_ids` as a set, made once."""
        return frozenset(self.item_ids)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping, read back by :meth:`from_json`. The item ids are one string,
        split at spaces (an id is a slug, with ``#c2`` for a cloze group): a million of them
        are read back faster than a list of strings, and need no check of their type."""
        import base64

        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "tags": list(self.tags),
            "cards": self.card_count,
            "items": " ".join(self.item_ids),
            "later": base64.b64encode(self.later_items).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeckSummary:
        """Read back :meth:`to_json`; ``ValueError`` when it is malformed."""
        try:
            fields = (data["id"], data["title"], data["description"])
            tags, items, cards, later = data["tags"], data["items"], data["cards"], data["later"]
        except (KeyError, TypeError) as error:
            raise ValueError(f"malformed deck summary: {error}") from None
        if not (
            isinstance(tags, list)
            and isinstance(items, str)
            and isinstance(later, str)
            and type(cards) is int
            and {*map(type, fields), *map(type, tags)} <= {str}
        ):
            raise ValueError("malformed deck summary: a field has the wrong type")
        item_ids = tuple(items.split(" ")) if items else ()
        later_items = _later_items(later, item_ids, cards)
        # Safe as the deck it was made from, even if the entry was not written by this quiz.
        deck_id, title, description = fields
        return cls(
            deck_id,
            visible(title),
            visible(description),
            tuple(map(visible, tags)),
            cards,
            item_ids,
            later_items,
        )


def _little_endian(positions: array[int]) -> bytes:
    if sys.byteorder == "big":
        positions = array("I", positions)
        positions.byteswap()
    return positions.tobytes()


def _positions(raw: bytes) -> array[int]:
    positions = array("I")
    positions.frombytes(raw)
    if sys.byteorder == "big":
        positions.byteswap()
    return positions


def _later_items(encoded: str, item_ids: tuple[str, ...], card_count: int) -> bytes:
    """The summary's later items, decoded and checked against its items and card count
    (``ValueError`` unless they are increasing positions among the items, as many as the
    items beyond one a card). Which card each continues is checked as the card is built."""
    import base64
    import binascii
    from itertools import islice
    from operator import lt

    try:
        raw = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise ValueError("malformed deck summary: later items are not base64") from None
    if len(raw) % 4 or len(item_ids) - len(raw) // 4 != card_count:
        raise ValueError("malformed deck summary: later items do not fit its cards")
    positions = _positions(raw)
    if positions and (
        positions[0] < 1
        or positions[-1] >= len(item_ids)
        or not all(map(lt, positions, islice(positions, 1, None)))
    ):
        raise ValueError("malformed deck summary: later items out of order")
    return raw
