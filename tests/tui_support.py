"""What the app's study tests read back: the review log in the database, the feedback shown."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from quiz.paths import database_path
from quiz.progress.rows import ReviewRow
from quiz.progress.sqlite_store import Store
from quiz.tui.widgets.feedback_panel import FeedbackPanel


def logged_reviews(data_dir: Path, deck_id: str, item_id: str) -> list[ReviewRow]:
    """The review log of one item, read from the database file."""
    store = Store.open(database_path(data_dir))
    try:
        return store.history(deck_id, item_id)
    finally:
        store.close()


def feedback_text(pilot: Pilot) -> str:
    """The feedback panel's text; it must be on screen."""
    panel = pilot.app.screen.query_one(FeedbackPanel)
    assert panel.display, "no feedback on screen"
    return str(panel.content)
