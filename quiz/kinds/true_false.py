"""True/false cards: the student judges a statement true or false."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

from quiz.deck.fields import CardBase, Text
from quiz.kinds.base import CardKind, Filler, Grade, Response, Reveal, judged, self_rated


class TrueFalseCard(CardBase):
    """A statement the student judges true or false."""

    type: Literal["true_false"]  # pyright: ignore[reportIncompatibleVariableOverride]  # frozen: never reassigned
    statement: Text
    answer: bool

    @property
    def prompt(self) -> str:
        return self.statement


@dataclass(frozen=True)
class TrueFalseResponse(Response):
    """The student's verdict on a true/false statement."""

    tag: ClassVar[str] = "true_false"
    value: bool

    def to_data(self) -> dict[str, Any]:
        return {"value": self.value}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        value = data.get("value")
        if not isinstance(value, bool):
            raise ValueError("'value' is not true or false")
        return cls(value)


class TrueFalseKind(CardKind[TrueFalseCard]):
    """Right when the verdict matches the answer; the options are always True, then False."""

    name = "true_false"
    model = TrueFalseCard
    responses = (TrueFalseResponse, Reveal)

    def grade(self, card: TrueFalseCard, response: Response, group: int | None) -> Grade:
        expected = self.expected(card, group)
        if not isinstance(response, TrueFalseResponse):
            return self_rated(expected)
        return judged(response.value == card.answer, expected)

    def expected(self, card: TrueFalseCard, group: int | None) -> str:
        return self.answer_text(card)

    def answer_text(self, card: TrueFalseCard) -> str:
        return "True" if card.answer else "False"

    def options(self, card: TrueFalseCard) -> tuple[str, ...]:
        return ("True", "False")

    def sample(self, index: int, filler: Filler) -> dict[str, Any]:
        return {"statement": filler.sentence(16), "answer": index % 2 == 1}

    def right_response(self, card: TrueFalseCard, group: int | None) -> Response:
        return TrueFalseResponse(card.answer)
