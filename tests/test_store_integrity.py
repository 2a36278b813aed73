"""The full integrity check: on demand (``quiz check``), weekly and after a crash, never on
a daily open; real SQLite files, damaged where the quick per-open check cannot see it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from file_support import review

from quiz.cli.main import main
from quiz.progress import integrity
from quiz.progress.errors import StoreError
from quiz.progress.sqlite_store import Store

WEEK = integrity.FULL_CHECK_EVERY_SECONDS


def make_store(path: Path, items: int = 40) -> None:
    """A store with reviews, closed cleanly; its first open ran the full check."""
    with Store.open(path) as store:
        for index in range(items):
            review(store, f"item-{index}")
    with Store.open(path) as store:  # now it has been checked once
        assert store.fully_checked


def damage_an_index(path: Path) -> None:
    """Make an index disagree with its table: only the full check reads every entry."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX review_log_time ON review_log"
        " (deck_id, duration_ms)' WHERE name = 'review_log_time'"
    )
    db.close()


def last_checked(path: Path, seconds_ago: float) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "UPDATE settings SET value = ? WHERE key = ?",
        (json.dumps(int(time.time() - seconds_ago)), integrity.CHECKED_KEY),
    )
    db.close()


def crash_while_open(path: Path) -> None:
    """A process that opens the store, answers, and is killed before it closes it."""
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from file_support import review\n"
        "from quiz.progress.sqlite_store import Store\n"
        "store = Store.open(Path(sys.argv[1]))\n"
        "review(store, 'crashed')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    tests = Path(__file__).parent
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=tests, check=False)
    assert done.returncode == -9
    assert integrity.stale_marks(path)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "progress.db"
    make_store(path)
    return path


def test_a_daily_open_does_not_run_the_full_check(store_path: Path) -> None:
    damage_an_index(store_path)
    for _ in range(3):
        with Store.open(store_path) as store:
            assert not store.fully_checked
            assert store.deck_progress("deck") == (40, 40)


def test_the_weekly_check_finds_damage_the_daily_open_does_not(store_path: Path) -> None:
    last_checked(store_path, WEEK - 3600)
    with Store.open(store_path) as store:
        assert not store.fully_checked
    damage_an_index(store_path)
    last_checked(store_path, WEEK + 60)
    with pytest.raises(StoreError, match=r"damaged.*missing from index") as caught:
        Store.open(store_path)
    assert str(store_path) in str(caught.value)


def test_a_passed_weekly_check_is_remembered(store_path: Path) -> None:
    last_checked(store_path, WEEK + 60)
    with Store.open(store_path) as store:
        assert store.fully_checked
    with Store.open(store_path) as store:
        assert not store.fully_checked


def test_a_crash_is_followed_by_the_full_check(store_path: Path) -> None:
    crash_while_open(store_path)
    with Store.open(store_path) as store:
        assert store.fully_checked
        assert store.item_state("deck", "crashed") is not None  # the committed review
    assert not integrity.stale_marks(store_path)  # cleared once the check passed
    with Store.open(store_path) as store:
        assert not store.fully_checked


def test_damage_after_a_crash_is_refused_until_mended(store_path: Path) -> None:
    crash_while_open(store_path)
    damage_an_index(store_path)
    for _ in range(2):  # the mark stays while the file is damaged
        with pytest.raises(StoreError, match="damaged"):
            Store.open(store_path)


def test_a_store_open_in_a_live_process_is_no_crash(store_path: Path) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        mark = store_path.with_name(f"{store_path.name}-open-{other.pid}-0")
        mark.touch()
        with Store.open(store_path) as store:
            assert not store.fully_checked
            assert len(list(store_path.parent.glob("progress.db-open-*"))) == 2
    finally:
        other.kill()
        other.wait()
    assert integrity.stale_marks(store_path) == [mark]  # gone now: a crash
    with Store.open(store_path) as store:
        assert store.fully_checked
    assert list(store_path.parent.glob("progress.db-open-*")) == []


def test_quiz_check_finds_damage_and_exits_1(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(store_path.parent)
    assert main(["--data-dir", folder, "check"]) == 0
    assert "no damage found" in capsys.readouterr().out
    damage_an_index(store_path)
    assert main(["--data-dir", folder, "check"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "missing from index" in err and str(store_path) in err
    assert "Traceback" not in err


def test_quiz_check_without_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "check"]) == 0
    assert "no progress recorded yet" in capsys.readouterr().out
    assert not (tmp_path / "progress.db").exists()
