"""A data table that refits its columns to its width whenever it is resized."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable


class FittedTable(DataTable[Text]):
    """Base for tables whose column widths depend on the space they get.

    Subclasses keep their rows in ``_rows``, each row's key first, and lay the table out in
    ``_rebuild``.
    """

    _rows: list

    @property
    def selected_key(self) -> str | None:
        """The key of the highlighted row."""
        if 0 <= self.cursor_row < len(self._rows):
            return self._rows[self.cursor_row][0]
        return None

    def on_resize(self) -> None:
        if self._rows:
            cursor = self.cursor_row
            self._rebuild()
            self.move_cursor(row=cursor, animate=False)

    def _rebuild(self) -> None:
        raise NotImplementedError
