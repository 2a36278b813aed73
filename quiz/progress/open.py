"""Opening a progress store: the one place that decides which backend a location names.

A path (``~/.local/share/quiz/progress.db``) is an SQLite file. A URL (``scheme://...``)
names a database server; this version of quiz knows none yet, and says so.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError

# A URL's scheme and "://"; a path never starts like this (a Windows drive is "C:\" or "C:/").
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# The user and password part of a URL, kept out of every message.
URL_CREDENTIALS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def open_store(location: str | os.PathLike[str]) -> ProgressStore:
    """Open (creating and migrating it if needed) the progress store at ``location``.

    ``location`` is the path of an SQLite progress file, or a database URL. Raises
    ``StoreError`` for a location quiz cannot use (an unknown kind of URL, a file that is not
    a progress database, ...), ``StoreBusyError`` when another process holds it too long.
    """
    text = os.fspath(location)
    scheme = URL_SCHEME.match(text)
    if scheme is None:
        from quiz.progress.sqlite_store import Store

        return Store.open(Path(text))
    shown = URL_CREDENTIALS.sub(r"\1", text)
    raise StoreError(
        f"{shown}: quiz cannot keep progress in a {scheme.group(1)!r} database; give the "
        "path of a progress file instead (an SQLite file, created if missing)"
    )
