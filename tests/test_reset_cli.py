"""`quiz reset`: a backup first, a question unless --yes, and nothing changed on a database it
cannot use."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from progress_cli_fixtures import NOW

from quiz.cli.progress import run_reset
from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.schema import SCHEMA_VERSION


def test_reset_with_yes_keeps_a_backup(studied: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asked: list[str] = []
    assert run_reset(studied, "core-deck", True, NOW, asked.append) == 0
    assert asked == []
    out = capsys.readouterr().out
    assert "removed 4 item states and 4 reviews" in out
    [backup] = (studied / "backups").iterdir()
    assert str(backup) in out
    with open_store(database_path(studied)) as store:
        assert store.deck_progress("core-deck") == (0, 0)
        assert store.deck_progress("other-deck") == (1, 1)
    with open_store(backup) as store:
        assert store.deck_progress("core-deck") == (4, 4)


def test_reset_asks_first(studied: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asked: list[str] = []

    def refuse(question: str) -> bool:
        asked.append(question)
        return False

    assert run_reset(studied, "core-deck", False, NOW, refuse) == 1
    assert "core-deck" in asked[0] and "4 items, 4 reviews" in asked[0] and "backup" in asked[0]
    assert "cancelled" in capsys.readouterr().err
    assert not (studied / "backups").exists()
    with open_store(database_path(studied)) as store:
        assert store.deck_progress("core-deck") == (4, 4)
    assert run_reset(studied, "core-deck", False, NOW, lambda question: True) == 0
    assert run_reset(studied, "other-deck", False, NOW + timedelta(seconds=1), lambda q: True) == 0
    assert len(list((studied / "backups").iterdir())) == 2


def test_reset_treats_end_of_input_as_no(studied: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def end_of_input(question: str) -> bool:
        raise EOFError

    assert run_reset(studied, "core-deck", False, NOW, end_of_input) == 1
    assert "cancelled" in capsys.readouterr().err


def test_two_resets_in_the_same_second_keep_both_backups(studied: Path) -> None:
    assert run_reset(studied, "core-deck", True, NOW, bool) == 0
    assert run_reset(studied, "other-deck", True, NOW, bool) == 0
    assert len(list((studied / "backups").iterdir())) == 2


def test_reset_of_a_deck_without_progress(
    studied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_reset(studied, "nope", True, NOW, bool) == 1
    err = capsys.readouterr().err
    assert "'nope' has no recorded progress" in err and "core-deck, other-deck" in err


def test_reset_without_a_database(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_reset(data_dir, "core-deck", True, NOW, bool) == 1
    assert "no progress is recorded yet" in capsys.readouterr().err
    assert not database_path(data_dir).exists()


def test_reset_on_a_newer_database_changes_nothing(
    studied: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = database_path(studied)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    assert run_reset(studied, "core-deck", True, NOW, bool) == 1
    assert "newer version of quiz" in capsys.readouterr().err
    assert path.read_bytes() == before


# -- as commands -------------------------------------------------------------------------------
