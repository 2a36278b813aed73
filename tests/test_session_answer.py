"""The answer to the current item, owned by the session: answer, rate, accept, save on
leaving, undo. Against a real store; no Textual."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta

import pytest
from postgres_server import StoreLocations
from session_support import FIXTURE, NOW, basic_deck, load, start, unfuzzed_store

from quiz.deck.model import Deck
from quiz.kinds.base import Reveal
from quiz.kinds.choice import ChoiceResponse
from quiz.progress.contract import ProgressStore as Store
from quiz.progress.errors import StoreBusyError
from quiz.rating import Rating
from quiz.study.session import StudySession

LATER = NOW + timedelta(seconds=7)


@pytest.fixture
def store(store_location: StoreLocations) -> Iterator[Store]:
    with unfuzzed_store(store_location(), busy_timeout=0.2) as opened:
        yield opened


@pytest.fixture
def core() -> Deck:
    return load(FIXTURE)


def logged(store: Store) -> list[tuple[str, Rating]]:
    return [(row.item_id, row.rating) for row in store.iter_reviews()]


def test_answer_rate_accept_saves_one_review_with_the_chosen_rating(
    store: Store, core: Deck
) -> None:
    session = start(store, [core], NOW)
    assert (session.phase, session.pending) == ("question", None)
    first = session.current
    assert first is not None and first.item_id == "car-definition"
    shown = session.answer(Reveal(), NOW + timedelta(seconds=4))
    assert session.phase == "answered" and session.pending == shown
    assert (shown.item, shown.rating, shown.duration_ms) == (first, Rating.GOOD, 4000)
    assert shown.grade.self_rated
    assert logged(store) == [], "nothing is written before the rating is accepted"
    rated = session.rate(Rating.HARD)
    assert rated.rating is Rating.HARD and shown.rating is Rating.GOOD
    with pytest.raises(dataclasses.FrozenInstanceError):
        rated.rating = Rating.EASY  # type: ignore[misc]
    assert logged(store) == []
    row = session.accept(LATER)
    assert row is not None and row.reviewed_at == LATER
    assert logged(store) == [("car-definition", Rating.HARD)]
    assert (session.phase, session.pending, session.answered) == ("question", None, 1)
    assert session.current is not None and session.current.item_id == "cd19-target"


def test_a_graded_answer_suggests_its_rating(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    session.answer(Reveal(), NOW)
    session.accept(NOW)
    wrong = session.answer(ChoiceResponse(frozenset({1})), NOW)
    assert (wrong.grade.correct, wrong.rating) == (False, Rating.AGAIN)
    session.accept(NOW)
    assert logged(store)[-1] == ("cd19-target", Rating.AGAIN)


def test_save_pending_saves_the_answer_on_screen_exactly_once(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    assert session.save_pending(NOW) is False, "nothing on screen: nothing to save"
    assert logged(store) == []
    session.answer(Reveal(), NOW)
    session.rate(Rating.EASY)
    assert session.save_pending(LATER) is True
    assert session.save_pending(LATER) is False
    assert logged(store) == [("car-definition", Rating.EASY)]
    assert session.phase == "question" and session.answered == 1


def test_leaving_or_quitting_with_an_answer_on_screen_saves_it(store: Store) -> None:
    deck = basic_deck(count=2)
    session = start(store, [deck], NOW)
    session.answer(Reveal(), NOW)
    session.rate(Rating.EASY)
    session.save_pending(LATER)  # what leaving the study screen and quitting the app call
    del session
    [row] = store.history("basics", "q0")
    assert (row.rating, row.reviewed_at) == (Rating.EASY, LATER)
    again = start(store, [deck], LATER)
    assert again.current is not None and again.current.item_id == "q1"
    assert again.remaining == 1, "the saved item is not offered again"


def test_undo_of_the_answer_on_screen_writes_nothing(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    item = session.current
    session.answer(Reveal(), NOW)
    session.rate(Rating.AGAIN)
    assert session.can_undo()
    assert session.undo(LATER) == item
    assert (session.phase, session.pending, session.answered) == ("question", None, 0)
    assert session.current == item and session.remaining == 7
    assert logged(store) == [] and store.item_states("core-deck") == {}
    assert not session.can_undo()
    assert session.save_pending(LATER) is False
    session.answer(Reveal(), LATER)  # answered again, afresh: the suggested rating
    session.accept(LATER)
    assert logged(store) == [("car-definition", Rating.GOOD)]


def test_undo_after_accept_restores_the_session_and_the_store(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    session.answer(Reveal(), NOW)
    session.accept(NOW)
    before = (session.current, session.remaining, session.answered)
    states = store.item_states("core-deck")
    session.answer(ChoiceResponse(frozenset({0})), NOW + timedelta(seconds=3))
    session.rate(Rating.EASY)
    session.accept(LATER)
    assert session.phase == "question"
    item = session.undo(LATER)
    assert (session.current, session.remaining, session.answered) == before
    assert item == before[0] and session.phase == "question"
    assert store.item_states("core-deck") == states
    assert logged(store) == [("car-definition", Rating.GOOD)]
    # the item is timed again from when it was shown again: the undo
    assert session.answer(Reveal(), LATER + timedelta(seconds=5)).duration_ms == 5000


def test_a_failed_save_keeps_the_answer_on_screen(
    store: Store, store_location: StoreLocations
) -> None:
    session = start(store, [basic_deck(count=2)], NOW)
    session.answer(Reveal(), NOW)
    session.rate(Rating.HARD)
    with store_location.writer("progress.db"):  # another process is writing
        with pytest.raises(StoreBusyError):
            session.save_pending(LATER)
        assert session.phase == "answered" and session.pending is not None
        assert session.pending.rating is Rating.HARD and session.answered == 0
    assert session.save_pending(LATER) is True
    assert logged(store) == [("q0", Rating.HARD)]


def test_cram_answers_write_nothing(store: Store, core: Deck) -> None:
    session = StudySession.cram(store, [core], NOW, seed=2)
    session.answer(Reveal(), NOW)
    session.rate(Rating.AGAIN)
    assert session.accept(NOW) is None
    session.answer(ChoiceResponse(frozenset({0})), NOW)
    assert session.save_pending(LATER) is True
    assert session.answered == 2 and session.remaining == 6  # 7, and the Again item again
    session.undo(NOW)
    session.answer(Reveal(), LATER)
    session.undo(NOW)
    assert logged(store) == [] and store.item_states("core-deck") == {}


def test_answering_out_of_turn_is_refused(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    with pytest.raises(ValueError, match="not been answered"):
        session.rate(Rating.EASY)
    with pytest.raises(ValueError, match="not been answered"):
        session.accept(NOW)
    session.answer(Reveal(), NOW)
    with pytest.raises(ValueError, match="already answered"):
        session.answer(Reveal(), NOW)
    assert logged(store) == []
