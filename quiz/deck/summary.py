"""What the deck list shows of a deck, known without building the deck itself.

The validated-deck cache keeps a summary beside each deck, so the deck list can show and count
an unchanged deck file without pydantic or the deck models: those are needed only to study.
"""

from __future__ import annotations

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

    @classmethod
    def of(cls, deck: Deck) -> DeckSummary:
        """The summary of a built deck."""
        from quiz.deck.model import item_ids

        return cls(
            id=deck.id,
            title=deck.title,
            description=deck.description,
            tags=tuple(deck.tags),
            card_count=len(deck.cards),
            item_ids=tuple(item for card in deck.cards for item in item_ids(card)),
        )

    @cached_property
    def item_set(self) -> frozenset[str]:
        """:attr:`item_ids` as a set, made once."""
        return frozenset(self.item_ids)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready mapping, read back by :meth:`from_json`."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "tags": list(self.tags),
            "cards": self.card_count,
            "items": list(self.item_ids),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeckSummary:
        """Read back :meth:`to_json`; ``ValueError`` when it is malformed."""
        try:
            fields = (data["id"], data["title"], data["description"])
            tags, items, cards = data["tags"], data["items"], data["cards"]
        except (KeyError, TypeError) as error:
            raise ValueError(f"malformed deck summary: {error}") from None
        if not (
            isinstance(tags, list)
            and isinstance(items, list)
            and type(cards) is int
            # JSON's strings are plain str: their types, gathered in C, say it for a million ids
            and {*map(type, fields), *map(type, tags), *map(type, items)} <= {str}
        ):
            raise ValueError("malformed deck summary: a field has the wrong type")
        # Safe as the deck it was made from, even if the entry was not written by this quiz.
        deck_id, title, description = fields
        return cls(
            deck_id,
            visible(title),
            visible(description),
            tuple(map(visible, tags)),
            cards,
            tuple(items),
        )
