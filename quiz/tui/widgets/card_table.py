"""The cards of one or more decks in a list: prompt, deck, type, state and when due.

Drawn a line at a time from a sequence of rows (:class:`~quiz.tui.widgets.line_list.LineList`)
that may make each row only when it is first drawn, so showing ten thousand cards, or
another search's matches among them, costs what the rows on screen cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from textual.binding import Binding, BindingType

from quiz.tui.text import one_line, relative_time, short_type_label
from quiz.tui.widgets.line_list import LineList

DECK_WIDTH, TYPE_WIDTH, STATE_WIDTH, DUE_WIDTH = 14, 10, 10, 10
MIN_PROMPT_WIDTH = 16


class CardRow(NamedTuple):  # a named tuple: rows are made while the list is drawn
    """One card as the list shows it."""

    key: str  # "deck_id/card_id"
    deck_title: str
    prompt: str
    card_type: str
    state: str  # "new", "learning", "review", "relearning", or e.g. "review 1/2"
    due: datetime | None


class CardTable(LineList):
    """A row per card under a heading; the prompt column takes the width the others leave.

    Each column is padded by a space on either side. Posts :class:`Selected` when a card is
    chosen (enter, or a click on the highlighted row).
    """

    DEFAULT_CSS = """
    CardTable > .card-table--muted { color: $text-muted; }
    """
    MUTED = "card-table--muted"
    COMPONENT_CLASSES: ClassVar[set[str]] = {*LineList.COMPONENT_CLASSES, MUTED}
    EMPTY = MUTED
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open card", id="card-table.select-cursor")
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

    def _widths(self, width: int) -> list[int]:
        """The text width of each column, the prompt's first."""
        fixed = [DECK_WIDTH] if self.show_deck else []
        fixed += [TYPE_WIDTH, STATE_WIDTH, DUE_WIDTH]
        prompt = max(MIN_PROMPT_WIDTH, width - sum(column + 2 for column in fixed) - 2)
        return [prompt, *fixed]

    def heading_segments(self, width: int) -> list[Segment]:
        titles = ["Card", *(["Deck"] if self.show_deck else []), "Type", "State"]
        widths = self._widths(width)
        text = "".join(
            f" {title.ljust(size)} " for title, size in zip(titles, widths, strict=False)
        )
        return [Segment(text + f" {'Due'.rjust(widths[-1])} ")]

    def row_segments(self, index: int, width: int) -> list[Segment]:
        row = self._rows[index]
        widths = self._widths(width)
        muted = self.get_component_rich_style(self.MUTED, partial=True)
        segments = [Segment(f" {one_line(row.prompt, widths[0]).ljust(widths[0])} ")]
        if self.show_deck:
            deck = one_line(row.deck_title, DECK_WIDTH).ljust(DECK_WIDTH)
            segments.append(Segment(f" {deck} ", muted))
        kind = one_line(short_type_label(row.card_type), TYPE_WIDTH).ljust(TYPE_WIDTH)
        segments.append(Segment(f" {kind} "))
        state = one_line(row.state, STATE_WIDTH).ljust(STATE_WIDTH)
        segments.append(Segment(f" {state} ", muted if row.state == "new" else None))
        due = "–"
        if row.due is not None and self._now is not None:
            due = "now" if row.due <= self._now else relative_time(row.due, self._now)
        segments.append(Segment(f" {due.rjust(DUE_WIDTH)} "))
        return segments
