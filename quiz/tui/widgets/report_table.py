"""A table of the class report (cards, topics, students) that fits its width: one column
takes the width the others leave, and on a narrow terminal the least needed columns are
left out rather than the table panning sideways."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from quiz.server.report.text_table import clip as fit
from quiz.tui.widgets.fitted_table import FittedTable

MIN_FLEXIBLE = 10
SCROLL_BAR = 2


@dataclass(frozen=True)
class ReportColumn:
    """One column: its heading, whether it holds figures (right-aligned), whether it takes
    the width left (one per table), and when it is left out on a narrow terminal (0 never;
    higher first)."""

    title: str
    numeric: bool = True
    flexible: bool = False
    drop_order: int = 0


class ReportTable(FittedTable):
    """Rows of text cells under :class:`ReportColumn` headings; a row may be marked bold."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False, id="report-table.select-cursor")
    ]

    def __init__(
        self,
        columns: tuple[ReportColumn, ...],
        *,
        min_flexible: int = MIN_FLEXIBLE,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row")
        self.columns_shown = columns
        self.min_flexible = min_flexible
        self._rows: list[tuple[str, list[str], bool]] = []

    def show_rows(self, rows: list[tuple[str, list[str], bool]]) -> None:
        """Show ``(key, cells, marked)`` rows (a marked row is drawn bold)."""
        self._rows = rows
        self._rebuild()

    def _widths(self, available: int) -> list[int | None]:
        columns = self.columns_shown
        widths: list[int | None] = []
        for index, column in enumerate(columns):
            cells = [len(fit(cells[index], 200)) for _, cells, _ in self._rows]
            widths.append(max([len(column.title), *cells]))
        shown = list(range(len(columns)))

        def needed() -> int:
            fixed = sum((widths[i] or 0) + 2 for i in shown if not columns[i].flexible)
            return fixed + self.min_flexible + 2 + SCROLL_BAR

        while needed() > available and any(columns[i].drop_order for i in shown):
            shown.remove(max(shown, key=lambda i: columns[i].drop_order))
        fixed = sum((widths[i] or 0) + 2 for i in shown if not columns[i].flexible)
        for index, column in enumerate(columns):
            if index not in shown:
                widths[index] = None
            elif column.flexible:
                widths[index] = max(
                    MIN_FLEXIBLE, min(widths[index] or 0, available - fixed - 2 - SCROLL_BAR)
                )
        return widths

    def _rebuild(self) -> None:
        widths = self._widths(self.size.width or self.app.size.width)
        self.clear(columns=True)
        for index, (column, width) in enumerate(zip(self.columns_shown, widths, strict=True)):
            if width is not None:
                justify = "right" if column.numeric else "left"
                self.add_column(Text(column.title, justify=justify), width=width, key=str(index))
        for key, cells, marked in self._rows:
            row = []
            for index, (column, width) in enumerate(zip(self.columns_shown, widths, strict=True)):
                if width is None:
                    continue
                justify = "right" if column.numeric else "left"
                style = "bold" if marked else ""
                row.append(Text(fit(cells[index], width), style=style, justify=justify))
            self.add_row(*row, key=key)
