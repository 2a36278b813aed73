"""The cards of one or more decks in a table: prompt, type, state and when due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from quiz.tui.text import one_line, relative_time, short_type_label
from quiz.tui.widgets.fitted_table import FittedTable


@dataclass(frozen=True)
class CardRow:
    """One card as the table shows it."""

    key: str  # "deck_id/card_id"
    deck_title: str
    prompt: str
    card_type: str
    state: str  # "new", "learning", "review", "relearning", or e.g. "review 1/2"
    due: datetime | None


class CardTable(FittedTable):
    """A row per card; the prompt column takes the width the others leave."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open card", id="card-table.select-cursor")
    ]

    def __init__(self, *, show_deck: bool, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.show_deck = show_deck
        self._rows: list[CardRow] = []
        self._now: datetime | None = None

    def show_rows(self, rows: list[CardRow], now: datetime) -> None:
        """Replace the rows."""
        self._rows = rows
        self._now = now
        self._rebuild()

    @property
    def selected_key(self) -> str | None:
        """The ``deck_id/card_id`` of the highlighted row."""
        if 0 <= self.cursor_row < len(self._rows):
            return self._rows[self.cursor_row].key
        return None

    def _rebuild(self) -> None:
        widths = {"deck": 14 if self.show_deck else 0, "type": 10, "state": 10, "due": 10}
        available = self.size.width or self.app.size.width
        fixed = sum(width + 2 for width in widths.values() if width)
        prompt_width = max(16, available - fixed - 4)
        self.clear(columns=True)
        self.add_column("Card", width=prompt_width, key="prompt")
        if self.show_deck:
            self.add_column("Deck", width=widths["deck"], key="deck")
        self.add_column("Type", width=widths["type"], key="type")
        self.add_column("State", width=widths["state"], key="state")
        self.add_column(Text("Due", justify="right"), width=widths["due"], key="due")
        for row in self._rows:
            cells = [Text(one_line(row.prompt, prompt_width))]
            if self.show_deck:
                cells.append(Text(one_line(row.deck_title, widths["deck"]), style="dim"))
            cells.append(Text(short_type_label(row.card_type)))
            cells.append(Text(row.state, style="dim" if row.state == "new" else ""))
            due = "–"
            if row.due is not None and self._now is not None:
                due = "now" if row.due <= self._now else relative_time(row.due, self._now)
            cells.append(Text(due, justify="right"))
            self.add_row(*cells, key=row.key)
