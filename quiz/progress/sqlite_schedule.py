"""The SQLite backend's tables that shape a schedule: per-deck settings, items set aside
(suspended, buried, leeches), fitted FSRS parameters, and the due load per day.

A part of :class:`quiz.progress.sqlite_store.Store`, kept apart so that each module stays
small; the methods are documented in :class:`quiz.progress.contract.ProgressStore`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from quiz.progress.errors import StoreError
from quiz.progress.log_rows import (
    FIT_COLUMNS,
    FIT_FIELDS,
    FLAG_COLUMNS,
    deck_settings_from_rows,
    fit_from_row,
    fit_values,
    flags_from_row,
)
from quiz.progress.state import DeckSettings, ItemFlags, ParameterRecord, to_epoch

DAY_SECONDS = 86_400


class SQLiteScheduleTables:
    """Per-deck settings, item flags, parameters and due loads, on the store's connection."""

    path: Path

    def _rows(self, sql: str, args: tuple = ()) -> list[tuple]:  # defined by the store
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:  # defined by the store
        raise NotImplementedError

    # -- per-deck settings -----------------------------------------------------------------

    def deck_settings(self, deck_id: str) -> DeckSettings:
        """One deck's own settings."""
        rows = self._rows("SELECT key, value FROM deck_settings WHERE deck_id = ?", (deck_id,))
        return self._deck_settings(deck_id, rows)

    def all_deck_settings(self) -> dict[str, DeckSettings]:
        """The own settings of every deck that sets any."""
        by_deck: dict[str, list[tuple]] = {}
        for deck_id, key, value in self._rows(
            "SELECT deck_id, key, value FROM deck_settings ORDER BY deck_id"
        ):
            by_deck.setdefault(deck_id, []).append((key, value))
        return {deck_id: self._deck_settings(deck_id, rows) for deck_id, rows in by_deck.items()}

    def _deck_settings(self, deck_id: str, rows: list[tuple]) -> DeckSettings:
        try:
            return deck_settings_from_rows(rows)
        except ValueError as error:
            raise StoreError(
                f"{self.path}: invalid stored settings of deck {deck_id!r}: {error}"
            ) from None

    def save_deck_settings(self, deck_id: str, settings: DeckSettings) -> None:
        """Replace one deck's own settings."""
        rows = [(deck_id, key, json.dumps(value)) for key, value in settings.to_dict().items()]
        with self._write() as db:
            db.execute("DELETE FROM deck_settings WHERE deck_id = ?", (deck_id,))
            db.executemany("INSERT INTO deck_settings (deck_id, key, value) VALUES (?, ?, ?)", rows)

    # -- item flags ------------------------------------------------------------------------

    def item_flags(self, deck_id: str) -> dict[str, ItemFlags]:
        """The flags of the deck's flagged items."""
        rows = self._rows(
            f"SELECT item_id, {FLAG_COLUMNS} FROM item_flags WHERE deck_id = ?",
            (deck_id,),
        )
        return {item_id: flags_from_row(*values) for item_id, *values in rows}

    def set_item_flags(self, deck_id: str, item_id: str, flags: ItemFlags) -> ItemFlags:
        """Give one item ``flags``; gives back those it had."""
        key = (deck_id, item_id)
        with self._write() as db:
            row = db.execute(
                f"SELECT {FLAG_COLUMNS} FROM item_flags WHERE deck_id = ? AND item_id = ?",
                key,
            ).fetchone()
            if flags == ItemFlags():
                db.execute("DELETE FROM item_flags WHERE deck_id = ? AND item_id = ?", key)
            else:
                buried = None if flags.buried_until is None else to_epoch(flags.buried_until)
                db.execute(
                    "INSERT OR REPLACE INTO item_flags"
                    " (deck_id, item_id, suspended, buried_until, leech) VALUES (?, ?, ?, ?, ?)",
                    (*key, int(flags.suspended), buried, int(flags.leech)),
                )
        return ItemFlags() if row is None else flags_from_row(*row)

    # -- parameters ------------------------------------------------------------------------

    def save_parameters(self, record: ParameterRecord) -> ParameterRecord:
        """Store one fit; gives it back with its id."""
        values = fit_values(record)
        with self._write() as db:
            cursor = db.execute(
                f"INSERT INTO fsrs_parameters ({FIT_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
        return fit_from_row((cursor.lastrowid, *values))

    def parameters_for(self, deck_id: str | None) -> ParameterRecord | None:
        """The newest kept fit of the deck, else of all decks."""
        return self._newest_fit(
            "kept = 1 AND (deck_id = ? OR deck_id IS NULL) ORDER BY deck_id IS NULL,", deck_id
        )

    def latest_fit(self, deck_id: str | None) -> ParameterRecord | None:
        """The newest fit made for exactly this deck (or for all decks)."""
        return self._newest_fit("deck_id IS ? ORDER BY", deck_id)

    def _newest_fit(self, condition: str, deck_id: str | None) -> ParameterRecord | None:
        rows = self._rows(
            f"SELECT {FIT_COLUMNS} FROM fsrs_parameters WHERE {condition} id DESC LIMIT 1",
            (deck_id,),
        )
        return fit_from_row(rows[0]) if rows else None

    # -- loads and reviews -----------------------------------------------------------------

    def reviewed_since(self, deck_id: str, since: datetime) -> set[str]:
        """Ids of the deck's items reviewed since ``since``."""
        rows = self._rows(
            "SELECT DISTINCT item_id FROM review_log WHERE deck_id = ? AND reviewed_at >= ?",
            (deck_id, to_epoch(since)),
        )
        return {row[0] for row in rows}

    def due_counts(self, deck_ids: Iterable[str], start: datetime, days: int) -> list[int]:
        """Review items due in each of ``days`` 24-hour spans from ``start``."""
        counts = [0] * max(0, days)
        begin = to_epoch(start)
        for deck_id in dict.fromkeys(deck_ids):
            rows = self._rows(
                "SELECT (due - ?) / ?, count(*) FROM item_state"
                " WHERE deck_id = ? AND state = 'review' AND due >= ? AND due < ? GROUP BY 1",
                (begin, DAY_SECONDS, deck_id, begin, begin + DAY_SECONDS * len(counts)),
            )
            for day, count in rows:
                counts[day] += count
        return counts
