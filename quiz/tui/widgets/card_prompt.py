"""The question part of a card, as its kind words it (a cloze text shows its blanks)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class CardPrompt(Static):
    """What the student reads first. Long prompts wrap; the study pane scrolls."""

    def show_prompt(self, prompt: Content) -> None:
        """Show a prompt made by the card's kind (:meth:`quiz.tui.kinds.base.TuiKind.prompt`)."""
        self.update(prompt)
