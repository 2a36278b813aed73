"""Simulated students: each remembers by a true set of FSRS parameters and studies a deck of
basic cards through :class:`StudySession`, one session a day, rating each card by whether
the true model says it was recalled.

Used by the scheduler-quality figures and by the optimizer's tests, so that the optimizer is
judged on reviews drawn from a known model.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from quiz.deck.model import Deck
from quiz.kinds.base import Reveal
from quiz.progress.contract import ProgressStore
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.session import StudySession

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday morning
FIRST_RATINGS = (0.2, 0.1, 0.6, 0.1)  # Again, Hard, Good, Easy on a card's first sight
RECALLED_RATINGS = (0.15, 0.75, 0.1)  # Hard, Good, Easy when the card was recalled


def student_deck(deck_id: str, cards: int) -> Deck:
    """A deck of ``cards`` basic cards."""
    source = {"key": "s", "locator": "p1"}
    return Deck.model_validate(
        {
            "id": deck_id,
            "title": "Simulated study",
            "description": "Basic cards for simulated students.",
            "version": 1,
            "sources": [{"key": "s", "title": "T", "authors": ["A"], "year": 2020, "venue": "J"}],
            "cards": [
                {"id": f"c{i}", "type": "basic", "front": f"Q{i}?", "back": "A", "source": source}
                for i in range(cards)
            ],
        }
    )


def parameters_around_defaults(rng: random.Random, spread: float) -> tuple[float, ...]:
    """FSRS's defaults, each scaled by a random factor ``exp(N(0, spread))`` within FSRS's
    bounds: a student unlike the average one by about ``spread``."""
    return tuple(
        min(high, max(low, value * pow(2.718281828, rng.gauss(0.0, spread))))
        for value, low, high in zip(
            DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


@dataclass
class StudyRecord:
    """What one simulated student did: reviews per day, and each review's recall."""

    reviews_per_day: list[int]
    recalled: list[bool]  # of reviews of cards in review (not first sight, not learning)


def simulate_student(
    store: ProgressStore,
    deck: Deck,
    true_parameters: Sequence[float],
    days: int,
    *,
    seed: int,
    settings: Settings | None = None,
    start: datetime = START,
) -> StudyRecord:
    """Study ``deck`` for ``days`` days (a session a day, answers 20 s apart), rating each
    card as the true model recalls it; gives back what was done."""
    if settings is not None:
        store.save_settings(settings)
    settings = store.settings()
    truth = fsrs.Scheduler(
        parameters=tuple(true_parameters),
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
        enable_fuzzing=False,
    )
    rng = random.Random(seed)
    cards: dict[str, fsrs.Card] = {}
    record = StudyRecord([], [])
    for day in range(days):
        now = start + timedelta(days=day)
        session = StudySession.start(store, [deck], now, tz=UTC, seed=seed + day)
        done = 0
        while session.current is not None:
            now += timedelta(seconds=20)
            item = session.current
            card = cards.get(item.item_id)
            if card is None or card.last_review is None:
                rating = rng.choices(range(1, 5), FIRST_RATINGS)[0]
                card = fsrs.Card()
            else:
                recalled = rng.random() < truth.get_card_retrievability(card, now)
                if item.kind == "review":
                    record.recalled.append(recalled)
                rating = rng.choices((2, 3, 4), RECALLED_RATINGS)[0] if recalled else 1
            cards[item.item_id] = truth.review_card(card, fsrs.Rating(rating), now)[0]
            session.answer(Reveal(), now)
            session.rate(Rating(rating))
            session.accept(now)
            done += 1
        record.reviews_per_day.append(done)
    return record
