"""The navigator: the one place that opens screens and decides what follows each of them.

Screens post a :class:`~quiz.tui.navigation.Navigate` request, or dismiss themselves with a
result; every screen is pushed here with a callback that receives that result. A study
session goes study -> summary -> (review missed: study again), then back to the screen that
started it. The navigator also knows the session being studied, so that quitting saves the
answer on screen through :meth:`Navigator.save_pending`.

Each screen is imported when first opened, so that the first frame does not wait for them.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from quiz.study.answers import SessionSummary
    from quiz.study.session import StudySession
    from quiz.tui.library import Library


class Navigator:
    """Opens the screen each request names and decides where each screen leads."""

    def __init__(self, app: App, library: Library) -> None:
        self._app = app
        self._library = library
        self._studying: StudySession | None = None  # the session on the study screen

    def first_screen(self) -> Screen:
        """The deck list, where every other screen starts."""
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

                deck = library.deck(deck_id)
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
        """Save the answer on the study screen, if there is one (before quitting); ``False``,
        and a notification, when the store could not save it."""
        from quiz.progress.errors import StoreError

        session = self._studying
        try:
            if session is not None:
                session.save_pending(self._library.now())
        except StoreError as error:
            self._app.notify(str(error), title="Could not save this answer", severity="error")
            return False
        return True

    # -- a study session: study, summary, review missed --------------------------------------

    def _start(self, deck_id: str | None, *, cram: bool) -> None:
        from quiz.progress.errors import StoreError
        from quiz.study.session import StudySession

        library = self._library
        begin = StudySession.cram if cram else partial(StudySession.start, until=library.exam_until)
        try:
            session = begin(library.store, library.decks, library.now(), deck_id=deck_id)
        except StoreError as error:
            self._app.notify(str(error), title="Could not start", severity="error")
            return
        if session.current is None:
            name = "any deck" if deck_id is None else library.deck(deck_id).title
            self._app.notify(
                f"Nothing is due in {name} right now. Press c to cram it anyway.",
                title="All caught up",
            )
            return
        self._study(session)

    def _cram(self, items: tuple[tuple[str, str], ...]) -> bool:
        """Cram ``items``; whether there was anything to study (else the student is told)."""
        from quiz.progress.errors import StoreError
        from quiz.study.session import StudySession

        library = self._library
        try:
            session = StudySession.cram(library.store, library.decks, library.now(), item_ids=items)
        except StoreError as error:
            self._app.notify(str(error), title="Could not start", severity="error")
            return False
        if session.current is None:
            self._app.notify("Those cards are no longer in the loaded decks.")
            return False
        self._study(session)
        return True

    def _study(self, session: StudySession) -> None:
        from quiz.tui.screens.study import StudyScreen

        self._studying = session
        screen = StudyScreen(self._library, session)
        self._app.push_screen(screen, callback=partial(self._studied, session))

    def _studied(self, session: StudySession, sum_up: bool | None) -> None:
        """The study screen was left: show the summary if anything was answered."""
        from quiz.progress.errors import StoreError

        self._studying = None
        if not sum_up:
            return
        try:
            summary = session.summary(self._library.now())
        except StoreError as error:
            self._app.notify(str(error), title="Could not sum up the session", severity="error")
            return
        self._sum_up(summary, cram=session.is_cram, left=session.remaining)

    def _sum_up(self, summary: SessionSummary, *, cram: bool, left: int) -> None:
        from quiz.tui.screens.summary import SummaryScreen

        screen = SummaryScreen(self._library, summary, cram=cram, left=left)
        self._app.push_screen(screen, callback=partial(self._summed_up, summary, cram, left))

    def _summed_up(
        self, summary: SessionSummary, cram: bool, left: int, review_missed: bool | None
    ) -> None:
        """The summary was closed: back where the session started, or cram the cards missed
        (the summary stays when they cannot be)."""
        if not review_missed:
            return
        items = tuple(dict.fromkeys((item.deck.id, item.item_id) for item in summary.missed))
        if not self._cram(items):
            self._sum_up(summary, cram=cram, left=left)
