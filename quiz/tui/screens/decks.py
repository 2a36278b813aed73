"""The first screen: every deck with its counts, and where every other screen starts.

The list is drawn from the decks' summaries (from the deck cache when the files are unchanged)
and counted in the store; the decks themselves are built in a worker thread after that, and an
action that needs them (studying, browsing, statistics) waits for it. Reloading (``r``) reads
and counts the decks in a thread as well, and the list changes when it is done; meanwhile
every key works, and an action that needs the decks waits for the new ones.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from quiz.deck.summary import ALL_DECKS_ID
from quiz.paths import bundled_decks_dir
from quiz.tui.deck_rows import deck_rows
from quiz.tui.navigation import (
    Navigate,
    OpenBrowse,
    OpenSettings,
    OpenStats,
    ShowError,
    StudyDecks,
)
from quiz.tui.text import plural
from quiz.tui.widgets.deck_detail import DeckDetail
from quiz.tui.widgets.deck_table import DeckTable
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.title_bar import TitleBar
from quiz.tui.workers import finished, in_order, run_in_thread

if TYPE_CHECKING:
    from quiz.study.study_day import DeckCounts
    from quiz.tui.library import Library


OPEN_WORKER = "open library"
FIRST_FRAME_WAIT = 0.05
"""Seconds the first frame may wait for the decks' counts (a class database may be slow)."""
EXAM_WORKER = "exam readiness"
COUNT_WORKER = "count decks"


