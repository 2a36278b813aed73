"""The Settings screen: reached from the deck list and the palette, edits checked, saved,
and the cost of the desired retention shown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Static
from tui_support import wait_for_deck_list

from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.state import DeckSettings, Settings
from quiz.tui.app import build_app
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.settings import SettingsScreen, forecast_text
from quiz.tui.widgets.deck_detail import DeckDetail

DECKS = Path(__file__).parent / "fixtures" / "tui" / "decks"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def shown(screen: SettingsScreen, widget_id: str) -> str:
    return str(screen.query_one(widget_id, Static).content)


async def submit(pilot, field: Input, value: str) -> None:
    """Type ``value`` in the edit field and press enter, then wait for the save."""
    field.value = value
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_settings(pilot) -> SettingsScreen:
    await pilot.press("o")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_a_setting_is_edited_checked_and_saved(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        screen = await open_settings(pilot)
        table = screen.query_one(DataTable)
        assert [str(cell) for cell in table.get_row("desired_retention")[:2]] == [
            "desired_retention",
            "0.9",
        ]
        forecast = shown(screen, "#settings-forecast")
        assert forecast.startswith("At 0.90 you will do about ")
        assert "; at 0.95, about " in forecast
        await pilot.press("enter")  # the first row: desired retention
        field = screen.query_one(Input)
        assert field.has_focus and field.value == "0.9"
        await submit(pilot, field, "0.5")
        assert "must be between 0.7 and 0.99, got 0.5" in shown(screen, "#settings-message")
        await submit(pilot, field, "0.85")
        assert shown(screen, "#settings-forecast").startswith("At 0.85 you will do about ")
        assert str(table.get_row("desired_retention")[1]) == "0.85"
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DecksScreen)
    with open_store(database_path(tmp_path)) as store:  # kept for the next start
        assert store.settings() == Settings(desired_retention=0.85)


async def test_escape_while_editing_keeps_the_old_value(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        screen = await open_settings(pilot)
        await pilot.press("down", "e")
        screen.query_one(Input).value = "3"
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, SettingsScreen)
        assert not screen.query_one(Input).has_class("-editing")
    with open_store(database_path(tmp_path)) as store:
        assert store.settings() == Settings()


async def test_the_palette_offers_the_settings(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Settings" in titles


def test_the_forecast_says_what_a_retention_costs() -> None:
    text = forecast_text(0.9, 21.4, 0.95, 30.2)
    assert text == "At 0.90 you will do about 21 reviews a day; at 0.95, about 30."


async def test_the_deck_list_says_how_ready_a_deck_is_for_its_exam(tmp_path: Path) -> None:
    with open_store(database_path(tmp_path)) as store:
        store.save_deck_settings("cart-basics", DeckSettings(exam_date="2025-03-10"))
        store.save_deck_settings("cart-safety", DeckSettings(exam_date="2025-02-01"))  # past
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        detail = str(pilot.app.screen.query_one(DeckDetail).content)
        assert "ready for 2025-03-10: 0 of 8 items above target" in detail
        await pilot.press("down")  # the deck whose exam is over says nothing of it
        assert "ready for" not in str(pilot.app.screen.query_one(DeckDetail).content)


async def test_a_deck_highlighted_on_the_list_gets_its_own_values(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_deck_list(pilot)
        screen = await open_settings(pilot)  # cart-basics is highlighted
        assert screen.deck_id == "cart-basics"
        table = screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)[:2]] for i in range(table.row_count)]
        assert rows[-4:] == [
            ["cart-basics: desired_retention", "all decks (0.9)"],
            ["cart-basics: new_per_day", "all decks (20)"],
            ["cart-basics: reviews_per_day", "all decks (200)"],
            ["cart-basics: exam_date", "none"],
        ]
        table.move_cursor(row=table.row_count - 3)  # new_per_day of the deck
        await pilot.press("enter")
        field = screen.query_one(Input)
        assert field.value == "default"
        await submit(pilot, field, "-3")
        assert "new_per_day must be a whole number from 0" in shown(screen, "#settings-message")
        await submit(pilot, field, "3")
        assert str(table.get_row_at(table.row_count - 3)[1]) == "3"
        assert "(own value: cart-basics)" in str(table.get_row("new_per_day")[1])
    with open_store(database_path(tmp_path)) as store:
        assert store.deck_settings("cart-basics") == DeckSettings(new_per_day=3)
        assert store.settings() == Settings()
