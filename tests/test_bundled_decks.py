"""The bundled CAR-T decks meet the content minimums and cite what they teach."""

from collections import Counter

import pytest

from quiz.deck.loader import load_paths
from quiz.kinds.choice import ChoiceCard, MultiCard
from quiz.kinds.cloze import ClozeCard
from quiz.kinds.registry import CARD_TYPES, kind_of
from quiz.kinds.typed import TypedCard
from quiz.paths import bundled_decks_dir

MIN_CARDS = 25
MIN_TYPES = 4
TOPICS = ["mechanisms", "toxicities", "logic-gating", "allogeneic", "microenvironment", "platforms"]


@pytest.fixture(scope="module")
def decks():
    result = load_paths([bundled_decks_dir()])
    assert result.problems == [], [p.format() for p in result.problems]
    return [loaded.deck for loaded in result.decks]


def test_one_deck_per_topic_in_order(decks):
    assert [deck.id for deck in decks] == TOPICS


def test_each_deck_meets_the_card_and_type_minimums(decks):
    report = {
        deck.id: (len(deck.cards), Counter(card.type for card in deck.cards)) for deck in decks
    }
    short = {deck_id: count for deck_id, (count, _) in report.items() if count < MIN_CARDS}
    narrow = {
        deck_id: sorted(types) for deck_id, (_, types) in report.items() if len(types) < MIN_TYPES
    }
    assert not short, f"decks under {MIN_CARDS} cards: {short}"
    assert not narrow, f"decks with fewer than {MIN_TYPES} card types: {narrow}"


def test_every_card_type_appears_across_the_set(decks):
    used = {card.type for deck in decks for card in deck.cards}
    assert used == set(CARD_TYPES)


def test_every_card_cites_a_source_and_explains(decks):
    for deck in decks:
        for card in deck.cards:
            assert card.source.locator.strip(), (deck.id, card.id)
            assert card.explanation and len(card.explanation) >= 40, (deck.id, card.id)
            if isinstance(card, ChoiceCard | MultiCard):
                assert all(c.why for c in card.choices if not c.correct), (deck.id, card.id)


def test_both_documents_are_cited_consistently(decks):
    for deck in decks:
        keys = {source.key for source in deck.sources}
        assert {"klein2025", "rouken2025"} <= keys, deck.id
    first = {s.key: s for s in decks[0].sources}
    for deck in decks[1:]:
        for source in deck.sources:
            if source.key in {"klein2025", "rouken2025"}:
                assert source == first[source.key], (deck.id, source.key)


def test_til_approval_is_taught_with_the_corrected_date(decks):
    cards = [
        card
        for deck in decks
        for card in deck.cards
        if "lifileucel" in card.model_dump_json().lower()
    ]
    assert cards, "no card teaches the lifileucel approval"
    text = " ".join(card.model_dump_json() for card in cards)
    assert "2024" in text


def test_typed_cards_accept_the_usual_spellings(decks):
    answers = {
        answer
        for deck in decks
        for card in deck.cards
        if isinstance(card, TypedCard)
        for answer in card.answers
    }
    assert {"IL-13Rα2", "IL13Ra2"} <= answers


def documented_blog_locators() -> set[str]:
    """The blog's paragraph names, read from the table in decks/README.md."""
    readme = (bundled_decks_dir() / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Blog locators", 1)[1].split("\n## ", 1)[0]
    return {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}


def test_blog_locators_use_the_documented_paragraph_names(decks):
    names = documented_blog_locators()
    assert "section Safety and Side Effects" in names
    undocumented = set()
    for deck in decks:
        for card in deck.cards:
            if card.source.key != "rouken2025":
                continue
            for part in card.source.locator.split("; "):
                name = part.split(", fn ", 1)[0]
                if name not in names:
                    undocumented.add((deck.id, card.id, part))
    assert not undocumented, sorted(undocumented)


def test_every_typed_card_and_cloze_blank_carries_grading_examples(decks):
    missing = []
    for deck in decks:
        for card in deck.cards:
            if isinstance(card, TypedCard):
                named = {None: card.examples}
            elif isinstance(card, ClozeCard):
                named = {group: card.examples.get(f"c{group}") for group in card.groups}
            else:
                continue
            for group, examples in named.items():
                if examples is None or len(examples.accept) < 2 or len(examples.reject) < 1:
                    missing.append((deck.id, card.id, group))
    assert not missing, f"typed cards and blanks without 2 accept and 1 reject examples: {missing}"


def test_every_grading_example_grades_as_it_says(decks):
    wrong = [
        (deck.id, card.id, path, message)
        for deck in decks
        for card in deck.cards
        if isinstance(card, ClozeCard | TypedCard)
        for path, message in kind_of(card).failed_examples(card)
    ]
    assert not wrong, wrong
