"""``quiz import --with-history``: Anki's review log replayed into the progress store."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.scheduler import item_card_id, schedule
from tests.interop_support import Built, build, run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("anki"))


def _revlog(package: Path) -> list[tuple[int, int, int]]:
    with zipfile.ZipFile(package) as archive:
        data = zstandard.ZstdDecompressor().stream_reader(archive.read("collection.anki21b")).read()
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data[:18] + b"\x01\x01" + data[20:])
    rows = connection.execute("SELECT id, cid, ease, type FROM revlog ORDER BY id").fetchall()
    connection.close()
    # Setting a due date logs a manual entry (rating 0, type 4): not a review.
    assert any(ease == 0 and kind == 4 for _, _, ease, kind in rows)
    return [(at, card, ease) for at, card, ease, kind in rows if ease > 0 and kind < 3]


def _import(package: Path, tmp_path: Path, data: Path) -> int:
    return run(
        "import", package, "--into", tmp_path / "decks", "--with-history", "--data-dir", data
    )


def test_reviews_are_replayed_through_the_scheduler_once(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert _import(built.latest, tmp_path, data) == 0
    revlog = _revlog(built.latest)
    assert len(revlog) == built.review_count == 9
    assert f"history: {len(revlog)} reviews written, 0 already" in capsys.readouterr().out
    with open_store(database_path(data)) as store:
        assert store.deck_ids() == ["car-t-basics"]
        reviews = list(store.iter_reviews("car-t-basics"))
        assert [int(row.rating) for row in reviews] == [ease for _, _, ease in revlog]
        assert sorted(int(row.reviewed_at.timestamp()) for row in reviews) == sorted(
            at // 1000 for at, _, _ in revlog
        )
        items = {row.item_id for row in reviews}
        assert len(items) == 3  # Basic, and both cards of Basic (and reversed card)
        for item_id in items:
            history = store.history("car-t-basics", item_id)
            state = None
            for row in history:
                state = schedule(
                    state,
                    Rating(row.rating),
                    row.reviewed_at,
                    Settings(),
                    seed=item_card_id("car-t-basics", item_id),
                    card_id=item_card_id("car-t-basics", item_id),
                )
            assert store.item_state("car-t-basics", item_id) == state
    assert _import(built.latest, tmp_path, data) == 0
    assert f"history: 0 reviews written, {len(revlog)} already" in capsys.readouterr().out
    with open_store(database_path(data)) as store:
        assert store.deck_progress("car-t-basics") == (3, len(revlog))


def test_without_the_option_no_progress_is_written(built: Built, tmp_path: Path) -> None:
    assert (
        run("import", built.latest, "--into", tmp_path / "decks", "--data-dir", tmp_path / "data")
        == 0
    )
    assert not database_path(tmp_path / "data").exists()


def test_history_of_a_legacy_package_is_read_too(built: Built, tmp_path: Path, capsys) -> None:
    assert _import(built.legacy, tmp_path, tmp_path / "data") == 0
    assert "history: 9 reviews written" in capsys.readouterr().out


def test_a_newer_package_adds_only_the_reviews_since(
    built: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.scheduler_pb2 import CardAnswer

    from tests.interop_support import export_latest

    data = tmp_path / "data"
    assert _import(built.latest, tmp_path, data) == 0
    capsys.readouterr()
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(built.latest),
                options=ImportAnkiPackageOptions(with_scheduling=True),
            )
        )
        [card_id, *_] = col.find_cards('"deck:CAR-T::Basics"')
        card = col.get_card(card_id)
        card.start_timer()
        states = col._backend.get_scheduling_states(card.id)
        col.sched.answer_card(
            col.sched.build_answer(card=card, states=states, rating=CardAnswer.EASY)
        )
        newer = export_latest(col, tmp_path / "newer.apkg")
    finally:
        col.close()
    assert _import(newer, tmp_path, data) == 0
    assert "history: 1 reviews written, 9 already" in capsys.readouterr().out
    with open_store(database_path(data)) as store:
        assert [int(row.rating) for row in store.iter_reviews()][-1] == 4
