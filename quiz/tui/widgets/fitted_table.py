"""A data table that refits its columns to its width whenever it is resized."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable


class FittedTable(DataTable[Text]):
    """Base for tables whose column widths depend on the space they get.

    Subclasses keep their rows in ``_rows`` and lay the table out in ``_rebuild``.
    """

    _rows: list

    def on_resize(self) -> None:
        if self._rows:
            cursor = self.cursor_row
            self._rebuild()
            self.move_cursor(row=cursor, animate=False)

    def _rebuild(self) -> None:
        raise NotImplementedError
