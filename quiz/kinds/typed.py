"""Typed cards: the student types a short answer, matched against the accepted spellings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field

from quiz.deck.fields import CardBase, ShortText, Text
from quiz.kinds.base import CardKind, Filler, Grade, Response, Reveal, judged, self_rated
from quiz.kinds.examples import Examples, failed_examples
from quiz.kinds.matching import MatchOptions, TextResponse, is_text_reveal, match_any


class TypedCard(CardBase):
    """The student types a short answer, matched against the accepted spellings."""

    type: Literal["typed"]  # pyright: ignore[reportIncompatibleVariableOverride]  # frozen: never reassigned
    question: Text
    answers: list[ShortText] = Field(min_length=1, description="Every accepted spelling.")
    match: MatchOptions = Field(default_factory=MatchOptions)
    examples: Examples | None = Field(
        default=None, description="Answers `quiz validate` checks the grader accepts or rejects."
    )

    @property
    def prompt(self) -> str:
        return self.question


class TypedKind(CardKind[TypedCard]):
    """Right when the text matches an accepted spelling (within the typo allowance); an
    empty answer is a reveal. The first spelling is the one shown as expected."""

    name = "typed"
    model = TypedCard
    responses = (TextResponse, Reveal)

    def is_reveal(self, response: Response) -> bool:
        return is_text_reveal(response)

    def grade(self, card: TypedCard, response: Response, group: int | None) -> Grade:
        expected = self.expected(card, group)
        if not isinstance(response, TextResponse) or self.is_reveal(response):
            return self_rated(expected)
        verdict = match_any(response.text, card.answers, card.match)
        note = f"accepted: you typed '{response.text.strip()}'" if verdict.near else None
        return judged(verdict.accepted, expected, note=note)

    def failed_examples(self, card: TypedCard) -> Iterator[tuple[tuple[str | int, ...], str]]:
        if card.examples is None:
            return iter(())

        def explain(text: str) -> str:
            verdict = match_any(text, card.answers, card.match)
            return f"as {verdict.matched!r} ({verdict.reason()})"

        def right(text: str) -> bool:
            return self.grade(card, TextResponse(text), None).correct is True

        return failed_examples(card.examples, ("examples",), right, explain)

    def expected(self, card: TypedCard, group: int | None) -> str:
        return card.answers[0]

    def answer_text(self, card: TypedCard) -> str:
        return " / ".join(card.answers)

    def sample(self, index: int, filler: Filler) -> dict[str, Any]:
        return {
            "question": filler.sentence(12)[:-1] + "?",
            "answers": [filler.word(), f"{filler.word()}-{index}"],
        }

    def right_response(self, card: TypedCard, group: int | None) -> Response:
        return TextResponse(card.answers[0])
