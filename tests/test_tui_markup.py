"""Markup in deck text or in an error message is shown as typed and never run.

Deck titles reach the deck list, the deck's detail and notifications ("Nothing is due in
<title>"); Textual parses markup in notifications unless told not to, where ``[/]`` crashes
the app and ``[@click=app.screenshot(...)]`` runs an action that writes a file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets._toast import Toast

from quiz.tui.app import build_app
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.summary import SummaryScreen
from quiz.tui.widgets.deck_detail import DeckDetail
from quiz.tui.widgets.deck_table import DeckTable

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CLICK = "Run [@click=app.screenshot('taken.svg','.')]here[/] now"
TITLES = ["Closing [/] too early", "[b]bold[/b] and [red]red[/red]", CLICK]


def deck_titled(folder: Path, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "markup.yaml"
    data = {
        "id": "markup",
        "title": title,
        "description": f"About {title}",
        "version": 1,
        "sources": [{"key": "s", "title": "S", "authors": ["A"], "year": 2020, "venue": "V"}],
        "cards": [
            {
                "id": "only",
                "type": "basic",
                "front": f"Front {title}",
                "back": "Back",
                "source": {"key": "s", "locator": "p1"},
            }
        ],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def until(pilot: Pilot, ready) -> None:
    for _ in range(100):
        if ready():
            return
        await pilot.pause()
    raise AssertionError("the app did not get there")


async def shown_toast(pilot: Pilot) -> Toast:
    """The notification on screen."""
    screen = pilot.app.screen
    await until(pilot, lambda: bool(screen.query(Toast)))
    return screen.query_one(Toast)


def toast_lines(toast: Toast) -> list[str]:
    width, height = toast.size
    return [strip.text for strip in toast.render_lines(Region(0, 0, width, height))]


@pytest.mark.parametrize("title", TITLES)
async def test_a_markup_title_shows_as_typed_and_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title: str
) -> None:
    monkeypatch.chdir(tmp_path)  # where the screenshot action would write
    deck = deck_titled(tmp_path / "decks", title)
    app = build_app(data_dir=tmp_path / "data", deck_paths=[deck], clock=lambda: NOW)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.ready)
        decks = app.screen
        assert decks.query_one(DeckTable).row("markup").title == title
        assert str(decks.query_one(DeckDetail).content).startswith(title)
        await pilot.press("enter", "space", "4")  # the only card, easy: nothing is due
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is decks)
        await pilot.press("enter")
        toast = await shown_toast(pilot)
        assert f"Nothing is due in {title} right now" in toast.render().plain
        if "here" in title:  # click the link the markup would make
            await until(pilot, lambda: any("here" in line for line in toast_lines(toast)))
            line, column = next(
                (y, text.find("here"))
                for y, text in enumerate(toast_lines(toast))
                if "here" in text
            )
            await pilot.click(toast, offset=(column, line))
        await pilot.pause()
        assert app.is_running
    assert not list(tmp_path.glob("*.svg")), "an action from the deck ran"


async def test_a_notification_shows_markup_and_controls_as_typed(tmp_path: Path) -> None:
    deck = deck_titled(tmp_path / "decks", "Plain")
    app = build_app(data_dir=tmp_path / "data", deck_paths=[deck], clock=lambda: NOW)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.ready)
        # as a store error naming a data folder would: the path has markup and controls in it
        app.screen.notify("/data/[/]x[b]y\x1b]0;t\x07: disk full", title="Could [/] not save")
        text = (await shown_toast(pilot)).render().plain
        assert "Could [/] not save" in text
        assert "/data/[/]x[b]y␛]0;t␇: disk full" in text
        assert app.is_running


async def test_ctrl_c_names_the_quit_key_without_markup(tmp_path: Path) -> None:
    deck = deck_titled(tmp_path / "decks", "Plain")
    app = build_app(data_dir=tmp_path / "data", deck_paths=[deck], clock=lambda: NOW)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.ready)
        await pilot.press("ctrl+c")
        text = (await shown_toast(pilot)).render().plain
        assert "Press q to quit the app" in text  # Textual's own words wrapped q in [b]
        assert app.is_running
