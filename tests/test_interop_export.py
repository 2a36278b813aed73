"""``quiz export anki`` read by the real Anki, and ``quiz export csv``."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from quiz.deck.cloze import parse_cloze
from quiz.deck.loader import load_paths
from quiz.deck.model import item_ids
from quiz.interop.apkg_export import anki_cloze, note_guid
from quiz.interop.csv_export import COLUMNS
from quiz.interop.html_text import text_to_html
from quiz.paths import bundled_decks_dir, database_path
from quiz.progress.open import open_store
from quiz.rating import Rating
from tests.interop_support import run
from tests.test_stats import review

BUNDLED = bundled_decks_dir()


def _anki_import(col: Collection, package: Path):
    request = ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(with_scheduling=False, update_notes=1),
    )
    return col.import_anki_package(request).log


@pytest.fixture(scope="module")
def bundled():
    result = load_paths([BUNDLED])
    assert result.errors == []
    return [loaded.deck for loaded in result.decks]


def test_every_bundled_review_item_becomes_an_anki_card_and_reimport_adds_none(
    bundled, tmp_path: Path
) -> None:
    package = tmp_path / "bundled.apkg"
    assert run("export", "anki", BUNDLED, "-o", package) == 0
    items = sum(len(item_ids(card)) for deck in bundled for card in deck.cards)
    cards = sum(len(deck.cards) for deck in bundled)
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        first = _anki_import(col, package)
        assert len(first.new) == cards
        assert col.card_count() == items  # 240 review items in the bundled decks
        again = _anki_import(col, package)
        assert len(again.new) == 0
        assert len(again.new) + len(again.updated) + len(again.duplicate) == cards
        note_types = {col.get_note(nid).note_type()["name"] for nid in col.find_notes("")}
        assert note_types == {"quiz basic", "quiz typed", "quiz cloze", "quiz choice"}
        deck = bundled[0]
        card = next(c for c in deck.cards if c.type == "cloze")
        nid = col.db.scalar("SELECT id FROM notes WHERE guid = ?", note_guid(deck.id, card.id))
        note = col.get_note(nid)
        assert note["Text"] == anki_cloze(card.text)
        assert note["Explanation"] == text_to_html(card.explanation or "")
        assert sorted(note.tags) == sorted([*card.tags, f"quiz::{deck.id}", "type::cloze"])
    finally:
        col.close()


def without_alternatives(text: str) -> str:
    """A cloze text with only each deletion's shown answer (Anki has no alternatives)."""
    parts: list[str] = []
    position = 0
    for deletion in parse_cloze(text):
        hint = f"::{deletion.hint}" if deletion.hint else ""
        parts += [
            text[position : deletion.start],
            f"{{{{c{deletion.group}::{deletion.answer}{hint}}}}}",
        ]
        position = deletion.end
    return "".join([*parts, text[position:]])


def test_importing_the_export_gives_back_the_texts_of_every_card(bundled, tmp_path: Path) -> None:
    package = tmp_path / "bundled.apkg"
    assert run("export", "anki", BUNDLED, "-o", package) == 0
    assert run("import", package, "--into", tmp_path / "back") == 0
    again = [yaml.safe_load(p.read_text()) for p in (tmp_path / "back").glob("*.yaml")]
    back = {
        (deck["title"], card.get("front") or card.get("question") or card.get("text")): card
        for deck in again
        for card in deck["cards"]
    }
    assert len(back) == sum(len(deck.cards) for deck in bundled)
    for deck in bundled:
        for card in deck.cards:
            if card.type == "basic":
                got = back[(deck.title, card.front)]
                assert got["back"] == card.back
            elif card.type == "typed":
                got = back[(deck.title, card.question)]
                assert got["answers"] == card.answers
            elif card.type == "cloze":
                got = back[(deck.title, without_alternatives(card.text))]
            else:
                prompt = card.question if card.type != "true_false" else card.statement
                got = next(
                    c
                    for (title, front), c in back.items()
                    if title == deck.title and front.startswith(prompt)
                )
                assert got["type"] == "basic"
            if card.explanation:
                assert got["explanation"].startswith(card.explanation)
            assert f"quiz::{deck.id}" in got["tags"]


