"""An Anki collection (its SQLite bytes) read into a :class:`~quiz.interop.notes.Collection`.

Two schemas: the current one (version 18, also 15-17), with note types, fields and templates
in tables whose configs are protobuf messages and deck names separated by ``\\x1f``; and the
legacy one (version 11), with note types and decks as JSON in the ``col`` row. Tables of the
current schema use a ``unicase`` collation, registered here (case-insensitive, as Anki's).
The database is opened from memory, never written.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from quiz.interop import protobuf
from quiz.interop.notes import Collection, InteropError, Note, NoteType, Review, Template

LEGACY_SCHEMA = 11
CURRENT_SCHEMAS = (15, 16, 17, 18)
_CLOZE = 1
_FIELD_SEPARATOR = "\x1f"


def _unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def read_collection(data: bytes, source_name: str, layout: str, written: datetime) -> Collection:
    """Every note, deck name and review of a collection; ``InteropError`` when the bytes are
    not an SQLite database, are damaged or truncated, or hold an unknown schema version."""
    if not data.startswith(b"SQLite format 3\x00"):
        raise InteropError(f"{layout!r} is not an SQLite database (damaged or truncated)")
    connection = sqlite3.connect(":memory:")
    try:
        connection.create_collation("unicase", _unicase)
        # A collection saved in WAL mode says so in header bytes 18-19, and SQLite will not
        # open such a database from memory: mark it as a rollback-journal one (1, 1).
        connection.deserialize(
            data[:18] + b"\x01\x01" + data[20:] if data[18:20] != b"\x01\x01" else data
        )
        return _read(connection, source_name, layout, written)
    except sqlite3.DatabaseError as error:
        raise InteropError(f"{layout!r} is damaged or truncated ({error})") from None
    finally:
        connection.close()


def _read(
    connection: sqlite3.Connection, source: str, layout: str, written: datetime
) -> Collection:
    row = connection.execute("SELECT ver, models, decks FROM col").fetchone()
    if row is None:
        raise InteropError(f"{layout!r} has no collection row")
    version, models, decks = row
    if version == LEGACY_SCHEMA:
        note_types, deck_names = _legacy_types(models), _legacy_decks(decks)
    elif version in CURRENT_SCHEMAS:
        note_types, deck_names = _current_types(connection), _current_decks(connection)
    else:
        raise InteropError(f"{layout!r} has schema version {version}, which quiz cannot read")
    collection = Collection(source, layout, written, deck_names=sorted(set(deck_names.values())))
    cards: dict[int, list[tuple[int, int, int]]] = {}
    for card_id, note_id, deck_id, ordinal in connection.execute(
        "SELECT id, nid, did, ord FROM cards ORDER BY nid, ord"
    ):
        cards.setdefault(note_id, []).append((ordinal, deck_id, card_id))
    for note_id, guid, type_id, tags, flds in connection.execute(
        "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
    ):
        note_type = note_types.get(type_id)
        if note_type is None:
            raise InteropError(f"note {note_id} has a note type ({type_id}) the file lacks")
        own = cards.get(note_id, [])
        deck = deck_names.get(own[0][1], "Default") if own else "Default"
        collection.notes.append(
            Note(
                guid=str(guid),
                note_type=note_type,
                fields=tuple(str(flds).split(_FIELD_SEPARATOR)),
                tags=tuple(str(tags).split()),
                deck=deck,
                card_ords=tuple(ordinal for ordinal, _, _ in own),
                note_id=note_id,
                card_ids={ordinal: card_id for ordinal, _, card_id in own},
            )
        )
    collection.reviews = [
        Review(card_id, at, ease, duration)
        for at, card_id, ease, duration, kind in connection.execute(
            "SELECT id, cid, ease, time, type FROM revlog ORDER BY id"
        )
        if 1 <= ease <= 4 and kind in (0, 1, 2)  # learn, review, relearn: no manual changes
    ]
    return collection


def _checked(name: str, is_cloze: bool, fields: list[str], templates: list[Template]) -> NoteType:
    if not fields:
        raise InteropError(f"note type {name!r} has no fields")
    if not templates:
        raise InteropError(f"note type {name!r} has no card templates")
    return NoteType(name, is_cloze, tuple(fields), tuple(templates))


def _current_types(connection: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for type_id, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(type_id, []).append(str(name))
    templates: dict[int, list[Template]] = {}
    for type_id, name, config in connection.execute(
        "SELECT ntid, name, config FROM templates ORDER BY ntid, ord"
    ):
        message = protobuf.fields(bytes(config))
        templates.setdefault(type_id, []).append(
            Template(str(name), protobuf.first_text(message, 1), protobuf.first_text(message, 2))
        )
    return {
        type_id: _checked(
            str(name),
            protobuf.first_int(protobuf.fields(bytes(config)), 1) == _CLOZE,
            fields.get(type_id, []),
            templates.get(type_id, []),
        )
        for type_id, name, config in connection.execute("SELECT id, name, config FROM notetypes")
    }


def _current_decks(connection: sqlite3.Connection) -> dict[int, str]:
    return {
        deck_id: "::".join(str(name).split(_FIELD_SEPARATOR))
        for deck_id, name in connection.execute("SELECT id, name FROM decks ORDER BY name")
    }


def _json(text: Any, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError) as error:
        raise InteropError(f"the collection's {what} are not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise InteropError(f"the collection's {what} are not a JSON object")
    return value


def _legacy_types(text: Any) -> dict[int, NoteType]:
    found: dict[int, NoteType] = {}
    for key, model in _json(text, "note types").items():
        try:
            fields = [str(field["name"]) for field in sorted(model["flds"], key=_ord)]
            templates = [
                Template(str(t["name"]), str(t["qfmt"]), str(t["afmt"]))
                for t in sorted(model["tmpls"], key=_ord)
            ]
            found[int(key)] = _checked(
                str(model["name"]), model.get("type") == _CLOZE, fields, templates
            )
        except (KeyError, TypeError, ValueError) as error:
            raise InteropError(f"note type {key} is malformed (missing {error})") from None
    return found


def _ord(entry: dict[str, Any]) -> int:
    return int(entry.get("ord", 0))


def _legacy_decks(text: Any) -> dict[int, str]:
    decks: dict[int, str] = {}
    for key, deck in _json(text, "decks").items():
        if isinstance(deck, dict) and isinstance(deck.get("name"), str):
            decks[int(key)] = deck["name"]
    return decks
