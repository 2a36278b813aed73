"""The registry of import formats: which reader takes a file, chosen by its name.

Each format names itself, the file suffixes it takes and its reader, which gives a
:class:`~quiz.interop.notes.Collection` and, for a package, the open package its media are
read from. A new format is one reader module and one entry in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from quiz.interop.notes import Collection, InteropError
from quiz.interop.package import Package, open_package


@dataclass(frozen=True, slots=True)
class ImportFormat:
    """One format quiz imports: its name, its file suffixes and its reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path], tuple[Collection, Package | None]]


def _written(package: Package) -> datetime:
    info = package.archive.getinfo(package.layout)
    try:
        return datetime(*info.date_time, tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(package.path.stat().st_mtime, UTC)


def read_package(path: Path) -> tuple[Collection, Package]:
    """An Anki package's collection (the first layout found of ``collection.anki21b``,
    ``collection.anki21``, ``collection.anki2``) and the open package, for its media."""
    from quiz.interop.collection import read_collection

    package = open_package(path)
    try:
        collection = read_collection(
            package.collection_bytes(), path.name, package.layout, _written(package)
        )
        collection.media = package.media
    except BaseException:
        package.close()
        raise
    return collection, package


def _read_text(path: Path) -> tuple[Collection, None]:
    from quiz.interop.text_import import read_text_export

    return read_text_export(path), None


FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat("Anki package", (".apkg", ".colpkg"), read_package),
    ImportFormat("Anki notes in plain text, CSV or TSV", (".txt", ".csv", ".tsv"), _read_text),
)


def format_for(path: Path) -> ImportFormat:
    """The format of a file, by its suffix; ``InteropError`` naming those quiz knows."""
    suffix = path.suffix.lower()
    for entry in FORMATS:
        if suffix in entry.suffixes:
            return entry
    known = ", ".join(suffix for entry in FORMATS for suffix in entry.suffixes)
    raise InteropError(f"quiz imports files ending in {known}, not {suffix or 'no suffix'!r}")
