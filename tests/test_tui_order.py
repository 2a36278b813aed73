"""Order cards in the app: items moved with the keys, the order submitted, graded and marked.

The items are shuffled afresh each session, so each test reads the order shown and works
out the keys that sort it, as a student would; the review log is read back from the real
progress database.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from order_support import arranging_keys
from textual.pilot import Pilot
from textual.widgets import Static
from tui_support import feedback_text, logged_reviews

from quiz.kinds.order import OrderResponse
from quiz.progress.state import ReviewRow
from quiz.rating import Rating
from quiz.study.grading import response_from_json
from quiz.tui.app import build_app
from quiz.tui.screens.card import CardScreen
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.screens.summary import SummaryScreen
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.order_list import OrderList

DECKS = Path(__file__).parent / "fixtures" / "tui" / "order"
DECK_ID = "cart-order"
CARD_ID = "activation-sequence"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ITEMS = [
    "The CAR's binder engages its antigen on the tumour cell",
    "CAR molecules cluster together on the T-cell surface",
    "The ITAMs of CD3ζ are phosphorylated",
    "Downstream signalling starts, for example ZAP-70 is activated",
    "The T cell is switched on: it proliferates and releases cytokines",
]


@asynccontextmanager
async def studying(data_dir: Path, key: str = "enter") -> AsyncIterator[Pilot]:
    """The app at 80x24 on the order deck, its card on screen (``c``: crammed)."""
    app = build_app(data_dir=data_dir, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            if isinstance(app.screen, DecksScreen) and app.screen.ready:
                break
            await pilot.pause()
        await pilot.press(key)
        assert isinstance(app.screen, StudyScreen)
        yield pilot


def order_list(pilot: Pilot) -> OrderList:
    return pilot.app.screen.query_one(OrderList)


def sorting_keys(order: tuple[int, ...]) -> list[str]:
    """Keys that sort ``order`` from the highlight at the top."""
    return arranging_keys(order)[0]


def reviews(data_dir: Path) -> list[ReviewRow]:
    return logged_reviews(data_dir, DECK_ID, CARD_ID)


def test_the_sorting_keys_sort() -> None:
    assert sorting_keys((1, 0, 2)) == ["j", "K"]
    assert sorting_keys((2, 0, 1)) == ["j", "K", "j", "down", "K"]
    assert sorting_keys((0, 2, 1)) == ["j", "down", "K"]
    keys = ["j", "K", "shift+up", "j", "down", "K"]
    assert arranging_keys((0, 1, 2), (2, 1, 0), cursor=1) == (keys, 1)


async def test_the_items_are_shown_shuffled_and_highlighted_from_the_top(tmp_path: Path) -> None:
    async with studying(tmp_path) as pilot:
        items = order_list(pilot)
        assert items.has_focus
        assert sorted(items.order) == [0, 1, 2, 3, 4]
        assert items.order != (0, 1, 2, 3, 4), "an order card never starts in order"
        assert items.cursor == 0
        lines = str(items.render()).splitlines()
        assert lines[0].startswith(f"›  1. {ITEMS[items.order[0]]}")
        assert lines[1].startswith(f"   2. {ITEMS[items.order[1]]}")
        assert "shift+↑/↓ or K/J move it" in lines[-1]
        keys = str(pilot.app.screen.query_one(KeyBar).content)
        assert "shift+↑ Move up" in keys and "shift+↓ Move down" in keys and "⏎ Submit" in keys


async def test_the_keys_move_the_highlight_and_the_item(tmp_path: Path) -> None:
    async with studying(tmp_path) as pilot:
        items = order_list(pilot)
        start = items.order
        await pilot.press("K")  # the top item cannot go higher
        assert (items.order, items.cursor) == (start, 0)
        await pilot.press("up")  # the highlight wraps round to the bottom
        assert items.cursor == 4
        await pilot.press("shift+down")  # the bottom item cannot go lower
        assert items.order == start
        await pilot.press("K")
        assert items.order == (*start[:3], start[4], start[3])
        assert items.cursor == 3, "the item moved keeps the highlight"
        await pilot.press("J", "k", "k")
        assert items.order == start
        assert items.cursor == 2
        assert reviews(tmp_path) == [], "moving saves nothing"


async def test_an_order_sorted_with_the_keys_is_right(tmp_path: Path) -> None:
    async with studying(tmp_path) as pilot:
        items = order_list(pilot)
        await pilot.press(*sorting_keys(items.order), "enter")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.session.phase == "answered"
        assert feedback_text(pilot).startswith("✓ Correct\n\nEach step triggers the next")
        lines = str(items.render()).splitlines()
        assert [line.rstrip() for line in lines] == [
            f"✓  {position + 1}. {text}" for position, text in enumerate(ITEMS)
        ]
        await pilot.press("enter")  # the list is answered: enter accepts the rating
        assert study.session.answered == 1
        assert not items.answered, "a new card comes back once more (learning), shuffled anew"
    [row] = reviews(tmp_path)
    assert (row.rating, row.correct) == (Rating.GOOD, True)
    assert response_from_json(row.response) == OrderResponse((0, 1, 2, 3, 4))


async def test_a_wrong_order_marks_the_wrong_places_and_shows_the_right_order(
    tmp_path: Path,
) -> None:
    async with studying(tmp_path) as pilot:
        items = order_list(pilot)
        await pilot.press(*sorting_keys(items.order))
        # then the first two swapped: highlight the top one and move it down
        await pilot.press(*["k"] * items.cursor, "J", "enter")
        text = feedback_text(pilot)
        assert text.startswith("✗ Not quite\nIn place: 3 of 5; the list now shows the correct")
        lines = [line.rstrip() for line in str(items.render()).splitlines()]
        assert lines == [
            f"✗  1. {ITEMS[0]}",
            "      (you had 2 here)",  # on a line of its own where it does not fit after
            f"✗  2. {ITEMS[1]}  (you had 1 here)",
            f"✓  3. {ITEMS[2]}",
            f"✓  4. {ITEMS[3]}",
            f"✓  5. {ITEMS[4]}",
        ]
        await pilot.press("J")  # answered: the keys no longer move anything
        assert items.order == (1, 0, 2, 3, 4)
        await pilot.press("enter")
    [row] = reviews(tmp_path)
    assert (row.rating, row.correct) == (Rating.AGAIN, False)
    assert response_from_json(row.response) == OrderResponse((1, 0, 2, 3, 4))


async def test_undo_asks_again_in_the_shown_order(tmp_path: Path) -> None:
    async with studying(tmp_path) as pilot:
        items = order_list(pilot)
        start = items.order
        await pilot.press("J", "enter", "u")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.session.phase == "question"
        assert (items.order, items.cursor, items.answered) == (start, 0, False)
        assert items.has_focus


async def test_a_missed_order_card_in_the_summary_and_its_page(tmp_path: Path) -> None:
    async with studying(tmp_path) as pilot:
        await pilot.press("enter", "enter")  # submitted as shown: never in order, so wrong
        await pilot.press("escape")
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        missed = str(summary.query_one("#summary-missed", Static).content)
        assert "Put the steps of CAR-T cell activation in order" in missed
        await pilot.press("enter", "b", "enter")
        page = pilot.app.screen
        assert isinstance(page, CardScreen)
        content = str(page.query_one("#card-content", Static).content)
        assert "Answer, in order:\n 1. The CAR's binder engages" in content
        assert f"\n 5. {ITEMS[4]}" in content
        history = str(page.query_one("#card-history", Static).content)
        [row] = reviews(tmp_path)
        placed = response_from_json(row.response)
        assert isinstance(placed, OrderResponse)
        assert "placed " + " ".join(str(index + 1) for index in placed.order) in history


async def test_help_lists_the_order_keys(tmp_path: Path) -> None:
    async with studying(tmp_path) as pilot:
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = "\n".join(str(widget.content) for widget in help_screen.query(".help-keys"))
        assert f"{'shift+↑ / K':<20}Move up" in keys
        assert f"{'shift+↓ / J':<20}Move down" in keys
        assert f"{'↑ / k':<20}Highlight the item above" in keys
        assert re.search(r"^put in order +↑/↓ \(or k/j\) highlights", keys, re.MULTILINE)
