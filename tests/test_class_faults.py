"""Faults of a class database: a server that restarts mid-session, a confirmation of a commit
that never arrives, and a table kept locked. No committed review is lost and none is written
twice; a locked table costs seconds, never a frozen app."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from postgres_server import PostgresServer
from session_support import basic_deck, start
from tcp_proxy import Proxy

from quiz.kinds.base import Reveal
from quiz.progress.errors import StoreBusyError, StoreUnavailableError
from quiz.progress.open import open_store
from quiz.progress.postgres_class import add_member
from quiz.progress.postgres_connections import LOCK_TIMEOUT_MS
from quiz.progress.postgres_store import PostgresStore
from quiz.progress.sqlite_copy import write_progress_copy
from quiz.rating import Rating

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def student(class_database: str) -> str:
    return add_member(class_database, f"fault_{time.monotonic_ns() % 10**9}")


@pytest.fixture
def restartable(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """The suite's server, started again after the test whatever it did to it."""
    yield postgres_server
    if not (postgres_server.data / "postmaster.pid").exists():
        postgres_server.start()


def logged(url: str) -> list[tuple[str, Rating]]:
    with open_store(url) as store:
        return [(row.item_id, row.rating) for row in store.iter_reviews()]


def test_a_restart_mid_session_keeps_the_answer_on_screen_and_saves_it_once_back(
    student: str, restartable: PostgresServer
) -> None:
    store = PostgresStore.open(student, write_copy=write_progress_copy, retry_seconds=0.5)
    with store:
        session = start(store, [basic_deck(count=3)], NOW)
        session.answer(Reveal(), NOW)
        session.rate(Rating.GOOD)
        session.accept(NOW)
        session.answer(Reveal(), NOW + timedelta(seconds=5))
        session.rate(Rating.HARD)
        restartable.stop()
        with pytest.raises(StoreUnavailableError, match="lost the connection"):
            session.accept(NOW + timedelta(seconds=6))
        assert session.phase == "answered" and session.pending is not None
        assert session.pending.rating is Rating.HARD
        restartable.start()
        session.accept(NOW + timedelta(seconds=7))
        assert session.answered == 2
    assert logged(student) == [("q0", Rating.GOOD), ("q1", Rating.HARD)]


def test_a_restart_within_the_retries_is_not_even_noticed(
    student: str, restartable: PostgresServer
) -> None:
    store = PostgresStore.open(student, write_copy=write_progress_copy, retry_seconds=30)
    with store:
        session = start(store, [basic_deck(count=2)], NOW)
        session.answer(Reveal(), NOW)
        restartable.stop()
        back = threading.Timer(0.5, restartable.start)
        back.start()
        try:
            session.accept(NOW)  # retried with back-off until the server is back
        finally:
            back.join()
    assert logged(student) == [("q0", Rating.GOOD)]


def test_a_commit_whose_confirmation_is_lost_is_never_written_twice(
    student: str, postgres_server: PostgresServer
) -> None:
    proxy = Proxy(postgres_server.port)
    through_proxy = student.replace(f":{postgres_server.port}/", f":{proxy.port}/")
    try:
        with PostgresStore.open(through_proxy, write_copy=write_progress_copy) as store:
            session = start(store, [basic_deck(count=2)], NOW)
            session.answer(Reveal(), NOW)
            proxy.cut_after_next_commit()
            row = session.accept(NOW)  # the retry finds the review by its key
            assert proxy.cuts == 1
            assert row is not None
            assert [r.id for r in store.history("basics", "q0")] == [row.id]
    finally:
        proxy.close()
    assert logged(student) == [("q0", Rating.GOOD)]


def test_a_commit_lost_past_the_retries_is_found_when_the_answer_is_saved_again(
    student: str, postgres_server: PostgresServer
) -> None:
    proxy = Proxy(postgres_server.port)
    through_proxy = student.replace(f":{postgres_server.port}/", f":{proxy.port}/")
    store = PostgresStore.open(through_proxy, write_copy=write_progress_copy, retry_seconds=0)
    try:
        with store:
            session = start(store, [basic_deck(count=2)], NOW)
            session.answer(Reveal(), NOW)
            proxy.cut_after_next_commit()
            with pytest.raises(StoreUnavailableError):
                session.accept(NOW)
            assert session.phase == "answered"  # the app shows it unsaved: saved again later
            session.accept(NOW + timedelta(seconds=3))
    finally:
        proxy.close()
    assert logged(student) == [("q0", Rating.GOOD)]


def test_a_locked_table_gives_a_busy_error_in_seconds(student: str, class_database: str) -> None:
    with open_store(student) as store:
        session = start(store, [basic_deck(count=2)], NOW)
        session.answer(Reveal(), NOW)
        began = time.monotonic()
        with psycopg.connect(class_database) as other:
            other.execute("LOCK TABLE review_log IN EXCLUSIVE MODE")  # held until rollback
            with pytest.raises(StoreBusyError, match="busy"):
                session.accept(NOW)
            other.rollback()
        assert time.monotonic() - began < LOCK_TIMEOUT_MS / 1000 + 2
        assert session.phase == "answered"
        session.accept(NOW)
    assert logged(student) == [("q0", Rating.GOOD)]
