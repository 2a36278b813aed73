"""Browse's search on a deck longer than the screen: the list's scroll bar and the search
field follow what is typed, and a keystroke that leaves the bar as it is lays nothing out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import yaml
from textual.pilot import Pilot
from textual.screen import Screen
from tui_support import wait_for_deck_list

from quiz.tui.app import build_app
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.widgets.card_table import CardTable
from quiz.tui.widgets.search_field import SearchField

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CARDS = 60
RARE = "hypoxia"  # in three cards only


def write_deck(folder: Path) -> Path:
    """A deck of :data:`CARDS` basic cards, three of which mention :data:`RARE`."""
    cards = [
        {
            "id": f"card-{n:02d}",
            "type": "basic",
            "front": f"Question {n} about {RARE if n % 20 == 7 else 'persistence'} in tumours?",
            "back": f"Answer {n}.",
            "source": {"key": "notes", "locator": f"note {n}"},
        }
        for n in range(CARDS)
    ]
    deck = {
        "id": "long",
        "title": "A long deck",
        "description": "More cards than a screen holds.",
        "version": 1,
        "sources": [
            {"key": "notes", "title": "Notes", "authors": ["Lee A"], "year": 2025, "venue": "Class"}
        ],
        "cards": cards,
    }
    path = folder / "long.yaml"
    path.write_text(yaml.safe_dump(deck, sort_keys=False), encoding="utf-8")
    return path


async def open_browse(pilot: Pilot) -> tuple[BrowseScreen, CardTable, SearchField]:
    await wait_for_deck_list(pilot)
    await pilot.press("b")
    await pilot.app.workers.wait_for_complete()  # the states read, the search texts built
    await pilot.pause()
    browse = pilot.app.screen
    assert isinstance(browse, BrowseScreen)
    return browse, browse.query_one(CardTable), browse.query_one(SearchField)


def count_layouts(screen: Screen) -> list[int]:
    """A counter of the screen's layouts from now on (one element per layout)."""
    layouts: list[int] = []
    lay_out = screen._refresh_layout

    def counted(*args: object, **kwargs: object) -> None:
        layouts.append(1)
        lay_out(*args, **kwargs)  # type: ignore[arg-type]

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return layouts


async def test_the_scroll_bar_follows_the_matches(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[write_deck(tmp_path)], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        _, table, _ = await open_browse(pilot)
        assert len(table.row_keys) == CARDS
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == CARDS + 1
        await pilot.press("slash", *RARE)
        await pilot.pause()
        assert table.row_keys == ["long/card-07", "long/card-27", "long/card-47"]
        assert not table.show_vertical_scrollbar  # three rows fit: the bar is gone
        await pilot.press(*["backspace"] * len(RARE))
        await pilot.pause()
        assert len(table.row_keys) == CARDS
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == CARDS + 1


async def test_a_keystroke_that_keeps_the_bar_lays_nothing_out(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[write_deck(tmp_path)], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        browse, table, _ = await open_browse(pilot)
        await pilot.press("slash")
        await pilot.pause()
        layouts = count_layouts(browse)
        await pilot.press(*"tumours")  # every card: the list stays longer than the screen
        await pilot.pause()
        assert len(table.row_keys) == CARDS and table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == CARDS + 1
        await pilot.press("space", *"persistence")  # all but three: more than a screen
        await pilot.pause()
        assert len(table.row_keys) == CARDS - 3
        assert table.vertical_scrollbar.window_virtual_size == CARDS - 3 + 1
        assert layouts == []


async def test_a_long_query_scrolls_the_field_to_its_cursor(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[write_deck(tmp_path)], clock=lambda: NOW)
    async with app.run_test(size=(60, 20)) as pilot:
        _, _, field = await open_browse(pilot)
        await pilot.press("slash", *("persistence " * 8).strip())
        await pilot.pause()
        assert field.virtual_size.width > field.content_size.width
        assert field.scroll_offset.x > 0  # the end of the text, where the cursor is, in view
        cursor_x = field.cursor_screen_offset.x
        assert field.region.x <= cursor_x < field.region.right


async def test_a_search_that_matches_nothing_says_so(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[write_deck(tmp_path)], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        _, table, _ = await open_browse(pilot)
        await pilot.press("slash", *"zebra")
        await pilot.pause()
        assert table.row_keys == []
        line = "".join(segment.text for segment in table.render_line(1))
        assert line.strip() == "No card matches “zebra”."
        await pilot.press(*["backspace"] * 5)
        await pilot.pause()
        assert "No card" not in "".join(segment.text for segment in table.render_line(1))
