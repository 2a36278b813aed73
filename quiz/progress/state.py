"""The plain values of progress: ratings, item states, logged reviews, settings and
epoch-second times, as every progress store takes and gives them.

Kept apart from :mod:`quiz.study.scheduler` (which needs ``fsrs``) and
:mod:`quiz.study.grading` (which needs the deck models and pydantic), so the store, and the
deck list that reads it, start without either.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, Literal, NamedTuple, get_args

from quiz.rating import Rating

StateName = Literal["learning", "review", "relearning"]
STATE_NAMES = frozenset(get_args(StateName))


RETENTION_RANGE = (0.70, 0.99)
MAX_STEP_MINUTES = 7 * 24 * 60
MAX_INTERVAL_DAYS = 36500
LEECH_ACTIONS = ("suspend", "tag")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


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
    leech_threshold: int = 8
    leech_action: str = "suspend"
    bury_siblings: bool = True
    load_balancing: bool = True
    easy_days: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("learning_steps_minutes", "relearning_steps_minutes", "easy_days"):
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
        for name in ("fuzz", "bury_siblings", "load_balancing"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false, got {getattr(self, name)!r}")
        _check_int("leech_threshold", self.leech_threshold, 1, 100)
        if self.leech_action not in LEECH_ACTIONS:
            raise ValueError(
                f"leech_action must be one of {', '.join(LEECH_ACTIONS)}, got {self.leech_action!r}"
            )
        days = self.easy_days
        if not isinstance(days, tuple) or not all(day in WEEKDAYS for day in days):
            raise ValueError(
                f"easy_days must be a list of days from {', '.join(WEEKDAYS)}, got {days!r}"
            )
        if len(set(days)) == len(WEEKDAYS):
            raise ValueError("easy_days cannot hold every day of the week")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of every setting."""
        data = asdict(self)
        for name in ("learning_steps_minutes", "relearning_steps_minutes", "easy_days"):
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


DECK_SETTING_NAMES = ("desired_retention", "new_per_day", "reviews_per_day", "exam_date")


@dataclass(frozen=True)
class DeckSettings:
    """One deck's own values of the settings that may differ per deck; ``None`` means the
    all-decks value. ``exam_date`` is an ISO date (``YYYY-MM-DD``) the deck is studied for.
    Validated on creation (``ValueError``)."""

    desired_retention: float | None = None
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    exam_date: str | None = None

    def __post_init__(self) -> None:
        overrides = {
            name: value
            for name in ("desired_retention", "new_per_day", "reviews_per_day")
            if (value := getattr(self, name)) is not None
        }
        Settings(**overrides)  # the same ranges as the all-decks values
        if self.exam_date is not None:
            try:
                date.fromisoformat(self.exam_date)
            except (TypeError, ValueError):
                raise ValueError(
                    f"exam_date must be a date as YYYY-MM-DD, got {self.exam_date!r}"
                ) from None

    def applied_to(self, settings: Settings) -> Settings:
        """``settings`` with this deck's own values in place of the all-decks ones."""
        changes = {
            name: value
            for name in ("desired_retention", "new_per_day", "reviews_per_day")
            if (value := getattr(self, name)) is not None
        }
        return replace(settings, **changes) if changes else settings

    def to_dict(self) -> dict[str, Any]:
        """The values this deck sets (those left to the all-decks value are absent)."""
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True)
class ItemFlags:
    """What sets an item aside: suspended (until unsuspended), buried (until a time), and
    whether it is a leech (lapsed as often as the leech threshold)."""

    suspended: bool = False
    buried_until: datetime | None = None
    leech: bool = False

    def hidden_at(self, now: datetime) -> bool:
        """Whether the item is kept out of a session at ``now``."""
        return self.suspended or (self.buried_until is not None and self.buried_until > now)


@dataclass(frozen=True)
class ParameterRecord:
    """One fit of FSRS parameters: for one deck (or all, ``deck_id`` None), when, from how
    many reviews, the log loss and RMSE (bins) of the parameters before and after on the
    held-out reviews, and whether the new ones were kept. ``id`` is 0 until stored."""

    deck_id: str | None
    parameters: tuple[float, ...]
    fitted_at: datetime
    review_count: int
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    kept: bool
    id: int = 0


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_int(name: str, value: Any, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")


class ReviewedCount(NamedTuple):
    """Of a deck's items, how many were ``never`` reviewed, and how many states the store
    holds ``elsewhere``: of items not among them (cards that left the deck)."""

    never: int
    elsewhere: int


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


_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"))  # json.dumps makes one per call


def state_json(state: ItemState | None) -> str | None:
    """A state as every backend's review log keeps it: compact JSON (None for no state)."""
    return None if state is None else _COMPACT_JSON.encode(state.to_dict())


def utc(moment: datetime) -> datetime:
    """The same instant with ``tzinfo`` exactly ``timezone.utc``; naive times are refused."""
    if moment.tzinfo is UTC:
        return moment
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
    overruled: bool = False
    """The student overruled a wrong verdict ("I was right"): the review counts as correct."""
    parameters_id: int | None = None
