"""Per-deck statistics in a table: counts by state, reviews, retention, next due."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from quiz.deck.summary import ALL_DECKS_ID
from quiz.tui.text import one_line, percent, relative_time
from quiz.tui.widgets.fitted_table import FittedTable

if TYPE_CHECKING:
    from quiz.study.stats import DeckStats

COLUMNS = (
    ("Unseen", "new", 6),
    ("Learn", "learning", 5),
    ("Review", "review", 6),
    ("Today", "due", 5),
    ("30 d", "reviews", 5),
    ("Recall", "retention", 6),
    ("Next due", "next", 9),
)
MIN_TITLE_WIDTH = 12
"""Narrower than this, the table leaves out its last column ("Next due") rather than pan."""


class StatsTable(FittedTable):
    """A row per deck and one for all decks; highlighting a row charts it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Chart deck", show=False, id="stats-table.select-cursor")
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self._rows: list[tuple[str, DeckStats]] = []
        self._now: datetime | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())

    def show_stats(self, rows: list[tuple[str, DeckStats]], now: datetime) -> None:
        """Show ``(key, stats)`` rows as of ``now``."""
        self._rows = rows
        self._now = now
        self._rebuild()

    def _rebuild(self) -> None:
        available = self.size.width or self.app.size.width
        columns = COLUMNS
        if available - sum(width + 2 for *_, width in columns) - 4 < MIN_TITLE_WIDTH:
            columns = COLUMNS[:-1]
        title_width = max(MIN_TITLE_WIDTH, available - sum(width + 2 for *_, width in columns) - 4)
        self.clear(columns=True)
        self.add_column("Deck", width=title_width, key="title")
        for label, key, width in columns:
            self.add_column(Text(label, justify="right"), width=width, key=key)
        for key, stats in self._rows:
            self.add_row(*self._cells(key, stats, title_width)[: len(columns) + 1], key=key)

    def _cells(self, key: str, stats: DeckStats, width: int) -> list[Text]:
        now = self._now
        next_due = "–"
        if stats.next_due is not None and now is not None:
            next_due = "now" if stats.next_due <= now else relative_time(stats.next_due, now)

        muted = self.app.theme_variables.get("text-muted", "")  # a zero: muted, yet readable

        def number(value: int) -> Text:
            return Text(str(value), style="" if value else muted, justify="right")

        return [
            Text(one_line(stats.title, width), style="bold" if key == ALL_DECKS_ID else ""),
            number(stats.new),
            number(stats.learning),
            number(stats.review),
            number(stats.due_today),
            number(stats.reviews_30d),
            Text(percent(stats.retention_30d), justify="right"),
            Text(next_due, justify="right"),
        ]
