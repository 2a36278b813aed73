"""Faults: newer and unusable files, busy databases, killed processes, concurrent writers."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from file_support import NOW, review

from quiz.progress.errors import StoreBusyError, StoreError
from quiz.progress.schema import SCHEMA_VERSION
from quiz.progress.sqlite_store import Store

WRITER = Path(__file__).parent / "support_core" / "review_writer.py"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in a folder with a hash of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def make_database(path: Path) -> None:
    with Store.open(path) as store:
        review(store, "a")


# -- refusals --------------------------------------------------------------------------------


def test_a_database_from_a_newer_version_is_refused_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    make_database(path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "newer version of quiz" in message
    assert f"schema {SCHEMA_VERSION + 1}" in message
    assert snapshot(tmp_path) == before


def test_a_newer_version_still_in_the_write_ahead_log_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    make_database(path)
    holder = sqlite3.connect(path)  # keeps the log from being checkpointed into the file
    holder.execute("PRAGMA wal_autocheckpoint = 0")
    holder.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    try:
        with pytest.raises(StoreError, match="newer version of quiz"):
            Store.open(path)
        assert holder.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 5
        assert holder.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1
    finally:
        holder.close()


def random_bytes(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def truncated_database(tmp_path: Path) -> bytes:
    source = tmp_path / "source" / "progress.db"
    with Store.open(source) as store:
        for index in range(300):
            review(store, f"item-{index}")
    db = sqlite3.connect(source)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = source.read_bytes()
    assert len(data) > 8192
    return data[:4096] + random_bytes(len(data) - 4096)


@pytest.mark.parametrize(
    "kind", ["random bytes", "text file", "short header", "damaged pages", "foreign sqlite"]
)
def test_a_corrupt_or_foreign_file_is_refused_and_left_untouched(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.db"
    if kind == "random bytes":
        path.write_bytes(random_bytes(10_000))
    elif kind == "text file":
        path.write_text("my study notes\n" * 100, encoding="utf-8")
    elif kind == "short header":
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)
    elif kind == "damaged pages":
        path.write_bytes(truncated_database(tmp_path))
    else:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('bread')")
        db.commit()
        db.close()
    before = snapshot(folder)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "left untouched" in message
    assert snapshot(folder) == before


def test_damage_is_found_without_the_full_check(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.db"
    path.write_bytes(truncated_database(tmp_path))
    before = snapshot(folder)
    with pytest.raises(StoreError, match="damaged"):
        Store.open(path, full_check=False)
    assert snapshot(folder) == before


def test_a_folder_at_the_database_path_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.mkdir()
    with pytest.raises(StoreError, match="folder"):
        Store.open(path)


def test_an_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot create its folder"):
        Store.open(blocker / "sub" / "progress.db")


def test_a_database_kept_busy_by_another_writer_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    make_database(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with (
            Store.open(path, busy_timeout=0.2) as store,
            pytest.raises(StoreBusyError, match="busy"),
        ):
            review(store, "b")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store.open(path) as store:
        review(store, "b")
        assert set(store.item_states("deck")) == {"a", "b"}


# -- processes -------------------------------------------------------------------------------


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    data = {
        "id": "stream",
        "title": "Stream deck",
        "description": "Cards answered by writer processes.",
        "version": 1,
        "sources": [{"key": "src", "title": "T", "authors": ["A"], "year": 2020, "venue": "J"}],
        "cards": [
            {
                "id": f"card-{index:02d}",
                "type": "basic",
                "front": f"Question {index}?",
                "back": "Answer",
                "source": {"key": "src", "locator": "p1"},
            }
            for index in range(30)
        ],
    }
    path = tmp_path / "stream.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def writer(
    database: Path, deck: Path, start: datetime, count: int, go: Path | None = None
) -> subprocess.Popen[str]:
    args = [sys.executable, str(WRITER), str(database), str(deck), str(int(start.timestamp()))]
    args.append(str(count))
    if go is not None:
        args.append(str(go))
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=WRITER.parent
    )


def committed_ids(lines: Iterator[str] | list[str]) -> set[int]:
    return {int(line) for line in lines if line.strip().isdigit()}


def check_database(path: Path, committed: set[int]) -> int:
    """Integrity, every committed review present, and each item's log chain consistent."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        ids = {row[0] for row in db.execute("SELECT id FROM review_log")}
        assert committed <= ids, f"lost reviews: {sorted(committed - ids)[:10]}"
        chains: dict[str, list[tuple[str | None, str]]] = {}
        for item, before, after in db.execute(
            "SELECT item_id, state_before, state_after FROM review_log ORDER BY id"
        ):
            chains.setdefault(item, []).append((before, after))
        states = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT item_id, state, step, stability, difficulty, due, last_review"
                " FROM item_state"
            )
        }
        assert set(states) == set(chains)
        for item, chain in chains.items():
            assert chain[0][0] is None, item
            for (_, previous_after), (before, _) in itertools.pairwise(chain):
                assert json.loads(before) == json.loads(previous_after), item
            last = json.loads(chain[-1][1])
            assert states[item] == tuple(
                last[key]
                for key in ("state", "step", "stability", "difficulty", "due", "last_review")
            ), item
        return len(ids)
    finally:
        db.close()


