"""What is checked on a progress database before quiz writes to it, reading only.

1. The path: a symbolic link at the database path (or at its ``-wal``, ``-shm`` or
   ``-journal``) is refused, and so is anything but a regular file (a folder, a FIFO, a
   device). A FIFO is never opened.
2. The header, read directly: it must be SQLite's, and not from a newer ``quiz``.
3. The contents, through a read-only connection that never writes the file or its ``-wal``
   (so a refused file, and a ``-wal`` left beside it by a crash, stay byte for byte as they
   were): the schema version (again: the ``-wal`` may hold a newer one), the quiz tables, and
   damage. Every open makes a check that costs a few milliseconds whatever the size: the file
   must be as long as its header says and its free-page list no longer than the file, and
   :data:`SAMPLED_ROWS` review rows evenly spread over the log are read whole, with their
   entries in the log's indexes and their items' states and due-date index entries; each read
   walks a B-tree from its root to a leaf. SQLite's full ``integrity_check`` (every page,
   every index against its table) runs when it is due (weekly, and after a crash: see
   :mod:`quiz.progress.integrity`) or when asked for (``quiz check``). Damage elsewhere is
   reported when it is met, and nothing is written past it.

When no ``-wal`` holds changes the file is read as immutable, which creates no ``-wal`` or
``-shm`` beside it; should the file change meanwhile (another ``quiz`` at work), the check is
made again through an ordinary read-only connection.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from quiz.progress.errors import StoreError
from quiz.progress.integrity import full_check_due, integrity_problem
from quiz.progress.private_files import SQLITE_SIDECARS
from quiz.progress.schema import (
    SQLITE_MAGIC,
    TABLES,
    not_usable,
    refuse_newer,
    schema_version,
    store_error,
)

SAMPLED_ROWS = 24

# A sampled review row read whole (its first columns named), and the index entries it needs.
_SAMPLE_ROW = "SELECT id, deck_id, item_id, reviewed_at, * FROM review_log WHERE id >= ?"
_REVIEW_ENTRIES = (
    (
        "review_log_item",
        "SELECT count(*) FROM review_log INDEXED BY review_log_item"
        " WHERE deck_id = ? AND item_id = ? AND id = ?",
    ),
    (
        "review_log_time",
        "SELECT count(*) FROM review_log INDEXED BY review_log_time"
        " WHERE deck_id = ? AND reviewed_at = ? AND id = ?",
    ),
)
_STATE_ROW = "SELECT due, * FROM item_state WHERE deck_id = ? AND item_id = ?"
_STATE_ENTRY = (
    "SELECT count(*) FROM item_state INDEXED BY item_state_due"
    " WHERE deck_id = ? AND due = ? AND item_id = ?"
)
# The states' first and last rows (the log's are the first and last sampled rows).
_STATE_ENDS = tuple(
    f"SELECT * FROM item_state ORDER BY deck_id{order}, item_id{order} LIMIT 1"
    for order in ("", " DESC")
)
_LOG_ENDS = "SELECT (SELECT min(id) FROM review_log), (SELECT max(id) FROM review_log)"


def inspect_file(path: Path, *, full: bool | None = None) -> bool:
    """Refuse, reading only, a file at ``path`` that quiz must not write; see the module.

    ``full`` True runs SQLite's full check, False never, None when it is due. Gives back
    whether it ran. A missing or empty file passes: it becomes a new database.
    """
    size = _regular_size(path)
    if not size:
        return False
    _check_header(path)
    before = _activity(path)
    if before[-1]:  # nothing in a -wal, no rollback journal: the file holds it all
        try:
            return _check_contents(path, size, immutable=True, full=full)
        except StoreError:
            if _activity(path) == before:
                raise
    return _check_contents(path, size, immutable=False, full=full)


def _regular_size(path: Path) -> int | None:
    """The size of the regular file at ``path`` (None if missing); refuse anything else."""
    size = None
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_SIDECARS)):
        try:
            info = os.lstat(candidate)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as error:
            raise StoreError(f"{candidate}: cannot read it: {error.strerror}") from None
        if stat.S_ISLNK(info.st_mode):
            raise StoreError(
                f"{candidate}: is a symbolic link; quiz keeps progress only in a regular file "
                "in the data folder, so it was not followed. Replace the link with the file, or "
                "point --data-dir or QUIZ_HOME at the folder that holds it."
            )
        if stat.S_ISDIR(info.st_mode) and candidate == path:
            raise not_usable(path, "this is a folder, not a progress database")
        if not stat.S_ISREG(info.st_mode):
            raise not_usable(candidate, "not a regular file")
        if candidate == path:
            size = info.st_size
    return size


def _check_header(path: Path) -> None:
    """Refuse, before SQLite opens it, a file that is not SQLite or is from a newer quiz."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise StoreError(f"{path}: cannot read the progress database: {error.strerror}") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise not_usable(path, "not a quiz progress database (not an SQLite file)")
    refuse_newer(path, int.from_bytes(header[60:64], "big"))


