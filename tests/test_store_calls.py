"""Store calls run one at a time, in order; a write that fails holds the line until retried."""

from __future__ import annotations

import threading

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
