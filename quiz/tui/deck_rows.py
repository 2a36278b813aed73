"""The rows of the deck list, from the library's entries, their counts and the filter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from quiz.deck.summary import ALL_DECKS_ID
from quiz.tui.widgets.deck_table import DeckRow

if TYPE_CHECKING:
    from pathlib import Path

    from quiz.deck.loader import LoadedDeck
    from quiz.deck.problems import Problem
    from quiz.study.study_day import DeckCounts


def deck_rows(
    entries: Sequence[LoadedDeck | tuple[Path, Problem]],
    counts: dict[str, DeckCounts],
    words: str,
) -> tuple[list[DeckRow], tuple[int, int, int, int]]:
    """The rows whose deck (id, title, tags, description) or broken file holds ``words``
    (casefolded; all rows when empty), then the all-decks row when nothing is filtered out;
    and the cards, new, learning and due items of every deck together.

    The all-decks row studies every deck, so it is not offered beside a filtered list.
    """
    rows: list[DeckRow] = []
    totals = [0, 0, 0, 0]
    decks = 0
    for entry in entries:
        if isinstance(entry, tuple):
            path, _problem = entry
            if not words or words in str(path).casefold():
                rows.append(DeckRow(key=f"file:{path}", title=path.name, broken=True))
            continue
        deck, count = entry.summary, counts[entry.summary.id]
        decks += 1
        row = DeckRow(deck.id, deck.title, deck.card_count, count.new, count.learning, count.due)
        for index, value in enumerate(row.counts):
            totals[index] += value
        text = " ".join([deck.id, deck.title, *deck.tags, deck.description]).casefold()
        if not words or words in text:
            rows.append(row)
    cards, new, learning, due = totals
    if decks and not words:
        rows.append(DeckRow(ALL_DECKS_ID, "All decks", cards, new, learning, due))
    return rows, (cards, new, learning, due)
