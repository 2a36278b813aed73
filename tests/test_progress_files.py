"""The files `quiz reset` and `quiz export-progress` write: one transaction for a reset and
its backup, backups kept to a number, nothing half-written left by a kill, private modes, and
an export that replaces nothing but a regular file, and that only when told to."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from file_support import NOW, mode, review
from file_support import umask_022 as umask_022  # a fixture the tests name

from quiz.cli.progress import run_export, run_reset
from quiz.paths import database_path
from quiz.progress.errors import StoreBusyError
from quiz.progress.sqlite_store import Store

ROOT = Path(__file__).resolve().parents[1]
PAUSED = Path(__file__).parent / "support_core" / "paused_quiz.py"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder with progress on two decks."""
    folder = tmp_path / "home"
    with Store.open(database_path(folder)) as store:
        for index in range(30):
            review(store, f"a-{index}", "deck-a")
        review(store, "b-0", "deck-b")
    return folder


def real_backups(folder: Path) -> list[str]:
    """Names in the backups folder that look like finished backups (not hidden)."""
    backups = folder / "backups"
    return (
        sorted(p.name for p in backups.iterdir() if not p.name.startswith("."))
        if backups.exists()
        else []
    )


def everything_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def paused_quiz(event: str, name: str, count: int, go: Path | None, *args: str):
    """A real ``quiz`` process stopped at the ``count``-th ``event`` of built-in ``name``."""
    process = subprocess.Popen(
        [sys.executable, str(PAUSED), event, name, str(count), str(go or "-"), "--", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line == "paused\n", line + process.stderr.read()
    return process


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -9


# -- reset -----------------------------------------------------------------------------------


def test_a_review_cannot_land_between_the_backup_and_the_reset(home: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    process = paused_quiz(
        "c_return", "Connection.backup", 1, go, "--data-dir", str(home), "reset", "--deck",
        "deck-a", "--yes",
    )  # fmt: skip
    try:
        with Store.open(database_path(home), busy_timeout=0.3) as store:
            review(store, "late", "deck-a")
        landed = True
    except StoreBusyError:
        landed = False
    go.touch()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    [backup] = real_backups(home)
    with Store.open(home / "backups" / backup) as copy:
        in_backup = copy.item_state("deck-a", "late") is not None
    with Store.open(database_path(home)) as store:
        in_database = store.item_state("deck-a", "late") is not None
        assert store.deck_progress("deck-b") == (1, 1)
    assert not landed or in_backup or in_database, "a review was lost by the reset"


@pytest.mark.parametrize("event", ["c_call", "c_return"])
def test_a_reset_killed_during_its_backup_leaves_no_backup_and_changes_nothing(
    home: Path, event: str
) -> None:
    args = ("--data-dir", str(home), "reset", "--deck", "deck-a", "--yes")
    kill(paused_quiz(event, "Connection.backup", 1, None, *args))
    assert real_backups(home) == []
    with Store.open(database_path(home)) as store:
        assert store.deck_progress("deck-a") == (30, 30)
    # the next reset cleans what the killed one left
    assert run_reset(home, "deck-a", True, NOW, bool) == 0
    assert len(everything_in(home / "backups")) == 1
    assert len(real_backups(home)) == 1


def test_backups_are_kept_to_the_newest_ten(home: Path) -> None:
    for number in range(12):
        with Store.open(database_path(home)) as store:
            review(store, f"again-{number}", "deck-b")
        assert run_reset(home, "deck-b", True, NOW + timedelta(minutes=number), bool) == 0
        if number == 0:
            [first] = real_backups(home)
    kept = real_backups(home)
    assert len(kept) == 10
    assert first not in kept  # the oldest went first
    assert everything_in(home / "backups") == kept


def test_the_number_of_backups_kept_can_be_chosen(home: Path) -> None:
    for number in range(4):
        with Store.open(database_path(home)) as store:
            review(store, f"again-{number}", "deck-b")
        assert run_reset(home, "deck-b", True, NOW + timedelta(minutes=number), bool, 2) == 0
    kept = real_backups(home)
    assert len(kept) == 2
    assert "T0902" in kept[0] and "T0903" in kept[1]  # the two newest


@pytest.mark.usefixtures("umask_022")
def test_backups_are_private(home: Path) -> None:
    assert run_reset(home, "deck-a", True, NOW, bool) == 0
    [backup] = real_backups(home)
    assert mode(home / "backups") == 0o700
    assert mode(home / "backups" / backup) == 0o600


# -- export ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("umask_022")
def test_a_new_export_file_is_private(home: Path, tmp_path: Path) -> None:
    output = tmp_path / "log.json"
    assert run_export(home, "json", output, NOW) == 0
    assert mode(output) == 0o600
    assert len(json.loads(output.read_text(encoding="utf-8"))["reviews"]) == 31


@pytest.mark.parametrize("kind", ["fifo", "symbolic link", "folder", "device"])
def test_export_replaces_nothing_but_a_regular_file(
    home: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.csv"
    target = tmp_path / "kept.csv"
    target.write_text("keep me\n", encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(output)
    elif kind == "symbolic link":
        output.symlink_to(target)
    elif kind == "folder":
        output.mkdir()
    else:
        output = Path("/dev/null")
    before = os.lstat(output)
    assert run_export(home, "csv", output, NOW, force=True) == 1
    err = capsys.readouterr().err
    assert str(output) in err and "not replaced" in err
    after = os.lstat(output)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_asks_before_replacing_a_file(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "log.csv"
    output.write_text("older export\n", encoding="utf-8")
    os.chmod(output, 0o640)
    asked: list[str] = []

    def refuse(question: str) -> bool:
        asked.append(question)
        return False

    assert run_export(home, "csv", output, NOW, confirm=refuse) == 1
    assert str(output) in asked[0]
    assert "not replaced" in capsys.readouterr().err
    assert output.read_text(encoding="utf-8") == "older export\n"
    assert run_export(home, "csv", output, NOW) == 1  # nobody to ask: refused
    assert output.read_text(encoding="utf-8") == "older export\n"

    assert run_export(home, "csv", output, NOW, confirm=lambda question: True) == 0
    assert output.read_text(encoding="utf-8").startswith("review_id,")
    assert mode(output) == 0o640  # the file's mode is kept


def test_export_with_force_replaces_a_file_and_keeps_its_mode(home: Path, tmp_path: Path) -> None:
    output = tmp_path / "log.json"
    output.write_text("{}", encoding="utf-8")
    os.chmod(output, 0o600)
    assert run_export(home, "json", output, NOW, force=True) == 0
    assert len(json.loads(output.read_text(encoding="utf-8"))["reviews"]) == 31
    assert mode(output) == 0o600


def quiz(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_export_command_needs_force_to_replace_a_file_without_a_terminal(
    home: Path, tmp_path: Path
) -> None:
    output = tmp_path / "log.csv"
    output.write_text("older export\n", encoding="utf-8")
    args = ("--data-dir", str(home), "export-progress", "--format", "csv", "--output", str(output))
    refused = quiz(*args)
    assert refused.returncode == 1
    assert "--force" in refused.stderr and str(output) in refused.stderr
    assert output.read_text(encoding="utf-8") == "older export\n"
    forced = quiz(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert output.read_text(encoding="utf-8").startswith("review_id,")


@pytest.mark.parametrize("existing", [False, True])
def test_an_export_killed_mid_write_leaves_the_file_and_cleans_up_next_time(
    home: Path, tmp_path: Path, existing: bool
) -> None:
    output = tmp_path / "exports" / "log.json"
    output.parent.mkdir()
    args = ["--data-dir", str(home), "export-progress", "--format", "json", "-o", str(output)]
    if existing:
        output.write_text("older export\n", encoding="utf-8")
        args.append("--force")
    kill(paused_quiz("c_call", "TextIOWrapper.write", 3, None, *args))
    if existing:
        assert output.read_text(encoding="utf-8") == "older export\n"
    else:
        assert not output.exists()
    assert run_export(home, "json", output, NOW, force=True) == 0
    assert everything_in(output.parent) == ["log.json"]
    assert len(json.loads(output.read_text(encoding="utf-8"))["reviews"]) == 31
