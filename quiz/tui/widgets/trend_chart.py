"""A 30-day chart with its title, its figures and the dates at either end."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.widgets import Sparkline, Static


class TrendChart(VerticalGroup):
    """``Reviews, last 30 days   total 120 · busiest day 23`` over a sparkline."""

    def __init__(self, title: str, start: str, end: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="trend-chart")
        self._title = title
        self._start = start
        self._end = end

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((self._title, "bold")), classes="chart-title")
        yield Sparkline([], classes="chart-line")
        with HorizontalGroup(classes="chart-axis"):
            yield Static(Content.styled(self._start, "$text-muted"), classes="axis-start")
            yield Static(Content.styled(self._end, "$text-muted"), classes="axis-end")

    def show_values(self, values: Sequence[int], subject: str = "") -> None:
        """Chart ``values``, oldest (or nearest) first; ``subject`` names what is charted."""
        total = sum(values)
        peak = max(values, default=0)
        figures = f"total {total} · most in a day {peak}" if total else "none"
        about = f" · {subject}" if subject else ""
        self.query_one(".chart-title", Static).update(
            Content.assemble((self._title, "bold"), about, (f"   {figures}", "$text-muted"))
        )
        self.query_one(Sparkline).data = [float(value) for value in values]
