"""Scheduling: when an item is due next, computed by FSRS (the ``fsrs`` package).

The clock is never read here: every function takes the time. Times are timezone-aware and
kept to the whole second (the store keeps epoch seconds). ``fsrs`` itself accepts only
``datetime.timezone.utc``; :func:`utc` converts any aware time to it.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import fsrs
from fsrs.scheduler import FUZZ_RANGES

from quiz.progress.state import ItemState, Settings, StateName, from_epoch, to_epoch, utc
from quiz.rating import Rating

_FROM_FSRS: dict[fsrs.State, StateName] = {
    fsrs.State.Learning: "learning",
    fsrs.State.Review: "review",
    fsrs.State.Relearning: "relearning",
}
_TO_FSRS = {name: state for state, name in _FROM_FSRS.items()}


def item_card_id(deck_id: str, item_id: str) -> int:
    """A stable positive 63-bit integer for an item, used as the FSRS ``card_id``."""
    digest = hashlib.blake2b(f"{deck_id}\x1f{item_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & (2**63 - 1)


@lru_cache(maxsize=16)
def _fsrs_scheduler(settings: Settings, parameters: tuple[float, ...] = ()) -> fsrs.Scheduler:
    # Fuzz is applied by this module (so it can be seeded), never by fsrs itself.
    return fsrs.Scheduler(
        parameters=parameters or fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=False,
    )


def schedule(
    state: ItemState | None,
    rating: Rating,
    now: datetime,
    settings: Settings,
    *,
    seed: int | None = None,
    card_id: int = 0,
    parameters: tuple[float, ...] = (),
    pick_days: Callable[[int, int], int] | None = None,
) -> ItemState:
    """The state after reviewing an item at ``now`` with ``rating``.

    ``state`` None means the item was never reviewed. Fuzz (when ``settings.fuzz``) uses
    ``seed`` when given, so a seeded call is reproducible; it spreads review intervals the
    same way ``fsrs`` does, or, with ``pick_days``, takes the interval ``pick_days(low,
    high)`` chooses in the fuzz range (load balancing). ``parameters`` are FSRS's weights
    (empty: its defaults). The due time falls after that of the rating below it
    (:func:`after_lower_rating`). ``card_id`` plays no part: FSRS's own fuzz is off.
    """
    now = utc(now).replace(microsecond=0)
    rating = Rating(rating)
    outcomes, shift = _outcomes_at(state, now, unfuzzed(settings), parameters)
    after_state, step, stability, difficulty, due = outcomes.reviewed(rating)
    due += shift
    if settings.fuzz and after_state == "review":
        days, maximum = (due - now).days, settings.maximum_interval_days
        if pick_days is not None and days >= 2.5:
            days = pick_days(*fuzz_range(days, maximum))
        else:
            days = fuzz_days(days, maximum, random.Random(seed))
        due = now + timedelta(days=days)
    if rating != Rating.AGAIN:
        due = _after(outcomes.plain_due(Rating(rating - 1)) + shift, due, now)
    return ItemState(
        state=after_state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=_whole_second(due),
        last_review=now,
    )


@lru_cache(maxsize=16)
def unfuzzed(settings: Settings) -> Settings:
    """``settings`` without fuzz (kept: settings validate themselves, which costs)."""
    return replace(settings, fuzz=False) if settings.fuzz else settings


Reviewed = tuple[StateName, int | None, float | None, float | None, datetime]
"""FSRS's (state, step, stability, difficulty, due) after a review, before any fuzz."""
NO_REVIEW_YET = datetime(2000, 1, 1, tzinfo=UTC)  # when an item with no last review is timed
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


class _Outcomes:
    """What each rating of one state leads to, reviewed at one time without fuzz: FSRS's
    result, and the due time kept after the rating below it; each computed when first asked
    for (a card's four ratings are previewed, scheduled and balanced from the same state)."""

    __slots__ = ("_card", "_now", "_plain", "_reviewed", "_scheduler")

    def __init__(self, state: ItemState | None, now: datetime, scheduler: fsrs.Scheduler) -> None:
        if state is None:
            self._card = fsrs.Card(card_id=0, due=now)
        else:
            self._card = fsrs.Card(
                card_id=0,
                state=_TO_FSRS[state.state],
                step=state.step,
                stability=state.stability,
                difficulty=state.difficulty,
                due=utc(state.due),
                last_review=None if state.last_review is None else utc(state.last_review),
            )
        self._now, self._scheduler = now, scheduler
        self._reviewed: list[Reviewed | None] = [None] * 4
        self._plain: list[datetime | None] = [None] * 4

    def reviewed(self, rating: Rating) -> Reviewed:
        """FSRS's (state, step, stability, difficulty, due) after a review rated ``rating``."""
        found = self._reviewed[rating - 1]
        if found is None:
            card, _ = self._scheduler.review_card(self._card, fsrs.Rating(int(rating)), self._now)
            found = _FROM_FSRS[card.state], card.step, card.stability, card.difficulty, card.due
            self._reviewed[rating - 1] = found
        return found

    def plain_due(self, rating: Rating) -> datetime:
        """The due time ``rating`` gives without fuzz, after those of the ratings below it
        (what the buttons show, and what a fuzzed rating above it is kept after)."""
        found = self._plain[rating - 1]
        if found is None:
            due = self.reviewed(rating)[4]
            if rating != Rating.AGAIN:
                due = _after(self.plain_due(Rating(rating - 1)), due, self._now)
            found = self._plain[rating - 1] = _whole_second(due)
        return found


