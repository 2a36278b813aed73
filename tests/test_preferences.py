"""Remembered preferences: the theme and plain mode, kept in a validated file in the data
folder, read at start and written when the student changes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_support import wait_for_deck_list

from quiz.cli.study_command import remembered_plain
from quiz.preferences import Preferences, load_preferences, preferences_path, save_preferences
from quiz.tui.app import build_app
from quiz.tui.themes import DARK_THEME, LIGHT_THEME

FIXTURE_DECKS = Path(__file__).parent / "fixtures" / "tui" / "decks"


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_preferences(tmp_path / "nowhere") == (Preferences(theme="dark", plain=False), None)
    assert not (tmp_path / "nowhere").exists(), "reading creates nothing"


def test_saved_preferences_are_read_back(tmp_path: Path) -> None:
    save_preferences(tmp_path / "home", Preferences(theme="light", plain=True))
    assert load_preferences(tmp_path / "home") == (Preferences(theme="light", plain=True), None)
    assert json.loads(preferences_path(tmp_path / "home").read_text()) == {
        "theme": "light",
        "plain": True,
    }


@pytest.mark.parametrize(
    ("text", "named"),
    [("{not json", "not JSON"), ('{"theme": "pink"}', "theme"), ('{"colour": 1}', "colour")],
)
def test_a_broken_file_gives_the_defaults_and_says_why(
    tmp_path: Path, text: str, named: str
) -> None:
    preferences_path(tmp_path).write_text(text)
    preferences, problem = load_preferences(tmp_path)
    assert preferences == Preferences()
    assert problem is not None and str(preferences_path(tmp_path)) in problem and named in problem


async def test_the_app_starts_in_the_remembered_theme_and_remembers_a_switch(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    save_preferences(home, Preferences(theme="light"))
    app = build_app(data_dir=home, deck_paths=[FIXTURE_DECKS])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        assert app.theme == LIGHT_THEME
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == DARK_THEME
    assert load_preferences(home)[0].theme == "dark"


async def test_a_preview_remembers_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = build_app(data_dir=home, deck_paths=[FIXTURE_DECKS], no_save=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == LIGHT_THEME
    assert not preferences_path(home).exists()


def test_plain_mode_is_remembered_until_turned_off(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert remembered_plain(home, None, save=True) is False
    assert remembered_plain(home, True, save=True) is True
    assert remembered_plain(home, None, save=True) is True, "remembered"
    assert remembered_plain(home, False, save=True) is False
    assert remembered_plain(home, None, save=True) is False
    assert remembered_plain(home, True, save=False) is True
    assert load_preferences(home)[0].plain is False, "a preview remembers nothing"


@pytest.mark.parametrize(("remembered", "theme"), [("dark", DARK_THEME), ("light", LIGHT_THEME)])
async def test_the_stylesheet_is_parsed_once_at_start_in_the_remembered_theme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, remembered: str, theme: str
) -> None:
    """Each piece of CSS is parsed once, with the remembered theme's colours: a theme set
    once the app runs parses every rule again (a tenth of the start-up)."""
    from textual.css import stylesheet

    home = tmp_path / "home"
    save_preferences(home, Preferences(theme=remembered))  # pyright: ignore[reportArgumentType]
    parsed: list[object] = []
    parse = stylesheet.parse  # pyright: ignore[reportPrivateImportUsage]

    def counted(scope: str, css: str, read_from: object, **options: object):
        parsed.append((read_from, scope, options.get("tie_breaker")))
        return parse(scope, css, read_from, **options)  # pyright: ignore[reportArgumentType]

    monkeypatch.setattr(stylesheet, "parse", counted)
    app = build_app(data_dir=home, deck_paths=[FIXTURE_DECKS])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.pause()
        assert app.theme == theme
        assert app.has_class(f"-theme-{theme}")
        assert app.has_class("-dark-mode") == (remembered == "dark")
        expected = app.get_theme(theme).variables["text-muted"]  # pyright: ignore[reportOptionalMemberAccess]
        assert app.stylesheet._variables["text-muted"] == expected
    twice = [where for where in parsed if parsed.count(where) > 1]
    assert parsed and not twice, f"no CSS parsed twice: {twice}"
