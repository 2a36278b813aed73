"""The rows the class report is made from, as the class database's report statements give
them (:mod:`quiz.progress.postgres_report`): counts per item, per student and per day, each
student's first try of each item, the choice responses and the overruled answers. Times are
UTC epoch seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

DAY = 86_400
WINDOW_DAYS = 30


class ItemCounts(NamedTuple):
    """One item's reviews across the class."""

    deck_id: str
    item_id: str
    students: int
    reviews: int
    rating_sum: int
    lapses: int  # Again on an item in review
    window_reviews: int  # reviews of the item in review in the window
    window_recalled: int  # of those, not Again


class StudentCounts(NamedTuple):
    """One student's reviews."""

    student: str
    window_reviews: int
    window_review_kind: int
    window_recalled: int
    last_review: int | None
    reviews: int


class DayCounts(NamedTuple):
    """One day of the window (0 is its first), across the class."""

    day: int
    reviews: int
    students: int
    review_kind: int
    recalled: int


@dataclass
class ClassRows:
    """Everything the report is built from (see the module's statements)."""

    now: int
    deck: str | None
    members: list[str] = field(default_factory=list)
    items: list[ItemCounts] = field(default_factory=list)
    first_tries: list[tuple[str, str, str, bool]] = field(default_factory=list)
    choice_responses: list[tuple[str, str, str, int]] = field(default_factory=list)
    overruled: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    student_backlog: dict[str, int] = field(default_factory=dict)
    item_backlog: dict[tuple[str, str], int] = field(default_factory=dict)
    leeches: dict[tuple[str, str], int] = field(default_factory=dict)
    students: list[StudentCounts] = field(default_factory=list)
    days: list[DayCounts] = field(default_factory=list)
    published: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def since(self) -> int:
        """The first second of the window the rates are counted over."""
        return self.now - WINDOW_DAYS * DAY
