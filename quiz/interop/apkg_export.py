"""Decks exported as an Anki package (``.apkg``), with genanki (the ``quiz[anki]`` extra).

Every card becomes one note Anki imports: basic as a front/back note, cloze as a cloze note
with the same groups and hints (Anki makes one card per group, as quiz reviews them), typed
as a type-in-the-answer note, choice, multi and true/false as a note with the options on the
front and each verdict and ``why`` on the back, order as a front/back note whose back is the
sequence. The explanation and the source are on the back of every card; tags are the card's
own, ``quiz::<deck>`` and ``type::<type>``. GUIDs come from (deck id, card id), so importing an
updated export into Anki updates its notes instead of adding copies.

genanki writes the collection's schema, note types and decks; the notes and cards, many
thousands in a large export, are written here in bulk, as rows of Anki's ``notes`` and
``cards`` tables (the rows genanki's own ``Note`` would write, without an object per note).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from quiz.deck.cloze import parse_cloze
from quiz.deck.model import Card, Deck
from quiz.interop.html_text import text_to_html
from quiz.interop.notes import InteropError
from quiz.kinds.basic import BasicCard
from quiz.kinds.choice import OptionsCard
from quiz.kinds.cloze import ClozeCard
from quiz.kinds.order import OrderCard
from quiz.kinds.true_false import TrueFalseCard
from quiz.kinds.typed import TypedCard

MISSING = (
    "exporting to Anki needs genanki: install the extra with `pip install 'quiz[anki]'` "
    "(or `uv sync --extra anki`)"
)
_WHY = (
    "{{#Explanation}}<br><br>{{Explanation}}{{/Explanation}}"
    "{{#Source}}<br><br><small>{{Source}}</small>{{/Source}}"
)
"""The end of every card's back: the explanation and the source, when the note has them."""
_ANSWER = "{{FrontSide}}\n\n<hr id=answer>\n\n"
_FIRST = (0,)
"""The cards of a note of one template: its first (every front shows a field never empty)."""
_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }"


def _stable_id(*parts: str) -> int:
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") & (2**31 - 1)) | 1 << 30


def note_guid(deck_id: str, card_id: str) -> str:
    """The GUID of a card's note: the same for the same deck and card id, in every export."""
    return hashlib.blake2b(f"{deck_id}\x1f{card_id}".encode(), digest_size=10).hexdigest()


def _model(genanki: Any, name: str, fields: list[str], front: str, back: str, **extra: Any) -> Any:
    """A note type named ``quiz <name>`` with one template, its id fixed by its name; every
    one ends with the Explanation and Source fields."""
    return genanki.Model(
        _stable_id("quiz", name),
        f"quiz {name}",
        fields=[{"name": field} for field in (*fields, "Explanation", "Source")],
        templates=[{"name": "Card 1", "qfmt": front, "afmt": back + _WHY}],
        css=_CSS,
        **extra,
    )


class _Models:
    """The note types of an export, made once each with ids that never change."""

    def __init__(self, genanki: Any) -> None:
        self.basic = _model(genanki, "basic", ["Front", "Back"], "{{Front}}", _ANSWER + "{{Back}}")
        typed = "{{Front}}\n\n{{type:Back}}"
        self.typed = _model(
            genanki,
            "typed",
            ["Front", "Back", "Also accepted"],
            typed,
            "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"
            "{{#Also accepted}}<br>Also accepted: {{Also accepted}}{{/Also accepted}}",
        )
        self.cloze = _model(
            genanki,
            "cloze",
            ["Text"],
            "{{cloze:Text}}",
            "{{cloze:Text}}",
            model_type=genanki.Model.CLOZE,
        )
        self.choice = _model(
            genanki,
            "choice",
            ["Question", "Options", "Answer"],
            "{{Question}}<br><br>{{Options}}",
            _ANSWER + "{{Answer}}",
        )


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _lines(lines: Iterable[str]) -> str:
    return "<br>".join(text_to_html(line) for line in lines)


