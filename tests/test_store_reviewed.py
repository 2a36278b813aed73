"""Which items are new: kept between calls, and right after every kind of write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from postgres_server import StoreLocations

from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError
from quiz.progress.open import open_store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.scheduler import schedule

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IDS = [f"i{index}" for index in range(6)]


def review(store: ProgressStore, item_id: str, deck_id: str = "deck", fail: bool = False) -> int:
    def next_state(before):
        if fail:
            raise ValueError("refused")
        return schedule(before, Rating.GOOD, NOW, Settings(fuzz=False))

    row = store.apply_review(
        deck_id,
        item_id,
        rating=Rating.GOOD,
        correct=True,
        response='{"type":"reveal"}',
        reviewed_at=NOW,
        duration_ms=1000,
        next_state=next_state,
    )
    return row.id


@pytest.fixture
def path(store_location: StoreLocations) -> str | Path:
    return store_location()


@pytest.fixture
def store(path: str | Path) -> Iterator[ProgressStore]:
    opened = open_store(path)
    yield opened
    opened.close()


def test_own_reviews_and_undos_are_seen_at_once(store: ProgressStore) -> None:
    assert store.unreviewed("deck", IDS, 3) == ["i0", "i1", "i2"]
    first = review(store, "i0")
    review(store, "i2")
    assert store.unreviewed("deck", IDS, 3) == ["i1", "i3", "i4"]
    assert store.reviewed_item_ids("deck") == {"i0", "i2"}
    store.undo_review(first)
    assert store.unreviewed("deck", IDS, 3) == ["i0", "i1", "i3"]
    second = review(store, "i2")
    store.undo_review(second)  # a later review undone: the item stays reviewed
    assert "i2" not in store.unreviewed("deck", IDS, 10)


def test_a_review_by_another_process_is_seen(
    store: ProgressStore, path: str | Path, store_location: StoreLocations
) -> None:
    assert store.unreviewed("deck", IDS, 2) == ["i0", "i1"]
    with open_store(path) as other:
        review(other, "i0")
    assert store.unreviewed("deck", IDS, 2) == ["i1", "i2"]
    store_location.execute("progress.db", "DELETE FROM item_state WHERE item_id = 'i0'")
    assert store.unreviewed("deck", IDS, 2) == ["i0", "i1"]


def test_a_reset_makes_every_item_new_again(store: ProgressStore) -> None:
    for item in IDS[:4]:
        review(store, item)
    review(store, "i0", deck_id="other")
    assert store.unreviewed("deck", IDS, 10) == ["i4", "i5"]
    assert store.unreviewed("other", IDS, 1) == ["i1"]
    store.reset_deck("deck")
    assert store.unreviewed("deck", IDS, 10) == IDS
    assert store.unreviewed("other", IDS, 1) == ["i1"]


def test_a_failed_review_leaves_the_item_new(store: ProgressStore) -> None:
    assert store.unreviewed("deck", IDS, 1) == ["i0"]
    with pytest.raises(ValueError):
        review(store, "i0", fail=True)
    assert store.unreviewed("deck", IDS, 1) == ["i0"]


def test_the_returned_ids_are_a_copy(store: ProgressStore) -> None:
    review(store, "i0")
    store.reviewed_item_ids("deck").clear()
    assert store.unreviewed("deck", IDS, 1) == ["i1"]


def test_a_closed_store_still_reports_a_store_error(store: ProgressStore) -> None:
    store.unreviewed("deck", IDS, 1)
    store.close()
    with pytest.raises(StoreError):
        store.unreviewed("deck", IDS, 1)


def test_many_items_keep_their_order(store: ProgressStore) -> None:
    ids = [f"card-{index:05d}" for index in range(3000)]
    for item in ids[:2500:3]:
        review(store, item)
    expected = [item for index, item in enumerate(ids) if index >= 2500 or index % 3][:700]
    assert store.unreviewed("deck", ids, 700) == expected
    assert store.unreviewed("deck", iter(ids), 700) == expected


def unreviewed_count(store: ProgressStore, ids: list[str] | tuple[str, ...]) -> int:
    """What :meth:`count_unreviewed` must give: the never-reviewed ids, listed in full."""
    return len(store.unreviewed("deck", ids, len(ids)))


def test_the_count_of_new_items_follows_every_write(
    store: ProgressStore, path: str | Path, store_location: StoreLocations
) -> None:
    ids = tuple(IDS)
    assert store.count_unreviewed("deck", ids) == (6, 0)
    first = review(store, "i0")
    review(store, "i1")
    review(store, "gone")  # an item no longer in the deck: not one of the ids counted
    assert store.count_unreviewed("deck", ids) == (4, 1)
    store.undo_review(first)
    assert store.count_unreviewed("deck", ids) == (5, 1)
    with open_store(path) as other:
        review(other, "i3")
        review(other, "i3")  # a second review of it makes no second state
    assert store.count_unreviewed("deck", ids) == (4, 1)
    assert unreviewed_count(store, ids) == 4
    store_location.execute("progress.db", "DELETE FROM item_state WHERE item_id = 'i1'")
    assert store.count_unreviewed("deck", ids) == (5, 1)
    assert unreviewed_count(store, ids) == 5
    assert store.count_unreviewed("deck", ids[2:5]) == (2, 1)  # another sequence of the ids
    store.reset_deck("deck")
    assert store.count_unreviewed("deck", ids) == (6, 0)


def test_a_new_process_counts_from_the_count_kept_and_the_changes_since(tmp_path: Path) -> None:
    store_location = StoreLocations("sqlite", tmp_path, None)  # the count is kept in the file
    path = store_location()
    ids = tuple(f"card-{index:04d}" for index in range(400))
    with open_store(path) as store:
        for item in ids[:300]:
            review(store, item)
        assert store.count_unreviewed("deck", ids) == (100, 0)
    kept = "SELECT reviewed, states FROM deck_reviewed WHERE deck_id = 'deck'"
    noted = "SELECT item_id, added FROM deck_reviewed_changes ORDER BY item_id"
    assert store_location.execute("progress.db", kept) == [(300, 300)]
    with open_store(path) as other:
        made = review(other, ids[350])
        review(other, ids[351])
        other.undo_review(made)  # made and deleted again: no change left
        review(other, ids[0])  # a state replaced: no change
        review(other, "gone")
    store_location.execute("progress.db", f"DELETE FROM item_state WHERE item_id = '{ids[5]}'")
    assert store_location.execute("progress.db", noted) == [(ids[5], 0), (ids[351], 1), ("gone", 1)]
    with open_store(path) as store:
        assert store.count_unreviewed("deck", ids) == (100, 1)  # one more, one less, gone
        assert store.reviewed_item_ids("deck") == {*ids[:300], ids[351], "gone"} - {ids[5]}
    assert store_location.execute("progress.db", kept) == [(300, 301)]
    assert store_location.execute("progress.db", noted) == []  # taken into the count kept
    with open_store(path) as store:
        assert store.count_unreviewed("deck", ids[:200]) == (1, 102)  # another: counted anew
        assert store.count_unreviewed("deck", ids[:200]) == (1, 102)
    # the first count of a process reads the count kept, not every reviewed id: were the
    # count kept wrong, so would it be
    store_location.execute("progress.db", "UPDATE deck_reviewed SET reviewed = reviewed - 7")
    with open_store(path) as store:
        assert store.count_unreviewed("deck", ids[:200]) == (8, 109)


def test_a_deck_whose_items_were_all_reviewed_has_no_new_ones_and_one_made_new_is_found(
    path: str | Path, store_location: StoreLocations
) -> None:
    ids = tuple(f"card-{index:04d}" for index in range(50))
    with open_store(path) as store:
        for item in ids:
            review(store, item)
        assert store.count_unreviewed("deck", ids) == (0, 0)
    with open_store(path) as store:
        assert store.unreviewed("deck", ids, 5) == []
    store_location.execute("progress.db", f"DELETE FROM item_state WHERE item_id = '{ids[7]}'")
    with open_store(path) as store:
        assert store.unreviewed("deck", ids, 5) == [ids[7]]
        assert store.count_unreviewed("deck", ids) == (1, 0)
