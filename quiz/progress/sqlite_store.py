"""The progress store: one SQLite file holding item states, the review log and settings.

Schema version lives in ``PRAGMA user_version`` and grows by ordered migrations. The file is
in WAL mode with a busy timeout, and every review is one short ``BEGIN IMMEDIATE``
transaction, so several ``quiz`` processes may review at once and a killed process loses
nothing it committed. A file from a newer ``quiz``, a corrupt file, or a file that is not a
``quiz`` database is refused before anything is written to it.

Times are stored as integer UTC epoch seconds. The schema and the checks on a file are in
:mod:`quiz.progress.schema`; how states and reviews map to rows is in :mod:`quiz.progress.rows`.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError
from quiz.progress.integrity import remove_marks
from quiz.progress.log_rows import (
    KEYED_STATE_COLUMNS,
    LOG_COLUMNS,
    keyed_state_from_row,
)
from quiz.progress.reviewed import ReviewedCount, ReviewedItems
from quiz.progress.rows import (
    LOG_INSERT,
    log_values,
    read_state,
    replace_state_if,
    review_from_row,
    undo_logged_review,
    write_state,
    written_review,
)
from quiz.progress.schema import (
    SCHEMA_VERSION,
    migration_statements,
    refuse_newer,
    schema_version,
    store_error,
)
from quiz.progress.sqlite_backup import write_backup
from quiz.progress.sqlite_due import PAGE, due_pages
from quiz.progress.sqlite_open import open_checked
from quiz.progress.sqlite_schedule import SQLiteScheduleTables
from quiz.progress.state import ItemState, ReviewRow, Settings, StateName, to_epoch
from quiz.rating import Rating

BUSY_TIMEOUT_SECONDS = 15.0


class Store(SQLiteScheduleTables, ProgressStore):
    """The SQLite backend of :class:`ProgressStore` (documented there), opened by :meth:`open`."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._db = connection
        self._lock = threading.RLock()
        self._reviewed = ReviewedItems()
        self.fully_checked = False
        """Whether opening ran SQLite's full integrity check (:mod:`quiz.progress.integrity`)."""
        self._mark: Path | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        full_check: bool | None = None,
    ) -> Store:
        """Open (creating folder and file if needed) and migrate the database at ``path``.

        ``busy_timeout`` is how many seconds to wait for another process's write to end.
        ``full_check`` True runs SQLite's full integrity check first, None runs it when it
        is due (weekly, after a crash), False never.
        """
        return open_checked(cls, Path(path), busy_timeout, full_check)

    def _prepare(self) -> None:
        with self._guard() as db:
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        with self._guard() as db:
            if schema_version(db) == SCHEMA_VERSION:
                return  # current: no need to wait for the write lock
        with self._write() as db:  # re-read under the lock: another process may have migrated
            version = schema_version(db)
            refuse_newer(self.path, version)
            for statement in migration_statements(version):
                db.execute(statement)
            if version < SCHEMA_VERSION:
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the database. The store cannot be used afterwards."""
        with self._lock:
            self._db.close()
            if self._mark is not None:
                remove_marks([self._mark])
                self._mark = None

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """Serialize use of the connection and turn sqlite errors into ``StoreError``."""
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as error:
                raise store_error(self.path, error) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed at the end or rolled back on any error."""
        with self._guard() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                self._reviewed.reset()  # it may hold a change that is now rolled back
                if db.in_transaction:
                    with suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Every row of one query."""
        with self._guard() as db:
            return db.execute(sql, args).fetchall()

    def _reviews(self, condition: str, args: tuple) -> list[ReviewRow]:
        """The reviews ``condition`` selects; one that cannot be read back is a StoreError."""
        with self._guard() as db:
            rows = db.execute(f"SELECT {LOG_COLUMNS} FROM review_log {condition}", args)
            return [review_from_row(row) for row in rows.fetchall()]

    # -- settings ------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The stored settings (defaults for any not stored)."""
        rows = self._rows("SELECT key, value FROM settings")
        known = set(Settings.__dataclass_fields__)
        try:
            values = {key: json.loads(value) for key, value in rows if key in known}
            return Settings.from_dict(values)
        except ValueError as error:
            raise StoreError(f"{self.path}: invalid stored settings: {error}") from None

    def save_settings(self, settings: Settings) -> None:
        """Store every setting (already validated by :class:`Settings`)."""
        rows = [(key, json.dumps(value)) for key, value in settings.to_dict().items()]
        with self._write() as db:
            db.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", rows)

    # -- item states ---------------------------------------------------------------------

    def item_state(self, deck_id: str, item_id: str) -> ItemState | None:
        """The state of one item, or None if it was never reviewed."""
        with self._guard() as db:
            return read_state(db, deck_id, item_id)

    def item_states(self, deck_id: str) -> dict[str, ItemState]:
        """Every stored item state of a deck, by item id."""
        rows = self._rows(
            f"SELECT {KEYED_STATE_COLUMNS} FROM item_state WHERE deck_id = ?", (deck_id,)
        )
        return dict(map(keyed_state_from_row, rows))

    def item_schedules(self, deck_id: str) -> dict[str, tuple[StateName, int]]:
        """(state, due epoch seconds) of every stored item of a deck, by item id."""
        rows = self._rows(
            "SELECT item_id, state, due FROM item_state WHERE deck_id = ?", (deck_id,)
        )
        return {item_id: (state, due) for item_id, state, due in rows}

    def reviewed_item_ids(self, deck_id: str) -> set[str]:
        """Ids of the deck's items that have a state (were reviewed at least once)."""
        with self._guard() as db:
            return set(self._reviewed.ids(db, deck_id))

    def unreviewed(self, deck_id: str, item_ids: Iterable[str], limit: int) -> list[str]:
        """The first ``limit`` never-reviewed ``item_ids``; the deck's reviewed ids are read
        once and kept (:mod:`quiz.progress.reviewed`), so a long-studied deck costs little."""
        with self._guard() as db:
            return self._reviewed.unreviewed(db, deck_id, item_ids, limit, PAGE)

    def count_unreviewed(self, deck_id: str, item_ids: Sequence[str]) -> ReviewedCount:
        """``item_ids`` never reviewed, and other states (see :mod:`quiz.progress.reviewed`)."""
        with self._guard() as db:
            return self._reviewed.count_unreviewed(db, deck_id, item_ids)

    def states_of(self, deck_id: str, item_ids: Iterable[str]) -> dict[str, ItemState]:
        """The stored states of the given items (those never reviewed are absent)."""
        found: dict[str, ItemState] = {}
        for _, rows in self._chunks(deck_id, item_ids, KEYED_STATE_COLUMNS):
            found.update(map(keyed_state_from_row, rows))
        return found

    def _chunks(
        self, deck_id: str, item_ids: Iterable[str], columns: str
    ) -> Iterator[tuple[list[str], list[tuple]]]:
        """Page through ``item_ids``: each page with the stored rows of its items."""
        iterator = iter(item_ids)
        while chunk := list(itertools.islice(iterator, PAGE)):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {columns} FROM item_state WHERE deck_id = ? AND item_id IN ({marks})"
            yield chunk, self._rows(sql, (deck_id, *chunk))

    def iter_due(
        self, deck_id: str, before: datetime, *, learning: bool | None = None
    ) -> Iterator[tuple[str, ItemState]]:
        """Items due before ``before``, earliest first, read a page at a time.

        ``learning`` True: only (re)learning items; False: only review items; None: all.
        """
        for rows in due_pages(self._rows, deck_id, before, learning, KEYED_STATE_COLUMNS, 5):
            yield from map(keyed_state_from_row, rows)

    def due_items(
        self, deck_id: str, before: datetime, *, learning: bool | None = None, page: int = PAGE
    ) -> Iterator[tuple[str, int]]:
        """(item id, due epoch seconds) of the items :meth:`iter_due` gives, ``page`` rows at a
        time, without reading their whole states."""
        pages = due_pages(self._rows, deck_id, before, learning, "item_id, due", 1, max(1, page))
        for rows in pages:
            yield from rows

    def count_states(self, deck_id: str) -> dict[str, int]:
        """How many of the deck's stored items are in each state."""
        # All of them from the narrowest index, those not in review (a few) one by one: a
        # third of the time of grouping the deck's whole rows.
        rows = self._rows(
            "SELECT NULL, count(*) FROM item_state WHERE deck_id = ? UNION ALL"
            " SELECT state, count(*) FROM item_state INDEXED BY item_state_learning_due"
            " WHERE deck_id = ? AND state != 'review' GROUP BY state",
            (deck_id, deck_id),
        )
        counts = dict(rows[1:])
        if review := rows[0][1] - sum(counts.values()):
            counts["review"] = review
        return counts

    # -- reviews -------------------------------------------------------------------------

    def apply_review(
        self,
        deck_id: str,
        item_id: str,
        *,
        rating: Rating,
        correct: bool | None,
        response: str,
        reviewed_at: datetime,
        duration_ms: int,
        next_state: Callable[[ItemState | None], ItemState],
        overruled: bool = False,
        parameters_id: int | None = None,
        expected: tuple[ItemState | None, ItemState] | None = None,
    ) -> ReviewRow:
        """Record one review in one ``BEGIN IMMEDIATE`` transaction: the ``expected`` state
        written on condition that the stored one is as expected, else ``next_state`` of the
        state as stored, so a review by another process is never overwritten."""
        at, duration_ms = to_epoch(reviewed_at), max(0, int(duration_ms))
        with self._write() as db:
            if expected is not None and replace_state_if(db, deck_id, item_id, *expected):
                before, after = expected
            else:
                before = read_state(db, deck_id, item_id)
                after = next_state(before)
                write_state(db, deck_id, item_id, after)
            review = (deck_id, item_id, rating, correct, response, at, duration_ms, before, after)
            values = log_values(*review, overruled=overruled, parameters_id=parameters_id)
            cursor = db.execute(LOG_INSERT, values)
            self._reviewed.note(deck_id, item_id, exists=True)
        return written_review(cursor.lastrowid or 0, values, before, after)

    def undo_review(self, review_id: int) -> ReviewRow:
        """Take back a review: its log row goes and the item's earlier state returns.

        Only the latest review of an item can be taken back.
        """
        with self._write() as db:
            review = undo_logged_review(db, self.path, review_id)
            self._reviewed.note(
                review.deck_id, review.item_id, exists=review.state_before is not None
            )
        return review

    def history(self, deck_id: str, item_id: str) -> list[ReviewRow]:
        """Every logged review of one item, oldest first."""
        return self._reviews("WHERE deck_id = ? AND item_id = ? ORDER BY id", (deck_id, item_id))

    def iter_reviews(self, deck_id: str | None = None) -> Iterator[ReviewRow]:
        """The whole review log (or one deck's), oldest first, read a page at a time."""
        deck_filter, deck_args = ("", ()) if deck_id is None else ("AND deck_id = ?", (deck_id,))
        last = 0
        while True:
            reviews = self._reviews(
                f"WHERE id > ? {deck_filter} ORDER BY id LIMIT ?", (last, *deck_args, PAGE)
            )
            yield from reviews
            if len(reviews) < PAGE:
                return
            last = reviews[-1].id

    def reviews_since(self, deck_id: str, since: datetime) -> dict[str, int]:
        """How many reviews of each kind ("new", "review", ...) the deck had since ``since``."""
        rows = self._rows(
            "SELECT kind, count(*) FROM review_log"
            " WHERE deck_id = ? AND reviewed_at >= ? GROUP BY kind",
            (deck_id, to_epoch(since)),
        )
        return dict(rows)

    def review_outcomes(self, deck_id: str, since: datetime) -> list[tuple[int, int, str]]:
        """(reviewed_at epoch seconds, rating, kind) of the deck's reviews since ``since``."""
        return self._rows(
            "SELECT reviewed_at, rating, kind FROM review_log"
            " WHERE deck_id = ? AND reviewed_at >= ? ORDER BY reviewed_at",
            (deck_id, to_epoch(since)),
        )

    # -- whole decks ---------------------------------------------------------------------

    def deck_ids(self) -> list[str]:
        """Ids of every deck with stored progress, sorted."""
        rows = self._rows(
            "SELECT deck_id FROM item_state UNION SELECT deck_id FROM review_log ORDER BY 1"
        )
        return [row[0] for row in rows]

    def deck_progress(self, deck_id: str) -> tuple[int, int]:
        """(stored item states, logged reviews) of a deck."""
        return self._rows(
            "SELECT (SELECT count(*) FROM item_state WHERE deck_id = ?),"
            " (SELECT count(*) FROM review_log WHERE deck_id = ?)",
            (deck_id, deck_id),
        )[0]

    def reset_deck(self, deck_id: str, *, backup_to: Path | None = None) -> tuple[int, int]:
        """Forget a deck's progress (states and log) in one transaction; returns the counts.

        With ``backup_to``, a copy of the whole database as it was is written there first,
        inside the same transaction: no review can be committed between the copy and the
        reset, and if the copy fails nothing is forgotten.
        """
        with self._write() as db:
            if backup_to is not None:
                write_backup(self.path, Path(backup_to), self.busy_timeout)
            items = db.execute("DELETE FROM item_state WHERE deck_id = ?", (deck_id,)).rowcount
            reviews = db.execute("DELETE FROM review_log WHERE deck_id = ?", (deck_id,)).rowcount
            db.execute("DELETE FROM item_flags WHERE deck_id = ?", (deck_id,))
            self._reviewed.forget(deck_id)
        return items, reviews

    def backup(self, destination: Path) -> Path:
        """Write a consistent copy of the whole database to a new private ``destination``
        (the name appears only once the copy is complete)."""
        with self._lock:
            return write_backup(self.path, Path(destination), self.busy_timeout)
