"""Progress statistics per deck: states, what is due, and the last 30 days of reviews.

Days are study days (local time, starting at the rollover hour), as for the daily limits.
Items whose card has left the deck are not counted; their past reviews still are.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from quiz.deck.items import StudyDeck, deck_item_order
from quiz.deck.summary import ALL_DECKS_ID
from quiz.progress.contract import ProgressStore
from quiz.progress.state import to_epoch, utc
from quiz.study.session import FAR_FUTURE
from quiz.study.study_day import rollover_time, study_date

WINDOW_DAYS = 30


@dataclass(frozen=True)
class DeckStats:
    """Statistics of one deck (or of all decks, from :func:`overall`).

    ``retention_30d`` is the share of reviews of items in the review state (not learning
    steps) rated other than Again: ``retention_passed_30d / retention_reviews_30d``.
    """

    deck_id: str
    title: str
    new: int
    learning: int
    review: int
    due_today: int
    reviews_30d: int
    retention_30d: float | None
    next_due: datetime | None
    reviews_per_day: tuple[int, ...]
    due_forecast: tuple[int, ...]
    retention_reviews_30d: int = 0
    retention_passed_30d: int = 0


def day_starts(
    now: datetime, rollover_hour: int, tz: tzinfo | None, first: int, last: int
) -> list[datetime]:
    """Start times (UTC) of the study days ``first``..``last`` relative to today (0)."""
    today = study_date(now, rollover_hour, tz)
    return [
        rollover_time(today + timedelta(days=offset), rollover_hour, tz)
        for offset in range(first, last + 1)
    ]


def deck_stats(
    store: ProgressStore, decks: Sequence[StudyDeck], now: datetime, *, tz: tzinfo | None = None
) -> list[DeckStats]:
    """Statistics for each deck, in the order given, as of ``now``."""
    now = utc(now)
    rollover = store.settings().rollover_hour
    past = day_starts(now, rollover, tz, -(WINDOW_DAYS - 1), 1)  # 30 days back, then tomorrow
    future = day_starts(now, rollover, tz, 1, WINDOW_DAYS)  # ends of the 30 forecast days
    return [_one_deck(store, deck, past, future) for deck in decks]


def _one_deck(
    store: ProgressStore, deck: StudyDeck, past: list[datetime], future: list[datetime]
) -> DeckStats:
    items = deck_item_order(deck)
    reviewed = store.reviewed_item_ids(deck.id)
    gone = reviewed.difference(items)
    states = store.count_states(deck.id)
    for state in store.states_of(deck.id, gone).values():
        states[state.state] -= 1

    forecast = [0] * WINDOW_DAYS
    ends = [to_epoch(end) for end in future]
    next_due = None
    for item_id, state in store.iter_due(deck.id, FAR_FUTURE):
        if item_id in gone:
            continue
        if next_due is None:
            next_due = state.due
        if state.due >= future[-1]:
            break
        forecast[bisect_right(ends, to_epoch(state.due))] += 1

    per_day = [0] * WINDOW_DAYS
    starts = [to_epoch(start) for start in past]
    passed = judged = 0
    for reviewed_at, rating, kind in store.review_outcomes(deck.id, past[0]):
        index = bisect_right(starts, reviewed_at) - 1
        if not 0 <= index < WINDOW_DAYS:
            continue  # stamped after today (a clock that was ahead)
        per_day[index] += 1
        if kind == "review":
            judged += 1
            passed += rating > 1
    return DeckStats(
        deck_id=deck.id,
        title=deck.title,
        new=len(items) - (len(reviewed) - len(gone)),
        learning=states.get("learning", 0) + states.get("relearning", 0),
        review=states.get("review", 0),
        due_today=forecast[0],
        reviews_30d=sum(per_day),
        retention_30d=passed / judged if judged else None,
        next_due=next_due,
        reviews_per_day=tuple(per_day),
        due_forecast=tuple(forecast),
        retention_reviews_30d=judged,
        retention_passed_30d=passed,
    )


def overall(stats: list[DeckStats]) -> DeckStats:
    """The "all decks" row: sums, the earliest next due time, retention over all reviews."""
    judged = sum(s.retention_reviews_30d for s in stats)
    passed = sum(s.retention_passed_30d for s in stats)
    next_dues = [s.next_due for s in stats if s.next_due is not None]
    return DeckStats(
        deck_id=ALL_DECKS_ID,
        title="All decks",
        new=sum(s.new for s in stats),
        learning=sum(s.learning for s in stats),
        review=sum(s.review for s in stats),
        due_today=sum(s.due_today for s in stats),
        reviews_30d=sum(s.reviews_30d for s in stats),
        retention_30d=passed / judged if judged else None,
        next_due=min(next_dues, default=None),
        reviews_per_day=_column_sums([s.reviews_per_day for s in stats]),
        due_forecast=_column_sums([s.due_forecast for s in stats]),
        retention_reviews_30d=judged,
        retention_passed_30d=passed,
    )


def _column_sums(rows: list[tuple[int, ...]]) -> tuple[int, ...]:
    if not rows:
        return (0,) * WINDOW_DAYS
    return tuple(sum(column) for column in zip(*rows, strict=True))
