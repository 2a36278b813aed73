"""A screen for a problem the app cannot work around, such as an unusable database."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.safe_text import visible
from quiz.tui.widgets.key_bar import KeyBar


class ErrorScreen(Screen[None]):
    """Shows what went wrong, in words, and lets the student quit (or, with ``back``, go
    back to where the app can go on: the error is then dismissed).

    The words come from an exception and may quote a path: their controls are made visible.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="error.quit"),
        Binding("escape", "back", "Back to decks", id="error.back"),
        # escape quits where there is no way back (tried after the binding above)
        Binding("escape", "app.quit", "Quit", show=False, id="error.escape-quit"),
    ]

    def __init__(
        self, title: str, message: str, hint: str | None = None, *, back: bool = False
    ) -> None:
        super().__init__()
        self.back = back
        self.title_text = visible(title)
        self.message = visible(message)
        self.hint = None if hint is None else visible(hint)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="error-box", classes="dialog"):
            yield Static(Content.assemble(("✗ " + self.title_text, "bold $text-error")))
            yield Static(Content(self.message), id="error-message")
            if self.hint:
                yield Static(Content(self.hint), classes="muted")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.back
        return True

    def action_back(self) -> None:
        """Back to where the app goes on (the decks)."""
        self.dismiss()
