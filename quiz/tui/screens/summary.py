"""The end of a session: what was answered, how well, and what comes next."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.deck.cloze import render_cloze
from quiz.tui.text import duration_text, local_time, one_line, percent, plural, relative_time
from quiz.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quiz.study.session import SessionSummary
    from quiz.tui.library import Library


class SummaryScreen(Screen[None]):
    """Cards answered, accuracy, time spent, the cards missed and when the next fall due."""

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
        finished += " finished" if not self.left else f" paused, {plural(self.left, 'card')} left"
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
            next_due = f"{relative_time(summary.next_due, now)}  ({local_time(summary.next_due)})"
        rows = [
            ("Answered", plural(summary.answered, "card")),
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
            card = item.card
            prompt = render_cloze(card.text, item.group) if card.type == "cloze" else card.prompt
            lines.append(f"• {one_line(prompt, width)}")
        return Content("\n".join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review_missed":
            return bool(self.summary.missed)
        return True

    def action_close(self) -> None:
        """Back to the deck list."""
        self.dismiss()

    def action_review_missed(self) -> None:
        """Cram the missed cards now, without changing their schedule."""
        from quiz.progress.errors import StoreError
        from quiz.study.session import StudySession
        from quiz.tui.screens.study import StudyScreen

        items = list(dict.fromkeys((item.deck.id, item.item_id) for item in self.summary.missed))
        try:
            session = StudySession.cram(
                self.library.store, self.library.decks, self.library.now(), item_ids=items
            )
        except (StoreError, ValueError) as error:
            self.notify(str(error), title="Could not start", severity="error")
            return
        if session.current is None:
            self.notify("Those cards are no longer in the loaded decks.")
            return
        self.app.switch_screen(StudyScreen(self.library, session))
