"""The deck list: title, card count and new / learning / due counts, one row per deck."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from quiz.tui.text import one_line

ALL_KEY = "*all*"
NUMBER_WIDTH = 5


@dataclass(frozen=True)
class DeckRow:
    """One row: a deck, all decks together, or a file that failed to load."""

    key: str
    title: str
    cards: int = 0
    new: int = 0
    learning: int = 0
    due: int = 0
    broken: bool = False


class DeckTable(DataTable[Text]):
    """A row per deck; the deck column takes the width the counts leave."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Study", id="deck-table.select-cursor")
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._rows: list[DeckRow] = []
        self._built_width = 0  # the deck column's width at the last rebuild

    def show_rows(self, rows: list[DeckRow]) -> None:
        """Replace the rows, keeping the cursor on the same deck when it is still there."""
        selected = self.selected_key
        self._rows = rows
        self._rebuild()
        keys = [row.key for row in rows]
        if selected in keys:
            self.move_cursor(row=keys.index(selected), animate=False)

    @property
    def deck_rows(self) -> tuple[DeckRow, ...]:
        """The rows shown, in order."""
        return tuple(self._rows)

    @property
    def selected_key(self) -> str | None:
        """The key of the highlighted row."""
        if not self._rows or self.cursor_row >= len(self._rows) or self.cursor_row < 0:
            return None
        return self._rows[self.cursor_row].key

    def on_resize(self) -> None:
        if self._rows and self._title_width() != self._built_width:
            cursor = self.cursor_row
            self._rebuild()
            self.move_cursor(row=cursor, animate=False)

    def _title_width(self) -> int:
        available = self.size.width or self.app.size.width
        return max(12, available - 4 * (NUMBER_WIDTH + 2) - 4)

    def _rebuild(self) -> None:
        width = self._built_width = self._title_width()
        self.clear(columns=True)
        self.add_column(Text("Deck"), width=width, key="title")  # plain: no markup parser
        for label in ("Cards", "New", "Learn", "Due"):
            self.add_column(Text(label, justify="right"), width=NUMBER_WIDTH, key=label.lower())
        for row in self._rows:
            self.add_row(*self._cells(row, width), key=row.key)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())

    def _cells(self, row: DeckRow, width: int) -> list[Text]:
        theme = self.app.current_theme
        if row.broken:
            title = one_line(f"{row.title} (broken)", width)
            dash = Text("–", style="dim", justify="right")
            return [Text(title, style=f"bold {theme.error or 'red'}"), dash, dash, dash, dash]

        def number(value: int, color: str | None) -> Text:
            style = f"bold {color}" if value and color else ("" if value else "dim")
            return Text(str(value), style=style, justify="right")

        return [
            Text(one_line(row.title, width), style="bold" if row.key == ALL_KEY else ""),
            number(row.cards, None),
            number(row.new, theme.primary),
            number(row.learning, theme.warning),
            number(row.due, theme.success),
        ]
