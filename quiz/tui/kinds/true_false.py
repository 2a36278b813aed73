"""True/false cards in the app: ``t`` or ``f`` answers at once; the verdicts are marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.kinds.true_false import TrueFalseCard, TrueFalseResponse
from quiz.tui.kinds.base import Hint, StudyWidgets, TuiKind
from quiz.tui.widgets.choice_list import ChoiceList, ChoiceMark

if TYPE_CHECKING:
    from textual.widget import Widget

    from quiz.kinds.base import Grade, Response
    from quiz.study.answers import PendingAnswer
    from quiz.study.study_item import StudyItem

LABELS = "tf"
"""The keys beside the two options, which the core lists as True, then False."""


class TrueFalseTui(TuiKind[TrueFalseCard]):
    """The two options labelled ``t`` and ``f``; a key or a click is the answer."""

    name = "true_false"
    label = "true or false"
    short_label = "true/false"
    how_to_answer = "t or f"
    actions = frozenset({"choose"})
    answer_keys = tuple(ChoiceList.BINDINGS)
    pick_submits = True

    def show_question(self, widgets: StudyWidgets, item: StudyItem) -> Widget | None:
        widgets.choices.show_choices(LABELS, self.core.options(item.card), multi=False)
        widgets.choices.display = True
        return None

    def response(self, widgets: StudyWidgets, item: StudyItem) -> Response | Hint:
        if not widgets.choices.picked:
            return Hint("Press t or f.")
        return TrueFalseResponse(widgets.choices.picked == {0})

    def show_answer(self, widgets: StudyWidgets, answer: PendingAnswer) -> None:
        response = answer.response
        if not isinstance(response, TrueFalseResponse):
            return
        truth = self.card_of(answer.item).answer
        widgets.choices.show_marks(
            [
                ChoiceMark(correct=truth, picked=response.value, why=None),
                ChoiceMark(correct=not truth, picked=not response.value, why=None),
            ]
        )

    def answer_line(self, item: StudyItem, grade: Grade) -> tuple[str, str | None]:
        return "Answer", None if grade.correct else f"the statement is {grade.expected.lower()}"

    def describe_answer(self, card: TrueFalseCard, response: Response) -> str:
        value = isinstance(response, TrueFalseResponse) and response.value
        return "true" if value else "false"
