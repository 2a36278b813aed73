"""Choice and multi cards: pick the one correct option, or every correct option."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

from pydantic import Field, field_validator

from quiz.deck.fields import CardBase, ShortText, StrictModel, Text, check_unique_texts
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

MAX_CHOICES = 8


class Choice(StrictModel):
    """One answer option of a choice or multi card."""

    text: ShortText
    correct: bool = False
    why: Text | None = Field(default=None, description="Shown when the student picks it.")


class OptionsCard(CardBase):
    """What choice and multi cards share: a question and 2-8 options, shown shuffled unless
    the card says not; each kind says how many options may be correct."""

    question: Text
    choices: list[Choice] = Field(min_length=2, max_length=MAX_CHOICES)
    shuffle: bool = True

    @classmethod
    def check_correct(cls, correct: int) -> None:
        """Raise ``ValueError`` when ``correct`` options are too many or too few."""
        raise NotImplementedError

    @field_validator("choices")
    @classmethod
    def _valid_choices(cls, choices: list[Choice]) -> list[Choice]:
        cls.check_correct(sum(choice.correct for choice in choices))
        check_unique_texts("choices", [choice.text for choice in choices])
        return choices

    @property
    def prompt(self) -> str:
        return self.question


class ChoiceCard(OptionsCard):
    """Single-answer multiple choice: exactly one choice is correct."""

    type: Literal["choice"]  # pyright: ignore[reportIncompatibleVariableOverride]  # frozen: never reassigned

    @classmethod
    def check_correct(cls, correct: int) -> None:
        if correct != 1:
            raise ValueError(f"a choice card needs exactly one correct choice, found {correct}")


class MultiCard(OptionsCard):
    """Select all that apply: one or more choices are correct."""

    type: Literal["multi"]  # pyright: ignore[reportIncompatibleVariableOverride]  # frozen: never reassigned

    @classmethod
    def check_correct(cls, correct: int) -> None:
        if not correct:
            raise ValueError("a multi card needs at least one correct choice, found 0")


@dataclass(frozen=True)
class ChoiceResponse(Response):
    """The choices picked, as indexes into ``card.choices`` in authored order."""

    tag: ClassVar[str] = "choice"
    picked: frozenset[int]

    def to_data(self) -> dict[str, Any]:
        return {"picked": sorted(self.picked)}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Self:
        return cls(frozenset(int_list(data, "picked")))


@dataclass(frozen=True)
class ChoiceFeedback(FeedbackDetail):
    """One choice of a choice/multi card after grading."""

    index: int
    text: str
    correct: bool
    picked: bool
    why: str | None


class _OptionsKind(CardKind[Any]):
    """What choice and multi cards share: right only when exactly the correct set is picked;
    a reveal marks the right choices and is self-rated; choices shuffle unless the card
    says ``shuffle: false``."""

    responses = (ChoiceResponse, Reveal)
    correct_in_sample: ClassVar[frozenset[int]]

    def grade(self, card: OptionsCard, response: Response, group: int | None) -> Grade:
        right = frozenset(i for i, choice in enumerate(card.choices) if choice.correct)
        picked: frozenset[int] = frozenset()
        if isinstance(response, ChoiceResponse):
            picked = frozenset(response.picked)
            outside = sorted(i for i in picked if not 0 <= i < len(card.choices))
            if outside:
                raise ValueError(
                    f"card {card.id!r} has {len(card.choices)} choices; "
                    f"picked index out of range: {outside}"
                )
        feedback = tuple(
            ChoiceFeedback(i, choice.text, choice.correct, i in picked, choice.why)
            for i, choice in enumerate(card.choices)
        )
        if self.is_reveal(response):
            return self_rated(self.expected(card, group), feedback)
        return judged(picked == right, self.expected(card, group), feedback)

    def expected(self, card: OptionsCard, group: int | None) -> str:
        return self.answer_text(card)

    def answer_text(self, card: OptionsCard) -> str:
        return "; ".join(choice.text for choice in card.choices if choice.correct)

    def options(self, card: OptionsCard) -> tuple[str, ...]:
        return tuple(choice.text for choice in card.choices)

    def display_order(self, card: OptionsCard, rng: random.Random) -> tuple[int, ...]:
        indexes = list(range(len(card.choices)))
        if card.shuffle:
            rng.shuffle(indexes)
        return tuple(indexes)

    def warnings(self, card: OptionsCard) -> Iterator[tuple[tuple[str | int, ...], str]]:
        for index, choice in enumerate(card.choices):
            if not choice.correct and choice.why is None:
                yield ("choices", index), f"wrong choice {choice.text!r} has no 'why'"

    def sample(self, index: int, filler: Filler) -> dict[str, Any]:
        choices: list[dict[str, Any]] = []
        for number in range(4):
            choice: dict[str, Any] = {"text": f"Option {number + 1}: {filler.sentence(8)}"}
            if number in self.correct_in_sample:
                choice["correct"] = True
            else:
                choice["why"] = filler.sentence(18)
            choices.append(choice)
        return {"question": filler.sentence(14)[:-1] + "?", "choices": choices}

    def right_response(self, card: OptionsCard, group: int | None) -> Response:
        return ChoiceResponse(frozenset(i for i, c in enumerate(card.choices) if c.correct))


class ChoiceKind(_OptionsKind):
    """Single-answer multiple choice."""

    name = "choice"
    model = ChoiceCard
    correct_in_sample = frozenset({0})


class MultiKind(_OptionsKind):
    """Select all that apply."""

    name = "multi"
    model = MultiCard
    correct_in_sample = frozenset({0, 2})
