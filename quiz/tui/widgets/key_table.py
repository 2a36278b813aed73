"""Rows of a label and its text, the texts in a column of their own: a long text wraps
under itself, never back under the labels."""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

MIN_LABEL_WIDTH = 19


class KeyTable(Static):
    """A help table: each label in a column as wide as the longest one (at least 19), each
    text wrapped to the width left. :attr:`content` holds the rows unwrapped, one a line."""

    def __init__(
        self,
        rows: list[tuple[str, str]],
        label_style: str,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self.rows = rows
        self.label_style = label_style
        self.label_width = max([MIN_LABEL_WIDTH, *(len(label) for label, _ in rows)])
        parts: list[str | tuple[str, str]] = []
        for label, value in rows:
            parts.extend([(f"{label:<{self.label_width}} ", label_style), value, "\n"])
        super().__init__(Content.assemble(*parts[:-1]), id=id, classes=classes)

    def _lines(self, width: int) -> list[tuple[str, str]]:
        """(label column, text) of each line drawn at ``width`` columns."""
        text_width = max(10, width - self.label_width - 1)
        lines: list[tuple[str, str]] = []
        for label, value in self.rows:
            wrapped = textwrap.wrap(value, text_width, break_on_hyphens=False) or [""]
            lines.append((f"{label:<{self.label_width}} ", wrapped[0]))
            lines.extend((" " * (self.label_width + 1), more) for more in wrapped[1:])
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        width = self.content_region.width or self.app.size.width
        parts: list[str | tuple[str, str]] = []
        for label, text in self._lines(width):
            parts.extend([(label, self.label_style), text, "\n"])
        return Content.assemble(*parts[:-1])
