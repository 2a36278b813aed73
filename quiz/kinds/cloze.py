"""Cloze cards: fill in the blanks; each deletion group is reviewed as its own item.

The ``{{c1::answer|alternative::hint}}`` syntax itself is parsed by :mod:`quiz.deck.cloze`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import Field, StringConstraints, field_validator, model_validator

from quiz.deck.cloze import Deletion, parse_cloze, render_cloze
from quiz.deck.fields import CardBase, Text
from quiz.kinds.base import CardKind, Filler, Grade, Response, Reveal, judged, self_rated
from quiz.kinds.examples import Examples, failed_examples
from quiz.kinds.list_answers import assign, list_parts
from quiz.kinds.matching import (
    MatchOptions,
    MatchResult,
    TextResponse,
    is_text_reveal,
    match_any,
)

GroupName = Annotated[
    str, StringConstraints(pattern=r"^c[1-9][0-9]{0,2}$"), Field(description="c1, c2...")
]

GROUP_MARK = "#c"
"""Between the card id and the group number in a cloze item id: ``car-parts#c2``."""


class ClozeCard(CardBase):
    """Fill in the blanks; each deletion group is reviewed as its own item."""

    type: Literal["cloze"]  # pyright: ignore[reportIncompatibleVariableOverride]  # frozen: never reassigned
    text: Text
    match: MatchOptions = Field(default_factory=MatchOptions)
    examples: dict[GroupName, Examples] = Field(
        default_factory=dict,
        description="Per group (c1, c2...): answers `quiz validate` checks the grader "
        "accepts or rejects. A group of several blanks takes them as the student types them.",
    )

    @field_validator("text")
    @classmethod
    def _has_deletions(cls, text: str) -> str:
        parse_cloze(text)
        return text

    @model_validator(mode="after")
    def _examples_name_groups(self) -> Self:
        unknown = [name for name in self.examples if int(name[1:]) not in self.groups]
        if unknown:
            raise ValueError(
                f"examples name group {unknown[0]!r}, which the text does not have "
                f"(groups: {', '.join(f'c{group}' for group in self.groups)})"
            )
        return self

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
        verdicts = match_blanks(response.text, deletions, card.match)
        if verdicts is None:
            return judged(False, expected)
        near_misses = [part for part, verdict in verdicts if verdict.near]
        note = None
        if near_misses:
            note = "accepted: you typed " + ", ".join(f"'{part}'" for part in near_misses)
        return judged(True, expected, note=note)

    def failed_examples(self, card: ClozeCard) -> Iterator[tuple[tuple[str | int, ...], str]]:
        for name, examples in card.examples.items():
            group = int(name[1:])
            deletions = self._deletions(card, group)

            def right(text: str, group: int = group) -> bool:
                return self.grade(card, TextResponse(text), group).correct is True

            def explain(text: str, deletions: list[Deletion] = deletions) -> str:
                found = match_blanks(text, deletions, card.match) or []
                return "; ".join(f"as {v.matched!r} ({v.reason()})" for _, v in found)

            yield from failed_examples(examples, ("examples", name), right, explain)

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


def match_blanks(
    text: str, deletions: list[Deletion], options: MatchOptions
) -> list[tuple[str, MatchResult]] | None:
    """Each typed part of a group's answer with its verdict, or None when the answer is
    wrong. The blanks are typed in order, or in any order where the card says so."""
    if len(deletions) == 1:
        verdict = match_any(text.strip(), deletions[0].accepted, options)
        return [(text.strip(), verdict)] if verdict.accepted else None
    verdicts: dict[tuple[str, int], MatchResult] = {}

    def fits(part: str, index: int) -> bool:
        verdicts[part, index] = verdict = match_any(part, deletions[index].accepted, options)
        return verdict.accepted

    indexes = list(range(len(deletions)))
    for parts in _splits(text, len(deletions)):
        if options.any_order:
            pairs = assign(parts, indexes, fits)
        else:
            pairs = list(zip(parts, indexes, strict=True))
            if not all(fits(part, index) for part, index in pairs):
                pairs = None
        if pairs is not None:
            return [(part, verdicts[part, index]) for part, index in pairs]
    return None


def _splits(text: str, count: int) -> list[list[str]]:
    """The ways of reading ``text`` as ``count`` parts: split at ``;``, at ``,``, or at any
    list separator (``and``, ``/``...)."""
    found = []
    for parts in (
        [part.strip() for part in text.split(";")],
        [part.strip() for part in text.split(",")],
        list_parts(text),
    ):
        if len(parts) == count and parts not in found:
            found.append(parts)
    return found
