"""``quiz import``: an Anki package, text export or CSV table written as YAML decks.

Prints what was made (notes, cards, per type and note type, what was skipped and why, the
media found); every message names the file. Nothing is written unless everything is: the
decks and media go to temporary files renamed only at the end.
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from quiz.deck.loader import paused_gc
from quiz.interop.decks import ImportedDeck, ImportSummary, build_decks
from quiz.interop.notes import Collection, InteropError
from quiz.interop.package import Package, check_media_name
from quiz.interop.yaml_out import deck_yaml, write_all
from quiz.safe_text import visible_line

SHOWN_SKIPS = 20


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What ``quiz import`` was asked: the file, where the decks and media go, the deck id,
    and whether the review log goes into the progress store at ``database``."""

    path: Path
    output: Path | None
    into: Path | None
    deck_id: str | None
    media: Path | None
    with_history: bool
    database: Path


def _say(path: Path, message: str) -> str:
    return visible_line(f"quiz import: '{path}': {message}")


def _files(
    request: ImportRequest,
    decks: list[ImportedDeck],
    collection: Collection,
    package: Package | None,
    summary: ImportSummary,
) -> list[tuple[Path, str | bytes]]:
    files: list[tuple[Path, str | bytes]] = []
    if request.output is not None:
        files.append((request.output, deck_yaml(decks[0].data)))
    else:
        folder = request.into or Path()
        files.extend((folder / f"{deck.deck_id}.yaml", deck_yaml(deck.data)) for deck in decks)
    if request.media is not None and package is not None:
        for name in sorted(summary.media):
            if name in collection.media:
                files.append((request.media / check_media_name(name), package.media_bytes(name)))
    return files


def _report(
    path: Path,
    collection: Collection,
    summary: ImportSummary,
    written: list[Path],
    media_written: int,
) -> None:
    types = ", ".join(f"{count} {name}" for name, count in sorted(summary.by_type.items()))
    note_types = ", ".join(
        f"{name}: {count}" for name, count in sorted(summary.by_note_type.items())
    )
    found = len(summary.media & set(collection.media))
    print(
        visible_line(
            f"{path.name}: read {collection.layout}; {summary.notes} notes, {summary.cards} cards "
            f"({types or 'none'}); note types: {note_types or 'none'}; {len(summary.skipped)} "
            f"skipped; media: {len(summary.media)} named, {found} in the file, {media_written} "
            "written"
        )
    )
    for skipped in summary.skipped[:SHOWN_SKIPS]:
        print(visible_line(f"skipped note {skipped.guid}: {skipped.reason}"))
    if len(summary.skipped) > SHOWN_SKIPS:
        print(f"and {len(summary.skipped) - SHOWN_SKIPS} more skipped")
    if summary.no_explanation:
        first = ", ".join(summary.no_explanation[:5])
        print(
            visible_line(
                f"warning: {len(summary.no_explanation)} cards have no explanation (the note has "
                f"no field for one; `quiz validate --strict` warns), notes {first}"
                + (", ..." if len(summary.no_explanation) > 5 else "")
            )
        )
    for target in written:
        print(visible_line(f"wrote {target}"))


def run_import(request: ImportRequest) -> int:
    """Import ``request.path``; print the summary and return the exit code (0, or 1 with a
    message naming the file, with nothing written)."""
    with paused_gc():  # a large import makes a great many objects and no cycles
        return _import(request)


def _import(request: ImportRequest) -> int:
    from quiz.interop.formats import format_for

    path = request.path
    if not path.is_file():
        problem = "no such file" if not path.exists() else "not a regular file"
        print(_say(path, problem), file=sys.stderr)
        return 2
    package: Package | None = None
    try:
        collection, package = format_for(path).read(path)
        decks, summary = build_decks(collection, request.deck_id)
        if not decks:
            print(
                _say(path, f"no cards to import ({len(summary.skipped)} notes skipped)"),
                file=sys.stderr,
            )
            for skipped in summary.skipped[:SHOWN_SKIPS]:
                print(
                    visible_line(f"skipped note {skipped.guid}: {skipped.reason}"), file=sys.stderr
                )
            return 1
        if request.output is not None and len(decks) > 1:
            names = ", ".join(deck.name for deck in decks[:5])
            print(
                _say(path, f"holds {len(decks)} decks ({names}); use --into DIR for them"),
                file=sys.stderr,
            )
            return 2
        files = _files(request, decks, collection, package, summary)
        written = write_all(files)
    except InteropError as error:
        print(_say(path, str(error)), file=sys.stderr)
        return 1
    except (ValueError, LookupError, TypeError, EOFError, zipfile.BadZipFile) as error:
        # A malformed file the readers did not foresee: still a message, not a traceback.
        print(_say(path, f"cannot be read ({type(error).__name__}: {error})"), file=sys.stderr)
        return 1
    finally:
        if package is not None:
            package.close()
    decks_written = [target for target in written if target.suffix == ".yaml"]
    _report(path, collection, summary, decks_written, len(written) - len(decks_written))
    if request.with_history:
        return _history(request, collection, decks)
    return 0


def _history(request: ImportRequest, collection: Collection, decks: list[ImportedDeck]) -> int:
    from quiz.interop.history import import_history
    from quiz.progress.errors import StoreError
    from quiz.progress.open import open_store

    try:
        with open_store(request.database) as store:
            result = import_history(store, collection, decks)
    except StoreError as error:
        print(_say(request.path, f"review history not imported: {error}"), file=sys.stderr)
        return 1
    print(
        f"history: {result.written} reviews written, {result.already} already in the "
        f"progress store, {result.older} older than the progress kept, {result.unplaced} of "
        "cards not imported"
    )
    return 0
