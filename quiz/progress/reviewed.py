"""Which items of a deck were ever reviewed, read once per deck and then kept up to date.

Finding a deck's new items means checking every item id against the store; on a deck of
tens of thousands of items, reading the reviewed ids once and keeping them makes each
session start and deck count cheap. The sets stay valid while no other connection commits
(``PRAGMA data_version`` tells); the store notes its own writes inside their transaction
and resets the sets when a transaction fails. How many of a deck's items were reviewed is
also kept in the file (:mod:`quiz.progress.reviewed_counts`), so that the first count of a
deck in a process needs none of its reviewed ids.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Sequence
from types import MappingProxyType

from quiz.progress.reviewed_counts import items_digest, keep, read_kept, reviewed_now
from quiz.progress.state import ReviewedCount

# Item sequences that cannot change, so a reviewed prefix of one stays valid.
FIXED_SEQUENCES = (tuple, MappingProxyType)


class ReviewedItems:
    """Reviewed item ids per deck for one connection; the caller serializes its use."""

    def __init__(self) -> None:
        self._by_deck: dict[str, set[str]] = {}
        self._version: int | None = None
        # deck id -> (an item sequence, how many of its first items are all reviewed)
        self._prefix: dict[str, tuple[object, int]] = {}
        self._digests: dict[str, tuple[object, str]] = {}  # deck id -> (a sequence, its digest)

    def _current(self, db: sqlite3.Connection) -> int:
        """``PRAGMA data_version`` now, everything kept forgotten if it changed (another
        connection committed)."""
        version = db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self.reset()
            self._version = version
        return version

    def ids(self, db: sqlite3.Connection, deck_id: str) -> set[str]:
        """The reviewed item ids of a deck (the kept set itself: do not modify it)."""
        self._current(db)
        known = self._by_deck.get(deck_id)
        if known is None:
            # One joined string, split in C: twice as fast as a row per id on a large deck.
            # Item ids are slugs (with "#c2" for a cloze group), so never hold the separator.
            joined = db.execute(
                "SELECT group_concat(item_id, char(31)) FROM item_state WHERE deck_id = ?",
                (deck_id,),
            ).fetchone()[0]
            known = self._by_deck[deck_id] = set(joined.split("\x1f")) if joined else set()
        return known

    def count_unreviewed(
        self, db: sqlite3.Connection, deck_id: str, item_ids: Sequence[str]
    ) -> ReviewedCount:
        """How many of ``item_ids`` (distinct) were never reviewed, and how many of the
        deck's states are of other items: from the counts kept in the file when they are of
        this very sequence, else from the deck's reviewed ids (read once, as :meth:`ids`
        does); the counts are kept again whenever they were not up to date."""
        version = self._current(db)
        digest = self._digest(deck_id, item_ids)
        kept = read_kept(db, deck_id)
        known = self._by_deck.get(deck_id)
        if known is None and kept is not None and kept.items == digest:
            reviewed, states = reviewed_now(kept, item_ids)
        else:
            known = self.ids(db, deck_id) if known is None else known
            reviewed, states = sum(map(known.__contains__, item_ids)), len(known)
        if kept is None or kept.items != digest or kept.changes:
            keep(db, deck_id, digest, (reviewed, states), version)
        return ReviewedCount(len(item_ids) - reviewed, states - reviewed)

    def _digest(self, deck_id: str, item_ids: Sequence[str]) -> str:
        kept = self._digests.get(deck_id)
        if kept is not None and kept[0] is item_ids:
            return kept[1]
        digest = items_digest(item_ids)
        if isinstance(item_ids, FIXED_SEQUENCES):
            self._digests[deck_id] = (item_ids, digest)
        return digest

    def note(self, deck_id: str, item_id: str, *, exists: bool) -> None:
        """This connection committed a state for an item (``exists``) or deleted it."""
        known = self._by_deck.get(deck_id)
        if known is not None:
            if exists:
                known.add(item_id)
            else:
                known.discard(item_id)
        if not exists:
            self._prefix.pop(deck_id, None)

    def forget(self, deck_id: str) -> None:
        """This connection changed many of the deck's items."""
        self._by_deck.pop(deck_id, None)
        self._prefix.pop(deck_id, None)

    def reset(self) -> None:
        """Forget everything (a write noted here was rolled back)."""
        self._by_deck.clear()
        self._prefix.clear()
        self._version = None

    def unreviewed(
        self, db: sqlite3.Connection, deck_id: str, item_ids: Iterable[str], limit: int, page: int
    ) -> list[str]:
        """The first ``limit`` of ``item_ids`` (in their order) that were never reviewed.

        A deck studied for long has thousands of reviewed items before its first new one:
        those found last time are skipped (for the same fixed sequence of ids), then whole
        pages of ``page`` reviewed ids at a time. A tuple of ids whose items were all
        reviewed, as the count kept in the file says, needs none of its reviewed ids.
        """
        if (
            limit > 0
            and isinstance(item_ids, tuple)
            and deck_id not in self._by_deck
            and not self.count_unreviewed(db, deck_id, item_ids).never
        ):
            return []
        reviewed = self.ids(db, deck_id)
        if limit <= 0:
            first = itertools.islice(item_ids, page)
            return [item for item in first if item not in reviewed][:limit]
        position = self._reviewed_prefix(deck_id, item_ids)
        if isinstance(item_ids, tuple):
            iterator = iter(item_ids[position:])
        else:
            iterator = iter(item_ids)
            next(itertools.islice(iterator, position, position), None)
        found: list[str] = []
        first_new: int | None = None
        while chunk := list(itertools.islice(iterator, page)):
            if first_new is None and reviewed.issuperset(chunk):
                position += len(chunk)
                continue
            for index, item in enumerate(chunk):
                if item not in reviewed:
                    if first_new is None:
                        first_new = position + index
                    found.append(item)
                    if len(found) >= limit:
                        break
            if len(found) >= limit:
                break
            position += len(chunk)
        self._keep_prefix(deck_id, item_ids, position if first_new is None else first_new)
        return found

    def _reviewed_prefix(self, deck_id: str, items: object) -> int:
        """How many first items of ``items`` are known to be reviewed (0 when not known).

        Known only for the very sequence last passed to :meth:`_keep_prefix`: items are
        reviewed one by one, so a prefix stays reviewed until a review is undone or a deck
        reset, which forget it.
        """
        kept = self._prefix.get(deck_id)
        return kept[1] if kept is not None and kept[0] is items else 0

    def _keep_prefix(self, deck_id: str, items: object, count: int) -> None:
        """The first ``count`` items of ``items`` are reviewed (kept for fixed sequences)."""
        if isinstance(items, FIXED_SEQUENCES):
            self._prefix[deck_id] = (items, count)
