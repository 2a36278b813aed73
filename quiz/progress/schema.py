"""The progress database's file format, and the checks that refuse a file quiz cannot use.

The schema grows by ordered :data:`MIGRATIONS`; a file's version is its ``PRAGMA
user_version``. Before anything is written, a file is checked, reading only (see
:mod:`quiz.progress.file_checks`). Every refusal and every SQLite error becomes a
:class:`StoreError` that names the file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quiz.progress.errors import StoreBusyError, StoreError
from quiz.progress.private_files import (
    SQLITE_SIDECARS,
    create_private_file,
    make_private,
    make_private_folder,
)

SQLITE_MAGIC = b"SQLite format 3\x00"

# MIGRATIONS[n] takes a database from schema version n to n + 1; statements end with ";".
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE item_state (
        deck_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('learning', 'review', 'relearning')),
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER NOT NULL,
        last_review INTEGER,
        PRIMARY KEY (deck_id, item_id)
    ) WITHOUT ROWID;
    CREATE INDEX item_state_due ON item_state (deck_id, due);
    CREATE INDEX item_state_learning_due ON item_state (deck_id, due) WHERE state != 'review';
    CREATE INDEX item_state_review_due ON item_state (deck_id, due) WHERE state = 'review';
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deck_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        correct INTEGER CHECK (correct IN (0, 1)),
        response TEXT NOT NULL,
        reviewed_at INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        kind TEXT NOT NULL CHECK (kind IN ('new', 'learning', 'review', 'relearning')),
        state_before TEXT,
        state_after TEXT NOT NULL
    );
    CREATE INDEX review_log_item ON review_log (deck_id, item_id, id);
    CREATE INDEX review_log_time ON review_log (deck_id, reviewed_at);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    """,
    # "I was right": the student overruled a wrong verdict and the review counts as correct
    """
    ALTER TABLE review_log
        ADD COLUMN overruled INTEGER NOT NULL DEFAULT 0 CHECK (overruled IN (0, 1));
    """,
    # Per-deck settings, items set aside (suspended, buried, leeches), fitted FSRS parameters,
    # and which parameters scheduled each review (NULL: FSRS's defaults).
    """
    CREATE TABLE deck_settings (
        deck_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (deck_id, key)
    ) WITHOUT ROWID;
    CREATE TABLE item_flags (
        deck_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
        buried_until INTEGER,
        leech INTEGER NOT NULL DEFAULT 0 CHECK (leech IN (0, 1)),
        PRIMARY KEY (deck_id, item_id)
    ) WITHOUT ROWID;
    CREATE TABLE fsrs_parameters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deck_id TEXT,
        parameters TEXT NOT NULL,
        fitted_at INTEGER NOT NULL,
        review_count INTEGER NOT NULL,
        log_loss_before REAL NOT NULL,
        log_loss_after REAL NOT NULL,
        rmse_before REAL NOT NULL,
        rmse_after REAL NOT NULL,
        kept INTEGER NOT NULL CHECK (kept IN (0, 1))
    );
    CREATE INDEX fsrs_parameters_deck ON fsrs_parameters (deck_id, id);
    ALTER TABLE review_log ADD COLUMN parameters_id INTEGER;
    """,
    # How many of a deck's items were reviewed and how many states it had, kept between runs,
    # and the item states made or deleted since, noted by triggers in the writing transaction
    # whatever writes them (quiz.progress.reviewed_counts). A REPLACE of a state makes none.
    """
    CREATE TABLE deck_reviewed (
        deck_id TEXT PRIMARY KEY,
        items TEXT NOT NULL,
        reviewed INTEGER NOT NULL,
        states INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE deck_reviewed_changes (
        deck_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        added INTEGER NOT NULL CHECK (added IN (0, 1)),
        PRIMARY KEY (deck_id, item_id)
    ) WITHOUT ROWID;
    CREATE TRIGGER item_state_made BEFORE INSERT ON item_state
    WHEN EXISTS (SELECT 1 FROM deck_reviewed WHERE deck_id = NEW.deck_id)
        AND NOT EXISTS (
            SELECT 1 FROM item_state WHERE deck_id = NEW.deck_id AND item_id = NEW.item_id
        )
    BEGIN
        INSERT INTO deck_reviewed_changes (deck_id, item_id, added)
            SELECT NEW.deck_id, NEW.item_id, 1 WHERE NOT EXISTS (
                SELECT 1 FROM deck_reviewed_changes
                WHERE deck_id = NEW.deck_id AND item_id = NEW.item_id
            );
        DELETE FROM deck_reviewed_changes
            WHERE deck_id = NEW.deck_id AND item_id = NEW.item_id AND added = 0;
    END;
    CREATE TRIGGER item_state_deleted AFTER DELETE ON item_state
    WHEN EXISTS (SELECT 1 FROM deck_reviewed WHERE deck_id = OLD.deck_id)
    BEGIN
        INSERT INTO deck_reviewed_changes (deck_id, item_id, added)
            SELECT OLD.deck_id, OLD.item_id, 0 WHERE NOT EXISTS (
                SELECT 1 FROM deck_reviewed_changes
                WHERE deck_id = OLD.deck_id AND item_id = OLD.item_id
            );
        DELETE FROM deck_reviewed_changes
            WHERE deck_id = OLD.deck_id AND item_id = OLD.item_id AND added = 1;
    END;
    CREATE TRIGGER item_state_moved AFTER UPDATE OF deck_id, item_id ON item_state
    BEGIN
        DELETE FROM deck_reviewed WHERE deck_id IN (OLD.deck_id, NEW.deck_id);
        DELETE FROM deck_reviewed_changes WHERE deck_id IN (OLD.deck_id, NEW.deck_id);
    END;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
TABLES = {"item_state", "review_log", "settings"}


def migration_statements(version: int) -> list[str]:
    """The statements that take a database from schema ``version`` to :data:`SCHEMA_VERSION`
    (a trigger's body, with its own ``;``, stays in its statement)."""
    statements: list[str] = []
    for script in MIGRATIONS[version:]:
        pending = ""
        for part in script.split(";"):
            pending += part + ";"
            if sqlite3.complete_statement(pending):
                if statement := pending.strip().removesuffix(";").strip():
                    statements.append(statement)
                pending = ""
        if pending.strip(" \n;"):
            raise ValueError(f"an unfinished statement in a migration: {pending.strip()}")
    return statements


def schema_version(db: sqlite3.Connection) -> int:
    """The schema version recorded in an open database (0 for a new file)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def refuse_newer(path: Path, version: int) -> None:
    """Refuse a file whose schema ``version`` is newer than this ``quiz`` knows."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: this progress database was written by a newer version of quiz "
            f"(schema {version}; this version reads up to {SCHEMA_VERSION}). "
            "Upgrade quiz to use it; the file was not changed."
        )


