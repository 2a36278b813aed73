"""Load balancing and easy days: of the days FSRS's fuzz allows for an interval, the one with
the fewest reviews already due, counting a day the student marked easy as fuller than it is.

Pure functions with the day's loads passed in; :mod:`quiz.study.deck_schedule` reads the
loads from the store and hands :func:`balanced_days` to the scheduler.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from quiz.progress.state import WEEKDAYS

EASY_DAY_SHARE = 0.5
"""An easy day takes this share of a normal day's reviews (Anki's "reduced")."""


def balanced_days(
    low: int, high: int, ideal: int, loads: Sequence[int], today: date, easy_days: Sequence[str]
) -> int:
    """The interval, from ``low`` to ``high`` days, whose day is least loaded.

    ``loads[d]`` is how many reviews are due ``d`` days from ``today`` (days past the end of
    ``loads`` count as empty). A day of ``easy_days`` counts as holding twice its reviews, so
    it gets fewer; ties go to the day nearest ``ideal`` (the interval FSRS computed), then
    to the earlier one.
    """
    easy = {WEEKDAYS.index(day) for day in easy_days}
    count = len(loads)
    if not easy:  # every day weighs the same: the load alone
        return min(
            range(low, high + 1),
            key=lambda days: (loads[days] if days < count else 0, abs(days - ideal), days),
        )

    def weighted(days: int) -> tuple[float, int, int]:
        load = loads[days] if days < len(loads) else 0
        share = EASY_DAY_SHARE if (today + timedelta(days=days)).weekday() in easy else 1.0
        return ((load + 1) / share, abs(days - ideal), days)

    return min(range(low, high + 1), key=weighted)


def day_picker(
    loads: Sequence[int], today: date, easy_days: Sequence[str]
) -> Callable[[int, int], int]:
    """A ``pick_days(low, high)`` for :func:`quiz.study.scheduler.schedule` that balances over
    ``loads`` (counted from ``today``), aiming at the middle of the fuzz range."""
    return lambda low, high: balanced_days(low, high, (low + high) // 2, loads, today, easy_days)
