"""The navigator: the one place that opens screens and decides what follows each of them.

Screens post a :class:`~quiz.tui.navigation.Navigate` request, or dismiss themselves with a
result; every screen is pushed here with a callback that receives that result. A study
session goes study -> summary -> (review missed: study again), then back to the screen that
started it. The navigator also knows the session being studied, so that quitting saves the
answer on screen through :meth:`Navigator.save_pending`.

Each screen is imported when first opened, so that the first frame does not wait for them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from quiz.tui.navigation import (
    CramItems,
    OpenBrowse,
    OpenCard,
    OpenExplanation,
    OpenHelp,
    OpenSettings,
    OpenStats,
    Request,
    ShowError,
    StudyDecks,
)
from quiz.tui.text import plural
from quiz.tui.workers import in_order

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.worker import Worker

    from quiz.study.answers import SessionSummary
    from quiz.study.session import StudySession
    from quiz.tui.library import Library
    from quiz.tui.screens.summary import SummaryChoice

SESSION_WORKER = "study session"
SumUp = tuple["SessionSummary", bool, int]
"""A summary screen's arguments: the summary, whether it was a cram, the items left."""


class Navigator:
    """Opens the screen each request names and decides where each screen leads."""

    def __init__(self, app: App, library: Library) -> None:
        self._app = app
        self._library = library
        self._studying: StudySession | None = None  # the session on the study screen
        self._session_worker: Worker[None] | None = None  # a session being built

    def first_screen(self) -> Screen:
        """The deck list, where every other screen starts; for an instructor, the class
        report."""
        if self._library.instructor:
            from quiz.tui.screens.class_report import ClassReportScreen

            return ClassReportScreen(self._library)
        from quiz.tui.screens.decks import DecksScreen

        return DecksScreen(self._library)

    def go(self, request: Request) -> None:
        """Open what ``request`` asks for (over the screen that asked)."""
        library, push = self._library, self._app.push_screen
        match request:
            case StudyDecks(deck_id, cram):
                self._start(deck_id, cram=cram)
            case CramItems(items):
                self._cram(items)
            case OpenStats():
                from quiz.tui.screens.stats import StatsScreen

                push(StatsScreen(library))
            case OpenSettings(deck_id):
                from quiz.tui.screens.settings import SettingsScreen

                push(SettingsScreen(library, deck_id))
            case OpenBrowse(deck_id):
                from quiz.tui.screens.browse import BrowseScreen

                push(BrowseScreen(library, deck_id=deck_id))
            case OpenCard(deck_id, card_id):
                from quiz.tui.screens.card import CardScreen

                deck = library.study_deck(deck_id)
                push(CardScreen(library, deck, deck.card(card_id)))
            case OpenExplanation(deck, card):
                from quiz.tui.screens.explanation import ExplanationScreen

                push(ExplanationScreen(deck, card))
            case OpenHelp():
                from quiz.tui.screens.help import HelpScreen

                if not isinstance(self._app.screen, HelpScreen):
                    push(HelpScreen(library))
            case ShowError(title, message):
                from quiz.tui.screens.error import ErrorScreen

                push(ErrorScreen(title, message))

    def save_pending(self) -> bool:
        """Save the answer on the study screen, if there is one (before quitting; the write
        joins the store calls, which closing the library waits for); ``False``, and a
        notification, when it could not be."""
        from quiz.progress.errors import StoreError

        session = self._studying
        try:
            if session is not None:
                session.save_pending(self._library.now())
        except StoreError as error:
            self._app.notify(str(error), title="Could not save this answer", severity="error")
            return False
        return True

    def forget_session(self) -> None:
        """The study screen was closed without being dismissed (after an error): its answer
        was saved, and it no longer stands for the session studied."""
        self._studying = None

    # -- a study session: study, summary, review missed --------------------------------------

    def _start(self, deck_id: str | None, *, cram: bool) -> None:
        """Build the session among the store calls (after any answer still being written),
        then study it."""
        self._begin(self._starting(deck_id, cram))

    def _begin(self, starting: Coroutine[Any, Any, None]) -> None:
        """Run ``starting`` (a session being built) in a worker, unless one is being built
        already (a key pressed twice starts one session)."""
        running = self._session_worker
        if running is not None and not running.is_finished:
            starting.close()
            return
        self._session_worker = self._app.run_worker(starting, name=SESSION_WORKER)

    async def _starting(self, deck_id: str | None, cram: bool) -> None:
        from quiz.study.session import StudySession

        library = self._library
        until = library.exam_until
        begin = StudySession.cram if cram else partial(StudySession.start, until=until)
        decks, now, calls = library.study_decks, library.now(), library.store_calls
        session = await self._built(
            lambda: begin(library.store, decks, now, deck_id=deck_id, calls=calls)
        )
        if session is None:
            return
        if session.current is None:
            await self._caught_up(session, deck_id)
            return
        self._study(session)

    async def _caught_up(self, session: StudySession, deck_id: str | None) -> None:
        """Nothing to study: say when the next card falls due and how many unseen cards the
        daily limit holds back."""
        from quiz.progress.errors import StoreError
        from quiz.tui.text import relative_time

        library, now = self._library, self._library.now()

        def held_back() -> tuple[int, datetime | None]:
            counts = library.count_decks()
            unseen = sum(c.unseen for d, c in counts.items() if deck_id in (None, d))
            return unseen, session.summary(now).next_due

        try:
            unseen, next_due = await in_order(library.store_calls, held_back)
        except StoreError:  # the message is still true without the figures
            unseen, next_due = 0, None
        name = "any deck" if deck_id is None else library.deck(deck_id).title
        message = f"Nothing is due in {name} right now"
        if next_due is not None:
            message += f"; the next card is due {relative_time(next_due, now)}"
        if unseen:
            message += (
                f". The daily new limit is reached: {plural(unseen, 'unseen item')} left for "
                "later days"
            )
        self._app.notify(f"{message}. Press c to cram it anyway.", title="All caught up")

    async def _built(self, build: Callable[[], StudySession]) -> StudySession | None:
        """The session ``build`` makes among the store calls; None, once the student is told
        why, when the store cannot be read."""
        from quiz.progress.errors import StoreError

        try:
            return await in_order(self._library.store_calls, build)
        except StoreError as error:
            self._app.notify(str(error), title="Could not start", severity="error")
            return None

    def _cram(self, items: tuple[tuple[str, str], ...], after: SumUp | None = None) -> None:
        """Cram ``items``; when there is nothing to study the student is told, and ``after``
        (the summary the cram was asked from) is shown again."""
        self._begin(self._cramming(items, after))

    async def _cramming(self, items: tuple[tuple[str, str], ...], after: SumUp | None) -> None:
        from quiz.study.session import StudySession

        library = self._library
        decks, now, calls = library.study_decks, library.now(), library.store_calls
        session = await self._built(
            lambda: StudySession.cram(library.store, decks, now, item_ids=items, calls=calls)
        )
        if session is not None and session.current is None:
            self._app.notify("Those cards are no longer in the loaded decks.")
        if session is None or session.current is None:
            if after is not None:
                self._sum_up(*after)
            return
        self._study(session)

    def _study(self, session: StudySession) -> None:
        from quiz.tui.screens.study import StudyScreen

        self._studying = session
        screen = StudyScreen(self._library, session)
        self._app.push_screen(screen, callback=partial(self._studied, session))

    def _studied(self, session: StudySession, sum_up: bool | None) -> None:
        """The study screen was left: show the summary if anything was answered."""
        self._studying = None
        if sum_up:
            self._app.run_worker(self._summing_up(session), name=SESSION_WORKER)

    async def _summing_up(self, session: StudySession) -> None:
        """Sum the session up among the store calls (after its last answer is written)."""
        from quiz.progress.errors import StoreError

        now = self._library.now()
        try:
            summary = await in_order(self._library.store_calls, lambda: session.summary(now))
        except StoreError as error:
            self._app.notify(str(error), title="Could not sum up the session", severity="error")
            return
        self._sum_up(summary, session.is_cram, session.remaining, session)

    def _sum_up(
        self,
        summary: SessionSummary,
        cram: bool,
        left: int,
        session: StudySession | None = None,
    ) -> None:
        from quiz.tui.screens.summary import SummaryScreen

        undo = session is not None and session.can_undo()
        screen = SummaryScreen(self._library, summary, cram=cram, left=left, can_undo=undo)
        self._app.push_screen(
            screen, callback=partial(self._summed_up, summary, cram, left, session)
        )

    def _summed_up(
        self,
        summary: SessionSummary,
        cram: bool,
        left: int,
        session: StudySession | None,
        choice: SummaryChoice | None,
    ) -> None:
        """The summary was closed: back where the session started, back into the session
        with its last answer undone, or cram the cards missed (the summary stays when they
        cannot be)."""
        if choice == "undo" and session is not None:
            self._undo_into(session)
        if choice != "review":
            return
        items = tuple(dict.fromkeys((item.deck.id, item.item_id) for item in summary.missed))
        self._cram(items, after=(summary, cram, left))

    def _undo_into(self, session: StudySession) -> None:
        """Take back the session's last answer and study on from it."""
        from quiz.progress.errors import StoreError

        try:
            session.undo(self._library.now())
        except StoreError as error:
            self._app.notify(str(error), title="Could not undo", severity="error")
            return
        self._study(session)
