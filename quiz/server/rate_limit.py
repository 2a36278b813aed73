"""Failed logins, counted per account and per client address over a sliding window.

Once a key (an account's name, or an address) has had :attr:`FailureLimit.limit` failures
within :attr:`FailureLimit.window` seconds, logins for it are refused, before any password is
checked, until the oldest of those failures leaves the window.

Logins are checked in turns (:class:`Turns`): one at a time per account, a few at a time per
address, so guesses sent in parallel meet the limit as if sent one after the other, while a
class behind one address logging in at once only waits a moment.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
WINDOW_SECONDS = 15 * 60
ADDRESS_TURNS = 4  # logins from one address checked at once; the others wait their turn
MAX_KEYS = 100_000  # past this many keys, the oldest are forgotten (a flood of made-up names)


@dataclass
class FailureLimit:
    """Failures per key within a window; :meth:`wait` says how long a key is refused."""

    limit: int
    window: float = WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may try again; 0 when it may now."""
        now = self.clock()
        times = self._recent(key, now)
        if len(times) < self.limit:
            return 0.0
        return max(0.0, times[-self.limit] + self.window - now)

    def failed(self, key: str) -> None:
        """Count one failure of ``key``."""
        now = self.clock()
        times = self._recent(key, now)
        if not times:
            if len(self._failures) >= MAX_KEYS:
                del self._failures[next(iter(self._failures))]
            self._failures[key] = times
        times.append(now)

    def forget(self, key: str) -> None:
        """Clear ``key``'s failures (its account logged in)."""
        self._failures.pop(key, None)


@dataclass
class LoginLimits:
    """The two limits a login passes: per account (by name) and per client address."""

    accounts: FailureLimit = field(default_factory=lambda: FailureLimit(ACCOUNT_FAILURES))
    addresses: FailureLimit = field(default_factory=lambda: FailureLimit(ADDRESS_FAILURES))

    def wait(self, name: str, address: str) -> float:
        """Seconds until a login of ``name`` from ``address`` is tried; 0: now."""
        return max(self.accounts.wait(name), self.addresses.wait(address))

    def failed(self, name: str, address: str) -> None:
        """Count a failed login of ``name`` from ``address``."""
        self.accounts.failed(name)
        self.addresses.failed(address)

    def succeeded(self, name: str) -> None:
        """A login of ``name`` succeeded: its account's count starts again."""
        self.accounts.forget(name)


class Turns:
    """At most ``width`` holders of one key at a time; the others wait their turn."""

    def __init__(self, width: int) -> None:
        self.width = width
        self._keys: dict[str, tuple[asyncio.Semaphore, int]] = {}

    @contextlib.asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        """Hold one of ``key``'s turns for the block."""
        semaphore, users = self._keys.get(key, (None, 0))
        semaphore = semaphore or asyncio.Semaphore(self.width)
        self._keys[key] = (semaphore, users + 1)
        try:
            async with semaphore:
                yield
        finally:
            semaphore, users = self._keys[key]
            if users == 1:
                del self._keys[key]
            else:
                self._keys[key] = (semaphore, users - 1)
