"""One card in full, with the schedule of each of its items and its review history."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.deck.model import item_ids
from quiz.safe_text import visible
from quiz.study.set_aside import flag_words, unsuspend
from quiz.tui.kinds.base import Part
from quiz.tui.kinds.registry import tui_kind_of
from quiz.tui.navigation import CramItems, Navigate
from quiz.tui.screens.explanation import source_content
from quiz.tui.text import (
    RATING_NAMES,
    duration_text,
    local_time,
    one_line,
    relative_time,
    type_label,
)
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.title_bar import TitleBar
from quiz.tui.workers import in_order

if TYPE_CHECKING:
    from datetime import datetime

    from quiz.deck.items import StudyDeck
    from quiz.deck.model import Card
    from quiz.progress.state import ItemFlags, ItemState, ReviewRow
    from quiz.tui.library import Library

PROGRESS_WORKER = "card progress"


def describe_response(card: Card, response_json: str) -> str:
    """A logged response in words, as the card's kind says it (the text typed, the choices
    picked, "revealed"); ``?`` when it cannot be read or is not one the card takes."""
    from quiz.study.grading import response_from_json

    try:
        response = response_from_json(response_json)
    except ValueError:
        return "?"
    return tui_kind_of(card).describe(card, response)


class CardScreen(Screen[None]):
    """Everything about one card: content, explanation, source, schedule and history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="card.close"),
        Binding("c", "cram", "Cram this card", id="card.cram"),
        Binding("U", "unsuspend", "Unsuspend", id="card.unsuspend"),
    ]

    def __init__(self, library: Library, deck: StudyDeck, card: Card) -> None:
        super().__init__()
        self.flags: dict[str, ItemFlags] = {}  # what sets the card's items aside, once read
        self.library = library
        self.deck = deck
        self.card = card
        self._progress: tuple[dict[str, ItemState], list[ReviewRow]] | None = None  # once read

    def compose(self) -> ComposeResult:
        card = self.card
        yield TitleBar(self.deck.title, f"{type_label(card.type)} · {card.id}")
        with VerticalScroll(id="card-body"):
            yield Static(self._content(), id="card-content")
            yield from tui_kind_of(card).page_widgets(card)
            yield Static(Content.assemble(("Explanation", "bold $text-accent")), classes="heading")
            yield Static(Content(self.card.explanation or "(none)"), id="card-explanation")
            yield Static(Content.assemble(("Source", "bold $text-accent")), classes="heading")
            yield Static(source_content(self.deck, self.card), id="card-source")
            yield Static(Content.assemble(("Schedule", "bold $text-accent")), classes="heading")
            yield Static(id="card-schedule")
            yield Static(Content.assemble(("History", "bold $text-accent")), classes="heading")
            yield Static(id="card-history")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_progress()
        self.query_one("#card-body", VerticalScroll).focus()

    def on_screen_resume(self) -> None:
        self.refresh_progress()

    def on_resize(self) -> None:
        if self._progress is not None:
            self._show_progress(*self._progress)  # the history's width follows the screen

    def _content(self) -> Content:
        card = self.card
        parts = tui_kind_of(card).page_content(card)
        if card.tags:
            parts.extend(["\n\n", (f"Tags: {', '.join(card.tags)}", "$text-muted")])
        return Content.assemble(*parts)

    def refresh_progress(self) -> None:
        """Read the card's schedule and history among the store calls (off the UI thread,
        after the answers still being written), and show them when they are in."""
        self.run_worker(
            self._read_progress(), name=PROGRESS_WORKER, group=PROGRESS_WORKER, exclusive=True
        )

    async def _read_progress(self) -> None:
        from quiz.progress.errors import StoreError

        items = item_ids(self.card)
        store, deck_id = self.library.store, self.deck.id

        def read() -> tuple[dict[str, ItemState], dict[str, ItemFlags], list[ReviewRow]]:
            states, flags = store.item_states(deck_id), store.item_flags(deck_id)
            return states, flags, [row for item in items for row in store.history(deck_id, item)]

        try:
            states, self.flags, history = await in_order(self.library.store_calls, read)
        except StoreError as error:
            self.notify(str(error), title="Could not read progress", severity="error")
            return
        history.sort(key=lambda row: (row.reviewed_at, row.id))
        self._progress = (states, history)
        self._show_progress(states, history)

    def _show_progress(self, states: dict[str, ItemState], history: list[ReviewRow]) -> None:
        """Draw the schedule of each item and the history, as of now."""
        items = item_ids(self.card)
        now = self.library.now()
        schedule: list[Part] = []
        for item in items:
            label = f"{item.partition('#')[2]}: " if len(items) > 1 else ""
            schedule.extend(self._state_line(label, states.get(item), now))
            if words := flag_words(self.flags.get(item), now):
                schedule.append((f" · {', '.join(words)}", "bold $text-warning"))
            schedule.append("\n")
        self.query_one("#card-schedule", Static).update(Content.assemble(*schedule[:-1]))
        self.query_one("#card-history", Static).update(self._history(history, len(items) > 1))

    @staticmethod
    def _state_line(label: str, state: ItemState | None, now: datetime) -> list[Part]:
        if state is None:
            return [(label, "bold"), "new, never studied"]
        due = "due now" if state.due <= now else f"due {relative_time(state.due, now)}"
        line: list[Part] = [
            (label, "bold"),
            (state.state, "bold"),
            f" · {due} ({local_time(state.due)})",
        ]
        details = []
        if state.last_review is not None:
            details.append(f"last studied {relative_time(state.last_review, now)}")
        if state.stability is not None:
            details.append(f"stability {state.stability:.1f} d")
        if state.difficulty is not None:
            details.append(f"difficulty {state.difficulty:.1f}")
        if details:
            line.append((f"\n{' ' * len(label)}{' · '.join(details)}", "$text-muted"))
        return line

    def _history(self, rows: list[ReviewRow], show_item: bool) -> Content:
        if not rows:
            return Content("No reviews yet.")
        parts: list[Part] = []
        for row in rows:
            verdict: tuple[str, str] = ("  ", "")
            if row.correct is True:
                verdict = ("✓ ", "bold $text-success")
            elif row.correct is False:
                verdict = ("✗ ", "bold $text-error")
            item = f"{row.item_id.partition('#')[2]:<4}" if show_item else ""
            taken = f" {duration_text(timedelta(milliseconds=row.duration_ms)):>8}  "
            used = 16 + 2 + len(item) + 2 + 6 + len(taken)
            width = max(10, self.size.width - 6 - used)
            parts.extend(
                [
                    (local_time(row.reviewed_at), "$text-muted"),
                    "  ",
                    item,
                    verdict,
                    (f"{RATING_NAMES[int(row.rating)]:<6}", "bold"),
                    taken,
                    one_line(visible(describe_response(self.card, row.response)), width),
                    "\n",
                ]
            )
        return Content.assemble(*parts[:-1])

    def action_close(self) -> None:
        """Back to the card list."""
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer to unsuspend only a card with an item set aside."""
        if action == "unsuspend":
            now = self.library.now()
            return any(
                {"suspended", "buried"} & set(flag_words(self.flags.get(item), now))
                for item in item_ids(self.card)
            )
        return True

    async def action_unsuspend(self) -> None:
        """Let the card's items be studied again (a leech keeps its tag), written among the
        store calls (off the UI thread)."""
        from quiz.progress.errors import StoreError

        store, deck_id, items = self.library.store, self.deck.id, item_ids(self.card)
        try:
            await in_order(self.library.store_calls, lambda: unsuspend(store, deck_id, items))
        except StoreError as error:
            self.notify(str(error), title="Could not unsuspend", severity="error")
            return
        self.refresh_progress()
        self.refresh_bindings()
        self.notify("The card will be studied again.", timeout=3)

    def action_cram(self) -> None:
        """Study this card now without changing its schedule."""
        items = tuple((self.deck.id, item) for item in item_ids(self.card))
        self.post_message(Navigate(CramItems(items)))
