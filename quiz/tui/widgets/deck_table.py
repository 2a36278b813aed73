"""The deck list: title, card count and new / learning / due counts, one row per deck.

Drawn line by line from the rows (Textual's line API, through
:class:`~quiz.tui.widgets.line_list.LineList`): the list is on the first screen a student sees,
and a general-purpose table costs several times as much to style and draw.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.segment import Segment
from textual.binding import Binding, BindingType

from quiz.deck.summary import ALL_DECKS_ID
from quiz.safe_text import visible
from quiz.tui.text import one_line
from quiz.tui.widgets.line_list import LineList

NUMBER_WIDTH = 5  # the narrowest count column: fits its label ("Cards") and 99,999
GAP = 2  # spaces before each count column
HEADINGS = ("Cards", "New", "Learn", "Due")


class DeckRow(NamedTuple):  # a named tuple: made at start-up, where a dataclass is slower
    """One row: a deck, all decks together, or a file that failed to load."""

    key: str
    title: str
    cards: int = 0
    new: int = 0
    learning: int = 0
    due: int = 0
    broken: bool = False

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """Cards, new, learning and due, in column order."""
        return (self.cards, self.new, self.learning, self.due)


class DeckTable(LineList):
    """A row per deck under a fixed heading; the deck column takes the width the counts leave.

    Posts :class:`Highlighted` when the cursor is moved to another row (keys, a click,
    :meth:`move_cursor`; not by :meth:`show_rows`, whose caller knows what it changed) and
    :class:`Selected` when a row is chosen (enter, or a click on the highlighted row).
    """

    HEADER = "deck-table--header"
    CURSOR = "deck-table--cursor"
    HOVER = "deck-table--hover"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        HEADER,
        CURSOR,
        HOVER,
        "deck-table--total",
        "deck-table--broken",
        "deck-table--zero",
        "deck-table--new",
        "deck-table--learning",
        "deck-table--due",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Study", id="deck-table.select-cursor"),
        Binding("up,k", "cursor_up", "Previous row", show=False, id="deck-table.cursor-up"),
        Binding("down,j", "cursor_down", "Next row", show=False, id="deck-table.cursor-down"),
        Binding("home", "first", "First row", show=False, id="deck-table.first"),
        Binding("end", "last", "Last row", show=False, id="deck-table.last"),
        Binding("pageup", "page_up", "Page up", show=False, id="deck-table.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="deck-table.page-down"),
    ]

    class Highlighted(LineList.Highlighted):
        """The cursor moved to the row with this key."""

    class Selected(LineList.Selected):
        """The row with this key was chosen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[DeckRow] = []
        self._number_width = NUMBER_WIDTH  # the count columns' width, to fit every count

    # -- data ------------------------------------------------------------------------------

    def show_rows(self, rows: list[DeckRow]) -> None:
        """Replace the rows, keeping the cursor on the same row key when it is still there."""
        before = self.selected_key
        self._rows = list(rows)
        widest = max((len(str(value)) for row in self._rows for value in row.counts), default=0)
        self._number_width = max(NUMBER_WIDTH, widest)
        keys = [row.key for row in self._rows]
        self.rows_changed(keys.index(before) if before in keys else self.cursor_row)

    @property
    def deck_rows(self) -> tuple[DeckRow, ...]:
        """The rows shown, in order."""
        return tuple(self._rows)

    def row(self, key: str) -> DeckRow:
        """The row with this key; ``KeyError`` if none is shown."""
        for row in self._rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def row_count(self) -> int:
        return len(self._rows)

    def row_key(self, index: int) -> str:
        return self._rows[index].key

    # -- drawing ---------------------------------------------------------------------------

    def _title_width(self, width: int) -> int:
        return max(1, width - 2 - len(HEADINGS) * (GAP + self._number_width))

    def heading_segments(self, width: int) -> list[Segment]:
        number_width = self._number_width
        heading = " " + "Deck".ljust(self._title_width(width))
        heading += "".join(" " * GAP + label.rjust(number_width) for label in HEADINGS)
        return [Segment(heading + " ")]

    def row_segments(self, index: int, width: int) -> list[Segment]:
        """The row's text, each part with a style of its own."""
        row = self._rows[index]
        title_width, number_width = self._title_width(width), self._number_width
        component = self.get_component_rich_style
        name = visible(row.title)  # a broken row is named after its file
        if row.broken:
            title = one_line(f"{name} (broken)", title_width).ljust(title_width)
            dash = " " * GAP + "–".rjust(number_width)
            zero = component("deck-table--zero", partial=True)
            segments = [Segment(f" {title}", component("deck-table--broken", partial=True))]
            return segments + [Segment(dash, zero)] * len(HEADINGS) + [Segment(" ")]
        title_style = (
            component("deck-table--total", partial=True) if row.key == ALL_DECKS_ID else None
        )
        segments = [Segment(f" {one_line(name, title_width).ljust(title_width)}", title_style)]
        colours = (None, "deck-table--new", "deck-table--learning", "deck-table--due")
        for value, colour in zip(row.counts, colours, strict=True):
            if not value:
                style = component("deck-table--zero", partial=True)
            else:
                style = component(colour, partial=True) if colour else None
            segments.append(Segment(" " * GAP + str(value).rjust(number_width), style))
        segments.append(Segment(" "))
        return segments
