"""How the app words times, durations, card types and sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.deck.loader import load_file
from quiz.progress.state import to_epoch
from quiz.tui.card_filters import card_state
from quiz.tui.screens.card import describe_response
from quiz.tui.text import (
    answer_text,
    citation,
    duration_text,
    one_line,
    percent,
    relative_time,
    search_text,
    short_span,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
DECK, _ = load_file(Path(__file__).parent / "fixtures" / "tui" / "decks" / "cart-basics.yaml")
assert DECK is not None


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "0 s"), (45, "45 s"), (252, "4 min 12 s"), (3900, "1 h 05 min"), (-5, "0 s")],
)
def test_duration_text(seconds: int, expected: str) -> None:
    assert duration_text(timedelta(seconds=seconds)) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=30), "now"),
        (timedelta(minutes=10), "in 10 min"),
        (timedelta(minutes=59, seconds=50), "in 1 h"),
        (timedelta(hours=3), "in 3 h"),
        (timedelta(hours=23, minutes=50), "in 1 day"),
        (timedelta(days=8), "in 8 days"),
        (timedelta(days=90), "in 3 months"),
        (timedelta(days=800), "in 2 years"),
        (-timedelta(hours=2), "2 h ago"),
    ],
)
def test_relative_time(delta: timedelta, expected: str) -> None:
    assert relative_time(NOW + delta, NOW) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=20), "<1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=8), "8d"),
        (timedelta(days=61), "2mo"),
        (timedelta(days=365.25 * 2), "2y"),
        (timedelta(days=365.25 * 1.5), "1.5y"),
    ],
)
def test_short_span(delta: timedelta, expected: str) -> None:
    assert short_span(delta) == expected


def test_one_line_collapses_whitespace_and_cuts_with_an_ellipsis() -> None:
    assert one_line("a  b\nc", 10) == "a b c"
    assert one_line("abcdefghij", 5) == "abcd…"
    assert one_line("abc", 0) == ""


def test_percent() -> None:
    assert percent(2 / 3) == "67%"
    assert percent(None) == "–"


def test_citation_names_the_source_and_the_place_in_it() -> None:
    card = DECK.card("first-signal")
    assert citation(DECK, card) == (
        "Klein RF (2025). CAR-T Therapy: Expanding To Solid Tumors. "
        "J Cancer Clin Trials 10: 310. — ref 2"
    )


def test_answer_text_of_every_type() -> None:
    answers = {card.id: answer_text(card) for card in DECK.cards}
    assert answers["car-meaning"] == "Chimeric antigen receptor."
    assert answers["first-signal"] == "CD3ζ"
    assert answers["costim-domains"] == "CD28; 4-1BB"
    assert answers["mhc-needed"] == "False"
    assert answers["car-parts"] == (
        "A CAR joins an [scFv] outside the cell to [CD3ζ] signalling inside it."
    )
    assert answers["other-costim"] == "4-1BB / 41BB / CD137"


def test_search_text_covers_answers_and_tags() -> None:
    haystack = search_text(DECK, DECK.card("other-costim"))
    assert "cd137" in haystack and "tisagenlecleucel" in haystack and "other-costim" in haystack
    assert "type it" in haystack and "typed" in haystack  # the type as listed and as written
    assert "cart-basics" not in haystack and "car-t basics" not in haystack  # not the deck's


def test_card_state_of_a_cloze_card_counts_its_studied_groups() -> None:
    card = DECK.card("car-parts")
    assert card_state(card, {}) == ("new", None)
    due = NOW + timedelta(minutes=10)
    assert card_state(card, {"car-parts#c2": ("learning", to_epoch(due))}) == ("learning 1/2", due)
    both = {"car-parts#c1": ("review", to_epoch(due) + 60), "car-parts#c2": ("learning", 0)}
    assert card_state(card, both)[0] == "learning"


def test_describe_response_in_words() -> None:
    choice = DECK.card("costim-domains")
    assert describe_response(choice, '{"type":"choice","picked":[1,0]}') == "CD28; 4-1BB"
    assert describe_response(choice, '{"type":"reveal"}') == "revealed"
    typed = DECK.card("other-costim")
    assert describe_response(typed, '{"type":"text","text":"41bb"}') == "“41bb”"
    statement = DECK.card("mhc-needed")
    assert describe_response(statement, '{"type":"true_false","value":false}') == "false"
    assert describe_response(choice, "not json") == "?"


def test_a_response_the_card_does_not_take_reads_as_unknown() -> None:
    # logged before the card changed kind
    choice = DECK.card("costim-domains")
    assert describe_response(choice, '{"type":"text","text":"41bb"}') == "?"
    assert describe_response(choice, '{"type":"true_false","value":false}') == "?"
