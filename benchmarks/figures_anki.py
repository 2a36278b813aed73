"""Anki interoperability against the real Anki (the ``anki`` package, Rust backend), in the
same run: importing a package and exporting a deck.

The inputs are the same content on both sides. The medium synthetic deck (every card type) is
exported by quiz and imported into a fresh Anki collection; that collection is Anki's side of
the export figure, and its package, in Anki's current format (``collection.anki21b``), is what
both sides import. The cold figure brings the same cards in either way, each in a process of
its own: quiz loading the deck's YAML, Anki importing the package.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.inputs import Inputs
from benchmarks.measure import Figure, Goal, Measurement, interleaved, time_call
from benchmarks.terminal import child_environment

# Each prints the seconds it took. quiz's clock starts before the loader is imported, as a
# fresh `quiz` process imports the parser, pydantic and the models to load a deck; Anki's
# library is imported and the fresh collection opened before its clock starts, as in the
# running Anki a package is imported into.
_QUIZ_COLD = """
import sys, time
start = time.perf_counter()
from pathlib import Path
from quiz.deck.loader import load_paths
result = load_paths([Path(sys.argv[1])])
cards = sum(len(loaded.deck.cards) for loaded in result.decks)
elapsed = time.perf_counter() - start
if result.errors or not cards:
    sys.exit(f"the deck did not load: {result.errors[:3]}")
print(elapsed)
"""
_ANKI_COLD = """
import shutil, sys, time
from pathlib import Path
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
folder = Path(sys.argv[2])
shutil.rmtree(folder, ignore_errors=True)
folder.mkdir(parents=True)
col = Collection(str(folder / "collection.anki2"))
options = ImportAnkiPackageOptions(with_scheduling=True)
request = ImportAnkiPackageRequest(package_path=sys.argv[1], options=options)
start = time.perf_counter()
col.import_anki_package(request)
elapsed = time.perf_counter() - start
col.close()
print(elapsed)
"""


def _timed_process(script: str, *args: str) -> float:
    """The seconds a fresh Python process running ``script`` says its work took."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=False,
        env=child_environment(),
    )
    if done.returncode != 0:
        raise RuntimeError(f"a cold-load process failed: {done.stderr.strip()[-600:]}")
    return float(done.stdout.strip().splitlines()[-1])


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
    deck = str(inputs.medium)
    _timed_process(_QUIZ_COLD, deck)  # each side once untimed: the bytecode cache filled
    _timed_process(_ANKI_COLD, str(package), str(folder / "cold"))
    cold_values, cold_floors = interleaved(
        runs,
        lambda: _timed_process(_QUIZ_COLD, deck),
        lambda: _timed_process(_ANKI_COLD, str(package), str(folder / "cold")),
    )
    size = package.stat().st_size / 1e6
    yaml_size = inputs.medium.stat().st_size / 1e6
    return [
        Figure(
            "anki-cold-load",
            f"bring in a {cards:,}-card deck, cold: quiz loading the YAML deck vs Anki "
            "importing the same cards as a package",
            Measurement("quiz load_paths, fresh process, no cache", "s", cold_values),
            Measurement("Anki import_anki_package, fresh process", "s", cold_floors),
            (Goal.ratio(1.0),),
            note=f"{yaml_size:.1f} MB of YAML against a {size:.1f} MB package; quiz's time "
            "includes importing the parser, pydantic and the models, Anki's starts with its "
            "library imported and a fresh collection open",
        ),
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
