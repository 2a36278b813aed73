"""The same decks and the same review history in a real Anki collection (the ``anki``
package of the dev group, Rust backend): what the scale figures measure Anki on.

Every review item of the quiz decks becomes a note of Anki's Basic type (one card) in a deck
``quiz::<deck id>``, with a question and an answer about as long as the synthetic cards'.
Each item's stored state becomes its card's (type, queue, due, interval and FSRS memory
state: stability, difficulty, desired retention and last review), and each logged review a
row of Anki's review log. Anki schedules by the machine's clock, so every time is moved by
the same amount, from :func:`benchmarks.inputs.fixed_now` to the moment the collection is
written: what is due a day after the fixed moment is due a day after that one. FSRS is on
(``fsrs`` in the collection's config, FSRS's default parameters as quiz uses them).

The decks keep Anki's default limits (20 new cards and 200 reviews a day, as quiz's
defaults), and their parent deck ``quiz`` (the current deck) has a preset of its own with
those limits times the number of decks: studying ``quiz`` offers what quiz's "all due" does.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.inputs import WORDS

NEW_PER_DAY, REVIEWS_PER_DAY = 20, 200  # Anki's defaults, and quiz's
BATCH = 10_000
_REVLOG_TYPE = {"new": 0, "learning": 0, "review": 1, "relearning": 2}
_CARD_TYPE = {"learning": (1, 1), "review": (2, 2), "relearning": (3, 1)}  # (type, queue)


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _history(store: Path) -> tuple[dict[tuple[str, str], tuple], list[tuple]]:
    """The quiz store's item states, by (deck id, item id), and its log in order."""
    db = sqlite3.connect(store)
    try:
        states = {
            (row[0], row[1]): row[2:]
            for row in db.execute(
                "SELECT deck_id, item_id, state, stability, difficulty, due, last_review"
                " FROM item_state"
            )
        }
        log = db.execute(
            "SELECT deck_id, item_id, rating, reviewed_at, duration_ms, kind, state_after"
            " FROM review_log ORDER BY id"
        ).fetchall()
    finally:
        db.close()
    return states, log


def build_collection(
    target: Path, store: Path, decks: Sequence[tuple[str, Sequence[str]]], fixed: datetime
) -> dict[str, int]:
    """Write a collection at ``target`` mirroring ``decks`` ((deck id, item ids) pairs) and
    the history in the quiz ``store``; gives back how many cards and log rows it holds."""
    from anki.collection import AddNoteRequest, Collection

    target.parent.mkdir(parents=True, exist_ok=True)
    col: Any = Collection(str(target))
    try:
        col.set_config("fsrs", True)
        basic = col.models.by_name("Basic")
        rng = random.Random(11)
        cards: dict[tuple[str, str], int] = {}
        for deck_id, items in decks:
            did = col.decks.id(f"quiz::{deck_id}")
            for first in range(0, len(items), BATCH):
                requests = []
                for item in items[first : first + BATCH]:
                    note = col.new_note(basic)
                    note["Front"] = f"{item}: {_text(rng, 14)}?"
                    note["Back"] = _text(rng, 60)
                    requests.append(AddNoteRequest(note=note, deck_id=did))
                col.add_notes(requests)
                by_note = dict(col.db.all("SELECT nid, id FROM cards WHERE did = ?", did))
                for item, request in zip(items[first : first + BATCH], requests, strict=True):
                    cards[(deck_id, item)] = by_note[request.note.id]
        offset = int(time.time()) - int(fixed.timestamp())
        states, log = _history(store)
        rows = _mirror_log(col, cards, offset, log)
        _mirror_states(col, cards, offset, states, log)
        _parent_deck(col, len(decks))
        return {"cards": len(cards), "revlog": rows}
    finally:
        col.close()


def _mirror_states(
    col: Any,
    cards: dict[tuple[str, str], int],
    offset: int,
    states: dict[tuple[str, str], tuple],
    log: list[tuple],
) -> None:
    """Each stored state onto its card (cards of items never reviewed stay new)."""
    reps: dict[tuple[str, str], int] = {}
    lapses: dict[tuple[str, str], int] = {}
    for deck_id, item_id, rating, _, _, kind, _ in log:
        key = (deck_id, item_id)
        reps[key] = reps.get(key, 0) + 1
        lapses[key] = lapses.get(key, 0) + (kind == "review" and rating == 1)
    today, cutoff = col.sched.today, col.sched.day_cutoff
    updates = []
    for key, (state, stability, difficulty, due, last) in states.items():
        card = cards.get(key)
        if card is None:
            continue
        kind, queue = _CARD_TYPE[state]
        moved = due + offset
        if state == "review":
            anki_due = today + (moved - cutoff) // 86_400 + 1
            interval = max(1, round((due - last) / 86_400))
        else:
            anki_due, interval = moved, max(1, round(stability or 1))
        data = {"s": stability, "d": difficulty, "dr": 0.9, "lrt": last + offset}
        counts = (reps.get(key, 0), lapses.get(key, 0), 1 if queue == 1 else 0)
        updates.append((kind, queue, anki_due, interval, *counts, json.dumps(data), card))
    col.db.executemany(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, reps = ?, lapses = ?,"
        " left = ?, data = ? WHERE id = ?",
        updates,
    )


def _mirror_log(col: Any, cards: dict[tuple[str, str], int], offset: int, log: list[tuple]) -> int:
    """Every logged review of a mirrored item as a row of Anki's review log."""
    rows, last_id = [], 0
    previous: dict[int, int] = {}
    for deck_id, item_id, rating, at, duration, kind, after in log:
        card = cards.get((deck_id, item_id))
        if card is None:
            continue
        state = json.loads(after)
        gap = state["due"] - at
        interval = round(gap / 86_400) if state["state"] == "review" else -max(1, gap)
        last_id = max((at + offset) * 1000, last_id + 1)  # Anki's ids are milliseconds
        rows.append((last_id, card, -1, rating, interval, previous.get(card, 0), 2500,
                     duration, _REVLOG_TYPE[kind]))  # fmt: skip
        previous[card] = interval
    col.db.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def _parent_deck(col: Any, decks: int) -> None:
    """The parent deck ``quiz``: current, with every deck's limits added up."""
    parent = col.decks.id("quiz")
    preset = col.decks.add_config("all quiz decks")
    preset["new"]["perDay"] = NEW_PER_DAY * decks
    preset["rev"]["perDay"] = REVIEWS_PER_DAY * decks
    col.decks.update_config(preset)
    deck = col.decks.get(parent)
    deck["conf"] = preset["id"]
    col.decks.save(deck)
    col.decks.select(parent)
