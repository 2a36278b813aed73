"""A student's progress carried into an exported Anki package (``--with-progress``).

The package's collection is written here rather than by genanki's own writer, so that its
cards can get the schedule the progress store holds before it is zipped: a review item
becomes a review card due the same day (Anki counts days from the collection's creation,
``col.crt``) with its FSRS stability and difficulty as Anki keeps them (``cards.data``), an
item in (re)learning a learning card due the same second, and every logged review a row of
Anki's review log. Items never reviewed stay new.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.progress.state import ItemState, ReviewRow, to_epoch

DAY = 86_400
_CARD_TYPE = {"learning": 1, "review": 2, "relearning": 3}
_REVIEW_TYPE = {"new": 0, "learning": 0, "review": 1, "relearning": 2}


@dataclass(slots=True)
class DeckProgress:
    """One deck's item states and review log, by item id, as the store gives them."""

    states: dict[str, ItemState] = field(default_factory=dict)
    reviews: list[ReviewRow] = field(default_factory=list)


def _interval(state: ItemState) -> int:
    """Anki's ``ivl``: days for a review card, negative seconds for a learning one."""
    if state.state == "review" and state.last_review is not None:
        return max(1, (to_epoch(state.due) - to_epoch(state.last_review)) // DAY)
    since = to_epoch(state.last_review) if state.last_review is not None else to_epoch(state.due)
    return -max(0, to_epoch(state.due) - since)


def _card_id(cards: dict[tuple[str, int], int], guid_of: Any, deck_id: str, item_id: str):
    card, _, group = item_id.partition("#c")
    ordinal = int(group) - 1 if group.isdigit() else 0
    return cards.get((guid_of(deck_id, card), ordinal))


def _apply(cursor: sqlite3.Cursor, progress: dict[str, DeckProgress], guid_of: Any) -> int:
    (crt,) = cursor.execute("SELECT crt FROM col").fetchone()
    cards = {
        (guid, ordinal): card_id
        for card_id, guid, ordinal in cursor.execute(
            "SELECT cards.id, notes.guid, cards.ord FROM cards JOIN notes ON cards.nid = notes.id"
        )
    }
    scheduled = 0
    used_ids: set[int] = set()
    for deck_id, deck in progress.items():
        reps: dict[int, int] = {}
        lapses: dict[int, int] = {}
        for row in deck.reviews:
            card_id = _card_id(cards, guid_of, deck_id, row.item_id)
            if card_id is None:
                continue
            reps[card_id] = reps.get(card_id, 0) + 1
            if int(row.rating) == 1 and row.kind == "review":
                lapses[card_id] = lapses.get(card_id, 0) + 1
            review_id = to_epoch(row.reviewed_at) * 1000
            while review_id in used_ids:  # Anki keys its log on the millisecond
                review_id += 1
            used_ids.add(review_id)
            before = 0 if row.state_before is None else _interval(row.state_before)
            cursor.execute(
                "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, 0, ?, ?)",
                (
                    review_id,
                    card_id,
                    int(row.rating),
                    _interval(row.state_after),
                    before,
                    max(0, min(row.duration_ms, 60_000)),
                    _REVIEW_TYPE.get(row.kind, 1),
                ),
            )
        for item_id, state in deck.states.items():
            card_id = _card_id(cards, guid_of, deck_id, item_id)
            if card_id is None:
                continue
            review = state.state == "review"
            due = (to_epoch(state.due) - crt) // DAY if review else to_epoch(state.due)
            memory = {"s": state.stability, "d": state.difficulty}
            data = json.dumps({k: round(v, 4) for k, v in memory.items() if v is not None})
            cursor.execute(
                "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?,"
                " lapses = ?, left = ?, data = ? WHERE id = ?",
                (
                    _CARD_TYPE[state.state],
                    2 if review else 1,
                    due,
                    max(0, _interval(state)) if review else 0,
                    2500,
                    reps.get(card_id, 1),
                    lapses.get(card_id, 0),
                    0 if review else 1,
                    data,
                    card_id,
                ),
            )
            scheduled += 1
    return scheduled


def write_package(
    package: Any, target: Path, progress: dict[str, DeckProgress] | None, guid_of: Any
) -> int:
    """Write a package (:class:`~quiz.interop.apkg_export.AnkiPackage`) to ``target`` (a
    new file), with the schedule of ``progress`` when given; gives back how many cards got a
    schedule. The collection is built in memory and stored in the zip as it is."""
    connection = sqlite3.connect(":memory:")
    try:
        cursor = connection.cursor()
        now = time.time()
        package.write_to_db(cursor, now, itertools.count(int(now * 1000)))
        scheduled = _apply(cursor, progress, guid_of) if progress else 0
        connection.commit()
        database = connection.serialize()
    finally:
        connection.close()
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("collection.anki2", database)
        archive.writestr("media", "{}")
    return scheduled
