"""The deck format: pydantic models for a deck file and the rules every deck follows.

A deck is one YAML mapping. Validation happens in two layers:

* the models check each value (types, slugs, lengths, unknown keys, the rules of one card);
* :func:`cross_check` checks what spans several cards (unique card ids, source keys that
  exist). ``Deck.model_validate`` runs it too, unless the validation context says
  ``{"cross_check": False}`` (the loader runs it itself to locate each problem precisely).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from quiz.deck.cloze import Deletion, parse_cloze, render_cloze

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80),
    Field(description="Lower-case letters, digits, and single '-' or '_' between them."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000)]

CARD_TYPES = ("basic", "choice", "multi", "true_false", "cloze", "typed")
MAX_CHOICES = 8


class StrictModel(BaseModel):
    """Base for every deck model: unknown keys are errors, values are not coerced.

    The validators are built on first use (``defer_build``): a deck served by the deck
    cache is rebuilt without validation, so a process that only uses cached decks never
    pays for building them.
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


class CardBase(StrictModel):
    """Fields every card has, whatever its type."""

    id: Slug = Field(description="Unique within the deck. Progress is keyed on it.")
    tags: list[ShortText] = Field(default_factory=list)
    source: CardSource
    explanation: Text | None = Field(
        default=None, description="Shown after answering: why the answer is right."
    )

    @property
    def prompt(self) -> str:
        """The text a student reads first; every card type defines it."""
        raise NotImplementedError


class BasicCard(CardBase):
    """Recall: the student reads the front, reveals the back and rates themselves."""

    type: Literal["basic"]
    front: Text
    back: Text

    @property
    def prompt(self) -> str:
        return self.front


class Choice(StrictModel):
    """One answer option of a choice or multi card."""

    text: ShortText
    correct: bool = False
    why: Text | None = Field(default=None, description="Shown when the student picks it.")


def _check_choice_texts(choices: list[Choice]) -> list[Choice]:
    seen: dict[str, int] = {}
    for index, choice in enumerate(choices):
        folded = " ".join(choice.text.casefold().split())
        if folded in seen:
            raise ValueError(
                f"choices[{index}] repeats the text of choices[{seen[folded]}]: {choice.text!r}"
            )
        seen[folded] = index
    return choices


class ChoiceCard(CardBase):
    """Single-answer multiple choice: exactly one choice is correct."""

    type: Literal["choice"]
    question: Text
    choices: list[Choice] = Field(min_length=2, max_length=MAX_CHOICES)
    shuffle: bool = True

    @field_validator("choices")
    @classmethod
    def _exactly_one_correct(cls, choices: list[Choice]) -> list[Choice]:
        correct = sum(choice.correct for choice in choices)
        if correct != 1:
            raise ValueError(f"a choice card needs exactly one correct choice, found {correct}")
        return _check_choice_texts(choices)

    @property
    def prompt(self) -> str:
        return self.question


class MultiCard(CardBase):
    """Select all that apply: one or more choices are correct."""

    type: Literal["multi"]
    question: Text
    choices: list[Choice] = Field(min_length=2, max_length=MAX_CHOICES)
    shuffle: bool = True

    @field_validator("choices")
    @classmethod
    def _at_least_one_correct(cls, choices: list[Choice]) -> list[Choice]:
        if not any(choice.correct for choice in choices):
            raise ValueError("a multi card needs at least one correct choice, found 0")
        return _check_choice_texts(choices)

    @property
    def prompt(self) -> str:
        return self.question


class TrueFalseCard(CardBase):
    """A statement the student judges true or false."""

    type: Literal["true_false"]
    statement: Text
    answer: bool

    @property
    def prompt(self) -> str:
        return self.statement


class MatchOptions(StrictModel):
    """How a typed response is compared with the accepted answers."""

    ignore_case: bool = True
    ignore_accents: bool = True
    ignore_punctuation: bool = Field(
        default=True, description="Also ignores spaces, so 'IL 13' matches 'IL-13'."
    )
    max_typos: int | None = Field(
        default=None,
        ge=0,
        le=5,
        description="Edits forgiven. Default: 1 for answers of five or more characters, else 0.",
    )


class TypedCard(CardBase):
    """The student types a short answer, matched against the accepted spellings."""

    type: Literal["typed"]
    question: Text
    answers: list[ShortText] = Field(min_length=1, description="Every accepted spelling.")
    match: MatchOptions = Field(default_factory=MatchOptions)

    @property
    def prompt(self) -> str:
        return self.question


