"""The text field for typed cards and cloze blanks."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

EDITING_ACTIONS = {binding.key: binding.action for binding in Binding.make_bindings(Input.BINDINGS)}
"""The field's editing keys (backspace, delete, arrows, ctrl+w, enter...) and their actions."""


class AnswerInput(Input):
    """A one-line answer field: ``enter`` submits, an empty submit reveals the answer.

    Every key is applied in the order it arrived. Textual runs a field's key bindings only
    once the key has bubbled up to the app, after the letters typed behind it in the same
    burst (a backspace among fast letters would delete the wrong one); here the editing keys
    run at once, in the field's own turn, as letters do.

    ``ctrl+z`` undoes the typing, one edit at a time, as in any text field; once nothing is
    typed it goes on to the study screen, where it takes back the last answer.

    The cursor does not blink when the app runs headless, so screenshots are stable.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._edits: list[str] = []  # the values before each edit of this answer
        self._last = ""

    def start_answer(self) -> None:
        """Empty the field for a new question, with nothing to undo."""
        self._edits.clear()
        self._last = ""
        self.value = ""

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self and event.value != self._last:
            self._edits.append(self._last)
            self._last = event.value

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False

    async def on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+z" and self.value:
            event.stop()
            event.prevent_default()
            while self._edits and self._edits[-1] == self.value:
                self._edits.pop()
            self._last = self._edits.pop() if self._edits else ""
            self.value = self._last
            self.cursor_position = len(self.value)
            return
        action = EDITING_ACTIONS.get(event.key)
        if action is not None and not event.is_printable:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
