"""A study session: the queue of items the student works through, and what each answer does.

The queue for a given time holds due (re)learning items first, then due reviews, then new
items up to the daily limits. "Today" is the student's local day, starting at the rollover
hour. Items whose card has left its deck keep their progress in the store but are never
queued or counted; they return if the card does.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from typing import Literal

from quiz.deck.items import StudyDeck, deck_item_set, deck_items
from quiz.kinds.base import Response
from quiz.kinds.registry import kind_of
from quiz.progress.contract import ProgressStore
from quiz.progress.state import ItemState, ReviewRow, utc
from quiz.rating import Rating
from quiz.study import grading
from quiz.study.answers import PendingAnswer, SavedAnswer, SessionSummary, summarize
from quiz.study.day_queue import (
    cram_entries,
    day_queue,
    select_decks,
)
from quiz.study.deck_schedule import DeckSchedules
from quiz.study.known_states import KnownStates
from quiz.study.overrule import overruled
from quiz.study.scheduler import item_card_id
from quiz.study.session_aside import SessionAside
from quiz.study.siblings import spread_siblings
from quiz.study.store_calls import StoreCalls
from quiz.study.study_day import LEARN_AHEAD
from quiz.study.study_item import Queued, StudyItem, card_of_entry, key_of
from quiz.study.study_queue import StudyQueue

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)
READ_AHEAD = 3  # items after the current one whose states are read before they are shown
READ_BATCH = 16  # items whose states are read at once, when those items need reading

Phase = Literal["question", "answered"]


class StudySession:
    """The queue the UI drives, and the answer to its :attr:`current` item: :meth:`answer`
    grades a response (the :attr:`pending` answer), :meth:`rate` changes its rating,
    :meth:`accept` saves it and moves on, :meth:`save_pending` saves it when the student
    leaves, :meth:`undo` takes an answer back. Times are passed in: no clock is read here.

    The store is called through ``calls`` (:class:`~quiz.study.store_calls.StoreCalls`,
    inline by default): given one that runs in a thread, the session writes each review
    behind the student's back, in order, and schedules and previews from the states it
    read ahead (:class:`~quiz.study.known_states.KnownStates`), so no answer waits on the
    store. Building the session (:meth:`start`, :meth:`cram`) and :meth:`summary` do call
    the store: run them through the same calls.
    """

    def __init__(
        self,
        store: ProgressStore,
        decks: list[StudyDeck],
        now: datetime,
        *,
        cram: bool,
        seed: int | None,
        calls: StoreCalls | None = None,
    ) -> None:
        self._store = store
        self._calls = calls or StoreCalls.inline()
        self._states = KnownStates(store, self._calls)
        self.decks = decks  # the decks studied, one or more
        self._settings = store.settings()
        self._started = utc(now)
        self._rng = random.Random(seed)
        self._queue = StudyQueue()
        self._later: list[tuple[datetime, int, Queued]] = []  # learning, due later
        self._sequence = 0
        self._answers: list[SavedAnswer] = []
        self._on_screen: PendingAnswer | None = None
        self._shown_at = self._started
        self.current: StudyItem | None = None
        self.is_cram = cram
        self._schedules = DeckSchedules(store, self._settings, [d.id for d in decks])
        self.aside = SessionAside(self)

    # -- building ------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        store: ProgressStore,
        decks: Sequence[StudyDeck],
        now: datetime,
        *,
        deck_id: str | None = None,
        tz: tzinfo | None = None,
        seed: int | None = None,
        calls: StoreCalls | None = None,
        until: date | None = None,
    ) -> StudySession:
        """A session on one deck (``deck_id``) or all ``decks``, for the time ``now``; with
        ``until`` (or a deck's exam date), also the reviews that exam needs."""
        session = cls(store, select_decks(decks, deck_id), now, cram=False, seed=seed, calls=calls)
        schedules = session._schedules
        schedules.tz = tz
        queue = day_queue(store, session.decks, schedules, session._started, tz, until)
        for deck in session.decks:  # read now, so that answering never waits for them
            schedules.fit(deck.id)
        for deck, item_id, _ in queue.new:
            session._states.know((deck.id, item_id), None)
        session._queue.extend(queue.ready)
        for due, entry in queue.later:
            session._add_later(due, entry)
        session._advance(session._started)
        return session

    @classmethod
    def cram(
        cls,
        store: ProgressStore,
        decks: Sequence[StudyDeck],
        now: datetime,
        *,
        deck_id: str | None = None,
        item_ids: Sequence[tuple[str, str]] | None = None,
        seed: int | None = None,
        shuffle: bool = False,
        calls: StoreCalls | None = None,
    ) -> StudySession:
        """Study chosen items (or every item of the decks) without touching their schedule.

        ``item_ids`` are (deck id, item id) pairs; a cloze card's id stands for all its
        groups, and items no longer in the decks are skipped (the session may then be
        empty). An item answered Again comes back at the end of the queue. Nothing is
        written to the store.
        """
        session = cls(store, select_decks(decks, deck_id), now, cram=True, seed=seed, calls=calls)
        chosen: list[Queued] = list(cram_entries(session.decks, item_ids))
        if shuffle:
            session._rng.shuffle(chosen)
        session._queue.extend(spread_siblings(chosen, card_of_entry))
        session._advance(session._started)
        return session

    def _built(self, queued: Queued) -> StudyItem:
        """The study item of a queue entry, built now if it was queued as its id only (its
        options are put in order, shuffled or not as its kind says, when it is first shown)."""
        if isinstance(queued, StudyItem):
            return queued
        deck, item_id, kind = queued
        card, group = deck_items(deck)[item_id]
        order = kind_of(card).display_order(card, self._rng)
        return StudyItem(deck, card, item_id, group, kind, order)

    # -- the queue -----------------------------------------------------------------------

    @property
    def answered(self) -> int:
        """How many answers were recorded (and not undone)."""
        return len(self._answers)

    @property
    def remaining(self) -> int:
        """Items still to see, the current one included."""
        return (self.current is not None) + len(self._queue) + self.aside.later_shown()

    def _add_later(self, due: datetime, item: Queued) -> None:
        self._sequence += 1
        self._later.append((due, self._sequence, item))
        self._later.sort(key=lambda entry: entry[:2])

    def _advance(self, now: datetime) -> tuple[datetime, int, StudyItem] | Literal["queue"] | None:
        """Make the next item current; return where it came from (for undo)."""
        came_from: tuple[datetime, int, StudyItem] | Literal["queue"] | None = None
        later = self.aside.next_later()
        if later is not None and (self._later[later][0] <= now or not self._queue):
            due, sequence, queued = self._later.pop(later)
            self.current = self._built(queued)
            came_from = due, sequence, self.current
        elif self._queue:
            self.current = self._built(self._queue.popleft())
            came_from = "queue"
        else:
            self.current = None
        self._read_ahead()
        return came_from

    def _read_ahead(self) -> None:
        """Ask for the states of the current item and the next few (never when cramming)."""
        if self.is_cram or self.current is None:
            return
        upcoming = itertools.islice(self._queue, READ_AHEAD)
        later = (entry for _, _, entry in self._later[:1])
        keys = [key_of(self.current), *map(key_of, upcoming), *map(key_of, later)]
        batch = map(key_of, itertools.islice(self._queue, READ_AHEAD, READ_BATCH))
        self._states.read_ahead(keys, batch)

    def _require_current(self) -> StudyItem:
        if self.current is None:
            raise ValueError("the session is finished: there is no current item")
        return self.current

    # -- answering -----------------------------------------------------------------------

    @property
    def pending(self) -> PendingAnswer | None:
        """The answer graded and on screen, not saved yet (``None`` in the question phase)."""
        return self._on_screen

    @property
    def phase(self) -> Phase:
        """``"answered"`` while an answer waits to be accepted, else ``"question"``."""
        return "question" if self._on_screen is None else "answered"

    def answer(self, response: Response, now: datetime) -> PendingAnswer:
        """Grade a response to the current item, with the suggested rating chosen: the
        answered phase. Writes nothing. ``ValueError`` if there is no item or it is answered."""
        item = self._require_current()
        if self._on_screen is not None:
            raise ValueError("the current item is already answered")
        grade = grading.grade(item.card, response, group=item.group)
        elapsed_ms = int((utc(now) - self._shown_at).total_seconds() * 1000)
        self._on_screen = PendingAnswer(item, response, grade, grade.suggested, max(0, elapsed_ms))
        return self._on_screen

    def rate(self, rating: Rating | int) -> PendingAnswer:
        """Choose the rating :meth:`accept` saves. ``ValueError`` if nothing is answered."""
        self._on_screen = replace(self._require_pending(), rating=Rating(rating))
        return self._on_screen

    def overrule(self, rating: Rating | int = Rating.GOOD) -> PendingAnswer:
        """Count a wrong typed answer as right, "I was right" (:mod:`quiz.study.overrule`)."""
        self._on_screen = overruled(self._require_pending(), Rating(rating))
        return self._on_screen

    def accept(self, now: datetime) -> ReviewRow | None:
        """Save the answer on screen with its chosen rating (one transaction; nothing when
        cramming) and make the next item current, shown at ``now``.

        Returns the review's log row when the write ran at once (inline calls), else None
        (cramming, or the write queued behind the student's back, in order). ``ValueError``
        if nothing is answered; a store error (``StoreError``) from an inline write, or
        from reading the item's state, propagates and leaves the answer on screen, to be
        accepted again."""
        pending = self._require_pending()
        item, grade, rating, now = pending.item, pending.grade, pending.rating, utc(now)
        row = None
        review = None
        before: ItemState | None = None
        requeued: Literal["queue", "later"] | None = None
        if self.is_cram:
            if rating == Rating.AGAIN:  # back at the end, its options shuffled anew
                self._queue.append((item.deck, item.item_id, item.kind))
                requeued = "queue"
        else:
            key = (item.deck.id, item.item_id)
            before = self._states.get(key)
            review, after = self._write_review(pending, before, now, len(self._answers))
            if not self._calls.threaded:  # written already: the stored state is the truth
                row = review.result()
            self._states.know(key, after)
            self.aside.bury_siblings(item.deck.id, item.item_id, len(self._answers))
            soon = after.state != "review" and after.due <= now + LEARN_AHEAD
            if soon and key not in self.aside.suspended:  # a leech suspended is not shown again
                self._add_later(after.due, replace(item, kind="learning"))
                requeued = "later"
                if not self._queue and before is not None and before.state == "review":
                    self.aside.await_leech(review, rating)  # else it would come straight back
        counted = grade.correct if grade.correct is not None else rating != Rating.AGAIN
        next_from = self._advance(now)
        saved = SavedAnswer(item, counted, review, before, requeued, next_from)
        self._answers.append(saved)
        self._on_screen, self._shown_at = None, now
        return row

    def _write_review(
        self, pending: PendingAnswer, before: ItemState | None, now: datetime, answer: int
    ) -> tuple[Future[ReviewRow], ItemState]:
        """Ask for the review's write (answer number ``answer`` of the session): its future,
        and the state it leads to from ``before`` (without load balancing, which picks from the
        days' loads in the write's turn; inline, the state written). Inline, a ``StoreError``
        is raised here."""
        item, rating, schedules = pending.item, pending.rating, self._schedules
        key = (item.deck.id, item.item_id)
        fit = schedules.fit(item.deck.id)
        scheduled = partial(  # the same fuzz however the stored state is read
            schedules.next_state, item.deck.id, rating=rating, now=now,
            card_id=item_card_id(*key), seed=random.getrandbits(63),
        )  # fmt: skip
        # Written behind the student's back, the session goes on from the state unbalanced.
        after = scheduled(before) if self._calls.threaded else None

        def write() -> ReviewRow:
            # the days' loads are kept in the write's turn (read once, before a transaction)
            pick = schedules.day_picker(item.deck.id, before, rating, now)
            wanted = after if after is not None and pick is None else scheduled(before, pick=pick)
            # next_state: another process reviewed the item since it was read
            row = self._store.apply_review(
                *key,
                rating=rating,
                correct=pending.grade.correct,
                response=grading.response_to_json(pending.response),
                reviewed_at=now,
                duration_ms=pending.duration_ms,
                overruled=pending.overruled,
                next_state=partial(scheduled, pick=pick),
                parameters_id=None if fit is None else fit.id,
                expected=(before, wanted),
            )
            schedules.review_written(row.state_before, row.state_after)
            self.aside.after_review(row, answer)
            return row

        future = self._calls.submit(write, write=True)
        return future, future.result().state_after if after is None else after

    def save_pending(self, now: datetime) -> bool:
        """Accept the answer on screen, if any (on leaving or quitting); whether there was
        one. Store errors propagate as from :meth:`accept`."""
        if self._on_screen is None:
            return False
        self.accept(now)
        return True

    def _require_pending(self) -> PendingAnswer:
        if self._on_screen is None:
            raise ValueError("the current item has not been answered")
        return self._on_screen

    def intervals(self, now: datetime) -> dict[Rating, timedelta]:
        """When the current item would be due again for each rating (empty when cramming),
        from its state as read ahead (waiting for that read if it is still under way)."""
        item = self._require_current()
        if self.is_cram:
            return {}
        state = self._states.get((item.deck.id, item.item_id))
        return self._schedules.preview(item.deck.id, state, now)

    def can_undo(self) -> bool:
        """Whether there is an answer to take back (on screen, or saved), or an item set
        aside by hand."""
        return self._on_screen is not None or bool(self._answers) or self.aside.can_undo_set_aside()

    def undo(self, now: datetime) -> StudyItem | None:
        """Take back the answer on screen (nothing was written: the question is asked again),
        or else the last saved answer, completely: its item becomes current again, as when it
        was first shown, timed from ``now``. Returns the current item, or None when there was
        nothing to undo. A store error (``StoreError``) propagates and changes nothing."""
        if self._on_screen is not None:
            self._on_screen, self._shown_at = None, utc(now)
            return self.current
        if self.aside.can_undo_set_aside():
            return self.aside.undo_set_aside(now)
        if not self._answers:
            return None
        answer = self._answers[-1]
        review = answer.review
        number = len(self._answers) - 1
        if review is not None:

            def take_back() -> None:  # after the review's own write, which the calls run first
                taken = self._store.undo_review(review.result().id)
                self._schedules.review_written(taken.state_after, taken.state_before)
                self.aside.undo_leech(number)

            self._calls.submit(take_back, write=True)
            self._states.know((answer.item.deck.id, answer.item.item_id), answer.state_before)
        self._answers.pop()
        next_from = answer.next_from
        if next_from == "queue":
            if self.current is not None:  # it came from the queue, so it is there
                self._queue.appendleft(self.current)
        elif next_from is not None:
            self._later.insert(0, next_from)
        if answer.requeued == "queue":
            self._queue.pop()
        elif answer.requeued == "later":
            last = max(range(len(self._later)), key=lambda i: self._later[i][1])
            del self._later[last]  # the entry added by that answer has the highest number
        self.aside.unbury(number)
        self.current, self._shown_at = answer.item, utc(now)
        return self.current

    def summary(self, now: datetime) -> SessionSummary:
        """Totals so far, the items missed, and when the next item falls due."""
        return summarize(self._answers, utc(now) - self._started, self._next_due())

    def _next_due(self) -> datetime | None:
        firsts = (
            next((s.due for i, s in self._store.iter_due(d.id, FAR_FUTURE) if i in items), None)
            for d, items in ((deck, deck_item_set(deck)) for deck in self.decks)
        )
        return min((due for due in firsts if due is not None), default=None)
