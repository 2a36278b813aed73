"""Previewing decks without saving, and one study app per data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_tui_study import deck_with, running
from tui_support import settled, wait_for_deck_list

from quiz.cli.study_lock import LOCK_NAME, StudyLock
from quiz.paths import database_path
from quiz.tui.app import build_app
from quiz.tui.screens.decks import DecksScreen


async def test_no_save_studies_without_recording_progress(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    deck = deck_with(tmp_path, "mhc-needed", "first-signal")
    app = build_app(data_dir=home, deck_paths=[deck], no_save=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_deck_list(pilot)
        assert isinstance(screen, DecksScreen)
        assert "not saved" in screen._status  # pyright: ignore[reportPrivateUsage]
        await pilot.press("enter", "f", "3")
        await settled(pilot)
        scratch = app.library.store_location  # pyright: ignore[reportAttributeAccessIssue]
        assert isinstance(scratch, Path)
        assert scratch.exists() and not scratch.is_relative_to(home)
        await pilot.press("escape", "escape", "q")
    assert not database_path(home).exists(), "nothing written to the real progress"
    assert not scratch.exists(), "the scratch store is gone with the app"


async def test_without_no_save_progress_is_recorded(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed")]) as pilot:
        await pilot.press("enter", "f", "3")
        await settled(pilot)
    assert database_path(home).exists()


def test_a_second_app_is_told_of_the_first_and_a_stale_lock_is_replaced(tmp_path: Path) -> None:
    first = StudyLock(tmp_path)
    assert first.take() is None and first.held
    assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / LOCK_NAME).write_text(f"{sleeper.pid}\n")  # another live app holds it
        assert StudyLock(tmp_path).take() == sleeper.pid
    finally:
        sleeper.kill()
        sleeper.wait()
    second = StudyLock(tmp_path)
    assert second.take() is None, "its process is gone: the lock was stale"
    second.release()
    assert not (tmp_path / LOCK_NAME).exists()
