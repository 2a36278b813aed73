"""Decks written as YAML files, all or nothing.

Each deck goes to a hidden temporary file beside its target, and only when every one is
complete are they renamed into place, so an import that fails half-way leaves no file
changed. Text of several lines is written as a block (``|``), the way an author would.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from quiz.interop.notes import InteropError

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _DeckDumper(_Dumper):
    """A safe dumper that writes text of several lines as a literal block."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and not value.endswith((" ", "\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_DeckDumper.add_representer(str, _text)

HEADER = "# Imported from Anki by `quiz import`; check it with `quiz validate --strict`.\n"


def deck_yaml(data: dict[str, Any]) -> str:
    """A deck as the text of its YAML file."""
    body = yaml.dump(
        data,
        Dumper=_DeckDumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return HEADER + body


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_all(files: Iterable[tuple[Path, str | bytes]]) -> list[Path]:
    """Write every (path, text or bytes) pair, renaming each into place only once all are written;
    ``InteropError`` (and nothing changed) when one cannot be written."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files:
            if path.is_symlink() or (path.exists() and not path.is_file()):
                raise InteropError(f"'{path}' exists and is not a regular file; nothing written")
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            staged.append((Path(temporary), path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8") if isinstance(text, str) else text)
                stream.flush()
                os.fsync(stream.fileno())
        mode = 0o666 & ~_umask()  # as a new file gets; mkstemp's are private
        for temporary, path in staged:
            os.chmod(temporary, mode)
            os.replace(temporary, path)
    except (OSError, InteropError) as error:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        if isinstance(error, InteropError):
            raise
        where = error.filename or "the output folder"
        raise InteropError(f"cannot write {where}: {error.strerror or error}") from None
    return [path for _, path in staged]
