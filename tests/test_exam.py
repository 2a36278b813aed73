"""Studying for an exam date: items predicted below the target on the day come forward,
hardest first, and a deck says how ready it is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from postgres_server import StoreLocations
from session_support import NOW, answer, basic_deck, start

from quiz.progress.contract import ProgressStore as Store
from quiz.progress.open import open_store
from quiz.progress.state import DeckSettings, Settings
from quiz.rating import Rating
from quiz.study.exam import exam_time, readiness, recall_at

PLAIN = Settings(fuzz=False, learning_steps_minutes=(), relearning_steps_minutes=())
DECK = basic_deck("exam", 4)
EXAM = date(2026, 3, 6)  # NOW is Monday 2 March; the exam is on Friday
MONDAY = NOW


@pytest.fixture
def store(store_location: StoreLocations) -> Iterator[Store]:
    with open_store(store_location()) as opened:
        opened.save_settings(PLAIN)
        session = start(opened, [DECK], NOW - timedelta(days=1))
        for rating in (Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.GOOD):
            answer(session, rating, NOW - timedelta(days=1))  # q0 Again ... q3 Good
        yield opened


def offered(store: Store, **options: object) -> list[str]:
    session = start(store, [DECK], MONDAY, **options)
    return [answer(session, Rating.GOOD, MONDAY) for _ in range(session.remaining)]


def test_without_an_exam_only_the_item_answered_again_is_due(store: Store) -> None:
    assert offered(store) == ["q0"]


def test_items_below_the_target_on_the_exam_come_forward_hardest_first(store: Store) -> None:
    states = store.item_states("exam")
    moment = exam_time(EXAM, PLAIN)
    weak = {item for item, state in states.items() if recall_at(state, moment) < 0.9}
    assert weak == {"q0", "q1", "q3"}  # the item answered Easy holds until Friday
    difficulty = {item: states[item].difficulty for item in ("q1", "q3")}
    assert difficulty["q1"] == difficulty["q3"]  # both answered Good: ties go by recall, id
    assert offered(store, until=EXAM) == ["q0", "q1", "q3"]  # the due one, then the rest


def test_a_deck_exam_date_counts_like_until(store: Store) -> None:
    store.save_deck_settings("exam", DeckSettings(exam_date=EXAM.isoformat()))
    assert start(store, [DECK], MONDAY).remaining == 3
    assert start(store, [DECK], MONDAY, until=date(2026, 3, 3)).remaining == 1  # until wins


def test_an_exam_today_or_past_brings_nothing_forward(store: Store) -> None:
    for exam in (MONDAY.date(), date(2026, 1, 1)):
        assert start(store, [DECK], MONDAY, until=exam).remaining == 1  # only q0, due


def test_the_review_limit_caps_what_comes_forward(store: Store) -> None:
    store.save_settings(Settings(**{**PLAIN.to_dict(), "reviews_per_day": 2}))
    assert start(store, [DECK], MONDAY, until=EXAM).remaining == 2


def test_readiness_counts_items_above_the_target(store: Store) -> None:
    states = store.item_states("exam")
    ready = readiness(states, [*DECK_IDS, "never-seen"], EXAM, PLAIN)
    assert (ready.above, ready.items) == (1, 5)
    studied = start(store, [DECK], MONDAY, until=EXAM)
    while studied.current is not None:
        answer(studied, Rating.EASY, MONDAY)
    after = readiness(store.item_states("exam"), DECK_IDS, EXAM, PLAIN)
    assert after.above == 4


DECK_IDS = [f"q{i}" for i in range(4)]
