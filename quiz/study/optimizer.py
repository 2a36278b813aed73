"""Personal FSRS parameters: fitted to the student's own review log with ``fsrs-rs-python``
(the optional extra ``quiz[optimize]``), and kept only when they predict the student's later
reviews better than the parameters in use.

The log is split in time: the fit sees the earlier reviews (:data:`TRAIN_SHARE` of them), and
both parameter sets are judged on how well they predict each later review from the item's
history before it (log loss, and RMSE over bins, as srs-benchmark measures them). The fit
replaces the parameters in use only when its log loss is lower, and lower by more than the
noise of so few reviews (:func:`clearly_better`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from quiz.progress.state import ReviewRow, to_epoch

MIN_REVIEWS = 100
"""Fewer reviews than this are refused: the later share would be too small to judge by."""
SUGGEST_AFTER = 500
"""New reviews since the last fit after which the app suggests fitting again."""
TRAIN_SHARE = 0.8
CONFIDENCE = 2.0
EXTRA = "quiz[optimize]"
DAY_SECONDS = 86_400


class OptimizerUnavailable(RuntimeError):
    """``fsrs-rs-python`` is not installed: the message names the extra that brings it."""


class TooFewReviews(ValueError):
    """The log is too short to fit parameters and judge them."""


@dataclass(frozen=True)
class Evaluation:
    """How well a parameter set predicts the held-out reviews."""

    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class FitOutcome:
    """A fit and its judgement: the reviews used, the figures of the parameters in use
    (``before``) and of the fitted ones (``after``), and which were kept."""

    review_count: int
    train_count: int
    test_count: int
    before: Evaluation
    after: Evaluation
    fitted: tuple[float, ...]
    kept: bool


def _engine() -> Any:
    try:
        import fsrs_rs_python
    except ImportError:
        raise OptimizerUnavailable(
            f"fitting parameters needs the optional extra {EXTRA}: install it with "
            f"pip install '{EXTRA}' (or uv sync --extra optimize)"
        ) from None
    return fsrs_rs_python


def suggestion(reviews: int, last_fit_reviews: int | None) -> str | None:
    """What the app says about ``quiz optimize``, given the log's size and the size it had
    at the last fit (None: never fitted); None when it is not worth running yet."""
    if reviews < MIN_REVIEWS:
        return None
    if last_fit_reviews is None:
        return f"{reviews} reviews so far: run quiz optimize to fit FSRS to your memory."
    if reviews - last_fit_reviews >= SUGGEST_AFTER:
        return (
            f"{reviews - last_fit_reviews} reviews since FSRS was last fitted: "
            "run quiz optimize to fit it again."
        )
    return None


def default_parameters() -> tuple[float, ...]:
    """FSRS's default weights (those of the ``fsrs`` package, which schedules)."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


def _study_day(epoch: int, rollover_hour: int) -> int:
    return (epoch - rollover_hour * 3600) // DAY_SECONDS


def histories(reviews: Iterable[ReviewRow], rollover_hour: int) -> list[list[tuple[int, int, int]]]:
    """Each item's reviews, oldest first, as (reviewed at epoch, rating, study day)."""
    by_item: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for row in reviews:
        at = to_epoch(row.reviewed_at)
        by_item.setdefault((row.deck_id, row.item_id), []).append(
            (at, int(row.rating), _study_day(at, rollover_hour))
        )
    return [sorted(history) for history in by_item.values()]


Example = tuple[tuple[int, int], ...]
"""An item's reviews up to one being predicted: (rating, days since the one before)."""


def split_items(
    items: Sequence[list[tuple[int, int, int]]], split_at: int
) -> tuple[list[Example], list[Example]]:
    """Training and held-out examples: one per review on a later day than the item's one
    before, with the item's history up to it (FSRS predicts recall across days, not within
    one); held out when that review is at or after ``split_at``."""
    train: list[Example] = []
    test: list[Example] = []
    for history in items:
        gaps = [day - (history[i - 1][2] if i else day) for i, (_, _, day) in enumerate(history)]
        steps = tuple((rating, gap) for (_, rating, _), gap in zip(history, gaps, strict=True))
        for end in range(2, len(steps) + 1):
            if gaps[end - 1] > 0:
                (test if history[end - 1][0] >= split_at else train).append(steps[:end])
    return train, test


def _items(engine: Any, examples: Sequence[Example]) -> list:
    return [engine.FSRSItem([engine.FSRSReview(*step) for step in ex]) for ex in examples]


def evaluate(engine: Any, parameters: Sequence[float], examples: Sequence[Example]) -> Evaluation:
    """Log loss and RMSE (bins) of ``parameters`` on ``examples``."""
    figures = engine.FSRS(list(parameters)).evaluate(_items(engine, examples))
    return Evaluation(float(figures.log_loss), float(figures.rmse_bins))


def losses(engine: Any, parameters: Sequence[float], examples: Sequence[Example]) -> list[float]:
    """The log loss of each example's last review: how surprised ``parameters`` are by
    whether it was recalled, given the reviews before it."""
    model = engine.FSRS(list(parameters))
    return [float(model.evaluate([item]).log_loss) for item in _items(engine, examples)]


def clearly_better(before: Sequence[float], after: Sequence[float]) -> bool:
    """Whether the losses ``after`` are lower than ``before`` by more than
    :data:`CONFIDENCE` standard errors of their paired differences: a fit that only
    matches the parameters in use, within the noise of the held-out reviews, is not kept."""
    gains = [b - a for b, a in zip(before, after, strict=True)]
    mean = sum(gains) / len(gains)
    spread = math.sqrt(sum((g - mean) ** 2 for g in gains) / max(1, len(gains) - 1))
    return mean > CONFIDENCE * spread / math.sqrt(len(gains))


def fit(
    reviews: Iterable[ReviewRow],
    current: Sequence[float],
    rollover_hour: int,
    *,
    minimum: int = MIN_REVIEWS,
) -> FitOutcome:
    """Fit parameters to ``reviews`` and judge them against ``current`` on the later ones.

    Raises :class:`OptimizerUnavailable` without the extra and :class:`TooFewReviews` when
    there are fewer than ``minimum`` reviews or nothing to judge by."""
    engine = _engine()
    items = histories(reviews, rollover_hour)
    times = sorted(at for history in items for at, _, _ in history)
    if len(times) < minimum:
        raise TooFewReviews(
            f"{len(times)} reviews so far; fitting needs at least {minimum}: study more first"
        )
    split_at = times[min(len(times) - 1, math.floor(len(times) * TRAIN_SHARE))]
    train, test = split_items(items, split_at)
    if not train or not test:
        raise TooFewReviews(
            f"{len(times)} reviews, but too few on different days to fit and judge parameters"
        )
    fitted = tuple(
        float(w) for w in engine.FSRS(list(current)).compute_parameters(_items(engine, train))
    )
    before = evaluate(engine, current, test)
    after = evaluate(engine, fitted, test)
    kept = after.log_loss < before.log_loss and clearly_better(
        losses(engine, current, test), losses(engine, fitted, test)
    )
    return FitOutcome(len(times), len(train), len(test), before, after, fitted, kept)
