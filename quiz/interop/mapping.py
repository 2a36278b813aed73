"""Anki notes as quiz cards: what each note type becomes.

The mapping reads a note type's templates, not its name, so a renamed or translated stock
type maps as the original: a template whose front asks ``{{type:Field}}`` makes a ``typed``
card, a cloze type a ``cloze`` card (its other fields, such as ``Back Extra``, going into the
explanation), and every other template a ``basic`` card from the fields its front and back
show (two templates, as in Basic (and reversed card), make two cards). Which templates have a
card comes from the package's cards, so Basic (optional reversed card) is honoured; a text
export lists no cards, so there a template whose front is empty, or sits in a conditional on
an empty field, has none (the first always has one, or a reason it cannot). Fields neither
side shows are kept in the explanation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from quiz.interop.html_text import html_to_text, plain_text
from quiz.interop.notes import Note, NoteType, Template

_REFERENCE = re.compile(r"\{\{([#^/]?)\s*([^{}]*?)\s*\}\}")
SPECIAL_FIELDS = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag"})
EXPLANATION_FIELDS = frozenset({"explanation", "back extra", "extra", "notes", "comments"})
"""Fields (by name, any case) that say why: on the back they go into the explanation."""
ALTERNATIVE_FIELDS = frozenset({"also accepted", "alternatives", "alternative answers"})
"""Fields (by name, any case) that list further accepted answers of a typed card, one per
line (as ``quiz export anki`` writes them) or separated by semicolons."""
NOTE_FIELDS = EXPLANATION_FIELDS | {"source", "sources", "reference"}
"""Fields that are never the answer: on the back they go into the explanation, the
source ones labelled (``Source: ...``)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A note (or one of its cards) left out, and why."""

    guid: str
    reason: str


@dataclass(frozen=True, slots=True)
class MappedCard:
    """One card made from a note: the card's fields (as a deck file writes them, without
    ``id`` and ``source``), the template ordinal it came from and its id suffix."""

    ordinal: int
    suffix: str
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Sides:
    """What one template makes of a note type's fields, worked out once per template: the
    fields of the front, the typed one, the answer's, and those that go into the explanation
    (each with its label: none for an explanation field, ``Name: `` for the others)."""

    front: tuple[str, ...]
    typed: str | None
    conditions: tuple[str, ...]
    answer: tuple[str, ...]
    """The fields of the back (a basic card) or of further accepted answers (a typed one)."""
    explained: tuple[tuple[str, str], ...]


def _label(name: str) -> str:
    return "" if name.lower() in EXPLANATION_FIELDS else f"{name}: "


@lru_cache(maxsize=1024)
def _sides(template: Template, names: tuple[str, ...]) -> _Sides:
    known = set(names)

    def references(text: str) -> tuple[list[str], list[str], list[str]]:
        shown, typed, conditions = [], [], []
        for sigil, body in _REFERENCE.findall(text):
            *filters, name = body.split(":")
            if name not in known or name in SPECIAL_FIELDS:
                continue
            if sigil == "#":
                conditions.append(name)
            elif not sigil:
                (typed if "type" in filters else shown).append(name)
        return shown, typed, conditions

    front, typed, conditions = references(template.front)
    back, _, _ = references(template.back)
    typed_field = typed[0] if typed else None
    front = list(dict.fromkeys(front))
    rest = [name for name in dict.fromkeys(back) if name not in front and name != typed_field]
    used = {*front, *rest, typed_field}
    unused = [name for name in names if name not in used]
    if typed_field is not None:
        behind = [*rest, *unused]
        answer = [name for name in behind if name.lower() in ALTERNATIVE_FIELDS]
        explained = [name for name in behind if name not in answer]
    else:
        answer = [name for name in rest if name.lower() not in NOTE_FIELDS]
        explained = [name for name in rest if name not in answer] + unused
    return _Sides(
        tuple(front),
        typed_field,
        tuple(conditions),
        tuple(answer),
        tuple((name, _label(name)) for name in explained),
    )


def _suffix(ordinal: int) -> str:
    return "" if ordinal == 0 else f"-card{ordinal + 1}"


def _labelled(parts: list[tuple[str, str]]) -> str | None:
    shown = [f"{_label(name)}{text}" for name, text in parts if text]
    return "\n\n".join(shown) or None


def _explained(sides: _Sides, texts: dict[str, str]) -> str | None:
    shown = [label + texts[name] for name, label in sides.explained if texts[name]]
    return "\n\n".join(shown) or None


def _extra(fields: dict[str, Any], explanation: str | None) -> dict[str, Any]:
    if explanation:
        fields["explanation"] = explanation
    return fields


def map_note(note: Note, media: list[str]) -> tuple[list[MappedCard], list[Skipped]]:
    """The cards a note makes, and the cards it cannot make with the reason; the media its
    fields name are appended to ``media``."""
    convert: Callable[[str, list[str]], str] = html_to_text if note.html else plain_text
    values = list(note.fields) + [""] * (len(note.note_type.fields) - len(note.fields))
    texts = {
        name: convert(value, media)
        for name, value in zip(note.note_type.fields, values, strict=False)
    }
    if note.note_type.is_cloze:
        return _cloze(note, texts)
    cards: list[MappedCard] = []
    skipped: list[Skipped] = []
    for ordinal, template in enumerate(note.note_type.templates):
        sides = _sides(template, note.note_type.fields)
        if not _has_card(note, ordinal, sides, texts):
            continue
        card, problem = _normal(sides, texts)
        if card is None:
            skipped.append(Skipped(note.guid, f"template {template.name!r}: {problem}"))
        else:
            cards.append(MappedCard(ordinal, _suffix(ordinal), card))
    if not cards and not skipped:
        skipped.append(Skipped(note.guid, "no template makes a card of it"))
    return cards, skipped


def _has_card(note: Note, ordinal: int, sides: _Sides, texts: dict[str, str]) -> bool:
    if note.card_ords is not None:
        return ordinal in note.card_ords
    if ordinal == 0:
        return True  # a note always has its first card: if it cannot be made, say why
    return all(texts.get(name) for name in sides.conditions) and any(
        texts.get(name) for name in sides.front
    )


def _normal(sides: _Sides, texts: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
    front = "\n".join([text for text in map(texts.__getitem__, sides.front) if text])
    if not front:
        return None, "the front is empty"
    if sides.typed is not None:
        answers = [texts[sides.typed]]
        if not answers[0]:
            return None, "the typed answer is empty"
        for name in sides.answer:
            parts = texts[name].replace(";", "\n").splitlines()
            answers += [part.strip() for part in parts if part.strip()]
        answers = list(dict.fromkeys(answers))
        card = {"type": "typed", "question": front, "answers": answers}
        return _extra(card, _explained(sides, texts)), ""
    back = "\n".join([text for text in map(texts.__getitem__, sides.answer) if text])
    if not back:
        return None, "the back is empty"
    return _extra({"type": "basic", "front": front, "back": back}, _explained(sides, texts)), ""


def cloze_field(note_type: NoteType) -> str | None:
    """The field a cloze type's first template deletes from (``{{cloze:Text}}``)."""
    for sigil, body in _REFERENCE.findall(note_type.templates[0].front):
        *filters, name = body.split(":")
        if not sigil and "cloze" in filters and name in note_type.fields:
            return name
    return None


def _cloze(note: Note, texts: dict[str, str]) -> tuple[list[MappedCard], list[Skipped]]:
    field = cloze_field(note.note_type)
    if field is None:
        return [], [Skipped(note.guid, "the cloze note type deletes from no field")]
    text = texts[field]
    if "image-occlusion:" in text:
        return [], [Skipped(note.guid, "an image occlusion has no text to study")]
    if "{{c" not in text:
        return [], [Skipped(note.guid, "the cloze field has no deletions")]
    explanation = _labelled([(name, value) for name, value in texts.items() if name != field])
    return [MappedCard(0, "", _extra({"type": "cloze", "text": text}, explanation))], []


def cloze_groups(card: MappedCard) -> Iterator[int]:
    """The deletion groups of a mapped cloze card (``{{c2::...}}`` is group 2)."""
    for match in re.finditer(r"\{\{c(\d+)::", card.fields.get("text", "")):
        yield int(match.group(1))
