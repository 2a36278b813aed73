"""The scheduler's quality and the optimizer's time.

Simulated students (true FSRS parameters drawn around the defaults, recall drawn from the true
model) study through :class:`StudySession` for 90 days; their logs are split in time as
``quiz optimize`` splits them, and the later reviews judge FSRS's defaults, the parameters the
keep-better rule leaves in use, and the students' true parameters (the best any fit could
do). The optimizer is timed on logs of 1k, 10k and 100k reviews against its engine's bare
evaluation of the same reviews.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path

import fsrs

from benchmarks.inputs import Inputs
from benchmarks.measure import Figure, Goal, Measurement, time_call
from benchmarks.students import (
    START,
    parameters_around_defaults,
    simulate_student,
    student_deck,
)
from quiz.progress.sqlite_store import Store
from quiz.progress.state import ItemState, ReviewRow, Settings
from quiz.rating import Rating
from quiz.study import optimizer
from quiz.study.simulator import reviews_per_day

SPREAD = 0.35  # how far the students' true parameters lie from the defaults
DESIRED = 0.90


@dataclass(frozen=True)
class StudentResult:
    """One simulated student's figures on their held-out reviews."""

    default: optimizer.Evaluation
    in_use: optimizer.Evaluation  # after the keep-better rule
    true: optimizer.Evaluation
    reviews_per_day: float
    forecast_per_day: float
    retention: float
    kept: bool


