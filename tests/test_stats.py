"""Deck statistics from a real store: states, due counts, 30-day history and forecast."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from quiz.deck.model import Deck
from quiz.deck.summary import ALL_DECKS_ID
from quiz.progress.contract import ProgressStore
from quiz.progress.open import open_store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.scheduler import schedule
from quiz.study.stats import WINDOW_DAYS, DeckStats, deck_stats, overall

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PLAIN = Settings(fuzz=False)


def make_deck(deck_id: str, card_ids: list[str]) -> Deck:
    return Deck.model_validate(
        {
            "id": deck_id,
            "title": f"Deck {deck_id}",
            "description": "Cards for statistics tests.",
            "version": 1,
            "sources": [{"key": "s", "title": "T", "authors": ["A"], "year": 2020, "venue": "J"}],
            "cards": [
                {
                    "id": card_id,
                    "type": "basic",
                    "front": f"{card_id}?",
                    "back": "b",
                    "source": {"key": "s", "locator": "p1"},
                }
                for card_id in card_ids
            ],
        }
    )


def review(store: ProgressStore, deck_id: str, item_id: str, rating: Rating, at: datetime) -> None:
    store.apply_review(
        deck_id,
        item_id,
        rating=rating,
        correct=None,
        response='{"type":"reveal"}',
        reviewed_at=at,
        duration_ms=1000,
        next_state=lambda before: schedule(before, rating, at, PLAIN),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = open_store(tmp_path / "progress.db")
    yield opened
    opened.close()


def only(store: ProgressStore, deck: Deck, now: datetime, **kwargs: object) -> DeckStats:
    [stats] = deck_stats(store, [deck], now, tz=UTC, **kwargs)
    return stats


def test_a_deck_never_studied(store: ProgressStore) -> None:
    stats = only(store, make_deck("d", ["a", "b", "c"]), NOW)
    assert (stats.deck_id, stats.title) == ("d", "Deck d")
    assert (stats.new, stats.learning, stats.review, stats.due_today) == (3, 0, 0, 0)
    assert (stats.reviews_30d, stats.retention_30d, stats.next_due) == (0, None, None)
    assert stats.reviews_per_day == (0,) * WINDOW_DAYS
    assert stats.due_forecast == (0,) * WINDOW_DAYS


def test_states_due_and_forecast_after_a_first_session(store: ProgressStore) -> None:
    deck = make_deck("d", ["a", "b", "c", "d"])
    review(store, "d", "a", Rating.EASY, NOW)  # review, due in 8 days
    review(store, "d", "b", Rating.AGAIN, NOW)  # learning, due in a minute
    review(store, "d", "c", Rating.GOOD, NOW)  # learning, due in ten minutes
    stats = only(store, deck, NOW)
    assert (stats.new, stats.learning, stats.review) == (1, 2, 1)
    assert stats.due_today == 2
    assert stats.next_due == NOW + timedelta(minutes=1)
    assert stats.reviews_30d == 3
    assert stats.reviews_per_day[-1] == 3
    assert sum(stats.reviews_per_day) == 3
    assert stats.due_forecast[0] == 2
    assert stats.due_forecast[8] == 1
    assert sum(stats.due_forecast) == 3
    assert stats.retention_30d is None  # no review of a learned item yet


def test_retention_counts_reviews_of_learned_items_only(store: ProgressStore) -> None:
    deck = make_deck("d", ["a", "b", "c"])
    for item in ("a", "b", "c"):
        review(store, "d", item, Rating.EASY, NOW)
    later = NOW + timedelta(days=9)
    review(store, "d", "a", Rating.GOOD, later)
    review(store, "d", "b", Rating.HARD, later)
    review(store, "d", "c", Rating.AGAIN, later)  # a lapse: now relearning
    review(store, "d", "c", Rating.AGAIN, later + timedelta(minutes=1))  # a step: not counted
    stats = only(store, deck, later)
    assert stats.retention_reviews_30d == 3
    assert stats.retention_passed_30d == 2
    assert stats.retention_30d == pytest.approx(2 / 3)
    assert stats.reviews_30d == 7
    assert stats.reviews_per_day[-1] == 4
    assert stats.reviews_per_day[-10] == 3
    assert (stats.learning, stats.review) == (1, 2)


def test_reviews_older_than_thirty_days_drop_out(store: ProgressStore) -> None:
    deck = make_deck("d", ["a", "b"])
    review(store, "d", "a", Rating.EASY, NOW - timedelta(days=30))
    review(store, "d", "b", Rating.EASY, NOW - timedelta(days=29))
    stats = only(store, deck, NOW)
    assert stats.reviews_30d == 1
    assert stats.reviews_per_day[0] == 1
    assert stats.due_today == 2  # both overdue
    assert stats.due_forecast[0] == 2


def test_days_follow_the_local_rollover(store: ProgressStore) -> None:
    deck = make_deck("d", ["a", "b"])
    tokyo = ZoneInfo("Asia/Tokyo")  # 18:30 UTC is 03:30 in Tokyo: before a 4 am rollover
    review(store, "d", "a", Rating.GOOD, datetime(2026, 3, 2, 18, 30, tzinfo=UTC))
    review(store, "d", "b", Rating.GOOD, datetime(2026, 3, 2, 19, 30, tzinfo=UTC))
    [stats] = deck_stats(store, [deck], datetime(2026, 3, 2, 20, 0, tzinfo=UTC), tz=tokyo)
    assert stats.reviews_per_day[-2:] == (1, 1)
    [stats] = deck_stats(store, [deck], datetime(2026, 3, 2, 20, 0, tzinfo=UTC), tz=UTC)
    assert stats.reviews_per_day[-2:] == (0, 2)


def test_vanished_cards_are_not_counted_but_their_reviews_are(store: ProgressStore) -> None:
    review(store, "d", "a", Rating.EASY, NOW)
    review(store, "d", "gone", Rating.AGAIN, NOW)
    stats = only(store, make_deck("d", ["a", "b"]), NOW)
    assert (stats.new, stats.learning, stats.review, stats.due_today) == (1, 0, 1, 0)
    assert stats.next_due == NOW + timedelta(days=8)
    assert sum(stats.due_forecast) == 1
    assert stats.reviews_30d == 2


def test_overall_adds_decks_up(store: ProgressStore) -> None:
    first, second = make_deck("one", ["a", "b"]), make_deck("two", ["x", "y", "z"])
    review(store, "one", "a", Rating.EASY, NOW)
    review(store, "two", "x", Rating.EASY, NOW)
    review(store, "two", "y", Rating.EASY, NOW)
    later = NOW + timedelta(days=9)
    review(store, "one", "a", Rating.AGAIN, later)
    review(store, "two", "x", Rating.GOOD, later)
    review(store, "two", "y", Rating.GOOD, later)
    per_deck = deck_stats(store, [first, second], later, tz=UTC)
    assert [s.deck_id for s in per_deck] == ["one", "two"]
    total = overall(per_deck)
    assert (total.deck_id, total.title) == (ALL_DECKS_ID, "All decks")
    assert (total.new, total.learning, total.review) == (2, 1, 2)
    assert total.reviews_30d == 6
    assert total.retention_30d == pytest.approx(2 / 3)
    assert total.next_due == later + timedelta(minutes=10)
    one, two = per_deck
    assert total.reviews_per_day == tuple(
        a + b for a, b in zip(one.reviews_per_day, two.reviews_per_day, strict=True)
    )
    assert total.due_forecast == tuple(
        a + b for a, b in zip(one.due_forecast, two.due_forecast, strict=True)
    )
    assert total.due_forecast[0] == 1  # the lapsed card; the others are due beyond 30 days


def test_overall_of_nothing() -> None:
    total = overall([])
    assert (total.new, total.retention_30d, total.next_due) == (0, None, None)
    assert total.reviews_per_day == (0,) * WINDOW_DAYS
