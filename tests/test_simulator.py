"""The forecast of reviews a day: more at a higher desired retention, and reproducible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quiz.progress.state import ItemState, Settings
from quiz.study.simulator import reviews_per_day

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_higher_retention_costs_more_reviews() -> None:
    forecasts = [reviews_per_day([], 200, Settings(), r, NOW) for r in (0.8, 0.9, 0.97)]
    assert forecasts == sorted(forecasts)
    assert forecasts[2] > 1.5 * forecasts[0]
    assert reviews_per_day([], 200, Settings(), 0.9, NOW) == forecasts[1]  # seeded


def test_known_items_and_the_daily_limits_count() -> None:
    known = [ItemState("review", None, 2.0, 5.0, NOW, NOW - timedelta(days=2)) for _ in range(100)]
    assert reviews_per_day(known, 0, Settings(), 0.9, NOW) > 0
    assert reviews_per_day([], 0, Settings(), 0.9, NOW) == 0
    capped = Settings(new_per_day=0)
    assert reviews_per_day([], 500, capped, 0.9, NOW) == 0
