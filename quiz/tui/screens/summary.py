"""The end of a session: what was answered, how well, and what comes next."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

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


SummaryChoice = Literal["close", "review", "undo"]
"""How the summary was left: back to the decks, to review the missed cards, or back into the
session with its last answer taken back."""


class SummaryScreen(Screen[SummaryChoice]):
    """Answers, accuracy, time spent and pace, the items missed with their answers, and when
    the next fall due. Dismissed with what the student chose (:data:`SummaryChoice`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape,q", "close", "Back to decks", id="summary.close"),
        Binding("r", "review_missed", "Review missed", id="summary.review-missed"),
        Binding("u,ctrl+z", "undo", "Undo last answer", id="summary.undo"),
    ]

    def __init__(
        self,
        library: Library,
        summary: SessionSummary,
        *,
        cram: bool,
        left: int = 0,
        can_undo: bool = False,
    ) -> None:
        super().__init__()
        self.library = library
        self.summary = summary
        self.cram = cram
        self.left = left
        self.can_undo = can_undo  # the session is still there to take its last answer back

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
            accuracy = "–"  # nothing answered
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
        ]
        if summary.answered:
            pace = summary.elapsed.total_seconds() / summary.answered
            rows.append(("Pace", f"{pace:.0f} s an answer"))
        rows.append(("Next due", next_due))
        if self.cram:
            rows.append(("Schedule", "unchanged (cram)"))
        parts: list[str | tuple[str, str]] = []
        for label, value in rows:
            parts.extend([(f"{label:<10}", "$text-muted"), value, "\n"])
        return Content.assemble(*parts[:-1])

    def _missed(self) -> Content:
        """Each item missed: its question on one line (a blank kept in view) and its answer,
        which tells a card's blanks apart."""
        width = max(20, self.app.size.width - 8)
        parts: list[str | tuple[str, str]] = []
        for item in self.summary.missed:
            kind = tui_kind_of(item.card)
            prompt = kind.item_prompt(item.card, item.group)
            blank = prompt.find("[")
            if item.group is not None and blank > width // 2:
                prompt = "…" + prompt[blank - width // 3 :]
            answer = kind.core.expected(item.card, item.group)
            parts.extend([f"• {one_line(prompt, width)}\n  ", ("Answer: ", "$text-muted")])
            parts.extend([one_line(answer, width - 8), "\n"])
        return Content.assemble(*parts[:-1])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review_missed":
            return bool(self.summary.missed)
        if action == "undo":
            return self.can_undo
        return True

    def action_close(self) -> None:
        """Back to where the session started."""
        self.dismiss("close")

    def action_review_missed(self) -> None:
        """Cram the missed cards now, without changing their schedule."""
        self.dismiss("review")

    def action_undo(self) -> None:
        """Back into the session, its last answer taken back (as undo there does)."""
        self.dismiss("undo")
