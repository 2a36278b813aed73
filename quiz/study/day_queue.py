"""What a session started now offers on its decks: due (re)learning items, due reviews and
new items, within each deck's daily limits, leaving out what is set aside (suspended,
buried, a sibling of an item answered today) and items whose card has left its deck.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Literal, NamedTuple

from quiz.deck.items import deck_item_order, deck_items
from quiz.deck.model import Deck
from quiz.progress.contract import ProgressStore
from quiz.study.deck_schedule import DeckSchedules
from quiz.study.set_aside import hidden_items
from quiz.study.study_day import LEARN_AHEAD, study_day_bounds

ItemKind = Literal["new", "learning", "review", "cram"]
Entry = tuple[Deck, str, ItemKind]


class DayQueue(NamedTuple):
    """The entries of a session's queue: (due epoch seconds, entry) of learning items,
    earliest first; reviews, earliest due first; new items in deck order."""

    learning: list[tuple[int, Entry]]
    reviews: list[Entry]
    new: list[Entry]


def day_queue(
    store: ProgressStore,
    decks: Sequence[Deck],
    schedules: DeckSchedules,
    now: datetime,
    tz: tzinfo | None = None,
) -> DayQueue:
    """The queue of a session at ``now`` on ``decks`` (see the module)."""
    learning: list[tuple[int, Entry]] = []
    reviews: list[tuple[int, Entry]] = []
    new: list[Entry] = []
    learn_until = now + LEARN_AHEAD
    for deck in decks:
        settings = schedules.settings(deck.id)
        day_start, day_end = study_day_bounds(now, settings.rollover_hour, tz)
        items = deck_items(deck)
        hidden = hidden_items(store, deck.id, now, settings, tz)

        def wanted(item_id: str, items=items, hidden=hidden) -> bool:
            return item_id in items and item_id not in hidden

        done = store.reviews_since(deck.id, day_start)
        learning.extend(
            (due, (deck, item_id, "learning"))
            for item_id, due in store.due_items(deck.id, learn_until, learning=True)
            if wanted(item_id)
        )
        cap = max(0, settings.reviews_per_day - done.get("review", 0))
        if cap:
            due_reviews = store.due_items(deck.id, day_end, learning=False, page=cap)
            kept = ((item_id, due) for item_id, due in due_reviews if wanted(item_id))
            reviews.extend(
                (due, (deck, item_id, "review")) for item_id, due in itertools.islice(kept, cap)
            )
        new_cap = max(0, settings.new_per_day - done.get("new", 0))
        if new_cap:
            order = deck_item_order(deck)
            offered = (item_id for item_id in order if item_id not in hidden) if hidden else order
            new.extend(
                (deck, item_id, "new") for item_id in store.unreviewed(deck.id, offered, new_cap)
            )
    learning.sort(key=lambda pair: pair[0])
    reviews.sort(key=lambda pair: pair[0])
    return DayQueue(learning, [entry for _, entry in reviews], new)
