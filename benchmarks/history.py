"""A progress store with a realistic review history, written in bulk for the benchmarks."""

from __future__ import annotations

import json
import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from quiz.progress.integrity import CHECKED_KEY

RELEARNING_SHARE = 0.01  # of the due items, those left in relearning


@dataclass(frozen=True)
class StoreShape:
    """What :func:`build_store` wrote: how many items, how many due, how many log rows."""

    items: int
    due: int
    learning_due: int
    reviews: int


def _history(
    rng: random.Random, now: datetime, due_now: bool
) -> list[tuple[str, int | None, float, float, int, int, int]]:
    """One item's reviews, oldest first: (state, step, stability, difficulty, due, at, rating).

    Intervals grow with stability and an Again sends the item to relearning, as in FSRS. The
    last review was before ``now`` and leaves the item due before ``now`` (``due_now``; in
    relearning for :data:`RELEARNING_SHARE` of them) or some days after it.
    """
    count = rng.randint(1, 8)
    stability, difficulty = rng.uniform(0.5, 3.0), rng.uniform(3.0, 8.0)
    steps = []
    for _ in range(count):
        rating = 1 if rng.random() < 0.12 else rng.choice((2, 3, 3, 3, 4))
        if rating == 1:
            stability = max(0.1, stability * 0.4)
            steps.append(("relearning", 0, stability, rating, timedelta(minutes=10)))
        else:
            stability *= rng.uniform(1.6, 3.2)
            steps.append(("review", None, stability, rating, timedelta(days=max(1.0, stability))))
    state, step, stability, rating, interval = steps[-1]
    if due_now and (state == "relearning") != (rng.random() < RELEARNING_SHARE):
        # An item is left in relearning only when a session ended right after a lapse.
        if state == "relearning":
            state, step, stability, rating = "review", None, stability * 2.5, 3
            interval = timedelta(days=max(1.0, stability))
        else:
            state, step, stability, rating = "relearning", 0, max(0.1, stability * 0.4), 1
            interval = timedelta(minutes=10)
        steps[-1] = (state, step, stability, rating, interval)
    if due_now:
        due = now - timedelta(minutes=rng.randint(1, 3 * 24 * 60))
        last = due - min(interval, timedelta(days=30))
    else:
        state, step = "review", None
        last = now - timedelta(hours=rng.uniform(24, 20 * 24))
        due = last + max(interval, now - last + timedelta(days=1))
    times = [last]
    for _, _, _, _, gap in reversed(steps[:-1]):
        times.append(times[-1] - gap - timedelta(minutes=rng.randint(0, 600)))
    times.reverse()
    rows = []
    for (kind, kind_step, kind_stability, kind_rating, gap), at in zip(steps, times, strict=True):
        rows.append(
            (
                kind,
                kind_step,
                kind_stability,
                difficulty,
                int((at + gap).timestamp()),
                int(at.timestamp()),
                kind_rating,
            )
        )
    rows[-1] = (
        state,
        step,
        stability,
        difficulty,
        int(due.timestamp()),
        int(last.timestamp()),
        rating,
    )
    return rows


def build_store(
    path: Path,
    items: list[tuple[str, str]],
    now: datetime,
    *,
    due_fraction: float = 0.2,
    seed: int = 7,
) -> StoreShape:
    """A progress store holding ``items`` ((deck id, item id) pairs) with a review history.

    ``due_fraction`` of them are due at ``now`` (a few in relearning, most reviews); the rest
    are due later. The schema is made by the real SQLite backend (through
    :func:`quiz.progress.open.open_store`); rows are then written in bulk.
    """
    from quiz.progress.open import open_store

    open_store(path).close()
    rng = random.Random(seed)
    due_count = round(len(items) * due_fraction)
    due_set = set(rng.sample(range(len(items)), due_count))
    states, log = [], []
    learning_due = 0
    for index, (deck_id, item_id) in enumerate(items):
        before = None
        for row in _history(rng, now, index in due_set):
            state, step, stability, difficulty, due, at, rating = row
            after = {
                "state": state,
                "step": step,
                "stability": stability,
                "difficulty": difficulty,
                "due": due,
                "last_review": at,
            }
            kind = "new" if before is None else before["state"]
            log.append(
                (
                    deck_id,
                    item_id,
                    rating,
                    int(rating > 1),
                    '{"type":"reveal"}',
                    at,
                    4000,
                    kind,
                    None if before is None else json.dumps(before),
                    json.dumps(after),
                )
            )
            before = after
        assert before is not None
        learning_due += before["state"] != "review" and index in due_set
        states.append((deck_id, item_id, *before.values()))
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO item_state (deck_id, item_id, state, step, stability, difficulty,"
            " due, last_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            states,
        )
        log.sort(key=lambda row: row[5])  # the log is in time order, as a real one is
        db.executemany(
            "INSERT INTO review_log (deck_id, item_id, rating, correct, response, reviewed_at,"
            " duration_ms, kind, state_before, state_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            log,
        )
        # written whole just now: a new file is as checked as one that passed the full check
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (CHECKED_KEY, json.dumps(int(time.time()))),
        )
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return StoreShape(len(items), due_count, learning_due, len(log))
