"""What the student sees after answering: right or wrong, the answer, why, and the source."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static


@dataclass(frozen=True)
class Feedback:
    """Everything the panel shows, already worded by the study screen."""

    correct: bool | None  # None when the student rates themselves
    answer_label: str  # "Answer", "Back"
    answer: str | None
    note: str | None = None
    comparison: Content | None = None  # a typed answer against the closest spelling
    explanation: str | None = None
    citation: str | None = None


class FeedbackPanel(Static):
    """The verdict, the expected answer, the explanation and the source, one after another."""

    def show_feedback(self, feedback: Feedback) -> None:
        """Show the feedback for the card just answered."""
        parts: list[str | Content | tuple[str, str]] = []
        if feedback.correct is True:
            parts.append(("✓ Correct", "bold $text-success"))
        elif feedback.correct is False:
            parts.append(("✗ Not quite", "bold $text-error"))
        if feedback.note:
            parts.extend(["\n" if parts else "", (feedback.note, "italic $text-muted")])
        if feedback.answer:
            parts.extend(["\n" if parts else "", (f"{feedback.answer_label}: ", "bold")])
            parts.append(feedback.answer)
        if feedback.comparison is not None:
            parts.extend(["\n" if parts else "", feedback.comparison])
        if feedback.explanation:
            parts.extend(["\n\n" if parts else "", feedback.explanation])
        if feedback.citation:
            parts.extend(["\n\n" if parts else "", (f"Source: {feedback.citation}", "$text-muted")])
        self.update(Content.assemble(*parts))
