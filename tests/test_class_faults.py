"""Faults of a class database: a server that restarts mid-session, a confirmation of a commit
that never arrives, and a table kept locked. No committed review is lost and none is written
twice; a locked table costs seconds, never a frozen app."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import yaml
from postgres_server import PostgresServer
from session_support import basic_deck, deck_data, start
from tcp_proxy import Proxy
from test_store_faults import committed_ids, writer

from quiz.kinds.base import Reveal
from quiz.progress.errors import StoreBusyError, StoreUnavailableError
from quiz.progress.open import open_store
from quiz.progress.postgres_class import add_member
from quiz.progress.postgres_connections import LOCK_TIMEOUT_MS
from quiz.progress.postgres_store import PostgresStore
from quiz.progress.sqlite_copy import write_progress_copy
from quiz.rating import Rating
from quiz.study.store_calls import StoreCalls

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


def test_in_the_app_an_answer_saved_while_the_server_is_down_is_written_when_it_returns(
    student: str, restartable: PostgresServer
) -> None:
    calls = StoreCalls.in_thread(retry_seconds=(0.2, 0.5))
    held, saved = threading.Event(), threading.Event()
    calls.on_stall = lambda error: held.set()
    calls.on_recover = saved.set
    store = PostgresStore.open(student, write_copy=write_progress_copy, retry_seconds=0.5)
    with store:
        session = start(store, [basic_deck(count=3)], NOW, calls=calls)
        session.answer(Reveal(), NOW)
        session.rate(Rating.GOOD)
        assert calls.wait(10)  # the states read ahead, before the server goes
        restartable.stop()
        session.accept(NOW + timedelta(seconds=1))  # returns at once: the write is queued
        assert session.current is not None and session.current.item_id == "q1"
        assert held.wait(30), "the student is told the answer is kept"
        restartable.start()
        assert saved.wait(60), "written by itself once the server is back, no key pressed"
        assert calls.wait(10) and calls.stalled is None
    assert logged(student) == [("q0", Rating.GOOD)]


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


@pytest.fixture
def proxied(student: str, postgres_server: PostgresServer) -> Iterator[tuple[Proxy, str]]:
    """A proxy in front of the server, and the student's URL through it."""
    proxy = Proxy(postgres_server.port)
    yield proxy, student.replace(f":{postgres_server.port}/", f":{proxy.port}/")
    proxy.close()


def test_a_commit_whose_confirmation_is_lost_is_never_written_twice(
    student: str, proxied: tuple[Proxy, str]
) -> None:
    proxy, url = proxied
    with PostgresStore.open(url, write_copy=write_progress_copy) as store:
        session = start(store, [basic_deck(count=2)], NOW)
        session.answer(Reveal(), NOW)
        proxy.cut_after_next_commit()
        row = session.accept(NOW)  # the retry finds the review by its key
        assert proxy.cuts == 1
        assert row is not None
        assert [r.id for r in store.history("basics", "q0")] == [row.id]
    assert logged(student) == [("q0", Rating.GOOD)]


def test_a_commit_lost_past_the_retries_is_found_when_the_answer_is_saved_again(
    student: str, proxied: tuple[Proxy, str]
) -> None:
    proxy, url = proxied
    with PostgresStore.open(url, write_copy=write_progress_copy, retry_seconds=0) as store:
        session = start(store, [basic_deck(count=2)], NOW)
        session.answer(Reveal(), NOW)
        proxy.cut_after_next_commit()
        with pytest.raises(StoreUnavailableError):
            session.accept(NOW)
        assert proxy.cuts == 1
        assert session.phase == "answered"  # the app shows it unsaved: saved again later
        session.accept(NOW + timedelta(seconds=3))
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


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    """The deck the writer processes answer (as the SQLite fault tests' writers do)."""
    path = tmp_path / "stream.yaml"
    fronts = {f"card-{index:02d}": f"Question {index}?" for index in range(30)}
    path.write_text(yaml.safe_dump(deck_data("stream", fronts)), encoding="utf-8")
    return path


def check_chains(url: str, committed: set[int]) -> int:
    """Every committed review present, and each item's log a chain ending in its state."""
    with open_store(url) as store:
        reviews = list(store.iter_reviews())
        ids = {review.id for review in reviews}
        assert committed <= ids, f"lost reviews: {sorted(committed - ids)[:10]}"
        assert len(ids) == len(reviews)
        chains: dict[str, list] = {}
        for review in reviews:
            chains.setdefault(review.item_id, []).append(review)
        states = store.item_states("stream")
        assert set(states) == set(chains)
        for item, chain in chains.items():
            assert chain[0].state_before is None, item
            for previous, review in itertools.pairwise(chain):
                assert review.state_before == previous.state_after, item
            assert states[item] == chain[-1].state_after, item
    return len(ids)


def test_two_processes_of_one_student_answering_at_once_lose_nothing(
    student: str, tmp_path: Path, deck_file: Path
) -> None:
    go = tmp_path / "go"
    writers = [writer(student, deck_file, NOW, 100, go) for _ in range(2)]
    for process in writers:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready", process.communicate()[1]
    go.touch()
    committed = []
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        committed.append(committed_ids(out.splitlines()))
    assert not committed[0] & committed[1]
    assert check_chains(student, committed[0] | committed[1]) == 200


def test_killed_writers_lose_no_committed_review(student: str, deck_file: Path) -> None:
    rng = random.Random(20261202)
    committed: set[int] = set()
    for run in range(8):
        process = writer(student, deck_file, NOW + timedelta(days=60 * run), 1_000_000)
        assert process.stdout is not None
        seen = [process.stdout.readline() for _ in range(rng.randint(2, 30))]
        process.kill()
        out, _ = process.communicate(timeout=30)
        assert process.returncode == -9
        committed |= committed_ids(seen) | committed_ids(out.splitlines())
        check_chains(student, committed)
    assert len(committed) > 50
