"""The command palette, as Textual draws it, without its crash on an early page key."""

from __future__ import annotations

from textual.command import CommandPalette


class SafeCommandPalette(CommandPalette):
    """Textual's command palette. A page key pressed before its list has laid out its lines
    (``ctrl+p`` and ``PageUp`` in one burst) raises ``KeyError`` inside Textual's option
    list; such a key moves nothing here instead (the list is not drawn yet)."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            if action not in ("page_up", "page_down"):
                raise
