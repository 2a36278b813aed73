"""Anki's stock note types, as their templates read: what a text export, which names a note
type but not its templates, is mapped with."""

from __future__ import annotations

from quiz.interop.notes import NoteType, Template

_ANSWER = "{{FrontSide}}\n\n<hr id=answer>\n\n"

BASIC = NoteType(
    "Basic", False, ("Front", "Back"), (Template("Card 1", "{{Front}}", _ANSWER + "{{Back}}"),)
)
REVERSED = NoteType(
    "Basic (and reversed card)",
    False,
    ("Front", "Back"),
    (
        Template("Card 1", "{{Front}}", _ANSWER + "{{Back}}"),
        Template("Card 2", "{{Back}}", _ANSWER + "{{Front}}"),
    ),
)
OPTIONAL_REVERSED = NoteType(
    "Basic (optional reversed card)",
    False,
    ("Front", "Back", "Add Reverse"),
    (
        Template("Card 1", "{{Front}}", _ANSWER + "{{Back}}"),
        Template("Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", _ANSWER + "{{Front}}"),
    ),
)
TYPED = NoteType(
    "Basic (type in the answer)",
    False,
    ("Front", "Back"),
    (
        Template(
            "Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"
        ),
    ),
)
CLOZE = NoteType(
    "Cloze",
    True,
    ("Text", "Back Extra"),
    (Template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"),),
)

STOCK = {
    note_type.name.casefold(): note_type
    for note_type in (BASIC, REVERSED, OPTIONAL_REVERSED, TYPED, CLOZE)
}


def stock_type(name: str, values: list[str]) -> tuple[NoteType, list[str]]:
    """The stock note type of this name (any case) and the note's field values; for another
    name, a Basic-like type whose first field is the front, second the back and the rest kept
    in the explanation. A text export pads every row to its widest note type: the empty
    fields past a note's own are dropped."""
    while len(values) > 2 and not values[-1]:
        values = values[:-1]
    known = STOCK.get(name.strip().casefold())
    if known is not None and len(known.fields) >= len(values):
        return known, values
    fields = ("Front", "Back", *(f"Field {n}" for n in range(3, len(values) + 1)))
    return NoteType(name or "Basic", False, fields[: max(len(values), 2)], BASIC.templates), values
