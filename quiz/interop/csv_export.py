"""Decks exported as CSV: one row per card, for spreadsheets and other tools.

Columns: the deck, the card id and type, its tags (separated by spaces), the prompt, the
answer (as quiz shows it after answering), the choices with their verdicts, the
explanation, and the source (key, title and locator).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from quiz.deck.model import Deck
from quiz.kinds.choice import OptionsCard
from quiz.kinds.registry import kind_of

COLUMNS = (
    "deck_id",
    "card_id",
    "type",
    "tags",
    "prompt",
    "answer",
    "choices",
    "explanation",
    "source_key",
    "source_title",
    "source_locator",
)


def card_rows(decks: list[Deck]) -> Iterator[list[str]]:
    """Every card of ``decks`` as a row of :data:`COLUMNS`."""
    for deck in decks:
        for card in deck.cards:
            choices = ""
            if isinstance(card, OptionsCard):
                choices = "\n".join(
                    f"{'[x]' if choice.correct else '[ ]'} {choice.text}" for choice in card.choices
                )
            yield [
                deck.id,
                card.id,
                card.type,
                " ".join(card.tags),
                card.prompt,
                kind_of(card).answer_text(card),
                choices,
                card.explanation or "",
                card.source.key,
                deck.source(card.source.key).title,
                card.source.locator,
            ]


def csv_text(decks: list[Deck]) -> str:
    """The CSV file of ``decks``: a header row, then one row per card."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(card_rows(decks))
    return out.getvalue()
