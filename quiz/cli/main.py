"""The `quiz` command line: study (the default), validate, lint, schema, stats, export, check,
reset.

Only ``quiz`` and ``quiz study`` import Textual; every other command stays headless and fast.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NoReturn

from quiz import __version__
from quiz.cli.output import visible_streams
from quiz.cli.usage import EXIT_INVALID, EXIT_OK, EXIT_USAGE, shown
from quiz.deck import cache as deck_cache
from quiz.paths import (
    DATA_DIR_ENV,
    DATABASE_ENV,
    choose_database,
    data_dir,
    database_path,
    store_location,
)
from quiz.progress.errors import StoreError
from quiz.safe_text import json_text, visible_line


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with code 2 and a one-line hint."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _path(text: str) -> Path:
    """A path argument; an empty one is a usage error (``Path("")`` would be the current
    folder)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty string is not a path")
    return Path(text)


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


def _common(suppress: bool) -> _Parser:
    # The same option on the main parser and each command: a command's copy must not reset a
    # value given before the command name, hence SUPPRESS there.
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        type=_path,
        default=argparse.SUPPRESS if suppress else None,
        help=f"folder for progress and personal decks (default: ${DATA_DIR_ENV}, "
        "else the platform's user data folder)",
    )
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS if suppress else None,
        help=f"keep progress in this class database (postgresql://...) or progress file "
        f"(default: ${DATABASE_ENV}, else the data folder's file)",
    )
    return common


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


def build_parser(*, study_only: bool = False) -> argparse.ArgumentParser:
    """The full argument parser, one sub-command per action; with ``study_only``, only the
    study command (:func:`study_parser_suffices`)."""
    parser = _Parser(
        prog="quiz",
        description="Study CAR-T cell therapy in the terminal, with spaced repetition.",
        parents=[_common(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub = [_common(suppress=True)]

    study = commands.add_parser(
        "study",
        parents=sub,
        help="open the study app (the default command)",
        description="Open the study app on the bundled and personal decks, or on PATHs only.",
    )
    study.add_argument(
        "paths",
        nargs="*",
        type=_path,
        metavar="PATH",
        help="deck files or folders to study instead of the usual decks",
    )
    study.add_argument(
        "--until",
        type=_exam_date,
        metavar="YYYY-MM-DD",
        help="an exam date: also review what FSRS predicts you would forget by then",
    )
    study.add_argument(
        "--plain",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="study line by line, for a screen reader or a script (also with TERM=dumb or "
        "when the output is not a terminal); remembered until --no-plain",
    )
    study.add_argument(
        "--no-save",
        action="store_true",
        help="preview the PATHs without recording progress (a scratch store, gone on quit)",
    )
    if study_only:
        return parser
    _add_other_commands(commands, sub)
    return parser


def _add_other_commands(commands: argparse._SubParsersAction, sub: list[_Parser]) -> None:
    """Every command but ``study``."""
    from quiz.cli import interop_commands
    from quiz.cli.class_commands import add_class_parser
    from quiz.cli.lint import add_lint_parser
    from quiz.cli.schedule_commands import add_schedule_commands

    validate = commands.add_parser(
        "validate",
        parents=sub,
        help="check deck files and report every problem",
        description="Check deck files. Exit 0 if valid, 1 if not, 2 on a usage error.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=_path,
        metavar="PATH",
        help="deck files or folders (default: the bundled decks)",
    )
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    validate.add_argument("--strict", action="store_true", help="warnings fail too")

    add_lint_parser(commands, sub)

    commands.add_parser("schema", parents=sub, help="print the JSON Schema of a deck file")

    stats = commands.add_parser("stats", parents=sub, help="show progress per deck")
    stats.add_argument("--deck", metavar="ID", help="only this deck")
    stats.add_argument("--format", choices=("table", "json"), default="table")

    export = commands.add_parser(
        "export-progress", parents=sub, help="export the review log as CSV or JSON"
    )
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    export.add_argument(
        "--force", action="store_true", help="replace FILE if it exists, without asking"
    )

    interop_commands.add_commands(commands, sub, _path)
    add_schedule_commands(commands, sub)

    commands.add_parser(
        "check",
        parents=sub,
        help="check the progress file for damage (every page and index)",
        description="Run SQLite's full integrity check of the progress file. Exit 0 if it is "
        "sound, 1 if it is damaged.",
    )

    reset = commands.add_parser(
        "reset", parents=sub, help="forget the progress of one deck (a backup is kept)"
    )
    reset.add_argument("--deck", metavar="ID", required=True)
    reset.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    reset.add_argument(
        "--keep-backups",
        type=_at_least_one,
        metavar="N",
        help="keep the newest N backups, removing older ones (default: 10)",
    )
    add_class_parser(commands, sub)
    from quiz.cli.serve_command import add_serve_parser

    add_serve_parser(commands, sub)


def _exam_date(text: str) -> date:
    try:
        exam = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None
    if exam <= datetime.now().date():
        raise argparse.ArgumentTypeError(f"the exam date {text} is not after today")
    return exam


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


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
    with visible_streams():
        given = sys.argv[1:] if argv is None else argv
        args = build_parser(study_only=study_parser_suffices(given)).parse_args(given)
    folder = data_dir(args.data_dir)
    problem = _data_folder_problem(folder)
    if problem is not None:
        given = "--data-dir" if args.data_dir is not None else f"${DATA_DIR_ENV}"
        print(f"quiz: {given} {shown(folder)}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    command = args.command or "study"
    choose_database(args.db)
    # Every command that reads decks reads them through the validated-deck cache.
    cache = deck_cache.DeckCache(deck_cache.default_folder(args.data_dir))
    try:
        if command == "study":
            return _run(command, args, folder, cache)
        with visible_streams():
            return _run(command, args, folder, cache)
    except StoreError as error:  # a class database that cannot be read for its decks
        print(f"quiz: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


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
    if command not in ("stats", "export-progress"):
        from quiz.cli.study_command import run_study

        return run_study(
            folder,
            getattr(args, "paths", []),
            cache,
            no_save=getattr(args, "no_save", False),
            plain=getattr(args, "plain", None),
            until=getattr(args, "until", None),
        )
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
