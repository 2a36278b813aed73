"""A 30-day chart with its title, its figures and the dates at either end."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.renderables.sparkline import Sparkline as SparklineRenderable
from textual.widgets import Sparkline, Static


class _BlankDays:
    """Textual's sparkline drawn with each day of nothing left blank, where it would draw
    the lowest bar (which reads as a little activity every day)."""

    def __init__(self, sparkline: SparklineRenderable[float]) -> None:
        self.sparkline = sparkline

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        drawn = self.sparkline
        width, rows = drawn.width or options.max_width, drawn.height or 1
        data = list(drawn.data)
        if not any(data):  # nothing at all: blank lines (the title says "none")
            for row in range(rows):
                yield Segment(" " * width)
                if row < rows - 1:
                    yield Segment.line()
            return
        buckets = tuple(drawn._buckets(data, num_buckets=width))
        step = len(buckets) / width
        empty = {column for column in range(width) if not any(buckets[int(column * step)])}
        row, column = rows - 1, 0  # drawn from the top row down to row 0
        for segment in drawn.__rich_console__(console, options):
            if not isinstance(segment, Segment) or segment.text == "\n":
                row, column = row - 1, 0
                yield segment
                continue
            if row == 0 and column in empty and len(segment.text) == 1:
                segment = Segment(" ")
            column += len(segment.text)
            yield segment


class DaysSparkline(Sparkline):
    """A sparkline of days, each day of nothing blank."""

    def render(self) -> _BlankDays:
        drawn = super().render()
        assert isinstance(drawn, SparklineRenderable)
        return _BlankDays(drawn)


class TrendChart(VerticalGroup):
    """``Reviews, last 30 days   total 120 · busiest day 23`` over a sparkline."""

    def __init__(self, title: str, start: str, end: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="trend-chart")
        self._title = title
        self._start = start
        self._end = end

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((self._title, "bold")), classes="chart-title")
        yield DaysSparkline([], classes="chart-line")
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
