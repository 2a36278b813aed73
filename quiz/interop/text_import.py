"""Anki's "notes in plain text" export, and plain CSV or TSV files with a header row.

An Anki text export starts with ``#key:value`` headers: ``#separator`` (``tab``, ``comma``,
``semicolon``, ``pipe``, ``space``, ``colon`` or the character), ``#html``, ``#tags``,
``#notetype``, ``#deck`` and the columns holding a note's ``guid``, ``notetype``, ``deck``
and ``tags``; the other columns are the note's fields, in order. Its note types are named,
not described, so they are read as Anki's stock types (:mod:`quiz.interop.stock`). A file
without those headers is a plain table: its first row names the columns (``front``,
``back``, ``question``, ``answer``, ``text`` for a cloze, ``explanation``, ``tags``, ``id``,
``deck``, ``type``), and each further row is a note.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, datetime
from pathlib import Path

from quiz.interop import stock
from quiz.interop.notes import Collection, InteropError, Note, NoteType, Template

MAX_TEXT_BYTES = 64 << 20
MAX_FIELD = 1 << 20
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
_COLUMN_HEADERS = {
    "guid column": "guid",
    "notetype column": "notetype",
    "deck column": "deck",
    "tags column": "tags",
}
_TABLE_NAMES = {
    "front": "Front",
    "question": "Front",
    "back": "Back",
    "answer": "Back",
    "text": "Text",
    "explanation": "Explanation",
    "extra": "Explanation",
    "back extra": "Explanation",
    "notes": "Explanation",
}
_TABLE_META = {
    "tags": "tags",
    "id": "guid",
    "guid": "guid",
    "deck": "deck",
    "type": "notetype",
    "notetype": "notetype",
    "note type": "notetype",
}
_TABLE_BASIC = NoteType(
    "CSV basic",
    False,
    ("Front", "Back", "Explanation"),
    (Template("Card 1", "{{Front}}", "{{Back}}{{Explanation}}"),),
)
_TABLE_CLOZE = NoteType(
    "CSV cloze",
    True,
    ("Text", "Explanation"),
    (Template("Cloze", "{{cloze:Text}}", "{{Explanation}}"),),
)


def _decode(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_TEXT_BYTES + 1)
    except OSError as error:
        raise InteropError(error.strerror or str(error)) from None
    if len(data) > MAX_TEXT_BYTES:
        raise InteropError(f"the file is larger than {MAX_TEXT_BYTES >> 20} MiB")
    if b"\x00" in data:
        raise InteropError("the file holds NUL bytes, so it is not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InteropError(f"the file is not UTF-8 text (byte {error.start + 1})") from None


def _guid(row: list[str], number: int) -> str:
    digest = hashlib.blake2b("\x1f".join(row[:1]).encode(), digest_size=8).hexdigest()
    return f"row-{digest}" if row and row[0] else f"row{number}"


def read_text_export(path: Path) -> Collection:
    """The notes of an Anki text export or a CSV/TSV table; ``InteropError`` when the file is
    not UTF-8 text, is too large, or its header names no known column."""
    text = _decode(path)
    written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    lines = text.splitlines(keepends=True)
    headers: dict[str, str] = {}
    while lines and lines[0].startswith("#") and ":" in lines[0]:
        key, _, value = lines.pop(0)[1:].strip().partition(":")
        headers[key.strip().lower()] = value.strip()
    body = "".join(lines)
    csv.field_size_limit(MAX_FIELD)
    if headers:
        collection = Collection(path.name, "Anki notes in plain text", written)
        _read_anki_rows(collection, headers, body)
    else:
        collection = Collection(path.name, "CSV table", written)
        _read_table(collection, body, "\t" if path.suffix.lower() == ".tsv" else None)
    collection.deck_names = sorted({note.deck for note in collection.notes})
    return collection


def _rows(body: str, separator: str) -> list[list[str]]:
    try:
        return [row for row in csv.reader(io.StringIO(body), delimiter=separator) if row]
    except csv.Error as error:
        raise InteropError(f"the rows cannot be read ({error})") from None


def _column(headers: dict[str, str], key: str) -> int | None:
    value = headers.get(key)
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise InteropError(f"header #{key}:{value} is not a column number")
    return int(value) - 1


def _read_anki_rows(collection: Collection, headers: dict[str, str], body: str) -> None:
    named = headers.get("separator", "tab")
    separator = _SEPARATORS.get(named.lower(), named)
    if len(separator) != 1:
        raise InteropError(f"unknown separator {named!r}")
    columns = {role: _column(headers, key) for key, role in _COLUMN_HEADERS.items()}
    meta = {index for index in columns.values() if index is not None}
    html = headers.get("html", "false").lower() == "true"
    for number, row in enumerate(_rows(body, separator), start=1):

        def cell(role: str, row: list[str] = row) -> str | None:
            index = columns[role]
            return row[index] if index is not None and index < len(row) else None

        fields = [value for index, value in enumerate(row) if index not in meta]
        note_type, fields = stock.stock_type(
            cell("notetype") or headers.get("notetype") or "Basic", fields
        )
        tags = (cell("tags") or "").split() + headers.get("tags", "").split()
        collection.notes.append(
            Note(
                guid=cell("guid") or _guid(fields, number),
                note_type=note_type,
                fields=tuple(fields),
                tags=tuple(dict.fromkeys(tags)),
                deck=cell("deck") or headers.get("deck") or "Default",
                html=html,
            )
        )


def _sniff(body: str) -> str:
    first = body.split("\n", 1)[0]
    return max(("\t", ",", ";"), key=first.count)


def _read_table(collection: Collection, body: str, separator: str | None) -> None:
    rows = _rows(body, separator or _sniff(body))
    if not rows:
        raise InteropError("the file has no header row")
    header = [name.strip().lower() for name in rows[0]]
    fields = {
        index: _TABLE_NAMES[name] for index, name in enumerate(header) if name in _TABLE_NAMES
    }
    meta = {index: _TABLE_META[name] for index, name in enumerate(header) if name in _TABLE_META}
    if "Front" not in fields.values() and "Text" not in fields.values():
        raise InteropError(
            "the header row names no front, question or text column "
            f"(found: {', '.join(header) or 'nothing'})"
        )
    for number, row in enumerate(rows[1:], start=2):
        by_name = {fields[i]: value for i, value in enumerate(row) if i in fields}
        info = {meta[i]: value for i, value in enumerate(row) if i in meta}
        if "Text" not in by_name and "{{c" in by_name.get("Front", "") and not by_name.get("Back"):
            by_name["Text"] = by_name.pop("Front")  # a cloze written in the question column
        is_cloze = "{{c" in by_name.get("Text", "") or info.get("notetype", "").lower() == "cloze"
        note_type = _TABLE_CLOZE if is_cloze else _TABLE_BASIC
        if not is_cloze and "Text" in by_name and not by_name.get("Front"):
            by_name["Front"] = by_name["Text"]
        collection.notes.append(
            Note(
                guid=info.get("guid") or _guid(row, number),
                note_type=note_type,
                fields=tuple(by_name.get(name, "") for name in note_type.fields),
                tags=tuple(info.get("tags", "").split()),
                deck=info.get("deck") or "Default",
                html=False,
            )
        )
