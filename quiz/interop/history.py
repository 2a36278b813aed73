"""An Anki review log carried into the progress store.

Each review of a card that became a quiz item is replayed, oldest first, through the store's
``apply_review`` with the FSRS scheduler, so the item ends with the schedule those reviews
give. A review already in the item's log (the same second and rating) is skipped, so
importing the same package again adds nothing, and a newer package adds only the reviews
since; one older than the item's latest logged review that is not in the log (the student
went on in quiz meanwhile) is skipped too, as replaying it would reorder the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from quiz.interop.decks import ImportedDeck
from quiz.interop.notes import Collection, Review
from quiz.progress.contract import ProgressStore
from quiz.progress.state import ItemState, to_epoch
from quiz.rating import Rating
from quiz.study.scheduler import item_card_id, schedule

RESPONSE = '{"type":"reveal"}'
"""What the log keeps as the answer of an imported review: Anki keeps none."""


@dataclass(frozen=True, slots=True)
class HistoryResult:
    """How many reviews were written, already there, older than the item's quiz history, and
    of cards not imported."""

    written: int
    already: int
    older: int
    unplaced: int


def _placed(collection: Collection, decks: Iterable[ImportedDeck]) -> dict[int, tuple[str, str]]:
    items: dict[tuple[str, int], tuple[str, str]] = {}
    for deck in decks:
        for (guid, ordinal), item_id in deck.card_items.items():
            items[(guid, ordinal)] = (deck.deck_id, item_id)
    placed: dict[int, tuple[str, str]] = {}
    for note in collection.notes:
        for ordinal, card_id in note.card_ids.items():
            where = items.get((note.guid, ordinal))
            if where is not None:
                placed[card_id] = where
    return placed


def import_history(
    store: ProgressStore, collection: Collection, decks: list[ImportedDeck]
) -> HistoryResult:
    """Replay the collection's review log into ``store``; each review is its own committed
    transaction (``StoreError`` stops the import, keeping the reviews written so far, which
    the next import skips)."""
    placed = _placed(collection, decks)
    by_item: dict[tuple[str, str], list[Review]] = {}
    unplaced = 0
    for review in collection.reviews:
        where = placed.get(review.card_id)
        if where is None:
            unplaced += 1
        else:
            by_item.setdefault(where, []).append(review)
    settings = store.settings()
    written = already = older = 0
    for (deck_id, item_id), reviews in by_item.items():
        logged = store.history(deck_id, item_id)
        known = Counter((to_epoch(row.reviewed_at), int(row.rating)) for row in logged)
        latest = max((to_epoch(row.reviewed_at) for row in logged), default=None)
        card_id = item_card_id(deck_id, item_id)
        for review in sorted(reviews, key=lambda review: review.reviewed_at_ms):
            at = datetime.fromtimestamp(review.reviewed_at_ms // 1000, UTC)
            key = (to_epoch(at), review.rating)
            if known[key] > 0:
                known[key] -= 1
                already += 1
                continue
            if latest is not None and key[0] < latest:
                older += 1
                continue
            rating = Rating(review.rating)

            def next_state(
                state: ItemState | None,
                rating: Rating = rating,
                at: datetime = at,
                card_id: int = card_id,
            ) -> ItemState:
                return schedule(state, rating, at, settings, seed=card_id, card_id=card_id)

            store.apply_review(
                deck_id,
                item_id,
                rating=rating,
                correct=None,
                response=RESPONSE,
                reviewed_at=at,
                duration_ms=review.duration_ms,
                next_state=next_state,
            )
            written += 1
    return HistoryResult(written, already, older, unplaced)
