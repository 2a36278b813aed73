"""The feedback on an answer once graded: the verdict, the answer as the kind words it, the
explanation and the source.

A pure function of the item and the grade, so the study screen only places it on screen;
each kind's marks on its own widgets are drawn by the kind (:mod:`quiz.tui.kinds`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.kinds.matching import TextResponse
from quiz.tui.kinds.registry import tui_kind_of
from quiz.tui.text import citation
from quiz.tui.typed_diff import typed_comparison
from quiz.tui.widgets.feedback_panel import Feedback

if TYPE_CHECKING:
    from quiz.kinds.base import Grade, Response
    from quiz.study.study_item import StudyItem


def feedback_for(item: StudyItem, grade: Grade, response: Response | None = None) -> Feedback:
    """The verdict, the answer (when the screen does not already show it), a typed answer
    compared with the closest spelling, the explanation and the source of an answered
    item."""
    from quiz.kinds.typed import TypedCard

    card = item.card
    answer_label, answer = tui_kind_of(card).answer_line(item, grade)
    comparison = None
    if isinstance(card, TypedCard) and isinstance(response, TextResponse):
        comparison = typed_comparison(response.text, card.answers)
    return Feedback(
        correct=grade.correct,
        answer_label=answer_label,
        answer=answer,
        note=grade.note,
        comparison=comparison,
        explanation=card.explanation,
        citation=citation(item.deck, card),
    )
