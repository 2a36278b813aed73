"""What a session is made of: the items due today, in the order they are studied, or the items
chosen for a cram. Only ids are queued here; the session builds each item when it is shown.

A session started now offers on its decks due (re)learning items, due reviews (and, before an
exam, the reviews it needs) and new items, within each deck's daily limits, leaving out what
is set aside (suspended, buried, a sibling of an item answered today) and items whose card
has left its deck.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal

from quiz.deck.items import StudyDeck, deck_item_order, deck_item_set, deck_items
from quiz.progress.contract import ProgressStore
from quiz.progress.state import from_epoch, to_epoch
from quiz.study.deck_schedule import DeckSchedules
from quiz.study.exam import brought_forward
from quiz.study.set_aside import hidden_items, unhidden_new
from quiz.study.siblings import spread_siblings
from quiz.study.study_day import LEARN_AHEAD, study_date, study_day_bounds

ItemKind = Literal["new", "learning", "review", "cram"]
QueuedId = tuple[StudyDeck, str, ItemKind]
"""A queued item before it is first shown: its deck, item id and kind."""
FAR_LATER = 2**62  # sorts items brought forward for an exam after every due review


@dataclass
class DayQueue:
    """The items a session starts with: ``ready`` now, in order, and learning items due
    ``later`` in the session (with their due times); ``new`` are the ready items never
    reviewed (so known to have no state)."""

    ready: list[QueuedId] = field(default_factory=list)
    later: list[tuple[datetime, QueuedId]] = field(default_factory=list)
    new: list[QueuedId] = field(default_factory=list)


def card_key(deck: StudyDeck, item_id: str) -> tuple[str, str]:
    """(deck id, card id) of an item: what its sibling items share."""
    return deck.id, item_id.partition("#")[0]


def select_decks(decks: Sequence[StudyDeck], deck_id: str | None) -> list[StudyDeck]:
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
    decks: Sequence[StudyDeck],
    schedules: DeckSchedules,
    now: datetime,
    tz: tzinfo | None = None,
    until: date | None = None,
) -> DayQueue:
    """Due (re)learning items first, then due reviews, then new items up to each deck's daily
    limits (cloze siblings spread apart), for a session started at ``now``. With an exam date
    (``until``, else the deck's own), the reviews of items FSRS predicts below the target
    recall on that date follow the due ones, hardest first, within the daily limit."""
    now_epoch = to_epoch(now)  # dues are whole seconds: due <= now iff due <= this
    learning: list[tuple[int, QueuedId]] = []
    reviews: list[tuple[int, QueuedId]] = []
    queue = DayQueue()
    learn_until = now + LEARN_AHEAD
    for deck in decks:
        settings = schedules.settings(deck.id)
        day_start, day_end = study_day_bounds(now, settings.rollover_hour, tz)
        # the deck's items are looked up only when the store holds states of others
        elsewhere = store.count_unreviewed(deck.id, deck_item_order(deck)).elsewhere
        items = deck_item_set(deck) if elsewhere else None
        hidden = hidden_items(store, deck.id, now, settings, tz)

        def wanted(item_id: str, items=items, hidden=hidden) -> bool:
            return (items is None or item_id in items) and item_id not in hidden

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
            due_now: list[tuple[int, QueuedId]] = [
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
            queue.new.extend(
                (deck, item_id, "new")
                for item_id in unhidden_new(store, deck.id, order, hidden, new_cap)
            )
    learning.sort(key=lambda pair: pair[0])
    for due, entry in learning:
        if due <= now_epoch:
            queue.ready.append(entry)
        else:
            queue.later.append((from_epoch(due), entry))
    reviews.sort(key=lambda pair: pair[0])  # stable: the exam's order stays hardest first
    queue.ready.extend(entry for _, entry in reviews)
    queue.ready.extend(spread_siblings(queue.new, lambda entry: card_key(*entry[:2])))
    return queue


def ahead_of_exam(
    store: ProgressStore, deck_id: str, schedules: DeckSchedules, exam: date, tz: tzinfo | None
) -> list[str]:
    """The deck's items to bring forward for its exam, hardest first."""
    settings, parameters = schedules.settings(deck_id), schedules.parameters(deck_id)
    return brought_forward(store.item_states(deck_id), exam, settings, parameters, tz)


def cram_entries(
    decks: Sequence[StudyDeck], item_ids: Sequence[tuple[str, str]] | None
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
