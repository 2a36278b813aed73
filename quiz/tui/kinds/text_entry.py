"""What the kinds answered by typing share: the answer field, its placeholder, the response."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.kinds.base import Response, Reveal
from quiz.kinds.matching import TextResponse
from quiz.tui.kinds.base import CardT, Hint, StudyWidgets, TuiKind

if TYPE_CHECKING:
    from textual.widget import Widget

    from quiz.study.study_item import StudyItem


class TextEntryTui(TuiKind[CardT]):
    """The answer field, emptied and focused for each question; ``enter`` submits what is
    typed, and ``enter`` on an empty field asks to see the answer."""

    how_to_answer = "type, enter submits; enter on an empty field shows the answer"

    def placeholder(self, item: StudyItem) -> str:
        """What the answer field says before anything is typed (short enough for the field
        at 60 columns)."""
        return "Type your answer; enter alone shows it"

    def show_question(self, widgets: StudyWidgets, item: StudyItem) -> Widget | None:
        answer = widgets.answer
        answer.start_answer()
        answer.placeholder = self.placeholder(item)
        answer.display = True
        return answer

    def response(self, widgets: StudyWidgets, item: StudyItem) -> Response | Hint:
        text = widgets.answer.value.strip()
        return TextResponse(text) if text else Reveal()

    def describe_answer(self, card: CardT, response: Response) -> str:
        return f"“{response.text}”" if isinstance(response, TextResponse) else "?"
