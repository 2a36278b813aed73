"""What a desired retention costs: a quick simulation of the student's coming days, for the
Settings screen's "at 0.95 you will do about N reviews a day".

The simulated student recalls each due card with the chance FSRS predicts (so at about the
desired retention), learns ``new_per_day`` new cards a day while any are left, and goes
through a learning or relearning step for each step the settings have. Seeded, so one
question always gets one answer.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable
from datetime import datetime, timedelta

import fsrs

from quiz.progress.state import ItemState, Settings, utc

FORECAST_DAYS = 60
DAY = timedelta(days=1)


def reviews_per_day(
    states: Iterable[ItemState],
    new_items: int,
    settings: Settings,
    retention: float,
    now: datetime,
    *,
    parameters: tuple[float, ...] = (),
    days: int = FORECAST_DAYS,
    seed: int = 0,
) -> float:
    """The mean number of reviews a day over the next ``days`` days at ``retention``, from
    the items' current ``states`` and ``new_items`` never seen (within the daily limits)."""
    model = fsrs.Scheduler(
        parameters=parameters or fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=False,
    )
    rng = random.Random(seed)
    start = utc(now)
    queue: list[tuple[datetime, int, fsrs.Card]] = []
    for index, state in enumerate(states):
        if state.stability is None or state.last_review is None:
            new_items += 1
            continue
        card = fsrs.Card(
            state=fsrs.State.Review,
            stability=state.stability,
            difficulty=state.difficulty,
            due=max(utc(state.due), start),
            last_review=utc(state.last_review),
        )
        queue.append((card.due, index, card))
    heapq.heapify(queue)
    counter = len(queue)
    learning_steps = len(settings.learning_steps_minutes)
    relearning_steps = len(settings.relearning_steps_minutes)
    total = 0
    for day in range(days):
        end = start + (day + 1) * DAY
        reviews = 0
        while queue and queue[0][0] < end and reviews < settings.reviews_per_day:
            due, _, card = heapq.heappop(queue)
            recalled = rng.random() < model.get_card_retrievability(card, due)
            rating = fsrs.Rating.Good if recalled else fsrs.Rating.Again
            card, _ = model.review_card(card, rating, due)
            reviews += 1 + (0 if recalled else relearning_steps)
            counter += 1
            heapq.heappush(queue, (card.due, counter, card))
        learned = min(new_items, settings.new_per_day)
        new_items -= learned
        for _ in range(learned):
            moment = start + day * DAY
            card, _ = model.review_card(fsrs.Card(due=moment), fsrs.Rating.Good, moment)
            counter += 1
            heapq.heappush(queue, (card.due, counter, card))
        total += reviews + learned * max(1, learning_steps)
    return total / max(1, days)
