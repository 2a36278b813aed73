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
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Words YAML 1.1 reads as booleans or null, never as text, unless quoted.
_YAML_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff"\\\\]')
_SHORT = 80  # texts up to this long are remembered once written
_LINE_START = re.compile("\n(?!\n)")  # where a line of a literal block begins: not an empty one


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
    # A printable text holds no control, line or paragraph separator, format character
    # (such as U+FEFF) or surrogate: nothing YAML could fold or refuse.
    if "\n" in value:
        if (
            value[0] not in " \n"
            and value[-1] not in " \n"
            and " \n" not in value
            and value.replace("\n", "").isprintable()
        ):
            if "\n\n" in value:  # an empty line gets no indent
                return "|-\n" + indent + _LINE_START.sub("\n" + indent, value)
            return "|-\n" + indent + value.replace("\n", "\n" + indent)
    elif (
        value[:1] in _LETTERS  # YAML gives a letter first no other meaning
        and value.isprintable()
        and value[-1] not in " :"
        and ": " not in value
        and " #" not in value
        and (len(value) > 5 or value.lower() not in _YAML_WORDS)
    ):
        return value
    return _quoted(value)


class _Writer:
    """The lines of one file. Texts, the most common values, are written in the loops
    themselves; a short one met again (a tag, a type) is not worked out again."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.short: dict[str, str] = {}

    def text(self, value: str, indent: str) -> str:
        if len(value) > _SHORT:  # seldom met again, and hashing it would cost a pass over it
            return _text(value, indent)
        written = self.short.get(value)
        if written is None:
            written = _text(value, indent) if value else '""'
            if "\n" not in value:  # the indent matters to a block only
                self.short[value] = written
        return written

    def emit(self, value: dict[str, Any] | list[Any], indent: str) -> None:
        """Append the lines of a mapping or list at ``indent``."""
        deeper = indent + "  "
        if isinstance(value, dict):
            self.mapping(value, indent, indent, deeper)
            return
        for item in value:
            if type(item) is str:
                self.out.append(f"{indent}- {self.text(item, deeper)}")
            elif isinstance(item, dict) and item:
                self.mapping(item, f"{indent}- ", deeper, deeper + "  ")
            else:
                self.item(f"{indent}-", item, deeper)

    def mapping(self, value: dict[str, Any], first: str, lead: str, indent: str) -> None:
        """The entries of a mapping, the first one after ``first`` and the others after
        ``lead``; their nested lines at ``indent``."""
        out, text = self.out, self.text
        for key, item in value.items():
            if type(item) is str:
                out.append(f"{first}{key}: {text(item, indent)}")
            else:
                self.item(f"{first}{key}:", item, indent)
            first = lead

    def item(self, lead: str, value: Any, indent: str) -> None:
        if type(value) is str:
            self.out.append(f"{lead} {self.text(value, indent)}")
        elif isinstance(value, dict | list):
            if not value:
                self.out.append(f"{lead} {'{}' if isinstance(value, dict) else '[]'}")
            else:
                self.out.append(lead)
                self.emit(value, indent)
        else:
            self.out.append(f"{lead} {_scalar(value)}")


def deck_yaml(data: dict[str, Any]) -> str:
    """A deck as the text of its YAML file."""
    writer = _Writer()
    writer.emit(data, "")
    return HEADER + "\n".join(writer.out) + "\n"


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
