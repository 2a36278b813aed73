"""The deck schema's own rules, checked on the models directly."""

import pytest
from pydantic import ValidationError

from quiz.deck.cloze import parse_cloze, render_cloze
from quiz.deck.model import Deck, deck_warnings, format_path, item_ids
from quiz.kinds.cloze import ClozeCard

SOURCE = {"key": "src", "locator": "ref 1"}


def deck_with(*cards, **extra):
    data = {
        "id": "d",
        "title": "T",
        "description": "D",
        "version": 1,
        "sources": [{"key": "src", "title": "T", "authors": ["A"], "year": 2025, "venue": "V"}],
        "cards": list(cards),
    }
    data.update(extra)
    return data


def card(card_type, card_id="c", **fields):
    return {"id": card_id, "type": card_type, "source": SOURCE, "explanation": "E", **fields}


def errors_of(data):
    with pytest.raises(ValidationError) as caught:
        Deck.model_validate(data)
    return [(e["loc"], e["msg"]) for e in caught.value.errors()]


def test_unknown_keys_are_rejected_everywhere():
    data = deck_with(card("basic", front="F", back="B", explanaton="typo"), colour="red")
    locations = [loc for loc, _ in errors_of(data)]
    assert ("colour",) in locations
    assert ("cards", 0, "basic", "explanaton") in locations


def test_choice_needs_exactly_one_correct():
    two = card(
        "choice",
        question="Q",
        choices=[{"text": "a", "correct": True}, {"text": "b", "correct": True}],
    )
    assert errors_of(deck_with(two)) == [
        (
            ("cards", 0, "choice", "choices"),
            "Value error, a choice card needs exactly one correct choice, found 2",
        )
    ]


def test_multi_allows_several_correct_but_not_none():
    several = card(
        "multi",
        question="Q",
        choices=[{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}],
    )
    assert Deck.model_validate(deck_with(several)).cards[0].type == "multi"
    none = card("multi", question="Q", choices=[{"text": "a"}, {"text": "b"}])
    assert "at least one correct" in errors_of(deck_with(none))[0][1]


def test_choice_texts_must_differ_ignoring_case_and_spacing():
    dup = card(
        "choice", question="Q", choices=[{"text": "CD28", "correct": True}, {"text": " cd28 "}]
    )
    assert "repeats the text" in errors_of(deck_with(dup))[0][1]


def test_choice_count_bounds():
    one = card("choice", question="Q", choices=[{"text": "a", "correct": True}])
    assert errors_of(deck_with(one))[0][0] == ("cards", 0, "choice", "choices")
    nine = card(
        "multi", question="Q", choices=[{"text": str(i), "correct": i == 0} for i in range(9)]
    )
    assert errors_of(deck_with(nine))[0][0] == ("cards", 0, "multi", "choices")


def test_card_ids_unique_and_source_keys_declared():
    data = deck_with(
        card("basic", "same", front="F", back="B"),
        card("basic", "same", front="G", back="C"),
        {**card("basic", "other", front="H", back="D"), "source": {"key": "nope", "locator": "x"}},
    )
    message = errors_of(data)[0][1]
    assert "cards[1].id: duplicate card id 'same'" in message
    assert "cards[2].source.key: unknown source key 'nope'" in message


def test_loader_context_defers_cross_checks():
    data = deck_with(
        card("basic", "same", front="F", back="B"), card("basic", "same", front="G", back="C")
    )
    deck = Deck.model_validate(data, context={"cross_check": False})
    assert [c.id for c in deck.cards] == ["same", "same"]


@pytest.mark.parametrize("bad_id", ["Upper", "two words", "trailing-", "-lead", "a--b", ""])
def test_ids_are_slugs(bad_id):
    assert errors_of(deck_with(card("basic", bad_id, front="F", back="B")))


def test_values_are_not_coerced():
    assert errors_of(deck_with(card("true_false", statement="S", answer="yes")))
    assert errors_of(deck_with(card("basic", front=12, back="B")))


def test_typed_matching_defaults():
    deck = Deck.model_validate(deck_with(card("typed", question="Q", answers=["4-1BB"])))
    match = deck.cards[0].match
    assert (match.ignore_case, match.ignore_accents, match.ignore_punctuation) == (True,) * 3
    assert match.max_typos is None


def test_cloze_groups_hints_and_items():
    text = "A {{c1::scFv::binder}} joins {{c2::CD3ζ}} and {{c1::a hinge}}."
    deletions = parse_cloze(text)
    assert [(d.group, d.answer, d.hint) for d in deletions] == [
        (1, "scFv", "binder"),
        (2, "CD3ζ", None),
        (1, "a hinge", None),
    ]
    assert render_cloze(text, 1) == "A [binder] joins CD3ζ and [...]."
    assert render_cloze(text, 1, reveal=True) == "A [scFv] joins CD3ζ and [a hinge]."
    cloze = ClozeCard.model_validate(card("cloze", "cl", text=text))
    assert item_ids(cloze) == ["cl#c1", "cl#c2"]


def test_cloze_alternatives_are_accepted_but_the_first_is_shown():
    text = "Recurrent {{c1::glioblastoma|GBM::brain tumour}} was treated."
    (deletion,) = parse_cloze(text)
    assert deletion.accepted == ("glioblastoma", "GBM")
    assert render_cloze(text, 1) == "Recurrent [brain tumour] was treated."
    assert render_cloze(text, 1, reveal=True) == "Recurrent [glioblastoma] was treated."
    with pytest.raises(ValueError, match="empty deletion"):
        parse_cloze("{{c1::glioblastoma|}}")


def test_ungrouped_deletions_are_numbered_in_order():
    assert [d.group for d in parse_cloze("{{one}} then {{two}}")] == [1, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no deletions", "at least one deletion"),
        ("{{c1::}}", "empty deletion"),
        ("{{c1::a}} {{b}}", "mixes grouped"),
        ("open {{c1::a", "the '{{' at character 6 is not closed: add '}}' after its answer"),
        ("{{a {{b}} }}", "not closed: add '}}' before the next '{{' \\(character 5\\)"),
        ("{{c1::scFv::binder} is the binder", "character 1 is not closed"),
        ("a }} b", "unbalanced"),
    ],
)
def test_cloze_syntax_errors(text, message):
    with pytest.raises(ValueError, match=message):
        parse_cloze(text)


def test_warnings_for_missing_explanation_and_why():
    no_why = card("choice", question="Q", choices=[{"text": "a", "correct": True}, {"text": "b"}])
    bare = card("basic", "bare", front="F", back="B")
    del bare["explanation"]
    deck = Deck.model_validate(deck_with(no_why, bare))
    assert [(format_path(w.path), w.message) for w in deck_warnings(deck)] == [
        ("cards[0].choices[1]", "wrong choice 'b' has no 'why'"),
        ("cards[1]", "card 'bare' has no explanation"),
    ]


def test_deck_lookups():
    deck = Deck.model_validate(deck_with(card("basic", "one", front="F", back="B")))
    assert deck.card("one").front == "F"
    assert deck.source("src").year == 2025
    with pytest.raises(KeyError):
        deck.card("missing")
