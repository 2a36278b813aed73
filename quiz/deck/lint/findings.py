"""What a lint rule looks at and what it reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from quiz.deck.model import Deck


@dataclass(frozen=True, slots=True)
class Finding:
    """One flaw found by a rule: where in its deck (a YAML path), what, and which rule."""

    rule: str
    path: tuple[str | int, ...]
    message: str


@dataclass
class LintTarget:
    """A valid deck under lint, the file it was read from, and what rules computed of it
    (kept so that a rule looking across decks computes each deck's part once)."""

    deck: Deck
    file: str
    memo: dict[str, Any] = field(default_factory=dict)

    def memoized(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, computed once per deck and ``key``."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


Check = Callable[[LintTarget, Sequence[LintTarget]], Iterator[Finding]]
"""A rule family's check: the findings in one deck, given every deck under lint (itself
included, first to last) for the rules that compare cards across decks."""


@dataclass(frozen=True)
class Rule:
    """A lint rule: its id, what it finds, and a flawed and a clean example (for the docs)."""

    id: str
    summary: str
    bad: str
    good: str


PROMPT_FIELDS = {"basic": "front", "true_false": "statement", "cloze": "text"}


def prompt_field(card_type: str) -> str:
    """The field holding what a card of this type asks (its question, front, statement)."""
    return PROMPT_FIELDS.get(card_type, "question")
