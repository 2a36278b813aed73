"""``quiz validate``: every problem of deck files, as text lines or as JSON, with a summary."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from quiz.cli.usage import EXIT_INVALID, EXIT_OK, EXIT_USAGE, usage_problems
from quiz.paths import bundled_decks_dir
from quiz.safe_text import json_text, visible_line

if TYPE_CHECKING:
    from quiz.deck.cache import DeckCache

NO_DECK_FILES = "no deck files (*.yaml, *.yml) found"


class ValidateSummary(TypedDict):
    """The counts ``--format json`` gives beside the problems."""

    files: int
    cards: int
    errors: int
    warnings: int


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{count} {word}{'s' * (count != 1)}"


def run_validate(
    paths: Sequence[Path], fmt: str, strict: bool, cache: DeckCache | None = None
) -> int:
    """Validate deck files (through ``cache`` when given) and print every problem and a
    summary; return the exit code (2 for a usage error: a path that cannot be used, or no
    deck file at all). With ``fmt`` "json" usage errors are JSON on stdout too."""
    from quiz.deck.loader import load_paths

    usage = usage_problems(paths, file_or_folder=False)
    if usage:
        return _usage(usage, fmt)
    result = load_paths(paths or [bundled_decks_dir()], cache=cache, keep_decks=False)
    if not result.files:
        return _usage([NO_DECK_FILES], fmt)
    failing = result.problems if strict else result.errors
    summary = ValidateSummary(
        files=len(result.files),
        cards=result.card_count,
        errors=sum(problem.count for problem in result.errors),
        warnings=sum(problem.count for problem in result.warnings),
    )
    if fmt == "json":
        problems = [problem.to_dict() for problem in result.problems]
        print(json_text({"problems": problems, "summary": summary}, indent=2))
    else:
        for problem in result.problems:
            print(visible_line(problem.format()))  # one line each, whatever the file is named
        print(
            f"{plural(summary['files'], 'file')}, {plural(summary['cards'], 'card')}, "
            f"{plural(summary['errors'], 'error')}, {plural(summary['warnings'], 'warning')}"
        )
    return EXIT_INVALID if failing else EXIT_OK


def _usage(messages: list[str], fmt: str) -> int:
    if fmt == "json":
        print(json_text({"usage_errors": messages}, indent=2))
    for message in messages:
        print(f"quiz validate: {message}", file=sys.stderr)
    return EXIT_USAGE