def test_export_needs_valid_decks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: T\n", encoding="utf-8")
    assert run("export", "anki", broken, "-o", tmp_path / "out.apkg") == 1
    err = capsys.readouterr().err
    assert "broken.yaml" in err and "nothing exported" in err
    assert not (tmp_path / "out.apkg").exists()


def test_csv_export_has_one_row_per_card(bundled, tmp_path: Path) -> None:
    target = tmp_path / "cards.csv"
    assert run("export", "csv", BUNDLED, "-o", target) == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    cards = [(deck, card) for deck in bundled for card in deck.cards]
    assert len(rows) - 1 == len(cards)
    first_deck, first = cards[0]
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert (row["deck_id"], row["card_id"], row["type"]) == (first_deck.id, first.id, first.type)
    assert row["explanation"] == (first.explanation or "")
    choice_rows = [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:] if r[2] == "choice"]
    assert all(r["choices"].count("[x]") == 1 for r in choice_rows)


def test_csv_export_round_trips_through_csv_import(tmp_path: Path) -> None:
    target = tmp_path / "cards.csv"
    assert run("export", "csv", BUNDLED / "01-mechanisms.yaml", "-o", target) == 0
    table = tmp_path / "table.csv"
    with target.open(encoding="utf-8") as source, table.open("w", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["front", "back", "explanation", "tags"])
        for row in csv.DictReader(source):
            if row["type"] == "basic":
                writer.writerow([row["prompt"], row["answer"], row["explanation"], row["tags"]])
    assert run("import", table, "-o", tmp_path / "deck.yaml") == 0
    assert run("validate", "--strict", tmp_path / "deck.yaml") == 0


def test_an_ungrouped_cloze_is_numbered_for_anki() -> None:
    assert anki_cloze("A {{scFv}} and {{CD3ζ|zeta}} <b>") == (
        "A {{c1::scFv}} and {{c2::CD3ζ}} &lt;b&gt;"
    )
    assert anki_cloze("{{c2::x::a hint}} & y") == "{{c2::x::a hint}} &amp; y"


def test_with_progress_the_schedule_and_log_reach_anki(bundled, tmp_path: Path, capsys) -> None:
    deck = bundled[0]
    basic = next(card for card in deck.cards if card.type == "basic")
    cloze = next(card for card in deck.cards if card.type == "cloze" and len(item_ids(card)) > 1)
    now = datetime.now(UTC).replace(microsecond=0)
    data = tmp_path / "data"
    data.mkdir()
    with open_store(database_path(data)) as store:
        for offset, rating in (
            (timedelta(days=-30), Rating.GOOD),
            (timedelta(days=-30, minutes=10), Rating.GOOD),
            (timedelta(days=-12), Rating.GOOD),
        ):
            review(store, deck.id, basic.id, rating, now + offset)
        second = item_ids(cloze)[1]
        review(store, deck.id, second, Rating.AGAIN, now - timedelta(minutes=1))
        review_state = store.item_state(deck.id, basic.id)
    assert review_state is not None and review_state.state == "review"
    package = tmp_path / "with.apkg"
    assert run("export", "anki", BUNDLED, "-o", package, "--with-progress", "--data-dir", data) == 0
    assert "2 Anki cards with their schedule" in capsys.readouterr().out
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
        )
        nid = col.db.scalar("SELECT id FROM notes WHERE guid = ?", note_guid(deck.id, basic.id))
        [card] = col.get_note(nid).cards()
        assert card.type == 2  # a review card
        days = (review_state.due.date() - now.date()).days
        assert abs((card.due - col.sched.today) - days) <= 1
        assert card.memory_state is not None
        assert card.memory_state.stability == pytest.approx(review_state.stability, rel=1e-3)
        assert col.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card.id) == 3
        nid = col.db.scalar("SELECT id FROM notes WHERE guid = ?", note_guid(deck.id, cloze.id))
        by_ord = {c.ord: c for c in col.get_note(nid).cards()}
        assert by_ord[1].type in (1, 3) and by_ord[0].type == 0  # learning; still new
    finally:
        col.close()
