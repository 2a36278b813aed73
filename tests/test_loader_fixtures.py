"""Each invalid fixture yields exactly the expected problems, at the expected places."""

from pathlib import Path

import pytest

from quiz.deck.loader import load_file, load_paths

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"

EXPECTED = {
    "alias-bomb": ["6:36: error: aliases expand to more than 1,000,000 values"],
    "bad-slug": [
        "8:10: error: 'Card One' is not a valid id: use lower-case letters and digits, "
        "with single '-' or '_' between them [cards[0].id]"
    ],
    "brackets-in-text": [
        "13:5: error: unknown key 'explanaton' (did you mean 'explanation'?) [cards[0].explanaton]"
    ],
    "choice-none-correct": [
        "12:7: error: a choice card needs exactly one correct choice, found 0 [cards[0].choices]"
    ],
    "choice-two-correct": [
        "12:7: error: a choice card needs exactly one correct choice, found 2 [cards[0].choices]"
    ],
    "cloze-bad-groups": [
        f"{line}:32: error: deletion group {group!r} at character {at} is not allowed: groups "
        f"are written c1 to c999, in lower case without leading zeros [cards[{index}].text]"
        for index, (line, group, at) in enumerate([(8, "c0", 3), (9, "C1", 4), (10, "c1000", 3)])
    ],
    "cloze-empty-deletion": ["8:32: error: empty deletion at character 8 [cards[0].text]"],
    "cloze-mixed-groups": [
        "8:32: error: mixes grouped {{c1::...}} and ungrouped {{...}} deletions [cards[0].text]"
    ],
    "cloze-no-deletion": [
        "8:32: error: a cloze text needs at least one deletion written {{...}} [cards[0].text]"
    ],
    "date-key": [
        "13:5: error: key '2025-01-02' is read as a date, not as text; a deck's keys are names "
        "such as 'front' [cards[0].2025-01-02]"
    ],
    "duplicate-card-id": [
        "9:10: error: duplicate card id 'a' (first used by cards[0]) [cards[1].id]"
    ],
    "duplicate-choice-text": [
        "12:7: error: choices[1] repeats the text of choices[0]: 'cd28' [cards[0].choices]"
    ],
    "duplicate-source-key": ["7:11: error: duplicate source key 'src' [sources[1].key]"],
    "empty-string": ["8:33: error: must not be empty [cards[0].front]"],
    "empty": ["error: file is empty: a deck is a YAML mapping with id, title, sources and cards"],
    "hex-version": ["4:10: error: integer of 40 digits is too long"],
    "line-separators": [
        "13:5: error: unknown key 'explanaton' (did you mean 'explanation'?) [cards[0].explanaton]"
    ],
    "missing-card-type": [
        "8:5: error: card has no 'type'; expected one of: basic, choice, multi, true_false, "
        "cloze, typed, order [cards[0]]"
    ],
    "missing-key": ["8:5: error: missing required key 'back' [cards[0]]"],
    "multi-none-correct": [
        "12:7: error: a multi card needs at least one correct choice, found 0 [cards[0].choices]"
    ],
    "multiple-documents": [
        "2:1: error: a deck file holds one YAML document, but a second one starts here"
    ],
    "null-key": [
        "13:5: error: key 'null' is read as null, not as text; a deck's keys are names such as "
        "'front' [cards[0].null]"
    ],
    "number-and-true-keys": [
        "13:5: error: key '1' is read as a number, not as text; a deck's keys are names such as "
        "'front' [cards[0].1]",
        "14:5: error: key 'true' is read as true/false, not as text; a deck's keys are names "
        "such as 'front' [cards[0].true]",
    ],
    "python-tag": [
        "8:33: error: tag '!!python/object/apply:os.system' is not allowed: a deck is plain data "
        "[cards[0].front]"
    ],
    "recursive-alias": [
        "13:22: error: alias *m is inside the node it names: a recursive alias "
        "[cards[0].extra.self]"
    ],
    "repeated-key": ["12:5: error: key 'front' is repeated in this mapping [cards[0].front]"],
    "syntax-error": [
        "9:1: error: invalid YAML: while scanning a quoted scalar (line 8, column 33): "
        "found unexpected end of stream (hint: a quote is not closed: add the closing quote)"
    ],
    "too-many-choices": ["11:14: error: at most 8 items allowed, found 9 [cards[0].choices]"],
    "top-level-list": ["1:1: error: a deck must be a YAML mapping (key: value), not a list"],
    "unknown-card-type": [
        "8:19: error: unknown card type 'essay'; expected one of: basic, choice, multi, "
        "true_false, cloze, typed, order [cards[0].type]"
    ],
    "unknown-key": [
        "8:77: error: unknown key 'explanaton' (did you mean 'explanation'?) [cards[0].explanaton]"
    ],
    "unknown-source-key": [
        "8:59: error: unknown source key 'nope' (deck sources: src) [cards[0].source.key]"
    ],
    "wrong-type": ["8:53: error: expected true or false, got text 'no' [cards[0].answer]"],
}


def test_every_fixture_has_an_expectation():
    assert {path.stem for path in INVALID.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exact_problems(name):
    path = INVALID / f"{name}.yaml"
    deck, problems = load_file(path)
    assert deck is None
    shown = [p.format().removeprefix(f"{path}: ").removeprefix(f"{path}:") for p in problems]
    assert shown == EXPECTED[name]


def test_valid_fixture_loads_every_card_type():
    deck, problems = load_file(FIXTURES / "valid" / "all-types.yaml")
    assert problems == []
    assert deck is not None
    assert [card.type for card in deck.cards] == [
        "basic",
        "choice",
        "multi",
        "true_false",
        "cloze",
        "typed",
    ]


def test_folder_load_reports_every_file_and_keeps_the_valid_ones():
    result = load_paths([FIXTURES / "valid", INVALID])
    assert len(result.files) == len(EXPECTED) + 1
    assert [loaded.deck.id for loaded in result.decks] == ["all-types"]
    assert set(result.broken()) == {str(INVALID / f"{name}.yaml") for name in EXPECTED}
