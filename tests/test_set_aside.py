"""Leeches, suspending and burying by hand, and buried siblings, in sessions on fixed clocks,
with the undo of each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from postgres_server import StoreLocations
from session_support import NOW, SOURCE, answer, basic_deck, deck_data, start

from quiz.deck.model import Deck
from quiz.kinds.base import Reveal
from quiz.progress.contract import ProgressStore as Store
from quiz.progress.open import open_store
from quiz.progress.state import ItemFlags, Settings
from quiz.rating import Rating
from quiz.study.session import StudySession
from quiz.study.set_aside import HiddenItems
from quiz.study.store_calls import StoreCalls
from quiz.study.study_day import deck_counts

NO_STEPS = Settings(fuzz=False, learning_steps_minutes=(), relearning_steps_minutes=())


@pytest.fixture
def store(store_location: StoreLocations) -> Iterator[Store]:
    with open_store(store_location()) as opened:
        opened.save_settings(NO_STEPS)
        yield opened


def cloze_deck() -> Deck:
    data = deck_data("cz", {"plain": "Plain?"})
    data["cards"].append(
        {
            "id": "three",
            "type": "cloze",
            "text": "{{c1::One}}, {{c2::two}} and {{c3::three}}.",
            "source": SOURCE,
        }
    )
    return Deck.model_validate(data)


def lapse_until_leech(store: Store, deck: Deck, lapses: int) -> list:
    """Learn the deck's one item, then answer Again each time it falls due; the sessions."""
    session = start(store, [deck], NOW)
    answer(session, Rating.GOOD, NOW)
    sessions = []
    for _ in range(lapses):
        state = store.item_state(deck.id, "q0")
        assert state is not None and state.state == "review"
        now = state.due + timedelta(minutes=1)
        session = start(store, [deck], now)
        assert session.current is not None, "the item is due"
        answer(session, Rating.AGAIN, now)
        sessions.append(session)
    return sessions


def test_an_item_that_lapses_as_often_as_the_threshold_is_a_suspended_leech(
    store: Store,
) -> None:
    store.save_settings(Settings(**{**NO_STEPS.to_dict(), "leech_threshold": 3}))
    deck = basic_deck("leechy", 1)
    sessions = lapse_until_leech(store, deck, 3)
    for session in sessions[:2]:
        assert session.aside.last_leech is None
    session = sessions[-1]
    event = session.aside.last_leech
    assert event is not None and (event.item_id, event.lapses, event.suspended) == ("q0", 3, True)
    assert store.item_flags("leechy") == {"q0": ItemFlags(suspended=True, leech=True)}
    assert session.current is None  # suspended: it does not come back in this session
    later = store.item_state("leechy", "q0").due + timedelta(days=1)  # type: ignore[union-attr]
    assert start(store, [deck], later).current is None
    assert deck_counts(store, deck, later).due == 0

    assert session.undo(NOW) is not None  # the lapse is taken back, and the leech with it
    assert store.item_flags("leechy") == {}
    assert session.aside.last_leech is None
    assert session.current is not None and session.current.item_id == "q0"


def test_a_leech_is_only_tagged_when_the_action_is_tag(store: Store) -> None:
    settings = {**NO_STEPS.to_dict(), "leech_threshold": 2, "leech_action": "tag"}
    store.save_settings(Settings(**settings))
    deck = basic_deck("tagged", 1)
    session = lapse_until_leech(store, deck, 2)[-1]
    assert session.aside.last_leech is not None
    assert store.item_flags("tagged") == {"q0": ItemFlags(leech=True)}
    due = store.item_state("tagged", "q0").due  # type: ignore[union-attr]
    assert start(store, [deck], due + timedelta(minutes=1)).current is not None


def test_a_suspended_item_leaves_every_session_until_undone(store: Store) -> None:
    deck = basic_deck("hand", 3)
    session = start(store, [deck], NOW)
    assert session.current is not None and session.current.item_id == "q0"
    following = session.aside.set_aside("suspend", NOW)
    assert following is not None and following.item_id == "q1"
    assert session.remaining == 2
    assert store.item_flags("hand") == {"q0": ItemFlags(suspended=True)}
    assert deck_counts(store, deck, NOW + timedelta(days=30)).new == 2
    assert [start(store, [deck], NOW + timedelta(days=30)).current.item_id] == ["q1"]  # type: ignore[union-attr]
    assert session.can_undo()
    back = session.undo(NOW)
    assert back is not None and back.item_id == "q0"
    assert session.remaining == 3
    assert store.item_flags("hand") == {}


def test_a_buried_item_comes_back_on_the_next_study_day(store: Store) -> None:
    deck = basic_deck("bury", 2)
    session = start(store, [deck], NOW)  # 09:00 UTC; the day rolls over at 04:00
    session.aside.set_aside("bury", NOW)
    flags = store.item_flags("bury")["q0"]
    assert flags.buried_until == NOW.replace(hour=4) + timedelta(days=1)
    assert start(store, [deck], NOW + timedelta(hours=18)).current.item_id == "q1"  # type: ignore[union-attr]
    assert start(store, [deck], NOW + timedelta(hours=19)).current.item_id == "q0"  # type: ignore[union-attr]


def test_an_answered_question_cannot_be_set_aside(store: Store) -> None:
    session = start(store, [basic_deck("x", 2)], NOW)
    session.answer(Reveal(), NOW)
    with pytest.raises(ValueError, match="not yet answered"):
        session.aside.set_aside("bury", NOW)


