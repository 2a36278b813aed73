"""Cloze cards: fill in the blanks; each deletion group is reviewed as its own item.

The ``{{c1::answer|alternative::hint}}`` syntax itself is parsed by :mod:`quiz.deck.cloze`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from quiz.deck.cloze import Deletion, parse_cloze, render_cloze
from quiz.deck.fields import CardBase, Text
from quiz.kinds.base import CardKind, Filler, Grade, Response, Reveal, judged, self_rated
from quiz.kinds.matching import MatchOptions, TextResponse, is_text_reveal, match_any

GROUP_MARK = "#c"
"""Between the card id and the group number in a cloze item id: ``car-parts#c2``."""


class ClozeCard(CardBase):
    """Fill in the blanks; each deletion group is reviewed as its own item."""

    type: Literal["cloze"]  # pyright: ignore[reportIncompatibleVariableOverride]  # frozen: never reassigned
    text: Text
    match: MatchOptions = Field(default_factory=MatchOptions)

    @field_validator("text")
    @classmethod
    def _has_deletions(cls, text: str) -> str:
        parse_cloze(text)
        return text

    @property
    def deletions(self) -> list[Deletion]:
        """The deletions in order of appearance."""
        return parse_cloze(self.text)

    @property
    def groups(self) -> list[int]:
        """The distinct group numbers, ascending."""
        return sorted({deletion.group for deletion in self.deletions})

    @property
    def prompt(self) -> str:
        return render_cloze(self.text, None)


class ClozeKind(CardKind[ClozeCard]):
    """One item per group. A group's blanks are typed in order, separated by ``;`` or ``,``,
    and right only when every blank matches; an empty answer is a reveal."""

    name = "cloze"
    model = ClozeCard
    responses = (TextResponse, Reveal)

    def is_reveal(self, response: Response) -> bool:
        return is_text_reveal(response)

    def items(self, card: ClozeCard) -> list[tuple[str, int | None]]:
        return [(f"{card.id}{GROUP_MARK}{group}", group) for group in card.groups]

    def grade(self, card: ClozeCard, response: Response, group: int | None) -> Grade:
        deletions = self._deletions(card, group)
        expected = "; ".join(d.answer for d in deletions)
        if not isinstance(response, TextResponse) or self.is_reveal(response):
            return self_rated(expected)
        parts = _split_parts(response.text, len(deletions))
        if parts is None:
            return judged(False, expected)
        near_misses = []
        for part, deletion in zip(parts, deletions, strict=True):
            accepted, near = match_any(part, deletion.accepted, card.match)
            if not accepted:
                return judged(False, expected)
            if near:
                near_misses.append(part)
        note = None
        if near_misses:
            note = "accepted: you typed " + ", ".join(f"'{part}'" for part in near_misses)
        return judged(True, expected, note=note)

    def expected(self, card: ClozeCard, group: int | None) -> str:
        return "; ".join(d.answer for d in self._deletions(card, group))

    def answer_text(self, card: ClozeCard) -> str:
        return render_cloze(card.text, None, reveal=True)

    def sample(self, index: int, filler: Filler) -> dict[str, Any]:
        first, second = filler.word(), filler.word()
        text = (
            f"{filler.sentence(8)[:-1]} {{{{c1::{first}::a hint}}}} and "
            f"{filler.sentence(6).lower()[:-1]} {{{{c2::{second}|{second}s}}}} afterwards."
        )
        return {"text": text}

    def right_response(self, card: ClozeCard, group: int | None) -> Response:
        return TextResponse("; ".join(d.answer for d in self._deletions(card, group)))

    @staticmethod
    def _deletions(card: ClozeCard, group: int | None) -> list[Deletion]:
        if group is None or group not in card.groups:
            raise ValueError(
                f"cloze card {card.id!r} has groups {card.groups}; got group {group!r}"
            )
        return [d for d in card.deletions if d.group == group]


def _split_parts(text: str, count: int) -> list[str] | None:
    if count == 1:
        return [text.strip()]
    for separator in (";", ","):
        parts = [part.strip() for part in text.split(separator)]
        if len(parts) == count:
            return parts
    return None
