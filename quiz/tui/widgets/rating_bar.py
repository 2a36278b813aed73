"""The four ratings after an answer, with the chosen one highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from quiz.tui.text import RATING_NAMES

if TYPE_CHECKING:
    from quiz.study.answers import PendingAnswer


class RatingBar(Static):
    """``Rate: 1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 8d      enter accepts``.

    One widget, redrawn whole from the answer it is shown: the chosen rating is highlighted
    and the suggested one underlined. It holds no rating of its own: a click posts
    :class:`RatingBar.Rated`, and the bar changes when it is shown the answer again.
    """

    class Rated(Message):
        """A rating was clicked."""

        def __init__(self, rating: int) -> None:
            super().__init__()
            self.rating = rating

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.intervals: dict[int, str] = {}
        self._spans: list[tuple[int, int, int]] = []  # (start, end, rating) for clicks
        self._shown: tuple[int, int, bool] | None = None  # what was drawn: redrawn on resize

    def show(self, answer: PendingAnswer, intervals: dict[int, str] | None = None) -> None:
        """Draw the ratings of ``answer``; ``intervals``, when given, say beside each rating
        when the item would be due again (``{}``: nothing)."""
        if intervals is not None:
            self.intervals = intervals
        self._draw(int(answer.rating), int(answer.grade.suggested), answer.grade.self_rated)

    def _draw(self, selected: int, suggested: int, self_rated: bool) -> None:
        self._shown = (selected, suggested, self_rated)
        prompt = "How well did you know it? " if self_rated else "Rate: "
        if self_rated and 0 < self.size.width < len(prompt) + self._ratings_width():
            prompt = "Rate: "  # a narrow terminal keeps every rating in view instead
        parts: list[Content] = [Content.styled(prompt, "$text-muted")]
        spans: list[tuple[int, int, int]] = []
        position = len(prompt)
        for rating, name in RATING_NAMES.items():
            style = "bold $text on $accent" if rating == selected else ""
            if rating == suggested:
                style = f"{style} underline".strip()
            label = Content.assemble(" ", (str(rating), "bold"), f" {name}")
            interval = self.intervals.get(rating)
            if interval:
                muted = "" if rating == selected else "$text-muted"  # not muted on the accent
                label = Content.assemble(label, (f" {interval}", muted))
            label = Content.assemble(label, " ")
            if style:
                label = label.stylize_before(style)
            spans.append((position, position + label.cell_length, rating))
            parts.extend([label, Content(" ")])
            position += label.cell_length + 1
        self._spans = spans
        self.update(Content("").join(parts))

    def _ratings_width(self) -> int:
        """How many cells the four ratings and their intervals take after the prompt."""
        width = 0
        for rating, name in RATING_NAMES.items():
            interval = self.intervals.get(rating)
            width += len(f" {rating} {name} ") + 1 + (len(interval) + 1 if interval else 0)
        return width

    def on_resize(self) -> None:
        if self._shown is not None:
            self._draw(*self._shown)

    def on_click(self, event: events.Click) -> None:
        for start, end, rating in self._spans:
            if start <= event.x < end:
                event.stop()
                self.post_message(self.Rated(rating))
                return
