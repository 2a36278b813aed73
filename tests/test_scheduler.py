"""Scheduling with fsrs: settings validation, a first week of reviews, fuzz, time handling."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import fsrs
import pytest

from quiz.progress.state import ItemState, Settings, from_epoch, to_epoch, utc
from quiz.rating import Rating
from quiz.study.scheduler import fuzz_days, item_card_id, preview, schedule

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PLAIN = Settings(fuzz=False)
DAY = timedelta(days=1)

# A first week for one card: (minutes after START, rating). Reviews happen when the card
# falls due, with a lapse on day 3 and a late review at the end.
FIRST_WEEK = [
    (0, Rating.GOOD),
    (10, Rating.GOOD),
    (1 * 1440 + 10, Rating.GOOD),
    (3 * 1440 + 10, Rating.AGAIN),
    (3 * 1440 + 20, Rating.HARD),
    (3 * 1440 + 40, Rating.GOOD),
    (4 * 1440 + 40, Rating.EASY),
    (7 * 1440 + 600, Rating.GOOD),
]


def test_defaults_match_the_spec() -> None:
    settings = Settings()
    assert settings.desired_retention == 0.90
    assert settings.learning_steps_minutes == (1, 10)
    assert settings.relearning_steps_minutes == (10,)
    assert settings.maximum_interval_days == 36500
    assert (settings.new_per_day, settings.reviews_per_day) == (20, 200)
    assert settings.rollover_hour == 4
    assert settings.fuzz is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"desired_retention": 0}, "desired_retention"),
        ({"desired_retention": 1.0}, "desired_retention"),
        ({"desired_retention": 0.69}, "desired_retention"),
        ({"desired_retention": float("nan")}, "desired_retention"),
        ({"desired_retention": True}, "desired_retention"),
        ({"learning_steps_minutes": (1, 0)}, "learning_steps_minutes"),
        ({"learning_steps_minutes": (-5,)}, "learning_steps_minutes"),
        ({"relearning_steps_minutes": ("10",)}, "relearning_steps_minutes"),
        ({"maximum_interval_days": 0}, "maximum_interval_days"),
        ({"maximum_interval_days": 36501}, "maximum_interval_days"),
        ({"new_per_day": -1}, "new_per_day"),
        ({"reviews_per_day": 2.5}, "reviews_per_day"),
        ({"rollover_hour": 24}, "rollover_hour"),
        ({"fuzz": "yes"}, "fuzz"),
    ],
)
def test_invalid_settings_are_refused_with_the_setting_named(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Settings(**change)  # type: ignore[arg-type]


def test_settings_round_trip_through_a_dict() -> None:
    settings = Settings(desired_retention=0.85, learning_steps_minutes=(0.5, 5, 30), fuzz=False)
    data = settings.to_dict()
    assert data["learning_steps_minutes"] == [0.5, 5, 30]
    assert Settings.from_dict(data) == settings


def test_settings_from_dict_refuses_unknown_keys() -> None:
    with pytest.raises(ValueError, match="unknown setting"):
        Settings.from_dict({"desired_retention": 0.9, "colour": "red"})


def test_empty_learning_steps_are_allowed_and_graduate_at_once() -> None:
    state = schedule(None, Rating.GOOD, START, replace(PLAIN, learning_steps_minutes=()))
    assert state.state == "review"
    assert state.due - START >= timedelta(days=1)


def test_first_review_good_moves_to_the_second_learning_step() -> None:
    state = schedule(None, Rating.GOOD, START, PLAIN)
    assert state.state == "learning"
    assert state.step == 1
    assert state.due == START + timedelta(minutes=10)
    assert state.last_review == START
    assert state.stability is not None and state.difficulty is not None


def test_a_first_week_of_reviews_matches_fsrs() -> None:
    card_id = item_card_id("core-deck", "car-definition")
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=card_id, due=START)
    state: ItemState | None = None
    states = []
    for minutes, rating in FIRST_WEEK:
        now = START + timedelta(minutes=minutes)
        card, _ = reference.review_card(card, fsrs.Rating(int(rating)), now)
        state = schedule(state, rating, now, PLAIN, card_id=card_id)
        assert state.due == card.due, (minutes, rating)
        assert state.state == card.state.name.lower()
        assert state.step == card.step
        assert state.stability == pytest.approx(card.stability)
        assert state.difficulty == pytest.approx(card.difficulty)
        assert state.last_review == now
        states.append(state)
    # The schedule the student sees: 10 minutes, then a day, a lapse, relearning, longer gaps.
    assert [s.state for s in states] == [
        "learning",
        "review",
        "review",
        "relearning",
        "relearning",
        "review",
        "review",
        "review",
    ]
    assert states[1].due - START - timedelta(minutes=10) >= timedelta(days=1)
    assert states[3].due == START + timedelta(days=3, minutes=20)
    assert states[-1].due > states[-2].due


def test_seeded_fuzz_matches_fsrs_fuzz_with_the_same_random_state() -> None:
    settings = Settings()
    state = None
    card = fsrs.Card(card_id=1, due=START)
    reference = fsrs.Scheduler()
    now = START
    for step in range(8):
        seed = 1000 + step
        state = schedule(state, Rating.GOOD, now, settings, seed=seed, card_id=1)
        random.seed(seed)
        card, _ = reference.review_card(card, fsrs.Rating.Good, now)
        assert state.due == card.due
        now = card.due


def test_seeded_fuzz_is_reproducible_and_stays_in_range() -> None:
    state = ItemState("review", None, 40.0, 5.0, START, START - timedelta(days=30))
    settings = Settings()
    plain = schedule(state, Rating.GOOD, START, PLAIN)
    days = (plain.due - START).days
    seen = set()
    for seed in range(60):
        first = schedule(state, Rating.GOOD, START, settings, seed=seed)
        assert first == schedule(state, Rating.GOOD, START, settings, seed=seed)
        fuzzed = (first.due - START).days
        assert abs(fuzzed - days) <= max(2, days * 0.1)
        seen.add(fuzzed)
    assert len(seen) > 1


def test_fuzz_leaves_short_intervals_alone() -> None:
    rng = random.Random(0)
    assert [fuzz_days(d, 36500, rng) for d in (1, 2)] == [1, 2]
    assert fuzz_days(400, 365, rng) <= 365


def test_fuzz_is_not_applied_to_learning_steps() -> None:
    state = schedule(None, Rating.AGAIN, START, Settings(), seed=3)
    assert state.due == START + timedelta(minutes=1)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        schedule(None, Rating.GOOD, datetime(2026, 3, 2, 9, 0), PLAIN)


@pytest.mark.parametrize(
    "zone", [ZoneInfo("UTC"), ZoneInfo("Europe/Paris"), timezone(timedelta(hours=-5))]
)
def test_any_aware_time_is_converted_to_utc(zone: object) -> None:
    local = START.astimezone(zone)  # type: ignore[arg-type]
    state = schedule(None, Rating.GOOD, local, PLAIN)
    assert state == schedule(None, Rating.GOOD, START, PLAIN)
    assert state.due.tzinfo is UTC
    assert utc(local).tzinfo is UTC


def test_times_are_kept_to_the_second() -> None:
    now = START + timedelta(microseconds=654_321)
    state = schedule(None, Rating.HARD, now, PLAIN)
    assert state.last_review == START
    assert state.due.microsecond == 0
    assert to_epoch(now) == to_epoch(START)


def test_item_state_round_trips_through_a_dict() -> None:
    state = schedule(schedule(None, Rating.GOOD, START, PLAIN), Rating.GOOD, START, PLAIN)
    assert ItemState.from_dict(state.to_dict()) == state
    with pytest.raises(ValueError, match="malformed"):
        ItemState.from_dict({"state": "review"})
    with pytest.raises(ValueError, match="unknown state"):
        ItemState.from_dict({**state.to_dict(), "state": "new"})


def test_card_ids_are_stable_and_distinct() -> None:
    assert item_card_id("d", "a") == item_card_id("d", "a")
    assert item_card_id("d", "a") != item_card_id("d", "b")
    assert item_card_id("d", "a") != item_card_id("e", "a")
    assert 0 <= item_card_id("d", "a") < 2**63


def test_preview_gives_one_interval_per_rating_without_fuzz() -> None:
    intervals = preview(None, START, Settings())
    assert intervals[Rating.AGAIN] == timedelta(minutes=1)
    assert intervals[Rating.HARD] == timedelta(minutes=5, seconds=30)
    assert intervals[Rating.GOOD] == timedelta(minutes=10)
    assert intervals[Rating.EASY] >= timedelta(days=1)


def _fsrs_review(state: ItemState | None, rating: Rating, now: datetime) -> fsrs.Card:
    """FSRS's own review of ``state`` at ``now``, as quiz configures it (no fuzz)."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=now)
    if state is not None:
        card = fsrs.Card(
            card_id=1,
            state={"learning": fsrs.State.Learning, "review": fsrs.State.Review,
                   "relearning": fsrs.State.Relearning}[state.state],
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=utc(state.due),
            last_review=None if state.last_review is None else utc(state.last_review),
        )  # fmt: skip
    return scheduler.review_card(card, fsrs.Rating(int(rating)), now)[0]


