"""Anki interoperability against the real Anki (the ``anki`` package, Rust backend), in the
same run: importing a package and exporting a deck.

The inputs are the same content on both sides. The medium synthetic deck (every card type) is
exported by quiz and imported into a fresh Anki collection; that collection is Anki's side of
the export figure, and its package, in Anki's current format (``collection.anki21b``), is what
both sides import.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path
from typing import Any

from benchmarks.inputs import Inputs
from benchmarks.measure import Figure, Goal, Measurement, interleaved, time_call


def _anki() -> Any:
    from anki.collection import Collection

    return Collection


def _loaded(deck: Path) -> list:
    from quiz.deck.loader import load_paths

    result = load_paths([deck])
    if result.errors:
        raise RuntimeError(f"benchmark deck {deck} did not load: {result.errors[:3]}")
    return [loaded.deck for loaded in result.decks]


def _anki_import(collection_path: Path, package: Path) -> float:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    if collection_path.parent.exists():
        shutil.rmtree(collection_path.parent)
    collection_path.parent.mkdir(parents=True)
    col = _anki()(str(collection_path))
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    try:
        return time_call(lambda: col.import_anki_package(request))
    finally:
        col.close()


def _anki_export(col: Any, target: Path) -> float:
    from anki.collection import ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=False, with_media=True, legacy=False
    )
    return time_call(
        lambda: col.export_anki_package(out_path=str(target), options=options, limit=None)
    )


def _quiz_import(package: Path, out: Path) -> float:
    from quiz.cli.interop_import import ImportRequest, run_import

    if out.exists():
        shutil.rmtree(out)
    request = ImportRequest(package, None, out, None, None, False, out / "progress.db")

    def imported() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            if run_import(request) != 0:
                raise RuntimeError(f"quiz import of {package} failed")

    return time_call(imported)


def _quiz_export(decks: list, target: Path) -> float:
    from quiz.interop.apkg_export import build_package, note_guid
    from quiz.interop.apkg_progress import write_package

    return time_call(lambda: write_package(build_package(decks), target, None, note_guid))


def anki_figures(inputs: Inputs, runs: int, work: Path) -> list[Figure]:
    """Import of an Anki package and export of a deck, each against the real Anki."""
    folder = work / "anki"
    folder.mkdir(parents=True, exist_ok=True)
    decks = _loaded(inputs.medium)
    cards = sum(len(deck.cards) for deck in decks)
    exported = folder / "from-quiz.apkg"
    _quiz_export(decks, exported)
    (folder / "source").mkdir()
    col = _anki()(str(folder / "source" / "collection.anki2"))
    try:
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(exported), options=ImportAnkiPackageOptions())
        )
        notes = col.note_count()
        package = folder / "anki.apkg"
        _anki_export(col, package)
        export_values, export_floors = interleaved(
            runs,
            lambda: _quiz_export(decks, folder / "quiz-out.apkg"),
            lambda: _anki_export(col, folder / "anki-out.apkg"),
        )
    finally:
        col.close()
    import_values, import_floors = interleaved(
        runs,
        lambda: _quiz_import(package, folder / "quiz-decks"),
        lambda: _anki_import(folder / "fresh" / "collection.anki2", package),
    )
    size = package.stat().st_size / 1e6
    return [
        Figure(
            "anki-import",
            f"quiz import of a {notes:,}-note Anki package (collection.anki21b)",
            Measurement("quiz import (to YAML decks)", "s", import_values),
            Measurement("Anki import_anki_package", "s", import_floors),
            (Goal.ratio(1.0),),
            note=f"{size:.1f} MB package; Anki imports into a fresh collection",
        ),
        Figure(
            "anki-export",
            f"quiz export anki of a {cards:,}-card deck",
            Measurement("quiz export anki (genanki)", "s", export_values),
            Measurement("Anki export_anki_package", "s", export_floors),
            (Goal.ratio(1.0),),
            note="both from decks already in memory (quiz: loaded decks; Anki: its collection)",
        ),
    ]
