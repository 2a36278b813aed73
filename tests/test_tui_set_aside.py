"""On the study screen: bury and suspend by hand (and undo), and the word when a card
becomes a leech."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static
from tui_support import wait_for_deck_list

from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.state import ItemFlags, ItemState, Settings
from quiz.rating import Rating
from quiz.tui.app import build_app
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.card import CardScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.card_table import CardTable

DECKS = Path(__file__).parent / "fixtures" / "tui" / "decks"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@asynccontextmanager
async def studying(data_dir: Path) -> AsyncIterator[tuple[Pilot, StudyScreen]]:
    """The app at 80x24 on the fixture decks, studying the first deck."""
    app = build_app(data_dir=data_dir, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("enter")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.item is not None
        yield pilot, study


async def test_bury_and_suspend_set_the_card_aside_until_undone(tmp_path: Path) -> None:
    async with studying(tmp_path) as (pilot, study):
        assert study.item is not None
        first = study.item.item_id
        await pilot.press("minus")
        assert study.item is not None and study.item.item_id != first
        second = study.item.item_id
        await pilot.press("at")
        assert study.item is not None and study.item.item_id not in {first, second}
        with open_store(database_path(tmp_path)) as store:
            stored = store.item_flags("cart-basics")
        assert stored[second] == ItemFlags(suspended=True)
        assert stored[first].buried_until is not None and not stored[first].suspended
        await pilot.press("u")
        assert study.item is not None and study.item.item_id == second
        await pilot.press("u")
        assert study.item is not None and study.item.item_id == first
    with open_store(database_path(tmp_path)) as store:
        assert store.item_flags("cart-basics") == {}


async def test_a_card_that_becomes_a_leech_is_announced_with_its_explanation(
    tmp_path: Path,
) -> None:
    with open_store(database_path(tmp_path)) as store:
        store.save_settings(Settings(leech_threshold=1))
        learned = ItemState("review", None, 3.0, 5.0, NOW - timedelta(hours=1), NOW - timedelta(3))
        store.apply_review(
            "cart-basics", "car-meaning", rating=Rating.GOOD, correct=None, response="{}",
            reviewed_at=NOW - timedelta(days=3), duration_ms=0, next_state=lambda _: learned,
        )  # fmt: skip
    async with studying(tmp_path) as (pilot, study):
        assert (
            study.item is not None and study.item.item_id == "car-meaning"
        )  # the due review comes first
        await pilot.press("space", "1")  # show the answer, forgot it
        await pilot.pause()
        notes = [note for note in pilot.app._notifications if note.title == "Leech"]
        assert len(notes) == 1
        event = study.session.aside.last_leech
        assert event is not None and event.suspended
        assert "Forgotten once: this card is a leech" in notes[0].message
        assert "antibody-derived binder" in notes[0].message  # the card's explanation
        assert "unsuspend it from Browse" in notes[0].message
    with open_store(database_path(tmp_path)) as store:
        assert store.item_flags("cart-basics")["car-meaning"] == ItemFlags(
            suspended=True, leech=True
        )


@asynccontextmanager
async def browsing(data_dir: Path) -> AsyncIterator[Pilot]:
    """The app at 100x24 on the fixture decks, in Browse once its states are read."""
    app = build_app(data_dir=data_dir, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("b")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        yield pilot


async def settled(pilot: Pilot) -> None:
    """Wait until the app's store calls and workers are done, and the screen is redrawn."""
    for _ in range(3):
        await pilot.pause()
        pilot.app.library.store_calls.wait(5)  # type: ignore[attr-defined]
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_browse_suspends_and_buries_a_card_until_unsuspended(tmp_path: Path) -> None:
    async with browsing(tmp_path) as pilot:
        browse = pilot.app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("at")  # the first card
        await settled(pilot)
        first = browse.card_row(0)
        assert first.state.startswith("suspended")
        await pilot.press("down", "minus")
        await settled(pilot)
        assert browse.card_row(1).state.startswith("buried")
        with open_store(database_path(tmp_path)) as store:
            flags = store.item_flags("cart-basics")
        suspended = {item for item, f in flags.items() if f.suspended}
        buried = {item for item, f in flags.items() if f.buried_until is not None}
        assert suspended and buried and not suspended & buried
        assert all(f.buried_until > NOW for f in flags.values() if f.buried_until is not None)
        await pilot.press("U", "up", "U")
        await settled(pilot)
        assert not browse.card_row(0).state.startswith("suspended")
        assert not browse.card_row(1).state.startswith("buried")
    with open_store(database_path(tmp_path)) as store:
        assert store.item_flags("cart-basics") == {}


async def test_browse_lists_leeches_and_unsuspends_them(tmp_path: Path) -> None:
    with open_store(database_path(tmp_path)) as store:
        store.set_item_flags("cart-basics", "mhc-needed", ItemFlags(suspended=True, leech=True))
        store.set_item_flags("cart-basics", "car-parts#c2", ItemFlags(suspended=True))
    async with browsing(tmp_path) as pilot:
        browse = pilot.app.screen
        assert isinstance(browse, BrowseScreen)
        table = browse.query_one(CardTable)
        labels = {row.key: row.state for row in (browse.card_row(i) for i in range(7))}
        assert labels["cart-basics/mhc-needed"] == "suspended leech · new"
        assert labels["cart-basics/car-parts"] == "suspended · new"
        assert labels["cart-basics/car-meaning"] == "new"
        await pilot.press("l")
        assert table.row_keys == ["cart-basics/mhc-needed"]
        await pilot.press("U")
        await settled(pilot)
        assert browse.card_row(3).state == "leech · new"  # still a leech, no longer suspended
        await pilot.press("l")
        assert len(table.row_keys) == 7
    with open_store(database_path(tmp_path)) as store:
        assert store.item_flags("cart-basics") == {
            "mhc-needed": ItemFlags(leech=True),
            "car-parts#c2": ItemFlags(suspended=True),
        }


async def test_the_card_page_shows_and_lifts_a_suspension(tmp_path: Path) -> None:
    with open_store(database_path(tmp_path)) as store:
        store.set_item_flags("cart-basics", "car-parts#c2", ItemFlags(suspended=True))
    async with browsing(tmp_path) as pilot:
        await pilot.press("slash", *"antibody fragment", "enter", "enter")
        card = pilot.app.screen
        assert isinstance(card, CardScreen) and card.card.id == "car-parts"
        schedule = str(card.query_one("#card-schedule", Static).content)
        assert "c2: new, never studied · suspended" in schedule
        assert card.check_action("unsuspend", ())
        await pilot.press("U")
        await settled(pilot)
        assert "suspended" not in str(card.query_one("#card-schedule", Static).content)
        assert not card.check_action("unsuspend", ())
    with open_store(database_path(tmp_path)) as store:
        assert store.item_flags("cart-basics") == {}
