"""What the report knows of each review item from the decks published to the class: its card,
type, prompt, tags, options and accepted answers, read from the YAML the class database
keeps (``class_deck``), validated as every deck is."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.deck.items import deck_items
from quiz.deck.loader import load_text
from quiz.kinds.choice import OptionsCard
from quiz.kinds.registry import kind_of
from quiz.kinds.typed import TypedCard


@dataclass(frozen=True)
class ItemInfo:
    """One review item of a published deck."""

    card_id: str
    card_type: str
    prompt: str
    tags: tuple[str, ...]
    options: tuple[tuple[str, bool], ...] | None  # (text, correct) of a choice or multi card
    accepted: tuple[str, ...]


@dataclass(frozen=True)
class PublishedItems:
    """The items of every published deck: in deck order, by deck id."""

    order: dict[str, tuple[str, ...]]
    items: dict[tuple[str, str], ItemInfo]


def published_items(published: list[tuple[str, int, str]]) -> PublishedItems:
    """The items of the ``(deck id, version, YAML)`` published; a deck whose text no longer
    validates (made by another version of quiz) is left out, its items shown by id only."""
    order: dict[str, tuple[str, ...]] = {}
    items: dict[tuple[str, str], ItemInfo] = {}
    for deck_id, _, text in published:
        deck, _ = load_text(text, f"class deck {deck_id}")
        if deck is None:
            continue
        indexed = deck_items(deck)
        order[deck.id] = tuple(indexed)
        for item_id, (card, group) in indexed.items():
            kind = kind_of(card)
            options = None
            if isinstance(card, OptionsCard):
                options = tuple((choice.text, choice.correct) for choice in card.choices)
            if isinstance(card, TypedCard):
                accepted = tuple(card.answers)
            else:
                accepted = tuple(part.strip() for part in kind.expected(card, group).split(";"))
            items[(deck.id, item_id)] = ItemInfo(
                card.id, card.type, card.prompt, tuple(card.tags), options, accepted
            )
    return PublishedItems(order, items)
