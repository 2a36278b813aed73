"""A deck's glossary of synonyms, and the self-test examples `quiz validate` grades."""

from __future__ import annotations

from pathlib import Path

from quiz.cli.main import main
from quiz.deck.cache import DeckCache
from quiz.deck.loader import load_paths, load_text
from quiz.kinds.matching import TextResponse
from quiz.study.grading import grade

HEAD = """\
id: ex
title: Ex
description: A deck that tests its own grader.
version: 1
sources:
  - {key: s, title: T, authors: [A], year: 2020, venue: V}
"""
GLOSSARY = """\
synonyms:
  steroids: [corticosteroids, glucocorticoids]
"""
CARDS = """\
cards:
  - id: ifn
    type: typed
    question: Which cytokine do activated T cells release?
    answers: [interferon-γ, type II interferon]
    source: {key: s, locator: p1}
    explanation: e
    examples:
      accept: [IFN gamma]
      reject: [interferon-β, heparinase]
  - id: icans
    type: cloze
    text: Give {{c1::steroids}} and {{c2::tocilizumab|actemra}}.
    source: {key: s, locator: p1}
    explanation: e
    examples:
      c1: {accept: [corticosteroids], reject: [antibiotics]}
"""


def test_the_glossary_applies_to_every_typed_answer_and_blank() -> None:
    deck, problems = load_text(HEAD + GLOSSARY + CARDS.replace("[IFN gamma]", "[interferon gamma]"))
    assert problems == [] and deck is not None
    card = deck.card("icans")
    for text in ("corticosteroids", "Glucocorticoid", "steroids"):
        assert grade(card, TextResponse(text), group=1).correct is True
    assert grade(card, TextResponse("actemra"), group=2).correct is True
    assert grade(card, TextResponse("antibiotics"), group=1).correct is False


def test_every_failing_example_is_an_error_at_its_line() -> None:
    text = HEAD + CARDS.replace("accept: [IFN gamma]", "accept: [IFN gamma, IFN-y]").replace(
        "reject: [interferon-β, heparinase]", "reject: [interferon-β, interferone-γ]"
    )
    deck, problems = load_text(text, "deck.yaml")
    assert deck is None
    lines = text.splitlines()
    found = {(p.path, p.message) for p in problems}
    assert found == {
        ("cards[0].examples.accept[0]", "accept example 'IFN gamma' is rejected"),
        ("cards[0].examples.accept[1]", "accept example 'IFN-y' is rejected"),
        (
            "cards[0].examples.reject[1]",
            "reject example 'interferone-γ' is accepted as 'interferon-γ' (one typo)",
        ),
        ("cards[1].examples.c1.accept[0]", "accept example 'corticosteroids' is rejected"),
    }
    for problem in problems:
        example = problem.message.split("'")[1]
        assert example in lines[problem.line - 1][problem.column - 1 :]


def test_examples_that_hold_pass_validation() -> None:
    text = HEAD + GLOSSARY + CARDS.replace("[IFN gamma]", "[interferon gamma]")
    deck, problems = load_text(text)
    assert deck is not None and problems == []


def test_examples_must_name_the_groups_of_the_text() -> None:
    _, problems = load_text(HEAD + CARDS.replace("c1: {accept", "c3: {accept"))
    assert any("examples name group 'c3'" in p.message for p in problems)


def test_a_cached_deck_keeps_its_glossary(tmp_path: Path) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(
        HEAD + GLOSSARY + CARDS.replace("[IFN gamma]", "[interferon gamma]"), encoding="utf-8"
    )
    cache = DeckCache(tmp_path / "cache")
    load_paths([path], cache=cache).build()
    again = load_paths([path], cache=cache)
    assert not again.decks[0].is_built  # served by the cache
    card = again.decks[0].deck.card("icans")
    assert grade(card, TextResponse("glucocorticoids"), group=1).correct is True


def test_validate_reports_a_failing_example_and_fails(tmp_path: Path, capsys) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text(HEAD + GLOSSARY + CARDS, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:17:16: error: accept example 'IFN gamma' is rejected" in out


def test_the_readme_self_test_example_holds() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    block = readme.split("  - id: ifn-gamma\n", 1)[1].split("```", 1)[0]
    cards = "cards:\n  - id: ifn-gamma\n" + block.replace(
        "    examples:\n      c1", "    source: {key: s, locator: p1}\n    examples:\n      c1"
    ).replace("    match:", "    source: {key: s, locator: p1}\n    match:", 1)
    deck, problems = load_text(HEAD + GLOSSARY + cards)  # the README's glossary holds steroids
    assert deck is not None
    assert [p.message for p in problems if p.severity == "error"] == []
