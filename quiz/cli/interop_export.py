"""``quiz export anki`` and ``quiz export csv``: decks written for Anki or a spreadsheet.

The decks are loaded and checked first; an invalid deck stops the export with its problems.
The output is written to a temporary file beside it and renamed into place when complete.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from quiz.interop.notes import InteropError
from quiz.interop.yaml_out import write_all
from quiz.safe_text import visible_line


def _fail(message: str) -> int:
    print(visible_line(f"quiz export: {message}"), file=sys.stderr)
    return 1


def run_export(
    fmt: str, paths: list[Path], output: Path | None, progress: Path | None = None
) -> int:
    """Export the decks at ``paths`` as ``fmt`` ("anki" or "csv"), with the schedule kept in
    the progress file ``progress`` when given; the exit code."""
    from quiz.deck.loader import load_paths

    missing = [path for path in paths if not path.exists()]
    if missing:
        _fail(f"'{missing[0]}': no such file or folder")
        return 2
    result = load_paths(paths)
    if result.errors:
        for problem in result.errors:
            print(visible_line(problem.format()), file=sys.stderr)
        return _fail(f"{len(result.errors)} problems in the decks; nothing exported")
    decks = [loaded.deck for loaded in result.decks]
    if not decks:
        return _fail("no deck files (*.yaml, *.yml) found")
    try:
        if fmt == "csv":
            return _csv(decks, output)
        return _anki(decks, output, progress)
    except InteropError as error:
        return _fail(f"'{output}': {error}" if output is not None else str(error))


def _csv(decks: list, output: Path | None) -> int:
    from quiz.interop.csv_export import csv_text

    text = csv_text(decks)
    if output is None:
        sys.stdout.write(text)
        return 0
    write_all([(output, text)])
    print(visible_line(f"wrote {sum(len(d.cards) for d in decks)} cards to {output}"))
    return 0


def _progress(database: Path, decks: list) -> dict | None:
    from quiz.interop.apkg_progress import DeckProgress
    from quiz.progress.open import open_store

    if not database.is_file():
        print(visible_line(f"no progress in '{database.parent}': the cards are exported new"))
        return None
    with open_store(database) as store:
        return {
            deck.id: DeckProgress(store.item_states(deck.id), list(store.iter_reviews(deck.id)))
            for deck in decks
        }


def _anki(decks: list, output: Path | None, progress_file: Path | None) -> int:
    from quiz.interop.apkg_export import build_package, note_guid
    from quiz.interop.apkg_progress import write_package
    from quiz.progress.errors import StoreError

    assert output is not None  # the parser requires it
    package = build_package(decks)
    try:
        progress = None if progress_file is None else _progress(progress_file, decks)
    except StoreError as error:
        raise InteropError(f"the progress cannot be read: {error}") from None
    folder = output.parent if output.parent.is_dir() else None
    with tempfile.TemporaryDirectory(dir=folder) as work:
        staged = Path(work) / "export.apkg"
        try:
            scheduled = write_package(package, staged, progress, note_guid)
        except OSError as error:
            raise InteropError(f"cannot write the package ({error.strerror or error})") from None
        write_all([(output, staged.read_bytes())])
    cards = sum(len(deck.cards) for deck in decks)
    line = f"wrote {cards} cards of {len(decks)} decks as notes to {output}"
    if progress is not None:
        line += f", {scheduled} Anki cards with their schedule"
    print(visible_line(line))
    return 0
