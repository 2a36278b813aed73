"""Order cards in the app: the items shuffled, put in sequence with the keys, then marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.kinds.order import OrderCard, OrderResponse, PlacedItem
from quiz.tui.kinds.base import Hint, Part, StudyWidgets, TuiKind
from quiz.tui.widgets.order_list import OrderList

if TYPE_CHECKING:
    from textual.widget import Widget

    from quiz.kinds.base import Grade, Response
    from quiz.study.answers import PendingAnswer
    from quiz.study.study_item import StudyItem

HINT = "↑/↓ highlight an item · shift+↑/↓ or K/J move it · enter submits"


class OrderTui(TuiKind[OrderCard]):
    """The items in the session's shuffled order in an :class:`OrderList`; once answered
    the list shows the correct order, each place marked right or wrong."""

    name = "order"
    label = "put in order"
    short_label = "order"
    how_to_answer = "↑/↓ (or k/j) highlights, shift+↑/↓ (or K/J) moves, enter submits"
    answer_keys = tuple(OrderList.BINDINGS)

    def show_question(self, widgets: StudyWidgets, item: StudyItem) -> Widget | None:
        order = widgets.order
        order.show_items(self.core.options(item.card), self.shown_indexes(item), hint=HINT)
        order.display = True
        return order

    def response(self, widgets: StudyWidgets, item: StudyItem) -> Response | Hint:
        return OrderResponse(widgets.order.order)

    def show_answer(self, widgets: StudyWidgets, answer: PendingAnswer) -> None:
        places = [place for place in answer.grade.feedback if isinstance(place, PlacedItem)]
        widgets.order.show_result(places)

    def answer_line(self, item: StudyItem, grade: Grade) -> tuple[str, str | None]:
        if grade.correct is not False:
            return "Answer", None  # the list above reads down as the correct order
        places = [place for place in grade.feedback if isinstance(place, PlacedItem)]
        right = sum(1 for place in places if place.right)
        return "In place", f"{right} of {len(places)}; the list now shows the correct order"

    def page_content(self, card: OrderCard) -> list[Part]:
        parts: list[Part] = [(card.prompt, "bold"), "\n\n", ("Answer, in order:", "bold")]
        for position, text in enumerate(card.items):
            parts.extend(["\n", (f"{position + 1:>2}. ", "$text-muted"), text])
        return parts

    def describe_answer(self, card: OrderCard, response: Response) -> str:
        # by the numbers of the card page's correct order: "placed 2 1 3 5 4"
        order = response.order if isinstance(response, OrderResponse) else ()
        return "placed " + " ".join(str(index + 1) for index in order)