class DecksScreen(Screen[None]):
    """The deck list. Decks load after the first frame, so the app appears at once."""

    AUTO_FOCUS = "DeckTable"  # never the hidden filter field, where keys typed early would go
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "study_all", "All decks", id="decks.study-all"),
        Binding("c", "cram", "Cram", id="decks.cram"),
        # A priority binding runs before the next key is handed on, so keys typed in one burst
        # with the slash (or pasted) go into the filter.
        Binding("slash", "filter", "Filter", id="decks.filter", priority=True),
        Binding("s", "stats", "Stats", id="decks.stats"),
        Binding("b", "browse", "Browse", id="decks.browse"),
        Binding("o", "settings", "Settings", id="decks.settings"),
        Binding("r", "reload", "Reload decks", show=False, id="decks.reload"),
        Binding("escape", "clear_filter", "Clear the filter", show=False, id="decks.clear-filter"),
        Binding("q", "app.quit", "Quit", id="decks.quit"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.ready = False
        self._filter = ""
        self._totals = (0, 0, 0, 0)
        self._counts: dict[str, DeckCounts] = {}
        self._status = ""
        self._building: Worker[None] | None = None
        self._reloading: Worker[None] | None = None
        self._exams: dict[str, str] = {}  # "ready for <date>: ..." of decks with an exam
        self._resumed = False

    def compose(self) -> ComposeResult:
        yield TitleBar("Decks", "loading decks…", id="decks-title")
        yield KeyBar()

    def on_mount(self) -> None:
        opening = self.library.begin_opening()
        # Waiting a little for the counts costs the first frame less than it gains: the
        # opening thread then has the interpreter to itself, and the list is in that frame.
        with contextlib.suppress(Exception):  # not done in time, or failed: told below
            opening.result(timeout=FIRST_FRAME_WAIT)
        if opening.done() and opening.exception() is None:
            self._show_list(opening.result())  # counted already: listed in the first frame
        else:
            self.run_worker(self._opened(), name=OPEN_WORKER, exit_on_error=False)

    async def _opened(self) -> dict[str, DeckCounts]:
        """The counts of every deck, once the library has opened (it began with the app)."""
        return await asyncio.wrap_future(self.library.begin_opening())

    def _exam_notes(self) -> dict[str, str]:
        from quiz.study.exam import exam_notes

        library = self.library
        decks = [(loaded.deck_id, loaded.summary.item_ids) for loaded in library.result.decks]
        return exam_notes(library.store, decks, library.now())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The library opened (show the decks), or could not be (say why)."""
        if event.worker.name == EXAM_WORKER and event.state == WorkerState.SUCCESS:
            self._exams = event.worker.result or {}
            self.show_detail()
        if event.worker.name != OPEN_WORKER:
            return
        if event.state == WorkerState.SUCCESS:
            self._show_list(event.worker.result)
        elif event.state == WorkerState.ERROR:
            from quiz.progress.errors import StoreError

            error = event.worker.error
            title = (
                "The progress database cannot be used"
                if isinstance(error, StoreError)
                else "The decks could not be read"
            )
            self.post_message(Navigate(ShowError(title, str(error))))

    def _show_list(self, counts: dict[str, DeckCounts] | None) -> None:
        """Show the decks with their counts, once the library is open."""
        # The list's widgets join the screen only now, with their rows: the first frame
        # (title and keys) does not wait for them, and the table is drawn once. The filter
        # field joins when it is first used.
        table = DeckTable(id="decks")
        # Not awaited: the rows are filled in at once, and the table is drawn with them.
        self.mount_all([table, DeckDetail(id="deck-detail")], before=self.query_one(KeyBar))
        self.ready = True
        self.refresh_rows(counts)
        table.focus()
        self.call_after_refresh(self._after_listed)

    def _after_listed(self) -> None:
        """Once the list is on screen (threads started before would slow its drawing): how
        ready each deck is for its exam, and the decks themselves, each in a thread."""
        run_in_thread(self, self._exam_notes, EXAM_WORKER)
        self._build_decks()

    def _build_decks(self) -> None:
        """Build the decks in a worker thread, now that the list is on screen."""
        if not self.library.decks_built:
            self._building = self.run_worker(
                self.library.prepare_study, name="build decks", thread=True, exit_on_error=False
            )

    async def wait_for_decks(self) -> bool:
        """Wait until the decks are built (after a reload that is running, the new ones);
        False, once the student is told why, if they cannot be (a deck file changed while it
        was read: reloading reads it again)."""
        await finished(self._reloading)
        worker = self._building
        if worker is not None and not worker.is_finished:
            self.query_one(TitleBar).set_status("preparing the decks…")
            try:
                await finished(worker)  # if it failed, building again below reports why
            finally:
                self.query_one(TitleBar).set_status(self._status)
        try:
            self.library.prepare_study()
        except RuntimeError as error:
            self.notify(
                f"{error}. Press r to reload.", title="Could not read a deck", severity="error"
            )
            return False
        return True

    def on_screen_resume(self) -> None:
        # back from another screen: count again (the first resume comes with the counts)
        if self.ready and self._resumed:
            self.refresh_rows()
            run_in_thread(self, self._exam_notes, EXAM_WORKER)
        self._resumed = True

    # -- rows ------------------------------------------------------------------------------

    def refresh_rows(self, counts: dict[str, DeckCounts] | None = None) -> None:
        """Redraw the list with ``counts``; None: count every deck again among the store
        calls (after the answers still being written) and redraw when that is done."""
        if counts is None:
            self.run_worker(self._recount(), name=COUNT_WORKER, group=COUNT_WORKER, exclusive=True)
            return
        self._counts = counts
        self._draw_rows()

    async def _recount(self) -> None:
        """Count the decks off the UI thread and redraw; a store failure is reported."""
        from quiz.progress.errors import StoreError

        library = self.library
        try:
            counts = await in_order(library.store_calls, library.count_decks)
        except StoreError as error:
            self.notify(str(error), title="Could not read progress", severity="error")
            return
        if self.query(DeckTable):  # not closed meanwhile (the app quitting)
            self.refresh_rows(counts)

    def _draw_rows(self) -> None:
        """Draw the list from the last counts, keeping the rows the filter matches."""
        library = self.library
        rows, self._totals = deck_rows(library.entries(), self._counts, self._filter)
        _cards, new, learning, due = self._totals
        decks = len(library.result.decks)
        self.query_one(DeckTable).show_rows(rows)
        status = f"{plural(decks, 'deck')} · {new + learning + due} to study"
        broken = len(library.result.broken())
        if broken:
            status = f"{status} · {broken} broken"
        if library.deck_paths is not None:
            status = f"{status} · previewing {', '.join(str(p) for p in library.deck_paths)}"
        if library.no_save:
            status = f"{status} · not saved"
        self._status = status
        self.query_one(TitleBar).set_status(status)
        self.show_detail()

    def show_detail(self) -> None:
        """Describe the highlighted row under the list."""
        detail = self.query_one(DeckDetail)
        key = self.query_one(DeckTable).selected_key
        library = self.library
        if key is None:
            if not library.result.files:
                # when previewing, r reads the named paths again: the deck goes there
                paths = library.deck_paths
                detail.show_empty(paths[0] if paths else library.user_decks_dir)
            else:
                detail.update("No deck matches the filter.")
        elif key == ALL_DECKS_ID:
            cards, new, learning, due = self._totals
            detail.show_all(len(library.result.decks), cards, new + learning + due)
        elif key.startswith("file:"):
            for entry in library.entries():
                if isinstance(entry, tuple) and f"file:{entry[0]}" == key:
                    detail.show_broken(*entry)
        else:
            loaded = library.loaded(key)
            path = loaded.path
            shown = None if path.is_relative_to(bundled_decks_dir()) else path
            detail.show_deck(loaded.summary, shown, self._exams.get(key), self._counts.get(key))

    def on_deck_table_highlighted(self, event: DeckTable.Highlighted) -> None:
        if self.ready:
            self.show_detail()

    async def on_deck_table_selected(self, event: DeckTable.Selected) -> None:
        event.stop()
        await self.action_study()

    # -- filter ----------------------------------------------------------------------------

    async def action_filter(self) -> None:
        """Show the filter field and type into it."""
        field = self._filter_field()
        if field is None:
            field = Input(
                placeholder="Filter decks: type, enter to keep, escape to clear",
                id="filter",
                compact=True,
            )
            # Awaited: keys typed right after the slash reach the field, not the list.
            await self.mount(field, before=self.query_one(DeckTable))
        field.display = True
        self.set_focus(field)

    def _filter_field(self) -> Input | None:
        """The filter field, once it has been used."""
        fields = self.query("#filter").results(Input)
        return next(fields, None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter = event.value.strip().casefold()
        if self.ready:
            self._draw_rows()  # filtering changes no count

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DeckTable).focus()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        field = self._filter_field()
        if field is None:
            return
        field.value = ""
        field.display = False
        self.query_one(DeckTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            field = self._filter_field()
            return field is not None and field.display
        if action == "reload":
            return self.ready and (self._reloading is None or self._reloading.is_finished)
        if action in ("study_all", "cram", "stats", "browse", "filter"):
            return self.ready
        return True

    # -- actions ---------------------------------------------------------------------------

    def _selected(self) -> tuple[str | None] | None:
        """The highlighted deck's id, as ``(deck_id,)``: ``(None,)`` for all decks.

        ``None`` (with a notification) when the row is a broken file or nothing is selected.
        """
        key = self.query_one(DeckTable).selected_key
        if key is None:
            return None
        if key == ALL_DECKS_ID:
            return (None,)
        if key.startswith("file:"):
            message = "This deck file has errors; fix it and press r to reload."
            self.notify(message, title="Broken deck", severity="error")
            return None
        return (key,)

    async def action_study(self, cram: bool = False) -> None:
        """Study the highlighted deck (or everything due, on the all-decks row); with
        ``cram``, go through every card of it without changing its schedule."""
        selected = self._selected()
        if selected is not None:
            await self.start(selected[0], cram=cram)

    async def action_study_all(self) -> None:
        """Study everything due in every deck."""
        await self.start(None, cram=False)

    async def action_cram(self) -> None:
        """Go through every card of the highlighted deck without changing its schedule."""
        await self.action_study(cram=True)

    async def start(self, deck_id: str | None, *, cram: bool) -> None:
        """Ask for a study or cram session, once the decks are built."""
        if not self.library.result.decks:
            self.notify("There are no decks to study.", severity="warning")
            return
        if await self.wait_for_decks():
            self.post_message(Navigate(StudyDecks(deck_id, cram=cram)))

    async def action_stats(self) -> None:
        """Open the statistics screen."""
        if await self.wait_for_decks():
            self.post_message(Navigate(OpenStats()))

    async def action_browse(self) -> None:
        """Browse the cards of the highlighted deck (all decks on the all-decks row)."""
        selected = self._selected()
        if selected is not None and await self.wait_for_decks():
            self.post_message(Navigate(OpenBrowse(selected[0])))

    async def action_settings(self) -> None:
        """Open the settings, with the highlighted deck's own values."""
        if await self.wait_for_decks():
            key = self.query_one(DeckTable).selected_key
            deck = key if key and key != ALL_DECKS_ID and not key.startswith("file:") else None
            self.post_message(Navigate(OpenSettings(deck)))

    def action_reload(self) -> None:
        """Read the deck files again, after editing them, in a thread (keys keep working)."""
        if self._reloading is None or self._reloading.is_finished:
            self._reloading = self.run_worker(self._reload(), name="reload decks")

    async def _reload(self) -> None:
        """Reload and count the decks off the UI thread, then show them and build them."""
        from quiz.progress.errors import StoreError

        await finished(self._building)  # the build thread reads the load being replaced
        library = self.library
        title = self.query_one(TitleBar)
        title.set_status("reloading the decks…")
        try:
            result, counts = await asyncio.wrap_future(library.begin_reload())
        except StoreError as error:
            title.set_status(self._status)
            self.notify(str(error), title="Could not read progress", severity="error")
            return
        library.use(result)
        self.refresh_rows(counts)
        self._build_decks()
        broken = len(result.broken())
        note = f", {broken} broken" if broken else ""
        self.notify(f"Reloaded {plural(len(result.decks), 'deck')}{note}.", timeout=3)
