"""Browse: a deck's cards in a list with search; enter opens one in full.

The list works from the decks' ids (:class:`~quiz.deck.deck_cards.DeckCards`) and, once the
search index is built, from its labels (each card's prompt and type): before that a row's card
is built when the row is first drawn, and let go with it. The cards' states (state and due
time) are read from the store in a worker thread whenever the screen is shown, and the list is
drawn once they are in; the status says so meanwhile.
The cards' search texts are indexed in another worker after that, once per load of the decks
(:meth:`Library.card_search`). A change to the search field is searched at most once per
frame, and the list draws only the rows on screen. Its ``is:`` words keep the cards in a
state, and ``s`` goes through the sort orders (:mod:`quiz.tui.card_filters`), an order
other than the deck's worked out in a worker thread.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from quiz.deck.deck_cards import card_of_item
from quiz.progress.errors import StoreError
from quiz.progress.state import ItemFlags
from quiz.safe_text import visible_line
from quiz.study.set_aside import flag_words, set_card_aside, unsuspend
from quiz.tui import card_filters as filters
from quiz.tui.navigation import Navigate, OpenCard
from quiz.tui.text import plural
from quiz.tui.widgets.card_table import CardRow, CardTable, LazyRows
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.search_field import SearchField
from quiz.tui.widgets.title_bar import TitleBar
from quiz.tui.workers import in_order, run_in_thread

if TYPE_CHECKING:
    from quiz.deck.deck_cards import DeckCards
    from quiz.progress.state import StateName
    from quiz.tui.card_search import CardSearch
    from quiz.tui.library import Library

STATES_WORKER = "browse: read states"
INDEX_WORKER = "browse: search index"
FLAGS_WORKER = "browse: read flags"
SORT_WORKER = "browse: sort"
LEECHES = filters.Query("", filters.BITS["leech"])
FRAME = 1 / 60  # Textual draws at most this often: searching more often shows nothing more
READING = "reading progress…"
UNKNOWN_STATE = "…"


class BrowseScreen(Screen[None]):
    """Every card of a deck (or of all decks), filtered by what is typed in the search field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="browse.search"),
        Binding("escape", "back", "Back", id="browse.back"),
        Binding("q", "close", "Back", show=False, id="browse.close"),
        Binding("l", "leeches", "Leeches", id="browse.leeches"),
        Binding("s", "sort", "Sort", id="browse.sort"),
        Binding("U", "unsuspend", "Unsuspend", show=False, id="browse.unsuspend"),
        Binding("at", "set_aside('suspend')", "Suspend", show=False, id="browse.suspend"),
        Binding("minus", "set_aside('bury')", "Bury", show=False, id="browse.bury"),
    ]

    def __init__(self, library: Library, *, deck_id: str | None) -> None:
        super().__init__()
        self.library = library
        self.deck_id = deck_id
        decks = library.study_decks if deck_id is None else [library.study_deck(deck_id)]
        self.decks: list[DeckCards] = decks
        self._firsts = [0]  # the index of each deck's first card among the screen's cards
        for deck in decks:
            self._firsts.append(self._firsts[-1] + deck.card_count)
        self._card_total = self._firsts[-1]
        # (state, due) of the decks' items, by deck id and item id, once read
        self._states: dict[str, dict[str, tuple[StateName, int]]] | None = None
        self._search_index: CardSearch | None = None  # the cards' search texts, once built
        self._read_at = library.now()  # when the states were read
        self._rows: dict[int, CardRow] = {}  # rows made so far, by card index
        self._query = ""  # what the search field holds, case-folded
        self._shown: tuple[str, Sequence[int] | None] = ("", None)  # query shown, its matches
        self._searched_at = 0.0
        self._search_timer: Timer | None = None
        self._flags: dict[str, dict[str, ItemFlags]] = {}  # items set aside, by deck
        self._leeches_only = False
        self._filter = filters.Query("")  # the query shown, split
        self._card_states: bytearray | None = None  # each card's states, once worked out
        self._sort = "deck"  # the order asked for (:data:`~quiz.tui.card_filters.SORTS`)
        self._order: tuple[str, Sequence[int]] | None = None  # an order made, the cards in it
        self._chosen: Sequence[int] = ()  # the cards listed, in order

    def compose(self) -> ComposeResult:
        title = "Browse all decks" if self.deck_id is None else f"Browse {self.decks[0].title}"
        yield TitleBar(title, READING, id="browse-title")
        yield SearchField(
            placeholder="Search: / then type words of the cards, is:due is:new is:missed…",
            id="search",
            compact=True,
        )
        yield CardTable(show_deck=self.deck_id is None, id="cards")
        yield KeyBar()

    def on_mount(self) -> None:
        # Started before the first frame; the list is drawn once, with the states.
        run_in_thread(self, self._read_states, STATES_WORKER)
        run_in_thread(self, self._read_flags, FLAGS_WORKER)
        # Watched rather than told by a message: the list then changes before the frame that
        # shows the key typed, not one frame after it.
        self.watch(self.query_one("#search", Input), "value", self._search_changed, init=False)
        self.query_one(CardTable).focus()

    def on_screen_resume(self) -> None:
        """Read the cards' states again when coming back: a card opened from here may have been
        studied. (The first time, on mount has started reading them.)"""
        if self._states is not None:
            run_in_thread(self, self._read_states, STATES_WORKER)
            run_in_thread(self, self._read_flags, FLAGS_WORKER)

    # -- work done in threads ------------------------------------------------------------

    def _read_states(self) -> dict[str, dict[str, tuple[StateName, int]]]:
        store = self.library.store
        return {deck.id: store.item_schedules(deck.id) for deck in self.decks}

    def _read_flags(self) -> dict[str, dict[str, ItemFlags]]:
        return {deck.id: self.library.store.item_flags(deck.id) for deck in self.decks}

    def _build_index(self) -> CardSearch:
        return self.library.card_search(self.deck_id)

    def _sort_cards(self, sort: str) -> tuple[str, Sequence[int]]:
        labels = self.library.card_search(self.deck_id).labels
        assert labels is not None  # the library's indexes have labels
        states = self._states or {}
        return sort, filters.sort_cards(sort, self.decks, states, self.library.store, labels)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name == STATES_WORKER:
            if event.state == WorkerState.SUCCESS:
                self._states = worker.result
                self._read_at = self.library.now()
                self._rows.clear()
                self._card_states = None
                if self._sort in ("due", "difficulty"):
                    self._start_sort()
                self._show(cursor=self.query_one(CardTable).cursor_row)
                if self._search_index is None:
                    # after the list is drawn: the thread would hold up that frame
                    self.call_after_refresh(self._start_index)
            elif event.state == WorkerState.ERROR:
                self._states_failed(worker.error)
        elif worker.name == FLAGS_WORKER:
            if event.state == WorkerState.SUCCESS and worker.result is not None:
                self._flags = worker.result
                self._rows.clear()
                self._card_states = None
                self._show(cursor=self.query_one(CardTable).cursor_row)
            elif event.state == WorkerState.ERROR:
                self._states_failed(worker.error)
        elif worker.name == INDEX_WORKER:
            if event.state == WorkerState.SUCCESS:
                self._search_index = worker.result
                self._search()
            elif event.state == WorkerState.ERROR:
                raise worker.error or RuntimeError("indexing failed")  # a fault: never hidden
        elif worker.name == SORT_WORKER:
            order = worker.result
            if event.state == WorkerState.SUCCESS and order and order[0] == self._sort:
                self._order = order
                self._show_keeping_cursor()
            elif event.state == WorkerState.ERROR:
                self._states_failed(worker.error)

    def _start_index(self) -> None:
        if self._search_index is None and self.is_attached:
            run_in_thread(self, self._build_index, INDEX_WORKER)

    def _states_failed(self, error: BaseException | None) -> None:
        """Say why the states could not be read; the cards are listed without them."""
        if not isinstance(error, StoreError):
            raise error or RuntimeError("reading the states failed")  # a fault in the code
        self.notify(str(error), title="Could not read progress", severity="error")
        if self._states is None:
            self._states = {}
            self._show(cursor=self.query_one(CardTable).cursor_row)

    # -- rows ------------------------------------------------------------------------------

    def card_row(self, index: int) -> CardRow:
        """The row of the card at ``index`` among the screen's cards (made once per states)."""
        row = self._rows.get(index)
        if row is None:
            deck, at = self._card_at(index)
            items = deck.card_item_ids(at)
            labels = None if self._search_index is None else self._search_index.labels
            if labels is None:  # before the index is built: the card itself
                card = deck.card_at(at)
                prompt, card_type = card.prompt, card.type
            else:
                prompt, card_type = labels[index]
            label, due = UNKNOWN_STATE, None
            if self._states is not None:
                label, due = filters.items_state(items, self._states.get(deck.id, {}))
                if words := self._flag_words(deck.id, items):  # first: a narrow column cuts
                    label = f"{' '.join(words)} · {label}"
            key = f"{deck.id}/{card_of_item(items[0])}"
            row = CardRow(key, deck.title, prompt, card_type, label, due)
            self._rows[index] = row
        return row

    def _card_at(self, index: int) -> tuple[DeckCards, int]:
        """The deck of the card at ``index`` among the screen's cards, and its index there."""
        position = bisect_right(self._firsts, index) - 1
        return self.decks[position], index - self._firsts[position]

    def _show(self, cursor: int) -> None:
        """Show the cards the last search chose, in the sort order, with the cursor on row
        ``cursor``."""
        matches, parsed, total = self._shown[1], self._filter, self._card_total
        chosen: Sequence[int] = range(total) if matches is None else matches
        if parsed.unknown:
            chosen = []
        if parsed.decks:
            chosen = filters.keep_decks(chosen, self.decks, self._firsts, parsed.decks)
        if parsed.filters:
            chosen = filters.keep_states(chosen, self._states_of_cards(), parsed)
        if self._leeches_only:
            chosen = filters.keep_states(chosen, self._states_of_cards(), LEECHES)
        if self._sort != "deck" and self._order is not None and self._order[0] == self._sort:
            chosen = filters.in_order(chosen, self._order[1], total)
        self._chosen = chosen
        table = self.query_one(CardTable)
        query = visible_line(self._shown[0].strip())
        if parsed.unknown:
            table.empty_text = filters.unknown_text(parsed)
        elif self._leeches_only:
            table.empty_text = "No leech here: l lists every card again."
        else:
            table.empty_text = f"No card matches “{query}”." if query else "No cards."
        table.show_rows(LazyRows(self.card_row, chosen), self._read_at, cursor=cursor)
        if self._states is None:
            shown = READING
        elif len(chosen) == total:
            shown = plural(total, "card")
        else:
            shown = f"{len(chosen)} of {total} cards"
        if self._sort != "deck":
            done = self._order is not None and self._order[0] == self._sort
            shown += f" · {filters.SORT_NAMES[self._sort]}" + ("" if done else "…")
        self.query_one(TitleBar).set_status(shown)

    def _states_of_cards(self) -> bytearray:
        """Each card's states (:func:`~quiz.tui.card_filters.state_flags`), worked out once per
        read of them."""
        if self._card_states is None:
            states, flags = self._states or {}, self._flags
            self._card_states = filters.state_flags(self.decks, states, flags, self._read_at)
        return self._card_states

    def _show_keeping_cursor(self) -> None:
        """Show the cards again (in another order), the cursor on the card it was on."""
        table, chosen = self.query_one(CardTable), self._chosen
        card = chosen[table.cursor_row] if table.cursor_row < len(chosen) else None
        self._show(cursor=0)
        if card is not None:
            self.query_one(CardTable).move_cursor(list(self._chosen).index(card))

    # -- sort ------------------------------------------------------------------------------

    def action_sort(self) -> None:
        """Go on to the next order: deck order, by due time, hardest first, by prompt."""
        self._sort = filters.SORTS[(filters.SORTS.index(self._sort) + 1) % len(filters.SORTS)]
        if self._sort != "deck":
            self._start_sort()
        self._show_keeping_cursor()

    def _start_sort(self) -> None:
        sort = self._sort
        run_in_thread(self, lambda: self._sort_cards(sort), SORT_WORKER)

    # -- search ----------------------------------------------------------------------------

    def _search_changed(self, value: str) -> None:
        """Search now, or, when the last search was less than a frame ago, once that frame is
        over: keys typed faster than frames are drawn are searched together."""
        self._query = value.casefold()
        if self._search_timer is not None:
            return  # the search already waiting will see this query
        wait = self._searched_at + FRAME - time.monotonic()
        if wait <= 0:
            self._search()
        else:
            self._search_timer = self.set_timer(wait, self._search)

    def _search(self) -> None:
        """Show the cards matching what the search field holds (once the texts are built)."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        query = self._query
        index = self._search_index
        parsed = filters.parse_query(query)
        if query == self._shown[0] or (index is None and parsed.text):
            return  # already shown, or shown once the texts are built
        self._searched_at = time.monotonic()
        self._filter = parsed
        self._shown = (query, None if index is None else index.matches(parsed.text))
        self._show(cursor=0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._search()
        self.query_one(CardTable).focus()

    def action_search(self) -> None:
        """Go to the search field."""
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Leave the search field (clearing it), or else go back to the deck list."""
        search = self.query_one("#search", Input)
        if search.has_focus:
            search.value = ""
            self.query_one(CardTable).focus()
        else:
            self.dismiss()

    def action_close(self) -> None:
        """Back to the deck list."""
        self.dismiss()

    def on_card_table_selected(self, event: CardTable.Selected) -> None:
        event.stop()
        deck_id, card_id = event.key.split("/", 1)
        self.post_message(Navigate(OpenCard(deck_id, card_id)))

    # -- items set aside -------------------------------------------------------------------

    def _flag_words(self, deck_id: str, items: Sequence[str]) -> list[str]:
        flags = self._flags.get(deck_id)
        if not flags:
            return []
        now = self._read_at
        words = {word for item in items for word in flag_words(flags.get(item), now)}
        return [word for word in ("suspended", "buried", "leech") if word in words]

    def action_leeches(self) -> None:
        """Show only the leeches, or every card again."""
        self._leeches_only = not self._leeches_only
        self._show(cursor=0)
        if self._leeches_only:
            self.notify("Leeches only: l shows every card again.", timeout=3)

    async def action_set_aside(self, how: Literal["suspend", "bury"]) -> None:
        """Suspend the highlighted card, or bury it until tomorrow (``U`` takes either back),
        written among the store calls."""
        if (key := self.query_one(CardTable).selected_key) is None:
            return
        deck_id, card_id = key.split("/", 1)
        store, items = self.library.store, self.library.study_deck(deck_id).item_ids_of(card_id)
        now = self.library.now()
        try:
            await in_order(
                self.library.store_calls,
                lambda: set_card_aside(store, deck_id, items, how, now),
            )
        except StoreError as error:
            self.notify(str(error), title="Could not set the card aside", severity="error")
            return
        done = "Suspended" if how == "suspend" else "Buried until tomorrow"
        self.notify(f"{done}. U takes it back.", timeout=3)
        run_in_thread(self, self._read_flags, FLAGS_WORKER)

    async def action_unsuspend(self) -> None:
        """Let the highlighted card be studied again (a leech keeps its tag), written among
        the store calls (off the UI thread, after the answers still being written)."""
        if (key := self.query_one(CardTable).selected_key) is None:
            return
        deck_id, card_id = key.split("/", 1)
        try:
            store = self.library.store
            items = self.library.study_deck(deck_id).item_ids_of(card_id)
            released = await in_order(
                self.library.store_calls, lambda: unsuspend(store, deck_id, items)
            )
        except StoreError as error:
            self.notify(str(error), title="Could not unsuspend", severity="error")
            return
        self.notify("Unsuspended." if released else "That card is not set aside.", timeout=3)
        run_in_thread(self, self._read_flags, FLAGS_WORKER)
