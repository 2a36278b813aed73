"""Opening the SQLite store: the file checked (reading only), connected, migrated, marked open.

Kept apart from :mod:`quiz.progress.sqlite_store` so that each module stays small.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.progress.errors import StoreBusyError
from quiz.progress.file_checks import inspect_file
from quiz.progress.integrity import mark_open, record_full_check
from quiz.progress.schema import connect

if TYPE_CHECKING:
    from quiz.progress.sqlite_store import Store


def open_checked(
    cls: type[Store], path: Path, busy_timeout: float, full_check: bool | None
) -> Store:
    """What :meth:`quiz.progress.sqlite_store.Store.open` does (documented there)."""
    deadline = time.monotonic() + busy_timeout
    checked: list[bool] = []
    # reads only: see file_checks
    until_not_busy(lambda: checked.append(inspect_file(path, full=full_check)), deadline)
    connection = connect(path, busy_timeout)
    store = cls(path, connection, busy_timeout)
    try:
        until_not_busy(store._prepare, deadline)
        if checked[-1]:
            store.fully_checked = True
            with suppress(StoreBusyError), store._write() as db:  # else the next open checks
                record_full_check(db, path)
        store._mark = mark_open(path)
        return store
    except BaseException:
        connection.close()
        raise


def until_not_busy(action: Callable[[], None], deadline: float) -> None:
    """Run ``action``; while another process creates or converts the file, SQLite can report
    it busy at once, without waiting: try again until ``deadline`` (monotonic) has passed."""
    while True:
        try:
            action()
            return
        except StoreBusyError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
