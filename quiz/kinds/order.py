"""Order cards: put 3-8 items in sequence; right only when the whole order is right.

The deck lists the items in the correct order; they are always shown shuffled, never already
in that order. The response is the sequence the student built, as indexes into the authored
items; the grade says, position by position, which item belongs there and whether the
student put it there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

from pydantic import Field, field_validator

from quiz.deck.fields import CardBase, ShortText, Text, check_unique_texts
from quiz.kinds.base import (
    CardKind,
    FeedbackDetail,
    Filler,
    Grade,
    Response,
    Reveal,
    int_list,
    judged,
    self_rated,
)

MIN_ITEMS = 3
MAX_ITEMS = 8
ARROW = " → "


class OrderCard(CardBase):
    """Put the items in sequence: written here in the correct order, shown shuffled."""

    type: Literal["order"]  # pyright: ignore[reportIncompatibleVariableOverride]  # frozen: never reassigned
    question: Text
    items: list[ShortText] = Field(
        min_length=MIN_ITEMS,
        max_length=MAX_ITEMS,
        description="Written in the correct order; the student sees them shuffled.",
    )

    @field_validator("items")
    @classmethod
    def _unique(cls, items: list[str]) -> list[str]:
        check_unique_texts("items", items)
        return items

    @property
    def prompt(self) -> str:
        return self.question


@dataclass(frozen=True)
class OrderResponse(Response):
    """The order the student built, first to last, as indexes into ``card.items``."""

    tag: ClassVar[str] = "order"
    order: tuple[int, ...]

    def to_data(self) -> dict[str, Any]:
        return {"order": list(self.order)}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        return cls(tuple(int_list(data, "order")))


@dataclass(frozen=True)
class PlacedItem(FeedbackDetail):
    """One position of an order card after grading.

    ``text`` is the item that belongs at ``position`` (read down, the correct order);
    ``placed`` and ``placed_text`` are the item the student put there, and ``right`` says
    whether the two agree. For a revealed answer ``placed``, ``placed_text`` and ``right``
    are None.
    """

    position: int
    text: str
    placed: int | None
    placed_text: str | None
    right: bool | None


class OrderKind(CardKind[OrderCard]):
    """Right only when every item is in its place; a reveal shows the correct order."""

    name = "order"
    model = OrderCard
    responses = (OrderResponse, Reveal)

    def grade(self, card: OrderCard, response: Response, group: int | None) -> Grade:
        expected = self.expected(card, group)
        if not isinstance(response, OrderResponse):
            return self_rated(
                expected,
                tuple(PlacedItem(i, text, None, None, None) for i, text in enumerate(card.items)),
            )
        count = len(card.items)
        if sorted(response.order) != list(range(count)):
            raise ValueError(
                f"card {card.id!r} has {count} items; an order places each of 0-{count - 1} "
                f"once, got {list(response.order)}"
            )
        feedback = tuple(
            PlacedItem(
                position, card.items[position], placed, card.items[placed], placed == position
            )
            for position, placed in enumerate(response.order)
        )
        return judged(all(place.right for place in feedback), expected, feedback)

    def expected(self, card: OrderCard, group: int | None) -> str:
        return self.answer_text(card)

    def answer_text(self, card: OrderCard) -> str:
        return ARROW.join(card.items)

    def options(self, card: OrderCard) -> tuple[str, ...]:
        return tuple(card.items)

    def display_order(self, card: OrderCard, rng: random.Random) -> tuple[int, ...]:
        authored = list(range(len(card.items)))
        shown = authored.copy()
        while shown == authored:  # a shuffle that is already in order gives the answer away
            rng.shuffle(shown)
        return tuple(shown)

    def sample(self, index: int, filler: Filler) -> dict[str, Any]:
        return {
            "question": filler.sentence(12)[:-1] + "?",
            "items": [f"Step {step + 1}: {filler.sentence(6)}" for step in range(5)],
        }

    def right_response(self, card: OrderCard, group: int | None) -> Response:
        return OrderResponse(tuple(range(len(card.items))))
