"""Grading: how a student's response to a card is judged, and the rating it suggests.

Everything here is pure: no I/O, no clock. Objective card types (choice, multi, true/false,
typed, typed cloze) are marked right or wrong and suggest Again (wrong) or Good (right); a
basic card, or any card the student chose to reveal, is self-rated and suggests Good.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quiz.deck.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    MatchOptions,
    MultiCard,
    TrueFalseCard,
    TypedCard,
)
from quiz.progress.state import Rating


@dataclass(frozen=True)
class Reveal:
    """The student asked to see the answer (basic cards; an empty submit on typed/cloze)."""


@dataclass(frozen=True)
class ChoiceResponse:
    """The choices picked, as indexes into ``card.choices`` in authored order."""

    picked: frozenset[int]


@dataclass(frozen=True)
class TrueFalseResponse:
    """The student's verdict on a true/false statement."""

    value: bool


@dataclass(frozen=True)
class TextResponse:
    """A typed answer: for a typed card, or for one cloze group.

    A cloze group with several deletions takes its answers in order, separated by ``;``
    (or ``,``), for example ``"CD19; BCMA"``.
    """

    text: str


Response = Reveal | ChoiceResponse | TrueFalseResponse | TextResponse


@dataclass(frozen=True)
class ChoiceFeedback:
    """One choice of a choice/multi card after grading."""

    index: int
    text: str
    correct: bool
    picked: bool
    why: str | None


@dataclass(frozen=True)
class Grade:
    """The verdict on one response."""

    correct: bool | None
    self_rated: bool
    expected: str
    suggested: Rating
    feedback: tuple[ChoiceFeedback, ...] = ()
    note: str | None = None


def grade(card: Card, response: Response, *, group: int | None = None) -> Grade:
    """Grade ``response`` to ``card``; ``group`` is the cloze group under review.

    Raises ``ValueError`` when the response does not fit the card (a text answer to a choice
    card, a choice index out of range, a cloze card without a valid group).
    """
    if isinstance(card, ClozeCard):
        return _grade_cloze(card, response, group)
    if isinstance(card, BasicCard):
        _expect(card, response, Reveal)
        return _self_rated(card.back)
    if isinstance(card, ChoiceCard | MultiCard):
        return _grade_choices(card, response)
    if isinstance(card, TrueFalseCard):
        expected = "True" if card.answer else "False"
        if isinstance(response, Reveal):
            return _self_rated(expected)
        _expect(card, response, TrueFalseResponse)
        return _objective(response.value == card.answer, expected)
    if isinstance(card, TypedCard):
        expected = card.answers[0]
        if _is_reveal(response):
            return _self_rated(expected)
        _expect(card, response, TextResponse)
        accepted, near = _match_any(response.text, card.answers, card.match)
        note = f"accepted: you typed '{response.text.strip()}'" if accepted and near else None
        return _objective(accepted, expected, note=note)
    raise ValueError(f"cannot grade a card of type {type(card).__name__}")


def _is_reveal(response: Response) -> bool:
    return isinstance(response, Reveal) or (
        isinstance(response, TextResponse) and not response.text.strip()
    )


def _expect(card: Card, response: Response, kind: type) -> None:
    if not isinstance(response, kind):
        raise ValueError(
            f"card {card.id!r} ({card.type}) takes a {kind.__name__}, "
            f"not a {type(response).__name__}"
        )


def _self_rated(expected: str, feedback: tuple[ChoiceFeedback, ...] = ()) -> Grade:
    return Grade(None, True, expected, Rating.GOOD, feedback)


def _objective(
    correct: bool, expected: str, feedback: tuple[ChoiceFeedback, ...] = (), note: str | None = None
) -> Grade:
    suggested = Rating.GOOD if correct else Rating.AGAIN
    return Grade(correct, False, expected, suggested, feedback, note)


def _grade_choices(card: ChoiceCard | MultiCard, response: Response) -> Grade:
    right = frozenset(i for i, choice in enumerate(card.choices) if choice.correct)
    expected = "; ".join(card.choices[i].text for i in sorted(right))
    picked: frozenset[int] = frozenset()
    if not isinstance(response, Reveal):
        _expect(card, response, ChoiceResponse)
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
    if isinstance(response, Reveal):
        return _self_rated(expected, feedback)
    return _objective(picked == right, expected, feedback)


