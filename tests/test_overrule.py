""" "I was right": a typed answer judged wrong, saved as correct and flagged in the review log,
exported, and taken back by undo. Against a real store; no Textual."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_server import StoreLocations
from session_support import NOW, SOURCE, deck_data, start, unfuzzed_store

from quiz.cli.progress import run_export
from quiz.deck.model import Deck
from quiz.kinds.choice import ChoiceResponse
from quiz.kinds.matching import TextResponse
from quiz.paths import database_path
from quiz.progress.contract import ProgressStore as Store
from quiz.progress.open import open_store
from quiz.progress.schema import MIGRATIONS
from quiz.rating import Rating
from quiz.study.overrule import can_overrule


def typed_deck() -> Deck:
    data = deck_data("typed", {})
    data["cards"] = [
        {
            "id": "il6",
            "type": "typed",
            "question": "Which drug blocks the IL-6 receptor?",
            "answers": ["tocilizumab"],
            "source": SOURCE,
        },
        {
            "id": "pick",
            "type": "choice",
            "question": "Which antigen?",
            "choices": [{"text": "CD19", "correct": True}, {"text": "CD3"}],
            "source": SOURCE,
        },
    ]
    return Deck.model_validate(data)


@pytest.fixture
def store(store_location: StoreLocations) -> Iterator[Store]:
    with unfuzzed_store(store_location(), busy_timeout=0.2) as opened:
        yield opened


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    """The progress file of the data folder that ``quiz export`` reads."""
    with unfuzzed_store(database_path(tmp_path), busy_timeout=0.2) as opened:
        yield opened


def test_an_overruled_answer_is_saved_as_correct_with_its_rating_and_flagged(store: Store) -> None:
    session = start(store, [typed_deck()], NOW)
    assert session.current is not None and session.current.card.id == "il6"
    wrong = session.answer(TextResponse("actemra"), NOW)
    assert wrong.grade.correct is False and can_overrule(wrong)
    pending = session.overrule(Rating.HARD)
    assert pending.grade.correct is True and pending.rating is Rating.HARD and pending.overruled
    assert not can_overrule(pending)
    row = session.accept(NOW)
    assert row is not None and (row.correct, row.overruled, row.rating) == (True, True, Rating.HARD)
    [logged] = store.history("typed", "il6")
    assert (logged.correct, logged.overruled, logged.rating) == (True, True, Rating.HARD)
    assert session.summary(NOW).correct == 1


def test_only_a_typed_answer_judged_wrong_can_be_overruled(store: Store) -> None:
    session = start(store, [typed_deck()], NOW)
    session.answer(TextResponse("tocilizumab"), NOW)
    with pytest.raises(ValueError, match="only a typed answer judged wrong"):
        session.overrule()
    session.accept(NOW)
    assert session.current is not None and session.current.card.id == "pick"
    session.answer(ChoiceResponse(frozenset({1})), NOW)
    with pytest.raises(ValueError):
        session.overrule()
    with pytest.raises(ValueError, match="not been answered"):
        start(store, [typed_deck()], NOW).overrule()


def test_undo_takes_an_overruled_answer_back(store: Store) -> None:
    session = start(store, [typed_deck()], NOW)
    session.answer(TextResponse("actemra"), NOW)
    session.overrule()
    session.accept(NOW)
    assert [row.overruled for row in store.iter_reviews()] == [True]
    item = session.undo(NOW)
    assert item is not None and item.card.id == "il6"
    assert list(store.iter_reviews()) == [] and store.item_state("typed", "il6") is None
    session.answer(TextResponse("actemra"), NOW)
    session.accept(NOW)
    [row] = store.iter_reviews()
    assert (row.correct, row.overruled) == (False, False)


def test_the_flag_is_exported(file_store: Store, tmp_path: Path, capsys) -> None:
    session = start(file_store, [typed_deck()], NOW)
    session.answer(TextResponse("actemra"), NOW)
    session.overrule()
    session.accept(NOW)
    session.answer(ChoiceResponse(frozenset({1})), NOW)
    session.accept(NOW)
    file_store.close()
    assert run_export(tmp_path, "json", None, NOW) == 0
    exported = json.loads(capsys.readouterr().out)["reviews"]
    assert [(r["item_id"], r["correct"], r["overruled"]) for r in exported] == [
        ("il6", True, True),
        ("pick", False, False),
    ]
    assert run_export(tmp_path, "csv", None, NOW) == 0
    header, first, second = capsys.readouterr().out.splitlines()
    assert header.split(",")[-1] == "overruled"
    assert first.endswith(",true") and second.endswith(",false")


def test_a_file_of_the_earlier_schema_gains_the_flag_and_keeps_its_reviews(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO review_log (deck_id, item_id, rating, correct, response, reviewed_at,"
        " duration_ms, kind, state_before, state_after) VALUES ('d', 'i', 3, 1, '{}', 0, 0,"
        ' \'new\', NULL, \'{"state": "learning", "step": 0, "stability": null,'
        ' "difficulty": null, "due": 60, "last_review": 0}\')'
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with open_store(path) as store:
        [row] = store.iter_reviews()
        assert row.overruled is False and row.correct is True
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE review_log SET overruled = 2")
    db.close()
