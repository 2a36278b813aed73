"""Store calls made one at a time, in the order they were asked for, away from the caller.

A study session hands its writes (a review, an undo) and the reads that must see them to a
:class:`StoreCalls`. :meth:`StoreCalls.inline` runs each call at once in the caller's thread
(the command line, the tests); :meth:`StoreCalls.in_thread` runs them in one thread of its own,
so that the app never waits on a disk or a network while a key is handled.

Order is kept: a call starts only when every call asked for before it has finished. A write
that fails with a ``StoreError`` (the store is busy, or out of reach) holds the line: it and
every call after it wait until :meth:`StoreCalls.retry` (by itself after each of
``retry_seconds``, when given: a back-off while a server restarts), so that no later review is
committed before it and nothing is dropped. :meth:`StoreCalls.settle` retries and waits, as
quitting does.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, TypeVar

from quiz.progress.errors import StoreError

Result = TypeVar("Result")
StallHandler = Callable[[StoreError], None]
RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
"""The back-off of the app's writes: tried again after each pause, then every 30 s."""


class StoreCalls:
    """An ordered line of store calls; see the module."""

    def __init__(
        self, *, threaded: bool, name: str = "store calls", retry_seconds: Sequence[float] = ()
    ) -> None:
        self._threaded = threaded
        self._retry_seconds = tuple(retry_seconds)
        self._failures = 0  # failed tries of the write that holds the line
        self._name = name
        self._jobs: deque[tuple[Callable[[], Any], Future[Any], bool]] = deque()
        self._changed = threading.Condition()
        self._stalled: StoreError | None = None
        self._thread: threading.Thread | None = None
        self.on_stall: StallHandler | None = None
        """Called (from the calls' thread) with the error when a write starts to hold the line
        (not again for each retry that fails)."""
        self.on_recover: Callable[[], None] | None = None
        """Called (from the calls' thread) when a write that held the line is written."""

    @classmethod
    def inline(cls) -> StoreCalls:
        """Calls run at once in the caller's thread; a failed write raises there."""
        return cls(threaded=False)

    @classmethod
    def in_thread(
        cls, name: str = "store calls", retry_seconds: Sequence[float] = ()
    ) -> StoreCalls:
        """Calls run in one daemon thread of their own (started at the first call); a write
        that holds the line is tried again after each of ``retry_seconds`` (the last one
        repeated), as well as with the next write."""
        return cls(threaded=True, name=name, retry_seconds=retry_seconds)

    @property
    def threaded(self) -> bool:
        """Whether calls run in a thread of their own (else at once, in the caller's)."""
        return self._threaded

    @property
    def stalled(self) -> StoreError | None:
        """The error of the write that holds the line, if one does."""
        return self._stalled

    @property
    def waiting(self) -> int:
        """How many calls have not finished yet (the one running included)."""
        with self._changed:
            return len(self._jobs)

    def submit(self, call: Callable[[], Result], *, write: bool = False) -> Future[Result]:
        """Run ``call`` after every call asked for before it; its future holds the result or
        the error. ``write``: a ``StoreError`` from it holds the line (see the module), and
        asking for a write retries a write that holds it. Inline, a call runs now and a
        write's ``StoreError`` is raised here instead."""
        future: Future[Result] = Future()
        if not self._threaded:
            try:
                future.set_result(call())
            except StoreError as error:
                if write:
                    raise
                future.set_exception(error)
            return future
        with self._changed:
            if write:
                self._stalled = None  # a new write tries the one held up again first
            self._jobs.append((call, future, write))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._changed.notify_all()
        return future

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._jobs) and self._stalled is None)
                call, future, write = self._jobs[0]
            # A read whose caller gave up waiting is skipped; a write always runs.
            started = future.running() or future.set_running_or_notify_cancel()
            if not started and not write:
                self._finish(future)
                continue
            try:
                result = call()
            except StoreError as error:
                if write:
                    self._stall(error)
                    continue
                self._finish(future, error=error)
            except BaseException as error:  # a fault in the call: its caller sees it
                self._finish(future, error=error)
            else:
                if write and self._failures:
                    self._failures = 0
                    if self.on_recover is not None:
                        self.on_recover()
                self._finish(future, result=result)

    def _finish(
        self, future: Future[Any], *, result: object = None, error: BaseException | None = None
    ) -> None:
        with self._changed:
            self._jobs.popleft()
            self._changed.notify_all()
        if future.cancelled():
            return
        if error is None:
            future.set_result(result)
        else:
            future.set_exception(error)

    def _stall(self, error: StoreError) -> None:
        with self._changed:
            self._stalled = error
            self._failures += 1
            first = self._failures == 1
            self._changed.notify_all()
        if self._retry_seconds:
            pause = self._retry_seconds[min(self._failures, len(self._retry_seconds)) - 1]
            timer = threading.Timer(pause, self.retry)
            timer.daemon = True
            timer.start()
        handler = self.on_stall
        if first and handler is not None:
            handler(error)

    def retry(self) -> None:
        """Run the write that holds the line again, and the calls after it."""
        with self._changed:
            self._stalled = None
            self._changed.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every call asked for has finished, or a write holds the line, for at
        most ``timeout`` seconds; whether every call finished."""
        with self._changed:
            self._changed.wait_for(lambda: not self._jobs or self._stalled is not None, timeout)
            return not self._jobs

    def settle(self, timeout: float | None = None) -> StoreError | None:
        """Retry a write that holds the line and wait for every call (as quitting does);
        ``None`` when all are done, else the error that still holds them (or ``StoreError``
        saying they did not finish in time)."""
        self.retry()
        if self.wait(timeout):
            return None
        return self._stalled or StoreError(f"{self.waiting} store calls did not finish in time")
