"""Grading: a student's response to a card judged by the card's kind, and the review log's
JSON of a response.

Everything here is pure: no I/O, no clock. Objective card types (choice, multi, true/false,
typed, typed cloze, order) are marked right or wrong and suggest Again (wrong) or Good
(right); a basic card, or any card the student chose to reveal, is self-rated and suggests
Good. What each kind does is in :mod:`quiz.kinds`.
"""

from __future__ import annotations

import json

from quiz.deck.fields import CardBase
from quiz.kinds.base import Grade, Response
from quiz.kinds.registry import kind_of, response_types

_RESPONSE_TYPES = response_types()
_RESPONSE_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once


def grade(card: CardBase, response: Response, *, group: int | None = None) -> Grade:
    """Grade ``response`` to ``card``; ``group`` is the cloze group under review.

    Raises ``ValueError`` when the response does not fit the card (a text answer to a choice
    card, a choice index out of range, a cloze card without a valid group).
    """
    kind = kind_of(card)
    if not isinstance(response, kind.responses):
        takes = " or ".join(accepted.__name__ for accepted in kind.responses)
        raise ValueError(
            f"card {card.id!r} ({card.type}) takes a {takes}, not a {type(response).__name__}"
        )
    return kind.grade(card, response, group)


def response_to_json(response: Response) -> str:
    """Serialize a response for the review log: ``{"type": <tag>, ...its fields}``."""
    if _RESPONSE_TYPES.get(getattr(response, "tag", "")) is not type(response):
        raise ValueError(f"not a response: {response!r}")
    data = {"type": response.tag, **response.to_data()}
    return _RESPONSE_JSON.encode(data)


def response_from_json(text: str) -> Response:
    """Read back a response written by :func:`response_to_json`; ``ValueError`` if malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"response is not JSON: {error}") from None
    tag = data.get("type") if isinstance(data, dict) else None
    response_type = _RESPONSE_TYPES.get(tag) if isinstance(tag, str) else None
    if response_type is None:
        raise ValueError(f"not a valid response: {text!r}")
    try:
        return response_type.from_data(data)
    except ValueError as error:
        raise ValueError(f"not a valid response: {text!r} ({error})") from None