def test_killed_writers_lose_no_committed_review(tmp_path: Path, deck_file: Path) -> None:
    database = tmp_path / "data" / "progress.db"
    rng = random.Random(20260302)
    committed: set[int] = set()
    kills = 0
    for run in range(24):
        start = NOW + timedelta(days=60 * run)
        process = writer(database, deck_file, start, 1_000_000)
        if run % 4 == 0:
            time.sleep(rng.uniform(0.0, 0.4))  # anywhere from start-up to mid-stream
        else:
            assert process.stdout is not None
            wanted = rng.randint(1, 40)
            seen = []
            while len(seen) < wanted:
                line = process.stdout.readline()
                assert line, f"writer stopped early: {process.stderr.read()}"  # type: ignore[union-attr]
                seen.append(line)
            committed |= committed_ids(seen)
            time.sleep(rng.uniform(0.0, 0.005))
        process.kill()
        out, err = process.communicate(timeout=30)
        assert process.returncode == -9, err
        kills += 1
        committed |= committed_ids(out.splitlines())
        if database.exists() and database.stat().st_size:
            check_database(database, committed)
    assert kills >= 20
    assert len(committed) > 100
    with Store.open(database) as store:  # still opens, and takes more reviews
        before = sum(1 for _ in store.iter_reviews())
        review(store, "after-the-kills", at=NOW + timedelta(days=10_000))
        assert sum(1 for _ in store.iter_reviews()) == before + 1


def answer_concurrently(
    tmp_path: Path, deck_file: Path, processes: int, count: int
) -> tuple[Path, list[set[int]]]:
    """Start writers on one new database path at the same moment; their committed ids."""
    database = tmp_path / "progress.db"  # created by whichever process comes first
    go = tmp_path / "go"
    writers = [writer(database, deck_file, NOW, count, go) for _ in range(processes)]
    for process in writers:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready", process.communicate()[1]
    go.touch()
    per_process = []
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert err == ""
        ids = committed_ids(out.splitlines())
        assert len(ids) == count
        per_process.append(ids)
    return database, per_process


def test_two_processes_answering_at_once_lose_nothing(tmp_path: Path, deck_file: Path) -> None:
    database, (first, second) = answer_concurrently(tmp_path, deck_file, 2, 150)
    assert not first & second
    assert check_database(database, first | second) == 300


def test_processes_creating_the_database_at_once_all_succeed(
    tmp_path: Path, deck_file: Path
) -> None:
    database, committed = answer_concurrently(tmp_path, deck_file, 4, 15)
    assert check_database(database, set().union(*committed)) == 60
    db = sqlite3.connect(database)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
