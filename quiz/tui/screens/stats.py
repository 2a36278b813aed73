"""Statistics: per deck and overall, counts by state, retention, and 30-day charts.

Counted in a worker thread from the store, so the screen appears at once and keeps taking keys.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from quiz.deck.summary import ALL_DECKS_ID
from quiz.progress.errors import StoreError
from quiz.tui.text import local_time
from quiz.tui.widgets.key_bar import KeyBar
from quiz.tui.widgets.stats_table import StatsTable
from quiz.tui.widgets.title_bar import TitleBar
from quiz.tui.widgets.trend_chart import TrendChart
from quiz.tui.workers import run_in_thread

if TYPE_CHECKING:
    from quiz.study.stats import DeckStats
    from quiz.tui.library import Library


STATS_WORKER = "statistics"
NARROW_WIDTH = 64  # the 60-column charts, their padding and a scroll bar
SHORT_HEIGHT = 24
COUNTING = "counting…"
CAPTION = (
    "Unseen: never studied (the deck list's New is what today's limit lets in) · Today: due "
    "by the end of the study day · 30 d: reviews in the last 30 days · Recall: share of "
    "reviews of learned cards not rated Again"
)


class StatsScreen(Screen[None]):
    """A table of every deck; the charts follow the highlighted row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,s", "close", "Back", id="stats.close"),
        Binding("r", "refresh", "Refresh", id="stats.refresh"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._stats: dict[str, DeckStats] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar("Statistics", id="stats-title")
        with VerticalScroll(id="stats-body", can_focus=False):
            yield StatsTable(id="stats-table")
            yield Static(Content(CAPTION), id="stats-caption")
            yield TrendChart("Reviews, last 30 days", "30 days ago", "today", id="reviews-chart")
            yield TrendChart("Due, next 30 days", "today", "in 30 days", id="forecast-chart")
        yield KeyBar()

    def on_resize(self, event: events.Resize) -> None:
        # Smaller terminals: one column a day (60 do not fit) and charts without margins.
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    def on_mount(self) -> None:
        self.action_refresh()
        self.query_one(StatsTable).focus()

    def action_refresh(self) -> None:
        """Compute the statistics again, as of now, in a worker thread: they read every
        deck's states and the last 30 days of reviews."""
        self.query_one(TitleBar).set_status(COUNTING)
        run_in_thread(self, self._count, STATS_WORKER)

    def _count(self) -> tuple[datetime, list[DeckStats]]:
        from quiz.study.stats import deck_stats

        library = self.library
        now, decks = library.now(), library.study_decks
        # among the store calls: after the answers still being written
        return now, library.store_calls.submit(
            lambda: deck_stats(library.store, decks, now)
        ).result()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != STATS_WORKER:
            return
        if event.state == WorkerState.SUCCESS and worker.result is not None:
            self._show_stats(*worker.result)
        elif event.state == WorkerState.ERROR:
            if not isinstance(worker.error, StoreError):
                raise worker.error or RuntimeError("counting failed")  # a fault in the code
            self.notify(str(worker.error), title="Could not read progress", severity="error")
            self.query_one(TitleBar).set_status("")

    def _show_stats(self, now: datetime, per_deck: list[DeckStats]) -> None:
        from quiz.study.stats import overall

        rows = [(stats.deck_id, stats) for stats in per_deck]
        rows.append((ALL_DECKS_ID, overall(per_deck)))
        self._stats = dict(rows)
        table = self.query_one(StatsTable)
        table.show_stats(rows, now)
        table.move_cursor(row=len(rows) - 1, animate=False)
        self.query_one(TitleBar).set_status(f"as of {local_time(now)}")
        self.show_charts()

    def show_charts(self) -> None:
        """Chart the highlighted deck (or all decks)."""
        key = self.query_one(StatsTable).selected_key
        stats = self._stats.get(key or ALL_DECKS_ID)
        if stats is None:
            return
        reviews = self.query_one("#reviews-chart", TrendChart)
        reviews.show_values(stats.reviews_per_day, stats.title)
        forecast = self.query_one("#forecast-chart", TrendChart)
        forecast.show_values(stats.due_forecast, stats.title)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_charts()

    def action_close(self) -> None:
        """Back to the deck list."""
        self.dismiss()
