"""A session's items set aside, and their undo: an answer that makes its item a leech, the
siblings an answer buries for the day, and items suspended or buried by hand.

Owned by :class:`quiz.study.session.StudySession` (as ``session.aside``), whose queue it
changes; kept in its own module so the session's module stays about answering.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from quiz.progress.state import ItemFlags, ReviewRow, utc
from quiz.study.set_aside import LeechEvent, bury_end, card_of, check_leech

if TYPE_CHECKING:
    from quiz.study.session import Queued, StudyItem, StudySession

SetAsideHow = Literal["suspend", "bury"]


def _entry_key(entry: Queued) -> tuple[str, str]:
    if isinstance(entry, tuple):
        return entry[0].id, entry[1]
    return entry.deck.id, entry.item_id


@dataclass(frozen=True)
class _ByHand:
    item: StudyItem
    before: ItemFlags
    next_from: object
    answers: int  # answers saved when it was set aside: undone when the session is back there
    shown_at: datetime


class SessionAside:
    """Leeches, buried siblings and items set aside by hand in one session."""

    def __init__(self, session: StudySession) -> None:
        self._session = session
        self.last_leech: LeechEvent | None = None
        """The leech the latest saved answer made, for the study screen to announce."""
        self._leeches: dict[int, LeechEvent] = {}
        self._buried: dict[int, list[tuple[int, Queued]]] = {}
        self._by_hand: list[_ByHand] = []

    # -- after an answer -------------------------------------------------------------------

    def after_review(self, row: ReviewRow) -> bool:
        """Tag (and maybe suspend) a new leech and bury the answered item's siblings still
        queued; whether the item may come back in this session (not when suspended)."""
        session = self._session
        settings = session._schedules.settings(row.deck_id)
        event = check_leech(session._store, settings, row)
        self.last_leech = event
        if event is not None:
            self._leeches[row.id] = event
        if settings.bury_siblings and "#" in row.item_id:
            card = card_of(row.item_id)
            buried = [
                (index, entry)
                for index, entry in enumerate(session._queue)
                if (key := _entry_key(entry))[0] == row.deck_id
                and card_of(key[1]) == card
                and key[1] != row.item_id
            ]
            for index, _ in reversed(buried):
                del session._queue[index]
            self._buried[row.id] = buried
        return event is None or not event.suspended

    def undo_review(self, review_id: int) -> None:
        """Undo what :meth:`after_review` did for the review ``review_id``, once the session's
        queue is back as it was just after that answer was saved."""
        session = self._session
        event = self._leeches.pop(review_id, None)
        if event is not None:
            session._store.set_item_flags(event.deck_id, event.item_id, event.before)
        for index, entry in self._buried.pop(review_id, []):
            session._queue.insert(index, entry)
        self.last_leech = None

    # -- by hand ---------------------------------------------------------------------------

    def set_aside(self, how: SetAsideHow, now: datetime) -> StudyItem | None:
        """Suspend the current item, or bury it until the next study day, and move on to the
        next item (which is given back). ``ValueError`` when cramming, when there is no
        item, or while its answer is on screen."""
        session = self._session
        item = session._require_current()
        if session.is_cram or session.pending is not None:
            raise ValueError("only a question not yet answered can be set aside")
        now = utc(now)
        store, deck_id = session._store, item.deck.id
        before = store.item_flags(deck_id).get(item.item_id, ItemFlags())
        if how == "suspend":
            flags = replace(before, suspended=True)
        else:
            until = bury_end(now, session._schedules.settings(deck_id), session._schedules.tz)
            flags = replace(before, buried_until=until)
        store.set_item_flags(deck_id, item.item_id, flags)
        next_from = session._advance(now)
        self._by_hand.append(_ByHand(item, before, next_from, session.answered, session._shown_at))
        session._shown_at = now
        return session.current

    def can_undo_set_aside(self) -> bool:
        """Whether the latest thing to undo is an item set aside by hand."""
        session = self._session
        return (
            bool(self._by_hand)
            and self._by_hand[-1].answers == session.answered
            and session.pending is None
        )

    def undo_set_aside(self) -> StudyItem:
        """Give the latest item set aside by hand its flags back and make it current again."""
        session = self._session
        entry = self._by_hand.pop()
        session._store.set_item_flags(entry.item.deck.id, entry.item.item_id, entry.before)
        if entry.next_from == "queue":
            if session.current is not None:
                session._queue.appendleft(session.current)
        elif entry.next_from is not None:
            session._later.insert(0, entry.next_from)  # pyright: ignore[reportArgumentType]
        session.current = entry.item
        session._shown_at = entry.shown_at
        return entry.item
