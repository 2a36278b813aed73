"""The study screen: one card at a time, answered, graded, rated and saved."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen

from quiz.kinds.base import Response, Reveal
from quiz.progress.errors import StoreError
from quiz.rating import Rating
from quiz.study.overrule import can_overrule
from quiz.study.session_aside import SetAsideHow
from quiz.study.set_aside import LeechEvent, leech_message
from quiz.tui.answers import feedback_for
from quiz.tui.kinds.base import Hint, StudyWidgets
from quiz.tui.kinds.registry import tui_kind_of
from quiz.tui.navigation import Navigate, OpenExplanation
from quiz.tui.text import LETTERS, RATING_NAMES, short_span
from quiz.tui.widgets.answer_input import AnswerInput
from quiz.tui.widgets.card_prompt import CardPrompt
from quiz.tui.widgets.choice_list import ChoiceList
from quiz.tui.widgets.feedback_panel import FeedbackPanel
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.lines_in_view import show_lines
from quiz.tui.widgets.order_list import OrderList
from quiz.tui.widgets.rating_bar import RatingBar
from quiz.tui.widgets.study_header import StudyHeader

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from quiz.study.answers import PendingAnswer
    from quiz.study.session import StudySession
    from quiz.study.study_item import StudyItem
    from quiz.tui.kinds.base import TuiKind
    from quiz.tui.library import Library

VERDICT_LINES = 2  # "✓ Correct" and the answer under it, scrolled into view once graded
PICK = Binding.Group("Pick")
RATE = Binding.Group("Rate: 1 Again, 2 Hard, 3 Good, 4 Easy")
ANSWERING_ACTIONS = frozenset({"reveal", "pick", "toggle_choice", "submit", "choose"})
"""The actions that answer a question; each kind offers some of them (``TuiKind.actions``)."""


class StudyScreen(Screen[bool]):
    """Shows a session's current item and its answer: question, feedback, rating, next card.

    The session holds the answer (its phase, response, grade and rating); this screen draws
    it and turns keys into the session's calls; the card's kind (:mod:`quiz.tui.kinds`)
    fills the prompt and its answer widget, reads the response and marks it. An answer is
    saved when its rating is accepted; leaving with an answer on screen saves it first, so
    everything answered is kept. Dismissed with whether there is a session to sum up
    (something was answered).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "choose(0)", "True", id="study.true"),
        Binding("f", "choose(1)", "False", id="study.false"),
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
            "toggle_choice",
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
        Binding("i", "overrule", "I was right", id="study.overrule"),
        Binding("u,ctrl+z", "undo", "Undo", id="study.undo"),
        Binding("minus", "set_aside('bury')", "Bury until tomorrow", show=False, id="study.bury"),
        Binding("at", "set_aside('suspend')", "Suspend", show=False, id="study.suspend"),
        Binding("escape", "leave", "Leave", id="study.leave"),
    ]

    def __init__(self, library: Library, session: StudySession) -> None:
        super().__init__()
        self.library = library
        self.session = session
        self.widgets = StudyWidgets(
            prompt=CardPrompt(id="prompt"),
            choices=ChoiceList(id="choices"),
            answer=AnswerInput(id="answer"),
            order=OrderList(id="order"),
        )
        """The prompt and answer widgets, for the card's kind to fill."""
        self.ready = False  # until mounted: a key typed early finds no widgets, and is ignored

    def compose(self) -> ComposeResult:
        yield StudyHeader(id="study-header")
        with VerticalScroll(id="study-card"):
            yield self.widgets.prompt
            yield from self.widgets.answer_widgets
            yield FeedbackPanel(id="feedback")
        yield RatingBar(id="ratings")
        yield KeyBar()

    def _leech_found(self, event: LeechEvent) -> None:
        """A review just written made its item a leech (heard from the thread that wrote it)."""
        if threading.current_thread() is threading.main_thread():
            self._announce_leech(event)
        else:
            self.app.call_from_thread(self._announce_leech, event)

    def _announce_leech(self, event: LeechEvent) -> None:
        card = self.library.study_deck(event.deck_id).card(event.item_id.partition("#")[0])
        self.notify(leech_message(event, card.explanation), title="Leech", timeout=12)

    def on_mount(self) -> None:
        self.session.aside.on_leech = self._leech_found
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

    @property
    def kind(self) -> TuiKind[Any] | None:
        """The kind of the card on screen, as the app shows it (None when there is none)."""
        item = self.item
        return tui_kind_of(item.card) if item is not None else None

    # -- showing -------------------------------------------------------------------------

    def show_current(self) -> None:
        """Show the current item's question, or end the session when the queue is empty."""
        item = self.item
        if item is None:
            self.dismiss(True)
            return
        card = item.card
        kind = tui_kind_of(card)
        mixed = len(self.session.decks) > 1  # the all-decks row, or a: say so
        self.query_one(StudyHeader).show(
            deck_title=f"All decks › {item.deck.title}" if mixed else item.deck.title,
            card_type=card.type,
            kind=item.kind,
            done=self.session.answered,
            remaining=self.session.remaining,
        )
        widgets = self.widgets
        widgets.prompt.show_prompt(kind.prompt(card, item.group, reveal=False))
        for widget in widgets.answer_widgets:
            widget.display = False
        focus = kind.show_question(widgets, item)
        self.query_one(FeedbackPanel).display = False
        self.query_one(RatingBar).display = False
        card_pane = self.query_one("#study-card", VerticalScroll)
        card_pane.scroll_home(animate=False)
        (focus or card_pane).focus()
        self.refresh_bindings()

    def show_answer(self, response: Response) -> None:
        """Grade a response and show the feedback, with the suggested rating highlighted."""
        if self.item is None or self.session.phase != "question":
            return
        answer = self.session.answer(response, self.library.now())
        tui_kind_of(answer.item.card).show_answer(self.widgets, answer)
        self._show_verdict(answer)
        ratings = self.query_one(RatingBar)
        ratings.show(answer, self._intervals())
        ratings.display = True
        self.query_one("#study-card", VerticalScroll).focus()
        self.refresh_bindings()

    def _show_verdict(self, answer: PendingAnswer) -> None:
        feedback = self.query_one(FeedbackPanel)
        feedback.show_feedback(feedback_for(answer.item, answer.grade, answer.response))
        feedback.set_class(answer.grade.correct is True, "-right")
        feedback.set_class(answer.grade.correct is False, "-wrong")
        feedback.display = True
        # Once laid out: the verdict and the line under it, whatever the card above holds.
        feedback.call_after_refresh(show_lines, feedback, 0, VERDICT_LINES)

    def submit(self) -> None:
        """Answer with the response the card's kind reads from its widget, or say what is
        missing."""
        item, kind = self.item, self.kind
        if item is None or kind is None or self.session.phase != "question":
            return
        response = kind.response(self.widgets, item)
        if isinstance(response, Hint):
            self.app.clear_notifications()  # pressed again: one hint, never a stack of them
            self.notify(response.text, timeout=3)
        else:
            self.show_answer(response)

    def _intervals(self) -> dict[int, str]:
        """When the item would be due again for each rating; when cramming, only that Again
        brings the card back (the other ratings all go on)."""
        if self.session.is_cram:
            return {int(Rating.AGAIN): "comes back"}
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
        phase = self.session.phase
        kind = self.kind
        if action in ANSWERING_ACTIONS:
            offered = phase == "question" and kind is not None and action in kind.actions
            if action == "pick":
                position = parameters[0]
                return (
                    offered and isinstance(position, int) and position < self.widgets.choices.count
                )
            return offered
        if action in ("rate", "accept", "explain"):
            return phase == "answered"
        if action == "overrule":
            return phase == "answered" and can_overrule(self.session.pending)
        if action == "undo":
            return phase == "answered" or self.session.can_undo()
        if action == "set_aside":
            return phase == "question" and self.item is not None and not self.session.is_cram
        return True

    def action_reveal(self) -> None:
        """Show the back of a basic card, to be self-rated."""
        self.show_answer(Reveal())

    def action_pick(self, position: int) -> None:
        """Pick (single) or toggle (multi) a choice by its letter; on a single choice the
        letter is the answer."""
        self.widgets.choices.press(position)
        kind = self.kind
        if kind is not None and kind.letter_submits:
            self.submit()

    def action_toggle_choice(self) -> None:
        """Pick or toggle the highlighted choice."""
        self.widgets.choices.toggle_cursor()

    def action_submit(self) -> None:
        """Submit the picked choices."""
        self.submit()

    def action_choose(self, position: int) -> None:
        """Answer with the option at ``position`` at once (true or false)."""
        self.widgets.choices.press(position)
        self.submit()

    def on_input_submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        self.submit()

    def on_order_list_submitted(self, message: OrderList.Submitted) -> None:
        message.stop()
        self.submit()

    def on_choice_list_chosen(self, message: ChoiceList.Chosen) -> None:
        kind = self.kind
        if self.session.phase != "question" or kind is None:
            return
        if kind.pick_submits:
            self.action_choose(message.position)
        else:
            self.action_pick(message.position)

    def on_rating_bar_rated(self, message: RatingBar.Rated) -> None:
        if self.session.phase == "answered":
            self.session.rate(message.rating)
            self.action_accept()

    def action_rate(self, rating: int) -> None:
        """Rate the answer and go on, as in Anki: the rating is saved at once, on every kind
        of card (``enter`` or ``space`` saves the suggested one)."""
        if self.session.phase != "answered":
            return
        self.session.rate(rating)
        self.action_accept()

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

    def action_overrule(self) -> None:
        """ "I was right": count the wrong typed answer as right, rated Good until another
        rating is chosen; accepting saves it flagged as overruled, undo takes it back."""
        if self.session.phase == "answered" and can_overrule(self.session.pending):
            answer = self.session.overrule()
            self._show_verdict(answer)
            self.query_one(RatingBar).show(answer)
            self.refresh_bindings()

    def action_undo(self) -> None:
        """Take back the answer on screen, or else the last saved answer."""
        on_screen = self.session.phase == "answered"
        set_aside = not on_screen and self.session.aside.can_undo_set_aside()
        try:
            item = self.session.undo(self.library.now())
        except StoreError as error:
            self.notify(str(error), title="Could not undo", severity="error")
            return
        if item is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self.show_current()
        if set_aside:
            self.notify("The card is back.", timeout=2)
        else:
            self.notify("Answer taken back." if on_screen else "Last answer taken back.", timeout=2)

    def action_set_aside(self, how: SetAsideHow) -> None:
        """Suspend the card on screen, or bury it until tomorrow, and show the next one."""
        try:
            self.session.aside.set_aside(how, self.library.now())
        except StoreError as error:
            self.notify(str(error), title="Could not set the card aside", severity="error")
            return
        self.show_current()
        done = "Suspended" if how == "suspend" else "Buried until tomorrow"
        self.notify(f"{done}. u takes it back.", timeout=3)

    def action_leave(self) -> None:
        """Leave the session, an answer on screen saved first: to its summary, or straight
        back when nothing was answered."""
        if self._saved(self.session.save_pending):
            self.dismiss(self.session.answered > 0)
