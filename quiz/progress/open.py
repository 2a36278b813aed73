"""Opening a progress store: the one place that decides which backend a location names.

A path (``~/.local/share/quiz/progress.db``) is an SQLite file. A ``postgresql://`` (or
``postgres://``) URL names a class database on a PostgreSQL server, reached with the optional
``quiz[server]`` extra. Any other URL is refused, and no message ever shows a URL's password.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError

if TYPE_CHECKING:
    from quiz.progress.postgres_store import PostgresStore

# A URL's scheme and "://"; a path never starts like this (a Windows drive is "C:\" or "C:/").
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# The user and password part of a URL, kept out of every message.
URL_CREDENTIALS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")
POSTGRES_SCHEMES = {"postgresql", "postgres"}
SERVER_EXTRA = "quiz[server]"


def shown_location(location: str | os.PathLike[str]) -> str:
    """A store location as messages show it: a URL without its user, password or options."""
    text = os.fspath(location)
    if URL_SCHEME.match(text) is None:
        return text
    return URL_CREDENTIALS.sub(r"\1", text).split("?", 1)[0]


def is_url(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` is a URL (a database server) rather than a file path."""
    return URL_SCHEME.match(os.fspath(location)) is not None


def open_store(location: str | os.PathLike[str]) -> ProgressStore:
    """Open the progress store at ``location``: an SQLite file (created and migrated if
    needed) or a class database (whose schema only ``quiz class init`` changes).

    Raises ``StoreError`` for a location quiz cannot use (an unknown kind of URL, a file that
    is not a progress database, a missing extra, a wrong password, ...), ``StoreBusyError``
    when another process holds it too long, ``StoreUnavailableError`` when a server cannot be
    reached.
    """
    text = os.fspath(location)
    scheme = URL_SCHEME.match(text)
    if scheme is None:
        from quiz.progress.sqlite_store import Store

        return Store.open(Path(text))
    if scheme.group(1).lower() in POSTGRES_SCHEMES:
        from quiz.progress.sqlite_copy import write_progress_copy

        return _postgres_store_class(text).open(text, write_copy=write_progress_copy)
    raise StoreError(
        f"{shown_location(text)}: quiz cannot keep progress in a {scheme.group(1)!r} database; "
        "give the path of a progress file (an SQLite file, created if missing) or a "
        "postgresql:// URL"
    )


def check_file(path: Path) -> None:
    """Run SQLite's full integrity check of the progress file at ``path`` now (every page,
    every index against its table), and remember it passed; ``StoreError`` naming the file
    when it is damaged or cannot be read."""
    from quiz.progress.sqlite_store import Store

    Store.open(path, full_check=True).close()


def _postgres_store_class(text: str) -> type[PostgresStore]:
    """The PostgreSQL backend, or a ``StoreError`` naming the extra that provides it."""
    try:
        from quiz.progress.postgres_store import PostgresStore
    except ImportError:
        raise StoreError(
            f"{shown_location(text)}: a class database needs the optional extra "
            f"{SERVER_EXTRA} (pip install '{SERVER_EXTRA}'); it is not installed"
        ) from None
    return PostgresStore
