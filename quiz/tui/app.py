"""The study app. :func:`build_app` is the one way in, for the command line and the tests.

Only what the first frame needs is imported here; the deck screen loads the decks and opens
the store after that frame is drawn, and every other screen is imported when first opened
(by the navigator, :mod:`quiz.tui.navigator`, which decides what each screen leads to).
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from quiz.safe_text import visible
from quiz.tui.library import Library
from quiz.tui.navigation import Navigate, OpenHelp
from quiz.tui.navigator import Navigator
from quiz.tui.themes import (
    DARK_THEME,
    LIGHT_THEME,
    QUIZ_THEMES,
    remember_switches,
    start_in_remembered_theme,
)

if TYPE_CHECKING:
    from quiz.deck.cache import DeckCache
    from quiz.progress.errors import StoreError
    from quiz.tui.screens.study import StudyScreen

SCREEN_STYLES = Path(__file__).with_name("screens.tcss")
"""The styles of every screen but the deck list: added to the stylesheet once the first frame
is drawn, or before another screen is shown first, so that the first frame parses and matches
only its own rules (:data:`QuizApp.CSS_PATH`)."""
TEXTUAL_COMMANDS_LEFT_OUT = frozenset({"Keys", "Maximize"})
QUIT_WAIT_SECONDS = 10.0
HANG_UP_EXIT_SECONDS = 3.0  # after saving, how long a hung-up app may take to end cleanly
CRASH_HINT = (
    "Your answers so far are saved, the one on screen included. Press escape to go back to "
    "the decks, or q to quit. If it happens again, please tell whoever gave you quiz what "
    "you pressed just before."
)


def utc_now() -> datetime:
    """The real clock: now, in UTC."""
    return datetime.now(UTC)


class QuizApp(App[int]):
    """Study decks with spaced repetition: deck list, study, summary, statistics, browse."""

    CSS_PATH = "app.tcss"
    TITLE = "quiz"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+t", "toggle_dark", "Light or dark theme", show=False, id="app.toggle-dark"),
    ]

    def __init__(self, library: Library, *, other_app: int | None = None) -> None:
        super().__init__()
        self.other_app = other_app
        self.library = library
        self.navigator = Navigator(self, library)
        for theme in QUIZ_THEMES:
            self.register_theme(theme)
        self._preferences_problem = start_in_remembered_theme(self, library.data_dir)
        self._hanging_up = False
        self._recovering = False
        self._screen_styles_added = False

    def on_load(self) -> None:
        self.library.begin_opening()  # in a thread, beside the app's start

    def get_default_screen(self) -> Screen:
        screen = self.navigator.first_screen()
        self._style_for(screen)
        return screen

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification, always as plain text with its controls made visible.

        Notifications carry deck titles, paths and error messages: markup in them is never
        parsed (``[/]`` would crash the app, ``[@click=...]`` would run an action), whatever
        the caller asks (every screen's ``notify`` comes here).
        """
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste):
            # Pasted text may hold controls (copied from a web page): they reach no field,
            # and so neither the screen nor the review log.
            event.text = visible(event.text)
        await super().on_event(event)

    def action_help_quit(self) -> None:
        """ctrl+c does not quit: say which key does (Textual's words, without its markup)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {key} to quit the app", title="Do you want to quit?")
                return

    def on_navigate(self, message: Navigate) -> None:
        """A screen asked for another: the navigator opens it."""
        self.navigator.go(message.request)

    def on_unmount(self) -> None:
        self.library.close()

    async def action_quit(self) -> None:
        """Quit; an answer still on screen is saved first, and every answer still being
        written is waited for (if one cannot be written, the app says why and stays)."""
        if not self.navigator.save_pending():
            return
        error = await asyncio.to_thread(self.library.store_calls.settle, QUIT_WAIT_SECONDS)
        if error is not None:
            self.notify(
                f"{error}. Press ctrl+q to try again.",
                title="Answers not saved yet",
                severity="error",
            )
            return
        self.exit()

    def on_mount(self) -> None:
        from quiz.tui.hangup import CHECK_SECONDS, on_hang_up

        def stalled(error: StoreError) -> None:  # from the store calls' thread
            self.call_later(self._write_stalled, error)

        def recovered() -> None:  # from the store calls' thread
            self.call_later(self._write_recovered)

        self.library.store_calls.on_stall = stalled
        self.library.store_calls.on_recover = recovered
        if self._preferences_problem:
            self.notify(self._preferences_problem, title="Preferences", severity="warning")
        if not self.library.no_save:
            remember_switches(self, self.library.data_dir)
        if self.other_app is not None:
            self.notify(
                f"Another quiz (process {self.other_app}) is studying with this data folder: "
                "the same cards would be reviewed twice. Quit one of them.",
                title="quiz is open twice",
                severity="warning",
                timeout=15,
            )
        self.set_interval(CHECK_SECONDS, on_hang_up(self.hang_up), name="terminal check")
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        """Add the other screens' styles, so that the first one opened does not wait for
        them; in a process that runs only this app (``freeze_decks``), freeze what the start
        made (modules, styles, the first screen) out of the garbage collector's passes and
        let the collector, which the command line pauses for the start, run again."""
        self.add_screen_styles()
        if self.library.freeze_decks:
            gc.freeze()
            gc.enable()

    def add_screen_styles(self) -> None:
        """Add :data:`SCREEN_STYLES` to the stylesheet (once). None of them is for a widget of
        the deck list, so nothing drawn already needs restyling."""
        if self._screen_styles_added:
            return
        self._screen_styles_added = True
        styles = SCREEN_STYLES.read_text(encoding="utf-8")
        self.stylesheet.add_source(styles, read_from=(str(SCREEN_STYLES), ""))
        self.stylesheet.parse()

    def _load_screen_css(self, screen: Screen) -> None:
        # Textual readies the stylesheet here for each screen it pushes or switches to (the
        # first one comes from get_default_screen).
        self._style_for(screen)
        super()._load_screen_css(screen)

    def _style_for(self, screen: Screen) -> None:
        """Every screen but the deck list needs the screens' styles before it is shown."""
        from quiz.tui.screens.decks import DecksScreen

        if not isinstance(screen, DecksScreen):
            self.add_screen_styles()

    def hang_up(self) -> None:
        """The terminal closed, or the app was told to end (SIGHUP, SIGTERM): save the answer
        on screen, wait for the answers being written (a few seconds at most), and quit."""
        if self._hanging_up:
            return
        self._hanging_up = True
        self.navigator.save_pending()
        self.library.close()  # waits for the answers being written, then closes the store
        # Restoring a terminal that is gone can block for ever (Textual's writer thread dies
        # on the closed terminal); everything is saved, so the process ends regardless.
        deadline = threading.Timer(HANG_UP_EXIT_SECONDS, os._exit, args=(0,))
        deadline.daemon = True
        deadline.start()
        self.exit()

    def _write_stalled(self, error: StoreError) -> None:
        """An answer could not be written: it is kept, and tried again by itself."""
        self.notify(
            f"{error}. It is kept and tried again every few seconds, with your next answer and"
            " when you quit.",
            title="Could not save an answer yet",
            severity="error",
        )

    def _write_recovered(self) -> None:
        """The answers kept back are written now."""
        self.notify("The answers kept back are saved now.", title="Saved", timeout=4)

    def _handle_exception(self, error: Exception) -> None:
        """An error no handler caught in a screen's or widget's own loop: see :meth:`recover`.
        An error of the app's own loop, or one while recovering, still ends the app (after
        saving the answer on screen), as Textual does."""
        screen = _screen_of(_failed_node(error))
        if self._recovering or screen is None or screen not in self.screen_stack:
            self.navigator.save_pending()
            super()._handle_exception(error)
            return
        self.recover(error, screen)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action (a key, a click, the palette); an error from it is recovered from
        (:meth:`recover`) instead of ending the app's own loop."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            if self._recovering:
                raise
            self.recover(error, _screen_of(default_namespace) or self.screen)
            return True

    def recover(self, error: BaseException, screen: Screen) -> None:
        """Instead of ending the app (and, with it, the answer on screen) on an unexpected
        error: save that answer, close the screen that failed (and those above it), and
        show what happened, with a way back to the decks."""
        from quiz.tui.screens.error import ErrorScreen

        self._recovering = True
        try:
            self.navigator.save_pending()
            self._close_failed(screen)
            message = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            self.push_screen(ErrorScreen("Something went wrong", message, CRASH_HINT, back=True))
        finally:
            self._recovering = False

    def _close_failed(self, screen: Screen) -> None:
        """Close ``screen`` and the screens above it; the deck list is made anew if it failed."""
        self.navigator.forget_session()
        while len(self.screen_stack) > 1 and screen in self.screen_stack:
            self.pop_screen()
        if screen in self.screen_stack:  # the deck list itself: a new one over it
            self.push_screen(self.navigator.first_screen())

    def action_command_palette(self) -> None:
        """Show the command palette (:class:`SafeCommandPalette`)."""
        from quiz.tui.screens.palette import SafeCommandPalette

        if self.use_command_palette and not isinstance(self.screen, SafeCommandPalette):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    def action_help(self) -> None:
        """Show every key, and where progress and personal decks are kept."""
        self.navigator.go(OpenHelp())

    def action_toggle_dark(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = DARK_THEME if self.current_theme.name == LIGHT_THEME else LIGHT_THEME

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: the main actions of the screen below it, then the usual ones."""
        from quiz.tui.screens.decks import DecksScreen

        if isinstance(screen, DecksScreen) and screen.ready:
            yield SystemCommand("Study deck", "Study the highlighted deck", screen.action_study)
            yield SystemCommand(
                "Study all decks", "Everything due and new in every deck", screen.action_study_all
            )
            yield SystemCommand(
                "Cram deck", "Go through every card without scheduling", screen.action_cram
            )
            yield SystemCommand("Statistics", "Progress per deck and overall", screen.action_stats)
            yield SystemCommand("Browse cards", "Search the highlighted deck", screen.action_browse)
            yield SystemCommand("Settings", "Retention, limits, leeches", screen.action_settings)
            yield SystemCommand("Reload decks", "Read the deck files again", screen.action_reload)
        # Known by name: the study screen is not imported before a session starts.
        if screen.__class__.__name__ == "StudyScreen":
            study = cast("StudyScreen", screen)
            if study.ready:
                yield SystemCommand("Undo", "Take back the last answer", study.action_undo)
                yield SystemCommand("Leave session", "Back to the decks", study.action_leave)
                if study.check_action("set_aside", ()):
                    aside = study.action_set_aside
                    yield SystemCommand("Bury card", "Until tomorrow (-)", partial(aside, "bury"))
                    yield SystemCommand(
                        "Suspend card", "Until unsuspended (@)", partial(aside, "suspend")
                    )
        yield SystemCommand("Help", "Every key, and where your data is kept", self.action_help)
        yield SystemCommand("Light or dark theme", "Switch the theme", self.action_toggle_dark)
        for command in super().get_system_commands(screen):
            # Help lists every key; a maximized panel has no use on these screens
            if command.title not in TEXTUAL_COMMANDS_LEFT_OUT:
                yield command


def _failed_node(error: BaseException) -> object:
    """The object whose message loop caught ``error`` (the outermost frame's ``self``)."""
    traceback = error.__traceback__
    return traceback.tb_frame.f_locals.get("self") if traceback is not None else None


def _screen_of(node: object) -> Screen | None:
    """The screen a failed widget or screen is on; None for the app itself or anything else."""
    from textual.widget import Widget

    if isinstance(node, Screen):
        return node
    if isinstance(node, Widget) and not isinstance(node, App):
        try:
            return node.screen
        except Exception:  # not on a screen any more
            return None
    return None


def build_app(
    *,
    data_dir: Path,
    deck_paths: list[Path] | None = None,
    clock: Callable[[], datetime] | None = None,
    freeze_decks: bool = False,
    deck_cache: DeckCache | None = None,
    exam_until: date | None = None,
    no_save: bool = False,
    other_app: int | None = None,
    instructor: bool = False,
) -> App:
    """The study app over ``data_dir``'s store.

    ``deck_paths`` None studies the bundled decks plus ``<data_dir>/decks``; otherwise only
    the given files and folders. ``clock`` (UTC-aware) defaults to the real time.
    ``freeze_decks`` keeps what the start made and the decks' ids out of the garbage
    collector's passes, for a process that runs only this app (see
    :meth:`QuizApp._first_frame_drawn` and :meth:`Library.prepare_study`). Decks are read
    through ``deck_cache`` when given. ``exam_until`` is an exam date every session
    prepares for (``quiz study --until``). ``no_save`` previews without recording progress (a
    scratch store); ``other_app`` is the process id of another app studying on ``data_dir``,
    which the student is warned about. ``instructor``: the store is a class database opened
    with an instructor's URL, and the app shows its class report.
    """
    library = Library(
        data_dir=data_dir,
        deck_paths=deck_paths,
        clock=clock or utc_now,
        freeze_decks=freeze_decks,
        deck_cache=deck_cache,
        exam_until=exam_until,
        no_save=no_save,
        instructor=instructor,
    )
    return QuizApp(library, other_app=other_app)
