"""The command-line words of scheduling: ``quiz settings`` (show, ``set KEY VALUE``) and
``quiz optimize``. Only argparse is imported here; each command loads what it needs when run.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def add_schedule_commands(commands: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    """Add ``settings`` and ``optimize`` to the sub-command parsers ``commands``."""
    settings = commands.add_parser(
        "settings",
        parents=list(parents),
        help="show or change the settings (quiz settings set KEY VALUE)",
        description="Show the settings, or change one with: quiz settings set KEY VALUE. "
        "With --deck ID, a deck's own value (desired_retention, new_per_day, reviews_per_day, "
        "exam_date); the value 'default' gives it back the all-decks value.",
    )
    settings.add_argument("action", nargs="?", choices=("show", "set"), default="show")
    settings.add_argument("key", nargs="?", metavar="KEY")
    settings.add_argument("value", nargs="?", metavar="VALUE")
    settings.add_argument("--deck", metavar="ID", help="one deck's own settings")
    settings.add_argument("--format", choices=("text", "json"), default="text")

    optimize = commands.add_parser(
        "optimize",
        parents=list(parents),
        help="fit FSRS parameters to your own reviews (needs quiz[optimize])",
        description="Fit FSRS parameters to your review log, compare them with the ones in "
        "use on your latest reviews, and keep them only if they predict those better.",
    )
    optimize.add_argument("--deck", metavar="ID", help="fit this deck's reviews only")


def run_schedule_command(
    command: str, args: argparse.Namespace, folder: Path, load_decks: Callable[[], list]
) -> int:
    """Run ``settings`` or ``optimize``; give back the exit code."""
    if command == "optimize":
        from quiz.cli.optimize import run_optimize

        return run_optimize(folder, args.deck, datetime.now(UTC))
    from quiz.cli.settings import run_set, run_show, settings_error

    def known() -> list[str]:
        return [deck.id for deck in load_decks()] if args.deck is not None else []

    if args.action == "set":
        if args.key is None or args.value is None:
            return settings_error("usage: quiz settings set KEY VALUE [--deck ID]", 2)
        return run_set(folder, args.key, args.value, args.deck, known())
    return run_show(folder, args.deck, args.format, known())
