"""The command line's argument parser: every command, its options and their checks.

Imported only when a command line has to be parsed: ``quiz`` and ``quiz --data-dir DIR``
start the study app without argparse (:func:`quiz.cli.main.app_start_options`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

from quiz import __version__
from quiz.cli.usage import EXIT_USAGE
from quiz.paths import DATA_DIR_ENV, DATABASE_ENV


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


def build_parser(*, study_only: bool = False) -> argparse.ArgumentParser:
    """The full argument parser, one sub-command per action; with ``study_only``, only the
    study command (:func:`quiz.cli.main.study_parser_suffices`)."""
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
