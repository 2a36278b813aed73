"""The study day and the daily limits: what a session offers today, and what decks count."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from session_support import (
    NOW,
    answer,
    basic_deck,
    drain,
    start,
)

from quiz.progress.contract import ProgressStore
from quiz.progress.open import open_store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.session import StudySession
from quiz.study.study_day import DeckCounts, deck_counts, study_day_bounds


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = open_store(tmp_path / "progress.db")
    opened.save_settings(Settings(fuzz=False))
    yield opened
    opened.close()


def test_daily_new_limit_follows_the_study_day(store: ProgressStore) -> None:
    store.save_settings(Settings(fuzz=False, new_per_day=3))
    deck = basic_deck(count=8)
    assert drain(start(store, [deck], NOW), Rating.EASY, NOW) == ["q0", "q1", "q2"]
    assert start(store, [deck], NOW + timedelta(hours=18)).remaining == 0  # 03:00: same day
    next_day = NOW + timedelta(hours=19)  # 04:00 the next morning: a new study day
    assert drain(start(store, [deck], next_day), Rating.EASY, next_day) == ["q3", "q4", "q5"]


def test_undone_new_items_do_not_count_against_the_limit(store: ProgressStore) -> None:
    store.save_settings(Settings(fuzz=False, new_per_day=2))
    deck = basic_deck(count=5)
    session = start(store, [deck], NOW)
    answer(session, Rating.EASY, NOW)
    session.undo(NOW)
    assert deck_counts(store, deck, NOW, tz=UTC).new == 2


def test_daily_review_cap(store: ProgressStore) -> None:
    store.save_settings(Settings(fuzz=False, reviews_per_day=2))
    deck = basic_deck(count=5)
    drain(start(store, [deck], NOW), Rating.EASY, NOW)
    later = NOW + timedelta(days=9)
    session = start(store, [deck], later)
    assert [item for item in drain(session, Rating.GOOD, later)] == ["q0", "q1"]
    assert start(store, [deck], later).remaining == 0
    assert deck_counts(store, deck, later, tz=UTC).due == 0


def test_local_day_and_rollover_hour_use_the_given_timezone() -> None:
    new_york = ZoneInfo("America/New_York")
    # 07:30 UTC is 02:30 in New York: before the 4 am rollover, so still the previous day.
    start_, end = study_day_bounds(datetime(2026, 1, 15, 7, 30, tzinfo=UTC), 4, new_york)
    assert start_ == datetime(2026, 1, 14, 9, 0, tzinfo=UTC)
    assert end == datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    start_, end = study_day_bounds(datetime(2026, 1, 15, 9, 30, tzinfo=UTC), 4, new_york)
    assert start_ == datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    # Clocks go forward in the night of 7-8 March 2026: that study day is 23 hours long.
    start_, end = study_day_bounds(datetime(2026, 3, 7, 12, 0, tzinfo=UTC), 4, new_york)
    assert (start_, end) == (
        datetime(2026, 3, 7, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 8, 0, tzinfo=UTC),
    )
    start_, end = study_day_bounds(datetime(2026, 1, 15, 23, 0, tzinfo=UTC), 0, UTC)
    assert (start_, end) == (datetime(2026, 1, 15, tzinfo=UTC), datetime(2026, 1, 16, tzinfo=UTC))


def test_the_new_limit_resets_at_the_local_rollover(store: ProgressStore) -> None:
    store.save_settings(Settings(fuzz=False, new_per_day=1, rollover_hour=4))
    deck = basic_deck(count=4)
    tokyo = ZoneInfo("Asia/Tokyo")  # UTC+9: 18:00 UTC is 03:00 in Tokyo, 19:00 UTC is 04:00
    evening = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert drain(StudySession.start(store, [deck], evening, tz=tokyo), Rating.EASY, evening) == [
        "q0"
    ]
    before = datetime(2026, 3, 2, 18, 59, tzinfo=UTC)
    assert StudySession.start(store, [deck], before, tz=tokyo).remaining == 0
    after = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
    assert StudySession.start(store, [deck], after, tz=tokyo).remaining == 1
    assert StudySession.start(store, [deck], before, tz=UTC).remaining == 0  # same UTC day


def test_deck_counts_match_what_a_session_offers(store: ProgressStore) -> None:
    store.save_settings(Settings(fuzz=False, new_per_day=4))
    deck = basic_deck(count=10)
    assert deck_counts(store, deck, NOW, tz=UTC) == DeckCounts(
        items=10, new=4, learning=0, due=0, unseen=10
    )
    session = start(store, [deck], NOW)
    answer(session, Rating.EASY, NOW)
    answer(session, Rating.AGAIN, NOW)
    answer(session, Rating.GOOD, NOW)
    counts = deck_counts(store, deck, NOW, tz=UTC)
    assert counts == DeckCounts(items=10, new=1, learning=2, due=0, unseen=7)
    assert start(store, [deck], NOW).remaining == counts.new + counts.learning + counts.due
    later = NOW + timedelta(days=9)
    assert deck_counts(store, deck, later, tz=UTC) == DeckCounts(
        items=10, new=4, learning=2, due=1, unseen=7
    )


def test_counts_give_the_unseen_items_beside_the_new_ones_the_limit_lets_in(
    store: ProgressStore,
) -> None:
    store.save_settings(Settings(fuzz=False, new_per_day=3))
    deck = basic_deck(count=8)
    counts = deck_counts(store, deck, NOW, tz=UTC)
    assert (counts.new, counts.unseen) == (3, 8), "3 of 8 new today"
    drain(start(store, [deck], NOW), Rating.EASY, NOW)
    counts = deck_counts(store, deck, NOW, tz=UTC)
    assert (counts.new, counts.unseen) == (0, 5), "the limit reached: 5 wait for tomorrow"
    small = basic_deck(count=2, deck_id="small")
    assert deck_counts(store, small, NOW, tz=UTC)[:3] == (2, 2, 0)
    assert deck_counts(store, small, NOW, tz=UTC).unseen == 2
