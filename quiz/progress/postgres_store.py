"""The progress store on a PostgreSQL server: one student's rows in a class database.

Opened with a connection URL (``postgresql://USER:PASSWORD@HOST:PORT/NAME``): the student is
the role the URL logs in as, and row-level security lets that role reach its own rows only
(:mod:`quiz.progress.postgres_schema`). Connections come from a small pool
(:mod:`psycopg_pool`); every method is one transaction. Statements (:mod:`.postgres_sql`) and
error wording (:mod:`.postgres_errors`) are kept apart, so a contract method is ported by
adding its statements and a few lines here.

Faults: a lost connection or a restarting server is retried with back-off for a short while
(:data:`RETRY_SECONDS`), then raised as ``StoreUnavailableError``. A review carries a key of
its own (``review_key``); a review whose commit may have landed before the connection broke
is looked up by that key when the same item is saved again, so it is never written twice.
Statements and lock waits are bounded (``statement_timeout``, ``lock_timeout``): a locked
table gives ``StoreBusyError`` in seconds instead of freezing the app.
"""

from __future__ import annotations

import itertools
import json
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import psycopg

from quiz.progress import postgres_sql as sql
from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError, StoreUnavailableError
from quiz.progress.log_rows import (
    KEYED_STATE_COLUMNS,
    keyed_state_from_row,
    review_from_values,
    state_from_row,
)
from quiz.progress.postgres_connections import (
    RETRY_SECONDS,
    STATEMENT_TIMEOUT_MS,
    Connections,
)
from quiz.progress.postgres_schedule import PostgresScheduleTables
from quiz.progress.progress_copy import ProgressCopy
from quiz.progress.state import (
    ItemState,
    ReviewedCount,
    ReviewRow,
    Settings,
    StateName,
    to_epoch,
)
from quiz.rating import Rating

PAGE = 500
# Writes a local progress file: (destination, the student's rows).
CopyWriter = Callable[[Path, ProgressCopy], Path]
Result = TypeVar("Result")


