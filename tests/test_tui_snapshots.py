"""Snapshots of every screen at 80x24 and 120x40, with a fixed clock and the fixed deck.

The decks are copied into a temporary working folder and named by relative paths, so the
pictures do not depend on where the repository lives; times are shown in UTC.
Update the pictures with ``uv run pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from order_support import arranging_keys
from textual.pilot import Pilot
from tui_support import wait_for_deck_list

from quiz.deck.loader import load_file
from quiz.kinds.base import Reveal
from quiz.kinds.choice import ChoiceResponse
from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.rating import Rating
from quiz.study.session import StudySession
from quiz.tui.app import build_app
from quiz.tui.widgets.order_list import OrderList

FIXTURES = Path(__file__).parent / "fixtures" / "tui"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

# From the deck list: basic (reveal, accept), choice (wrong), multi (right): then leave.
THREE_ANSWERS = ["enter", "space", "enter", "d", "enter", "a", "b", "enter", "enter"]

# With three answers already in the store (see ``answered_before``).
HISTORY_SCENES: dict[str, list[str]] = {
    "statistics": ["s"],
    "browse": ["b"],
    "card": ["b", "down", "enter"],
}

SCENES: dict[str, list[str]] = {
    "decks": [],
    "decks_filtered": ["slash", *"safety"],
    "study_question": ["enter"],
    "study_basic_answer": ["enter", "space"],
    "study_choice_picked": ["enter", "space", "enter", "down", "down"],
    "study_choice_wrong": ["enter", "space", "enter", "d"],
    "study_cloze_typing": [*THREE_ANSWERS, "t", "enter", *"scFv"],
    "explanation": ["enter", "space", "e"],
    "summary": [*THREE_ANSWERS, "escape"],
    "help": ["question_mark"],
}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A working folder holding ``decks/`` and ``broken/``, with times shown in UTC."""
    shutil.copytree(FIXTURES / "decks", tmp_path / "decks")
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    shutil.copytree(FIXTURES / "order", tmp_path / "order")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


def scene(keys: list[str]):
    """A ``run_before`` that waits for the deck list, then presses ``keys``."""

    async def run_before(pilot: Pilot) -> None:
        await wait_for_deck_list(pilot)
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()  # what the screen reads in a worker thread
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCENES))
def test_screen(workdir: Path, snap_compare, name: str, size: tuple[int, int]) -> None:
    deck_paths = [Path("decks"), Path("broken")] if name.startswith("decks") else [Path("decks")]
    app = build_app(data_dir=Path("home"), deck_paths=deck_paths, clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=scene(SCENES[name]))


def answered_before(data_dir: Path) -> None:
    """Answer the deck's first three items as THREE_ANSWERS does, straight through the core."""
    decks = [deck for deck in (load_file(path)[0] for path in sorted(Path("decks").iterdir()))]
    store = open_store(database_path(data_dir))
    try:
        session = StudySession.start(store, [d for d in decks if d is not None], NOW)
        for response, rating in [
            (Reveal(), Rating.GOOD),
            (ChoiceResponse(frozenset({3})), Rating.AGAIN),
            (ChoiceResponse(frozenset({0, 1})), Rating.GOOD),
        ]:
            session.answer(response, NOW)
            session.rate(rating)
            session.accept(NOW)
    finally:
        store.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(HISTORY_SCENES))
def test_screen_with_history(workdir: Path, snap_compare, name: str, size: tuple[int, int]) -> None:
    answered_before(Path("home"))
    app = build_app(data_dir=Path("home"), deck_paths=[Path("decks")], clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=scene(HISTORY_SCENES[name]))


# The order card's items, arranged with the keys from however they were shuffled: the
# highlight, and whether the order is submitted.
ORDER_SCENES: dict[str, tuple[tuple[int, ...], int, bool]] = {
    "order_question": ((3, 0, 4, 1, 2), 1, False),
    "order_feedback": ((0, 2, 1, 3, 4), 0, True),
}


def order_scene(arranged: tuple[int, ...], highlight: int, submit: bool):
    """A ``run_before`` that studies the order deck and arranges its card's items."""

    async def run_before(pilot: Pilot) -> None:
        await wait_for_deck_list(pilot)
        await pilot.press("enter")
        keys, cursor = arranging_keys(pilot.app.screen.query_one(OrderList).order, arranged)
        steps = highlight - cursor
        await pilot.press(*keys, *["down"] * steps, *["up"] * -steps)
        if submit:
            await pilot.press("enter")
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(ORDER_SCENES))
def test_order_card(workdir: Path, snap_compare, name: str, size: tuple[int, int]) -> None:
    app = build_app(data_dir=Path("home"), deck_paths=[Path("order")], clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=order_scene(*ORDER_SCENES[name]))


@pytest.mark.parametrize("size", SIZES)
def test_error_screen(workdir: Path, snap_compare, size: tuple[int, int]) -> None:
    (workdir / "home").mkdir()
    (workdir / "home" / "progress.db").write_text("this is not a database\n")
    app = build_app(data_dir=Path("home"), deck_paths=[Path("decks")], clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=scene([]))
