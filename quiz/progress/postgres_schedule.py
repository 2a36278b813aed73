"""The PostgreSQL backend's tables that shape a schedule: per-deck settings, items set aside
(suspended, buried, leeches), fitted FSRS parameters, and the due load per day.

A part of :class:`quiz.progress.postgres_store.PostgresStore`, kept apart so that each module
stays small; the methods are documented in :class:`quiz.progress.contract.ProgressStore`, and
behave as the SQLite backend's (:mod:`quiz.progress.sqlite_schedule`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

import psycopg

from quiz.progress import postgres_sql as sql
from quiz.progress.errors import StoreError
from quiz.progress.log_rows import (
    deck_settings_from_rows,
    fit_from_row,
    fit_values,
    flags_from_row,
)
from quiz.progress.postgres_errors import Location
from quiz.progress.state import DeckSettings, ItemFlags, ParameterRecord, to_epoch

DAY_SECONDS = 86_400
Result = TypeVar("Result")


class PostgresScheduleTables:
    """Per-deck settings, item flags, parameters and due loads, on the store's pool."""

    location: Location

    def _rows(self, statement: str, args: tuple = ()) -> list[tuple]:  # defined by the store
        raise NotImplementedError

    def _transaction(self, work: Callable[[psycopg.Connection], Result]) -> Result:
        raise NotImplementedError  # defined by the store

    # -- per-deck settings -----------------------------------------------------------------

    def deck_settings(self, deck_id: str) -> DeckSettings:
        """One deck's own settings."""
        return self._deck_settings(deck_id, self._rows(sql.DECK_SETTINGS, (deck_id,)))

    def all_deck_settings(self) -> dict[str, DeckSettings]:
        """The own settings of every deck that sets any."""
        return self._settings_by_deck(self._rows(sql.ALL_DECK_SETTINGS))

    def _deck_settings(self, deck_id: str, rows: list[tuple]) -> DeckSettings:
        try:
            return deck_settings_from_rows(rows)
        except ValueError as error:
            raise StoreError(
                f"{self.location.shown}: invalid stored settings of deck {deck_id!r}: {error}"
            ) from None

    def save_deck_settings(self, deck_id: str, settings: DeckSettings) -> None:
        """Replace one deck's own settings, in one transaction."""
        rows = [(deck_id, key, json.dumps(value)) for key, value in settings.to_dict().items()]

        def save(db: psycopg.Connection) -> None:
            db.execute(sql.FORGET_DECK_SETTINGS, (deck_id,))
            db.cursor().executemany(sql.SAVE_DECK_SETTING, rows)

        self._transaction(save)

    def _settings_by_deck(self, rows: Iterable[tuple]) -> dict[str, DeckSettings]:
        by_deck: dict[str, list[tuple]] = {}
        for deck_id, key, value in rows:
            by_deck.setdefault(deck_id, []).append((key, value))
        return {deck_id: self._deck_settings(deck_id, rows) for deck_id, rows in by_deck.items()}

    # -- item flags ------------------------------------------------------------------------

    def item_flags(self, deck_id: str) -> dict[str, ItemFlags]:
        """The flags of the deck's flagged items."""
        rows = self._rows(sql.ITEM_FLAGS, (deck_id,))
        return {item_id: flags_from_row(*values) for item_id, *values in rows}

    def set_item_flags(self, deck_id: str, item_id: str, flags: ItemFlags) -> ItemFlags:
        """Give one item ``flags``; gives back those it had."""
        key = (deck_id, item_id)

        def change(db: psycopg.Connection) -> ItemFlags:
            row = db.execute(sql.FLAGS_OF_ITEM, key).fetchone()
            if flags == ItemFlags():
                db.execute(sql.FORGET_FLAGS, key)
            else:
                buried = None if flags.buried_until is None else to_epoch(flags.buried_until)
                db.execute(sql.SET_FLAGS, (*key, flags.suspended, buried, flags.leech))
            return ItemFlags() if row is None else flags_from_row(*row)

        return self._transaction(change)

    # -- parameters ------------------------------------------------------------------------

    def save_parameters(self, record: ParameterRecord) -> ParameterRecord:
        """Store one fit; gives it back with its id."""
        values = fit_values(record)

        def save(db: psycopg.Connection) -> int:
            return db.execute(sql.SAVE_FIT, values).fetchone()[0]  # pyright: ignore[reportOptionalSubscript]

        return fit_from_row((self._transaction(save), *values))

    def parameters_for(self, deck_id: str | None) -> ParameterRecord | None:
        """The newest kept fit of the deck, else of all decks."""
        return self._newest_fit(sql.PARAMETERS_FOR, deck_id)

    def latest_fit(self, deck_id: str | None) -> ParameterRecord | None:
        """The newest fit made for exactly this deck (or for all decks)."""
        return self._newest_fit(sql.LATEST_FIT, deck_id)

    def _newest_fit(self, statement: str, deck_id: str | None) -> ParameterRecord | None:
        rows = self._rows(statement, (deck_id,))
        return fit_from_row(rows[0]) if rows else None

    def _schedule_rows(
        self, db: psycopg.Connection
    ) -> tuple[dict[str, DeckSettings], list[tuple[str, str, ItemFlags]], list[ParameterRecord]]:
        """Every deck's own settings, flagged item and fit, read in ``db``'s transaction
        (what a copy of the student's progress carries besides states and reviews)."""
        flags = [
            (deck, item, flags_from_row(*row)) for deck, item, *row in db.execute(sql.ALL_FLAGS)
        ]
        fits = [fit_from_row(row) for row in db.execute(sql.ALL_FITS)]
        return self._settings_by_deck(db.execute(sql.ALL_DECK_SETTINGS)), flags, fits

    # -- loads and reviews -----------------------------------------------------------------

    def reviewed_since(self, deck_id: str, since: datetime) -> set[str]:
        """Ids of the deck's items reviewed since ``since``."""
        return {row[0] for row in self._rows(sql.REVIEWED_SINCE, (deck_id, to_epoch(since)))}

    def due_counts(self, deck_ids: Iterable[str], start: datetime, days: int) -> list[int]:
        """Review items due in each of ``days`` 24-hour spans from ``start``."""
        counts = [0] * max(0, days)
        begin = to_epoch(start)
        decks = list(dict.fromkeys(deck_ids))
        end = begin + DAY_SECONDS * len(counts)
        for day, count in self._rows(sql.DUE_COUNTS, (begin, DAY_SECONDS, decks, begin, end)):
            counts[day] += count
        return counts
