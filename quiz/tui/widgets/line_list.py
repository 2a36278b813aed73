"""A list drawn line by line (Textual's line API): a heading, then only the rows in view.

However many rows it holds, a frame draws the twenty or forty on screen, and replacing the
rows costs nothing until they are drawn: what a list of ten thousand cards filtered on every
keystroke needs, where a general-purpose table builds and styles every row it is given.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

MAX_KEPT_LINES = 4096


class LineList(ScrollView, can_focus=True):
    """Rows under a one-line heading, with a cursor moved by keys and the mouse.

    A subclass says how many rows there are (:meth:`row_count`), what each is called
    (:meth:`row_key`) and how the heading and a row look (:meth:`heading_segments`,
    :meth:`row_segments`); it calls :meth:`rows_changed` when its rows change. Posts
    :class:`Highlighted` when the cursor moves to another row (keys, a click,
    :meth:`move_cursor`) and :class:`Selected` when a row is chosen (enter, or a click on the
    highlighted row). A subclass that defines messages of its own name derives them from
    these, so that handlers are named after it.

    A subclass styles the list and the component classes it draws with (:attr:`HEADER`,
    :attr:`CURSOR`, :attr:`HOVER`, or its own): the deck list's styles are in the first
    frame's stylesheet, which then parses none of a list it does not show.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous row", show=False, id="line-list.cursor-up"),
        Binding("down,j", "cursor_down", "Next row", show=False, id="line-list.cursor-down"),
        Binding("home", "first", "First row", show=False, id="line-list.first"),
        Binding("end", "last", "Last row", show=False, id="line-list.last"),
        Binding("pageup", "page_up", "Page up", show=False, id="line-list.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="line-list.page-down"),
    ]
    HEADER = "line-list--header"
    CURSOR = "line-list--cursor"
    HOVER = "line-list--hover"
    COMPONENT_CLASSES: ClassVar[set[str]] = {HEADER, CURSOR, HOVER}
    EMPTY: ClassVar[str | None] = None
    """The component class of :attr:`empty_text` (None: the list's own style)."""
    # Its length lays the screen out only when the scroll bar comes or goes (see rows_changed)
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

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
        self._cursor = 0
        self._hover: int | None = None
        self.empty_text = ""
        """Said on the first line when there is no row (set it before the rows change)."""
        # Lines drawn, by (row identity, width, cursor or hover): a list filtered anew on each
        # keystroke shows many of the rows it showed before.
        self._lines: dict[tuple[Hashable, int, int], Strip] = {}

    # -- what a subclass provides ---------------------------------------------------------

    def row_count(self) -> int:
        """How many rows there are."""
        raise NotImplementedError

    def row_key(self, index: int) -> str:
        """The key of the row at ``index``."""
        raise NotImplementedError

    def heading_segments(self, width: int) -> list[Segment]:
        """The heading line's text, ``width`` cells wide."""
        raise NotImplementedError

    def row_segments(self, index: int, width: int) -> list[Segment]:
        """The text of the row at ``index``, ``width`` cells wide, each part with its style."""
        raise NotImplementedError

    def row_identity(self, index: int) -> Hashable | None:
        """A value that changes whenever the row at ``index`` would be drawn differently, so
        its line can be kept and drawn again (None: draw it every time)."""
        return None

    def clear_line_cache(self) -> None:
        """Forget the lines kept for drawing again (what the rows show has changed)."""
        self._lines.clear()

    # -- rows and cursor -----------------------------------------------------------------

    def rows_changed(self, cursor: int = 0) -> None:
        """The rows were replaced: put the cursor on row ``cursor`` (kept within the rows),
        without a :class:`Highlighted` (the caller knows what it changed), and redraw."""
        self._cursor = self._clamp(cursor)
        self._hover = None
        self._set_virtual_height(self.row_count() + 1)  # the heading, then the rows
        self._cursor_moved(None)

    def _set_virtual_height(self, height: int) -> None:
        """Make the list ``height`` lines long, laying out the screen only when the scroll bar
        comes or goes: while it stays as it is, nothing else on the screen moves, and a
        layout would cost a frame's worth of time on every search keystroke."""
        view = self.scrollable_content_region.height
        bar_changes = (height > view) != (self.virtual_size.height > view)
        size = Size(0, height)
        self.virtual_size = size
        if not self.is_mounted or view <= 0 or bar_changes:
            self.refresh(layout=True)
        else:
            self._scroll_update(size)
            self.refresh()

    @property
    def cursor_row(self) -> int:
        """The index of the highlighted row (0 when there are none)."""
        return self._cursor

    @property
    def selected_key(self) -> str | None:
        """The key of the highlighted row, or None when there are no rows."""
        return self.row_key(self._cursor) if self.row_count() else None

    def move_cursor(self, row: int) -> None:
        """Highlight the row at ``row`` (kept within the rows), scrolled into view."""
        before = self.selected_key
        self._cursor = self._clamp(row)
        self._cursor_moved(before)

    def _clamp(self, row: int) -> int:
        return max(0, min(row, self.row_count() - 1))

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
        self.move_cursor(self.row_count() - 1)

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
        return index if 0 <= index < self.row_count() else None

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
        self.clear_line_cache()
        self.refresh()  # the theme changed, or the focus: the line colours come from styles

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style(self.HEADER)
            return self._strip(self.heading_segments(width), width, style)
        index = self._row_at(y)
        if index is None:
            if y == 1 and self.empty_text and not self.row_count():
                style = base + self.get_component_rich_style(self.EMPTY) if self.EMPTY else base
                return self._strip([Segment(f" {self.empty_text}")], width, style)
            return Strip.blank(width, base)
        # The cursor and the hover colour the whole line, over the parts' colours; full
        # styles, as their backgrounds may be translucent (blended over the list's).
        over, layer = None, 0
        if index == self._cursor:
            over, layer = self.get_component_rich_style(self.CURSOR), 1
        elif index == self._hover:
            over, layer = self.get_component_rich_style(self.HOVER), 2
        identity = self.row_identity(index)
        if identity is None:
            return self._strip(self.row_segments(index, width), width, base, over)
        key = (identity, width, layer)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) >= MAX_KEPT_LINES:
                self._lines.clear()
            line = self._strip(self.row_segments(index, width), width, base, over)
            self._lines[key] = line
        return line

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
