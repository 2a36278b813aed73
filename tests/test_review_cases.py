"""The answers the content review found graded wrongly, graded again on the bundled decks.

Each case the matching can fix by itself is graded as it should be; the others wait for the
deck revision (an accepted spelling, a glossary entry, a stricter ``match``), and none of
those already fixed may regress.
"""

from __future__ import annotations

import pytest
from review_cases import CASES, WAITING_FOR_DECKS

from quiz.deck.loader import load_paths
from quiz.deck.model import Deck
from quiz.kinds.matching import TextResponse
from quiz.paths import bundled_decks_dir
from quiz.study.grading import grade


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return {loaded.path.stem: loaded.deck for loaded in load_paths([bundled_decks_dir()]).decks}


@pytest.mark.parametrize(
    ("deck", "card", "group", "typed", "right"),
    [case for case in CASES if (case[1], case[3]) not in WAITING_FOR_DECKS],
)
def test_a_case_the_matching_fixes_grades_as_it_should(
    decks: dict[str, Deck], deck: str, card: str, group: int | None, typed: str, right: bool
) -> None:
    verdict = grade(decks[deck].card(card), TextResponse(typed), group=group)
    assert verdict.correct is right


def test_every_waiting_case_is_a_case_of_the_review() -> None:
    assert {(case[1], case[3]) for case in CASES} >= WAITING_FOR_DECKS
