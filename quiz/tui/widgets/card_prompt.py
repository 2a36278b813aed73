"""The question part of a card: its prompt, or a cloze text with its blanks."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quiz.deck.cloze import cloze_segments
from quiz.kinds.cloze import ClozeCard

BLANK_STYLE = "bold $text-accent"
FILLED_STYLE = "bold underline $text-success"
ROLE_STYLES = {"blank": BLANK_STYLE, "answer": FILLED_STYLE}


def cloze_content(card: ClozeCard, group: int | None, *, reveal: bool) -> Content:
    """A cloze text for one group, its blanks and revealed answers styled
    (:func:`~quiz.deck.cloze.cloze_segments` decides what is hidden)."""
    return Content.assemble(
        *(
            (piece, ROLE_STYLES[role]) if role in ROLE_STYLES else piece
            for piece, role in cloze_segments(card.text, group, reveal=reveal)
        )
    )


class CardPrompt(Static):
    """What the student reads first. Long prompts wrap; the study pane scrolls."""

    def show_card(self, card: object, group: int | None = None, *, reveal: bool = False) -> None:
        """Show a card's prompt; for a cloze card, its text for ``group``."""
        if isinstance(card, ClozeCard):
            self.update(cloze_content(card, group, reveal=reveal))
        else:
            self.update(Content(card.prompt))  # type: ignore[attr-defined]
