"""What a card kind is in the app: the one place that says how it looks and how it is answered.

Each card kind of the core (:mod:`quiz.kinds`) has one TUI kind here, in its own module,
declaring once: its labels, how its question is shown and which widget collects the answer,
which study keys it offers, how the response is read from that widget, its placeholder, how
its answer is marked and worded, what the card page shows, and what the summary and search
use. :mod:`quiz.tui.kinds.registry` lists them; the study screen, the card page, the summary
and :mod:`quiz.tui.text` ask it instead of testing a card's type.
"""

from __future__ import annotations

from abc import ABC
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from textual.content import Content

from quiz.deck.fields import CardBase
from quiz.kinds.base import Response, Reveal
from quiz.kinds.registry import kind_named

if TYPE_CHECKING:
    from textual.binding import BindingType
    from textual.widget import Widget

    from quiz.kinds.base import CardKind, Grade
    from quiz.study.answers import PendingAnswer
    from quiz.study.study_item import StudyItem
    from quiz.tui.widgets.answer_input import AnswerInput
    from quiz.tui.widgets.card_prompt import CardPrompt
    from quiz.tui.widgets.choice_list import ChoiceList
    from quiz.tui.widgets.order_list import OrderList

CardT = TypeVar("CardT", bound=CardBase)

Part = str | Content | tuple[str, str]
"""One piece of a text assembled with :meth:`Content.assemble`."""


@dataclass(frozen=True)
class StudyWidgets:
    """The parts of the study screen a kind fills: the prompt and the answer widgets.

    Every answer widget is hidden before a question is shown; the kind shows its own.
    """

    prompt: CardPrompt
    choices: ChoiceList
    answer: AnswerInput
    order: OrderList

    @property
    def answer_widgets(self) -> tuple[Widget, ...]:
        """The widgets that collect an answer (one of them, or none, per kind)."""
        return (self.choices, self.answer, self.order)


@dataclass(frozen=True)
class Hint:
    """Why there is no response to submit yet, in words for the student."""

    text: str


class TuiKind(ABC, Generic[CardT]):
    """One card kind in the app. Subclasses set the class attributes and override what
    differs from the defaults, which fit a card answered by a reveal (a basic card).

    ``card`` arguments are cards of the core kind :attr:`name`; ``group`` is the cloze group
    of the item (None for kinds with one item per card).
    """

    name: ClassVar[str]
    """The core kind's name (``card.type``)."""
    label: ClassVar[str]
    """What the kind asks of the student, in a few words: the card page, the help."""
    short_label: ClassVar[str]
    """The kind in a word or two: the study header, tables."""
    how_to_answer: ClassVar[str]
    """The keys that answer a card of this kind, for the help screen."""
    actions: ClassVar[frozenset[str]] = frozenset()
    """The study screen's answering actions this kind offers in the question phase."""
    answer_keys: ClassVar[tuple[BindingType, ...]] = ()
    """The bindings of the widget that collects its answer (listed in the help)."""
    pick_submits: ClassVar[bool] = False
    """Whether picking an option is the answer, with nothing to submit (true or false)."""
    letter_submits: ClassVar[bool] = False
    """Whether a choice's letter is the answer too (a single choice; the arrows and ``enter``
    still pick and submit)."""

    @property
    def core(self) -> CardKind[Any]:
        """The core kind: grading, expected answers, options."""
        return kind_named(self.name)

    def card_of(self, item: StudyItem) -> CardT:
        """The item's card, as this kind's model (the registry pairs them by ``card.type``)."""
        return cast(CardT, item.card)

    def shown_indexes(self, item: StudyItem) -> tuple[int, ...]:
        """The item's options as shown, as indexes into the authored options."""
        return item.choice_order or tuple(range(len(self.core.options(item.card))))

    # -- the study screen ----------------------------------------------------------------

    def prompt(self, card: CardT, group: int | None, *, reveal: bool) -> Content:
        """What the student reads first; ``reveal`` once answered (a cloze fills its blanks)."""
        return Content(card.prompt)

    def show_question(self, widgets: StudyWidgets, item: StudyItem) -> Widget | None:
        """Fill and show the kind's answer widget; return the widget to focus (None: the
        card pane, to scroll it)."""
        return None

    def response(self, widgets: StudyWidgets, item: StudyItem) -> Response | Hint:
        """The response to submit, read from the widgets, or why there is none yet."""
        return Reveal()

    def show_answer(self, widgets: StudyWidgets, answer: PendingAnswer) -> None:
        """Mark the answer in the kind's widgets (the feedback panel is shown by the screen)."""

    def answer_line(self, item: StudyItem, grade: Grade) -> tuple[str, str | None]:
        """The feedback's answer line: its label and text (None when the screen already
        shows the answer, for example on marked choices)."""
        return "Answer", grade.expected

    # -- the card page, the summary, search --------------------------------------------------

    def page_content(self, card: CardT) -> list[Part]:
        """The top of the card page: the prompt and, unless a widget shows it, the answer."""
        return [(card.prompt, "bold"), "\n\n", ("Answer: ", "bold"), self.core.answer_text(card)]

    def page_widgets(self, card: CardT) -> list[Widget]:
        """Widgets shown under :meth:`page_content` on the card page (an answer key)."""
        return []

    def describe(self, card: CardT, response: Response) -> str:
        """A logged response in words, for the card's history; ``?`` for one this kind
        does not take (the card changed kind since)."""
        if type(response) not in self.core.responses:
            return "?"
        if self.core.is_reveal(response):
            return "revealed"
        return self.describe_answer(card, response)

    def describe_answer(self, card: CardT, response: Response) -> str:
        """A response of this kind that is not a reveal, in words."""
        return "?"

    def item_prompt(self, card: CardT, group: int | None) -> str:
        """An item's question on one line of plain text (the summary's missed cards)."""
        return card.prompt

    def search_words(self, card: CardT) -> tuple[str, ...]:
        """Texts a search should match beyond the prompt and the answer (wrong choices)."""
        return ()
