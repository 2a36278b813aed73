"""The progress store on each backend: reviews, undo, settings, resets, paging; and the SQLite
file's creation and migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from postgres_server import StoreLocations

from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError
from quiz.progress.open import open_store
from quiz.progress.schema import MIGRATIONS, SCHEMA_VERSION
from quiz.progress.state import ItemState, ReviewRow, Settings
from quiz.rating import Rating
from quiz.study.scheduler import schedule

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PLAIN = Settings(fuzz=False)


def review(
    store: ProgressStore,
    item_id: str,
    rating: Rating = Rating.GOOD,
    at: datetime = NOW,
    deck_id: str = "deck",
) -> ReviewRow:
    return store.apply_review(
        deck_id,
        item_id,
        rating=rating,
        correct=rating != Rating.AGAIN,
        response='{"type":"reveal"}',
        reviewed_at=at,
        duration_ms=1500,
        next_state=lambda before: schedule(before, rating, at, PLAIN),
    )


@pytest.fixture
def store(store_location: StoreLocations) -> Iterator[ProgressStore]:
    opened = open_store(store_location("data/progress.db"))
    yield opened
    opened.close()


def test_open_creates_the_folder_and_a_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "progress.db"
    open_store(path).close()
    assert path.is_file()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"item_state", "review_log", "settings"} <= tables
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "item_state_due" in indexes
    db.close()


def test_migrates_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"")
    with open_store(path) as store:
        assert store.item_states("deck") == {}
        review(store, "a")
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1
    db.close()


def test_migrations_are_ordered_and_each_one_is_applied_once(
    store_location: StoreLocations,
) -> None:
    assert len(MIGRATIONS) == SCHEMA_VERSION
    path = store_location()
    open_store(path).close()
    with open_store(path) as store:  # a second open finds nothing to migrate
        review(store, "a")
    with open_store(path) as store:
        assert len(store.history("deck", "a")) == 1


def test_a_review_writes_state_and_log_row(store: ProgressStore) -> None:
    row = review(store, "a", Rating.GOOD)
    state = store.item_state("deck", "a")
    assert state == schedule(None, Rating.GOOD, NOW, PLAIN)
    assert row.state_before is None
    assert row.state_after == state
    assert row.kind == "new"
    [logged] = store.history("deck", "a")
    assert logged == row
    assert logged.rating is Rating.GOOD
    assert logged.correct is True
    assert logged.reviewed_at == NOW
    assert logged.duration_ms == 1500
    assert logged.response == '{"type":"reveal"}'


def test_next_state_sees_the_state_stored_at_that_moment(store: ProgressStore) -> None:
    review(store, "a", Rating.GOOD, NOW)
    later = NOW + timedelta(minutes=10)
    second = review(store, "a", Rating.GOOD, later)
    assert second.state_before == store.history("deck", "a")[0].state_after
    assert second.kind == "learning"
    assert store.item_state("deck", "a").state == "review"


def expecting(
    store: ProgressStore, item_id: str, expected: tuple[ItemState | None, ItemState], at: datetime
) -> tuple[ReviewRow, list[ItemState | None]]:
    """A review written with ``expected``; also the states ``next_state`` was called with."""
    seen: list[ItemState | None] = []

    def next_state(stored: ItemState | None) -> ItemState:
        seen.append(stored)
        return schedule(stored, Rating.AGAIN, at, PLAIN)

    row = store.apply_review(
        "deck", item_id, rating=Rating.AGAIN, correct=False, response='{"type":"reveal"}',
        reviewed_at=at, duration_ms=900, next_state=next_state, expected=expected,
    )  # fmt: skip
    return row, seen


def test_a_review_whose_state_is_as_expected_writes_the_expected_one(store: ProgressStore) -> None:
    later = NOW + timedelta(minutes=10)
    first = schedule(None, Rating.EASY, NOW, PLAIN)
    row, seen = expecting(store, "a", (None, first), NOW)  # a new item
    assert seen == [] and row.state_before is None and row.state_after == first
    second = schedule(first, Rating.HARD, later, PLAIN)
    row, seen = expecting(store, "a", (first, second), later)
    assert seen == [] and (row.state_before, row.state_after) == (first, second)
    assert store.item_state("deck", "a") == second
    assert store.history("deck", "a")[-1] == row
    assert [r.kind for r in store.history("deck", "a")] == ["new", first.state]


def test_a_review_expected_from_a_state_no_longer_stored_is_scheduled_from_the_stored_one(
    store: ProgressStore,
) -> None:
    later = NOW + timedelta(minutes=10)
    stale = review(store, "a", Rating.GOOD, NOW).state_after
    stored = review(store, "a", Rating.GOOD, later).state_after  # as by another process
    wrong = schedule(stale, Rating.EASY, later, PLAIN)
    row, seen = expecting(store, "a", (stale, wrong), later)
    assert seen == [stored] and row.state_before == stored
    assert (
        store.item_state("deck", "a")
        == row.state_after
        == schedule(stored, Rating.AGAIN, later, PLAIN)
    )
    review(store, "b")  # reviewed meanwhile, though expected new
    stored = store.item_state("deck", "b")
    row, seen = expecting(store, "b", (None, wrong), later)
    assert seen == [stored] and row.state_before == stored and row.kind == "learning"
    row, seen = expecting(store, "c", (stored, wrong), later)  # expected reviewed, yet new
    assert seen == [None] and row.state_before is None and row.kind == "new"
    assert store.item_state("deck", "c") == schedule(None, Rating.AGAIN, later, PLAIN)


def test_history_is_oldest_first_and_per_item(store: ProgressStore) -> None:
    for minutes in (0, 1, 2):
        review(store, "a", Rating.AGAIN, NOW + timedelta(minutes=minutes))
    review(store, "b")
    review(store, "a", deck_id="other")
    history = store.history("deck", "a")
    assert [row.reviewed_at for row in history] == [NOW + timedelta(minutes=m) for m in (0, 1, 2)]
    assert [row.id for row in history] == sorted(row.id for row in history)
    assert len(store.history("deck", "b")) == 1


def test_undo_removes_the_log_row_and_restores_the_state(store: ProgressStore) -> None:
    review(store, "a", Rating.GOOD, NOW)
    before = store.item_state("deck", "a")
    last = review(store, "a", Rating.AGAIN, NOW + timedelta(minutes=10))
    undone = store.undo_review(last.id)
    assert undone == last
    assert store.item_state("deck", "a") == before
    assert len(store.history("deck", "a")) == 1


def test_undoing_a_first_review_makes_the_item_new_again(store: ProgressStore) -> None:
    row = review(store, "a")
    store.undo_review(row.id)
    assert store.item_state("deck", "a") is None
    assert store.history("deck", "a") == []
    assert store.reviewed_item_ids("deck") == set()


def test_only_the_latest_review_of_an_item_can_be_undone(store: ProgressStore) -> None:
    first = review(store, "a", at=NOW)
    review(store, "a", at=NOW + timedelta(minutes=10))
    with pytest.raises(StoreError, match="reviewed again since"):
        store.undo_review(first.id)
    with pytest.raises(StoreError, match="not in the log"):
        store.undo_review(9999)
    assert len(store.history("deck", "a")) == 2


def test_a_failing_next_state_writes_nothing(store: ProgressStore) -> None:
    def broken(before: ItemState | None) -> ItemState:
        raise RuntimeError("scheduler exploded")

    with pytest.raises(RuntimeError):
        store.apply_review(
            "deck",
            "a",
            rating=Rating.GOOD,
            correct=True,
            response="{}",
            reviewed_at=NOW,
            duration_ms=1,
            next_state=broken,
        )
    assert store.item_state("deck", "a") is None
    assert store.history("deck", "a") == []
    review(store, "a")  # the connection is still usable
    assert len(store.history("deck", "a")) == 1


def test_settings_default_then_saved_and_reloaded(store_location: StoreLocations) -> None:
    path = store_location()
    with open_store(path) as store:
        assert store.settings() == Settings()
        store.save_settings(Settings(desired_retention=0.85, new_per_day=5, fuzz=False))
    with open_store(path) as store:
        assert store.settings() == Settings(desired_retention=0.85, new_per_day=5, fuzz=False)


def test_invalid_stored_settings_are_reported_with_the_store(
    store: ProgressStore, store_location: StoreLocations
) -> None:
    store_location.execute(
        "data/progress.db", "INSERT INTO settings (key, value) VALUES ('desired_retention', '1.5')"
    )
    shown = r"progress\.db" if store_location.backend == "sqlite" else "quiz_class"
    with pytest.raises(StoreError, match=shown + ".*desired_retention"):
        store.settings()


def test_due_queries_are_ordered_filtered_and_paged(store: ProgressStore) -> None:
    for index in range(1203):
        review(store, f"r{index:04d}", Rating.EASY, NOW + timedelta(seconds=index))
    review(store, "l", Rating.AGAIN, NOW)
    far = NOW + timedelta(days=400)
    due_reviews = list(store.iter_due("deck", far, learning=False))
    assert len(due_reviews) == 1203
    dues = [state.due for _, state in due_reviews]
    assert dues == sorted(dues)
    assert [item for item, _ in store.iter_due("deck", far, learning=True)] == ["l"]
    soon = NOW + timedelta(minutes=1, seconds=1)
    assert [item for item, _ in store.iter_due("deck", soon, learning=True)] == ["l"]
    assert list(store.iter_due("deck", NOW + timedelta(seconds=59), learning=True)) == []
    assert len(list(store.iter_due("deck", far))) == 1204
    assert store.count_states("deck") == {"review": 1203, "learning": 1}


def test_states_of_reads_only_the_named_items(store: ProgressStore) -> None:
    review(store, "a")
    review(store, "b")
    assert set(store.states_of("deck", ["a", "zzz"])) == {"a"}
    assert set(store.states_of("deck", [f"x{i}" for i in range(1200)] + ["b"])) == {"b"}


def test_reviews_since_counts_by_kind(store: ProgressStore) -> None:
    review(store, "a", at=NOW)
    review(store, "a", at=NOW + timedelta(minutes=10))
    review(store, "b", at=NOW - timedelta(days=2))
    assert store.reviews_since("deck", NOW - timedelta(hours=1)) == {"new": 1, "learning": 1}


def test_reset_deck_forgets_only_that_deck(store: ProgressStore) -> None:
    review(store, "a")
    review(store, "a", at=NOW + timedelta(minutes=10))
    review(store, "a", deck_id="other")
    assert store.deck_ids() == ["deck", "other"]
    assert store.deck_progress("deck") == (1, 2)
    assert store.reset_deck("deck") == (1, 2)
    assert store.item_states("deck") == {}
    assert store.deck_progress("other") == (1, 1)


def test_backup_is_a_complete_copy(store: ProgressStore, tmp_path: Path) -> None:
    review(store, "a")
    copy = store.backup(tmp_path / "backups" / "copy.db")
    with open_store(copy) as restored:
        assert restored.history("deck", "a") == store.history("deck", "a")


def test_iter_reviews_streams_the_whole_log(store: ProgressStore) -> None:
    for index in range(1100):
        review(store, f"i{index}", deck_id="deck" if index % 2 else "other")
    rows = list(store.iter_reviews())
    assert len(rows) == 1100
    assert [row.id for row in rows] == sorted(row.id for row in rows)
    assert len(list(store.iter_reviews("other"))) == 550


def test_unreviewed_keeps_order_and_stops_at_the_limit(store: ProgressStore) -> None:
    for index in range(0, 1500, 2):
        review(store, f"i{index:04d}")
    ids = [f"i{index:04d}" for index in range(1500)]
    assert store.unreviewed("deck", ids, 3) == ["i0001", "i0003", "i0005"]
    assert len(store.unreviewed("deck", ids, 10_000)) == 750
    assert store.unreviewed("other", ids, 2) == ["i0000", "i0001"]
    assert store.unreviewed("deck", ids[::2], 5) == []


def test_a_closed_store_reports_a_store_error(store_location: StoreLocations) -> None:
    store = open_store(store_location())
    store.close()
    shown = r"progress\.db" if store_location.backend == "sqlite" else "quiz_class"
    with pytest.raises(StoreError, match=shown):
        store.item_states("deck")
