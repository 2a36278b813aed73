"""Study sessions against a real store and real deck files: the queue, answers, undo, cram."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from postgres_server import StoreLocations
from session_support import (
    FIXTURE,
    NOW,
    SOURCE,
    answer,
    basic_deck,
    deck_data,
    drain,
    load,
    start,
    unfuzzed_store,
    write_deck,
)

from quiz.deck.model import Deck
from quiz.kinds.base import Reveal
from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.matching import TextResponse
from quiz.progress.contract import ProgressStore as Store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.session import StudySession
from quiz.study.study_day import DeckCounts, deck_counts


@pytest.fixture
def store(store_location: StoreLocations) -> Iterator[Store]:
    with unfuzzed_store(store_location()) as opened:
        yield opened


@pytest.fixture
def core() -> Deck:
    return load(FIXTURE)


def test_a_fresh_deck_offers_every_item_as_new_in_deck_order(store: Store, core: Deck) -> None:
    store.save_settings(Settings(fuzz=False, bury_siblings=False))
    session = start(store, [core], NOW)
    assert session.remaining == 7
    assert session.answered == 0
    assert not session.is_cram
    items = []
    while session.current is not None:
        item = session.current
        items.append((item.item_id, item.kind, item.group))
        answer(session, Rating.EASY, NOW)
    assert items == [
        ("car-definition", "new", None),
        ("cd19-target", "new", None),
        ("costim-domains", "new", None),
        ("crs-common", "new", None),
        ("car-parts#c1", "new", 1),
        ("il6-blocker", "new", None),  # between the two groups of car-parts
        ("car-parts#c2", "new", 2),
    ]
    assert session.remaining == 0


def test_new_cloze_groups_of_one_card_are_spread_apart(store: Store) -> None:
    data = deck_data("spread", {"before": "Before?", "after": "After?"})
    cloze = {
        "id": "three",
        "type": "cloze",
        "text": "{{c1::One}}, {{c2::two}} and {{c3::three}}.",
        "source": SOURCE,
    }
    data["cards"].insert(1, cloze)
    deck = Deck.model_validate(data)
    store.save_settings(Settings(fuzz=False, bury_siblings=False))
    session = start(store, [deck], NOW)
    order = []
    while session.current is not None and session.current.kind == "new":
        order.append(answer(session, Rating.EASY, NOW))
    # three groups and two others: only this order keeps every pair of siblings apart
    assert order == ["three#c1", "before", "three#c2", "after", "three#c3"]


def test_choice_order_is_a_shuffled_permutation_only_when_the_card_shuffles(
    store: Store, core: Deck
) -> None:
    orders = set()
    for seed in range(10):
        session = StudySession.start(store, [core], NOW, tz=UTC, seed=seed)
        answer(session, Rating.GOOD, NOW)
        item = session.current
        assert item is not None and item.item_id == "cd19-target"
        assert sorted(item.choice_order) == [0, 1, 2, 3]
        orders.add(item.choice_order)
        session.undo(NOW)
    assert len(orders) > 1
    unshuffled = core.model_copy(
        update={
            "cards": [
                c.model_copy(update={"shuffle": False}) if c.id == "cd19-target" else c
                for c in core.cards
            ]
        }
    )
    session = StudySession.cram(store, [unshuffled], NOW, item_ids=[("core-deck", "cd19-target")])
    assert session.current is not None and session.current.choice_order == (0, 1, 2, 3)
    basic = StudySession.cram(store, [core], NOW, item_ids=[("core-deck", "car-definition")])
    assert basic.current is not None and basic.current.choice_order == ()


def test_an_item_keeps_its_choice_order_through_undo_and_redo(store: Store, core: Deck) -> None:
    for seed in range(10):
        session = StudySession.start(store, [core], NOW, tz=UTC, seed=seed)
        answer(session, Rating.GOOD, NOW)
        shown = session.current
        assert shown is not None and shown.item_id == "cd19-target"
        session.undo(NOW)
        answer(session, Rating.GOOD, NOW)
        assert session.current == shown  # the same item, its choices in the same order
        session.undo(NOW)


def test_a_cram_item_missed_comes_back_with_its_choices_shuffled_anew(
    store: Store, core: Deck
) -> None:
    session = StudySession.cram(store, [core], NOW, item_ids=[("core-deck", "cd19-target")], seed=1)
    orders = []
    for _ in range(6):
        assert session.current is not None and session.current.item_id == "cd19-target"
        orders.append(session.current.choice_order)
        session.answer(ChoiceResponse(frozenset({0})), NOW)
        session.rate(Rating.AGAIN)
        session.accept(NOW)
    assert len(set(orders)) > 1, "the same order every time would let the position be learnt"
    session.undo(NOW)
    assert session.current is not None and session.current.choice_order == orders[-1]


def test_answers_are_graded_against_the_current_card_and_cloze_group(
    store: Store, core: Deck
) -> None:
    session = StudySession.cram(store, [core], NOW, item_ids=[("core-deck", "car-parts")])
    assert session.answer(TextResponse("scFv"), NOW).grade.correct is True
    session.accept(NOW)
    assert session.current is not None and session.current.group == 2
    assert session.answer(TextResponse("scFv"), NOW).grade.correct is False


def test_accept_writes_state_and_log_and_advances(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    session.answer(Reveal(), NOW + timedelta(milliseconds=2500))
    session.accept(NOW + timedelta(seconds=3))
    state = store.item_state("core-deck", "car-definition")
    assert state is not None and state.state == "learning"
    [row] = store.history("core-deck", "car-definition")
    assert row.rating is Rating.GOOD
    assert row.correct is None  # self-rated
    assert row.duration_ms == 2500
    assert row.response == '{"type":"reveal"}'
    assert session.current is not None and session.current.item_id == "cd19-target"
    session.answer(ChoiceResponse(frozenset({1})), NOW + timedelta(seconds=4))
    session.accept(NOW + timedelta(seconds=5))
    [row] = store.history("core-deck", "cd19-target")
    assert row.correct is False and row.rating is Rating.AGAIN  # the suggested rating
    assert row.duration_ms == 1000  # timed from when the item was shown


def test_the_queue_puts_learning_then_reviews_then_new(store: Store) -> None:
    deck = basic_deck(count=6)
    session = start(store, [deck], NOW)
    answer(session, Rating.EASY, NOW)  # q0 -> review in 8 days
    answer(session, Rating.EASY, NOW)  # q1 -> review in 8 days
    answer(session, Rating.AGAIN, NOW)  # q2 -> learning, due in a minute
    later = NOW + timedelta(days=10)
    session = start(store, [deck], later)
    kinds = []
    while session.current is not None:
        kinds.append((session.current.item_id, session.current.kind))
        answer(session, Rating.EASY, later)
    assert kinds == [
        ("q2", "learning"),
        ("q0", "review"),
        ("q1", "review"),
        ("q3", "new"),
        ("q4", "new"),
        ("q5", "new"),
    ]


def test_an_item_answered_again_comes_back_in_the_same_session(store: Store) -> None:
    session = start(store, [basic_deck(count=3)], NOW)
    seen = [answer(session, Rating.AGAIN, NOW)]
    assert session.remaining == 3  # q1, q2, and q0 waiting for its one-minute step
    minute = NOW + timedelta(minutes=2)
    seen.append(answer(session, Rating.GOOD, minute))
    seen.append(answer(session, Rating.GOOD, minute))  # q0 is due again: it comes first
    assert seen == ["q0", "q1", "q0"]
    assert session.current is not None and session.current.item_id == "q2"
    assert session.current.kind == "new"


def test_learning_items_come_back_early_when_nothing_else_is_left(store: Store) -> None:
    session = start(store, [basic_deck(count=1)], NOW)
    answer(session, Rating.GOOD, NOW)  # due again in ten minutes
    assert session.current is not None
    assert session.current.item_id == "q0"
    assert session.current.kind == "learning"
    answer(session, Rating.GOOD, NOW + timedelta(minutes=1))  # graduates to review
    assert session.current is None
    assert session.remaining == 0


def test_undo_takes_back_the_last_answer_completely(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    answer(session, Rating.GOOD, NOW)
    state_after_first = store.item_state("core-deck", "car-definition")
    remaining = session.remaining
    answer(session, Rating.AGAIN, NOW + timedelta(seconds=30), ChoiceResponse(frozenset({1})))
    assert session.can_undo()
    item = session.undo(NOW)
    assert item is not None and item.item_id == "cd19-target"
    assert session.current == item
    assert session.answered == 1
    assert session.remaining == remaining
    assert store.item_state("core-deck", "cd19-target") is None
    assert store.history("core-deck", "cd19-target") == []
    assert store.item_state("core-deck", "car-definition") == state_after_first
    assert session.undo(NOW) is not None  # the first answer too
    assert session.current is not None and session.current.item_id == "car-definition"
    assert store.item_state("core-deck", "car-definition") is None
    assert not session.can_undo()
    assert session.undo(NOW) is None
    assert session.remaining == 7


def test_undo_of_an_answer_that_requeued_the_item(store: Store) -> None:
    session = start(store, [basic_deck(count=2)], NOW)
    answer(session, Rating.AGAIN, NOW)
    assert session.remaining == 2
    session.undo(NOW)
    assert session.remaining == 2
    assert session.current is not None and session.current.item_id == "q0"
    assert session.current.kind == "new"
    assert drain(session, Rating.EASY, NOW) == ["q0", "q1"]


def test_cram_leaves_the_schedule_untouched(store: Store, core: Deck) -> None:
    drain(start(store, [core], NOW), Rating.EASY, NOW)
    states = store.item_states("core-deck")
    log = list(store.iter_reviews())
    session = StudySession.cram(store, [core], NOW + timedelta(days=1), seed=3)
    assert session.is_cram
    assert session.remaining == 7
    assert {session.current.kind} == {"cram"}
    seen = []
    later = NOW + timedelta(days=1)
    while session.current is not None:
        seen.append(answer(session, Rating.AGAIN if len(seen) == 0 else Rating.GOOD, later))
    assert len(seen) == 8  # the item answered Again came back once at the end
    assert seen[0] == seen[-1]
    session.undo(NOW)
    assert store.item_states("core-deck") == states
    assert list(store.iter_reviews()) == log
    assert session.intervals(later) == {}


def test_cram_of_chosen_items(store: Store, core: Deck) -> None:
    session = StudySession.cram(
        store, [core], NOW, item_ids=[("core-deck", "car-parts"), ("core-deck", "crs-common")]
    )
    # the two groups of car-parts are spread apart, with the other card between them
    assert drain(session, Rating.GOOD, NOW) == ["car-parts#c1", "crs-common", "car-parts#c2"]
    assert store.item_states("core-deck") == {}
    gone = StudySession.cram(
        store, [core], NOW, item_ids=[("core-deck", "nope"), ("other", "crs-common")]
    )
    assert gone.current is None and gone.remaining == 0
    mixed = [("core-deck", "nope"), ("core-deck", "crs-common"), ("core-deck", "crs-common")]
    assert drain(StudySession.cram(store, [core], NOW, item_ids=mixed), Rating.GOOD, NOW) == [
        "crs-common"
    ]


def test_a_reworded_deck_keeps_its_progress(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    deck = write_deck(path, deck_data("bio", {"a": "What is A?", "b": "What is B?"}))
    drain(start(store, [deck], NOW), Rating.EASY, NOW)
    states = store.item_states("bio")
    reworded = write_deck(path, deck_data("bio", {"a": "Define A, please.", "b": "And B?"}))
    assert reworded.card("a").front == "Define A, please."
    assert start(store, [reworded], NOW + timedelta(hours=1)).remaining == 0
    assert store.item_states("bio") == states
    later = NOW + timedelta(days=9)
    assert drain(start(store, [reworded], later), Rating.GOOD, later) == ["a", "b"]


def test_a_vanished_card_is_kept_excluded_and_comes_back(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    both = deck_data("bio", {"a": "A?", "b": "B?", "c": "C?"})
    deck = write_deck(path, both)
    session = start(store, [deck], NOW)
    answer(session, Rating.EASY, NOW)  # a: review in 8 days
    answer(session, Rating.AGAIN, NOW)  # b: learning, due in a minute
    without = write_deck(path, deck_data("bio", {"c": "C?"}))
    soon = NOW + timedelta(minutes=5)
    later = NOW + timedelta(days=9)
    assert deck_counts(store, without, later, tz=UTC) == DeckCounts(
        items=1, new=1, learning=0, due=0, unseen=1
    )
    assert [item.item_id for item in [start(store, [without], soon).current]] == ["c"]
    assert start(store, [without], later).remaining == 1
    assert set(store.item_states("bio")) == {"a", "b"}
    restored = write_deck(path, both)
    assert deck_counts(store, restored, later, tz=UTC) == DeckCounts(
        items=3, new=1, learning=1, due=1, unseen=1
    )
    assert drain(start(store, [restored], later), Rating.EASY, later) == ["b", "a", "c"]


def test_all_decks_or_one(store: Store, core: Deck) -> None:
    other = basic_deck("other", count=2)
    assert start(store, [core, other], NOW).remaining == 9
    assert start(store, [core, other], NOW, deck_id="other").remaining == 2
    with pytest.raises(ValueError, match="no deck with id 'missing'"):
        start(store, [core, other], NOW, deck_id="missing")


def test_intervals_preview_the_rating_buttons(store: Store, core: Deck) -> None:
    session = start(store, [core], NOW)
    intervals = session.intervals(NOW)
    assert intervals[Rating.AGAIN] == timedelta(minutes=1)
    assert intervals[Rating.GOOD] == timedelta(minutes=10)


def test_answering_after_the_end_is_refused(store: Store) -> None:
    session = start(store, [basic_deck(count=1)], NOW)
    answer(session, Rating.EASY, NOW)
    assert session.current is None
    with pytest.raises(ValueError, match="finished"):
        session.answer(Reveal(), NOW)


@pytest.mark.parametrize("cram", [False, True])
def test_undoing_every_answer_walks_the_session_back_exactly(
    store: Store, core: Deck, cram: bool
) -> None:
    begin = StudySession.cram if cram else StudySession.start
    store.save_settings(Settings(fuzz=False, bury_siblings=False))
    session = begin(store, [core], NOW, seed=5)
    ratings = [Rating.AGAIN, Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD, Rating.AGAIN]
    trail = []
    for step, rating in enumerate(ratings * 2):
        trail.append((session.current, session.remaining, session.answered))
        answer(session, rating, NOW + timedelta(minutes=step))
    while trail:
        session.undo(NOW)
        assert (session.current, session.remaining, session.answered) == trail.pop()
    assert store.item_states("core-deck") == {}
    assert list(store.iter_reviews()) == []
    replay = [answer(session, Rating.EASY, NOW) for _ in range(7)]
    assert session.current is None
    assert len(set(replay)) == 7
