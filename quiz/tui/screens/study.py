"""The study screen: one card at a time, answered, graded, rated and saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen

from quiz.kinds.base import Response, Reveal
from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.matching import TextResponse
from quiz.kinds.true_false import TrueFalseResponse
from quiz.progress.schema import StoreError
from quiz.tui.answers import answer_placeholder, choice_marks, feedback_for
from quiz.tui.navigation import Navigate, OpenExplanation
from quiz.tui.text import LETTERS, RATING_NAMES, short_span
from quiz.tui.widgets.answer_input import AnswerInput
from quiz.tui.widgets.card_prompt import CardPrompt
from quiz.tui.widgets.choice_list import ChoiceList
from quiz.tui.widgets.feedback_panel import FeedbackPanel
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.rating_bar import RatingBar
from quiz.tui.widgets.study_header import StudyHeader

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from quiz.study.session import StudyItem, StudySession
    from quiz.tui.library import Library

PICK = Binding.Group("Pick")
RATE = Binding.Group("Rate: 1 Again, 2 Hard, 3 Good, 4 Easy")
CHOICE_TYPES = ("choice", "multi")
TEXT_TYPES = ("typed", "cloze")


class StudyScreen(Screen[bool]):
    """Shows a session's current item and its answer: question, feedback, rating, next card.

    The session holds the answer (its phase, response, grade and rating); this screen draws
    it and turns keys into the session's calls. An answer is saved when its rating is
    accepted; leaving with an answer on screen saves it first, so everything answered is
    kept. Dismissed with whether there is a session to sum up (something was answered).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "true_false(True)", "True", id="study.true"),
        Binding("f", "true_false(False)", "False", id="study.false"),
        Binding("space,enter", "reveal", "Show answer", id="study.reveal"),
        *(
            Binding(
                letter,
                f"pick({index})",
                f"Pick choice {letter}",
                group=PICK,
                id=f"study.pick-{index}",
            )
            for index, letter in enumerate(LETTERS)
        ),
        Binding(
            "space",
            "toggle",
            "Pick or toggle the highlighted choice",
            show=False,
            id="study.toggle",
        ),
        Binding("enter", "submit", "Submit", id="study.submit"),
        *(
            Binding(
                str(rating),
                f"rate({rating})",
                f"Rate {name}",
                show=False,
                group=RATE,
                id=f"study.rate-{rating}",
            )
            for rating, name in RATING_NAMES.items()
        ),
        Binding("enter,space", "accept", "Next card", id="study.accept"),
        Binding("e", "explain", "Explanation", id="study.explain"),
        Binding("u,ctrl+z", "undo", "Undo", id="study.undo"),
        Binding("escape", "leave", "Leave", id="study.leave"),
    ]

    def __init__(self, library: Library, session: StudySession) -> None:
        super().__init__()
        self.library = library
        self.session = session
        self.ready = False  # until mounted: a key typed early finds no widgets, and is ignored

    def compose(self) -> ComposeResult:
        yield StudyHeader(id="study-header")
        with VerticalScroll(id="study-card"):
            yield CardPrompt(id="prompt")
            yield ChoiceList(id="choices")
            yield AnswerInput(id="answer")
            yield FeedbackPanel(id="feedback")
        yield RatingBar(id="ratings")
        yield KeyBar()

    def on_mount(self) -> None:
        self.ready = True
        self.show_current()

    @property
    def item(self) -> StudyItem | None:
        """The item on screen, or ``None`` once the session is over."""
        return self.session.current

    @property
    def card_type(self) -> str:
        """The type of the card on screen ("" when there is none)."""
        item = self.item
        return item.card.type if item is not None else ""

    # -- showing -------------------------------------------------------------------------

    def show_current(self) -> None:
        """Show the current item's question, or end the session when the queue is empty."""
        item = self.item
        if item is None:
            self.dismiss(True)
            return
        card = item.card
        self.query_one(StudyHeader).show(
            deck_title=item.deck.title,
            card_type=card.type,
            kind=item.kind,
            done=self.session.answered,
            remaining=self.session.remaining,
        )
        self.query_one(CardPrompt).show_card(card, item.group)
        choices = self.query_one(ChoiceList)
        choices.display = card.type in (*CHOICE_TYPES, "true_false")
        if card.type in CHOICE_TYPES:
            texts = [card.choices[index].text for index in item.choice_order]
            choices.show_choices(LETTERS, texts, multi=card.type == "multi")
        elif card.type == "true_false":
            choices.show_choices("tf", ["True", "False"], multi=False)
        answer = self.query_one(AnswerInput)
        answer.display = card.type in TEXT_TYPES
        answer.value = ""
        answer.placeholder = answer_placeholder(item)
        self.query_one(FeedbackPanel).display = False
        self.query_one(RatingBar).display = False
        card_pane = self.query_one("#study-card", VerticalScroll)
        card_pane.scroll_home(animate=False)
        if card.type in TEXT_TYPES:
            answer.focus()
        elif card.type in CHOICE_TYPES:
            choices.focus()
        else:
            card_pane.focus()
        self.refresh_bindings()

    def show_answer(self, response: Response) -> None:
        """Grade a response and show the feedback, with the suggested rating highlighted."""
        if self.item is None or self.session.phase != "question":
            return
        answer = self.session.answer(response, self.library.now())
        item, grade = answer.item, answer.grade
        card = item.card
        if card.type == "cloze":
            self.query_one(CardPrompt).show_card(card, item.group, reveal=True)
        marks = choice_marks(item, response, grade)
        if marks:
            self.query_one(ChoiceList).show_marks(marks)
        feedback = self.query_one(FeedbackPanel)
        feedback.show_feedback(feedback_for(item, response, grade))
        feedback.set_class(grade.correct is True, "-right")
        feedback.set_class(grade.correct is False, "-wrong")
        feedback.display = True
        ratings = self.query_one(RatingBar)
        ratings.show(answer, self._intervals())
        ratings.display = True
        self.query_one("#study-card", VerticalScroll).focus()
        self.refresh_bindings()

    def _intervals(self) -> dict[int, str]:
        """When the item would be due again for each rating; nothing when cramming."""
        try:
            intervals = self.session.intervals(self.library.now())
        except StoreError:
            return {}
        return {int(rating): short_span(span) for rating, span in intervals.items()}

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each key only where it means something (this also sets the footer)."""
        if not self.ready:
            return False
        kind = self.card_type
        phase = self.session.phase
        question = phase == "question" and self.item is not None
        answered = phase == "answered"
        if action == "reveal":
            return question and kind == "basic"
        if action == "pick":
            choices = self.query_one(ChoiceList)
            return question and kind in CHOICE_TYPES and int(parameters[0]) < choices.count  # type: ignore[call-overload]
        if action in ("toggle", "submit"):
            return question and kind in CHOICE_TYPES
        if action == "true_false":
            return question and kind == "true_false"
        if action in ("rate", "accept", "explain"):
            return answered
        if action == "undo":
            return answered or self.session.can_undo()
        return True

    def action_reveal(self) -> None:
        """Show the back of a basic card, to be self-rated."""
        self.show_answer(Reveal())

    def action_pick(self, position: int) -> None:
        """Pick (single) or toggle (multi) a choice by its letter."""
        self.query_one(ChoiceList).press(position)

    def action_toggle(self) -> None:
        """Pick or toggle the highlighted choice."""
        self.query_one(ChoiceList).toggle_cursor()

    def action_submit(self) -> None:
        """Submit the picked choices."""
        item = self.item
        choices = self.query_one(ChoiceList)
        if item is None:
            return
        if not choices.picked:
            last = LETTERS[choices.count - 1]
            self.notify(f"Pick a choice first (a-{last}), then press enter.", timeout=3)
            return
        picked = frozenset(item.choice_order[position] for position in choices.picked)
        self.show_answer(ChoiceResponse(picked))

    def action_true_false(self, value: bool) -> None:
        """Answer a true/false card."""
        self.show_answer(TrueFalseResponse(value))

    def on_input_submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if self.session.phase != "question":
            return
        text = event.value.strip()
        self.show_answer(TextResponse(text) if text else Reveal())

    def on_choice_list_chosen(self, message: ChoiceList.Chosen) -> None:
        if self.session.phase != "question":
            return
        if self.card_type == "true_false":
            self.action_true_false(message.position == 0)
        else:
            self.action_pick(message.position)

    def on_rating_bar_rated(self, message: RatingBar.Rated) -> None:
        if self.session.phase == "answered":
            self.session.rate(message.rating)
            self.action_accept()

    def action_rate(self, rating: int) -> None:
        """Rate the answer: a self-rated card is saved at once, as in Anki; after a graded
        answer the key only changes the rating that ``enter`` will save."""
        if self.session.phase != "answered":
            return
        answer = self.session.rate(rating)
        if answer.grade.self_rated:
            self.action_accept()
        else:
            self.query_one(RatingBar).show(answer)

    def action_accept(self) -> None:
        """Save the answer with the highlighted rating and show the next card."""
        if self.session.phase == "answered" and self._saved(self.session.accept):
            self.show_current()

    def _saved(self, save: Callable[[datetime], object]) -> bool:
        """Run ``save`` (accepting the answer on screen) as of now; ``False``, and a
        notification, when the store could not save it."""
        try:
            save(self.library.now())
        except StoreError as error:
            self.notify(str(error), title="Could not save this answer", severity="error")
            return False
        return True

    def action_explain(self) -> None:
        """Open the card's explanation and source in a window of their own."""
        item = self.item
        if item is not None:
            self.post_message(Navigate(OpenExplanation(item.deck, item.card)))

    def action_undo(self) -> None:
        """Take back the answer on screen, or else the last saved answer."""
        on_screen = self.session.phase == "answered"
        try:
            item = self.session.undo()
        except StoreError as error:
            self.notify(str(error), title="Could not undo", severity="error")
            return
        if item is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.show_current()
        self.notify("Answer taken back." if on_screen else "Last answer taken back.", timeout=2)

    def action_leave(self) -> None:
        """Leave the session, an answer on screen saved first: to its summary, or straight
        back when nothing was answered."""
        if self._saved(self.session.save_pending):
            self.dismiss(self.session.answered > 0)
