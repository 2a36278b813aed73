"""When a progress file gets SQLite's full ``integrity_check``, and the marks that decide it.

Every open checks the file in a few milliseconds whatever its size (see
:mod:`quiz.progress.file_checks`). The full check reads every page and checks every index
against its table, which takes seconds on a large file, so it runs only:

- weekly: the time of the last full check that passed is kept in the file (in its settings
  table, under :data:`CHECKED_KEY`, which no setting uses);
- after a crash: each open store leaves a mark beside its file (``progress.db-open-<pid>-<n>``)
  and takes it away when closed, so a mark whose process is gone tells of a process that
  ended without closing the file (killed, or the machine lost power);
- on demand: ``quiz check``.

Marks of processes that are gone are removed once a full check has passed. On Windows,
where asking whether a process exists would signal it, a crash is found by the weekly check.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import time
from pathlib import Path

from quiz.progress.private_files import create_private_file

FULL_CHECK_EVERY_SECONDS = 7 * 24 * 3600
CHECKED_KEY = "integrity_checked_at"
"""The settings key of the last full check that passed (UTC epoch seconds)."""
_MARK_NUMBERS = itertools.count()


def _mark_prefix(path: Path) -> str:
    return f"{path.name}-open-"


def _mark_pid(name: str, prefix: str) -> int | None:
    pid, _, number = name.removeprefix(prefix).partition("-")
    return int(pid) if pid.isdigit() and number.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # Windows: os.kill(pid, 0) would signal it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no permission to ask: it exists
        return True
    return True


def stale_marks(path: Path) -> list[Path]:
    """The marks beside ``path`` of processes that are gone (they did not close the file)."""
    prefix = _mark_prefix(path)
    try:
        names = [name for name in os.listdir(path.parent) if name.startswith(prefix)]
    except OSError:
        return []
    stale = []
    for name in names:
        pid = _mark_pid(name, prefix)
        if pid is not None and not _alive(pid):
            stale.append(path.with_name(name))
    return stale


def mark_open(path: Path) -> Path | None:
    """Leave this process's mark beside ``path``; None when the folder does not take it (the
    store still works, and a crash is then found by the weekly check)."""
    for _ in range(100):  # a mark of the same name is left by an earlier process of this pid
        mark = path.with_name(f"{_mark_prefix(path)}{os.getpid()}-{next(_MARK_NUMBERS)}")
        try:
            if create_private_file(mark):
                return mark
        except OSError:
            return None
    return None


def remove_marks(marks: list[Path]) -> None:
    """Take marks away (one already gone is fine)."""
    for mark in marks:
        try:
            mark.unlink()
        except OSError:
            continue


def last_full_check(db: sqlite3.Connection) -> int | None:
    """When the file last passed a full check (epoch seconds), or None if never."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", (CHECKED_KEY,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def full_check_due(path: Path, db: sqlite3.Connection) -> bool:
    """Whether an open of ``path`` runs the full check: a crash since the file was last
    closed, or a week since the last full check (or none yet)."""
    if stale_marks(path):
        return True
    checked = last_full_check(db)
    return checked is None or time.time() - checked >= FULL_CHECK_EVERY_SECONDS


def record_full_check(db: sqlite3.Connection, path: Path) -> None:
    """Inside a write transaction: the file passed a full check now."""
    db.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        (CHECKED_KEY, json.dumps(int(time.time()))),
    )
    remove_marks(stale_marks(path))


def integrity_problem(db: sqlite3.Connection) -> str | None:
    """SQLite's full check of an open database: what it found, or None."""
    found = [row[0] for row in db.execute("PRAGMA integrity_check(20)")]
    if found == ["ok"]:
        return None
    return "; ".join(found[:3]) + ("; ..." if len(found) > 3 else "")
