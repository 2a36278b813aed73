""" "I was right": the student overrules a typed answer judged wrong.

Matching cannot know every spelling a teacher would accept. After a typed answer or cloze
blank is judged wrong, the student may say it was right: the answer is then saved as correct
with the rating they choose (Good unless they pick another), and its review-log row is
flagged ``overruled``, so an instructor can see which answers students believe should count.
Undo takes it back like any answer.
"""

from __future__ import annotations

from dataclasses import replace

from quiz.kinds.base import Grade
from quiz.kinds.matching import TextResponse
from quiz.rating import Rating
from quiz.study.answers import PendingAnswer

OVERRULED_NOTE = "counted as right: you said your answer was right"


def can_overrule(pending: PendingAnswer | None) -> bool:
    """Whether the answer on screen is a typed answer judged wrong (and not overruled yet)."""
    return (
        pending is not None
        and not pending.overruled
        and pending.grade.correct is False
        and isinstance(pending.response, TextResponse)
    )


def overruled(pending: PendingAnswer, rating: Rating = Rating.GOOD) -> PendingAnswer:
    """The answer on screen counted as right, with ``rating``; ``ValueError`` when it cannot
    be overruled (see :func:`can_overrule`)."""
    if not can_overrule(pending):
        raise ValueError("only a typed answer judged wrong can be overruled")
    grade = pending.grade
    right = Grade(True, False, grade.expected, Rating.GOOD, grade.feedback, OVERRULED_NOTE)
    return replace(pending, grade=right, rating=rating, overruled=True)