def test_undo_takes_back_answers_and_items_set_aside_in_order(store: Store) -> None:
    deck = basic_deck("mixed", 4)
    session = start(store, [deck], NOW)
    trail = []
    for step in ("answer", "suspend", "answer", "bury"):
        trail.append((session.current, session.remaining, dict(store.item_flags("mixed"))))
        if step == "answer":
            answer(session, Rating.EASY, NOW)
        else:
            session.aside.set_aside(step, NOW)  # type: ignore[arg-type]
    while trail:
        session.undo(NOW)
        assert (session.current, session.remaining, store.item_flags("mixed")) == trail.pop()
    assert not session.can_undo()
    assert list(store.iter_reviews()) == []


def test_answering_a_cloze_group_buries_its_siblings_for_the_day(store: Store) -> None:
    deck = cloze_deck()
    session = start(store, [deck], NOW)
    assert session.remaining == 4
    first_two = {answer(session, Rating.EASY, NOW) for _ in range(2)}
    assert first_two == {"plain", "three#c1"}
    assert session.current is None  # c2 and c3 are buried, not only spread apart
    again = start(store, [deck], NOW + timedelta(hours=2))
    assert again.current is None
    assert deck_counts(store, deck, NOW + timedelta(hours=2)).new == 0
    tomorrow = start(store, [deck], NOW + timedelta(days=1))
    assert tomorrow.current is not None and tomorrow.current.item_id == "three#c2"
    answer(tomorrow, Rating.EASY, NOW + timedelta(days=1))
    assert tomorrow.current is None  # c3 waits for the day after


def test_undoing_the_answer_brings_its_siblings_back(store: Store) -> None:
    deck = cloze_deck()
    session = start(store, [deck], NOW)
    answer(session, Rating.EASY, NOW)
    before = (session.current, session.remaining)
    second = answer(session, Rating.EASY, NOW)
    assert session.remaining == 0
    session.undo(NOW)
    assert (session.current, session.remaining) == before
    assert answer(session, Rating.EASY, NOW) == second


def test_siblings_stay_when_burying_is_off(store: Store) -> None:
    store.save_settings(Settings(**{**NO_STEPS.to_dict(), "bury_siblings": False}))
    session = start(store, [cloze_deck()], NOW)
    order = [answer(session, Rating.EASY, NOW) for _ in range(4)]
    assert sorted(order) == ["plain", "three#c1", "three#c2", "three#c3"]


LEECH_AT_ONCE = Settings(
    fuzz=False, learning_steps_minutes=(), relearning_steps_minutes=(10,), leech_threshold=1
)


def lapsing_session(store: Store, deck: Deck, calls: StoreCalls) -> StudySession:
    """q0 learned (the deck's other items new), then a threaded session when q0 is due, with
    settings under which its first lapse makes it a suspended leech."""
    answer(start(store, [deck], NOW), Rating.GOOD, NOW)
    store.save_settings(LEECH_AT_ONCE)
    state = store.item_state(deck.id, "q0")
    assert state is not None and state.state == "review"
    session = start(store, [deck], state.due + timedelta(minutes=1), calls=calls)
    assert session.current is not None and session.current.item_id == "q0"
    return session


@pytest.fixture
def threaded() -> Iterator[StoreCalls]:
    calls = StoreCalls.in_thread()
    yield calls
    calls.wait(10)


def test_a_leech_found_behind_the_students_back_is_not_shown_again(
    store: Store, threaded: StoreCalls
) -> None:
    session = lapsing_session(store, basic_deck("behind", 2), threaded)
    now = session._started
    assert answer(session, Rating.AGAIN, now) == "q0"  # back in 10 min, as far as it knows
    assert threaded.wait(10)
    assert session.aside.suspended == {("behind", "q0")}, "the write found the leech"
    assert session.remaining == 1
    assert answer(session, Rating.GOOD, now) == "q1"
    assert session.current is None, "the leech, suspended, never comes back"
    assert session.remaining == 0


def test_a_leech_is_not_shown_again_even_before_its_write_is_done(
    store: Store, threaded: StoreCalls
) -> None:
    session = lapsing_session(store, basic_deck("at-once", 1), threaded)
    now = session._started
    answer(session, Rating.AGAIN, now)  # nothing else left: it would come straight back
    assert session.current is None
    assert session.remaining == 0
    assert session.undo(now) is not None, "undone, the lapse and the leech are taken back"
    assert threaded.wait(10)
    assert store.item_flags("at-once") == {}
    assert answer(session, Rating.GOOD, now) == "q0"
    assert session.current is None


def test_the_items_left_out_of_a_deck_are_those_hidden_found_around_each_answer() -> None:
    items = ("a", "b#c1", "b#c2", "b#c3", "c", "d#c1", "d#c2", "e#c2", "e#c4", "f")
    cases = [
        HiddenItems(frozenset({"c", "gone"})),
        HiddenItems(cards=frozenset({"b"}), answered=frozenset({"b#c2"})),
        HiddenItems(cards=frozenset({"b", "e"}), answered=frozenset({"b#c1", "e#c4"})),
        # the answered group left the deck: its card's other groups are found all the same
        HiddenItems(cards=frozenset({"d"}), answered=frozenset({"d#c9"})),
        HiddenItems(frozenset({"f"}), frozenset({"b", "d"}), frozenset({"b#c3", "d#c2", "x"})),
    ]
    for hidden in cases:
        assert hidden.among(items) == frozenset(item for item in items if item in hidden)
    assert HiddenItems(cards=frozenset({"d"}), answered=frozenset({"d#c1"})).among(items) == {
        "d#c2"
    }
