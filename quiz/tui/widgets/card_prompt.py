"""The question part of a card: its prompt, or a cloze text with its blanks."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quiz.deck.cloze import parse_cloze
from quiz.kinds.cloze import ClozeCard

BLANK_STYLE = "bold $text-accent"
FILLED_STYLE = "bold underline $text-success"


def cloze_content(card: ClozeCard, group: int | None, *, reveal: bool) -> Content:
    """A cloze text for one group: its blanks as ``[...]`` (or the hint), or filled in.

    Deletions of other groups show their answers as plain text.
    """
    parts: list[str | tuple[str, str]] = []
    position = 0
    for deletion in parse_cloze(card.text):
        parts.append(card.text[position : deletion.start])
        if group is not None and deletion.group != group:
            parts.append(deletion.answer)
        elif reveal:
            parts.append((deletion.answer, FILLED_STYLE))
        else:
            parts.append((f"[{deletion.hint or '...'}]", BLANK_STYLE))
        position = deletion.end
    parts.append(card.text[position:])
    return Content.assemble(*parts)


class CardPrompt(Static):
    """What the student reads first. Long prompts wrap; the study pane scrolls."""

    def show_card(self, card: object, group: int | None = None, *, reveal: bool = False) -> None:
        """Show a card's prompt; for a cloze card, its text for ``group``."""
        if isinstance(card, ClozeCard):
            self.update(cloze_content(card, group, reveal=reveal))
        else:
            self.update(Content(card.prompt))  # type: ignore[attr-defined]
