"""Real Anki collections for the import and export tests, built with Anki's own backend."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection, ExportAnkiPackageOptions
from anki.decks import DeckId
from anki.scheduler_pb2 import CardAnswer

from quiz.cli.main import main


@dataclass(frozen=True)
class Built:
    """Paths of one collection exported every way Anki exports it."""

    latest: Path
    legacy: Path
    anki2: Path
    colpkg: Path
    text: Path
    review_count: int


def add(col: Collection, type_name: str, deck: str, tags: list[str], **fields: str) -> int:
    note = col.new_note(col.models.by_name(type_name))  # pyright: ignore[reportArgumentType]
    for name, value in fields.items():
        note[name.replace("_", " ")] = value
    note.tags = tags
    col.add_note(note, DeckId(col.decks.id(deck) or 1))
    return note.id


def fill(col: Collection, folder: Path) -> int:
    """Notes of every stock type, with HTML, unicode, media, nested decks and reviews; gives
    how many reviews it answered."""
    image = folder / "tcell.png"
    image.write_bytes(b"\x89PNG fake image bytes" * 20)
    col.media.add_file(str(image))
    add(
        col,
        "Basic",
        "CAR-T::Basics",
        ["car", "part::binder"],
        Front="What is an <b>scFv</b>?<br>Name it",
        Back='A single-chain &zeta; fragment&nbsp;<img src="tcell.png"> [sound:voice.mp3]',
    )
    add(col, "Basic (and reversed card)", "CAR-T::Basics", [], Front="CD19", Back="B-cell antigen")
    add(
        col,
        "Basic (optional reversed card)",
        "CAR-T",
        [],
        Front="IL-6",
        Back="cytokine",
        Add_Reverse="",
    )
    add(
        col,
        "Basic (optional reversed card)",
        "CAR-T",
        [],
        Front="CRS",
        Back="cytokine release",
        Add_Reverse="y",
    )
    add(
        col, "Basic (type in the answer)", "CAR-T", [], Front="Co-stimulatory domain?", Back="4-1BB"
    )
    add(
        col,
        "Cloze",
        "CAR-T::Cloze",
        ["cloze"],
        Text="A CAR joins an {{c1::scFv::binder}} to {{c2::CD3ζ}} with \\(x^2\\)",
        Back_Extra="<ul><li>one</li><li>two</li></ul>",
    )
    basic = col.models.by_name("Basic")
    assert basic is not None
    custom = col.models.copy(basic)
    custom["name"] = "Vocab"
    col.models.add_field(custom, col.models.new_field("Notes"))
    col.models.update_dict(custom)
    add(col, "Vocab", "Other", [], Front="Allogeneic", Back="From a donor", Notes="not self")
    col.sched.set_due_date([card for card in col.find_cards("")], "0")
    answered = 0
    for card_id in col.find_cards("deck:CAR-T::Basics"):
        card = col.get_card(card_id)
        card.start_timer()
        for rating in (CardAnswer.GOOD, CardAnswer.AGAIN, CardAnswer.GOOD):
            states = col._backend.get_scheduling_states(card.id)
            col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))
            card.load()
            answered += 1
    return answered


def export_latest(col: Collection, target: Path) -> Path:
    """The collection as a package in Anki's current format, with its schedule and media."""
    options = ExportAnkiPackageOptions(
        with_scheduling=True, with_deck_configs=False, with_media=True, legacy=False
    )
    col.export_anki_package(out_path=str(target), options=options, limit=None)
    return target


def build(folder: Path) -> Built:
    """Export one collection every way: current and legacy .apkg, the oldest layout, a
    .colpkg and notes in plain text."""
    col = Collection(str(folder / "collection.anki2"))
    try:
        reviews = fill(col, folder)
        latest = export_latest(col, folder / "latest.apkg")
        legacy = folder / "legacy.apkg"
        options = ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=True, legacy=True
        )
        col.export_anki_package(out_path=str(legacy), options=options, limit=None)
        text = folder / "notes.txt"
        col.export_note_csv(
            out_path=str(text),
            limit=None,
            with_html=True,
            with_tags=True,
            with_deck=True,
            with_notetype=True,
            with_guid=True,
        )
        colpkg = folder / "all.colpkg"
        col.export_collection_package(str(colpkg), include_media=True, legacy=False)
    finally:
        col.close()
    # Anki 2.0 wrote the same schema-11 collection as collection.anki2 alone.
    anki2 = folder / "old.apkg"
    with zipfile.ZipFile(legacy) as source, zipfile.ZipFile(anki2, "w") as target:
        target.writestr("collection.anki2", source.read("collection.anki21"))
        target.writestr("media", source.read("media"))
        for name in source.namelist():
            if name.isdigit():
                target.writestr(name, source.read(name))
    return Built(latest, legacy, anki2, colpkg, text, reviews)


def run(*args: str | Path) -> int:
    """``quiz`` with these arguments, as the command line runs it."""
    return main([str(arg) for arg in args])
