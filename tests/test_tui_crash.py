"""An error no screen foresaw never ends the app: the answer on screen is saved, the screen
that failed is closed, and an error screen leads back to the decks."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_study import NOW, Clock, deck_with, reviews, running
from tui_support import settled

from quiz.rating import Rating
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.error import ErrorScreen
from quiz.tui.screens.study import StudyScreen


async def test_an_error_on_the_study_screen_keeps_the_app_and_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: StudyScreen) -> None:
        raise RuntimeError("injected fault")

    monkeypatch.setattr(StudyScreen, "action_explain", broken)
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed", "first-signal")]) as pilot:
        await pilot.press("enter", "f")  # answered, its feedback on screen
        await pilot.press("e")  # the fault
        await settled(pilot)
        assert pilot.app.is_running
        crash = pilot.app.screen
        assert isinstance(crash, ErrorScreen)
        assert "injected fault" in crash.message
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DecksScreen)
        await pilot.press("enter")  # the app goes on working
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.card_type == "choice"
    [row] = reviews(home, "mhc-needed")
    assert (row.rating, row.correct, row.reviewed_at) == (Rating.GOOD, True, NOW)


async def test_an_error_on_the_deck_list_gives_a_fresh_deck_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: DecksScreen) -> None:
        raise KeyError(0)

    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed")], Clock(NOW)) as pilot:
        first = pilot.app.screen
        monkeypatch.setattr(DecksScreen, "action_stats", broken)
        await pilot.press("s")
        await settled(pilot)
        assert isinstance(pilot.app.screen, ErrorScreen)
        await pilot.press("escape")
        for _ in range(50):
            if isinstance(pilot.app.screen, DecksScreen) and pilot.app.screen.ready:
                break
            await pilot.pause()
        decks = pilot.app.screen
        assert isinstance(decks, DecksScreen) and decks is not first
        monkeypatch.undo()
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, StudyScreen)


@pytest.mark.parametrize("page", ["pageup", "pagedown"])
async def test_the_palette_and_a_page_key_in_one_burst_crash_nothing(
    tmp_path: Path, page: str
) -> None:
    from textual import events

    from quiz.tui.screens.palette import SafeCommandPalette

    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed")]) as pilot:
        await pilot.press("enter", "f")
        app = pilot.app
        for key in ("ctrl+p", page):  # delivered together, before the palette lays out
            app.post_message(events.Key(key, None))
        await settled(pilot)
        assert app.is_running
        assert isinstance(app.screen, SafeCommandPalette)
        await pilot.press("escape", "escape")
    [row] = reviews(home, "mhc-needed")
    assert row.rating == Rating.GOOD
