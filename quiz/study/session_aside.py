"""A session's items set aside, and their undo: an answer that makes its item a leech, the
siblings an answer buries for the day, and items suspended or buried by hand.

Owned by :class:`quiz.study.session.StudySession` (as ``session.aside``), whose queue it
changes; kept in its own module so the session's module stays about answering. What it reads
and writes in the store goes through the session's store calls, in order with the reviews:
a leech is found in the review's own write (so, in the app, after the student has moved on:
:attr:`SessionAside.on_leech` hears of it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from quiz.progress.state import ItemFlags, ReviewRow, utc
from quiz.rating import Rating
from quiz.study.set_aside import LeechEvent, bury_end, check_leech

if TYPE_CHECKING:
    from quiz.study.session import StudySession
    from quiz.study.study_item import Queued, StudyItem

SetAsideHow = Literal["suspend", "bury"]
LEECH_WAIT_SECONDS = 2.0


def _entry_key(entry: Queued) -> tuple[str, str]:
    if isinstance(entry, tuple):
        return entry[0].id, entry[1]
    return entry.deck.id, entry.item_id


@dataclass(frozen=True)
class _ByHand:
    item: StudyItem
    before: Future[ItemFlags]  # the item's flags before, once its write has run
    next_from: object
    answers: int  # answers saved when it was set aside: undone when the session is back there


class SessionAside:
    """Leeches, buried siblings and items set aside by hand in one session."""

    def __init__(self, session: StudySession) -> None:
        self._session = session
        self.last_leech: LeechEvent | None = None
        """The leech the latest written answer made."""
        self.on_leech: Callable[[LeechEvent], None] | None = None
        """Called with each new leech, from the thread that wrote its review."""
        self._leeches: dict[int, LeechEvent] = {}  # by the number of the answer that made it
        self._buried: dict[int, list[tuple[int, Queued]]] = {}
        self._by_hand: list[_ByHand] = []
        self.suspended: set[tuple[str, str]] = set()
        """Items a leech suspended in this session: they are not shown again."""

    # -- the session's learning items due later ---------------------------------------------

    def next_later(self) -> int | None:
        """Where in the session's learning items due later the next one to show is: a leech
        suspended in this session, heard of after its answer was queued, stays there (so
        that undoing that answer finds it) but is never shown."""
        later, suspended = self._session._later, self.suspended
        return next((i for i, (*_, e) in enumerate(later) if _entry_key(e) not in suspended), None)

    def later_shown(self) -> int:
        """How many of the session's learning items due later are still to be shown."""
        suspended = self.suspended
        return sum(_entry_key(entry) not in suspended for *_, entry in self._session._later)

    # -- after an answer -------------------------------------------------------------------

    def bury_siblings(self, deck_id: str, item_id: str, answer: int) -> None:
        """Take out of the queue the other cloze groups of the item just answered (answer
        number ``answer``), when the deck buries siblings."""
        session = self._session
        if "#" not in item_id or not session._schedules.settings(deck_id).bury_siblings:
            return
        self._buried[answer] = session._queue.take_siblings(deck_id, item_id)

    def after_review(self, row: ReviewRow, answer: int) -> None:
        """In the review's write: tag (and maybe suspend) the item when the review made it a
        leech."""
        session = self._session
        event = check_leech(session._store, session._schedules.settings(row.deck_id), row)
        self.last_leech = event
        if event is None:
            return
        self._leeches[answer] = event
        if event.suspended:
            self.suspended.add((event.deck_id, event.item_id))
        if self.on_leech is not None:
            self.on_leech(event)

    def await_leech(self, review: Future[ReviewRow], rating: Rating) -> None:
        """A lapse whose item would be shown again at once (nothing else is left): wait for
        its write, which finds whether it made the item a suspended leech, for at most
        :data:`LEECH_WAIT_SECONDS` (a store that holds the write back is not waited for)."""
        if rating == Rating.AGAIN:
            with contextlib.suppress(Exception):  # the write's own error is the app's to show
                review.exception(timeout=LEECH_WAIT_SECONDS)

    def undo_leech(self, answer: int) -> None:
        """In the undo's write: give back the flags a leech changed (answer ``answer``)."""
        event = self._leeches.pop(answer, None)
        if event is not None:
            self._session._store.set_item_flags(event.deck_id, event.item_id, event.before)
            self.suspended.discard((event.deck_id, event.item_id))
        self.last_leech = None

    def unbury(self, answer: int) -> None:
        """Put back the siblings answer ``answer`` buried, once the session's queue is back as
        it was just after that answer was saved."""
        for index, entry in self._buried.pop(answer, []):
            self._session._queue.insert(index, entry)

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
        store, deck_id, item_id = session._store, item.deck.id, item.item_id
        until = bury_end(now, session._schedules.settings(deck_id), session._schedules.tz)

        def write() -> ItemFlags:
            before = store.item_flags(deck_id).get(item_id, ItemFlags())
            if how == "suspend":
                flags = replace(before, suspended=True)
            else:
                flags = replace(before, buried_until=until)
            store.set_item_flags(deck_id, item_id, flags)
            return before

        before = session._calls.submit(write, write=True)
        next_from = session._advance(now)
        self._by_hand.append(_ByHand(item, before, next_from, session.answered))
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

    def undo_set_aside(self, now: datetime) -> StudyItem:
        """Give the latest item set aside by hand its flags back and make it current again,
        timed from ``now``."""
        session = self._session
        entry = self._by_hand.pop()
        deck_id, item_id = entry.item.deck.id, entry.item.item_id
        session._calls.submit(
            lambda: session._store.set_item_flags(deck_id, item_id, entry.before.result()),
            write=True,
        )
        if entry.next_from == "queue":
            if session.current is not None:
                session._queue.appendleft(session.current)
        elif entry.next_from is not None:
            session._later.insert(0, entry.next_from)  # pyright: ignore[reportArgumentType]
        session.current = entry.item
        session._shown_at = utc(now)
        return entry.item