def test_a_review_at_any_second_gets_what_fsrs_gives_at_that_second() -> None:
    # FSRS's outcomes of a state are computed once for each whole day since its last review
    # and moved to the second reviewed at: what FSRS itself gives at that second, whatever
    # the second (before the last review too, or with a last review between seconds), each
    # rating kept a minute (or a day) after the one below it.
    rng = random.Random(21)
    for _ in range(300):
        state: ItemState | None = None
        now = START
        for _ in range(rng.randint(0, 6)):
            state = schedule(state, Rating(rng.randint(1, 4)), now, PLAIN)
            now = state.due + timedelta(seconds=rng.randint(-2 * 86400, 30 * 86400))
        if state is not None and state.last_review is not None and rng.random() < 0.2:
            odd = state.last_review + timedelta(microseconds=rng.randint(1, 999_999))
            state = replace(state, last_review=odd)
        for _ in range(3):  # later seconds of the same day since the review, or of later days
            now = now.replace(microsecond=0) + timedelta(seconds=rng.randint(0, 86400))
            expected, lower = {}, None
            for rating in Rating:
                card = _fsrs_review(state, rating, now)
                due = card.due
                if lower is not None:
                    due = max(due, lower + (DAY if lower - now >= DAY else timedelta(minutes=1)))
                lower = from_epoch(to_epoch(due))
                expected[rating] = (card.stability, card.difficulty, card.step, lower)
            assert preview(state, now, PLAIN) == {r: e[3] - now for r, e in expected.items()}
            for rating in Rating:
                got = schedule(state, rating, now, PLAIN)
                assert (got.stability, got.difficulty, got.step, got.due) == expected[rating]
