"""The pieces every deck model is made of: strict models, slugs and texts, a card's common fields.

Kept apart from :mod:`quiz.deck.model` so that each card kind (:mod:`quiz.kinds`) can define
its model on them, and the deck model can then gather the kinds into its ``Card`` union.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from quiz.deck.lint.rule_ids import RuleId
from quiz.safe_text import visible

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80),
    Field(description="Lower-case letters, digits, and single '-' or '_' between them."),
]
# Every text of a deck is shown on a terminal: its control characters and bidi overrides are
# made visible once, here, so that whatever shows a deck's text receives it safe.
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
    AfterValidator(visible),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000),
    AfterValidator(visible),
]


class StrictModel(BaseModel):
    """Base for every deck model: unknown keys are errors, values are not coerced.

    The validators are built on first use (``defer_build``): a process that only lists or
    checks decks served by the deck cache never pays for building them.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Source(StrictModel):
    """A document that cards cite, declared once per deck."""

    key: Slug = Field(description="Short key that cards cite, for example 'klein2025'.")
    title: ShortText
    authors: list[ShortText] = Field(min_length=1)
    year: int = Field(ge=1800, le=2200)
    venue: ShortText = Field(description="Journal, publisher or website.")
    url: ShortText | None = None


class CardSource(StrictModel):
    """Where a card's content comes from: a source key and a place within it."""

    key: Slug = Field(description="A key from the deck's `sources`.")
    locator: ShortText = Field(description="Where in the source: 'ref 5', 'section Safety'.")


class LintSettings(StrictModel):
    """The lint rules a card silences, and why (``quiz lint`` then skips them for it)."""

    ignore: list[RuleId] = Field(min_length=1, description="Rule ids, e.g. stem-echo.")
    why: ShortText = Field(description="Why the rule does not apply to this card.")


class CardBase(StrictModel):
    """Fields every card has, whatever its type.

    Each card kind's model adds ``type: Literal["<its name>"]`` (the union's discriminator)
    and its own fields.
    """

    if TYPE_CHECKING:
        type: str

    id: Slug = Field(description="Unique within the deck. Progress is keyed on it.")
    tags: list[ShortText] = Field(default_factory=list)
    source: CardSource
    explanation: Text | None = Field(
        default=None, description="Shown after answering: why the answer is right."
    )
    lint: LintSettings | None = Field(
        default=None, description="Lint rules this card silences: {ignore: [rule-id], why}."
    )

    @property
    def prompt(self) -> str:
        """The text a student reads first; every card type defines it."""
        raise NotImplementedError


def check_unique_texts(field: str, texts: Sequence[str]) -> None:
    """Raise ``ValueError`` when two texts are the same, ignoring case and spacing.

    The message names both places: ``choices[2] repeats the text of choices[0]: 'CD28'``.
    """
    seen: dict[str, int] = {}
    for index, text in enumerate(texts):
        folded = " ".join(text.casefold().split())
        if folded in seen:
            raise ValueError(
                f"{field}[{index}] repeats the text of {field}[{seen[folded]}]: {text!r}"
            )
        seen[folded] = index