def _student(index: int, days: int, cards: int, work: Path) -> StudentResult:
    rng = random.Random(1000 + index)
    true = parameters_around_defaults(rng, SPREAD)
    path = work / f"student-{index}.db"
    path.unlink(missing_ok=True)
    with Store.open(path) as store:
        settings = Settings(desired_retention=DESIRED, new_per_day=max(1, cards // 20))
        record = simulate_student(
            store, student_deck("student", cards), true, days, seed=index, settings=settings
        )
        reviews = list(store.iter_reviews())
    forecast = reviews_per_day([], cards, settings, DESIRED, START, parameters=true, days=days)
    outcome = optimizer.fit(reviews, optimizer.default_parameters(), settings.rollover_hour)
    engine = optimizer._engine()
    items = optimizer.histories(reviews, settings.rollover_hour)
    times = sorted(at for history in items for at, _, _ in history)
    split_at = times[min(len(times) - 1, math.floor(len(times) * optimizer.TRAIN_SHARE))]
    _, test = optimizer.split_items(items, split_at)
    return StudentResult(
        default=outcome.before,
        in_use=outcome.after if outcome.kept else outcome.before,
        true=optimizer.evaluate(engine, true, test),
        reviews_per_day=statistics.mean(record.reviews_per_day),
        forecast_per_day=forecast,
        retention=statistics.mean(record.recalled) if record.recalled else math.nan,
        kept=outcome.kept,
    )


def quality_figures(students: int, days: int, cards: int, work: Path) -> list[Figure]:
    """Log loss and RMSE of the default and the kept parameters, per student and median."""
    results = [_student(index, days, cards, work) for index in range(students)]
    kept = sum(result.kept for result in results)
    note = (
        f"{students} students, {days} days, {cards} cards each; true parameters drawn as the "
        f"defaults times exp(N(0, {SPREAD})); fitted parameters kept for {kept} of {students}"
    )
    per_student = "; ".join(
        f"{r.default.log_loss:.3f}→{r.in_use.log_loss:.3f} (true {r.true.log_loss:.3f})"
        for r in results
    )

    def measured(label: str, unit: str, values: list[float]) -> Measurement:
        return Measurement(label, unit, values)

    return [
        Figure(
            "schedule-logloss",
            "log loss on held-out reviews, parameters in use after quiz optimize",
            measured("kept-better parameters", "log loss", [r.in_use.log_loss for r in results]),
            measured("FSRS defaults", "log loss", [r.default.log_loss for r in results]),
            (Goal.ratio(1.0),),
            note=f"{note}; per student, default→in use: {per_student}",
        ),
        Figure(
            "schedule-logloss-gap",
            "log loss in use against the true parameters' own, on the same reviews",
            measured(
                "|in use − true|",
                "log loss",
                [abs(r.in_use.log_loss - r.true.log_loss) for r in results],
            ),
            measured("true parameters", "log loss", [r.true.log_loss for r in results]),
            (Goal.absolute(0.01),),
        ),
        Figure(
            "schedule-never-worse",
            "how much worse than the defaults the parameters in use predict, worst student",
            measured(
                "log loss above the defaults'",
                "log loss",
                [max(0.0, r.in_use.log_loss - r.default.log_loss) for r in results],
            ),
            measured("FSRS defaults", "log loss", [r.default.log_loss for r in results]),
            (Goal.absolute(0.0, "p99"),),
            note="the keep-better rule: never above 0",
        ),
        Figure(
            "schedule-rmse",
            "RMSE (bins) on held-out reviews, parameters in use",
            measured("kept-better parameters", "RMSE", [r.in_use.rmse_bins for r in results]),
            measured("FSRS defaults", "RMSE", [r.default.rmse_bins for r in results]),
        ),
        Figure(
            "schedule-reviews-per-day",
            "reviews a day over the 90 days",
            measured("reviews a day", "reviews", [r.reviews_per_day for r in results]),
            measured("the Settings forecast", "reviews", [r.forecast_per_day for r in results]),
            note="against what the Settings screen's simulation forecasts for the same deck",
        ),
        Figure(
            "schedule-retention",
            f"recall of due reviews, desired {DESIRED}",
            measured("recalled", "share", [r.retention for r in results]),
            measured("desired", "share", [DESIRED for _ in results]),
            note="the share of reviews of cards in review that the true model recalled",
        ),
    ]


def synthetic_log(reviews: int, seed: int) -> list[ReviewRow]:
    """About ``reviews`` reviews of items studied as FSRS's defaults schedule them, with
    recall drawn from the same model (for timing the optimizer)."""
    rng = random.Random(seed)
    model = fsrs.Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())
    placeholder = ItemState("review", None, 1.0, 5.0, START, START)
    rows: list[ReviewRow] = []
    item = 0
    while len(rows) < reviews:
        card, moment = fsrs.Card(), START + timedelta(days=rng.randrange(30))
        for _ in range(rng.randint(3, 12)):
            recalled = card.last_review is None or rng.random() < model.get_card_retrievability(
                card, moment
            )
            rating = rng.choice((2, 3, 3, 3, 4)) if recalled else 1
            card, _ = model.review_card(card, fsrs.Rating(rating), moment)
            rows.append(
                ReviewRow(
                    len(rows) + 1, "timing", f"i{item}", Rating(rating), None, "{}",
                    moment, 0, None, placeholder, "review",
                )
            )  # fmt: skip
            moment = card.due
        item += 1
    return rows[:reviews]


def optimizer_figures(sizes: dict[str, int], runs: int) -> list[Figure]:
    """The time ``quiz optimize`` takes to fit and judge logs of each size."""
    engine = optimizer._engine()
    defaults = optimizer.default_parameters()
    figures = []
    for name, size in sizes.items():
        log = synthetic_log(size, seed=size)
        items = optimizer.histories(log, 4)
        _, examples = optimizer.split_items(items, 0)  # every example, for the floor
        values, floors = [], []
        for _ in range(runs):
            floors.append(time_call(partial(optimizer.evaluate, engine, defaults, examples)))
            values.append(time_call(partial(optimizer.fit, log, defaults, 4, minimum=1)))
        figures.append(
            Figure(
                f"optimize-{name}",
                f"fit and judge parameters on {size:,} reviews",
                Measurement("optimizer.fit", "s", values),
                Measurement("fsrs-rs evaluate, every review", "s", floors),
                (Goal.absolute(0.2),) if name == "medium" else (),
                note=f"{len(items):,} items",
            )
        )
    return figures


def schedule_figures(inputs: Inputs, work: Path) -> list[Figure]:
    """Every figure of this module, at the inputs' scale."""
    scale = inputs.scale
    tiny = scale.name == "tiny"
    students, days, cards = (
        (2, 30, 60) if tiny else (3, 90, 200) if scale.name == "quick" else (7, 90, 200)
    )
    sizes = {"small": 1_000, "medium": 10_000, "large": 100_000}
    if tiny:
        sizes = {"small": 100, "medium": 200, "large": 300}
    runs = 1 if tiny else 3 if scale.name == "quick" else 5
    return [*quality_figures(students, days, cards, work), *optimizer_figures(sizes, runs)]
