"""Grading of every card type, typed-answer matching, and response serialization."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quiz.deck.model import Deck
from quiz.kinds.base import Reveal
from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.cloze import ClozeCard
from quiz.kinds.matching import MatchOptions, TextResponse, edit_distance, normalize
from quiz.kinds.true_false import TrueFalseResponse
from quiz.kinds.typed import TypedCard
from quiz.rating import Rating
from quiz.study.grading import grade, response_from_json, response_to_json

DECK_FILE = Path(__file__).parent / "fixtures" / "core" / "core-deck.yaml"


@pytest.fixture(scope="module")
def deck() -> Deck:
    return Deck.model_validate(yaml.safe_load(DECK_FILE.read_text(encoding="utf-8")))


def typed_card(answers: list[str], **match: object) -> TypedCard:
    return TypedCard.model_validate(
        {
            "id": "t",
            "type": "typed",
            "question": "?",
            "answers": answers,
            "match": match,
            "source": {"key": "s", "locator": "p1"},
        }
    )


def cloze_card(text: str) -> ClozeCard:
    return ClozeCard.model_validate(
        {"id": "c", "type": "cloze", "text": text, "source": {"key": "s", "locator": "p1"}}
    )


def test_basic_card_is_self_rated_and_suggests_good(deck: Deck) -> None:
    result = grade(deck.card("car-definition"), Reveal())
    assert result.correct is None
    assert result.self_rated
    assert result.expected == "Chimeric antigen receptor"
    assert result.suggested is Rating.GOOD


def test_basic_card_refuses_a_typed_answer(deck: Deck) -> None:
    with pytest.raises(ValueError, match="takes a Reveal"):
        grade(deck.card("car-definition"), TextResponse("chimeric"))


def test_choice_right_and_wrong(deck: Deck) -> None:
    card = deck.card("cd19-target")
    right = grade(card, ChoiceResponse(frozenset({0})))
    assert right.correct is True
    assert right.suggested is Rating.GOOD
    assert right.expected == "CD19"
    wrong = grade(card, ChoiceResponse(frozenset({2})))
    assert wrong.correct is False
    assert wrong.suggested is Rating.AGAIN
    assert not wrong.self_rated


def test_choice_feedback_covers_every_choice_in_authored_order(deck: Deck) -> None:
    result = grade(deck.card("cd19-target"), ChoiceResponse(frozenset({1})))
    assert [f.index for f in result.feedback] == [0, 1, 2, 3]
    assert [f.text for f in result.feedback] == ["CD19", "CD20", "BCMA", "CD3"]
    assert [f.correct for f in result.feedback] == [True, False, False, False]
    assert [f.picked for f in result.feedback] == [False, True, False, False]
    assert result.feedback[1].why == "Targeted by rituximab; not by the first CAR-T products."


def test_choice_with_two_picks_is_wrong(deck: Deck) -> None:
    assert grade(deck.card("cd19-target"), ChoiceResponse(frozenset({0, 1}))).correct is False


def test_choice_index_out_of_range_is_refused(deck: Deck) -> None:
    with pytest.raises(ValueError, match="out of range"):
        grade(deck.card("cd19-target"), ChoiceResponse(frozenset({4})))


def test_multi_needs_exactly_the_correct_set(deck: Deck) -> None:
    card = deck.card("costim-domains")
    assert grade(card, ChoiceResponse(frozenset({0, 1}))).correct is True
    assert grade(card, ChoiceResponse(frozenset({0}))).correct is False
    assert grade(card, ChoiceResponse(frozenset({0, 1, 2}))).correct is False
    assert grade(card, ChoiceResponse(frozenset())).correct is False
    assert grade(card, ChoiceResponse(frozenset({0}))).expected == "CD28; 4-1BB"


def test_revealing_a_choice_card_is_self_rated_with_feedback(deck: Deck) -> None:
    result = grade(deck.card("costim-domains"), Reveal())
    assert result.self_rated and result.correct is None
    assert [f.correct for f in result.feedback] == [True, True, False]
    assert not any(f.picked for f in result.feedback)


def test_true_false(deck: Deck) -> None:
    card = deck.card("crs-common")
    assert grade(card, TrueFalseResponse(True)).correct is True
    wrong = grade(card, TrueFalseResponse(False))
    assert wrong.correct is False
    assert wrong.expected == "True"
    assert wrong.suggested is Rating.AGAIN


def test_true_false_refuses_a_choice_response(deck: Deck) -> None:
    with pytest.raises(ValueError, match="TrueFalseResponse"):
        grade(deck.card("crs-common"), ChoiceResponse(frozenset({0})))


def test_typed_accepts_any_listed_spelling_ignoring_case(deck: Deck) -> None:
    card = deck.card("il6-blocker")
    assert grade(card, TextResponse("  TOCILIZUMAB ")).correct is True
    result = grade(card, TextResponse("actemra"))
    assert result.correct is True
    assert result.note is None
    assert result.expected == "tocilizumab"


def test_typed_near_miss_is_accepted_with_a_note(deck: Deck) -> None:
    result = grade(deck.card("il6-blocker"), TextResponse("tocilizumba"))
    assert result.correct is True
    assert result.suggested is Rating.GOOD
    assert result.note == "accepted: you typed 'tocilizumba'"


def test_typed_beyond_tolerance_is_wrong(deck: Deck) -> None:
    result = grade(deck.card("il6-blocker"), TextResponse("toclizmab"))
    assert result.correct is False
    assert result.suggested is Rating.AGAIN


def test_typed_empty_submit_is_a_reveal(deck: Deck) -> None:
    result = grade(deck.card("il6-blocker"), TextResponse("   "))
    assert result.self_rated and result.correct is None
    assert result.expected == "tocilizumab"


def test_short_answers_get_no_typo_allowance_by_default() -> None:
    card = typed_card(["BCMA"])
    assert grade(card, TextResponse("bcma")).correct is True
    assert grade(card, TextResponse("BCNA")).correct is False


def test_explicit_max_typos_is_honoured_up_to_half_the_answer() -> None:
    assert grade(typed_card(["BCMA"], max_typos=1), TextResponse("BCNA")).correct is True
    assert grade(typed_card(["BCMA"], max_typos=5), TextResponse("BXNA")).correct is True
    assert grade(typed_card(["BCMA"], max_typos=5), TextResponse("XXNA")).correct is False
    assert grade(typed_card(["tocilizumab"], max_typos=0), TextResponse("tocilizumav")).correct is (
        False
    )


def test_a_different_number_is_never_a_typo() -> None:
    card = typed_card(["CD137"])
    assert grade(card, TextResponse("CD134")).correct is False
    assert grade(card, TextResponse("CF137")).correct is True


def test_punctuation_and_spaces_are_ignored_but_symbols_count() -> None:
    assert grade(typed_card(["IL-13"]), TextResponse("il 13")).correct is True
    assert grade(typed_card(["IL-13"]), TextResponse("IL13.")).correct is True
    assert grade(typed_card(["CD4+"]), TextResponse("CD4")).correct is False


def test_punctuation_counts_when_the_card_says_so() -> None:
    card = typed_card(["IL-13"], ignore_punctuation=False, max_typos=0)
    assert grade(card, TextResponse("IL-13")).correct is True
    assert grade(card, TextResponse("IL 13")).correct is False


def test_case_counts_when_the_card_says_so() -> None:
    card = typed_card(["scFv"], ignore_case=False)
    assert grade(card, TextResponse("scFv")).correct is True
    assert grade(card, TextResponse("SCFV")).correct is False


def test_accents_are_ignored_unless_the_card_says_so() -> None:
    assert grade(typed_card(["Pénélope"]), TextResponse("penelope")).correct is True
    strict = typed_card(["Pénélope"], ignore_accents=False, max_typos=0)
    assert grade(strict, TextResponse("penelope")).correct is False


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize(" CD3-Zéta ", MatchOptions()) == "cd3zeta"
    assert normalize(" CD3  Zéta ", MatchOptions(ignore_punctuation=False)) == "cd3 zeta"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("", "", 0), ("abc", "abc", 0), ("abc", "acb", 1), ("abc", "ab", 1), ("kitten", "sitting", 3)],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance


def test_cloze_grades_the_group_under_review(deck: Deck) -> None:
    card = deck.card("car-parts")
    assert grade(card, TextResponse("scfv"), group=1).correct is True
    assert grade(card, TextResponse("CD28"), group=1).correct is False
    assert grade(card, TextResponse("scfv"), group=1).expected == "scFv"


def test_cloze_group_with_two_deletions_takes_answers_in_order(deck: Deck) -> None:
    card = deck.card("car-parts")
    assert grade(card, TextResponse("CD3ζ; costimulatory"), group=2).correct is True
    assert grade(card, TextResponse("cd3ζ, costimulatory"), group=2).correct is True
    assert grade(card, TextResponse("costimulatory; CD3ζ"), group=2).correct is False
    assert grade(card, TextResponse("CD3ζ"), group=2).correct is False
    assert grade(card, TextResponse("x"), group=2).expected == "CD3ζ; costimulatory"


def test_cloze_near_miss_note(deck: Deck) -> None:
    result = grade(deck.card("car-parts"), TextResponse("CD3ζ; costimulatroy"), group=2)
    assert result.correct is True
    assert result.note == "accepted: you typed 'costimulatroy'"


def test_revealed_cloze_is_self_rated(deck: Deck) -> None:
    result = grade(deck.card("car-parts"), Reveal(), group=1)
    assert result.self_rated and result.correct is None and result.suggested is Rating.GOOD
    assert result.expected == "scFv"


def test_cloze_needs_a_valid_group(deck: Deck) -> None:
    with pytest.raises(ValueError, match="groups"):
        grade(deck.card("car-parts"), TextResponse("scFv"))
    with pytest.raises(ValueError, match="groups"):
        grade(deck.card("car-parts"), TextResponse("scFv"), group=3)


def test_cloze_accepts_every_alternative_and_expects_the_first() -> None:
    card = cloze_card("Recurrent {{c1::glioblastoma|GBM::brain tumour}} was treated.")
    assert grade(card, TextResponse("GBM"), group=1).correct is True
    assert grade(card, TextResponse("glioblastoma"), group=1).correct is True
    wrong = grade(card, TextResponse("astrocytoma"), group=1)
    assert (wrong.correct, wrong.expected) == (False, "glioblastoma")


def test_cloze_match_options_apply() -> None:
    card = cloze_card("The {{c1::IL-6}} receptor is blocked by tocilizumab.")
    assert grade(card, TextResponse("il 6"), group=1).correct is True


@pytest.mark.parametrize(
    "response",
    [
        Reveal(),
        ChoiceResponse(frozenset()),
        ChoiceResponse(frozenset({3, 0, 1})),
        TrueFalseResponse(False),
        TextResponse("CD3ζ; “quoted” \n"),
    ],
)
def test_response_json_round_trip(response: object) -> None:
    assert response_from_json(response_to_json(response)) == response


@pytest.mark.parametrize(
    ("response", "logged"),
    [
        (Reveal(), '{"type":"reveal"}'),
        (ChoiceResponse(frozenset({3, 0})), '{"type":"choice","picked":[0,3]}'),
        (TrueFalseResponse(True), '{"type":"true_false","value":true}'),
        (TextResponse("CD3ζ"), '{"type":"text","text":"CD3ζ"}'),
    ],
)
def test_responses_are_logged_as_they_always_were(response: object, logged: str) -> None:
    assert response_to_json(response) == logged
    assert response_from_json(logged) == response


@given(st.text())
def test_text_response_json_round_trip_for_any_text(text: str) -> None:
    assert response_from_json(response_to_json(TextResponse(text))) == TextResponse(text)


@pytest.mark.parametrize(
    "text", ["", "[]", '{"type": "choice", "picked": [true]}', '{"type": "nope"}', "{"]
)
def test_malformed_response_json_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        response_from_json(text)