def not_usable(path: Path, why: str) -> StoreError:
    """The refusal of a file quiz cannot use, which it leaves as it found it."""
    return StoreError(
        f"{path}: {why}; the file was left untouched. Move it aside, or use another data "
        "folder with --data-dir or QUIZ_HOME."
    )


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Connect to the database at ``path``, already checked, creating it if missing.

    A new folder is made ``0700`` and a new file ``0600``; an existing file and its ``-wal``
    and ``-shm`` lose any group and other permissions (SQLite gives the ``-wal`` and ``-shm``
    it creates the file's own). The connection is in autocommit mode and may be used from
    any thread; the caller serializes its use.
    """
    try:
        make_private_folder(path.parent)
    except OSError as error:
        raise StoreError(f"{path}: cannot create its folder: {error.strerror}") from None
    try:
        if not create_private_file(path):
            for name in (path, *(f"{path}{suffix}" for suffix in SQLITE_SIDECARS)):
                make_private(Path(name))
    except OSError as error:
        raise StoreError(f"{path}: cannot create the progress database: {error.strerror}") from None
    try:
        return sqlite3.connect(
            path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot open the progress database: {error}") from None


def store_error(path: Path, error: sqlite3.Error) -> StoreError:
    """A :class:`StoreError` naming the file, for an error from SQLite."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return StoreBusyError(
            f"{path}: the progress database is busy: another quiz process is using it; "
            f"try again ({text})"
        )
    if "malformed" in text or "not a database" in text:
        return StoreError(f"{path}: the progress database is damaged ({text})")
    if "readonly" in text:
        return StoreError(f"{path}: the progress database cannot be written ({text})")
    return StoreError(f"{path}: progress database error: {text}")