class ClozeCard(CardBase):
    """Fill in the blanks; each deletion group is reviewed as its own item."""

    type: Literal["cloze"]
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


Card = Annotated[
    BasicCard | ChoiceCard | MultiCard | TrueFalseCard | ClozeCard | TypedCard,
    Field(discriminator="type"),
]


@dataclass(frozen=True, slots=True)
class RuleViolation:
    """A problem found by a rule: where (a path of keys and indexes), what, and how bad."""

    path: tuple[str | int, ...]
    message: str
    severity: Literal["error", "warning"] = "error"


def cross_check(data: Any) -> list[RuleViolation]:
    """Check the rules that span cards, on raw (possibly malformed) deck data.

    Unique card ids and card source keys that name a declared source. Malformed parts are
    skipped here: the models report them.
    """
    if not isinstance(data, dict):
        return []
    problems: list[RuleViolation] = []
    sources = data.get("sources")
    keys = set()
    if isinstance(sources, list):
        for index, source in enumerate(sources):
            key = source.get("key") if isinstance(source, dict) else None
            if isinstance(key, str):
                if key in keys:
                    problems.append(
                        RuleViolation(("sources", index, "key"), f"duplicate source key {key!r}")
                    )
                keys.add(key)
    cards = data.get("cards")
    if not isinstance(cards, list):
        return problems
    first_index: dict[str, int] = {}
    shown = sorted(keys)[:10]  # worded once: thousands of cards may cite a missing source
    known = ", ".join(shown) + (", ..." if len(keys) > len(shown) else "") or "none declared"
    for index, card in enumerate(cards):
        if not isinstance(card, dict):
            continue
        card_id = card.get("id")
        if isinstance(card_id, str):
            if card_id in first_index:
                problems.append(
                    RuleViolation(
                        ("cards", index, "id"),
                        f"duplicate card id {card_id!r} "
                        f"(first used by cards[{first_index[card_id]}])",
                    )
                )
            else:
                first_index[card_id] = index
        source = card.get("source")
        key = source.get("key") if isinstance(source, dict) else None
        if isinstance(key, str) and isinstance(sources, list) and key not in keys:
            problems.append(
                RuleViolation(
                    ("cards", index, "source", "key"),
                    f"unknown source key {key!r} (deck sources: {known})",
                )
            )
    return problems


class Deck(StrictModel):
    """A deck file: metadata, the sources its cards cite, and the cards."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        defer_build=True,
        title="quiz deck",
    )

    id: Slug = Field(description="Unique among all loaded decks. Progress is keyed on it.")
    title: ShortText
    description: Text
    version: int = Field(ge=1, description="Bump when the deck changes.")
    tags: list[ShortText] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    cards: list[Card] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _cross_check(cls, data: Any, info: ValidationInfo) -> Any:
        if info.context and info.context.get("cross_check") is False:
            return data
        errors = [p for p in cross_check(data) if p.severity == "error"]
        if errors:
            raise ValueError("; ".join(f"{format_path(p.path)}: {p.message}" for p in errors))
        return data

    def card(self, card_id: str) -> Card:
        """The card with this id; ``KeyError`` if there is none."""
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def source(self, key: str) -> Source:
        """The declared source with this key; ``KeyError`` if there is none."""
        for source in self.sources:
            if source.key == key:
                return source
        raise KeyError(key)


def deck_warnings(deck: Deck) -> Iterator[RuleViolation]:
    """Advice that does not make a deck invalid (it fails only under ``--strict``)."""
    for index, card in enumerate(deck.cards):
        if card.explanation is None:
            yield RuleViolation(("cards", index), f"card {card.id!r} has no explanation", "warning")
        if isinstance(card, ChoiceCard | MultiCard):
            for choice_index, choice in enumerate(card.choices):
                if not choice.correct and choice.why is None:
                    yield RuleViolation(
                        ("cards", index, "choices", choice_index),
                        f"wrong choice {choice.text!r} has no 'why'",
                        "warning",
                    )


def item_ids(card: Card) -> list[str]:
    """The review items of a card: the card itself, or one item per cloze group (``id#c2``)."""
    if isinstance(card, ClozeCard):
        return [f"{card.id}#c{group}" for group in card.groups]
    return [card.id]


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a path as ``cards[12].choices[2].text``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a deck file, for editors."""
    schema = Deck.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
