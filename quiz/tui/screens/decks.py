"""The first screen: every deck with its counts, and where every other screen starts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input

from quiz.paths import bundled_decks_dir
from quiz.tui.text import plural
from quiz.tui.widgets.deck_detail import DeckDetail
from quiz.tui.widgets.deck_table import ALL_KEY, DeckRow, DeckTable
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quiz.model import Deck
    from quiz.tui.library import Library


class DecksScreen(Screen[None]):
    """The deck list. Decks load after the first frame, so the app appears at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "study_all", "All due", id="decks.study-all"),
        Binding("c", "cram", "Cram", id="decks.cram"),
        Binding("slash", "filter", "Filter", id="decks.filter"),
        Binding("s", "stats", "Stats", id="decks.stats"),
        Binding("b", "browse", "Browse", id="decks.browse"),
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

    def compose(self) -> ComposeResult:
        yield TitleBar("Decks", "loading decks…", id="decks-title")
        yield Input(
            placeholder="Filter decks: type, enter to keep, escape to clear",
            id="filter",
            compact=True,
        )
        yield DeckTable(id="decks")
        yield DeckDetail(id="deck-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.call_after_refresh(self.load)

    def load(self) -> None:
        """Open the store and read the decks; an unusable store gets an error screen."""
        from quiz.store import StoreError

        try:
            self.library.open()
        except StoreError as error:
            from quiz.tui.screens.error import ErrorScreen

            self.app.push_screen(ErrorScreen("The progress database cannot be used", str(error)))
            return
        self.ready = True
        self.refresh_rows()
        self.query_one(DeckTable).focus()

    def on_screen_resume(self) -> None:
        if self.ready:
            self.refresh_rows()

    # -- rows ------------------------------------------------------------------------------

    def _matches(self, text: str) -> bool:
        return not self._filter or self._filter in text.casefold()

    def refresh_rows(self) -> None:
        """Recount every deck and redraw the list; a store failure is reported, not raised."""
        from quiz.store import StoreError

        try:
            self._refresh_rows()
        except StoreError as error:
            self.notify(str(error), title="Could not read progress", severity="error")

    def _refresh_rows(self) -> None:
        from quiz.session import deck_counts

        library = self.library
        now = library.now()
        rows: list[DeckRow] = []
        totals = [0, 0, 0, 0]
        for entry in library.entries():
            if isinstance(entry, tuple):
                path, _problem = entry
                if self._matches(str(path)):
                    rows.append(DeckRow(key=f"file:{path}", title=path.name, broken=True))
                continue
            counts = deck_counts(library.store, entry, now)
            row = DeckRow(
                key=entry.id,
                title=entry.title,
                cards=len(entry.cards),
                new=counts.new,
                learning=counts.learning,
                due=counts.due,
            )
            for index, value in enumerate((row.cards, row.new, row.learning, row.due)):
                totals[index] += value
            if self._matches(" ".join([entry.id, entry.title, *entry.tags, entry.description])):
                rows.append(row)
        self._totals = cards, new, learning, due = tuple(totals)
        if library.decks:
            rows.append(DeckRow(ALL_KEY, "All decks", cards, new, learning, due))
        self.query_one(DeckTable).show_rows(rows)
        status = f"{plural(len(library.decks), 'deck')} · {new + learning + due} to study"
        broken = len(library.result.broken())
        if broken:
            status = f"{status} · {broken} broken"
        if library.deck_paths is not None:
            status = f"{status} · previewing {', '.join(str(p) for p in library.deck_paths)}"
        title_bar = self.query_one(TitleBar)
        title_bar.set_status(status)
        self.show_detail()

    def show_detail(self) -> None:
        """Describe the highlighted row under the list."""
        detail = self.query_one(DeckDetail)
        key = self.query_one(DeckTable).selected_key
        library = self.library
        if key is None:
            if not library.result.files:
                detail.show_empty(library.user_decks_dir)
            else:
                detail.update("No deck matches the filter.")
        elif key == ALL_KEY:
            cards, new, learning, due = self._totals
            detail.show_all(len(library.decks), cards, new + learning + due)
        elif key.startswith("file:"):
            for entry in library.entries():
                if isinstance(entry, tuple) and f"file:{entry[0]}" == key:
                    detail.show_broken(*entry)
        else:
            path = library.deck_file(key)
            shown = None if path.is_relative_to(bundled_decks_dir()) else path
            detail.show_deck(library.deck(key), shown)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.ready:
            self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_study()

    # -- filter ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Show the filter field."""
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter = event.value.strip().casefold()
        if self.ready:
            self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DeckTable).focus()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.query_one(DeckTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.query_one("#filter", Input).display
        if action in ("study_all", "cram", "stats", "browse", "reload"):
            return self.ready
        return True

    # -- actions ---------------------------------------------------------------------------

    def _selected(self) -> tuple[str | None, Deck | None] | None:
        """The highlighted deck as ``(deck_id, deck)``: ``(None, None)`` for all decks.

        ``None`` (with a notification) when the row is a broken file or nothing is selected.
        """
        key = self.query_one(DeckTable).selected_key
        if key is None:
            return None
        if key == ALL_KEY:
            return None, None
        if key.startswith("file:"):
            self.notify(
                "This deck file has errors; fix it and press r to reload.",
                title="Broken deck",
                severity="error",
            )
            return None
        return key, self.library.deck(key)

    def action_study(self) -> None:
        """Study the highlighted deck (or everything due, on the all-decks row)."""
        selected = self._selected()
        if selected is not None:
            self.start(selected[0], cram=False)

    def action_study_all(self) -> None:
        """Study everything due in every deck."""
        self.start(None, cram=False)

    def action_cram(self) -> None:
        """Go through every card of the highlighted deck without changing its schedule."""
        selected = self._selected()
        if selected is not None:
            self.start(selected[0], cram=True)

    def start(self, deck_id: str | None, *, cram: bool) -> None:
        """Start a study or cram session and open the study screen."""
        from quiz.session import StudySession
        from quiz.store import StoreError
        from quiz.tui.screens.study import StudyScreen

        library = self.library
        if not library.decks:
            self.notify("There are no decks to study.", severity="warning")
            return
        begin = StudySession.cram if cram else StudySession.start
        try:
            session = begin(library.store, library.decks, library.now(), deck_id=deck_id)
        except StoreError as error:
            self.notify(str(error), title="Could not start", severity="error")
            return
        if session.current is None:
            name = "any deck" if deck_id is None else library.deck(deck_id).title
            self.notify(
                f"Nothing is due in {name} right now. Press c to cram it anyway.",
                title="All caught up",
            )
            return
        self.app.push_screen(StudyScreen(library, session))

    def action_stats(self) -> None:
        """Open the statistics screen."""
        from quiz.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.library))

    def action_browse(self) -> None:
        """Browse the cards of the highlighted deck (all decks on the all-decks row)."""
        from quiz.tui.screens.browse import BrowseScreen

        selected = self._selected()
        if selected is not None:
            self.app.push_screen(BrowseScreen(self.library, deck_id=selected[0]))

    def action_reload(self) -> None:
        """Read the deck files again, after editing them."""
        self.library.reload()
        self.refresh_rows()
        broken = len(self.library.result.broken())
        note = f", {broken} broken" if broken else ""
        self.notify(f"Reloaded {plural(len(self.library.decks), 'deck')}{note}.", timeout=3)
