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
from datetime import datetime, timedelta
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
    (empty: its defaults).
    """
    now = utc(now).replace(microsecond=0)
    rating = Rating(rating)
    after_state, step, stability, difficulty, due = _reviewed(
        state, rating, now, unfuzzed(settings), parameters
    )
    if settings.fuzz and after_state == "review":
        days, maximum = (due - now).days, settings.maximum_interval_days
        if pick_days is not None and days >= 2.5:
            days = pick_days(*fuzz_range(days, maximum))
        else:
            days = fuzz_days(days, maximum, random.Random(seed))
        due = now + timedelta(days=days)
    due = after_lower_rating(
        state, rating, due, now, settings, card_id=card_id, parameters=parameters
    )
    return ItemState(
        state=after_state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=from_epoch(to_epoch(due)),
        last_review=now,
    )


@lru_cache(maxsize=16)
def unfuzzed(settings: Settings) -> Settings:
    """``settings`` without fuzz (kept: settings validate themselves, which costs)."""
    return replace(settings, fuzz=False) if settings.fuzz else settings


@lru_cache(maxsize=256)
def _reviewed(
    state: ItemState | None,
    rating: Rating,
    now: datetime,
    settings: Settings,
    parameters: tuple[float, ...],
) -> tuple[StateName, int | None, float | None, float | None, datetime]:
    """FSRS's (state, step, stability, difficulty, due) after the review, before any fuzz.

    Kept for the last few reviews: an answer is scheduled, previewed and balanced from the
    same state and time, and each rating is placed after the rating below it (which FSRS
    would otherwise compute again each time). FSRS's own fuzz is off, so the item's
    ``card_id`` plays no part.
    """
    if state is None:
        card = fsrs.Card(card_id=0, due=now)
    else:
        card = fsrs.Card(
            card_id=0,
            state=_TO_FSRS[state.state],
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=utc(state.due),
            last_review=None if state.last_review is None else utc(state.last_review),
        )
    after, _ = _fsrs_scheduler(settings, parameters).review_card(
        card, fsrs.Rating(int(rating)), now
    )
    return _FROM_FSRS[after.state], after.step, after.stability, after.difficulty, after.due


DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


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
    minute; the rating below is taken without fuzz and kept apart from its own in turn."""
    if rating == Rating.AGAIN:
        return due
    plain = unfuzzed(settings)
    lower = schedule(
        state, Rating(rating - 1), now, plain, card_id=card_id, parameters=parameters
    ).due
    return max(due, lower + (DAY if lower - now >= DAY else MINUTE))


def preview(
    state: ItemState | None, now: datetime, settings: Settings, parameters: tuple[float, ...] = ()
) -> dict[Rating, timedelta]:
    """How long until the item is due again for each rating, without fuzz (for buttons)."""
    plain = unfuzzed(settings)
    now = utc(now).replace(microsecond=0)
    return {
        rating: schedule(state, rating, now, plain, parameters=parameters).due - now
        for rating in Rating
    }


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
