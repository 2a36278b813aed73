"""After any state, the four ratings lead to strictly later due times, Again < Hard < Good <
Easy, both in the preview on the buttons and in what a review schedules (fuzz included)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from quiz.progress.state import ItemState, Settings
from quiz.rating import Rating
from quiz.study.scheduler import preview, schedule

NOW = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)


def histories(count: int, seed: int) -> list[tuple[ItemState | None, datetime]]:
    """States reached by random ratings at random gaps, with a time to review each at."""
    rng = random.Random(seed)
    settings = Settings(fuzz=False)
    found: list[tuple[ItemState | None, datetime]] = []
    for _ in range(count):
        state: ItemState | None = None
        now = NOW
        for _ in range(rng.randint(0, 8)):
            state = schedule(state, Rating(rng.randint(1, 4)), now, settings)
            now = state.due + timedelta(seconds=rng.choice([-3600, 0, 600, 86400 * rng.random()]))
        found.append((state, max(now, NOW)))
    return found


def test_previewed_intervals_strictly_increase_over_many_states() -> None:
    settings = Settings()
    for state, now in histories(400, seed=7):
        spans = preview(state, now, settings)
        ordered = [spans[rating] for rating in Rating]
        assert ordered == sorted(ordered) and len(set(ordered)) == 4, (state, ordered)


def test_the_known_tie_after_again_then_easy_is_split() -> None:
    # the review's case: answered Again, then Easy; 12 hours later Hard, Good and Easy were
    # all one day
    plain = Settings(fuzz=False)
    state = schedule(None, Rating.AGAIN, NOW, plain)
    state = schedule(state, Rating.EASY, NOW + timedelta(minutes=1), plain)
    spans = preview(state, NOW + timedelta(hours=12), plain)
    assert spans[Rating.HARD] < spans[Rating.GOOD] < spans[Rating.EASY]
    assert spans[Rating.EASY] - spans[Rating.GOOD] >= timedelta(days=1)


def test_what_is_scheduled_keeps_the_order_the_buttons_show() -> None:
    for fuzz in (False, True):
        settings = Settings(fuzz=fuzz)
        for state, now in histories(200, seed=11):
            shown = preview(state, now, settings)
            for rating in list(Rating)[1:]:
                due = schedule(state, rating, now, settings, seed=3).due
                lower = now.replace(microsecond=0) + shown[Rating(rating - 1)]
                assert due > lower, (state, rating)
                if not fuzz:
                    assert due == now.replace(microsecond=0) + shown[rating]
