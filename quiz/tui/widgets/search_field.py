"""The one-line search field of Browse: an input whose typing never lays out the screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchField(Input):
    """A Textual :class:`Input` that redraws only itself as its text grows or shrinks.

    An input records the width of its text as its virtual size, which for a widget asks for a
    layout of the whole screen; but the field's own size does not depend on its text (its
    width comes from the screen), and its scrolling reads the virtual size directly. Laying
    the screen out on every key cost several milliseconds per search keystroke.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
