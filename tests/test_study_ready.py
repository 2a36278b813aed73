"""The study screen ignores keys until its widgets are there: no timing crashes it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding

from quiz.study.session import StudySession
from quiz.tui.app import build_app
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.study import StudyScreen

DECK = Path(__file__).parent / "fixtures" / "tui" / "decks" / "cart-basics.yaml"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
# Every action a key of the study screen runs, as its bindings name them.
ACTIONS = sorted({binding.action for binding in Binding.make_bindings(StudyScreen.BINDINGS)})


async def deck_list(app, pilot) -> None:
    for _ in range(100):
        if isinstance(app.screen, DecksScreen) and app.screen.ready:
            break
        await pilot.pause()
    assert isinstance(app.screen, DecksScreen) and app.screen.ready


@pytest.mark.parametrize("action", ACTIONS)
async def test_a_key_that_arrives_before_the_widgets_is_ignored(tmp_path: Path, action) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECK], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await deck_list(app, pilot)
        library = app.library
        library.build_decks()
        session = StudySession.start(library.store, library.decks, NOW, seed=1)
        screen = StudyScreen(library, session)
        app.push_screen(screen)  # its widgets are composed later, on the screen's own task
        assert not screen.children
        # What the app does with a key bound on the screen: run the binding's action there.
        await app.run_action(action, screen)
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert session.answered == 0 and session.phase == "question"
        await pilot.press("space")  # once ready, keys work
        assert session.phase == "answered"


async def test_keys_typed_while_a_session_starts_slowly_do_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECK], clock=lambda: NOW)
    started = StudySession.start

    def slow_start(*args, **kwargs):
        time.sleep(0.3)  # the student goes on typing meanwhile
        return started(*args, **kwargs)

    async with app.run_test(size=(80, 24)) as pilot:
        await deck_list(app, pilot)
        monkeypatch.setattr(StudySession, "start", slow_start)
        for key in ("enter", "d", "t", "1", "e", "u", "space", "enter", "2"):
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(20):
            await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, StudyScreen)
