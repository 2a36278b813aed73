"""Scheduling: when an item is due next, computed by FSRS (the ``fsrs`` package).

The clock is never read here: every function takes the time. Times are timezone-aware and
kept to the whole second (the store keeps epoch seconds). ``fsrs`` itself accepts only
``datetime.timezone.utc``; :func:`utc` converts any aware time to it.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

import fsrs
from fsrs.scheduler import FUZZ_RANGES

from quiz.grading import Rating

StateName = Literal["learning", "review", "relearning"]

_TO_FSRS = {
    "learning": fsrs.State.Learning,
    "review": fsrs.State.Review,
    "relearning": fsrs.State.Relearning,
}
_FROM_FSRS = {value: key for key, value in _TO_FSRS.items()}

RETENTION_RANGE = (0.70, 0.99)
MAX_STEP_MINUTES = 7 * 24 * 60
MAX_INTERVAL_DAYS = 36500


def _steps(value: Any) -> tuple[float, ...]:
    return tuple(value) if isinstance(value, list | tuple) else value


@dataclass(frozen=True)
class Settings:
    """Scheduling and daily-limit settings, validated on creation (``ValueError``)."""

    desired_retention: float = 0.90
    learning_steps_minutes: tuple[float, ...] = (1, 10)
    relearning_steps_minutes: tuple[float, ...] = (10,)
    maximum_interval_days: int = MAX_INTERVAL_DAYS
    new_per_day: int = 20
    reviews_per_day: int = 200
    rollover_hour: int = 4
    fuzz: bool = True

    def __post_init__(self) -> None:
        for name in ("learning_steps_minutes", "relearning_steps_minutes"):
            object.__setattr__(self, name, _steps(getattr(self, name)))
        low, high = RETENTION_RANGE
        retention = self.desired_retention
        if not _is_number(retention) or not low <= retention <= high:
            raise ValueError(
                f"desired_retention must be between {low} and {high}, got {retention!r}"
            )
        for name in ("learning_steps_minutes", "relearning_steps_minutes"):
            steps = getattr(self, name)
            if not isinstance(steps, tuple) or not all(
                _is_number(step) and 0 < step <= MAX_STEP_MINUTES for step in steps
            ):
                raise ValueError(
                    f"{name} must be a list of minutes, each above 0 and at most "
                    f"{MAX_STEP_MINUTES}, got {steps!r}"
                )
        _check_int("maximum_interval_days", self.maximum_interval_days, 1, MAX_INTERVAL_DAYS)
        _check_int("new_per_day", self.new_per_day, 0, 100_000)
        _check_int("reviews_per_day", self.reviews_per_day, 0, 1_000_000)
        _check_int("rollover_hour", self.rollover_hour, 0, 23)
        if not isinstance(self.fuzz, bool):
            raise ValueError(f"fuzz must be true or false, got {self.fuzz!r}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of every setting."""
        data = asdict(self)
        for name in ("learning_steps_minutes", "relearning_steps_minutes"):
            data[name] = list(data[name])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Settings from a mapping; missing keys take defaults, unknown keys are errors."""
        known = {f.name for f in cls.__dataclass_fields__.values()}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        return cls(**data)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_int(name: str, value: Any, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")


@dataclass(frozen=True)
class ItemState:
    """The FSRS memory state of one review item (times UTC, whole seconds)."""

    state: StateName
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping; times as integer UTC epoch seconds."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": to_epoch(self.due),
            "last_review": None if self.last_review is None else to_epoch(self.last_review),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemState:
        """Read back :meth:`to_dict`; ``ValueError`` if it is malformed."""
        try:
            state = data["state"]
            if state not in _TO_FSRS:
                raise ValueError(f"unknown state {state!r}")
            last = data["last_review"]
            return cls(
                state=state,
                step=None if data["step"] is None else int(data["step"]),
                stability=None if data["stability"] is None else float(data["stability"]),
                difficulty=None if data["difficulty"] is None else float(data["difficulty"]),
                due=from_epoch(int(data["due"])),
                last_review=None if last is None else from_epoch(int(last)),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"malformed item state {data!r}: {error}") from None


def utc(moment: datetime) -> datetime:
    """The same instant with ``tzinfo`` exactly ``timezone.utc``; naive times are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"time must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def to_epoch(moment: datetime) -> int:
    """Whole UTC epoch seconds (rounded down) of an aware time."""
    return math.floor(utc(moment).timestamp())


def from_epoch(seconds: int) -> datetime:
    """The UTC time of integer epoch seconds."""
    return datetime.fromtimestamp(seconds, tz=UTC)


def item_card_id(deck_id: str, item_id: str) -> int:
    """A stable positive 63-bit integer for an item, used as the FSRS ``card_id``."""
    digest = hashlib.blake2b(f"{deck_id}\x1f{item_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & (2**63 - 1)


@lru_cache(maxsize=16)
def _fsrs_scheduler(settings: Settings) -> fsrs.Scheduler:
    # Fuzz is applied by this module (so it can be seeded), never by fsrs itself.
    return fsrs.Scheduler(
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
) -> ItemState:
    """The state after reviewing an item at ``now`` with ``rating``.

    ``state`` None means the item was never reviewed. Fuzz (when ``settings.fuzz``) uses
    ``seed`` when given, so a seeded call is reproducible; it spreads review intervals the
    same way ``fsrs`` does.
    """
    now = utc(now).replace(microsecond=0)
    rating = Rating(rating)
    if state is None:
        card = fsrs.Card(card_id=card_id, due=now)
    else:
        card = fsrs.Card(
            card_id=card_id,
            state=_TO_FSRS[state.state],
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=utc(state.due),
            last_review=None if state.last_review is None else utc(state.last_review),
        )
    after, _ = _fsrs_scheduler(settings).review_card(card, fsrs.Rating(int(rating)), now)
    due = after.due
    if settings.fuzz and after.state == fsrs.State.Review:
        days = fuzz_days((due - now).days, settings.maximum_interval_days, random.Random(seed))
        due = now + timedelta(days=days)
    return ItemState(
        state=_FROM_FSRS[after.state],
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=from_epoch(to_epoch(due)),
        last_review=now,
    )


def preview(state: ItemState | None, now: datetime, settings: Settings) -> dict[Rating, timedelta]:
    """How long until the item is due again for each rating, without fuzz (for buttons)."""
    plain = replace(settings, fuzz=False)
    now = utc(now).replace(microsecond=0)
    return {rating: schedule(state, rating, now, plain).due - now for rating in Rating}


def fuzz_days(days: int, maximum: int, rng: random.Random) -> int:
    """Spread an interval of ``days`` as FSRS does: intervals under 2.5 days are kept."""
    if days < 2.5:
        return days
    delta = 1.0
    for fuzz_range in FUZZ_RANGES:
        delta += fuzz_range["factor"] * max(
            min(float(days), fuzz_range["end"]) - fuzz_range["start"], 0.0
        )
    low = max(2, round(days - delta))
    high = min(round(days + delta), maximum)
    low = min(low, high)
    return min(round(rng.random() * (high - low + 1) + low), maximum)


def is_learning(state: ItemState) -> bool:
    """Whether the item is in (re)learning steps rather than day-scale review."""
    return state.state != "review"
