"""An item a session shows, and what its queue holds before an item is first shown."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.deck.items import StudyDeck
from quiz.deck.model import Card
from quiz.study.day_queue import ItemKind, QueuedId, card_key
from quiz.study.known_states import ItemKey


@dataclass(frozen=True)
class StudyItem:
    """One item to study: a card, or one cloze group of a card."""

    deck: StudyDeck
    card: Card
    item_id: str
    group: int | None
    kind: ItemKind
    choice_order: tuple[int, ...]


Queued = StudyItem | QueuedId
"""A queue entry: a study item, or until it is first shown only its deck, item id and kind
(a session over many decks queues thousands of items and shows a few dozen)."""


def card_of_entry(entry: Queued) -> tuple[str, str]:
    """(deck id, card id) of a queue entry: what its sibling items share."""
    return card_key(*((entry.deck, entry.item_id) if isinstance(entry, StudyItem) else entry[:2]))


def key_of(entry: Queued) -> ItemKey:
    """(deck id, item id) of a queue entry."""
    if isinstance(entry, StudyItem):
        return entry.deck.id, entry.item_id
    return entry[0].id, entry[1]
