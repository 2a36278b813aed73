"""Items set aside from study: leeches, items suspended or buried by hand, and the siblings
of an item answered today (a card's other cloze groups), buried until the next study day.

Functions of the store and the time passed in; the session calls them and keeps what undo
needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from itertools import chain, filterfalse
from operator import methodcaller
from typing import Literal

from quiz.progress.contract import ProgressStore
from quiz.progress.state import ItemFlags, ReviewRow, Settings
from quiz.rating import Rating
from quiz.study.study_day import study_day_bounds


def card_of(item_id: str) -> str:
    """The card an item belongs to (a cloze group ``card#c2`` belongs to ``card``)."""
    return item_id.partition("#")[0]


@dataclass(frozen=True)
class HiddenItems:
    """The items a session leaves out: those ``flagged`` (suspended, buried until later)
    and every item of ``cards`` but the ``answered`` ones (siblings buried for the day)."""

    flagged: frozenset[str] = frozenset()
    cards: frozenset[str] = frozenset()
    answered: frozenset[str] = frozenset()

    def __contains__(self, item_id: object) -> bool:
        if not isinstance(item_id, str):
            return False
        if item_id in self.flagged:
            return True
        return card_of(item_id) in self.cards and item_id not in self.answered

    def __bool__(self) -> bool:
        return bool(self.flagged or self.cards)

    def among(self, item_ids: Sequence[str]) -> frozenset[str]:
        """Those of ``item_ids`` (a deck's items in deck order: each card's together) this
        leaves out, found without a Python step per item (a deck's items are tens of
        thousands; what is left out, a few): the siblings of an answered item lie around it."""
        found = set(filter(self.flagged.__contains__, item_ids)) if self.flagged else set()
        by_card: dict[str, list[str]] = {}
        for item_id in self.answered:
            if "#" in item_id and (card := card_of(item_id)) in self.cards:
                by_card.setdefault(card, []).append(item_id)
        for card in self.cards:
            run = _card_run(item_ids, card, by_card.get(card, ()))
            found.update(filterfalse(self.answered.__contains__, run))
        return frozenset(found)


def _card_run(item_ids: Sequence[str], card: str, answered: Iterable[str]) -> Iterable[str]:
    """The items of ``card`` among ``item_ids`` (deck order), found from one of its
    ``answered`` items when one is there, else by looking through them all."""
    for item_id in answered:
        try:
            at = item_ids.index(item_id)
        except ValueError:
            continue  # an item that left the deck
        start, end = at, at + 1
        while start > 0 and card_of(item_ids[start - 1]) == card:
            start -= 1
        while end < len(item_ids) and card_of(item_ids[end]) == card:
            end += 1
        return item_ids[start:end]
    group = f"{card}#"
    return chain(filter(methodcaller("startswith", group), item_ids), filter(card.__eq__, item_ids))


def unhidden_new(
    store: ProgressStore, deck_id: str, item_order: Sequence[str], hidden: HiddenItems, cap: int
) -> list[str]:
    """The first ``cap`` items of ``item_order`` never reviewed and not hidden.

    Asks the store for the deck's fixed sequence itself (whose reviewed prefix the store
    keeps, :mod:`quiz.progress.reviewed`), a few more than wanted, and leaves the hidden out.
    """
    if not hidden:
        return store.unreviewed(deck_id, item_order, cap)
    wanted = cap + len(hidden.flagged) + 4 * len(hidden.cards)
    while True:
        found = store.unreviewed(deck_id, item_order, wanted)
        kept = [item for item in found if item not in hidden]
        if len(kept) >= cap or len(found) < wanted:
            return kept[:cap]
        wanted *= 2


def hidden_items(
    store: ProgressStore,
    deck_id: str,
    now: datetime,
    settings: Settings,
    tz: tzinfo | None = None,
) -> HiddenItems:
    """The deck's items a session at ``now`` leaves out: suspended, buried until later,
    and (with ``bury_siblings``) the siblings of items reviewed this study day."""
    flagged = frozenset(
        item for item, flags in store.item_flags(deck_id).items() if flags.hidden_at(now)
    )
    if not settings.bury_siblings:
        return HiddenItems(flagged)
    day_start, _ = study_day_bounds(now, settings.rollover_hour, tz)
    answered = frozenset(store.reviewed_since(deck_id, day_start))
    cards = frozenset(card_of(item) for item in answered if "#" in item)
    return HiddenItems(flagged, cards, answered)


def bury_end(now: datetime, settings: Settings, tz: tzinfo | None = None) -> datetime:
    """When an item buried at ``now`` comes back: the start of the next study day."""
    return study_day_bounds(now, settings.rollover_hour, tz)[1]


@dataclass(frozen=True)
class LeechEvent:
    """An item that has just become a leech: how often it lapsed, whether it was suspended,
    and the flags it had before (what undo sets again)."""

    deck_id: str
    item_id: str
    lapses: int
    suspended: bool
    before: ItemFlags


def lapses(reviews: Iterable[ReviewRow]) -> int:
    """How many of these reviews were lapses: Again on an item in review."""
    return sum(1 for row in reviews if row.kind == "review" and row.rating == Rating.AGAIN)


def check_leech(store: ProgressStore, settings: Settings, row: ReviewRow) -> LeechEvent | None:
    """After a review: when it was a lapse that brings the item's lapses to the leech
    threshold (or another half of it past, as Anki does), tag the item a leech and, with
    ``leech_action`` "suspend", suspend it. Gives back what happened, or None."""
    if row.kind != "review" or row.rating != Rating.AGAIN:
        return None
    count = lapses(store.history(row.deck_id, row.item_id))
    threshold = settings.leech_threshold
    step = max(1, threshold // 2)
    if count < threshold or (count - threshold) % step:
        return None
    suspend = settings.leech_action == "suspend"
    before = store.item_flags(row.deck_id).get(row.item_id, ItemFlags())
    flags = replace(before, leech=True, suspended=before.suspended or suspend)
    store.set_item_flags(row.deck_id, row.item_id, flags)
    return LeechEvent(row.deck_id, row.item_id, count, suspend, before)


def leech_message(event: LeechEvent, explanation: str | None) -> str:
    """What the study screen says when an answer makes its item a leech."""
    then = (
        "It is suspended: unsuspend it from Browse or its card page once you have reworked it."
        if event.suspended
        else "It is tagged as a leech; Browse lists the leeches."
    )
    times = "once" if event.lapses == 1 else f"{event.lapses} times"
    text = f"Forgotten {times}: this card is a leech. {then}"
    return f"{text}\n{explanation}" if explanation else text


def flag_words(flags: ItemFlags | None, now: datetime) -> list[str]:
    """How a card list or page names what sets an item aside ("suspended", "buried",
    "leech")."""
    if flags is None:
        return []
    words = ["suspended"] if flags.suspended else []
    if flags.buried_until is not None and flags.buried_until > now:
        words.append("buried")
    return [*words, "leech"] if flags.leech else words


def unsuspend(store: ProgressStore, deck_id: str, item_ids: Iterable[str]) -> int:
    """Let these items be studied again: neither suspended nor buried (a leech keeps its
    tag). Gives back how many were set aside."""
    flags = store.item_flags(deck_id)
    released = 0
    for item_id in item_ids:
        before = flags.get(item_id)
        if before is not None and (before.suspended or before.buried_until is not None):
            store.set_item_flags(
                deck_id, item_id, replace(before, suspended=False, buried_until=None)
            )
            released += 1
    return released


def set_card_aside(
    store: ProgressStore,
    deck_id: str,
    item_ids: Iterable[str],
    how: Literal["suspend", "bury"],
    now: datetime,
    tz: tzinfo | None = None,
) -> None:
    """Suspend these items (a card's), or bury them until the deck's next study day, as from
    Browse; :func:`unsuspend` takes either back."""
    from quiz.study.settings import deck_settings

    until = bury_end(now, deck_settings(store, deck_id), tz)
    flags = store.item_flags(deck_id)
    for item_id in item_ids:
        before = flags.get(item_id, ItemFlags())
        after = (
            replace(before, suspended=True)
            if how == "suspend"
            else replace(before, buried_until=until)
        )
        store.set_item_flags(deck_id, item_id, after)
