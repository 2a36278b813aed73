"""The end of a session: what was answered, how well, and what comes next."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.tui.kinds.registry import tui_kind_of
from quiz.tui.text import duration_text, local_time, one_line, percent, relative_time
from quiz.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quiz.study.answers import SessionSummary
    from quiz.tui.library import Library


class SummaryScreen(Screen[bool]):
    """Cards answered, accuracy, time spent, the cards missed and when the next fall due.

    Dismissed with whether the student asked to review the cards missed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,q", "close", "Back to decks", id="summary.close"),
        Binding("r", "review_missed", "Review missed", id="summary.review-missed"),
    ]

    def __init__(
        self, library: Library, summary: SessionSummary, *, cram: bool, left: int = 0
    ) -> None:
        super().__init__()
        self.library = library
        self.summary = summary
        self.cram = cram
        self.left = left

    def compose(self) -> ComposeResult:
        summary = self.summary
        finished = "Cram" if self.cram else "Session"
        finished += " finished" if not self.left else f" paused, {self.left} to go"
        yield Static(Content.assemble((finished, "bold")), id="summary-title", classes="title")
        with VerticalScroll(id="summary-body"):
            yield Static(self._figures(), id="summary-figures")
            if summary.missed:
                yield Static(
                    Content.assemble((f"Missed ({len(summary.missed)})", "bold $text-error")),
                    classes="heading",
                )
                yield Static(self._missed(), id="summary-missed")
            else:
                yield Static(Content("Nothing missed."), classes="heading")
        yield KeyBar()

    def _figures(self) -> Content:
        summary = self.summary
        now = self.library.now()
        if summary.accuracy is None:
            accuracy = "– (self-rated cards only)"
        else:
            accuracy = (
                f"{percent(summary.accuracy)}  ({summary.correct} of {summary.answered} right)"
            )
        if summary.next_due is None:
            next_due = "nothing scheduled"
        else:
            when = (
                "now (overdue)" if summary.next_due <= now else relative_time(summary.next_due, now)
            )
            next_due = f"{when}  ({local_time(summary.next_due)})"
        rows = [
            ("Answers", str(summary.answered)),
            ("Accuracy", accuracy),
            ("Time", duration_text(summary.elapsed)),
            ("Next due", next_due),
        ]
        if self.cram:
            rows.append(("Schedule", "unchanged (cram)"))
        parts: list[str | tuple[str, str]] = []
        for label, value in rows:
            parts.extend([(f"{label:<10}", "$text-muted"), value, "\n"])
        return Content.assemble(*parts[:-1])

    def _missed(self) -> Content:
        width = max(20, self.app.size.width - 8)
        lines = []
        for item in self.summary.missed:
            prompt = tui_kind_of(item.card).item_prompt(item.card, item.group)
            lines.append(f"• {one_line(prompt, width)}")
        return Content("\n".join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review_missed":
            return bool(self.summary.missed)
        return True

    def action_close(self) -> None:
        """Back to where the session started."""
        self.dismiss(False)

    def action_review_missed(self) -> None:
        """Cram the missed cards now, without changing their schedule."""
        self.dismiss(True)
