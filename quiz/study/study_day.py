"""The student's study day, and what a session started now would offer on a deck.

Needs only the store and a deck's item ids (no deck models), so the deck list can count a
deck before the deck itself is built.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from quiz.progress.contract import ProgressStore
from quiz.progress.state import utc

if TYPE_CHECKING:
    from quiz.deck.items import StudyDeck

LEARN_AHEAD = timedelta(minutes=20)
"""Learning items due within this time come back later in the same session."""


class DeckCounts(NamedTuple):  # a named tuple: made at start-up, where a dataclass is slower
    """What a session started now on this deck would offer (vanished cards excluded):
    ``new`` is what today's new limit lets in of the ``unseen`` items (never studied, not
    set aside)."""

    items: int
    new: int
    learning: int
    due: int
    unseen: int = 0


def study_date(now: datetime, rollover_hour: int, tz: tzinfo | None = None) -> date:
    """The local calendar date of the study day holding ``now`` (``tz`` None: the machine's)."""
    local = now.astimezone(tz) if tz is not None else now.astimezone()
    return (local.replace(tzinfo=None) - timedelta(hours=rollover_hour)).date()


def rollover_time(day: date, rollover_hour: int, tz: tzinfo | None = None) -> datetime:
    """When the study day ``day`` begins, in UTC (its local date at ``rollover_hour``)."""
    wall = datetime.combine(day, time(rollover_hour))
    return utc(wall.replace(tzinfo=tz) if tz is not None else wall.astimezone())


def study_day_bounds(
    now: datetime, rollover_hour: int, tz: tzinfo | None = None
) -> tuple[datetime, datetime]:
    """Start and end (UTC) of the study day holding ``now``.

    A study day runs from ``rollover_hour`` local time to the same hour the next day; ``tz``
    None means the machine's local timezone.
    """
    day = study_date(now, rollover_hour, tz)
    return rollover_time(day, rollover_hour, tz), rollover_time(
        day + timedelta(days=1), rollover_hour, tz
    )


def count_items(
    store: ProgressStore,
    deck_id: str,
    item_order: Sequence[str],
    now: datetime,
    *,
    tz: tzinfo | None = None,
    known: Container[str] | Callable[[], Container[str]] | None = None,
) -> DeckCounts:
    """New / learning / due counts of a deck whose review items are ``item_order``.

    Learning counts items due within :data:`LEARN_AHEAD`; due counts reviews due today,
    up to what is left of the daily review limit; new is capped by the daily new limit.
    Progress of items not in the deck (cards that left it) is not counted: only when the
    store holds some is each due item looked up in ``known``, ``item_order`` as a set (or
    what gives it), when the caller has one. ``unseen`` counts every item never studied and
    not set aside.
    """
    from quiz.study.set_aside import hidden_items  # it builds on this module
    from quiz.study.settings import deck_settings

    settings = deck_settings(store, deck_id)
    now = utc(now)
    hidden = hidden_items(store, deck_id, now, settings, tz)
    left_out = hidden.among(item_order) if hidden else frozenset()
    never, elsewhere = store.count_unreviewed(deck_id, item_order)
    in_deck = _item_set(item_order, known) if elsewhere else None

    def wanted(item_id: str) -> bool:
        return (in_deck is None or item_id in in_deck) and item_id not in left_out

    day_start, day_end = study_day_bounds(now, settings.rollover_hour, tz)
    done = store.reviews_since(deck_id, day_start)
    learning = sum(
        1
        for item_id, _ in store.due_items(deck_id, now + LEARN_AHEAD, learning=True)
        if wanted(item_id)
    )
    review_cap = max(0, settings.reviews_per_day - done.get("review", 0))
    due = 0
    if review_cap:
        for item_id, _ in store.due_items(deck_id, day_end, learning=False, page=review_cap):
            due += wanted(item_id)
            if due == review_cap:
                break
    new_cap = max(0, settings.new_per_day - done.get("new", 0))
    unseen = never - len(left_out)
    if left_out and never < len(item_order):  # those left out are taken off only if new
        unseen += len(store.states_of(deck_id, left_out))
    return DeckCounts(
        items=len(item_order) - len(left_out),
        new=min(new_cap, unseen),
        learning=learning,
        due=due,
        unseen=unseen,
    )


def _item_set(
    item_order: Sequence[str], known: Container[str] | Callable[[], Container[str]] | None
) -> Container[str]:
    if known is None:
        return frozenset(item_order)
    return known() if callable(known) else known


def deck_counts(
    store: ProgressStore, deck: StudyDeck, now: datetime, *, tz: tzinfo | None = None
) -> DeckCounts:
    """New / learning / due counts for a deck: what a session started at ``now`` would offer.

    See :func:`quiz.study.study_day.count_items`.
    """
    from quiz.deck.items import deck_item_order, deck_item_set  # the deck list's needs neither

    return count_items(store, deck.id, deck_item_order(deck), now, tz=tz, known=deck_item_set(deck))
