"""What an answer looks like once graded: the marks on the choices and the feedback text.

Pure functions of the item, the response and the grade, so the study screen only places
their results on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.true_false import TrueFalseResponse
from quiz.tui.text import LETTERS, citation
from quiz.tui.widgets.choice_list import ChoiceMark
from quiz.tui.widgets.feedback_panel import Feedback

if TYPE_CHECKING:
    from quiz.kinds.base import Grade, Response
    from quiz.study.session import StudyItem


def choice_marks(item: StudyItem, response: Response, grade: Grade) -> list[ChoiceMark]:
    """For a choice, multi or true/false card: each displayed option, right or not, picked or
    not, with the why of its choice. Empty for other card types."""
    card = item.card
    if card.type == "true_false":
        if not isinstance(response, TrueFalseResponse):
            return []
        truth = bool(card.answer)
        return [
            ChoiceMark(correct=truth, picked=response.value, why=None),
            ChoiceMark(correct=not truth, picked=not response.value, why=None),
        ]
    if card.type not in ("choice", "multi"):
        return []
    by_index = {feedback.index: feedback for feedback in grade.feedback}
    picked = response.picked if isinstance(response, ChoiceResponse) else frozenset()
    marks = []
    for index in item.choice_order:
        choice = card.choices[index]
        feedback = by_index.get(index)
        marks.append(
            ChoiceMark(
                correct=choice.correct,
                picked=index in picked,
                why=feedback.why if feedback is not None else choice.why,
            )
        )
    return marks


def feedback_for(item: StudyItem, response: Response, grade: Grade) -> Feedback:
    """The verdict, the answer (when the screen does not already show it), the explanation
    and the source of an answered item."""
    card = item.card
    answer_label = "Answer"
    answer: str | None = grade.expected
    if card.type == "basic":
        answer_label, answer = "Back", card.back
    elif card.type in ("choice", "multi"):
        # The options above are marked; name the right ones by letter.
        letters = [
            LETTERS[position]
            for position, index in enumerate(item.choice_order)
            if card.choices[index].correct
        ]
        answer = None if grade.correct else ", ".join(letters)
    elif card.type == "true_false":
        answer = None if grade.correct else f"the statement is {grade.expected.lower()}"
    elif card.type == "cloze" and grade.correct and not grade.note:
        answer = None  # the filled-in text above already shows it
    return Feedback(
        correct=grade.correct,
        answer_label=answer_label,
        answer=answer,
        note=grade.note,
        explanation=card.explanation,
        citation=citation(item.deck, card),
    )


def answer_placeholder(item: StudyItem) -> str:
    """What the answer field says before anything is typed."""
    card = item.card
    if card.type == "cloze":
        blanks = sum(1 for d in card.deletions if d.group == item.group)
        if blanks > 1:
            return f"Fill in the {blanks} blanks in order, separated by ; (enter alone shows them)"
        return "Fill in the blank, then enter (enter alone shows the answer)"
    return "Type your answer, then enter (enter alone shows the answer)"
