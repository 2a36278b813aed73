"""A session's summary, and a first week of one item scheduled exactly as FSRS does, on every
progress backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import fsrs
import pytest
from postgres_server import StoreLocations
from session_support import FIXTURE, NOW, answer, basic_deck, load, start, unfuzzed_store

from quiz.deck.model import Deck
from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.true_false import TrueFalseResponse
from quiz.progress.contract import ProgressStore as Store
from quiz.rating import Rating
from quiz.study.scheduler import item_card_id
from quiz.study.session import StudySession


@pytest.fixture
def store(store_location: StoreLocations) -> Iterator[Store]:
    with unfuzzed_store(store_location()) as opened:
        yield opened


@pytest.fixture
def core() -> Deck:
    return load(FIXTURE)


def test_summary(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    answer(session, Rating.GOOD, NOW)  # basic, self-rated Good: counts as right
    answer(session, Rating.AGAIN, NOW, ChoiceResponse(frozenset({1})))  # wrong
    answer(session, Rating.GOOD, NOW, ChoiceResponse(frozenset({0, 1})))  # right
    answer(session, Rating.AGAIN, NOW, TrueFalseResponse(True))  # right, rated Again anyway
    summary = session.summary(NOW + timedelta(minutes=3))
    assert summary.answered == 4
    assert summary.correct == 3
    assert summary.accuracy == 0.75
    assert summary.elapsed == timedelta(minutes=3)
    assert [item.item_id for item in summary.missed] == ["cd19-target"]
    assert summary.next_due == NOW + timedelta(minutes=1)


def test_summary_of_an_empty_session(store: Store, core: Deck) -> None:
    summary = StudySession.start(store, [core], NOW, deck_id="core-deck").summary(NOW)
    assert (summary.answered, summary.accuracy, summary.missed, summary.next_due) == (
        0,
        None,
        (),
        None,
    )


def test_a_first_week_through_the_session_matches_fsrs(store: Store) -> None:
    deck = basic_deck(count=1)
    reference = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=item_card_id("basics", "q0"), due=NOW)
    ratings = [Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.HARD]
    now = NOW
    dues = []
    for rating in ratings:
        session = start(store, [deck], now)
        assert session.current is not None and session.current.item_id == "q0"
        answer(session, rating, now)
        card, _ = reference.review_card(card, fsrs.Rating(int(rating)), now)
        state = store.item_state("basics", "q0")
        assert state is not None
        assert state.due == card.due
        assert state.stability == pytest.approx(card.stability)
        dues.append(state.due)
        now = max(card.due, now)  # come back exactly when it is due
    assert dues[-1] - NOW > timedelta(days=3)
    assert len(store.history("basics", "q0")) == len(ratings)
