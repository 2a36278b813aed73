"""The items of an order card, to be put in sequence with the keys, then marked place by place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from quiz.kinds.order import PlacedItem
from quiz.tui.widgets.lines_in_view import show_lines

MARK_WIDTH = 6
"""Columns before an item's text: ``✗ 12. ``; wrapped lines are indented this far."""

CURSOR_GLYPH = "›"
RIGHT_GLYPH = "✓"
WRONG_GLYPH = "✗"


class OrderList(Widget, can_focus=True):
    """Numbered items in the order the student is building, one of them highlighted.

    The arrows (or ``j``/``k``) move the highlight; ``shift`` with an arrow (or ``K``/``J``)
    moves the highlighted item up or down; ``enter`` posts :class:`OrderList.Submitted`.
    Once shown the result (:meth:`show_result`), the list reads down as the correct order,
    each place marked ``✓`` when the student had that item there and ``✗`` when not, with
    the number of the item they had put there; the keys then do nothing, so they reach the
    screen.
    """

    DEFAULT_CSS = """
    OrderList {
        height: auto;
        & > .order-list--cursor { background: $boost; }
        &:focus > .order-list--cursor { background: $accent 25%; }
        & > .order-list--number { color: $text-muted; }
        & > .order-list--right { color: $text-success; text-style: bold; }
        & > .order-list--wrong { color: $text-error; text-style: bold; }
        & > .order-list--placed { color: $text-muted; text-style: italic; }
        & > .order-list--hint { color: $text-muted; text-style: italic; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "order-list--cursor",
        "order-list--number",
        "order-list--right",
        "order-list--wrong",
        "order-list--placed",
        "order-list--hint",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up,k", "highlight(-1)", "Highlight the item above", show=False, id="order-list.up"
        ),
        Binding(
            "down,j", "highlight(1)", "Highlight the item below", show=False, id="order-list.down"
        ),
        Binding("shift+up,K", "move(-1)", "Move up", id="order-list.move-up"),
        Binding("shift+down,J", "move(1)", "Move down", id="order-list.move-down"),
        Binding("enter", "submit", "Submit", id="order-list.submit"),
    ]

    order: reactive[tuple[int, ...]] = reactive((), layout=True)
    """The items top to bottom, as indexes into the texts shown (authored order)."""
    cursor: reactive[int] = reactive(0)
    """The position of the highlighted item."""
    result: reactive[tuple[PlacedItem, ...]] = reactive((), layout=True)
    """Once answered, each place of the correct order and how the student filled it."""

    class Submitted(Message):
        """The student submitted this order (authored indexes, first to last)."""

        def __init__(self, order: tuple[int, ...]) -> None:
            super().__init__()
            self.order = order

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.texts: tuple[str, ...] = ()
        self.hint = ""

    def show_items(self, texts: Sequence[str], order: Sequence[int], *, hint: str = "") -> None:
        """Show fresh items: ``texts`` in authored order, arranged as ``order`` to start."""
        self.texts = tuple(texts)
        self.hint = hint
        self.result = ()
        self.cursor = 0
        self.order = tuple(order) if order else tuple(range(len(self.texts)))
        self.refresh(layout=True)  # the texts changed even when the order did not

    def show_result(self, places: Sequence[PlacedItem]) -> None:
        """Show the correct order, each place marked right or wrong."""
        self.result = tuple(places)

    @property
    def answered(self) -> bool:
        """Whether the result is shown (the order can no longer change)."""
        return bool(self.result)

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("highlight", "move", "submit"):
            return not self.answered and bool(self.order)
        return True

    def action_highlight(self, step: int) -> None:
        """Highlight the item ``step`` places away, wrapping round at either end."""
        self.cursor = (self.cursor + step) % len(self.order)

    def action_move(self, step: int) -> None:
        """Swap the highlighted item with its neighbour ``step`` away; it stays highlighted."""
        target = self.cursor + step
        if not 0 <= target < len(self.order):
            return
        order = list(self.order)
        order[self.cursor], order[target] = order[target], order[self.cursor]
        self.order = tuple(order)
        self.cursor = target

    def action_submit(self) -> None:
        """Hand the order to the screen."""
        self.post_message(self.Submitted(self.order))

    def watch_cursor(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self._show_cursor)

    def _show_cursor(self) -> None:
        """Scroll the study pane so that the highlighted item is in view."""
        rows = [row for row, _line in self._lines(self.content_size.width)]
        if self.cursor in rows:
            show_lines(self, rows.index(self.cursor), rows.count(self.cursor))

    # -- drawing ---------------------------------------------------------------------------

    def _lines(self, width: int) -> list[tuple[int | None, Content]]:
        """Every line to draw, with the position it belongs to (None for the hint)."""
        body_width = max(10, width - MARK_WIDTH)
        indent = Content(" " * MARK_WIDTH)
        lines: list[tuple[int | None, Content]] = []
        for position, (head, body, note) in enumerate(self._rows()):
            row_lines = list(body.wrap(body_width))
            if note is not None:  # after the text, or on a line of its own: never split
                if row_lines[-1].cell_length + 2 + note.cell_length <= body_width:
                    row_lines[-1] = Content.assemble(row_lines[-1], "  ", note)
                else:
                    row_lines.append(note)
            for number, line in enumerate(row_lines):
                full = (head if number == 0 else indent) + line
                full = full.pad_right(max(0, width - full.cell_length))
                if position == self.cursor and not self.answered:
                    full = full.stylize_before(self.get_visual_style("order-list--cursor"))
                lines.append((position, full))
        if self.hint and not self.answered:
            hint = Content(self.hint).stylize(self.get_visual_style("order-list--hint"))
            lines.extend((None, indent + line) for line in hint.wrap(body_width))
        return lines

    def _rows(self) -> list[tuple[Content, Content, Content | None]]:
        """Each place: its mark and number, its item, and once answered a note of what the
        student had put there when it was wrong."""
        style = self.get_visual_style
        number_style = style("order-list--number")
        rows: list[tuple[Content, Content, Content | None]] = []
        if self.result:
            for place in self.result:
                glyph: Content | str = " "
                note = None
                if place.right is True:
                    glyph = Content(RIGHT_GLYPH).stylize(style("order-list--right"))
                elif place.right is False and place.placed is not None:
                    glyph = Content(WRONG_GLYPH).stylize(style("order-list--wrong"))
                    note = Content(f"(you had {place.placed + 1} here)")
                    note = note.stylize(style("order-list--placed"))
                head = Content.assemble(glyph, " ", self._number(place.position, number_style))
                rows.append((head, Content(place.text), note))
            return rows
        for position, index in enumerate(self.order):
            glyph = CURSOR_GLYPH if position == self.cursor else " "
            head = Content.assemble(glyph, " ", self._number(position, number_style))
            rows.append((head, Content(self.texts[index]), None))
        return rows

    @staticmethod
    def _number(position: int, style: Style) -> Content:
        return Content(f"{position + 1:>2}. ").stylize(style)

    def render(self) -> Content:
        return Content("\n").join(line for _row, line in self._lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def on_focus(self) -> None:
        self.refresh()  # the highlight is brighter while the list has focus

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        lines = self._lines(self.content_size.width)
        if not self.answered and 0 <= event.y < len(lines):
            row = lines[event.y][0]
            if row is not None:
                self.cursor = row