def _outcomes_at(
    state: ItemState | None, now: datetime, plain: Settings, parameters: tuple[float, ...]
) -> tuple[_Outcomes, timedelta]:
    """The outcomes of reviewing ``state`` at ``now`` (whole seconds, UTC), and how much
    later than the time they were computed for ``now`` is (to add to their due times).

    FSRS reads the time of a review only as the whole days since the item's last review,
    and adds the interval to it for the due time (the rest of this module only compares due
    times with each other and with the time, and keeps them to the second): so the outcomes
    are computed for the first second with the same whole days, and shifted. A card's
    rating chosen seconds after its buttons were shown takes them as they are.
    """
    last = None if state is None else state.last_review
    if last is None:
        origin = NO_REVIEW_YET
    else:
        origin = utc(last) + timedelta(days=(now - last).days)
        if origin.microsecond:  # to the next whole second, still the same whole days
            origin += timedelta(microseconds=1_000_000 - origin.microsecond)
    return _outcomes(state, origin, plain, parameters), now - origin


@lru_cache(maxsize=64)
def _outcomes(
    state: ItemState | None, origin: datetime, plain: Settings, parameters: tuple[float, ...]
) -> _Outcomes:
    # Kept for the last few items; FSRS's own fuzz is off, so the item's card_id plays no part.
    return _Outcomes(state, origin, _fsrs_scheduler(plain, parameters))


def _whole_second(moment: datetime) -> datetime:
    if moment.microsecond == 0 and moment.tzinfo is UTC:
        return moment
    return from_epoch(to_epoch(moment))


def _after(lower: datetime, due: datetime, now: datetime) -> datetime:
    """``due`` moved, if need be, past the due time ``lower`` of the rating below: a day
    after it once that one is a day or more away, else a minute."""
    return max(due, lower + (DAY if lower - now >= DAY else MINUTE))


def after_lower_rating(
    state: ItemState | None,
    rating: Rating,
    due: datetime,
    now: datetime,
    settings: Settings,
    *,
    card_id: int = 0,
    parameters: tuple[float, ...] = (),
) -> datetime:
    """``due`` (when ``rating`` would make the item due), moved later if needed so that it
    falls after the due time of the rating below it: Again < Hard < Good < Easy strictly, as
    Anki's FSRS keeps them. A day after it once that one is a day or more away, else a
    minute; the rating below is taken without fuzz and kept apart from its own in turn.
    ``card_id`` plays no part (FSRS's own fuzz is off)."""
    if rating == Rating.AGAIN:
        return due
    now = utc(now).replace(microsecond=0)
    outcomes, shift = _outcomes_at(state, now, unfuzzed(settings), parameters)
    return _after(outcomes.plain_due(Rating(rating - 1)) + shift, due, now)


def unfuzzed_outcome(
    state: ItemState | None,
    rating: Rating,
    now: datetime,
    settings: Settings,
    parameters: tuple[float, ...] = (),
) -> tuple[StateName, datetime]:
    """The state name and due time a review rated ``rating`` leads to without fuzz: those of
    :func:`schedule` with ``settings`` unfuzzed."""
    now = utc(now).replace(microsecond=0)
    outcomes, shift = _outcomes_at(state, now, unfuzzed(settings), parameters)
    return outcomes.reviewed(rating)[0], outcomes.plain_due(rating) + shift


def preview(
    state: ItemState | None, now: datetime, settings: Settings, parameters: tuple[float, ...] = ()
) -> dict[Rating, timedelta]:
    """How long until the item is due again for each rating, without fuzz (for buttons)."""
    now = utc(now).replace(microsecond=0)
    outcomes, shift = _outcomes_at(state, now, unfuzzed(settings), parameters)
    return {rating: outcomes.plain_due(rating) + shift - now for rating in Rating}


def fuzz_days(days: int, maximum: int, rng: random.Random) -> int:
    """Spread an interval of ``days`` as FSRS does: intervals under 2.5 days are kept."""
    if days < 2.5:
        return days
    low, high = fuzz_range(days, maximum)
    return min(round(rng.random() * (high - low + 1) + low), maximum)


def fuzz_range(days: int, maximum: int) -> tuple[int, int]:
    """The days, lowest and highest, that FSRS's fuzz may give an interval of ``days``."""
    delta = 1.0
    for span in FUZZ_RANGES:
        delta += span["factor"] * max(min(float(days), span["end"]) - span["start"], 0.0)
    high = min(round(days + delta), maximum)
    return min(max(2, round(days - delta)), high), high
