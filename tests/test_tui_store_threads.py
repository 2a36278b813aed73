"""The app never calls the progress store from its UI thread while a student studies: starting
a session, previewing intervals, accepting, undoing, summing up, cramming, counting the decks
again, reloading and opening a card all run their store calls elsewhere, in order.

A store wrapper records the thread of every call; the real app is driven with the pilot over
a real deck file and a real SQLite store.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from tui_support import logged_reviews, settled, wait_for_deck_list

from quiz.paths import database_path
from quiz.progress.contract import ProgressStore
from quiz.progress.open import open_store
from quiz.rating import Rating
from quiz.tui.app import build_app
from quiz.tui.navigation import OpenCard
from quiz.tui.screens.card import CardScreen
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.screens.summary import SummaryScreen

DECKS = Path(__file__).parent / "fixtures" / "tui" / "decks"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class ThreadRecordingStore:
    """A store that records, for each call made on it, the method and the calling thread;
    ``delay`` seconds are spent in each call, as a slow backend would."""

    def __init__(self, store: ProgressStore, delay: float = 0.0) -> None:
        self._store = store
        self._delay = delay
        self.calls: list[tuple[str, threading.Thread]] = []
        self.recording = False

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def recorded(*args: Any, **kwargs: Any) -> Any:
            if self.recording:
                self.calls.append((name, threading.current_thread()))
                time.sleep(self._delay)
            return attribute(*args, **kwargs)

        return recorded

    def on_ui_thread(self, ui: threading.Thread) -> list[str]:
        return [name for name, thread in self.calls if thread is ui]


def card_history(screen: Screen) -> str:
    """The history shown on a card screen ("" until it is composed)."""
    return " ".join(str(widget.content) for widget in screen.query("#card-history").results(Static))


async def until(pilot: Pilot, condition: Callable[[], bool], pauses: int = 200) -> None:
    for _ in range(pauses):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app did not get there")


async def test_studying_makes_no_store_call_on_the_ui_thread(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    app = build_app(data_dir=home, deck_paths=[DECKS / "cart-basics.yaml"], clock=lambda: NOW)
    store = ThreadRecordingStore(open_store(database_path(home)), delay=0.02)
    app.library._store = store  # pyright: ignore[reportAttributeAccessIssue]
    ui = threading.current_thread()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        store.recording = True
        await pilot.press("enter")  # study the deck: the session is built off the UI thread
        await until(pilot, lambda: isinstance(app.screen, StudyScreen))
        await pilot.press("space")  # reveal: the intervals are previewed
        await pilot.press("3")  # accepted as Good: written behind the student's back
        await until(pilot, lambda: app.screen.session.answered == 1)  # pyright: ignore
        await pilot.press("u")  # taken back
        await pilot.press("space", "2")  # answered again, Hard
        await pilot.press("escape")  # leave: the summary is summed up off the UI thread
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("r")  # nothing missed: no cram; close instead
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DecksScreen))
        await settled(pilot)  # the list counted again
        await pilot.press("c")  # cram the deck
        await until(pilot, lambda: isinstance(app.screen, StudyScreen))
        await pilot.press("space", "1", "escape")
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("r")  # review the missed card: another cram
        await until(pilot, lambda: isinstance(app.screen, StudyScreen))
        await pilot.press("space", "3")  # the only card: the cram is over
        await until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DecksScreen))
        await pilot.press("r")  # reload the decks
        await settled(pilot)
        app.navigator.go(OpenCard("cart-basics", "car-meaning"))  # pyright: ignore
        await until(pilot, lambda: isinstance(app.screen, CardScreen))
        await until(pilot, lambda: "Hard" in card_history(app.screen))
        store.recording = False
    called = {name for name, _ in store.calls}
    assert {"apply_review", "undo_review", "unreviewed", "history", "item_states"} <= called
    assert store.on_ui_thread(ui) == []
    [row] = logged_reviews(home, "cart-basics", "car-meaning")
    assert row.rating == Rating.HARD, "the answer, its undo and the next answer, in order"


BASIC_DECK = """\
id: basics
title: Basics
description: Three self-rated cards.
version: 1
sources:
  - {key: s, title: S, authors: [A], year: 2025, venue: V}
cards:
""" + "".join(
    f"  - {{id: q{n}, type: basic, front: Question {n}?, back: Answer {n}., "
    "source: {key: s, locator: p}, explanation: Because.}\n"
    for n in range(3)
)


async def test_quitting_waits_for_the_answers_still_being_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    deck = tmp_path / "basics.yaml"
    deck.write_text(BASIC_DECK, encoding="utf-8")
    app = build_app(data_dir=home, deck_paths=[deck], clock=lambda: NOW)
    store = ThreadRecordingStore(open_store(database_path(home)), delay=0.3)
    app.library._store = store  # pyright: ignore[reportAttributeAccessIssue]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StudyScreen))
        store.recording = True  # each call now takes 0.3 s
        await pilot.press("space", "4", "space", "4", "space")  # two accepted, one on screen
        await pilot.press("ctrl+q")
        await until(pilot, lambda: app.return_code is not None or not app.is_running, 600)
    with open_store(database_path(home)) as reopened:
        reviews = list(reopened.iter_reviews("basics"))
    assert len(reviews) == 3, "both accepted answers and the one on screen are kept"
