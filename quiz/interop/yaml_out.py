"""Decks written as YAML files, all or nothing.

The writer emits the few shapes a deck has (mappings, lists, text, whole numbers, booleans)
directly, far faster than a general YAML dumper: a text is written plain when YAML reads it
back as the same text, as a literal block (``|-``) when it has several lines, and otherwise
double-quoted with escapes (every character YAML could fold or refuse, such as U+2028, is
escaped). Each deck goes to a hidden temporary file beside its target, and only when every
one is complete are they renamed into place, so an import that fails half-way leaves no file
changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quiz.interop.notes import InteropError

HEADER = "# Imported from Anki by `quiz import`; check it with `quiz validate --strict`.\n"
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,()/+-]*")
# Words YAML 1.1 reads as booleans or null, never as text, unless quoted.
_YAML_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff"\\\\]')
_BLOCK_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in '"\\':
        return "\\" + character
    if character == "\n":
        return "\\n"
    if character == "\t":
        return "\\t"
    return f"\\u{ord(character):04x}"


def _quoted(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)


def _text(value: str, indent: str) -> str:
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and value.lower() not in _YAML_WORDS:
        return value
    if (
        "\n" in value
        and not value.startswith((" ", "\n"))
        and not value.endswith(("\n", " "))
        and " \n" not in value
        and not _BLOCK_UNSAFE.search(value)
    ):
        return "|-\n" + "\n".join(indent + line if line else "" for line in value.split("\n"))
    return _quoted(value)


def _emit(value: Any, indent: str, out: list[str]) -> None:
    """Append the lines of a mapping or list at ``indent``."""
    deeper = indent + "  "
    if isinstance(value, dict):
        for key, item in value.items():
            _item(f"{indent}{key}:", item, deeper, out)
    else:
        for item in value:
            if isinstance(item, dict) and item:
                first = True
                for key, inner in item.items():
                    lead = f"{indent}- {key}:" if first else f"{deeper}{key}:"
                    _item(lead, inner, deeper + "  ", out)
                    first = False
            else:
                _item(f"{indent}-", item, deeper, out)


def _item(lead: str, value: Any, indent: str, out: list[str]) -> None:
    if type(value) is str:  # most values: checked first
        out.append(f"{lead} {_text(value, indent)}")
    elif isinstance(value, dict | list):
        if not value:
            out.append(f"{lead} {'{}' if isinstance(value, dict) else '[]'}")
        else:
            out.append(lead)
            _emit(value, indent, out)
    else:
        out.append(f"{lead} {_scalar(value)}")


def deck_yaml(data: dict[str, Any]) -> str:
    """A deck as the text of its YAML file."""
    lines: list[str] = []
    _emit(data, "", lines)
    return HEADER + "\n".join(lines) + "\n"


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_all(files: Iterable[tuple[Path, str | bytes]]) -> list[Path]:
    """Write every (path, text or bytes) pair, renaming each into place only once all are
    written; ``InteropError`` (and nothing changed) when one cannot be written."""
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
