"""The store's scheduling tables: per-deck settings, item flags, fitted parameters, loads."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from postgres_server import StoreLocations

from quiz.progress.contract import ProgressStore
from quiz.progress.open import open_store
from quiz.progress.schema import MIGRATIONS
from quiz.progress.sqlite_store import Store
from quiz.progress.state import DeckSettings, ItemFlags, ItemState, ParameterRecord
from quiz.rating import Rating

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(store_location: StoreLocations) -> Iterator[ProgressStore]:
    with open_store(store_location()) as opened:
        yield opened


def review(store: ProgressStore, item: str, at: datetime, due: datetime, deck: str = "d") -> None:
    state = ItemState("review", None, 5.0, 5.0, due, at)
    store.apply_review(
        deck, item, rating=Rating.GOOD, correct=None, response="{}", reviewed_at=at,
        duration_ms=0, next_state=lambda _: state,
    )  # fmt: skip


def fit(deck_id: str | None, kept: bool, weight: float) -> ParameterRecord:
    return ParameterRecord(deck_id, (weight,) * 21, NOW, 500, 0.4, 0.3, 0.1, 0.09, kept)


def test_deck_settings_are_replaced_whole_and_listed(store: ProgressStore) -> None:
    assert store.deck_settings("d") == DeckSettings()
    store.save_deck_settings("d", DeckSettings(new_per_day=3, exam_date="2026-06-01"))
    store.save_deck_settings("e", DeckSettings(desired_retention=0.8))
    assert store.deck_settings("d") == DeckSettings(new_per_day=3, exam_date="2026-06-01")
    store.save_deck_settings("d", DeckSettings(reviews_per_day=9))
    assert store.all_deck_settings() == {
        "d": DeckSettings(reviews_per_day=9),
        "e": DeckSettings(desired_retention=0.8),
    }
    store.save_deck_settings("e", DeckSettings())
    assert set(store.all_deck_settings()) == {"d"}


def test_flags_give_back_what_they_replace_and_go_when_all_off(store: ProgressStore) -> None:
    buried = ItemFlags(buried_until=NOW + timedelta(hours=5))
    assert store.set_item_flags("d", "new-item", buried) == ItemFlags()  # no state needed
    assert store.set_item_flags("d", "new-item", ItemFlags(suspended=True)) == buried
    assert store.item_flags("d") == {"new-item": ItemFlags(suspended=True)}
    store.set_item_flags("d", "new-item", ItemFlags())
    assert store.item_flags("d") == {}


def test_resetting_a_deck_forgets_its_flags_but_not_its_settings(store: ProgressStore) -> None:
    review(store, "a", NOW, NOW + timedelta(days=2))
    store.set_item_flags("d", "a", ItemFlags(leech=True, suspended=True))
    store.save_deck_settings("d", DeckSettings(new_per_day=1))
    store.reset_deck("d")
    assert store.item_flags("d") == {}
    assert store.deck_settings("d") == DeckSettings(new_per_day=1)


def test_a_deck_fit_comes_before_a_fit_for_all_decks_and_only_kept_ones_count(
    store: ProgressStore,
) -> None:
    assert store.parameters_for("d") is None and store.latest_fit(None) is None
    everyone = store.save_parameters(fit(None, True, 0.5))
    assert everyone.id > 0 and store.parameters_for("d") == everyone
    store.save_parameters(fit("d", False, 0.6))  # judged worse: stored, never used
    assert store.parameters_for("d") == everyone
    own = store.save_parameters(fit("d", True, 0.7))
    store.save_parameters(fit(None, True, 0.8))
    assert store.parameters_for("d") == own
    assert store.parameters_for("other") is not None
    assert store.parameters_for("other").parameters == (0.8,) * 21  # type: ignore[union-attr]
    assert store.latest_fit("d") == own
    assert store.latest_fit(None).parameters == (0.8,) * 21  # type: ignore[union-attr]


def test_a_review_records_the_fit_that_scheduled_it(store: ProgressStore) -> None:
    kept = store.save_parameters(fit(None, True, 0.5))
    state = ItemState("review", None, 5.0, 5.0, NOW, NOW)
    row = store.apply_review(
        "d", "a", rating=Rating.GOOD, correct=None, response="{}", reviewed_at=NOW,
        duration_ms=0, next_state=lambda _: state, parameters_id=kept.id,
    )  # fmt: skip
    assert row.parameters_id == kept.id
    assert store.history("d", "a")[0].parameters_id == kept.id


def test_a_backup_carries_deck_settings_flags_fits_and_the_review_marks(
    store: ProgressStore, tmp_path: Path
) -> None:
    kept = store.save_parameters(fit("d", True, 0.5))
    store.save_parameters(fit(None, False, 0.6))
    state = ItemState("review", None, 5.0, 5.0, NOW, NOW)
    store.apply_review(
        "d", "a", rating=Rating.GOOD, correct=True, response="{}", reviewed_at=NOW,
        duration_ms=0, next_state=lambda _: state, overruled=True, parameters_id=kept.id,
    )  # fmt: skip
    store.save_deck_settings("d", DeckSettings(new_per_day=4, exam_date="2026-06-01"))
    flags = ItemFlags(suspended=True, buried_until=NOW + timedelta(hours=3), leech=True)
    store.set_item_flags("d", "b", flags)
    with open_store(store.backup(tmp_path / "backups" / "copy.db")) as copy:
        assert copy.history("d", "a") == store.history("d", "a")
        [row] = copy.history("d", "a")
        assert (row.overruled, row.parameters_id) == (True, kept.id)
        assert copy.all_deck_settings() == store.all_deck_settings()
        assert copy.item_flags("d") == {"b": flags}
        assert copy.parameters_for("d") == kept
        assert copy.latest_fit(None) == store.latest_fit(None)
        assert copy.save_parameters(fit(None, True, 0.7)).id > kept.id  # ids go on from there


def test_due_counts_count_reviews_per_day_across_decks(store: ProgressStore) -> None:
    for index, days in enumerate([0, 1, 1, 3, 9]):
        review(store, f"a{index}", NOW, NOW + timedelta(days=days, hours=1))
    review(store, "b", NOW, NOW + timedelta(days=1, hours=2), deck="other")
    assert store.due_counts(["d"], NOW, 5) == [1, 2, 0, 1, 0]
    assert store.due_counts(["d", "other", "d"], NOW, 2) == [1, 3]


def test_reviewed_since_names_the_items_reviewed(store: ProgressStore) -> None:
    review(store, "old", NOW - timedelta(days=1), NOW)
    review(store, "c#c1", NOW, NOW)
    assert store.reviewed_since("d", NOW - timedelta(hours=1)) == {"c#c1"}


def test_a_file_of_the_first_schema_gains_the_new_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute(
            "INSERT INTO review_log (deck_id, item_id, rating, correct, response, reviewed_at,"
            " duration_ms, kind, state_before, state_after) VALUES ('d', 'a', 3, NULL, '{}', 1,"
            " 0, 'new', NULL, ?)",
            ('{"state":"review","step":null,"stability":1,"difficulty":5,"due":9,'
             '"last_review":1}',),
        )  # fmt: skip
        db.execute("PRAGMA user_version = 1")
    with Store.open(path) as store:
        [old] = store.history("d", "a")
        assert old.parameters_id is None  # scheduled by the defaults
        assert store.item_flags("d") == {} and store.all_deck_settings() == {}
