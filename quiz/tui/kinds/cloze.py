"""Cloze cards in the app: the blanks of one group in the text, typed in, then filled in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from quiz.deck.cloze import cloze_segments, render_cloze
from quiz.kinds.cloze import ClozeCard
from quiz.tui.kinds.base import Part, StudyWidgets
from quiz.tui.kinds.text_entry import TextEntryTui

if TYPE_CHECKING:
    from quiz.kinds.base import Grade
    from quiz.study.answers import PendingAnswer
    from quiz.study.study_item import StudyItem

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


class ClozeTui(TextEntryTui[ClozeCard]):
    """The group's blanks are typed in order; once answered the text shows them filled in,
    so the feedback repeats the answer only when it was wrong (or accepted as a near miss)."""

    name = "cloze"
    label = "fill in the blank"
    short_label = "fill in"

    def prompt(self, card: ClozeCard, group: int | None, *, reveal: bool) -> Content:
        return cloze_content(card, group, reveal=reveal)

    def placeholder(self, item: StudyItem) -> str:
        card = self.card_of(item)
        blanks = sum(1 for deletion in card.deletions if deletion.group == item.group)
        if blanks > 1:
            return f"Fill {blanks} blanks in order, split by ; (enter: show)"
        return "Fill in the blank; enter alone shows it"

    def show_answer(self, widgets: StudyWidgets, answer: PendingAnswer) -> None:
        item = answer.item
        widgets.prompt.show_prompt(self.prompt(self.card_of(item), item.group, reveal=True))

    def answer_line(self, item: StudyItem, grade: Grade) -> tuple[str, str | None]:
        if grade.correct and not grade.note:
            return "Answer", None  # the filled-in text above already shows it
        return "Answer", grade.expected

    def page_content(self, card: ClozeCard) -> list[Part]:
        return [cloze_content(card, None, reveal=True)]

    def item_prompt(self, card: ClozeCard, group: int | None) -> str:
        return render_cloze(card.text, group)
