"""The import's quick card check never vouches for a card the deck model refuses."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import StringConstraints, TypeAdapter

from quiz.deck.loader import load_text
from quiz.deck.model import Deck
from quiz.interop import decks as imported_decks
from quiz.interop.card_check import SHORT_MAX, TEXT_MAX, surely_valid, unsure_cards
from quiz.interop.decks import build_decks
from quiz.interop.notes import Collection, Note, NoteType, Template
from quiz.interop.yaml_out import deck_yaml

KEYS = frozenset({"anki"})
_EDGES = [" ", "\n", "\t", "\u00a0", "\u2028", "\u3000", "\x1c", "\x85", "\u200b", "\ufeff"]
_ODD = ["\x1b", "\x00", "\ud800", "\udfff", "\u202e", "{{", "}}", "::", "|", "c1::", "{{c1::"]
words = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9 ,.?\n{}:|-]{0,30}[A-Za-z0-9.?])?", fullmatch=True)
hazards = st.sampled_from(_EDGES + _ODD)
rarely = st.sampled_from([False] * 15 + [True])  # hypothesis draws the first ones most
lengths = st.sampled_from([TEXT_MAX, SHORT_MAX, TEXT_MAX + 1, SHORT_MAX + 1])


@st.composite
def texts(draw: st.DrawFn, base: st.SearchStrategy[str] = words) -> str:
    """Mostly text the model takes; now and then a hazard at an end or inside, or a length
    at a limit."""
    text = draw(base)
    roll = draw(st.sampled_from([-1] * 25 + [0, 1, 2, 3, 4]))  # the first the most drawn
    if roll == 0:
        text = draw(hazards) + text
    elif roll == 1:
        text += draw(hazards)
    elif roll == 2:
        middle = len(text) // 2
        text = text[:middle] + draw(hazards) + text[middle:]
    elif roll == 3:
        text = "x" * draw(lengths)
    elif roll == 4:
        text = draw(st.text(max_size=6))
    return text


cloze_texts = texts(
    st.lists(st.one_of(words, st.sampled_from(["{{c1::CD19}}", "{{c2::IL-6::cytokine}}"]))).map(
        "".join
    )
)
slugs = st.one_of(
    st.from_regex(r"[a-z0-9]{1,8}(?:[-_][a-z0-9]{1,8}){0,2}", fullmatch=True),
    st.sampled_from(["", "A", "a--b", "a-", "a\n", "é", "x" * 81, "x" * 80]),
)
anything = st.one_of(texts(), st.none(), st.integers(), st.lists(texts(), max_size=2))


@st.composite
def cards(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["basic", "typed", "cloze"] * 3 + ["choice", 3]))
    card: dict[str, Any] = {
        "id": draw(st.sampled_from(["x", "n-a_1"]) if not draw(rarely) else slugs),
        "type": kind,
    }
    fields = {"basic": ["front", "back"], "typed": ["question", "answers"], "cloze": ["text"]}
    for name in fields.get(kind, ["front"]) if isinstance(kind, str) else ["front"]:
        if not draw(rarely):  # now and then a required field is missing
            if name == "answers":
                card[name] = draw(texts() if draw(rarely) else st.lists(texts(), max_size=3))
            else:
                card[name] = draw(cloze_texts if name == "text" else texts())
    if draw(st.booleans()):
        card["tags"] = draw(st.lists(texts(), max_size=3))
    if draw(st.booleans()):
        card["explanation"] = draw(st.none() if draw(rarely) else texts())
    if not draw(rarely):
        key = "anki" if not draw(rarely) else draw(st.sampled_from(["other", "Anki"]))
        card["source"] = {"key": key, "locator": draw(texts())}
        if draw(rarely):
            card["source"]["page"] = "1"
    if draw(rarely):
        card[draw(st.sampled_from(["match", "extra", "hint", "lint", "examples"]))] = draw(anything)
    return card


def _deck(cards: list[dict[str, Any]]) -> dict[str, Any]:
    source = {"key": "anki", "title": "t", "authors": ["a"], "year": 2025, "venue": "v"}
    return {"id": "d", "title": "T", "description": "D", "version": 1, "sources": [source]} | {
        "cards": cards
    }


@settings(max_examples=500, deadline=None)
@given(cards())
def test_a_card_vouched_for_is_one_the_model_accepts(card: dict[str, Any]) -> None:
    if surely_valid(card, KEYS):
        Deck.model_validate(_deck([card]))  # raises if the check was wrong


@settings(max_examples=100, deadline=None)
@given(st.lists(cards(), max_size=6))
def test_the_deck_wide_check_vouches_for_the_same_cards(cards: list[dict[str, Any]]) -> None:
    alone = [index for index, card in enumerate(cards) if not surely_valid(card, KEYS)]
    assert unsure_cards(cards, KEYS) == alone


def test_python_white_space_is_what_the_check_searches_for() -> None:
    from quiz.interop.card_check import _SPACE

    every = [chr(code) for code in range(sys.maxunicode + 1)]
    assert [char for char in every if _SPACE.match(char)] == [c for c in every if c.isspace()]


def test_the_check_vouches_for_the_cards_an_import_makes() -> None:
    cloze = "{{c1::CD19}} is on B cells"
    assert surely_valid(
        {"id": "nabc", "type": "cloze", "text": cloze, "source": {"key": "anki", "locator": "n"}},
        KEYS,
    )
    basic = {"id": "nabc-card2", "type": "basic", "front": "a\nb", "back": "c", "tags": ["x"]}
    assert surely_valid({**basic, "source": {"key": "anki", "locator": "note 1"}}, KEYS)


def test_every_text_end_pydantic_strips_is_white_space_to_python() -> None:
    stripped = TypeAdapter(list[Annotated[str, StringConstraints(strip_whitespace=True)]])
    ends = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF]
    kept = [char for char in ends if not char.isspace()]
    assert stripped.validate_python(kept) == kept


WRITTEN = datetime(2025, 6, 1, tzinfo=UTC)
_TYPE = NoteType(
    "Basic", False, ("Front", "Back"), (Template("Card 1", "{{Front}}", "{{FrontSide}}{{Back}}"),)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(texts(), texts()), min_size=1, max_size=6))
def test_an_import_keeps_and_skips_the_cards_the_model_would(
    fields: list[tuple[str, str]],
) -> None:
    notes = [
        Note(f"guid{index}", _TYPE, front_back, (), "Deck", (0,))
        for index, front_back in enumerate(fields)
    ]
    collection = Collection("x.apkg", "collection.anki21b", WRITTEN, notes)
    quick = build_decks(collection)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(imported_decks, "unsure_cards", lambda cards, keys: list(range(len(cards))))
        full = build_decks(collection)
    assert [deck.data for deck in quick[0]] == [deck.data for deck in full[0]]
    assert quick[1].skipped == full[1].skipped
    for deck in quick[0]:  # what is kept is written as a deck the loader takes
        loaded, problems = load_text(deck_yaml(deck.data), "imported.yaml")
        assert loaded is not None, [problem.format() for problem in problems]
