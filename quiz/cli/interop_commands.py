"""The Anki commands' arguments: ``quiz import`` and ``quiz export anki|csv``, added to the
main parser and run from it."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

COMMANDS = ("import", "export")


def _slug(text: str) -> str:
    from quiz.deck.fields import SLUG_PATTERN

    if not re.fullmatch(SLUG_PATTERN, text) or len(text) > 80:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a deck id (lower-case letters, digits, single '-' or '_')"
        )
    return text


def add_commands(
    commands: Any, parents: Sequence[argparse.ArgumentParser], path: Callable[[str], Path]
) -> None:
    """Add ``import`` and ``export`` to the main parser's sub-commands."""
    importing = commands.add_parser(
        "import",
        parents=list(parents),
        help="import an Anki package, text export or CSV as decks",
        description="Write one YAML deck per Anki deck in FILE (.apkg, .colpkg, .txt, .csv, "
        ".tsv). Exit 0 on success, 1 when FILE cannot be imported, 2 on a usage error.",
    )
    importing.add_argument("file", type=path, metavar="FILE")
    where = importing.add_mutually_exclusive_group()
    where.add_argument(
        "--output",
        "-o",
        type=path,
        metavar="OUT.yaml",
        help="write the deck to this file (FILE must hold one deck)",
    )
    where.add_argument(
        "--into",
        type=path,
        metavar="DIR",
        help="write each deck to DIR/<deck id>.yaml (default: this folder)",
    )
    importing.add_argument(
        "--deck-id",
        type=_slug,
        metavar="ID",
        help="the deck's id (with several decks, a prefix of each id)",
    )
    importing.add_argument(
        "--media", type=path, metavar="DIR", help="extract the media the cards name into DIR"
    )
    importing.add_argument(
        "--with-history",
        action="store_true",
        help="replay the package's review log into your progress",
    )

    export = commands.add_parser(
        "export", parents=list(parents), help="export decks to Anki or CSV"
    )
    formats = export.add_subparsers(
        dest="export_format", metavar="FORMAT", required=True, parser_class=type(export)
    )
    anki = formats.add_parser("anki", parents=list(parents), help="an .apkg package Anki imports")
    anki.add_argument("decks", nargs="+", type=path, metavar="DECK")
    anki.add_argument("--output", "-o", type=path, metavar="FILE.apkg", required=True)
    anki.add_argument(
        "--with-progress",
        action="store_true",
        help="carry your schedule and review log (from --data-dir) into the package",
    )
    table = formats.add_parser("csv", parents=list(parents), help="one row per card")
    table.add_argument("decks", nargs="+", type=path, metavar="DECK")
    table.add_argument(
        "--output",
        "-o",
        type=path,
        metavar="FILE.csv",
        help="write to FILE instead of standard output",
    )


def run(command: str, args: argparse.Namespace, folder: Path) -> int:
    """Run ``import`` or ``export``; the exit code."""
    from quiz.paths import database_path

    if command == "import":
        from quiz.cli.interop_import import ImportRequest, run_import

        return run_import(
            ImportRequest(
                args.file,
                args.output,
                args.into,
                args.deck_id,
                args.media,
                args.with_history,
                database_path(folder),
            )
        )
    from quiz.cli.interop_export import run_export

    progress = database_path(folder) if getattr(args, "with_progress", False) else None
    return run_export(args.export_format, args.decks, args.output, progress)
