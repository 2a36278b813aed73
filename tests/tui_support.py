"""Driving the app in tests: waiting for its first screen to settle, and reading back what a
study left in the review log and on screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen

from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.state import ReviewRow
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.error import ErrorScreen
from quiz.tui.widgets.feedback_panel import FeedbackPanel


async def wait_for_deck_list(pilot: Pilot, pauses: int = 50) -> Screen:
    """Pause until the deck list shows its rows, or an error screen took its place (at most
    ``pauses`` pauses); return the screen on top then."""
    for _ in range(pauses):
        screen = pilot.app.screen
        if isinstance(screen, ErrorScreen) or (isinstance(screen, DecksScreen) and screen.ready):
            break
        await pilot.pause()
    return pilot.app.screen


def logged_reviews(data_dir: Path, deck_id: str, item_id: str) -> list[ReviewRow]:
    """The review log of one item, read from the database file."""
    store = open_store(database_path(data_dir))
    try:
        return store.history(deck_id, item_id)
    finally:
        store.close()


def feedback_text(pilot: Pilot) -> str:
    """The feedback panel's text; it must be on screen."""
    panel = pilot.app.screen.query_one(FeedbackPanel)
    assert panel.display, "no feedback on screen"
    return str(panel.content)


async def settled(pilot: Pilot) -> None:
    """Wait until the app's store calls (the answers being written) are done, then until the
    app is idle again (screens redrawn with what they read)."""
    await asyncio.to_thread(pilot.app.library.store_calls.wait, 10)  # pyright: ignore[reportAttributeAccessIssue]
    await pilot.pause()
