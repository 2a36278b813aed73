"""The plain values of progress: ratings, item states, logged reviews, settings and
epoch-second times, as every progress store takes and gives them.

Kept apart from :mod:`quiz.study.scheduler` (which needs ``fsrs``) and
:mod:`quiz.study.grading` (which needs the deck models and pydantic), so the store, and the
deck list that reads it, start without either.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from quiz.rating import Rating

StateName = Literal["learning", "review", "relearning"]
STATE_NAMES = frozenset(get_args(StateName))


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
            if state not in STATE_NAMES:
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


def state_json(state: ItemState | None) -> str | None:
    """A state as every backend's review log keeps it: compact JSON (None for no state)."""
    return None if state is None else json.dumps(state.to_dict(), separators=(",", ":"))


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


@dataclass(frozen=True)
class ReviewRow:
    """One review from the log. ``kind`` is the item's state before it ("new" if none)."""

    id: int
    deck_id: str
    item_id: str
    rating: Rating
    correct: bool | None
    response: str
    reviewed_at: datetime
    duration_ms: int
    state_before: ItemState | None
    state_after: ItemState
    kind: str = "new"
