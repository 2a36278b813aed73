"""The progress database's files: refused files stay byte for byte, damage is found before
anything is written, symbolic links are refused, and every file is private to its owner."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from file_support import mode, review
from file_support import umask_022 as umask_022  # a fixture the tests name

from quiz.progress.errors import StoreError
from quiz.progress.schema import SCHEMA_VERSION
from quiz.progress.sqlite_store import Store


def make_database(path: Path, items: int = 20) -> None:
    with Store.open(path) as store:
        for index in range(items):
            review(store, f"item-{index}")


def contents(folder: Path) -> dict[str, str]:
    """Every file of a folder with a hash of its bytes; ``-shm`` (SQLite's shared-memory
    index, rebuilt from the other two by any reader) by name only."""
    return {
        path.name: ""
        if path.name.endswith("-shm")
        else hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


def leave_write_ahead_log(path: Path, *statements: str) -> None:
    """Run ``statements`` on the database in a process killed before it closes the file, so
    that its changes stay in a ``-wal`` beside the file, as after a crash."""
    code = (
        "import os, signal, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA journal_mode = WAL')\n"
        "db.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "for statement in sys.argv[2:]:\n"
        "    db.execute(statement)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path), *statements], check=False)
    assert result.returncode == -9
    assert Path(f"{path}-wal").stat().st_size > 0


# -- refused files are left byte for byte, their write-ahead log included -------------------


@pytest.mark.parametrize("kind", ["newer schema", "damaged", "not a quiz database"])
def test_a_refused_database_with_a_leftover_log_keeps_file_and_log(
    tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.db"
    if kind == "not a quiz database":
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.commit()
        db.close()
        leave_write_ahead_log(path, "INSERT INTO recipes VALUES ('bread')")
    else:
        make_database(path)
        if kind == "newer schema":
            leave_write_ahead_log(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        else:
            leave_write_ahead_log(path, "INSERT INTO settings VALUES ('x', '1')")
            with path.open("r+b") as handle:  # the tables' pages, not the header
                handle.seek(4096)
                handle.write(random.Random(1).randbytes(path.stat().st_size - 4096))
    before = contents(folder)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "not changed" in message or "untouched" in message
    assert contents(folder) == before


# -- damage is found before the first write, on files of any size ---------------------------


def bulk_database(path: Path, reviews: int) -> None:
    """A quiz database whose log holds ``reviews`` rows, written in bulk."""
    Store.open(path).close()
    state = json.dumps({"state": "review", "step": None, "stability": 12.5, "difficulty": 5.1})
    reveal = '{"type":"reveal"}'
    rows = [
        ("deck", f"item-{index % 20_000}", 3, 1, reveal, index, 900, "review", state, state)
        for index in range(reviews)
    ]
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO review_log (deck_id, item_id, rating, correct, response, reviewed_at,"
        " duration_ms, kind, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.executemany(
        "INSERT INTO item_state VALUES (?, ?, 'review', NULL, 1.0, 5.0, ?, 0)",
        [("deck", f"item-{index}", index) for index in range(20_000)],
    )
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


@pytest.fixture(scope="module")
def large_database(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a 40 MiB quiz database: larger than any full check runs on."""
    path = tmp_path_factory.mktemp("large") / "progress.db"
    bulk_database(path, 150_000)
    data = path.read_bytes()
    assert len(data) > 36 * 1024 * 1024
    return data


def damaged_copy(folder: Path, data: bytes, kind: str) -> Path:
    folder.mkdir()
    path = folder / "progress.db"
    if kind == "truncated":
        data = data[: len(data) * 3 // 4]
    else:  # a run of pages in the middle of the file zeroed, as by a bad disk
        start, length = len(data) // 2 // 4096 * 4096, len(data) // 20 // 4096 * 4096
        data = data[:start] + bytes(length) + data[start + length :]
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", ["truncated", "pages zeroed in the middle"])
def test_damage_in_a_large_database_is_found_before_the_first_write(
    tmp_path: Path, large_database: bytes, kind: str
) -> None:
    path = damaged_copy(tmp_path / "data", large_database, kind)
    before = contents(path.parent)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert "damaged" in str(caught.value) and str(path) in str(caught.value)
    assert contents(path.parent) == before


def test_a_sound_large_database_opens(tmp_path: Path, large_database: bytes) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(large_database)
    with Store.open(path) as store:
        assert store.deck_progress("deck") == (20_000, 150_000)


def test_a_small_database_gets_the_full_integrity_check(tmp_path: Path) -> None:
    # An index that no longer matches its table: SQLite's quick check does not see it.
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.db"
    make_database(path, items=50)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX review_log_time ON review_log"
        " (deck_id, duration_ms)' WHERE name = 'review_log_time'"
    )
    db.close()
    before = contents(folder)
    with pytest.raises(StoreError, match=r"damaged.*missing from index"):
        Store.open(path)
    assert contents(folder) == before


# -- symbolic links --------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["empty file", "missing file", "quiz database"])
def test_a_symbolic_link_at_the_database_path_is_refused(tmp_path: Path, target: str) -> None:
    elsewhere = tmp_path / "elsewhere" / "target.db"
    elsewhere.parent.mkdir()
    if target == "empty file":
        elsewhere.touch()
    elif target == "quiz database":
        make_database(elsewhere)
    before = contents(elsewhere.parent)
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.db"
    path.symlink_to(elsewhere)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(path) in str(caught.value) and "symbolic link" in str(caught.value)
    assert contents(elsewhere.parent) == before
    assert sorted(p.name for p in folder.iterdir()) == ["progress.db"]


def test_a_symbolic_link_beside_the_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    make_database(path)
    aside = tmp_path / "aside"
    Path(f"{path}-wal").symlink_to(aside)
    with pytest.raises(StoreError, match="symbolic link"):
        Store.open(path)
    assert not aside.exists()


def test_a_device_at_the_database_path_is_refused() -> None:
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(Path("/dev/null"))


def test_a_fifo_at_the_database_path_is_refused_without_opening_it(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    os.mkfifo(path)
    code = (
        "import sys\n"
        "from quiz.progress.sqlite_store import Store, StoreError\n"
        "try:\n"
        "    Store.open(sys.argv[1])\n"
        "except StoreError as error:\n"
        "    print(error)\n"
    )
    # Opening a FIFO to read it would wait for a writer for ever: hence a process and a timeout.
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=30
    )
    assert str(path) in result.stdout and "not a regular file" in result.stdout, result.stderr
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


# -- permissions -----------------------------------------------------------------------------


@pytest.mark.usefixtures("umask_022")
def test_a_new_data_folder_and_its_files_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = folder / "progress.db"
    with Store.open(path) as store:
        review(store, "a")
        assert mode(folder) == 0o700
        for name in ("progress.db", "progress.db-wal", "progress.db-shm"):
            assert mode(folder / name) == 0o600, name


@pytest.mark.usefixtures("umask_022")
def test_files_left_readable_by_an_older_version_are_made_private(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    make_database(path)
    holder = sqlite3.connect(path)  # keeps -wal and -shm in place
    holder.execute("PRAGMA user_version").fetchone()
    try:
        for name in ("progress.db", "progress.db-wal", "progress.db-shm"):
            os.chmod(tmp_path / name, 0o644)
        with Store.open(path) as store:
            review(store, "b")
            for name in ("progress.db", "progress.db-wal", "progress.db-shm"):
                assert mode(tmp_path / name) == 0o600, name
    finally:
        holder.close()
