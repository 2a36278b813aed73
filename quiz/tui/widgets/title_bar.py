"""The one-line bar at the top of a screen: where you are, and a short status."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Static

from quiz.safe_text import visible_line


class TitleBar(HorizontalGroup):
    """``quiz › Statistics                                  6 decks · 12 due``.

    The title and the status may name a deck or a file: their controls are shown, not sent.
    """

    def __init__(self, title: str, status: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="title-bar")
        self._title = title
        self._status = status

    def compose(self) -> ComposeResult:
        yield Static(self._title_content(self._title), classes="title-left")
        yield Static(Content(visible_line(self._status)), classes="title-right")

    @staticmethod
    def _title_content(title: str) -> Content:
        return Content.assemble(("quiz", "bold $text-accent"), " › ", (visible_line(title), "bold"))

    def set_status(self, status: str) -> None:
        """Change the status on the right."""
        # The status takes the width the title leaves (1fr), so its text never resizes it.
        self.query_one(".title-right", Static).update(Content(visible_line(status)), layout=False)
