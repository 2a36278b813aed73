"""Failed logins, counted per account and per client address over a sliding window.

Once a key (an account's name, or an address) has had :attr:`FailureLimit.limit` failures
within :attr:`FailureLimit.window` seconds, logins for it are refused, before any password is
checked, until the oldest of those failures leaves the window.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
WINDOW_SECONDS = 15 * 60
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

    def pardon(self, key: str) -> None:
        """Take back the latest failure counted for ``key`` (it was not one after all)."""
        times = self._failures.get(key)
        if times:
            times.pop()
            if not times:
                del self._failures[key]

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

    def pardon(self, name: str, address: str) -> None:
        """Take back the failure counted for a login before its password was checked."""
        self.accounts.pardon(name)
        self.addresses.pardon(address)

    def succeeded(self, name: str) -> None:
        """A login of ``name`` succeeded: its account's count starts again."""
        self.accounts.forget(name)
