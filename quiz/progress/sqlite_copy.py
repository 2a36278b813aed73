"""A progress file written from rows another backend read: how a database server's store
keeps a local copy of one student's progress (``backup``, the copy ``quiz reset`` takes).

The file is an ordinary SQLite progress file at the current schema, written whole or not at
all, that :func:`quiz.progress.open.open_store` opens like any other.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from quiz.progress.errors import StoreError
from quiz.progress.log_rows import FIT_COLUMNS, FLAG_COLUMNS, LOG_COLUMNS, fit_values
from quiz.progress.private_files import make_private_folder, partial_file, remove_stale_partials
from quiz.progress.progress_copy import ProgressCopy
from quiz.progress.rows import write_state
from quiz.progress.schema import SCHEMA_VERSION, migration_statements
from quiz.progress.state import ItemFlags, ReviewRow, state_json, to_epoch


def write_progress_copy(destination: Path, rows: ProgressCopy) -> Path:
    """Write ``rows`` to a new ``0600`` progress file at ``destination``; give back its
    path."""
    try:
        make_private_folder(destination.parent)
        remove_stale_partials(destination.parent)
        with partial_file(destination) as partial:
            db = sqlite3.connect(partial, isolation_level=None)
            try:
                db.execute("BEGIN")
                for statement in migration_statements(0):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                _write_rows(db, rows)
                db.execute("COMMIT")
            finally:
                db.close()
    except (OSError, sqlite3.Error) as error:
        why = error.strerror if isinstance(error, OSError) else error
        raise StoreError(f"{destination}: cannot write the backup: {why}") from None
    return destination


def _write_rows(db: sqlite3.Connection, rows: ProgressCopy) -> None:
    db.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?)",
        [(key, json.dumps(value)) for key, value in rows.settings.to_dict().items()],
    )
    db.executemany(
        "INSERT INTO deck_settings (deck_id, key, value) VALUES (?, ?, ?)",
        [(deck_id, key, json.dumps(value))
         for deck_id, settings in rows.deck_settings.items()
         for key, value in settings.to_dict().items()],
    )  # fmt: skip
    for deck_id, item_id, state in rows.states:
        write_state(db, deck_id, item_id, state)
    db.executemany(
        f"INSERT INTO item_flags (deck_id, item_id, {FLAG_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
        (_flag_row(*row) for row in rows.item_flags),
    )
    db.executemany(
        f"INSERT INTO fsrs_parameters ({FIT_COLUMNS}) VALUES ({'?, ' * 9}?)",
        ((fit.id, *fit_values(fit)) for fit in rows.fits),
    )
    db.executemany(
        f"INSERT INTO review_log ({LOG_COLUMNS}) VALUES ({'?, ' * 12}?)",
        (_log_row(review) for review in rows.reviews),
    )


def _flag_row(deck_id: str, item_id: str, flags: ItemFlags) -> tuple:
    buried = None if flags.buried_until is None else to_epoch(flags.buried_until)
    return (deck_id, item_id, int(flags.suspended), buried, int(flags.leech))


def _log_row(review: ReviewRow) -> tuple:
    correct = None if review.correct is None else int(review.correct)
    return (review.id, review.deck_id, review.item_id, int(review.rating), correct,
            review.response, to_epoch(review.reviewed_at), review.duration_ms, review.kind,
            state_json(review.state_before), state_json(review.state_after),
            int(review.overruled), review.parameters_id)  # fmt: skip
