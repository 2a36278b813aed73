"""Item states and review log entries as rows of the progress database, and back.

Times in rows are integer UTC epoch seconds; the states before and after a review are kept
in the log as compact JSON.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path

from quiz.progress.errors import StoreError
from quiz.progress.log_rows import (
    LOG_COLUMNS,
    LOG_FIELDS,
    STATE_COLUMNS,
    review_from_values,
    state_from_row,
)
from quiz.progress.state import ItemState, ReviewRow, from_epoch, state_json, to_epoch
from quiz.rating import Rating

LOG_SLOTS = ", ".join("?" * len(LOG_FIELDS.split(",")))  # SQLite's placeholders
LOG_INSERT = f"INSERT INTO review_log ({LOG_FIELDS}) VALUES ({LOG_SLOTS})"


def log_values(
    deck_id: str,
    item_id: str,
    rating: Rating,
    correct: bool | None,
    response: str,
    reviewed_at: int,
    duration_ms: int,
    before: ItemState | None,
    after: ItemState,
    *,
    overruled: bool = False,
    parameters_id: int | None = None,
) -> tuple:
    """The :data:`LOG_FIELDS` of one review; its ``kind`` is the state ``before`` it."""
    return (
        deck_id,
        item_id,
        int(rating),
        None if correct is None else int(correct),
        response,
        reviewed_at,
        duration_ms,
        "new" if before is None else before.state,
        state_json(before),
        state_json(after),
        int(overruled),
        parameters_id,
    )


def review_from_row(row: tuple) -> ReviewRow:
    """The review in a row of :data:`LOG_COLUMNS`.

    A state that cannot be read back raises :class:`sqlite3.DatabaseError`, so the store
    reports it as a damaged database.
    """
    try:
        return review_from_values(row)
    except ValueError as error:
        raise sqlite3.DatabaseError(str(error)) from None


def _as_read_back(state: ItemState) -> ItemState:
    """``state`` as the log gives it back: times whole UTC seconds, numbers floats."""
    times = (state.due, state.last_review)
    numbers = (state.stability, state.difficulty)
    if all(t is None or (t.tzinfo is UTC and t.microsecond == 0) for t in times) and all(
        n is None or type(n) is float for n in numbers
    ):
        return state
    return ItemState.from_dict(state.to_dict())


def written_review(
    review_id: int, values: tuple, before: ItemState | None, after: ItemState
) -> ReviewRow:
    """The review just logged as ``review_id`` from ``values`` (:func:`log_values` of the
    states ``before`` and ``after``), as :func:`review_from_row` would read it back."""
    deck, item, rating, correct, response, at, duration, kind, _, _, overruled, fit = values
    return ReviewRow(
        id=review_id,
        deck_id=deck,
        item_id=item,
        rating=Rating(rating),
        correct=None if correct is None else bool(correct),
        response=response,
        reviewed_at=from_epoch(at),
        duration_ms=duration,
        state_before=None if before is None else _as_read_back(before),
        state_after=_as_read_back(after),
        kind=kind,
        overruled=bool(overruled),
        parameters_id=fit,
    )


def read_state(db: sqlite3.Connection, deck_id: str, item_id: str) -> ItemState | None:
    """The stored state of one item, or None if it has none."""
    row = db.execute(
        f"SELECT {STATE_COLUMNS} FROM item_state WHERE deck_id = ? AND item_id = ?",
        (deck_id, item_id),
    ).fetchone()
    return None if row is None else state_from_row(row)


def write_state(db: sqlite3.Connection, deck_id: str, item_id: str, state: ItemState) -> None:
    """Store (insert or replace) the state of one item."""
    db.execute(
        f"INSERT OR REPLACE INTO item_state (deck_id, item_id, {STATE_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (deck_id, item_id, *_state_values(state)),
    )


_INSERT_NEW_STATE = (
    f"INSERT INTO item_state (deck_id, item_id, {STATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (deck_id, item_id) DO NOTHING"
)
_UPDATE_SAME_STATE = (
    "UPDATE item_state SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
    " last_review = ? WHERE deck_id = ? AND item_id = ? AND state = ? AND step IS ?"
    " AND stability IS ? AND difficulty IS ? AND due = ? AND last_review IS ?"
)


def _state_values(state: ItemState) -> tuple:
    last = None if state.last_review is None else to_epoch(state.last_review)
    return state.state, state.step, state.stability, state.difficulty, to_epoch(state.due), last


def replace_state_if(
    db: sqlite3.Connection, deck_id: str, item_id: str, before: ItemState | None, after: ItemState
) -> bool:
    """Store ``after`` as the item's state if its stored state is ``before`` (None: it has
    none), in one statement that reads nothing else; whether it was."""
    if before is None:
        cursor = db.execute(_INSERT_NEW_STATE, (deck_id, item_id, *_state_values(after)))
    else:
        cursor = db.execute(
            _UPDATE_SAME_STATE,
            (*_state_values(after), deck_id, item_id, *_state_values(before)),
        )
    return cursor.rowcount == 1


def delete_state(db: sqlite3.Connection, deck_id: str, item_id: str) -> None:
    """Forget the state of one item."""
    db.execute("DELETE FROM item_state WHERE deck_id = ? AND item_id = ?", (deck_id, item_id))


def undo_logged_review(db: sqlite3.Connection, path: Path, review_id: int) -> ReviewRow:
    """Inside a write transaction: delete a logged review and give its item back the state it
    had before. Only an item's latest review can be taken back (``StoreError`` otherwise)."""
    row = db.execute(f"SELECT {LOG_COLUMNS} FROM review_log WHERE id = ?", (review_id,)).fetchone()
    if row is None:
        raise StoreError(f"{path}: review {review_id} is not in the log")
    review = review_from_row(row)
    latest = db.execute(
        "SELECT max(id) FROM review_log WHERE deck_id = ? AND item_id = ?",
        (review.deck_id, review.item_id),
    ).fetchone()[0]
    if latest != review_id:
        raise StoreError(
            f"{path}: cannot undo: {review.deck_id}/{review.item_id} was reviewed again since"
        )
    if review.state_before is None:
        delete_state(db, review.deck_id, review.item_id)
    else:
        write_state(db, review.deck_id, review.item_id, review.state_before)
    db.execute("DELETE FROM review_log WHERE id = ?", (review_id,))
    return review