def _grade_cloze(card: ClozeCard, response: Response, group: int | None) -> Grade:
    if group is None or group not in card.groups:
        raise ValueError(f"cloze card {card.id!r} has groups {card.groups}; got group {group!r}")
    deletions = [d for d in card.deletions if d.group == group]
    answers = [d.accepted for d in deletions]
    expected = "; ".join(d.answer for d in deletions)
    if _is_reveal(response):
        return _self_rated(expected)
    _expect(card, response, TextResponse)
    parts = _split_parts(response.text, len(answers))
    if parts is None:
        return _objective(False, expected)
    near_misses = []
    for part, answer in zip(parts, answers, strict=True):
        accepted, near = _match_any(part, answer, card.match)
        if not accepted:
            return _objective(False, expected)
        if near:
            near_misses.append(part)
    note = None
    if near_misses:
        note = "accepted: you typed " + ", ".join(f"'{part}'" for part in near_misses)
    return _objective(True, expected, note=note)


def _split_parts(text: str, count: int) -> list[str] | None:
    if count == 1:
        return [text.strip()]
    for separator in (";", ","):
        parts = [part.strip() for part in text.split(separator)]
        if len(parts) == count:
            return parts
    return None


def normalize(text: str, options: MatchOptions) -> str:
    """Fold ``text`` as the matching options say (case, accents, punctuation and spaces).

    Punctuation means Unicode punctuation (``-``, ``.``, ``'``...); symbols such as ``+`` stay,
    so ``CD4+`` never matches ``CD4``.
    """
    text = unicodedata.normalize("NFKC", text)
    if options.ignore_case:
        text = text.casefold()
    if options.ignore_accents:
        decomposed = unicodedata.normalize("NFKD", text)
        text = unicodedata.normalize(
            "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        )
    if options.ignore_punctuation:
        return "".join(
            ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P")
        )
    return " ".join(text.split())


def typo_allowance(answer: str, options: MatchOptions) -> int:
    """Edits forgiven for a (normalized) answer: the card's ``max_typos`` or the default.

    The default is 1 for answers of five or more characters, else 0; never more than half
    the answer's length, so a short answer cannot be matched by something unrelated.
    """
    allowed = options.max_typos
    if allowed is None:
        allowed = 1 if len(answer) >= 5 else 0
    return min(allowed, len(answer) // 2)


def _match_any(typed: str, answers: Sequence[str], options: MatchOptions) -> tuple[bool, bool]:
    """(accepted, near miss) for a typed text against the accepted spellings."""
    folded = normalize(typed, options)
    candidates = []
    for answer in answers:
        target = normalize(answer, options)
        if not target:  # an answer made only of punctuation: compare it as written
            target, mine = " ".join(answer.split()), " ".join(typed.split())
        else:
            mine = folded
        if mine == target:
            return True, False
        candidates.append((mine, target))
    for mine, target in candidates:
        if _digits(mine) != _digits(target):
            continue  # a different number is a different answer, not a typo
        allowed = typo_allowance(target, options)
        if allowed and edit_distance(mine, target, limit=allowed) <= allowed:
            return True, True
    return False, False


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def edit_distance(a: str, b: str, *, limit: int | None = None) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, swaps.

    With ``limit``, any distance above it may be reported as ``limit + 1``.
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


def response_to_json(response: Response) -> str:
    """Serialize a response for the review log."""
    data: dict[str, Any]
    if isinstance(response, Reveal):
        data = {"type": "reveal"}
    elif isinstance(response, ChoiceResponse):
        data = {"type": "choice", "picked": sorted(response.picked)}
    elif isinstance(response, TrueFalseResponse):
        data = {"type": "true_false", "value": response.value}
    elif isinstance(response, TextResponse):
        data = {"type": "text", "text": response.text}
    else:
        raise ValueError(f"not a response: {response!r}")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def response_from_json(text: str) -> Response:
    """Read back a response written by :func:`response_to_json`; ``ValueError`` if malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"response is not JSON: {error}") from None
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "reveal":
        return Reveal()
    if kind == "choice":
        picked = data.get("picked")
        if isinstance(picked, list) and all(
            isinstance(i, int) and not isinstance(i, bool) for i in picked
        ):
            return ChoiceResponse(frozenset(picked))
    elif kind == "true_false" and isinstance(data.get("value"), bool):
        return TrueFalseResponse(data["value"])
    elif kind == "text" and isinstance(data.get("text"), str):
        return TextResponse(data["text"])
    raise ValueError(f"not a valid response: {text!r}")
