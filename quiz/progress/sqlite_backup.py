"""A copy of an SQLite progress file, written whole or not at all (see
:mod:`quiz.progress.backups` for where backups go and how many are kept)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quiz.progress.errors import StoreError
from quiz.progress.private_files import make_private_folder, partial_file, remove_stale_partials


def write_backup(source: Path, destination: Path, busy_timeout: float) -> Path:
    """Copy the database at ``source``, as last committed, to a new ``0600`` ``destination``.

    A reader of its own does the copy, so a caller may hold the write lock meanwhile (no
    review can then be committed between the copy and what the caller does next). Partial
    files a killed backup left in the folder are removed first.
    """
    try:
        make_private_folder(destination.parent)
        remove_stale_partials(destination.parent)
        with partial_file(destination) as partial:
            reader = sqlite3.connect(source.absolute().as_uri() + "?mode=ro", uri=True,
                                     timeout=busy_timeout)  # fmt: skip
            target = sqlite3.connect(partial)
            try:
                reader.backup(target)
            finally:
                target.close()
                reader.close()
    except (OSError, sqlite3.Error) as error:
        why = error.strerror if isinstance(error, OSError) else error
        raise StoreError(f"{destination}: cannot write the backup: {why}") from None
    return destination
