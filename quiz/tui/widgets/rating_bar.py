"""The four ratings after an answer, with the chosen one highlighted."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from quiz.tui.text import RATING_NAMES


class RatingBar(Static):
    """``Rate: 1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 8d      enter accepts``.

    One widget, redrawn whole. The selected rating is highlighted and the suggested one
    underlined. Posts :class:`RatingBar.Rated` when a rating is clicked.
    """

    class Rated(Message):
        """A rating was clicked."""

        def __init__(self, rating: int) -> None:
            super().__init__()
            self.rating = rating

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.selected = 3
        self.suggested = 3
        self.intervals: dict[int, str] = {}
        self.self_rated = False
        self._spans: list[tuple[int, int, int]] = []  # (start, end, rating) for clicks

    def on_mount(self) -> None:
        self._draw()

    def show_intervals(self, intervals: dict[int, str]) -> None:
        """Show, beside each rating, when the item would be due again (``{}``: nothing)."""
        self.intervals = intervals
        self._draw()

    def select(self, rating: int, *, suggested: int, self_rated: bool | None = None) -> None:
        """Highlight ``rating``; underline the suggested one.

        ``self_rated`` asks the student how well they knew the answer instead of just "Rate".
        """
        self.selected = rating
        self.suggested = suggested
        if self_rated is not None:
            self.self_rated = self_rated
        self._draw()

    def _draw(self) -> None:
        prompt = "How well did you know it? " if self.self_rated else "Rate: "
        parts: list[Content] = [Content.styled(prompt, "$text-muted")]
        spans: list[tuple[int, int, int]] = []
        position = len(prompt)
        for rating, name in RATING_NAMES.items():
            style = "bold $text on $accent" if rating == self.selected else ""
            if rating == self.suggested:
                style = f"{style} underline".strip()
            label = Content.assemble(" ", (str(rating), "bold"), f" {name}")
            interval = self.intervals.get(rating)
            if interval:
                label = Content.assemble(label, (f" {interval}", "$text-muted"))
            label = Content.assemble(label, " ")
            if style:
                label = label.stylize_before(style)
            spans.append((position, position + label.cell_length, rating))
            parts.extend([label, Content(" ")])
            position += label.cell_length + 1
        self._spans = spans
        self.update(Content("").join(parts))

    def on_click(self, event: events.Click) -> None:
        for start, end, rating in self._spans:
            if start <= event.x < end:
                event.stop()
                self.post_message(self.Rated(rating))
                return
