"""What a session is made of: the items due today, in the order they are studied, or the items
chosen for a cram. Only ids are queued here; the session builds each item when it is shown."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Literal

from quiz.deck.items import deck_item_order, deck_items
from quiz.deck.model import Deck
from quiz.progress.contract import ProgressStore
from quiz.progress.state import Settings, from_epoch, to_epoch
from quiz.study.siblings import spread_siblings
from quiz.study.study_day import LEARN_AHEAD, study_day_bounds

ItemKind = Literal["new", "learning", "review", "cram"]
QueuedId = tuple[Deck, str, ItemKind]
"""A queued item before it is first shown: its deck, item id and kind."""


@dataclass
class DayQueue:
    """The items a session starts with: ``ready`` now, in order, and learning items due
    ``later`` in the session (with their due times); ``new`` are the ready items never
    reviewed (so known to have no state)."""

    ready: list[QueuedId] = field(default_factory=list)
    later: list[tuple[datetime, QueuedId]] = field(default_factory=list)
    new: list[QueuedId] = field(default_factory=list)


def card_key(deck: Deck, item_id: str) -> tuple[str, str]:
    """(deck id, card id) of an item: what its sibling items share."""
    return deck.id, item_id.partition("#")[0]


def select_decks(decks: Sequence[Deck], deck_id: str | None) -> list[Deck]:
    """All ``decks``, or the one with ``deck_id`` (``ValueError`` naming the ids if none)."""
    if deck_id is None:
        return list(decks)
    chosen = [deck for deck in decks if deck.id == deck_id]
    if not chosen:
        known = ", ".join(deck.id for deck in decks) or "none loaded"
        raise ValueError(f"no deck with id {deck_id!r} (decks: {known})")
    return chosen


def day_queue(
    store: ProgressStore,
    decks: Sequence[Deck],
    settings: Settings,
    now: datetime,
    tz: tzinfo | None,
) -> DayQueue:
    """Due (re)learning items first, then due reviews, then new items up to the daily limits
    (cloze siblings spread apart), for a session started at ``now``."""
    day_start, day_end = study_day_bounds(now, settings.rollover_hour, tz)
    now_epoch = to_epoch(now)  # dues are whole seconds: due <= now iff due <= this
    learning: list[tuple[int, QueuedId]] = []
    reviews: list[tuple[int, QueuedId]] = []
    queue = DayQueue()
    learn_until = now + LEARN_AHEAD
    for deck in decks:
        items = deck_items(deck)
        done = store.reviews_since(deck.id, day_start)
        learning.extend(
            (due, (deck, item_id, "learning"))
            for item_id, due in store.due_items(deck.id, learn_until, learning=True)
            if item_id in items
        )
        cap = max(0, settings.reviews_per_day - done.get("review", 0))
        if cap:
            due_reviews = store.due_items(deck.id, day_end, learning=False, page=cap)
            kept = ((item_id, due) for item_id, due in due_reviews if item_id in items)
            reviews.extend(
                (due, (deck, item_id, "review")) for item_id, due in itertools.islice(kept, cap)
            )
        new_cap = max(0, settings.new_per_day - done.get("new", 0))
        if new_cap:
            order = deck_item_order(deck)
            queue.new.extend(
                (deck, item_id, "new") for item_id in store.unreviewed(deck.id, order, new_cap)
            )
    learning.sort(key=lambda pair: pair[0])
    for due, entry in learning:
        if due <= now_epoch:
            queue.ready.append(entry)
        else:
            queue.later.append((from_epoch(due), entry))
    reviews.sort(key=lambda pair: pair[0])
    queue.ready.extend(entry for _, entry in reviews)
    queue.ready.extend(spread_siblings(queue.new, lambda entry: card_key(*entry[:2])))
    return queue


def cram_entries(
    decks: Sequence[Deck], item_ids: Sequence[tuple[str, str]] | None
) -> list[QueuedId]:
    """The items of a cram: every item of ``decks``, or the chosen (deck id, item id) pairs
    (a cloze card's id stands for all its groups; items not in the decks are skipped)."""
    by_deck = {deck.id: (deck, deck_items(deck)) for deck in decks}
    chosen: list[QueuedId] = []
    if item_ids is None:
        for deck, items in by_deck.values():
            chosen.extend((deck, item_id, "cram") for item_id in items)
    else:
        for deck_key, wanted in dict.fromkeys(item_ids):
            deck, items = by_deck.get(deck_key, (None, {}))
            matches = [i for i in items if i == wanted or i.startswith(f"{wanted}#c")]
            if deck is not None:
                chosen.extend((deck, i, "cram") for i in matches)
    return chosen
