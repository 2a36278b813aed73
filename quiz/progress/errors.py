"""What every progress store raises, whatever its backend: a store that cannot be used, one
kept busy by another writer, and one that cannot be reached for now.

Callers catch these and never a backend's own errors (``sqlite3.Error``, a driver's), which
each backend turns into one of these with a message that names the store and the cure.
"""

from __future__ import annotations


class StoreError(Exception):
    """A progress store that cannot be used, or a request it refused (an unknown review,
    damaged data, a newer schema); the message names the store and says what to do."""


class StoreBusyError(StoreError):
    """Another process or client kept the store locked for longer than the store waits for
    it. Nothing was changed; the same call may succeed if made again."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached now (a database server that is down or restarting, a lost
    connection). Nothing of the failed call was committed; the same call may succeed later.
    Raised by networked backends; an SQLite file is either usable or a :class:`StoreError`."""
