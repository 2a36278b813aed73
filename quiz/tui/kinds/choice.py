"""Choice and multi cards in the app: lettered options, picked or toggled, then marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.kinds.choice import ChoiceFeedback, ChoiceResponse, OptionsCard
from quiz.tui.kinds.base import Hint, Part, StudyWidgets, TuiKind
from quiz.tui.text import LETTERS
from quiz.tui.widgets.choice_list import ChoiceList, ChoiceMark

if TYPE_CHECKING:
    from textual.widget import Widget

    from quiz.kinds.base import Grade, Response
    from quiz.study.answers import PendingAnswer
    from quiz.study.study_item import StudyItem


class _OptionsTui(TuiKind[OptionsCard]):
    """What choice and multi cards share: the options lettered a-h in the session's order;
    a letter picks (or toggles), ``enter`` submits; once answered each option is marked
    right, wrong or missed, with the why of the ones picked or right."""

    actions = frozenset({"pick", "toggle_choice", "submit"})
    answer_keys = tuple(ChoiceList.BINDINGS)
    multi = False

    def show_question(self, widgets: StudyWidgets, item: StudyItem) -> Widget | None:
        choices = widgets.choices
        choices.show_choices(
            LETTERS, self.core.shown_options(item.card, item.choice_order), multi=self.multi
        )
        choices.display = True
        return choices

    def response(self, widgets: StudyWidgets, item: StudyItem) -> Response | Hint:
        choices = widgets.choices
        if not choices.picked:
            last = LETTERS[choices.count - 1]
            return Hint(f"Pick a choice first (a-{last}), then press enter.")
        shown = self.shown_indexes(item)
        return ChoiceResponse(frozenset(shown[position] for position in choices.picked))

    def show_answer(self, widgets: StudyWidgets, answer: PendingAnswer) -> None:
        widgets.choices.show_marks(self.choice_marks(answer.item, answer.response, answer.grade))

    def choice_marks(self, item: StudyItem, response: Response, grade: Grade) -> list[ChoiceMark]:
        """Each displayed option: right or not, picked or not, with the why of its choice."""
        by_index = {
            detail.index: detail for detail in grade.feedback if isinstance(detail, ChoiceFeedback)
        }
        picked = response.picked if isinstance(response, ChoiceResponse) else frozenset()
        card = self.card_of(item)
        marks = []
        for index in self.shown_indexes(item):
            choice = card.choices[index]
            detail = by_index.get(index)
            marks.append(
                ChoiceMark(
                    correct=choice.correct,
                    picked=index in picked,
                    why=detail.why if detail is not None else choice.why,
                )
            )
        return marks

    def answer_line(self, item: StudyItem, grade: Grade) -> tuple[str, str | None]:
        if grade.correct:
            return "Answer", None
        # The options above are marked; name the right ones by letter.
        card = self.card_of(item)
        letters = [
            LETTERS[position]
            for position, index in enumerate(self.shown_indexes(item))
            if card.choices[index].correct
        ]
        return "Answer", ", ".join(letters)

    def page_content(self, card: OptionsCard) -> list[Part]:
        return [(card.prompt, "bold")]  # the choices below are the answer key

    def page_widgets(self, card: OptionsCard) -> list[Widget]:
        choices = ChoiceList(id="card-choices")
        choices.can_focus = False
        choices.show_reference(
            LETTERS,
            [choice.text for choice in card.choices],
            [choice.correct for choice in card.choices],
            [choice.why for choice in card.choices],
            multi=self.multi,
        )
        return [choices]

    def describe_answer(self, card: OptionsCard, response: Response) -> str:
        picked = response.picked if isinstance(response, ChoiceResponse) else frozenset()
        texts = [card.choices[i].text for i in sorted(picked) if i < len(card.choices)]
        return "; ".join(texts) or "nothing"

    def search_words(self, card: OptionsCard) -> tuple[str, ...]:
        return self.core.options(card)


class ChoiceTui(_OptionsTui):
    """Single choice: a letter answers with its option (or the arrows pick one, and
    ``enter`` submits it)."""

    name = "choice"
    label = "single choice"
    short_label = "one answer"
    how_to_answer = "a-h answers (or arrows, then enter)"
    letter_submits = True


class MultiTui(_OptionsTui):
    """Select all that apply: a letter (or space on the highlighted one) toggles an option."""

    name = "multi"
    label = "select all that apply"
    short_label = "select all"
    how_to_answer = "a-h toggles (or arrows and space), enter submits"
    multi = True
