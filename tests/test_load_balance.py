"""Load balancing and easy days: of the days FSRS's fuzz allows, the least loaded one."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, timedelta

import pytest
from postgres_server import StoreLocations
from session_support import NOW, answer, basic_deck, start

from quiz.progress.contract import ProgressStore as Store
from quiz.progress.open import open_store
from quiz.progress.sqlite_store import Store as SQLiteStore
from quiz.progress.state import ItemState, Settings
from quiz.rating import Rating
from quiz.study.deck_schedule import DayLoads, DeckSchedules
from quiz.study.load_balance import balanced_days
from quiz.study.scheduler import fuzz_range, schedule

ITEMS = 1000


def reviewed_once(rng: random.Random) -> ItemState:
    """An item in review, due now, last seen as long ago as its stability (3 to 60 days)."""
    stability = rng.uniform(3, 60)
    return ItemState("review", None, stability, 5.0, NOW, NOW - timedelta(days=stability))


def due_days(store: Store, deck_id: str) -> Counter[int]:
    return Counter((state.due - NOW).days for state in store.item_states(deck_id).values())


def review_all(store: Store, deck_id: str, settings: Settings) -> list[tuple[int, int, int]]:
    """Give 1,000 items a state, then review each Good at NOW through the session's
    scheduling; (low, high, chosen) days of each review."""
    rng = random.Random(7)
    schedules = DeckSchedules(store, settings, [deck_id], tz=UTC)
    chosen = []
    for index in range(ITEMS):
        item_id = f"i{index}"
        state = reviewed_once(rng)
        given = store.apply_review(
            deck_id, item_id, rating=Rating.GOOD, correct=None, response="{}",
            reviewed_at=NOW - timedelta(days=1), duration_ms=0, next_state=lambda _, s=state: s,
        )  # fmt: skip
        schedules.review_written(given.state_before, given.state_after)  # as a session does
        plain = schedule(state, Rating.GOOD, NOW, Settings(fuzz=False))
        days = (plain.due - NOW).days
        pick = schedules.day_picker(deck_id, state, Rating.GOOD, NOW)

        def next_state(stored, pick=pick, index=index):
            return schedules.next_state(deck_id, stored, Rating.GOOD, NOW, index, pick=pick)

        row = store.apply_review(
            deck_id, item_id, rating=Rating.GOOD, correct=None, response="{}",
            reviewed_at=NOW, duration_ms=0, next_state=next_state,
        )  # fmt: skip
        schedules.review_written(row.state_before, row.state_after)
        low, high = fuzz_range(days, settings.maximum_interval_days) if days >= 2.5 else (days,) * 2
        chosen.append((low, high, (row.state_after.due - NOW).days))
    return chosen


@pytest.fixture
def store(store_location: StoreLocations):
    with open_store(store_location()) as opened:
        yield opened


def test_balancing_lowers_the_busiest_day_and_stays_in_the_fuzz_range(store: Store) -> None:
    balanced = review_all(store, "balanced", Settings(load_balancing=True))
    plain = review_all(store, "plain", Settings(load_balancing=False))
    assert [(low, high) for low, high, _ in balanced] == [(low, high) for low, high, _ in plain]
    for low, high, days in balanced:
        assert low <= days <= high
    for low, high, days in plain:
        assert low <= days <= high + 1  # plain fuzz rounds, now and then one day past the top
    balanced_load, plain_load = due_days(store, "balanced"), due_days(store, "plain")
    assert max(balanced_load.values()) < max(plain_load.values())
    busiest = sorted(plain_load.values())[-10:]  # the ten busiest days, not one alone
    assert sum(sorted(balanced_load.values())[-10:]) < sum(busiest)


def test_easy_days_get_fewer_reviews(store: Store) -> None:
    review_all(store, "weekend", Settings(easy_days=("sat", "sun")))
    by_weekday = Counter()
    for days, count in due_days(store, "weekend").items():
        if 7 <= days < 56:  # whole weeks, past the first days where ranges are narrow
            by_weekday[(NOW.date() + timedelta(days=days)).weekday()] += count
    weekend = (by_weekday[5] + by_weekday[6]) / 2
    weekdays = sum(by_weekday[d] for d in range(5)) / 5
    assert weekend < 0.75 * weekdays


def test_ties_go_to_the_day_nearest_the_interval() -> None:
    today = date(2026, 3, 2)  # a Monday
    assert balanced_days(8, 12, 10, [0] * 20, today, ()) == 10
    loads = [0] * 8 + [5, 1, 9, 1, 7]
    assert balanced_days(8, 12, 10, loads, today, ()) in {9, 11}
    assert balanced_days(8, 12, 10, loads, today, ()) == 9  # then the earlier
    # day 12 from a Monday is a Saturday: as an easy day it counts double
    assert balanced_days(11, 12, 12, [0] * 11 + [3, 2], today, ("sat",)) == 11


def test_kept_loads_follow_each_write_and_undo_as_the_store_counts_them(store: Store) -> None:
    rng = random.Random(3)
    loads = DayLoads(store, ["kept"])
    start = NOW - timedelta(hours=5)
    assert set(loads.loads(start, 3)) == {0}  # read now, before any review
    for index in range(60):
        before = reviewed_once(rng) if index % 3 else None
        after = replace(reviewed_once(rng), due=NOW + timedelta(days=rng.randint(0, 40)))
        if before is not None:
            store.apply_review(
                "kept", f"i{index}", rating=Rating.GOOD, correct=None, response="{}",
                reviewed_at=NOW, duration_ms=0, next_state=lambda _, s=before: s,
            )  # fmt: skip
            loads.moved(None, before)
        row = store.apply_review(
            "kept", f"i{index}", rating=Rating.GOOD, correct=None, response="{}",
            reviewed_at=NOW, duration_ms=0, next_state=lambda _, s=after: s,
        )  # fmt: skip
        loads.moved(row.state_before, row.state_after)
        if index % 7 == 0:
            taken = store.undo_review(row.id)
            loads.moved(taken.state_after, taken.state_before)
    kept = list(loads.loads(start, 45))
    assert kept == store.due_counts(["kept"], start, len(kept))
    assert sum(kept) > 30


class CountingStore(SQLiteStore):
    """The SQLite store, counting how often the days' loads are read."""

    load_reads = 0

    def due_counts(self, deck_ids, start, days):
        self.load_reads += 1
        return super().due_counts(deck_ids, start, days)


def test_a_session_reads_the_days_loads_once_not_per_review(tmp_path) -> None:
    with CountingStore.open(tmp_path / "progress.db") as counting:
        assert isinstance(counting, CountingStore)
        rng = random.Random(5)
        deck = basic_deck("loads", 40)
        for card in deck.cards:
            state = reviewed_once(rng)
            counting.apply_review(
                deck.id, card.id, rating=Rating.GOOD, correct=None, response="{}",
                reviewed_at=NOW - timedelta(days=2), duration_ms=0, next_state=lambda _, s=state: s,
            )  # fmt: skip
        session = start(counting, [deck], NOW)
        answered = 0
        while session.current is not None and answered < 30:
            answer(session, Rating.GOOD, NOW)
            answered += 1
        assert answered == 30
        assert 1 <= counting.load_reads <= 2  # 64 days, then once more for longer intervals
