"""The app's card kinds: one per core kind and back, each complete, and no type tests left.

Every screen asks a card's kind (:mod:`quiz.tui.kinds`) how to show and answer it; these
tests keep the two registries in step and keep ``card.type == "..."`` out of the app.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from textual.actions import parse as parse_action
from textual.binding import Binding

from quiz.deck.loader import load_file
from quiz.kinds.registry import CARD_TYPES, KINDS
from quiz.tui.kinds.base import TuiKind
from quiz.tui.kinds.registry import TUI_KINDS, answer_keys, tui_kind_named, tui_kind_of
from quiz.tui.screens.study import ANSWERING_ACTIONS, StudyScreen
from quiz.tui.text import answer_text, search_text, short_type_label, type_label

TUI = Path(__file__).parent.parent / "quiz" / "tui"
FIXTURES = Path(__file__).parent / "fixtures" / "tui"


def test_every_core_kind_has_an_app_kind_and_every_app_kind_a_core_kind() -> None:
    assert [kind.name for kind in TUI_KINDS] == list(CARD_TYPES)
    for core in KINDS:
        assert tui_kind_named(core.name).core is core
    with pytest.raises(KeyError):
        tui_kind_named("no-such-kind")


@pytest.mark.parametrize("kind", TUI_KINDS, ids=CARD_TYPES)
def test_each_kind_declares_its_labels_and_keys(kind: TuiKind[Any]) -> None:
    assert kind.label and kind.short_label and kind.how_to_answer
    assert len(kind.short_label) <= 12, "the study header and the card table are narrow"
    assert kind.actions <= ANSWERING_ACTIONS
    assert type_label(kind.name) == kind.label
    assert short_type_label(kind.name) == kind.short_label


def test_labels_tell_the_kinds_apart() -> None:
    assert len({kind.label for kind in TUI_KINDS}) == len(TUI_KINDS)
    assert len({kind.short_label for kind in TUI_KINDS}) == len(TUI_KINDS)


def test_every_answering_action_is_bound_on_the_study_screen() -> None:
    bound = {
        parse_action(binding.action)[1] for binding in Binding.make_bindings(StudyScreen.BINDINGS)
    }
    assert bound >= ANSWERING_ACTIONS
    offered = set().union(*(kind.actions for kind in TUI_KINDS))
    assert offered == ANSWERING_ACTIONS, "an answering action no kind offers"


def test_the_help_lists_each_answer_widget_once() -> None:
    keys = answer_keys()
    assert len({id(binding) for binding in keys}) == len(keys)
    ids = {binding.id for binding in keys if isinstance(binding, Binding)}
    assert {"choice-list.next", "order-list.move-up", "order-list.move-down"} <= ids


def test_every_card_of_the_fixture_decks_has_its_kind() -> None:
    decks = [load_file(path)[0] for path in sorted(FIXTURES.glob("*/*.yaml"))]
    cards = [(deck, card) for deck in decks if deck is not None for card in deck.cards]
    assert {card.type for _deck, card in cards} == set(CARD_TYPES)
    for deck, card in cards:
        kind = tui_kind_of(card)
        assert kind.name == card.type
        _item_id, group = kind.core.items(card)[0]
        assert kind.item_prompt(card, group)
        assert kind.page_content(card)
        assert answer_text(card) and answer_text(card).casefold() in search_text(deck, card)


def _type_tests(path: Path) -> list[int]:
    """Lines that compare something's ``.type`` with a value (``card.type == "cloze"``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and any(
            isinstance(side, ast.Attribute) and side.attr == "type"
            for side in [node.left, *node.comparators]
        )
    ]


def test_no_module_of_the_app_tests_a_card_type() -> None:
    found = {
        str(path.relative_to(TUI)): lines
        for path in sorted(TUI.rglob("*.py"))
        if (lines := _type_tests(path))
    }
    assert found == {}
