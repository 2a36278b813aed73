"""Every registered card kind has every piece, and everything derived from the list agrees."""

from __future__ import annotations

import random
import typing
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.inputs import card_yaml, item_suffixes
from quiz.deck.items import deck_items
from quiz.deck.model import Deck, deck_warnings, item_ids, json_schema
from quiz.kinds.base import CannotGenerate, CardKind, Grade, Response, Reveal
from quiz.kinds.basic import BasicCard
from quiz.kinds.registry import CARD_TYPES, KINDS, kind_named, kind_of, response_types
from quiz.kinds.registry import CARD_TYPES as MESSAGE_TYPES
from quiz.study.grading import grade, response_from_json, response_to_json

SOURCE = {"key": "src", "locator": "p 1"}


class Words:
    """A filler with a seeded generator, as the benchmarks use."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)

    def sentence(self, words: int) -> str:
        text = " ".join(self.word() for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def word(self) -> str:
        return self.rng.choice(["antigen", "receptor", "cell", "domain", "signal", "tumour"])


def sample_card(kind: CardKind[Any], index: int = 0) -> Any:
    data = {"id": f"sample-{index}", "type": kind.name, "source": SOURCE, "explanation": "E."}
    return kind.model.model_validate({**data, **kind.sample(index, Words(index))})


def test_card_types_are_the_kinds_in_registry_order() -> None:
    assert CARD_TYPES == ("basic", "choice", "multi", "true_false", "cloze", "typed", "order")
    assert MESSAGE_TYPES is CARD_TYPES
    assert [kind_named(name) for name in CARD_TYPES] == list(KINDS)


def test_the_deck_schema_offers_every_kind() -> None:
    cards = json_schema()["properties"]["cards"]["items"]
    mapping = cards["discriminator"]["mapping"]
    assert mapping == {kind.name: f"#/$defs/{kind.model.__name__}" for kind in KINDS}
    assert [option["$ref"] for option in cards["oneOf"]] == [mapping[name] for name in CARD_TYPES]


@pytest.mark.parametrize("kind", KINDS, ids=CARD_TYPES)
def test_each_model_is_discriminated_by_the_kind_name(kind: CardKind[Any]) -> None:
    annotation = kind.model.model_fields["type"].annotation
    assert typing.get_args(annotation) == (kind.name,)


@pytest.mark.parametrize("kind", KINDS, ids=CARD_TYPES)
def test_each_kind_has_every_piece(kind: CardKind[Any]) -> None:
    assert kind.responses and all(issubclass(r, Response) for r in kind.responses)
    assert Reveal in kind.responses
    card = sample_card(kind)
    assert kind_of(card) is kind
    items = kind.items(card)
    assert items and item_ids(card) == [item_id for item_id, _ in items]
    assert kind.answer_text(card)
    order = kind.display_order(card, random.Random(1))
    options = kind.options(card)
    assert sorted(order) == list(range(len(order))) and len(order) in (0, len(options))
    assert len(kind.shown_options(card, order)) == len(options)
    for _, group in items:
        right = kind.right_response(card, group)
        assert isinstance(right, kind.responses)
        verdict = grade(card, right, group=group)
        assert isinstance(verdict, Grade) and verdict.expected == kind.expected(card, group)
        assert verdict.correct is (None if kind.is_reveal(right) else True)
        revealed = grade(card, Reveal(), group=group)
        assert revealed.self_rated and revealed.correct is None


@pytest.mark.parametrize("kind", KINDS, ids=CARD_TYPES)
def test_each_kind_builds_deck_items_and_generated_cards(kind: CardKind[Any]) -> None:
    deck = Deck.model_validate(
        {
            "id": "d",
            "title": "T",
            "description": "D",
            "version": 1,
            "sources": [{"key": "src", "title": "T", "authors": ["A"], "year": 2025, "venue": "V"}],
            "cards": [sample_card(kind).model_dump(exclude_unset=True)],
        }
    )
    card = deck.cards[0]
    assert list(deck_items(deck).items()) == [
        (item_id, (card, group)) for item_id, group in kind.items(card)
    ]
    assert list(deck_warnings(deck)) == []
    assert [card.id + suffix for suffix in item_suffixes(kind)] == item_ids(card)
    assert f"    type: {kind.name}\n" in card_yaml(7, kind, random.Random(7))


def _response_strategy() -> st.SearchStrategy[Response]:
    types = [response for kind in KINDS for response in kind.responses]
    return st.one_of(*(st.builds(response) for response in dict.fromkeys(types)))


@given(_response_strategy())
def test_every_response_of_every_kind_round_trips_through_the_log(response: Response) -> None:
    assert response_from_json(response_to_json(response)) == response


def test_response_tags_are_unique_and_cover_every_kind() -> None:
    tags = response_types()
    assert set(tags) == {"reveal", "choice", "true_false", "text", "order"}
    for kind in KINDS:
        assert all(tags[response.tag] is response for response in kind.responses)


class Essay(CardKind[BasicCard]):
    """A kind with only the required pieces: no sample and no right answer."""

    name = "essay"
    model = BasicCard
    responses: ClassVar[tuple[type[Response], ...]] = (Reveal,)

    def grade(self, card: BasicCard, response: Response, group: int | None) -> Grade:
        raise AssertionError("not graded here")

    def expected(self, card: BasicCard, group: int | None) -> str:
        return ""

    def answer_text(self, card: BasicCard) -> str:
        return ""


def test_the_benchmark_generator_stops_naming_a_kind_it_cannot_make() -> None:
    with pytest.raises(CannotGenerate, match="'essay'"):
        card_yaml(0, Essay(), random.Random(0))
    with pytest.raises(CannotGenerate, match="'essay'"):
        item_suffixes(Essay())


def test_two_response_types_may_not_share_a_tag() -> None:
    class Other(Reveal):
        pass

    class Clash(Essay):
        responses = (Other,)

    with pytest.raises(ValueError, match="'reveal' is claimed by both Reveal and Other"):
        response_types((*KINDS, Clash()))
