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

    The cursor does not blink when the app runs headless, so screenshots are stable.
    """

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False

    async def on_key(self, event: events.Key) -> None:
        action = EDITING_ACTIONS.get(event.key)
        if action is not None and not event.is_printable:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
