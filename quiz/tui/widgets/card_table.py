"""The cards of one or more decks in a list: prompt, deck, type, state and when due.

Drawn a line at a time from a sequence of rows (:class:`~quiz.tui.widgets.line_list.LineList`)
that may make each row only when it is first drawn, so showing ten thousand cards, or
another search's matches among them, costs what the rows on screen cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import ClassVar, NamedTuple, overload

from rich.segment import Segment
from textual.binding import Binding, BindingType

from quiz.tui.text import one_line, short_span, short_type_label
from quiz.tui.widgets.line_list import LineList

DECK_WIDTH, TYPE_WIDTH, STATE_WIDTH, DUE_WIDTH = 14, 10, 10, 8
MIN_PROMPT_WIDTH = 28  # narrower, and the type column gives the prompt its room
LATE = timedelta(minutes=1)  # due for less than this: "now"


class CardRow(NamedTuple):  # a named tuple: rows are made while the list is drawn
    """One card as the list shows it."""

    key: str  # "deck_id/card_id"
    deck_title: str
    prompt: str
    card_type: str
    state: str  # "new", "learning", "review", "relearning", or e.g. "review 1/2"
    due: datetime | None


class LazyRows(Sequence[CardRow]):
    """The rows of the cards chosen (indices), each made by ``make`` when the list first
    draws it."""

    def __init__(self, make: Callable[[int], CardRow], chosen: Sequence[int]) -> None:
        self._make = make
        self._chosen = chosen

    def __len__(self) -> int:
        return len(self._chosen)

    @overload
    def __getitem__(self, index: int) -> CardRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[CardRow]: ...
    def __getitem__(self, index: int | slice) -> CardRow | list[CardRow]:
        if isinstance(index, slice):
            return [self._make(card) for card in self._chosen[index]]
        return self._make(self._chosen[index])


class CardTable(LineList):
    """A row per card under a heading; the prompt column takes the width the others leave.

    Columns are a space apart, with a space at either end. Posts :class:`Selected` when a card is
    chosen (enter, or a click on the highlighted row).
    """

    DEFAULT_CSS = """
    CardTable {
        background: $surface;
        color: $foreground;
        & > .line-list--header {
            text-style: bold;
            background: $panel;
        }
        & > .line-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .line-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .line-list--hover {
            background: $block-hover-background;
        }
    }
    CardTable > .card-table--muted { color: $text-muted; }
    """
    MUTED = "card-table--muted"
    COMPONENT_CLASSES: ClassVar[set[str]] = {*LineList.COMPONENT_CLASSES, MUTED}
    EMPTY = MUTED
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="card-table.select-cursor")
    ]

    class Highlighted(LineList.Highlighted):
        """The cursor moved to the card with this key."""

    class Selected(LineList.Selected):
        """The card with this key was chosen."""

    def __init__(self, *, show_deck: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_deck = show_deck
        self._rows: Sequence[CardRow] = ()
        self._now: datetime | None = None

    def show_rows(self, rows: Sequence[CardRow], now: datetime, *, cursor: int = 0) -> None:
        """Show ``rows`` (read only as they are drawn), due times relative to ``now`` (the
        moment the states were read), with the cursor on row ``cursor``."""
        self._rows = rows
        if now != self._now:
            self._now = now
            self.clear_line_cache()  # the due times are worded relative to it
        self.rows_changed(cursor)

    @property
    def row_keys(self) -> list[str]:
        """The ``deck_id/card_id`` of every row, in order."""
        return [row.key for row in self._rows]

    def row_count(self) -> int:
        return len(self._rows)

    def row_key(self, index: int) -> str:
        return self._rows[index].key

    def row_identity(self, index: int) -> CardRow:
        return self._rows[index]

    def _columns(self, width: int) -> list[tuple[str, int]]:
        """The title and text width of each column shown at ``width`` cells, the prompt's
        first: it takes what the others leave, and the type goes when it would be cut short."""
        fixed = [("Deck", DECK_WIDTH)] if self.show_deck else []
        fixed += [("Type", TYPE_WIDTH), ("State", STATE_WIDTH), ("Due", DUE_WIDTH)]
        prompt = width - sum(size + 1 for _, size in fixed) - 2
        if prompt < MIN_PROMPT_WIDTH:
            prompt += TYPE_WIDTH + 1
            fixed = [column for column in fixed if column[0] != "Type"]
        return [("Card", max(1, prompt)), *fixed]

    def heading_segments(self, width: int) -> list[Segment]:
        columns = self._columns(width)
        cells = [title.ljust(size) for title, size in columns[:-1]]
        return [Segment(f" {' '.join(cells)} {'Due'.rjust(DUE_WIDTH)} ")]

    def row_segments(self, index: int, width: int) -> list[Segment]:
        row = self._rows[index]
        muted = self.get_component_rich_style(self.MUTED, partial=True)
        segments = []
        for title, size in self._columns(width):
            if title == "Card":
                segments.append(Segment(f" {one_line(row.prompt, size).ljust(size)}"))
            elif title == "Deck":
                segments.append(Segment(f" {one_line(row.deck_title, size).ljust(size)}", muted))
            elif title == "Type":
                kind = one_line(short_type_label(row.card_type), size).ljust(size)
                segments.append(Segment(f" {kind}"))
            elif title == "State":
                state = one_line(row.state, size).ljust(size)
                segments.append(Segment(f" {state}", muted if row.state == "new" else None))
        segments.append(Segment(f" {self._due_text(row).rjust(DUE_WIDTH)} "))
        return segments

    def _due_text(self, row: CardRow) -> str:
        """When the card is due, in a few characters: ``now``, ``in 3d``, ``2h ago``."""
        if row.due is None or self._now is None:
            return "–"
        if row.due <= self._now:
            late = self._now - row.due
            return "now" if late < LATE else f"{short_span(late)} ago"
        return f"in {short_span(row.due - self._now)}"
