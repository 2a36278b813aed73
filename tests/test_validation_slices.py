"""A large deck is validated a slice of cards at a time: the same deck, the same errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from benchmarks.inputs import deck_yaml
from quiz.deck import validation
from quiz.deck.model import Deck
from quiz.deck.problems import ProblemCollector
from quiz.deck.validation import check_deck
from quiz.deck.yaml_input import parse_document

CONTEXT = {"cross_check": False}


def parsed(text: str):
    doc = parse_document(text, ProblemCollector("deck.yaml"))
    assert doc is not None
    return doc


def test_a_large_valid_deck_is_the_deck_validated_at_once():
    doc = parsed(deck_yaml("large", 600))
    assert doc.values > validation.SLICE_VALUES
    check = check_deck(doc.data, doc.item_sizes, doc.values)
    whole = Deck.model_validate(doc.data, context=CONTEXT)
    assert check.deck == whole
    assert check.deck.model_dump(exclude_unset=True) == whole.model_dump(exclude_unset=True)


def test_a_large_broken_deck_has_the_errors_found_at_once(monkeypatch):
    text = deck_yaml("broken", 600).replace("    back: ", "    bakc: ")
    text = text.replace("version: 1", "version: one") + "extra: x\n"
    doc = parsed(text)
    with pytest.raises(ValidationError) as whole:
        Deck.model_validate(doc.data, context=CONTEXT)
    expected = sorted(map(repr, whole.value.errors(include_url=False)))

    check = check_deck(doc.data, doc.item_sizes, doc.values)
    assert check.deck is None and check.counted == 0
    assert sorted(map(repr, check.errors)) == expected

    monkeypatch.setattr(validation, "DETAILED_ERRORS", 50)
    check = check_deck(doc.data, doc.item_sizes, doc.values)
    assert check.deck is None
    assert len(check.errors) + check.counted == len(expected)
    assert 50 <= sum(1 for e in check.errors if e["loc"][0] == "cards") < len(expected) // 2
    assert {"version", "extra"} <= {e["loc"][0] for e in check.errors}  # outside the slices
    first_counted = check.counted_from
    assert first_counted[0] == "cards" and first_counted[1] > 0
    assert all(e["loc"][1] < first_counted[1] for e in check.errors if e["loc"][0] == "cards")


def test_cards_given_by_an_alias_are_sliced_too(monkeypatch):
    text = deck_yaml("aliased", 600).replace("cards:\n", "spare: &all\n", 1) + "cards: *all\n"
    doc = parsed(text.replace("    back: ", "    bakc: "))
    assert "cards" not in doc.item_sizes
    monkeypatch.setattr(validation, "DETAILED_ERRORS", 50)
    check = check_deck(doc.data, doc.item_sizes, doc.values)
    assert check.deck is None
    assert check.counted_from[0] == "cards" and check.counted > 0
