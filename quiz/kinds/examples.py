"""Deck self-tests: answers a card says its grader must accept or reject.

A typed card (and each cloze group) may carry ``examples: {accept: [...], reject: [...]}``.
``quiz validate`` grades every example with the real grader and reports each one that comes
out wrong as an error at its line, so an instructor pins the grader's behaviour in CI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pydantic import Field

from quiz.deck.fields import ShortText, StrictModel


class Examples(StrictModel):
    """Answers the grader must accept, and answers it must reject."""

    accept: list[ShortText] = Field(
        default_factory=list, description="Answers that must be graded right."
    )
    reject: list[ShortText] = Field(
        default_factory=list,
        description="Answers that must be graded wrong (another molecule one typo away...).",
    )


ExampleFailure = tuple[tuple[str | int, ...], str]
"""Where a failing example is (a path within its card) and what is wrong."""


def failed_examples(
    examples: Examples,
    path: tuple[str | int, ...],
    graded_right: Callable[[str], bool],
    explain: Callable[[str], str],
) -> Iterator[ExampleFailure]:
    """Each example the grader gets wrong. ``graded_right`` is the real grader's verdict;
    ``explain`` says why a text was accepted ("as 'interferon-γ' (one typo)")."""
    for index, text in enumerate(examples.accept):
        if not graded_right(text):
            yield (*path, "accept", index), f"accept example {text!r} is rejected"
    for index, text in enumerate(examples.reject):
        if graded_right(text):
            yield (*path, "reject", index), f"reject example {text!r} is accepted {explain(text)}"
