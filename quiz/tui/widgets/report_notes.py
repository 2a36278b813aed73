"""A scrolling page of the class report's notes: the cards to look at and why, the answers
students overruled, a card's options. Deck text is shown as it is, never as markup."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quiz.safe_text import visible

Note = tuple[str, list[str]]
"""A heading and the lines under it."""


class ReportNotes(VerticalScroll, can_focus=True):
    """Headings (accented, bold) and the lines under them, wrapped to the width."""

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="report-notes")
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Static(Content(self._placeholder), classes="report-notes-text")

    def show_notes(self, intro: str, notes: list[Note], empty: str) -> None:
        """Show ``intro``, then each note (``empty`` when there is none)."""
        parts: list[Content] = [Content(visible(intro))] if intro else []
        for heading, lines in notes:
            if parts:
                parts.append(Content(""))
            parts.append(Content.assemble((visible(heading), "bold $text-accent")))
            parts.extend(Content(visible(line)) for line in lines)
        if not notes:
            parts.append(Content(empty))
        self.query_one(".report-notes-text", Static).update(Content("\n").join(parts))
        self.scroll_home(animate=False)