def _activity(path: Path) -> tuple[object, ...]:
    """What changes when another process writes the file; last, whether it is all in it."""
    found: list[object] = []
    for suffix in ("", "-wal", "-journal"):
        try:
            info = os.stat(f"{path}{suffix}")
            found.extend((info.st_ino, info.st_size, info.st_mtime_ns))
        except FileNotFoundError:
            found.extend((None, None, None))
    wal_size, journal = found[4], found[6]
    return *found, found[0] is not None and not wal_size and journal is None


def _check_contents(path: Path, size: int, *, immutable: bool, full: bool | None) -> bool:
    uri = path.absolute().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    try:
        db = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot open the progress database: {error}") from None
    try:
        db.execute("BEGIN")  # one snapshot: another process may be creating the tables
        ran, problem = _problem(path, db, size, whole=immutable, full=full)
    except sqlite3.OperationalError as error:
        raise store_error(path, error) from None
    except sqlite3.DatabaseError as error:
        raise not_usable(path, f"the progress database is damaged ({error})") from None
    finally:
        db.close()
    if problem:
        raise not_usable(path, problem)
    return ran


def _problem(
    path: Path, db: sqlite3.Connection, size: int, *, whole: bool, full: bool | None
) -> tuple[bool, str | None]:
    """Whether the full check ran, and why the opened file cannot be used (or None)."""
    version = schema_version(db)
    refuse_newer(path, version)  # the header may lag behind the write-ahead log
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    if version == 0 and names:
        return False, "an SQLite file that is not a quiz progress database"
    if version > 0 and not TABLES.issubset(names):
        return False, "an SQLite file that is missing quiz tables"
    if version == 0:
        return False, None
    problem = _sampled_problem(db, size, whole=whole)
    if problem is not None:
        return False, problem
    if full is False or (full is None and not full_check_due(path, db)):
        return False, None
    found = integrity_problem(db)
    return True, None if found is None else f"the progress database is damaged ({found})"


def _sampled_problem(db: sqlite3.Connection, size: int, *, whole: bool) -> str | None:
    """The size-independent check of a large file (see the module); the damage found."""
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    if whole and pages * page_size > size:
        return (
            f"the progress database is damaged (the file holds {size} bytes; its header "
            f"says {pages * page_size}: it was cut short)"
        )
    if db.execute("PRAGMA freelist_count").fetchone()[0] >= pages:
        return "the progress database is damaged (its free-page list is longer than the file)"
    for sql in _STATE_ENDS:
        db.execute(sql).fetchall()
    low, high = db.execute(_LOG_ENDS).fetchone()
    if low is None:
        return None
    for step in range(SAMPLED_ROWS):
        target = low + (high - low) * step // (SAMPLED_ROWS - 1)
        review_id, deck_id, item_id, reviewed_at = db.execute(
            f"{_SAMPLE_ROW} ORDER BY id LIMIT 1", (target,)
        ).fetchone()[:4]
        keys = ((deck_id, item_id, review_id), (deck_id, reviewed_at, review_id))
        for (index, sql), args in zip(_REVIEW_ENTRIES, keys, strict=True):
            if not db.execute(sql, args).fetchone()[0]:
                return f"the progress database is damaged ({index} lacks review {review_id})"
        state = db.execute(_STATE_ROW, (deck_id, item_id)).fetchone()
        if state and not db.execute(_STATE_ENTRY, (deck_id, state[0], item_id)).fetchone()[0]:
            return f"the progress database is damaged (item_state_due lacks {item_id!r})"
    return None