class PostgresStore(PostgresScheduleTables, ProgressStore):
    """The PostgreSQL backend of :class:`ProgressStore` (documented there), opened by
    :meth:`open`."""

    def __init__(self, connections: Connections, write_copy: CopyWriter) -> None:
        self.location = connections.location
        self._db = connections
        self._write_copy = write_copy
        self._lock = threading.Lock()
        # (deck id, item id) -> the key of a review whose commit may have landed unseen
        self._in_doubt: dict[tuple[str, str], uuid.UUID] = {}

    @classmethod
    def open(
        cls,
        url: str,
        *,
        write_copy: CopyWriter,
        retry_seconds: float = RETRY_SECONDS,
        statement_timeout_ms: int = STATEMENT_TIMEOUT_MS,
        pool_size: int = 2,
    ) -> PostgresStore:
        """Open the store of the student ``url`` logs in as (see
        :meth:`~quiz.progress.postgres_connections.Connections.open` for what it raises);
        ``write_copy`` writes the local progress file of :meth:`backup`."""
        connections = Connections.open(
            url, retry_seconds=retry_seconds, statement_timeout_ms=statement_timeout_ms,
            pool_size=pool_size,
        )  # fmt: skip
        return cls(connections, write_copy)

    def close(self) -> None:
        """Close every connection of the pool."""
        self._db.close()

    def _transaction(self, work: Callable[[psycopg.Connection], Result]) -> Result:
        return self._db.transaction(work)

    def _rows(self, statement: str, args: tuple = ()) -> list[tuple]:
        return self._db.rows(statement, args)

    def _reviews(self, statement: str, args: tuple) -> list[ReviewRow]:
        try:
            return [review_from_values(row) for row in self._rows(statement, args)]
        except ValueError as error:
            raise StoreError(f"{self.location.shown}: {error}") from None

    # -- settings ----------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The stored settings (defaults for any not stored)."""
        known = set(Settings.__dataclass_fields__)
        try:
            values = {k: json.loads(v) for k, v in self._rows(sql.SETTINGS) if k in known}
            return Settings.from_dict(values)
        except ValueError as error:
            raise StoreError(f"{self.location.shown}: invalid stored settings: {error}") from None

    def save_settings(self, settings: Settings) -> None:
        """Store every setting, in one transaction."""
        rows = [(key, json.dumps(value)) for key, value in settings.to_dict().items()]
        self._transaction(lambda db: db.cursor().executemany(sql.SAVE_SETTING, rows))

    # -- item states -------------------------------------------------------------------------

    def item_state(self, deck_id: str, item_id: str) -> ItemState | None:
        """The state of one item, or None if it was never reviewed."""
        rows = self._rows(sql.ITEM_STATE, (deck_id, item_id))
        return state_from_row(rows[0]) if rows else None

    def item_states(self, deck_id: str) -> dict[str, ItemState]:
        """Every stored item state of a deck, by item id."""
        return dict(map(keyed_state_from_row, self._rows(sql.ITEM_STATES, (deck_id,))))

    def item_schedules(self, deck_id: str) -> dict[str, tuple[StateName, int]]:
        """(state, due epoch seconds) of every stored item of a deck, by item id."""
        rows = self._rows(sql.ITEM_SCHEDULES, (deck_id,))
        return {item_id: (state, due) for item_id, state, due in rows}

    def reviewed_item_ids(self, deck_id: str) -> set[str]:
        """Ids of the deck's items that have a state."""
        return {row[0] for row in self._rows(sql.REVIEWED_IDS, (deck_id,))}

    def unreviewed(self, deck_id: str, item_ids: Iterable[str], limit: int) -> list[str]:
        """The first ``limit`` never-reviewed ``item_ids``, asked a page of ids at a time."""
        found: list[str] = []
        iterator = iter(item_ids)
        while len(found) < limit and (chunk := list(itertools.islice(iterator, PAGE))):
            reviewed = {row[0] for row in self._rows(sql.REVIEWED_AMONG, (deck_id, chunk))}
            found += [item for item in chunk if item not in reviewed][: limit - len(found)]
        return found

    def count_unreviewed(self, deck_id: str, item_ids: Sequence[str]) -> ReviewedCount:
        """``item_ids`` never reviewed and the deck's other states, counted in one query."""
        ids = list(item_ids)
        reviewed, states = self._rows(sql.REVIEWED_COUNT, (ids, deck_id))[0]
        return ReviewedCount(len(ids) - reviewed, states - reviewed)

    def states_of(self, deck_id: str, item_ids: Iterable[str]) -> dict[str, ItemState]:
        """The stored states of the given items (those never reviewed are absent)."""
        found: dict[str, ItemState] = {}
        iterator = iter(item_ids)
        while chunk := list(itertools.islice(iterator, PAGE)):
            rows = self._rows(sql.STATES_AMONG, (deck_id, chunk))
            found.update(map(keyed_state_from_row, rows))
        return found

    def iter_due(
        self, deck_id: str, before: datetime, *, learning: bool | None = None
    ) -> Iterator[tuple[str, ItemState]]:
        """Items due before ``before``, earliest first, read a page at a time."""
        statement = sql.due_page(KEYED_STATE_COLUMNS, learning)
        for rows in self._due_pages(statement, deck_id, before, 5, PAGE):
            yield from map(keyed_state_from_row, rows)

    def due_items(
        self, deck_id: str, before: datetime, *, learning: bool | None = None, page: int = PAGE
    ) -> Iterator[tuple[str, int]]:
        """(item id, due epoch seconds) of the items :meth:`iter_due` gives."""
        statement = sql.due_page("item_id, due", learning)
        for rows in self._due_pages(statement, deck_id, before, 1, max(1, page)):
            yield from rows

    def _due_pages(
        self, statement: str, deck_id: str, before: datetime, due_at: int, page: int
    ) -> Iterator[list[tuple]]:
        last: tuple[int, str] = (-(2**62), "")
        while True:
            rows = self._rows(statement, (deck_id, to_epoch(before), *last, page))
            yield rows
            if len(rows) < page:
                return
            last = (rows[-1][due_at], rows[-1][0])

    def count_states(self, deck_id: str) -> dict[str, int]:
        """How many of the deck's stored items are in each state."""
        return dict(self._rows(sql.COUNT_STATES, (deck_id,)))

    # -- reviews -----------------------------------------------------------------------------

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
        """Record one review in one transaction, the item locked meanwhile; a review of the
        item whose commit went unconfirmed is given back instead of writing a second. The
        state is read under the lock (``expected`` saves only calling ``next_state``)."""
        target = (deck_id, item_id)
        with self._lock:
            key = self._in_doubt.get(target)
        in_doubt = key is not None
        key = key or uuid.uuid4()

        def record(db: psycopg.Connection) -> ReviewRow:
            nonlocal in_doubt
            db.execute(sql.LOCK_FOR_REVIEW, (deck_id, item_id))
            if in_doubt:  # an earlier try of this review may have committed
                landed = db.execute(sql.REVIEW_BY_KEY, (key,)).fetchone()
                if landed is not None:
                    return review_from_values(landed)
            in_doubt = True  # from here on, a lost connection leaves the commit unknown
            row = db.execute(sql.ITEM_STATE, target).fetchone()
            before = None if row is None else state_from_row(row)
            after = expected[1] if expected and expected[0] == before else next_state(before)
            values = sql.log_values(deck_id, item_id, rating, correct, response, reviewed_at,
                                    duration_ms, before, after, overruled=overruled,
                                    parameters_id=parameters_id)  # fmt: skip
            state = sql.state_values(deck_id, item_id, after)
            review_id = db.execute(sql.RECORD_REVIEW, (*state, key, *values)).fetchone()[0]  # pyright: ignore[reportOptionalSubscript]
            return review_from_values((review_id, *values))

        try:
            saved = self._transaction(record)
        except StoreUnavailableError:
            with self._lock:
                self._in_doubt[target] = key
            raise
        with self._lock:
            self._in_doubt.pop(target, None)
        return saved

    def undo_review(self, review_id: int) -> ReviewRow:
        """Take back the item's latest review: its log row goes, its earlier state returns."""

        def undo(db: psycopg.Connection) -> ReviewRow:
            row = db.execute(sql.REVIEW_BY_ID, (review_id,)).fetchone()
            if row is None:
                raise StoreError(f"{self.location.shown}: review {review_id} is not in the log")
            review = review_from_values(row)
            target = (review.deck_id, review.item_id)
            latest = db.execute(sql.LATEST_REVIEW, target).fetchone()[0]  # pyright: ignore[reportOptionalSubscript]
            if latest != review_id:
                raise StoreError(
                    f"{self.location.shown}: cannot undo: {review.deck_id}/{review.item_id} "
                    "was reviewed again since"
                )
            if review.state_before is None:
                db.execute(sql.DELETE_STATE, target)
            else:
                db.execute(sql.UPSERT_STATE, sql.state_values(*target, review.state_before))
            db.execute(sql.DELETE_REVIEW, (review_id,))
            return review

        return self._transaction(undo)

    def history(self, deck_id: str, item_id: str) -> list[ReviewRow]:
        """Every logged review of one item, oldest first."""
        return self._reviews(sql.HISTORY, (deck_id, item_id))

    def iter_reviews(self, deck_id: str | None = None) -> Iterator[ReviewRow]:
        """The whole review log (or one deck's), oldest first, read a page at a time."""
        last = 0
        while True:
            if deck_id is None:
                reviews = self._reviews(sql.LOG_PAGE, (last, PAGE))
            else:
                reviews = self._reviews(sql.DECK_LOG_PAGE, (last, deck_id, PAGE))
            yield from reviews
            if len(reviews) < PAGE:
                return
            last = reviews[-1].id

    def reviews_since(self, deck_id: str, since: datetime) -> dict[str, int]:
        """How many reviews of each kind the deck had since ``since``."""
        return dict(self._rows(sql.REVIEWS_SINCE, (deck_id, to_epoch(since))))

    def review_outcomes(self, deck_id: str, since: datetime) -> list[tuple[int, int, str]]:
        """(reviewed_at epoch seconds, rating, kind) of the deck's reviews since ``since``."""
        rows = self._rows(sql.REVIEW_OUTCOMES, (deck_id, to_epoch(since)))
        return [(at, rating, kind) for at, rating, kind in rows]

    # -- whole decks -------------------------------------------------------------------------

    def deck_ids(self) -> list[str]:
        """Ids of every deck with stored progress, sorted."""
        return [row[0] for row in self._rows(sql.DECK_IDS)]

    def deck_progress(self, deck_id: str) -> tuple[int, int]:
        """(stored item states, logged reviews) of a deck."""
        states, reviews = self._rows(sql.DECK_PROGRESS, (deck_id, deck_id))[0]
        return states, reviews

    def reset_deck(self, deck_id: str, *, backup_to: Path | None = None) -> tuple[int, int]:
        """Forget a deck's progress in one transaction, reviews held off meanwhile; with
        ``backup_to``, the student's copy is written first, inside it."""

        def reset(db: psycopg.Connection) -> tuple[int, int]:
            db.execute(sql.LOCK_FOR_RESET)
            if backup_to is not None:
                self._copy(db, Path(backup_to))
            items = db.execute(sql.RESET_STATES, (deck_id,)).rowcount
            reviews = db.execute(sql.RESET_REVIEWS, (deck_id,)).rowcount
            db.execute(sql.RESET_FLAGS, (deck_id,))
            return items, reviews

        return self._transaction(reset)

    def backup(self, destination: Path) -> Path:
        """Copy this student's progress, as one snapshot, to a new local progress file."""

        def snapshot(db: psycopg.Connection) -> Path:
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return self._copy(db, Path(destination))

        return self._transaction(snapshot)

    def _copy(self, db: psycopg.Connection, destination: Path) -> Path:
        known = set(Settings.__dataclass_fields__)
        stored = {k: json.loads(v) for k, v in db.execute(sql.SETTINGS).fetchall() if k in known}
        states = [(row[0], *keyed_state_from_row(row[1:])) for row in db.execute(sql.ALL_STATES)]
        reviews = [review_from_values(row) for row in db.execute(sql.LOG_PAGE, (0, 2**62))]
        rows = ProgressCopy(Settings.from_dict(stored), states, reviews, *self._schedule_rows(db))
        return self._write_copy(destination, rows)
