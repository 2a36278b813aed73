"""The deck list: title, card count and new / learning / due counts, one row per deck.

Drawn line by line from the rows (Textual's line API): the list is on the first screen a
student sees, and a general-purpose table costs several times as much to style and draw.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quiz.safe_text import visible
from quiz.tui.text import one_line

ALL_KEY = "*all*"
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


class DeckTable(ScrollView, can_focus=True):
    """A row per deck under a fixed heading; the deck column takes the width the counts leave.

    Posts :class:`Highlighted` when the cursor is moved to another row (keys, a click,
    :meth:`move_cursor`; not by :meth:`show_rows`, whose caller knows what it changed) and
    :class:`Selected` when a row is chosen (enter, or a click on the highlighted row).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "deck-table--header",
        "deck-table--cursor",
        "deck-table--hover",
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

    class Highlighted(Message):
        """The cursor moved to the row with this key."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class Selected(Message):
        """The row with this key was chosen."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[DeckRow] = []
        self._number_width = NUMBER_WIDTH  # the count columns' width, to fit every count
        self._cursor = 0
        self._hover: int | None = None

    # -- data ------------------------------------------------------------------------------

    def show_rows(self, rows: list[DeckRow]) -> None:
        """Replace the rows, keeping the cursor on the same row key when it is still there."""
        before = self.selected_key
        self._rows = list(rows)
        self._hover = None
        widest = max((len(str(value)) for row in self._rows for value in row.counts), default=0)
        self._number_width = max(NUMBER_WIDTH, widest)
        keys = [row.key for row in self._rows]
        self._cursor = keys.index(before) if before in keys else self._clamp(self._cursor)
        self._update_virtual_size()
        self._cursor_moved(None)

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

    @property
    def cursor_row(self) -> int:
        """The index of the highlighted row (0 when there are none)."""
        return self._cursor

    @property
    def selected_key(self) -> str | None:
        """The key of the highlighted row, or None when there are no rows."""
        return self._rows[self._cursor].key if self._rows else None

    def move_cursor(self, row: int) -> None:
        """Highlight the row at ``row`` (kept within the rows), scrolled into view."""
        before = self.selected_key
        self._cursor = self._clamp(row)
        self._cursor_moved(before)

    def _clamp(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def _cursor_moved(self, before: str | None) -> None:
        """Redraw and bring the cursor into view; say so if it left the row ``before`` (None:
        say nothing)."""
        self.refresh()
        if self.is_mounted:
            self._scroll_cursor_into_view()
        key = self.selected_key
        if before is not None and key is not None and key != before:
            self.post_message(self.Highlighted(key))

    # -- keys and mouse --------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        """Highlight the row above."""
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        """Highlight the row below."""
        self.move_cursor(self._cursor + 1)

    def action_first(self) -> None:
        """Highlight the first row."""
        self.move_cursor(0)

    def action_last(self) -> None:
        """Highlight the last row."""
        self.move_cursor(len(self._rows) - 1)

    def action_page_up(self) -> None:
        """Move the cursor up by a screenful of rows."""
        self.move_cursor(self._cursor - self._page_rows())

    def action_page_down(self) -> None:
        """Move the cursor down by a screenful of rows."""
        self.move_cursor(self._cursor + self._page_rows())

    def action_select_cursor(self) -> None:
        """Choose the highlighted row."""
        key = self.selected_key
        if key is not None:
            self.post_message(self.Selected(key))

    def _row_at(self, y: int) -> int | None:
        """The index of the row drawn on the widget's line ``y``, if any."""
        if y < 1:
            return None  # the heading
        index = y - 1 + round(self.scroll_offset.y)
        return index if 0 <= index < len(self._rows) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event.y)
        if index is None:
            return
        if index == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(index)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._row_at(event.y)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    # -- layout ----------------------------------------------------------------------------

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def _update_virtual_size(self) -> None:
        # One line of heading above the rows; the width is the widget's (nothing scrolls
        # sideways: the deck column shrinks instead).
        self.virtual_size = Size(0, len(self._rows) + 1)

    def _scroll_cursor_into_view(self) -> None:
        visible = self.scrollable_content_region.height - 1  # lines under the heading
        if visible <= 0:
            return
        top = round(self.scroll_offset.y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False, immediate=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()  # the theme changed, or the focus: the line colours come from styles

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        number_width = self._number_width
        title_width = max(1, width - 2 - len(HEADINGS) * (GAP + number_width))
        if y == 0:
            style = base + self.get_component_rich_style("deck-table--header")
            heading = " " + "Deck".ljust(title_width)
            heading += "".join(" " * GAP + label.rjust(number_width) for label in HEADINGS)
            return self._strip([Segment(heading + " ")], width, style)
        index = self._row_at(y)
        if index is None:
            return Strip.blank(width, base)
        row = self._rows[index]
        # The cursor and the hover colour the whole line, over the counts' colours; full
        # styles, as their backgrounds may be translucent (blended over the table's).
        over = None
        if index == self._cursor:
            over = self.get_component_rich_style("deck-table--cursor")
        elif index == self._hover:
            over = self.get_component_rich_style("deck-table--hover")
        return self._strip(self._row_segments(row, title_width, number_width), width, base, over)

    def _row_segments(self, row: DeckRow, title_width: int, number_width: int) -> list[Segment]:
        """The row's text, each part with a style of its own."""
        component = self.get_component_rich_style
        name = visible(row.title)  # a broken row is named after its file
        if row.broken:
            title = one_line(f"{name} (broken)", title_width).ljust(title_width)
            dash = " " * GAP + "–".rjust(number_width)
            zero = component("deck-table--zero", partial=True)
            segments = [Segment(f" {title}", component("deck-table--broken", partial=True))]
            return segments + [Segment(dash, zero)] * len(HEADINGS) + [Segment(" ")]
        title_style = component("deck-table--total", partial=True) if row.key == ALL_KEY else None
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

    @staticmethod
    def _strip(
        segments: list[Segment], width: int, under: Style, over: Style | None = None
    ) -> Strip:
        """One line of ``width`` cells, cut or padded: each segment's style goes over
        ``under`` and under ``over``."""
        styled = []
        for text, style, _ in segments:
            combined = under + style if style else under
            styled.append(Segment(text, combined + over if over else combined))
        line_style = under + over if over else under
        return Strip(styled).adjust_cell_length(width, line_style)
