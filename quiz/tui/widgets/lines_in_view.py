"""Scrolling a few lines of a widget into view in the pane that holds it."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def show_lines(widget: Widget, first: int, count: int) -> None:
    """Scroll the widget's parent (the study pane) so that ``count`` of the widget's lines,
    from line ``first``, are in view: the highlighted row of a list drawn as one widget."""
    parent = widget.parent
    if isinstance(parent, Widget) and count:
        box = widget.virtual_region
        parent.scroll_to_region(Region(box.x, box.y + first, box.width, count), animate=False)
