"""Browse: a deck's cards in a table with search; enter opens one in full."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input

from quiz.deck.model import item_ids
from quiz.tui.text import plural, search_text
from quiz.tui.widgets.card_table import CardRow, CardTable
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quiz.deck.model import Card, Deck
    from quiz.progress.state import ItemState
    from quiz.tui.library import Library


def card_state(card: Card, states: dict[str, ItemState]) -> tuple[str, ItemState | None]:
    """A card's state in a word, and the state of its item due soonest (``None`` if new).

    A cloze card is several items: ``review 1/3`` says one of its three has been studied.
    """
    items = item_ids(card)
    known = [states[item] for item in items if item in states]
    if not known:
        return "new", None
    soonest = min(known, key=lambda state: state.due)
    label = soonest.state
    if len(items) > 1 and len(known) < len(items):
        label = f"{label} {len(known)}/{len(items)}"
    return label, soonest


class BrowseScreen(Screen[None]):
    """Every card of a deck (or of all decks), filtered by what is typed in the search field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="browse.search"),
        Binding("escape", "back", "Back", id="browse.back"),
        Binding("q", "close", "Back", show=False, id="browse.close"),
    ]

    def __init__(self, library: Library, *, deck_id: str | None) -> None:
        super().__init__()
        self.library = library
        self.deck_id = deck_id
        decks = library.decks if deck_id is None else [library.deck(deck_id)]
        self.decks: list[Deck] = decks
        self._search = ""
        self._texts: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        title = "Browse all decks" if self.deck_id is None else f"Browse {self.decks[0].title}"
        yield TitleBar(title, id="browse-title")
        yield Input(
            placeholder="Search: / then type; words in the question, answer or tags",
            id="search",
            compact=True,
        )
        yield CardTable(show_deck=self.deck_id is None, id="cards")
        yield KeyBar()

    def on_mount(self) -> None:
        for deck in self.decks:
            for card in deck.cards:
                self._texts[f"{deck.id}/{card.id}"] = search_text(deck, card)
        self.refresh_rows()
        self.query_one(CardTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Read the cards' states and show the ones matching the search."""
        from quiz.progress.errors import StoreError

        words = self._search.split()
        rows: list[CardRow] = []
        total = 0
        for deck in self.decks:
            try:
                states = self.library.store.item_states(deck.id)
            except StoreError as error:
                self.notify(str(error), title="Could not read progress", severity="error")
                states = {}
            for card in deck.cards:
                total += 1
                key = f"{deck.id}/{card.id}"
                if not all(word in self._texts[key] for word in words):
                    continue
                label, soonest = card_state(card, states)
                rows.append(
                    CardRow(
                        key=key,
                        deck_title=deck.title,
                        prompt=card.prompt,
                        card_type=card.type,
                        state=label,
                        due=soonest.due if soonest is not None else None,
                    )
                )
        self.query_one(CardTable).show_rows(rows, self.library.now())
        shown = plural(total, "card") if len(rows) == total else f"{len(rows)} of {total} cards"
        self.query_one(TitleBar).set_status(shown)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._search = event.value.casefold()
        self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
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

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from quiz.tui.screens.card import CardScreen

        event.stop()
        key = self.query_one(CardTable).selected_key
        if key is None:
            return
        deck_id, card_id = key.split("/", 1)
        deck = self.library.deck(deck_id)
        self.app.push_screen(CardScreen(self.library, deck, deck.card(card_id)))
