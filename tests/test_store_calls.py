"""Store calls run one at a time, in order; a write that fails holds the line until retried."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from quiz.progress.errors import StoreBusyError, StoreError
from quiz.study.store_calls import StoreCalls


def test_calls_run_in_order_in_one_thread_of_their_own() -> None:
    calls = StoreCalls.in_thread()
    done: list[tuple[int, str]] = []
    futures = [
        calls.submit(lambda n=n: done.append((n, threading.current_thread().name)) or n)
        for n in range(50)
    ]
    assert calls.wait(5)
    assert [future.result() for future in futures] == list(range(50))
    assert [n for n, _ in done] == list(range(50))
    assert {name for _, name in done} == {"store calls"}


def test_a_failed_write_holds_the_line_until_it_is_retried() -> None:
    calls = StoreCalls.in_thread()
    stalls: list[StoreError] = []
    calls.on_stall = stalls.append
    attempts: list[str] = []
    busy = threading.Event()
    busy.set()

    def write() -> str:
        attempts.append("write")
        if busy.is_set():
            raise StoreBusyError("busy")
        return "written"

    first = calls.submit(write, write=True)
    after = calls.submit(lambda: attempts.append("read") or "read")
    assert not calls.wait(5), "the line is held"
    assert isinstance(calls.stalled, StoreBusyError) and len(stalls) == 1
    assert attempts == ["write"] and not after.done(), "nothing runs past the failed write"
    busy.clear()
    assert calls.settle(5) is None
    assert (first.result(), after.result()) == ("written", "read")
    assert attempts == ["write", "write", "read"]


def test_a_held_write_is_tried_again_by_itself_with_back_off() -> None:
    calls = StoreCalls.in_thread(retry_seconds=(0.05, 0.1))
    stalls: list[StoreError] = []
    recovered = threading.Event()
    calls.on_stall = stalls.append
    calls.on_recover = recovered.set
    tries: list[float] = []

    def write() -> str:
        tries.append(time.monotonic())
        if len(tries) < 4:
            raise StoreBusyError("the server is restarting")
        return "written"

    future = calls.submit(write, write=True)
    after = calls.submit(lambda: "read")
    assert future.result(timeout=5) == "written", "no other write came to retry it"
    assert after.result(timeout=5) == "read"
    assert len(tries) == 4 and len(stalls) == 1, "the student is told once"
    pauses = [b - a for a, b in itertools.pairwise(tries)]
    assert pauses[0] >= 0.05 and pauses[1] >= 0.1 and pauses[2] >= 0.1  # the last repeats
    assert recovered.wait(5) and calls.stalled is None


def test_a_read_that_fails_does_not_hold_the_line() -> None:
    calls = StoreCalls.in_thread()

    def read() -> None:
        raise StoreError("unreadable")

    failed = calls.submit(read)
    later = calls.submit(lambda: 1)
    assert calls.wait(5) and later.result() == 1
    with pytest.raises(StoreError):
        failed.result()


def test_inline_calls_run_at_once_and_a_failed_write_raises() -> None:
    calls = StoreCalls.inline()
    assert calls.submit(lambda: threading.current_thread()).result() is threading.current_thread()

    def write() -> None:
        raise StoreBusyError("busy")

    with pytest.raises(StoreBusyError):
        calls.submit(write, write=True)
