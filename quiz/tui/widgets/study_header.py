"""The line above a card: the deck, the card type, and progress through the session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Static

from quiz.tui.text import short_type_label

KIND_STYLES = {
    "new": "bold $text-primary",
    "learning": "bold $text-warning",
    "review": "bold $text-success",
    "cram": "bold $text-secondary",
}


class StudyHeader(HorizontalGroup):
    """``Deck title            single choice · new · 3 done · 17 left``."""

    def compose(self) -> ComposeResult:
        yield Static(id="study-deck")
        yield Static(id="study-progress")

    def show(
        self, *, deck_title: str, card_type: str, kind: str, done: int, remaining: int
    ) -> None:
        """Describe the current card and the session's progress."""
        self.query_one("#study-deck", Static).update(Content(deck_title))
        progress = Content.assemble(
            (short_type_label(card_type), "$text-accent"),
            " · ",
            (kind, KIND_STYLES.get(kind, "bold")),
            " · ",
            f"{done} done",
            " · ",
            (f"{remaining} left", "bold"),
        )
        self.query_one("#study-progress", Static).update(progress)
        self.set_class(kind == "cram", "-cram")
