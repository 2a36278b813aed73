"""The deck format: pydantic models for a deck file and the rules every deck follows.

A deck is one YAML mapping. Validation happens in two layers:

* the models check each value (types, slugs, lengths, unknown keys, the rules of one card;
  each card kind's model is defined with its kind, in :mod:`quiz.kinds`);
* :func:`cross_check` checks what spans several cards (unique card ids, source keys that
  exist). ``Deck.model_validate`` runs it too, unless the validation context says
  ``{"cross_check": False}`` (the loader runs it itself to locate each problem precisely).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self, Union

from pydantic import ConfigDict, Field, ValidationInfo, model_validator

from quiz.deck.fields import ShortText, Slug, Source, StrictModel, Text
from quiz.kinds.matching import MatchOptions
from quiz.kinds.registry import CARD_MODELS, kind_of

if TYPE_CHECKING:
    from quiz.deck.fields import CardBase

    Card = CardBase
    """Any card; type checkers see the fields every kind shares."""
else:
    Card = Annotated[Union[CARD_MODELS], Field(discriminator="type")]  # noqa: UP007


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
    synonyms: dict[ShortText, list[ShortText]] = Field(
        default_factory=dict,
        description="A glossary: each term and the words that mean the same, accepted for one "
        "another in every typed answer and cloze blank of the deck (e.g. steroids: "
        "[corticosteroids, glucocorticoids]).",
    )
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

    @model_validator(mode="after")
    def _share_glossary(self) -> Self:
        share_glossary(self.synonyms, self.cards)
        return self

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


class DeckGlossary(StrictModel):
    """A deck's sources and glossary alone, validated from its JSON without its cards (what
    a card read from the deck cache needs of its deck: :mod:`quiz.deck.cached_cards`); the
    same fields as :class:`Deck`'s, the others ignored."""

    model_config = ConfigDict(extra="ignore", strict=True, frozen=True, defer_build=True)

    sources: list[Source] = Field(min_length=1)
    synonyms: dict[ShortText, list[ShortText]] = Field(default_factory=dict)


def share_glossary(synonyms: dict[str, list[str]], cards: Iterable[Card]) -> None:
    """Let every typed answer and cloze blank of ``cards`` accept the deck's synonyms."""
    if synonyms:
        glossary = tuple((term, *others) for term, others in synonyms.items())
        for card in cards:
            match = getattr(card, "match", None)
            if isinstance(match, MatchOptions):
                match.attach_glossary(glossary)


def deck_warnings(deck: Deck) -> Iterator[RuleViolation]:
    """Advice that does not make a deck invalid (it fails only under ``--strict``)."""
    for index, card in enumerate(deck.cards):
        if card.explanation is None:
            yield RuleViolation(("cards", index), f"card {card.id!r} has no explanation", "warning")
        for path, message in kind_of(card).warnings(card):
            yield RuleViolation(("cards", index, *path), message, "warning")


def failed_examples(deck: Deck) -> Iterator[RuleViolation]:
    """An error for each self-test example the grader gets wrong (:mod:`quiz.kinds.examples`)."""
    for index, card in enumerate(deck.cards):
        for path, message in kind_of(card).failed_examples(card):
            yield RuleViolation(("cards", index, *path), message)


def item_ids(card: Card) -> list[str]:
    """The review items of a card: the card itself, or one item per cloze group (``id#c2``)."""
    return [item_id for item_id, _ in kind_of(card).items(card)]


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
