"""The connections of a PostgreSQL store: how they are opened (bounded statements and lock
waits, a short connect timeout), the check of the class database's schema before a store
is used, and how one call runs as one transaction on a pooled connection, a lost connection
retried with back-off for a while.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg
from psycopg_pool import ConnectionPool, PoolClosed, PoolTimeout

from quiz.progress.errors import StoreError, StoreUnavailableError
from quiz.progress.postgres_errors import Location
from quiz.progress.postgres_schema import HAS_VERSION_TABLE, READ_VERSION, version_problem

RETRY_SECONDS = 3.0  # how long a call retries a lost connection before giving up
CONNECT_SECONDS = 3
RECONNECT_SECONDS = 0.5
STATEMENT_TIMEOUT_MS = 5000
LOCK_TIMEOUT_MS = 3000
Result = TypeVar("Result")


def connection_options(statement_timeout_ms: int = STATEMENT_TIMEOUT_MS) -> dict[str, Any]:
    """What every connection of the store is opened with."""
    return {
        "autocommit": True,
        "connect_timeout": CONNECT_SECONDS,
        "application_name": "quiz",
        "options": f"-c statement_timeout={statement_timeout_ms}"
        f" -c lock_timeout={min(LOCK_TIMEOUT_MS, statement_timeout_ms)}"
        " -c idle_in_transaction_session_timeout=60000",
    }


def connect(location: Location, **options: Any) -> psycopg.Connection:
    """One connection (no pool), its failure worded as the contract's error."""
    try:
        return psycopg.connect(location.conninfo, **(connection_options() | options))
    except psycopg.Error as error:
        raise location.connect_error(error) from None


class Connections:
    """The pool of one store's connections to its class database, opened by :meth:`open`."""

    def __init__(self, location: Location, pool: ConnectionPool, retry_seconds: float) -> None:
        self.location = location
        self.retry_seconds = retry_seconds
        self._pool = pool

    @classmethod
    def open(
        cls, url: str, *, retry_seconds: float, statement_timeout_ms: int, pool_size: int
    ) -> Connections:
        """Connect to the class database at ``url``, after checking that its schema is the
        one this quiz knows (never migrating it: ``quiz class init`` does).

        Raises ``StoreError`` for a wrong password, a missing database or schema, or one
        newer than this quiz; ``StoreUnavailableError`` when the server cannot be reached."""
        location = Location(url)
        options = connection_options(statement_timeout_ms)
        with connect(location, **options) as probe:
            try:
                has_table = bool(probe.execute(HAS_VERSION_TABLE).fetchone()[0])  # pyright: ignore[reportOptionalSubscript]
                version = probe.execute(READ_VERSION).fetchone()[0] if has_table else 0  # pyright: ignore[reportOptionalSubscript]
            except psycopg.Error as error:
                raise location.error(error) from None
        problem = version_problem(has_table, version, location.shown)
        if problem is not None:
            raise StoreError(problem)
        pool: ConnectionPool[psycopg.Connection] = ConnectionPool(
            url, kwargs=options, min_size=1, max_size=pool_size, open=False, num_workers=1,
            name="quiz", timeout=CONNECT_SECONDS + 1.0,
            # give up reconnecting soon: the next call then connects at once, instead of
            # waiting out the pool's own back-off after the server is back
            reconnect_timeout=RECONNECT_SECONDS,
        )  # fmt: skip
        pool.open(wait=False)
        return cls(location, pool, retry_seconds)

    def close(self) -> None:
        """Close every connection of the pool."""
        self._pool.close()

    def transaction(self, work: Callable[[psycopg.Connection], Result]) -> Result:
        """Run ``work`` in one transaction; a lost connection is retried with back-off until
        :attr:`retry_seconds` pass. An error of ``work``'s own is raised as it is."""
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.05
        while True:
            # A short wait for the pool: once its reconnection gave up, only a new call
            # makes it connect again.
            wait = min(2.0, max(0.5, deadline - time.monotonic()))
            try:
                with self._pool.connection(wait) as connection, connection.transaction():
                    return work(connection)
            except PoolClosed:
                raise StoreError(f"{self.location.shown}: the store is closed") from None
            except PoolTimeout:
                failure: StoreError = self.location.error(psycopg.OperationalError())
            except psycopg.Error as error:
                failure = self.location.error(error)
            if not isinstance(failure, StoreUnavailableError) or time.monotonic() >= deadline:
                raise failure
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    def rows(self, statement: str, args: tuple = ()) -> list[tuple]:
        """Every row of one statement, run as its own transaction."""
        return self.transaction(lambda db: db.execute(statement, args).fetchall())  # pyright: ignore[reportArgumentType]
