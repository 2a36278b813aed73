"""Every card kind, in the order the schema and messages list them.

Adding a kind means writing its module and listing it here; the deck model's ``Card`` union,
``CARD_TYPES``, the JSON Schema, the deck items, the session's option order, grading, the
review log and the benchmark generator all follow from this list.
"""

from __future__ import annotations

from typing import Any

from quiz.deck.fields import CardBase
from quiz.kinds.base import CardKind, Response
from quiz.kinds.basic import BasicKind
from quiz.kinds.choice import ChoiceKind, MultiKind
from quiz.kinds.cloze import ClozeKind
from quiz.kinds.order import OrderKind
from quiz.kinds.true_false import TrueFalseKind
from quiz.kinds.typed import TypedKind

KINDS: tuple[CardKind[Any], ...] = (
    BasicKind(),
    ChoiceKind(),
    MultiKind(),
    TrueFalseKind(),
    ClozeKind(),
    TypedKind(),
    OrderKind(),
)

CARD_TYPES = tuple(kind.name for kind in KINDS)
CARD_MODELS = tuple(kind.model for kind in KINDS)
_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_named(name: str) -> CardKind[Any]:
    """The kind whose ``type:`` is ``name``; ``KeyError`` if there is none."""
    return _BY_NAME[name]


def kind_of(card: CardBase) -> CardKind[Any]:
    """The kind of a card (of any kind's model)."""
    return _BY_NAME[card.type]


def response_types(kinds: tuple[CardKind[Any], ...] = KINDS) -> dict[str, type[Response]]:
    """Every response type the kinds take, by its review-log tag.

    ``ValueError`` when two different types claim one tag (their logs would be confused).
    """
    by_tag: dict[str, type[Response]] = {}
    for kind in kinds:
        for response_type in kind.responses:
            known = by_tag.setdefault(response_type.tag, response_type)
            if known is not response_type:
                raise ValueError(
                    f"response tag {response_type.tag!r} is claimed by both "
                    f"{known.__name__} and {response_type.__name__}"
                )
    return by_tag
