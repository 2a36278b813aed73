"""The `quiz` command line: study (the default), validate, lint, schema, stats, export, check,
reset.

Only ``quiz`` and ``quiz study`` import Textual; every other command stays headless and fast.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.cli.output import visible_streams
from quiz.cli.usage import EXIT_INVALID, EXIT_OK, EXIT_USAGE, shown
from quiz.deck import cache as deck_cache
from quiz.paths import DATA_DIR_ENV, choose_database, data_dir, database_path, store_location
from quiz.progress.errors import StoreError
from quiz.safe_text import json_text, visible_line

if TYPE_CHECKING:
    import argparse


def _data_folder_problem(folder: Path) -> str | None:
    """Why a data folder cannot be used, or ``None`` (it need not exist yet)."""
    try:
        if not os.path.isdir(folder) and os.path.lexists(folder):
            return "not a folder"
        os.stat(folder)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        if getattr(error, "errno", None) == errno.ENOTDIR:
            return "not a folder"
        return getattr(error, "strerror", None) or str(error)
    return None


STUDY_OPTIONS = frozenset({"--data-dir", "--db"})
"""The options before a command name that take a value."""


def study_parser_suffices(argv: Sequence[str]) -> bool:
    """Whether ``argv`` runs the study app (no command, or ``study``), so that the parser
    needs only the study command: building every command's parser costs the app's start
    several milliseconds. Help and any other word get the full parser."""
    words = iter(argv)
    for word in words:
        if word == "study":
            return True
        name = word.partition("=")[0]
        if name not in STUDY_OPTIONS:
            return False
        if "=" not in word:
            next(words, None)  # the option's value
    return True


def app_start_options(argv: Sequence[str]) -> tuple[Path | None, str | None] | None:
    """The ``--data-dir`` and ``--db`` of an ``argv`` that gives nothing else (``quiz``,
    ``quiz --data-dir DIR``), which opens the study app: read here, as the parser would read
    them, because importing argparse and building the parser cost the app's start several
    milliseconds. None for anything else (a value missing, empty or like an option, too),
    which the parser reads and reports on."""
    values: dict[str, str] = {}
    words = iter(argv)
    for word in words:
        name, equals, value = word.partition("=")
        if name not in STUDY_OPTIONS:
            return None
        if not equals:
            value = next(words, "")
        if not value or value.startswith("-"):
            return None
        values[name] = value
    folder = values.get("--data-dir")
    return (None if folder is None else Path(folder)), values.get("--db")


def build_parser(*, study_only: bool = False) -> argparse.ArgumentParser:
    """The argument parser, one sub-command per action; with ``study_only``, only the study
    command (:func:`study_parser_suffices`). Built by :mod:`quiz.cli.parser`."""
    from quiz.cli import parser

    return parser.build_parser(study_only=study_only)


def _now() -> datetime:
    return datetime.now(UTC)


def _load_decks(folder: Path, cache: deck_cache.DeckCache) -> list:
    from quiz.study.class_decks import load_study_decks

    result = load_study_decks(folder, cache=cache)
    for file, problem in result.broken().items():  # once per file, with its first error
        errors = sum(p.count for p in result.errors if p.file == file)
        more = f" (and {errors - 1} more: run quiz validate)" if errors > 1 else ""
        print(
            f"warning: skipping a broken deck: {visible_line(problem.format())}{more}",
            file=sys.stderr,
        )
    return [loaded.deck for loaded in result.decks]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return (and, as a script, exit with) its code.

    Nothing printed holds a raw control character (:mod:`quiz.cli.output`); the study app,
    which draws the terminal itself, shows deck text safely on its own.
    """
    given = sys.argv[1:] if argv is None else argv
    args: argparse.Namespace | None = None
    options = app_start_options(given)
    if options is None:
        with visible_streams():
            args = build_parser(study_only=study_parser_suffices(given)).parse_args(given)
        options = args.data_dir, args.db
    chosen_folder, database = options
    folder = data_dir(chosen_folder)
    problem = _data_folder_problem(folder)
    if problem is not None:
        where = "--data-dir" if chosen_folder is not None else f"${DATA_DIR_ENV}"
        print(f"quiz: {where} {shown(folder)}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    command = "study" if args is None else args.command or "study"
    choose_database(database)
    # Every command that reads decks reads them through the validated-deck cache.
    cache = deck_cache.DeckCache(deck_cache.default_folder(chosen_folder))
    try:
        if args is None or command == "study":
            return _study(args, folder, cache)
        with visible_streams():
            return _run(command, args, folder, cache)
    except StoreError as error:  # a class database that cannot be read for its decks
        print(f"quiz: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _study(args: argparse.Namespace | None, folder: Path, cache: deck_cache.DeckCache) -> int:
    """``quiz`` and ``quiz study``; ``args`` None when the command line gave only the data
    folder and database (:func:`app_start_options`)."""
    from quiz.cli.study_command import run_study

    return run_study(
        folder,
        getattr(args, "paths", []),
        cache,
        no_save=getattr(args, "no_save", False),
        plain=getattr(args, "plain", None),
        until=getattr(args, "until", None),
    )


def _run(command: str, args: argparse.Namespace, folder: Path, cache: deck_cache.DeckCache) -> int:
    from quiz.cli import interop_commands

    if command == "validate":
        from quiz.cli.validate import run_validate

        return run_validate(args.paths, args.format, args.strict, cache)
    if command == "lint":
        from quiz.cli.lint import run_lint

        return run_lint(args)
    if command == "schema":
        from quiz.deck.model import json_schema

        print(json_text(json_schema(), indent=2))
        return EXIT_OK
    if command == "check":
        from quiz.cli.check import run_check

        return run_check(folder)
    if command == "reset":
        from quiz.cli.progress import run_reset

        return run_reset(folder, args.deck, args.yes, _now(), _confirm, args.keep_backups)
    if command in interop_commands.COMMANDS:
        return interop_commands.run(command, args, folder)
    if command in {"settings", "optimize"}:
        from quiz.cli.schedule_commands import run_schedule_command

        return run_schedule_command(command, args, folder, lambda: _load_decks(folder, cache))
    if command == "class":
        from quiz.cli.class_commands import run_class

        location = store_location(folder)
        return run_class(args, location if isinstance(location, str) else None)
    if command == "serve":
        from quiz.cli.serve_command import run_serve

        return run_serve(args, store_location(folder), folder)
    if not isinstance(store_location(folder), Path):  # a class database: no file to look for
        return _read_only(command, args, folder, folder, cache)
    if not folder.is_dir():
        # read-only: a mistyped --data-dir must not look like lost progress, nor be created
        message = f"no progress is recorded yet ({folder} does not exist); check --data-dir"
        print(f"quiz {command}: {visible_line(message)}", file=sys.stderr)
        return EXIT_INVALID
    if not database_path(folder).exists():
        import tempfile

        with tempfile.TemporaryDirectory(prefix="quiz-empty-") as empty:  # nothing studied yet
            return _read_only(command, args, folder, Path(empty), cache)
    return _read_only(command, args, folder, folder, cache)


def _read_only(
    command: str,
    args: argparse.Namespace,
    folder: Path,
    progress: Path,
    cache: deck_cache.DeckCache,
) -> int:
    """The commands that read progress: from the store in ``progress`` (the data folder, or
    an empty scratch one when nothing was studied yet, so that none is created)."""
    if command == "stats":
        from quiz.cli.progress import run_stats

        return run_stats(progress, _load_decks(folder, cache), args.deck, args.format, _now())
    if command == "export-progress":
        from quiz.cli.progress import run_export

        return run_export(
            progress,
            args.format,
            args.output,
            _now(),
            force=args.force,
            confirm=lambda question: _confirm(question, "--force"),
        )
    raise ValueError(f"not a read-only command: {command}")


def _confirm(question: str, option: str = "--yes") -> bool:
    if not sys.stdin.isatty():
        print(
            f"{question} (not asked: standard input is not a terminal; use {option})",
            file=sys.stderr,
        )
        return False
    return input(f"{question} [y/N] ").strip().lower() in {"y", "yes"}


if __name__ == "__main__":
    sys.exit(main())
