"""What every import format is read into: note types, notes, media and reviews, as Anki has
them, before any of it becomes a quiz card.

A reader (an Anki package, a text export, a CSV file) gives a :class:`Collection`;
:mod:`quiz.interop.mapping` turns its notes into cards and :mod:`quiz.interop.decks` gathers
the cards into decks. Everything here is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class InteropError(Exception):
    """A file that cannot be imported or written: the message says why, and the caller names
    the file."""


@dataclass(frozen=True, slots=True)
class Template:
    """One card template of a note type: the front and back as Anki writes them
    (``{{Front}}``, ``{{type:Back}}``, ``{{cloze:Text}}``...)."""

    name: str
    front: str
    back: str


@dataclass(frozen=True, slots=True)
class NoteType:
    """A note type: its name, whether it is a cloze type, its field names and templates."""

    name: str
    is_cloze: bool
    fields: tuple[str, ...]
    templates: tuple[Template, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """One note: its GUID, type, field values (HTML, or plain text when ``html`` is false),
    tags, the deck its first card is in, and the template ordinals that have a card (None
    when the source does not say, as in a text export: then the templates decide)."""

    guid: str
    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    card_ords: tuple[int, ...] | None = None
    note_id: int | None = None
    html: bool = True
    card_ids: dict[int, int] = field(default_factory=dict)
    """Anki card id by template ordinal (a package only), to place its review log."""


@dataclass(frozen=True, slots=True)
class Review:
    """One entry of Anki's review log: the card, when, the rating (1-4) and how long it took."""

    card_id: int
    reviewed_at_ms: int
    rating: int
    duration_ms: int


@dataclass(slots=True)
class Collection:
    """Everything read from one file: its notes, its media by name (the zip member holding
    each), its review log, which layout was read and when the file was written."""

    source_name: str
    layout: str
    written: datetime
    notes: list[Note] = field(default_factory=list)
    media: dict[str, str] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)
    deck_names: list[str] = field(default_factory=list)