def _note_fields(card: Card, models: _Models) -> tuple[Any, list[str], tuple[int, ...]]:
    """The note type of a card, its fields as HTML (explanation and source left out) and
    the ordinals of the Anki cards it makes."""
    if isinstance(card, BasicCard):
        return models.basic, [text_to_html(card.front), text_to_html(card.back)], _FIRST
    if isinstance(card, TypedCard):
        others = "\n".join(card.answers[1:])  # one per line: an answer may hold a comma
        answer = [text_to_html(card.answers[0]), text_to_html(others)]
        return models.typed, [text_to_html(card.question), *answer], _FIRST
    if isinstance(card, ClozeCard):
        text, groups = _cloze(card.text)
        return models.cloze, [text], tuple(group - 1 for group in groups)
    if isinstance(card, OptionsCard):
        options = _lines(f"{_letter(i)}. {choice.text}" for i, choice in enumerate(card.choices))
        verdicts = _lines(
            f"{_letter(i)}. {choice.text}: {'correct' if choice.correct else 'wrong'}"
            + (f" ({choice.why})" if choice.why else "")
            for i, choice in enumerate(card.choices)
        )
        return models.choice, [text_to_html(card.question), options, verdicts], _FIRST
    if isinstance(card, TrueFalseCard):
        verdict = "True" if card.answer else "False"
        return models.choice, [text_to_html(card.statement), "True or false?", verdict], _FIRST
    if isinstance(card, OrderCard):
        front = text_to_html(card.question) + "<br>" + _lines(sorted(card.items))
        sequence = _lines(f"{n}. {item}" for n, item in enumerate(card.items, 1))
        return models.basic, [front, sequence], _FIRST
    raise InteropError(f"card {card.id!r}: quiz cannot export cards of type {card.type!r}")


def _cloze(text: str) -> tuple[str, list[int]]:
    parts: list[str] = []
    groups: set[int] = set()
    position = 0
    for deletion in parse_cloze(text):
        parts.append(text_to_html(text[position : deletion.start]))
        hint = f"::{text_to_html(deletion.hint)}" if deletion.hint else ""
        parts.append(f"{{{{c{deletion.group}::{text_to_html(deletion.answer)}{hint}}}}}")
        groups.add(deletion.group)
        position = deletion.end
    parts.append(text_to_html(text[position:]))
    return "".join(parts), sorted(groups)


def anki_cloze(text: str) -> str:
    """A quiz cloze text in Anki's syntax, as HTML: every deletion numbered (an ungrouped
    ``{{answer}}`` gets the number quiz gives it), with its hint; Anki has no alternative
    answers, so only the shown one is kept."""
    return _cloze(text)[0]


def _tag(text: str) -> str:
    return "_".join(text.split())


@dataclass(slots=True)
class AnkiPackage:
    """An export ready to be written: genanki's decks, holding the note types their notes
    use, and each note as (deck, note type, GUID, tags, fields, card ordinals)."""

    genanki: Any
    decks: list[Any]
    notes: list[tuple[int, int, str, str, list[str], tuple[int, ...]]]

    def write_to_db(self, cursor: Any, timestamp: float, ids: Iterator[int]) -> None:
        """Write the collection into an empty SQLite database: genanki's schema, note types
        and decks, then every note and card as genanki would write them (the sort field is
        the first field, a card is new and due at 0)."""
        self.genanki.Package(self.decks).write_to_db(cursor, timestamp, ids)
        modified = int(timestamp)
        notes: list[tuple[Any, ...]] = []
        cards: list[tuple[Any, ...]] = []
        for deck_id, model_id, guid, tags, fields, ordinals in self.notes:
            note_id = next(ids)
            notes.append(
                (note_id, guid, model_id, modified, -1, tags, "\x1f".join(fields), fields[0])
            )
            cards += [(next(ids), note_id, deck_id, n, modified, -1, 0, 0, 0) for n in ordinals]
        cursor.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '')", notes)
        cursor.executemany(
            "INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')",
            cards,
        )


def build_package(decks: list[Deck]) -> AnkiPackage:
    """A package of every card of ``decks``; ``InteropError`` naming the extra when genanki
    is not installed."""
    try:
        genanki = importlib.import_module("genanki")
    except ImportError:
        raise InteropError(MISSING) from None
    models = _Models(genanki)
    package = AnkiPackage(genanki, [], [])
    for deck in decks:
        anki_id = _stable_id("deck", deck.id)
        anki_deck = genanki.Deck(anki_id, deck.title)
        used: dict[int, Any] = {}
        own = [f"quiz::{deck.id}"]
        for card in deck.cards:
            model, fields, ordinals = _note_fields(card, models)
            used[model.model_id] = model
            source = deck.source(card.source.key)
            cited = text_to_html(f"{source.title} ({source.year}), {card.source.locator}")
            fields += [text_to_html(card.explanation or ""), cited]
            tags = [*map(_tag, card.tags), *own, f"type::{card.type}"]
            guid = note_guid(deck.id, card.id)
            package.notes.append(
                (anki_id, model.model_id, guid, f" {' '.join(tags)} ", fields, ordinals)
            )
        for model in used.values():
            anki_deck.add_model(model)
        package.decks.append(anki_deck)
    return package
