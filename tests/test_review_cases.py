"""The answers the content review found graded wrongly, graded again on the bundled decks:
every one is graded as it should be, through the decks' accepted spellings, glossaries and
``match`` options."""

from __future__ import annotations

import pytest
from review_cases import CASES

from quiz.deck.loader import load_paths
from quiz.deck.model import Deck
from quiz.kinds.matching import TextResponse
from quiz.paths import bundled_decks_dir
from quiz.study.grading import grade


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return {loaded.path.stem: loaded.deck for loaded in load_paths([bundled_decks_dir()]).decks}


@pytest.mark.parametrize(("deck", "card", "group", "typed", "right"), CASES)
def test_a_case_of_the_review_grades_as_it_should(
    decks: dict[str, Deck], deck: str, card: str, group: int | None, typed: str, right: bool
) -> None:
    verdict = grade(decks[deck].card(card), TextResponse(typed), group=group)
    assert verdict.correct is right


def test_the_cases_name_cards_of_the_bundled_decks(decks: dict[str, Deck]) -> None:
    for deck, card, *_ in CASES:
        assert card in {c.id for c in decks[deck].cards}, (deck, card)
