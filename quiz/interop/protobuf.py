"""Just enough of the protobuf wire format to read what an Anki package keeps in it: the
package version, the media map and the note-type, field and template configs.

Read by hand from the wire format (varints and length-delimited fields), so no generated code
and no protobuf library are needed; unknown fields are skipped, as protobuf does.
"""

from __future__ import annotations

from quiz.interop.notes import InteropError

_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if position >= len(data) or shift > 63:
            raise InteropError("a protobuf message is cut short")
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7


def fields(data: bytes) -> dict[int, list[int | bytes]]:
    """Every field of one message, by field number, in order: varints as ``int``,
    length-delimited values as ``bytes``. Raises ``InteropError`` on a malformed message."""
    found: dict[int, list[int | bytes]] = {}
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == _VARINT:
            value, position = _varint(data, position)
        elif wire == _BYTES:
            length, position = _varint(data, position)
            if position + length > len(data):
                raise InteropError("a protobuf field runs past the end of its message")
            value = data[position : position + length]
            position += length
        elif wire == _FIXED64:
            value, position = int.from_bytes(data[position : position + 8], "little"), position + 8
        elif wire == _FIXED32:
            value, position = int.from_bytes(data[position : position + 4], "little"), position + 4
        else:
            raise InteropError(f"unknown protobuf wire type {wire}")
        found.setdefault(number, []).append(value)
    return found


def first_int(message: dict[int, list[int | bytes]], number: int, default: int = 0) -> int:
    """The first varint of field ``number``, or ``default``."""
    for value in message.get(number, ()):
        if isinstance(value, int):
            return value
    return default


def first_text(message: dict[int, list[int | bytes]], number: int) -> str:
    """The first string of field ``number`` (UTF-8), or ``""``."""
    for value in message.get(number, ()):
        if isinstance(value, bytes):
            return value.decode("utf-8", errors="replace")
    return ""


def media_map(data: bytes) -> dict[str, str]:
    """The zip member of each media file, by file name, from a ``MediaEntries`` message
    (entry ``i`` is member ``str(i)`` unless it names its legacy member in field 255)."""
    entries: dict[str, str] = {}
    for index, entry in enumerate(fields(data).get(1, ())):
        if not isinstance(entry, bytes):
            raise InteropError("the media map is malformed")
        message = fields(entry)
        member = message.get(255)
        entries[first_text(message, 1)] = str(member[0] if member else index)
    return entries
