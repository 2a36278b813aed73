"""The server's logged-in browsers: a random token in a cookie, and here, what it stands for.

Only a hash of each token is kept as the table's key. A session holds the student's own
database URL (built from the password they logged in with) in this process's memory only:
sessions end when the server stops, and students log in again.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

COOKIE_NAME = "quiz_session"
SESSION_SECONDS = 12 * 3600
TOKEN_BYTES = 32


@dataclass(frozen=True)
class Session:
    """One logged-in browser: whose it is, where their progress is, their time zone."""

    student: str
    database_url: str = field(repr=False)
    time_zone: str | None
    expires: float  # on the table's clock

    def seconds_left(self, now: float) -> float:
        """Seconds until the session expires (0 or less: it has)."""
        return self.expires - now


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass
class SessionTable:
    """Sessions by token; each expires :attr:`lifetime` seconds after its login."""

    lifetime: float = SESSION_SECONDS
    clock: Callable[[], float] = time.monotonic
    _sessions: dict[str, Session] = field(default_factory=dict)

    def create(self, student: str, database_url: str, time_zone: str | None) -> str:
        """A new session for ``student``; gives back its token (for the cookie only)."""
        self._prune()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires = self.clock() + self.lifetime
        self._sessions[_key(token)] = Session(student, database_url, time_zone, expires)
        return token

    def find(self, token: str | None) -> Session | None:
        """The live session of ``token``; None for no token, an unknown or an expired one."""
        if not token:
            return None
        session = self._sessions.get(_key(token))
        if session is None:
            return None
        if session.seconds_left(self.clock()) <= 0:
            del self._sessions[_key(token)]
            return None
        return session

    def end(self, token: str | None) -> Session | None:
        """End the session of ``token`` (logging out); the session it was, if any."""
        return self._sessions.pop(_key(token), None) if token else None

    def seconds_left(self, session: Session) -> float:
        """Seconds until ``session`` expires."""
        return session.seconds_left(self.clock())

    def _prune(self) -> None:
        now = self.clock()
        for key in [k for k, s in self._sessions.items() if s.seconds_left(now) <= 0]:
            del self._sessions[key]
