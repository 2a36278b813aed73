"""Basic cards: the student reads the front, reveals the back and rates themselves."""

from __future__ import annotations

from typing import Any, Literal

from quiz.deck.fields import CardBase, Text
from quiz.kinds.base import CardKind, Filler, Grade, Response, Reveal, self_rated


class BasicCard(CardBase):
    """Recall: the student reads the front, reveals the back and rates themselves."""

    type: Literal["basic"]  # pyright: ignore[reportIncompatibleVariableOverride]  # frozen: never reassigned
    front: Text
    back: Text

    @property
    def prompt(self) -> str:
        return self.front


class BasicKind(CardKind[BasicCard]):
    """A reveal is the only answer: the back is shown and the item is self-rated."""

    name = "basic"
    model = BasicCard
    responses = (Reveal,)

    def grade(self, card: BasicCard, response: Response, group: int | None) -> Grade:
        return self_rated(card.back)

    def expected(self, card: BasicCard, group: int | None) -> str:
        return card.back

    def answer_text(self, card: BasicCard) -> str:
        return card.back

    def sample(self, index: int, filler: Filler) -> dict[str, Any]:
        return {"front": filler.sentence(12)[:-1] + "?", "back": filler.sentence(20)}

    def right_response(self, card: BasicCard, group: int | None) -> Response:
        return Reveal()
