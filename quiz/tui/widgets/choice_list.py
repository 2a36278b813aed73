"""The answer options of a choice, multi or true/false card, picked by letter or arrows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

from quiz.tui.widgets.lines_in_view import show_lines

MARK_WIDTH = 9
"""Columns before a choice's text: ``✓ a (•)``; wrapped lines are indented this far."""

VERDICT_MARKS = {"right": "✓", "wrong": "✗", "missed": "✓"}
MISSED_IN_MULTI = "○"
"""A right option left unpicked where several could be picked: not told apart by colour alone."""
VERDICT_STYLES = {
    "right": "$text-success",
    "wrong": "$text-error",
    "missed": "italic $text-success",
}

CURSOR_STYLES = {False: "on $boost", True: "on $accent 25%"}


@dataclass(frozen=True)
class ChoiceMark:
    """How one displayed choice fared once the card is answered."""

    correct: bool
    picked: bool
    why: str | None


class ChoiceList(Widget, can_focus=True):
    """Up to eight labelled options; one picked (single) or any number (multi).

    Drawn as one widget, wrapped with a hanging indent, so a new card costs one redraw.
    Positions are display positions (0 is the first row shown). The arrow keys move a
    cursor; for a single choice the cursor is the pick. Posts :class:`ChoiceList.Chosen`
    when a row is clicked, so the screen decides what a click means.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Previous choice", show=False, id="choice-list.previous"),
        Binding("down", "move(1)", "Next choice", show=False, id="choice-list.next"),
    ]

    class Chosen(Message):
        """A row was clicked."""

        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = ""
        self.texts: list[str] = []
        self.multi = False
        self.cursor: int | None = None
        self.picked: set[int] = set()
        self.answered = False
        self.verdicts: list[str | None] = []
        self.whys: list[str | None] = []
        self._lines: tuple[int, list[tuple[int, Content]]] | None = None

    @property
    def count(self) -> int:
        """How many options are shown."""
        return len(self.texts)

    def show_choices(self, labels: str, texts: Sequence[str], *, multi: bool) -> None:
        """Show fresh options: ``labels[i]`` labels ``texts[i]``."""
        self.labels = labels
        self.texts = list(texts)
        self.multi = multi
        self.cursor = None
        self.picked = set()
        self.answered = False
        self.verdicts = [None] * len(self.texts)
        self.whys = [None] * len(self.texts)
        self._changed(layout=True)

    def press(self, position: int) -> None:
        """What a letter does: pick (single) or toggle (multi) the option, and move there."""
        if self.answered or not 0 <= position < self.count:
            return
        if self.multi:
            self.picked ^= {position}
        else:
            self.picked = {position}
        self.cursor = position
        self._changed()

    def toggle_cursor(self) -> None:
        """Toggle (multi) or pick (single) the option under the cursor."""
        if self.cursor is not None:
            self.press(self.cursor)

    def action_move(self, step: int) -> None:
        """Move the cursor; a single choice follows it with its pick."""
        if self.answered or not self.count:
            return
        if self.cursor is None:
            self.cursor = 0 if step > 0 else self.count - 1
        else:
            self.cursor = (self.cursor + step) % self.count
        if not self.multi:
            self.picked = {self.cursor}
        self._changed()

    def show_marks(self, marks: Sequence[ChoiceMark]) -> None:
        """After answering: mark each displayed option right, wrong or missed, with its why."""
        self.answered = True
        self.cursor = None
        self.picked = {position for position, mark in enumerate(marks) if mark.picked}
        self.verdicts = []
        self.whys = []
        for mark in marks:
            if mark.correct:
                self.verdicts.append("right" if mark.picked else "missed")
            else:
                self.verdicts.append("wrong" if mark.picked else None)
            self.whys.append(mark.why if (mark.picked or mark.correct) else None)
        self._changed(layout=True)

    def show_reference(
        self,
        labels: str,
        texts: Sequence[str],
        correct: Sequence[bool],
        whys: Sequence[str | None],
        *,
        multi: bool,
    ) -> None:
        """Show the options as an answer key: the right ones marked, every why below."""
        self.show_choices(labels, texts, multi=multi)
        self.answered = True
        self.picked = {position for position, right in enumerate(correct) if right}
        self.verdicts = ["right" if right else None for right in correct]
        self.whys = list(whys)
        self._changed(layout=True)

    def _changed(self, *, layout: bool = False) -> None:
        self._lines = None
        self.refresh(layout=layout)
        if self.cursor is not None and self.is_mounted:
            self.call_after_refresh(self._show_cursor)

    def _show_cursor(self) -> None:
        """Scroll the study pane so that the cursor's option is in view."""
        rows = [row for row, _line in self._wrapped(self.content_size.width)]
        if self.cursor in rows:
            show_lines(self, rows.index(self.cursor), rows.count(self.cursor))

    # -- drawing ---------------------------------------------------------------------------

    def _wrapped(self, width: int) -> list[tuple[int, Content]]:
        """Every line to draw, with the display position of the option it belongs to."""
        if self._lines is not None and self._lines[0] == width:
            return self._lines[1]
        body_width = max(10, width - MARK_WIDTH)
        indent = Content(" " * MARK_WIDTH)
        lines: list[tuple[int, Content]] = []
        for position, text in enumerate(self.texts):
            verdict = self.verdicts[position]
            picked = position in self.picked
            style = VERDICT_STYLES.get(verdict or "", "bold" if picked else "")
            body = Content(text).stylize(style) if style else Content(text)
            row_lines = [*body.wrap(body_width)]
            why = self.whys[position]
            if why:
                row_lines.extend(Content(why).stylize("italic $text-muted").wrap(body_width))
            first = True
            for line in row_lines:
                head = self._mark(position) if first else indent
                first = False
                full = (head + line).pad_right(max(0, width - MARK_WIDTH - line.cell_length))
                if position == self.cursor:
                    full = full.stylize_before(
                        "on $boost" if not self.has_focus else "on $accent 25%"
                    )
                lines.append((position, full))
        self._lines = (width, lines)
        return lines

    def _mark(self, position: int) -> Content:
        verdict = self.verdicts[position]
        picked = position in self.picked
        boxes = ("[ ]", "[x]") if self.multi else ("( )", "(•)")
        glyph = VERDICT_MARKS.get(verdict or "", " ")
        if verdict == "missed" and self.multi:
            glyph = MISSED_IN_MULTI
        verdict_part = (
            glyph,
            VERDICT_STYLES.get(verdict or "", ""),
        )
        box_style = "bold $text-accent" if picked and not verdict else "$text-muted"
        return Content.assemble(
            verdict_part,
            " ",
            (self.labels[position], "bold"),
            " ",
            (boxes[picked], box_style),
            "  ",
        )

    def render(self) -> Content:
        return Content("\n").join(line for _row, line in self._wrapped(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrapped(width))

    def on_focus(self) -> None:
        self._changed()

    def on_blur(self) -> None:
        self._changed()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        lines = self._wrapped(self.content_size.width)
        if 0 <= event.y < len(lines):
            self.post_message(self.Chosen(lines[event.y][0]))
