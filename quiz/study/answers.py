"""What answering leaves behind in a session: the answer on screen, the answers saved (so that
undo can reverse each exactly) and, from those, the session's summary."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from quiz.kinds.base import Grade, Response
from quiz.progress.state import ItemState, ReviewRow
from quiz.rating import Rating

if TYPE_CHECKING:
    from quiz.study.study_item import StudyItem


@dataclass(frozen=True)
class PendingAnswer:
    """An answer graded and on screen, not saved yet: what the study screen shows."""

    item: StudyItem
    response: Response
    grade: Grade
    rating: Rating  # the rating accepting it saves: the suggested one until another is chosen
    duration_ms: int  # from when the item was shown to when it was answered
    overruled: bool = False  # the student said a wrong verdict was wrong (quiz.study.overrule)


@dataclass(frozen=True)
class SavedAnswer:
    """What one saved answer did to the session, so that undo can reverse it exactly."""

    item: StudyItem
    counted_correct: bool
    review: Future[ReviewRow] | None  # its write: the row in the review log (None when cramming)
    state_before: ItemState | None  # the item's state before it (None when new or cramming)
    requeued: Literal["queue", "later"] | None  # where the item was put back, if anywhere
    next_from: tuple[datetime, int, StudyItem] | Literal["queue"] | None  # where current came from


@dataclass(frozen=True)
class SessionSummary:
    """The end-of-session report."""

    answered: int
    correct: int
    accuracy: float | None
    elapsed: timedelta
    missed: tuple[StudyItem, ...]
    next_due: datetime | None


def summarize(
    answers: Sequence[SavedAnswer], elapsed: timedelta, next_due: datetime | None
) -> SessionSummary:
    """Totals of the saved answers, and the items missed (each once, in the order missed)."""
    answered = len(answers)
    correct = sum(answer.counted_correct for answer in answers)
    missed: dict[tuple[str, str], StudyItem] = {}
    for answer in answers:
        key = (answer.item.deck.id, answer.item.item_id)
        if not answer.counted_correct and key not in missed:
            missed[key] = answer.item
    return SessionSummary(
        answered=answered,
        correct=correct,
        accuracy=correct / answered if answered else None,
        elapsed=elapsed,
        missed=tuple(missed.values()),
        next_due=next_due,
    )
