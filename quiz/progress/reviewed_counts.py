"""How many of a deck's items were ever reviewed, kept in the file between runs, so that the
first count of a deck in a process does not read every reviewed id of it.

``deck_reviewed`` holds, for a deck, the digest of one sequence of its item ids (the deck file
as it was loaded), how many of those items had a state, and how many states the deck had in
all (the others are of items no longer in it). From then on, triggers note in
``deck_reviewed_changes``, inside the transaction that writes it, every state of that deck made
(``added`` 1) or deleted (0), an item made and then deleted again leaving no note
(:mod:`quiz.progress.schema`, version 4); so whatever process wrote them, the kept count and
the few items noted since give the count now. A count is written again, and its notes cleared,
only when it was known exactly at that moment: in a transaction started while no other
connection had committed since what it was computed from was read (``PRAGMA data_version``),
and never waiting for another process's write (the count is then written at a later time).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import suppress
from typing import NamedTuple


class KeptCount(NamedTuple):
    """A deck's kept count: the digest of the item sequence it is of, how many of those
    items had a state, how many states the deck had, and the items whose state was made
    (True) or deleted since."""

    items: str
    reviewed: int
    states: int
    changes: dict[str, bool]


def items_digest(item_ids: Sequence[str]) -> str:
    """What identifies a sequence of item ids (which never hold the separator: ids are slugs,
    with ``#c2`` for a cloze group)."""
    import hashlib

    return hashlib.sha256("\x1f".join(item_ids).encode("utf-8", "surrogatepass")).hexdigest()


def read_kept(db: sqlite3.Connection, deck_id: str) -> KeptCount | None:
    """The deck's kept count and the changes noted since, or None if none is kept."""
    row = db.execute(
        "SELECT items, reviewed, states FROM deck_reviewed WHERE deck_id = ?", (deck_id,)
    ).fetchone()
    if row is None:
        return None
    changes = db.execute(
        "SELECT item_id, added FROM deck_reviewed_changes WHERE deck_id = ?", (deck_id,)
    ).fetchall()
    return KeptCount(row[0], row[1], row[2], {item: bool(added) for item, added in changes})


def reviewed_now(kept: KeptCount, item_ids: Sequence[str]) -> tuple[int, int]:
    """How many of ``item_ids`` (the sequence ``kept`` is of) have a state now, and how many
    states the deck has."""
    changes = kept.changes
    if not changes:
        return kept.reviewed, kept.states
    made = sum(changes.values())
    noted = filter(changes.__contains__, item_ids)  # one pass in C: the changes are few
    reviewed = kept.reviewed + sum(1 if changes[item_id] else -1 for item_id in noted)
    return reviewed, kept.states + made - (len(changes) - made)


def keep(
    db: sqlite3.Connection, deck_id: str, items: str, counts: tuple[int, int], version: int
) -> None:
    """Keep ``counts`` (reviewed items, states) as the counts of the item sequence whose
    digest is ``items``, and clear the deck's notes, if no other connection has committed
    since ``PRAGMA data_version`` was ``version`` (the counts may be stale otherwise). Never
    waits for the write lock; a file that cannot be written only costs a later count its
    speed."""
    if db.in_transaction:
        return
    waited = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("PRAGMA data_version").fetchone()[0] == version:
                db.execute(
                    "INSERT OR REPLACE INTO deck_reviewed (deck_id, items, reviewed, states)"
                    " VALUES (?, ?, ?, ?)",
                    (deck_id, items, *counts),
                )
                db.execute("DELETE FROM deck_reviewed_changes WHERE deck_id = ?", (deck_id,))
            db.execute("COMMIT")
        except sqlite3.Error:
            if db.in_transaction:
                with suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
    except sqlite3.Error:  # busy, or a file that cannot be written
        pass
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(waited)}")
