"""The order kind: its model and messages, grading, the log JSON and the shown order."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from quiz.deck.loader import load_file
from quiz.deck.model import Deck, item_ids
from quiz.kinds.base import Reveal
from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.order import OrderCard, OrderKind, OrderResponse, PlacedItem
from quiz.progress.sqlite_store import Store
from quiz.rating import Rating
from quiz.study.grading import grade, response_from_json, response_to_json
from quiz.study.session import StudySession

SOURCE = {"key": "src", "locator": "p 1"}
STEPS = ["binding", "clustering", "ITAM phosphorylation", "ZAP-70", "activation"]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def order_card(items: list[str] = STEPS, **fields: object) -> OrderCard:
    data = {"id": "steps", "type": "order", "question": "In order?", "items": items}
    return OrderCard.model_validate({**data, "source": SOURCE, **fields})


def deck_text(*cards: str) -> str:
    head = (
        "id: orders\ntitle: Orders\ndescription: Order cards.\nversion: 1\n"
        "sources:\n  - {key: src, title: T, authors: [A], year: 2020, venue: V}\ncards:\n"
    )
    return head + "".join(cards)


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    deck, problems = load_file(path)
    assert deck is None
    return [problem.format().removeprefix(f"{path}:") for problem in problems]


def test_a_valid_order_card_keeps_its_items_in_the_written_order() -> None:
    card = order_card(explanation="Why.", tags=["signalling"])
    assert card.items == STEPS
    assert card.prompt == "In order?"
    assert item_ids(card) == ["steps"]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["a", "b"], "at least 3 items"),
        ([str(n) for n in range(9)], "at most 8 items"),
        (["first", "second", "First "], r"items\[2\] repeats the text of items\[0\]"),
    ],
)
def test_order_items_are_three_to_eight_distinct_texts(items: list[str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        order_card(items)


def test_order_card_problems_are_located_at_their_line(tmp_path: Path) -> None:
    text = deck_text(
        "  - id: few\n    type: order\n    question: Q?\n    items: [a, b]\n"
        "    source: {key: src, locator: p 1}\n",
        "  - id: twice\n    type: order\n    question: Q?\n    items:\n      - a\n      - b\n"
        "      - A\n    source: {key: src, locator: p 1}\n",
        "  - id: shuffled\n    type: order\n    question: Q?\n    items: [a, b, c]\n"
        "    shuffle: false\n    source: {key: src, locator: p 1}\n",
        "  - id: blank\n    type: order\n    question: Q?\n    items: [a, '', c]\n"
        "    source: {key: src, locator: p 1}\n",
    )
    assert problems_of(tmp_path, text) == [
        "11:12: error: at least 3 items needed, found 2 [cards[0].items]",
        "17:7: error: items[2] repeats the text of items[0]: 'A' [cards[1].items]",
        "25:5: error: unknown key 'shuffle' [cards[2].shuffle]",
        "30:16: error: must not be empty [cards[3].items[1]]",
    ]


def test_the_whole_order_right_is_right() -> None:
    result = grade(order_card(), OrderResponse((0, 1, 2, 3, 4)))
    assert result.correct is True and not result.self_rated
    assert result.suggested is Rating.GOOD
    assert all(isinstance(place, PlacedItem) and place.right for place in result.feedback)


def test_a_partly_right_order_is_wrong_and_names_the_wrong_positions() -> None:
    result = grade(order_card(), OrderResponse((0, 2, 1, 3, 4)))
    assert result.correct is False
    assert result.suggested is Rating.AGAIN
    assert [place.right for place in result.feedback] == [True, False, False, True, True]
    assert [place.text for place in result.feedback] == STEPS  # the correct order, read down
    assert [place.placed_text for place in result.feedback] == [
        "binding",
        "ITAM phosphorylation",
        "clustering",
        "ZAP-70",
        "activation",
    ]


def test_a_reversed_order_is_wrong_everywhere_but_the_middle() -> None:
    result = grade(order_card(), OrderResponse((4, 3, 2, 1, 0)))
    assert result.correct is False
    assert [place.right for place in result.feedback] == [False, False, True, False, False]


def test_the_expected_text_lists_the_order() -> None:
    result = grade(order_card(["a", "b", "c"]), OrderResponse((2, 1, 0)))
    assert result.expected == "a → b → c"


def test_revealing_shows_the_order_and_is_self_rated() -> None:
    result = grade(order_card(), Reveal())
    assert result.correct is None and result.self_rated
    assert result.suggested is Rating.GOOD
    assert [(place.text, place.placed, place.right) for place in result.feedback] == [
        (step, None, None) for step in STEPS
    ]


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (0, 1, 2, 3, 3), (0, 1, 2, 3, 5), ()])
def test_an_order_that_is_not_a_permutation_of_the_items_is_refused(
    order: tuple[int, ...],
) -> None:
    with pytest.raises(ValueError, match="places each of 0-4 once"):
        grade(order_card(), OrderResponse(order))


def test_an_order_card_refuses_a_choice_response() -> None:
    with pytest.raises(ValueError, match="takes a OrderResponse or Reveal, not a ChoiceResponse"):
        grade(order_card(), ChoiceResponse(frozenset({0})))


def test_order_response_json_round_trip_and_exact_form() -> None:
    response = OrderResponse((2, 0, 1))
    assert response_to_json(response) == '{"type":"order","order":[2,0,1]}'
    assert response_from_json(response_to_json(response)) == response


@pytest.mark.parametrize(
    "text", ['{"type":"order"}', '{"type":"order","order":[1,true]}', '{"type":"order","order":3}']
)
def test_malformed_order_json_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a valid response"):
        response_from_json(text)


@pytest.mark.parametrize("count", range(3, 9))
def test_the_shown_order_is_a_shuffle_and_never_the_right_order(count: int) -> None:
    card = order_card([f"step {n}" for n in range(count)])
    kind = OrderKind()
    rng = random.Random(count)
    shown = {kind.display_order(card, rng) for _ in range(400)}
    in_order = tuple(range(count))
    assert in_order not in shown
    if count <= 4:  # every other order turns up
        assert shown == set(itertools.permutations(in_order)) - {in_order}
    else:
        assert len(shown) > 100 and all(sorted(order) == list(in_order) for order in shown)


def test_the_options_follow_the_shown_order() -> None:
    card = order_card(["a", "b", "c"])
    assert OrderKind().shown_options(card, (2, 0, 1)) == ("c", "a", "b")


def test_a_session_shows_an_order_card_shuffled_and_grades_it(tmp_path: Path) -> None:
    text = deck_text(
        "  - id: steps\n    type: order\n    question: In order?\n"
        f"    items: [{', '.join(STEPS)}]\n    source: {{key: src, locator: p 1}}\n"
    )
    deck = Deck.model_validate(yaml.safe_load(text))
    with Store.open(tmp_path / "progress.db") as store:
        session = StudySession.start(store, [deck], NOW, seed=3)
        item = session.current
        assert item is not None
        assert sorted(item.choice_order) == [0, 1, 2, 3, 4]
        assert item.choice_order != (0, 1, 2, 3, 4)
        response = OrderResponse(tuple(range(5)))
        assert session.answer(response, NOW).grade.correct is True
        session.rate(Rating.GOOD)
        row = session.accept(NOW)
        assert row is not None and row.correct is True
        assert response_from_json(row.response) == response
