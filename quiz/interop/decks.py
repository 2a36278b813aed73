"""Decks made from an imported collection: one deck per Anki deck, its cards from the notes.

Card ids come from the note GUIDs (:func:`card_slug`), so importing a newer version of the
same package gives the same ids and every student keeps their progress. Each deck cites one
source, the package itself. Cards the deck model refuses (an empty side, a text too long, a
malformed cloze) are left out with the model's reason, so what is written always loads.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from quiz.interop.card_check import unsure_cards
from quiz.interop.mapping import MappedCard, Skipped, map_note
from quiz.interop.notes import Collection, Note

SOURCE_KEY = "anki"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_PLAIN_GUID = re.compile(r"[!-~]{1,64}")


def card_slug(guid: str) -> str:
    """A card id from a note GUID: lower-case base32 of its bytes (GUIDs are case-sensitive),
    a hash for a long one; the same GUID always gives the same id."""
    raw = guid.encode("utf-8", errors="replace")
    if len(raw) > 40:
        raw = hashlib.blake2b(raw, digest_size=20).digest()
    return "n" + base64.b32encode(raw).decode("ascii").rstrip("=").lower()


def deck_slug(name: str) -> str:
    """A deck id from an Anki deck name (``Parent::Child`` is ``parent-child``)."""
    slug = _NOT_SLUG.sub("-", name.lower()).strip("-")[:80].strip("-")
    return slug or "anki"


@dataclass(slots=True)
class ImportedDeck:
    """One deck to write: its id, the deck data and the notes it came from."""

    deck_id: str
    name: str
    data: dict[str, Any]
    notes: int = 0
    card_items: dict[tuple[str, int], str] = field(default_factory=dict)
    """The quiz item id of each Anki card, by (note GUID, template ordinal)."""


@dataclass(slots=True)
class ImportSummary:
    """What an import made: notes and cards, cards per type, per note type, what was
    skipped and why, and the media the cards name."""

    notes: int = 0
    cards: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_note_type: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    media: set[str] = field(default_factory=set)
    no_explanation: list[str] = field(default_factory=list)


def _source(collection: Collection, notes: int) -> dict[str, Any]:
    day = collection.written.date().isoformat()
    return {
        "key": SOURCE_KEY,
        "title": f"Anki export {collection.source_name}"[:2000],
        "authors": ["unknown (not recorded in the export)"],
        "year": min(max(collection.written.year, 1800), 2200),
        "venue": f"{collection.layout}, written {day}, {notes} notes",
    }


def _locator(note: Note) -> str:
    if _PLAIN_GUID.fullmatch(note.guid):
        return f"note {note.guid}"
    return f"note {note.note_id}" if note.note_id is not None else "note"


def build_decks(
    collection: Collection, deck_id: str | None = None
) -> tuple[list[ImportedDeck], ImportSummary]:
    """One deck per Anki deck that has cards, and the summary of the import. ``deck_id``
    names the only deck, or prefixes each deck's id when there are several."""
    summary = ImportSummary()
    by_deck: dict[str, list[tuple[Note, list[MappedCard]]]] = {}
    for note in collection.notes:
        media: list[str] = []
        cards, skipped = map_note(note, media)
        summary.notes += 1
        summary.media.update(name for name in media if name)
        summary.skipped.extend(skipped)
        if cards:
            by_deck.setdefault(note.deck, []).append((note, cards))
    ids = _deck_ids(sorted(by_deck), deck_id)
    decks = [_deck(collection, name, ids[name], by_deck[name], summary) for name in sorted(by_deck)]
    return [deck for deck in decks if deck.data["cards"]], summary


def _deck_ids(names: list[str], given: str | None) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = deck_slug(name)
        if given is not None:
            base = given if len(names) == 1 else f"{given}-{base}"[:80].strip("-")
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base[:75]}-{number}", number + 1
        taken.add(candidate)
        ids[name] = candidate
    return ids


def _deck(
    collection: Collection,
    name: str,
    deck_id: str,
    notes: list[tuple[Note, list[MappedCard]]],
    summary: ImportSummary,
) -> ImportedDeck:
    parts = [part for part in name.split("::") if part.strip()] or ["Default"]
    tags = ["::".join(parts[: depth + 1]) for depth in range(len(parts))]
    deck = ImportedDeck(deck_id, name, {}, notes=len(notes))
    rows: list[tuple[Note, MappedCard, dict[str, Any]]] = []
    seen: set[str] = set()
    for note, cards in notes:
        slug = card_slug(note.guid)
        if slug in seen:
            summary.skipped.append(Skipped(note.guid, "another note has the same GUID"))
            continue
        seen.add(slug)
        for card in cards:
            data = {"id": slug + card.suffix, **card.fields}
            if note.tags:
                data["tags"] = list(note.tags)
            data["source"] = {"key": SOURCE_KEY, "locator": _locator(note)}
            rows.append((note, card, data))
    data = {
        "id": deck_id,
        "title": "::".join(parts)[:2000],
        "description": f"Imported from the Anki deck {name!r} of {collection.source_name}."[:2000],
        "version": 1,
        "tags": tags,
        "sources": [_source(collection, len(notes))],
        "cards": [row[2] for row in rows],
    }
    kept = _valid_rows(data, rows, summary)
    data["cards"] = [row[2] for row in kept]
    deck.data = data
    for note, card, card_data in kept:
        summary.cards += 1
        summary.by_type[card_data["type"]] += 1
        summary.by_note_type[note.note_type.name] += 1
        if "explanation" not in card_data:
            summary.no_explanation.append(note.guid)
        deck.card_items[(note.guid, card.ordinal)] = _item_id(card_data, card.ordinal)
        if card_data["type"] == "cloze":
            for ordinal in note.card_ids:
                deck.card_items[(note.guid, ordinal)] = f"{card_data['id']}#c{ordinal + 1}"
    return deck


def _item_id(card: dict[str, Any], ordinal: int) -> str:
    return f"{card['id']}#c{ordinal + 1}" if card["type"] == "cloze" else card["id"]


def _valid_rows(
    data: dict[str, Any],
    rows: list[tuple[Note, MappedCard, dict[str, Any]]],
    summary: ImportSummary,
) -> list[tuple[Note, MappedCard, dict[str, Any]]]:
    """The rows whose cards the deck model accepts; the others are skipped with its reason.

    Cards :func:`~quiz.interop.card_check.surely_valid` vouches for are not validated again:
    the model checks the deck's own fields with the first card, and every card the check
    leaves to it.
    """
    from quiz.deck.model import Deck

    if not rows:
        return rows
    keys = frozenset(source["key"] for source in data["sources"])
    cards = data["cards"]
    unsure = unsure_cards(cards, keys)
    if len({card["id"] for card in cards}) < len(cards):
        unsure = list(range(len(cards)))  # the model names the repeated ids
    checked = unsure or [0]
    try:
        Deck.model_validate({**data, "cards": [cards[index] for index in checked]})
        return rows
    except ValidationError as error:
        bad: dict[int, str] = {}
        for problem in error.errors():
            location = problem["loc"]
            if len(location) >= 2 and location[0] == "cards" and isinstance(location[1], int):
                bad.setdefault(checked[location[1]], problem["msg"])
            else:
                raise ValueError(f"an imported deck is invalid: {error}") from None
    for index, reason in sorted(bad.items()):
        summary.skipped.append(Skipped(rows[index][0].guid, reason))
    return [row for index, row in enumerate(rows) if index not in bad]
