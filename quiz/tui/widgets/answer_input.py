"""The text field for typed cards and cloze blanks."""

from __future__ import annotations

from textual.widgets import Input


class AnswerInput(Input):
    """A one-line answer field: ``enter`` submits, an empty submit reveals the answer.

    The cursor does not blink when the app runs headless, so screenshots are stable.
    """

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False
