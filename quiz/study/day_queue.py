"""What a session started now offers on its decks: due (re)learning items, due reviews (and,
before an exam, the reviews it needs) and new items, within each deck's daily limits,
leaving out what is set aside (suspended, buried, a sibling of an item answered today) and
items whose card has left its deck.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from typing import Literal, NamedTuple

from quiz.deck.items import deck_item_order, deck_items
from quiz.deck.model import Deck
from quiz.progress.contract import ProgressStore
from quiz.study.deck_schedule import DeckSchedules
from quiz.study.exam import brought_forward
from quiz.study.set_aside import hidden_items
from quiz.study.study_day import LEARN_AHEAD, study_date, study_day_bounds

ItemKind = Literal["new", "learning", "review", "cram"]
Entry = tuple[Deck, str, ItemKind]
FAR_LATER = 2**62  # sorts items brought forward for an exam after every due review


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
    until: date | None = None,
) -> DayQueue:
    """The queue of a session at ``now`` on ``decks`` (see the module). With an exam date
    (``until``, else the deck's own), the reviews of items FSRS predicts below the target
    recall on that date follow the due ones, hardest first, within the daily limit."""
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
            due_now: list[tuple[int, Entry]] = [
                (due, (deck, item_id, "review")) for item_id, due in itertools.islice(kept, cap)
            ]
            reviews.extend(due_now)
            exam = until or schedules.exam(deck.id)
            if exam is not None and exam > study_date(now, settings.rollover_hour, tz):
                queued = {entry[1] for _, entry in due_now}
                ahead = ahead_of_exam(store, deck.id, schedules, exam, tz)
                wanted_ahead = (i for i in ahead if i not in queued and wanted(i))
                extra = itertools.islice(wanted_ahead, cap - len(due_now))
                reviews.extend((FAR_LATER, (deck, item_id, "review")) for item_id in extra)
        new_cap = max(0, settings.new_per_day - done.get("new", 0))
        if new_cap:
            order = deck_item_order(deck)
            offered = (item_id for item_id in order if item_id not in hidden) if hidden else order
            new.extend(
                (deck, item_id, "new") for item_id in store.unreviewed(deck.id, offered, new_cap)
            )
    learning.sort(key=lambda pair: pair[0])
    reviews.sort(key=lambda pair: pair[0])  # stable: the exam's order stays hardest first
    return DayQueue(learning, [entry for _, entry in reviews], new)


def ahead_of_exam(
    store: ProgressStore, deck_id: str, schedules: DeckSchedules, exam: date, tz: tzinfo | None
) -> list[str]:
    """The deck's items to bring forward for its exam, hardest first."""
    settings, parameters = schedules.settings(deck_id), schedules.parameters(deck_id)
    return brought_forward(store.item_states(deck_id), exam, settings, parameters, tz)
