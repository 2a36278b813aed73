"""Deck files for the lint tests: a valid deck around the cards a test gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quiz.deck.lint.runner import LocatedFinding, lint_paths

SOURCES = [
    {"key": "klein2025", "title": "CAR-T", "authors": ["Klein RF"], "year": 2025, "venue": "J"},
    {"key": "blog", "title": "Blog", "authors": ["RoukenBio"], "year": 2025, "venue": "RoukenBio"},
]


def card(card_id: str, kind: str, **fields: Any) -> dict[str, Any]:
    """A card of ``kind`` with a source and an explanation."""
    return {
        "id": card_id,
        "type": kind,
        **fields,
        "source": {"key": "klein2025", "locator": "ref 1"},
        "explanation": "Why.",
    }


def choice(card_id: str, question: str, right: str, *wrong: str, **fields: Any) -> dict[str, Any]:
    """A single-answer card: the right option first."""
    options = [{"text": right, "correct": True}, *({"text": text} for text in wrong)]
    return card(card_id, "choice", question=question, choices=options, **fields)


def write_deck(folder: Path, cards: list[dict[str, Any]], name: str = "deck", **top: Any) -> Path:
    """A deck file named ``name`` holding ``cards``."""
    deck = {
        "id": name,
        "title": "A deck",
        "description": "For lint tests.",
        "version": 1,
        "sources": SOURCES,
        **top,
        "cards": cards,
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(deck, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def lint_cards(
    folder: Path, cards: list[dict[str, Any]], rule: str, **top: Any
) -> list[LocatedFinding]:
    """The findings of one rule on a deck of ``cards``."""
    path = write_deck(folder, cards, **top)
    result = lint_paths([path], [rule])
    assert result.invalid == []
    return result.findings
