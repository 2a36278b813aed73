"""How the PostgreSQL store names its database and words what goes wrong, never showing a
password or a whole connection string.

A database is shown as ``postgresql://HOST:PORT/NAME``, without its user, password or options.
Driver errors become one of the contract's errors (:mod:`quiz.progress.errors`) with a
message of quiz's own; the driver's text is kept only where it names a database object, and
even then any password of the connection is cut out of it.
"""

from __future__ import annotations

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict

from quiz.progress.errors import StoreBusyError, StoreError, StoreUnavailableError

WRONG_LOGIN = {"28P01", "28000"}  # invalid password; no such role or not allowed to log in
NO_DATABASE = "3D000"
BUSY = {"57014", "55P03", "40001", "40P01"}  # statement timeout, lock timeout, conflicts
SERVER_GONE = {"57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"}


class Location:
    """A connection string and how messages name it: its host, port and database only."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        try:
            parts = conninfo_to_dict(conninfo)
        except psycopg.ProgrammingError:
            raise StoreError(
                "the database URL cannot be read (postgresql://USER:PASSWORD@HOST:PORT/NAME)"
            ) from None
        self.password = str(parts.get("password") or "")
        self.user = str(parts.get("user") or "")
        host = str(parts.get("host") or "localhost")
        port = str(parts.get("port") or "5432")
        self.database = str(parts.get("dbname") or self.user or "")
        self.shown = f"postgresql://{host}:{port}/{self.database}"

    def redact(self, text: str) -> str:
        """``text`` with the connection string and its password cut out."""
        for secret in (self.conninfo, self.password):
            if secret:
                text = text.replace(secret, "***")
        return text

    def connect_error(self, error: psycopg.Error) -> StoreError:
        """The refusal of a connection that could not be made."""
        state = getattr(error, "sqlstate", None)
        text = str(error)
        if state in WRONG_LOGIN or "password authentication failed" in text:
            return StoreError(
                f"{self.shown}: the server refused this user name and password; check the "
                "connection string you were given (quiz class add-student prints it)"
            )
        if state == NO_DATABASE or ("database" in text and "does not exist" in text):
            return StoreError(f"{self.shown}: the server has no such database")
        if "password" in text and "no password supplied" in text:
            return StoreError(f"{self.shown}: the connection string has no password")
        return StoreUnavailableError(
            f"{self.shown}: cannot reach the database server (is the host right, and the "
            "server running?); nothing was changed"
        )

    def error(self, error: psycopg.Error) -> StoreError:
        """The contract's error for a failed statement or a lost connection."""
        state = getattr(error, "sqlstate", None)
        if (isinstance(error, psycopg.OperationalError) and state is None) or state in SERVER_GONE:
            return StoreUnavailableError(
                f"{self.shown}: lost the connection to the database server; nothing of this "
                "call was saved: try again once the server is back"
            )
        if state in BUSY:
            return StoreBusyError(
                f"{self.shown}: the class database is busy (a statement waited too long for "
                "a lock or ran too long); nothing was changed, try again"
            )
        if isinstance(error, pg_errors.InsufficientPrivilege):
            return StoreError(f"{self.shown}: this role may not do that ({self._primary(error)})")
        if isinstance(error, pg_errors.UndefinedTable | pg_errors.UndefinedColumn):
            return StoreError(
                f"{self.shown}: the class database lacks part of the quiz schema; the "
                "instructor repairs it with `quiz class init --db URL`"
            )
        return StoreError(f"{self.shown}: class database error: {self._primary(error)}")

    def _primary(self, error: psycopg.Error) -> str:
        diag = getattr(error, "diag", None)
        primary = getattr(diag, "message_primary", None) if diag is not None else None
        return self.redact(primary or type(error).__name__)
