"""The progress database's file format, and the checks that refuse a file quiz cannot use.

The schema grows by ordered :data:`MIGRATIONS`; a file's version is its ``PRAGMA
user_version``. Before anything is written, a file is checked: its header must be SQLite's
and not from a newer ``quiz``, and once opened it must be sound and hold the quiz tables.
Every refusal and every SQLite error becomes a :class:`StoreError` that names the file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quiz.progress.errors import StoreBusyError, StoreError

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
)
SCHEMA_VERSION = len(MIGRATIONS)
TABLES = {"item_state", "review_log", "settings"}


def migration_statements(version: int) -> list[str]:
    """The statements that take a database from schema ``version`` to :data:`SCHEMA_VERSION`."""
    return [
        statement
        for script in MIGRATIONS[version:]
        for statement in filter(None, (part.strip() for part in script.split(";")))
    ]


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


def _not_usable(path: Path, why: str) -> StoreError:
    return StoreError(
        f"{path}: {why}; the file was left untouched. Move it aside, or use another data "
        "folder with --data-dir or QUIZ_HOME."
    )


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Connect to the file at ``path`` (creating its folder) unless its header is refused.

    The connection is in autocommit mode and may be used from any thread; the caller
    serializes its use.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{path}: cannot create its folder: {error.strerror}") from None
    _check_header(path)
    try:
        return sqlite3.connect(
            path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot open the progress database: {error}") from None


def _check_header(path: Path) -> None:
    """Refuse, before SQLite opens it, a file that is not SQLite or is from a newer quiz."""
    if not path.exists():
        return
    if path.is_dir():
        raise _not_usable(path, "this is a folder, not a progress database")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise StoreError(f"{path}: cannot read the progress database: {error.strerror}") from None
    if not header:
        return  # an empty file becomes a new database
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _not_usable(path, "not a quiz progress database (not an SQLite file)")
    refuse_newer(path, int.from_bytes(header[60:64], "big"))


def validate(path: Path, db: sqlite3.Connection, full_check_max_bytes: int) -> None:
    """Check an opened file is a sound quiz database of a known version, reading only.

    Files up to ``full_check_max_bytes`` get SQLite's ``quick_check``; on larger ones
    (years of reviews) it would slow every start, so only each table's first rows are read
    and damage elsewhere is reported when it is met.
    """
    try:
        db.execute("BEGIN")  # one snapshot: another process may be creating the tables
        try:
            version = schema_version(db)
            refuse_newer(path, version)  # the header may lag behind the write-ahead log
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            for table in sorted(TABLES & tables):
                db.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
            check = "ok"
            if path.stat().st_size <= full_check_max_bytes:
                check = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        raise store_error(path, error) from None
    except sqlite3.DatabaseError as error:
        raise _not_usable(path, f"the progress database is damaged ({error})") from None
    if check != "ok":
        raise _not_usable(path, f"the progress database is damaged ({check})")
    if version == 0 and tables:
        raise _not_usable(path, "an SQLite file that is not a quiz progress database")
    if version > 0 and not TABLES.issubset(tables):
        raise _not_usable(path, "an SQLite file that is missing quiz tables")


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
