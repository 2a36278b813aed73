"""A study session: the queue of items the student works through, and what each answer does.

The queue for a given time holds due (re)learning items first, then due reviews, then new
items up to the daily limits. "Today" is the student's local day, starting at the rollover
hour. Items whose card has left its deck keep their progress in the store but are never
queued or counted; they return if the card does.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal

from quiz.deck.items import deck_item_order, deck_items
from quiz.deck.model import Card, Deck
from quiz.kinds.base import Response
from quiz.kinds.registry import kind_of
from quiz.progress.contract import ProgressStore
from quiz.progress.state import ReviewRow, from_epoch, to_epoch, utc
from quiz.rating import Rating
from quiz.study import grading
from quiz.study.answers import PendingAnswer, SavedAnswer, SessionSummary, summarize
from quiz.study.day_queue import ItemKind, day_queue
from quiz.study.deck_schedule import DeckSchedules
from quiz.study.overrule import overruled
from quiz.study.scheduler import item_card_id
from quiz.study.session_aside import SessionAside
from quiz.study.study_day import LEARN_AHEAD, DeckCounts, count_items

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)

Phase = Literal["question", "answered"]


@dataclass(frozen=True)
class StudyItem:
    """One item to study: a card, or one cloze group of a card."""

    deck: Deck
    card: Card
    item_id: str
    group: int | None
    kind: ItemKind
    choice_order: tuple[int, ...]


Queued = StudyItem | tuple[Deck, str, ItemKind]
"""A queue entry: a study item, or until it is first shown only its deck, item id and kind
(a session over many decks queues thousands of items and shows a few dozen)."""


def spread_siblings(entries: list[Queued]) -> list[Queued]:
    """Queue entries reordered so that the cloze groups of one card are not shown one after
    another: each card's first item in the given order, then each card's second, and so on.

    Seeing one group's answer right before its sibling's question would give it away; spread
    out, the other items come between them. A card's items keep their order.
    """
    rounds: list[list[Queued]] = []
    seen: dict[tuple[str, str], int] = {}
    for entry in entries:
        deck, item_id = (entry.deck, entry.item_id) if isinstance(entry, StudyItem) else entry[:2]
        card = (deck.id, item_id.partition("#")[0])
        rank = seen[card] = seen.get(card, -1) + 1
        if rank == len(rounds):
            rounds.append([])
        rounds[rank].append(entry)
    return [entry for round_ in rounds for entry in round_]


def _select(decks: Sequence[Deck], deck_id: str | None) -> list[Deck]:
    if deck_id is None:
        return list(decks)
    chosen = [deck for deck in decks if deck.id == deck_id]
    if not chosen:
        known = ", ".join(deck.id for deck in decks) or "none loaded"
        raise ValueError(f"no deck with id {deck_id!r} (decks: {known})")
    return chosen


def deck_counts(
    store: ProgressStore, deck: Deck, now: datetime, *, tz: tzinfo | None = None
) -> DeckCounts:
    """New / learning / due counts for a deck: what a session started at ``now`` would offer.

    See :func:`quiz.study.study_day.count_items`.
    """
    return count_items(store, deck.id, deck_item_order(deck), now, tz=tz, known=deck_items(deck))


class StudySession:
    """The queue the UI drives, and the answer to its :attr:`current` item: :meth:`answer`
    grades a response (the :attr:`pending` answer), :meth:`rate` changes its rating,
    :meth:`accept` saves it and moves on, :meth:`save_pending` saves it when the student
    leaves, :meth:`undo` takes an answer back. Times are passed in: no clock is read here.
    """

    def __init__(
        self,
        store: ProgressStore,
        decks: list[Deck],
        now: datetime,
        *,
        cram: bool,
        seed: int | None,
    ) -> None:
        self._store = store
        self._decks = decks
        self._settings = store.settings()
        self._started = utc(now)
        self._rng = random.Random(seed)
        self._queue: deque[Queued] = deque()
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
        decks: Sequence[Deck],
        now: datetime,
        *,
        deck_id: str | None = None,
        tz: tzinfo | None = None,
        seed: int | None = None,
        until: date | None = None,
    ) -> StudySession:
        """A session on one deck (``deck_id``) or all ``decks``, for the time ``now``; with
        ``until`` (or a deck's exam date), also the reviews that exam needs."""
        session = cls(store, _select(decks, deck_id), now, cram=False, seed=seed)
        session._fill(session._started, tz, until)
        return session

    def _fill(self, now: datetime, tz: tzinfo | None, until: date | None) -> None:
        self._schedules.tz = tz
        queue = day_queue(self._store, self._decks, self._schedules, now, tz, until)
        now_epoch = to_epoch(now)  # dues are whole seconds: due <= now iff due <= this
        for due, item in queue.learning:
            if due <= now_epoch:
                self._queue.append(item)
            else:
                self._add_later(from_epoch(due), item)
        self._queue.extend(queue.reviews)
        self._queue.extend(spread_siblings(list(queue.new)))
        self._advance(now)

    @classmethod
    def cram(
        cls,
        store: ProgressStore,
        decks: Sequence[Deck],
        now: datetime,
        *,
        deck_id: str | None = None,
        item_ids: Sequence[tuple[str, str]] | None = None,
        seed: int | None = None,
        shuffle: bool = False,
    ) -> StudySession:
        """Study chosen items (or every item of the decks) without touching their schedule.

        ``item_ids`` are (deck id, item id) pairs; a cloze card's id stands for all its
        groups, and items no longer in the decks are skipped (the session may then be
        empty). An item answered Again comes back at the end of the queue. Nothing is
        written to the store.
        """
        session = cls(store, _select(decks, deck_id), now, cram=True, seed=seed)
        by_deck = {deck.id: (deck, deck_items(deck)) for deck in session._decks}
        chosen: list[Queued] = []
        if item_ids is None:
            for deck, items in by_deck.values():
                chosen.extend((deck, item_id, "cram") for item_id in items)
        else:
            for deck_key, wanted in dict.fromkeys(item_ids):
                deck, items = by_deck.get(deck_key, (None, {}))
                matches = [i for i in items if i == wanted or i.startswith(f"{wanted}#c")]
                if deck is not None:
                    chosen.extend((deck, i, "cram") for i in matches)
        if shuffle:
            session._rng.shuffle(chosen)
        session._queue.extend(spread_siblings(chosen))
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
        return (self.current is not None) + len(self._queue) + len(self._later)

    def _add_later(self, due: datetime, item: Queued) -> None:
        self._sequence += 1
        self._later.append((due, self._sequence, item))
        self._later.sort(key=lambda entry: entry[:2])

    def _advance(self, now: datetime) -> tuple[datetime, int, StudyItem] | Literal["queue"] | None:
        """Make the next item current; return where it came from (for undo)."""
        if self._later and (self._later[0][0] <= now or not self._queue):
            due, sequence, queued = self._later.pop(0)
            self.current = self._built(queued)
            return due, sequence, self.current
        if self._queue:
            self.current = self._built(self._queue.popleft())
            return "queue"
        self.current = None
        return None

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
        cramming) and make the next item current, shown at ``now``. Returns the review's log
        row (None when cramming). ``ValueError`` if nothing is answered; a store error
        (``StoreError``) propagates and leaves the answer on screen, to be accepted again."""
        pending = self._require_pending()
        item, grade, rating, now = pending.item, pending.grade, pending.rating, utc(now)
        shown = self._shown_at
        row = None
        requeued: Literal["queue", "later"] | None = None
        if self.is_cram:
            if rating == Rating.AGAIN:
                self._queue.append(item)
                requeued = "queue"
        else:
            card_id = item_card_id(item.deck.id, item.item_id)
            plan, fit_id = self._schedules.planner(item.deck.id, item.item_id, rating, now, card_id)
            row = self._store.apply_review(
                item.deck.id,
                item.item_id,
                rating=rating,
                correct=grade.correct,
                response=grading.response_to_json(pending.response),
                reviewed_at=now,
                duration_ms=pending.duration_ms,
                overruled=pending.overruled,
                next_state=plan,
                parameters_id=fit_id,
            )
            comes_back = self.aside.after_review(row)
            after = row.state_after
            if comes_back and after.state != "review" and after.due <= now + LEARN_AHEAD:
                self._add_later(after.due, replace(item, kind="learning"))
                requeued = "later"
        counted = grade.correct if grade.correct is not None else rating != Rating.AGAIN
        next_from = self._advance(now)
        review_id = None if row is None else row.id
        self._answers.append(SavedAnswer(item, counted, review_id, requeued, next_from, shown))
        self._on_screen, self._shown_at = None, now
        return row

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
        """When the current item would be due again for each rating (empty when cramming)."""
        item = self._require_current()
        if self.is_cram:
            return {}
        state = self._store.item_state(item.deck.id, item.item_id)
        return self._schedules.preview(item.deck.id, state, now)

    def can_undo(self) -> bool:
        """Whether there is an answer to take back (on screen, or saved), or an item set
        aside by hand."""
        return self._on_screen is not None or bool(self._answers) or self.aside.can_undo_set_aside()

    def undo(self) -> StudyItem | None:
        """Take back the answer on screen (nothing was written: the question is asked again),
        or else the last saved answer, completely: its item becomes current again, as when it
        was first shown. Returns the current item, or None when there was nothing to undo.
        A store error (``StoreError``) propagates and changes nothing."""
        if self._on_screen is not None:
            self._on_screen = None
            return self.current
        if self.aside.can_undo_set_aside():
            return self.aside.undo_set_aside()
        if not self._answers:
            return None
        answer = self._answers[-1]
        if answer.review_id is not None:
            self._store.undo_review(answer.review_id)
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
        if answer.review_id is not None:
            self.aside.undo_review(answer.review_id)
        self.current = answer.item
        self._shown_at = answer.shown_at
        return self.current

    def summary(self, now: datetime) -> SessionSummary:
        """Totals so far, the items missed, and when the next item falls due."""
        return summarize(self._answers, utc(now) - self._started, self._next_due())

    def _next_due(self) -> datetime | None:
        firsts = (
            next((s.due for i, s in self._store.iter_due(d.id, FAR_FUTURE) if i in items), None)
            for d, items in ((deck, deck_items(deck)) for deck in self._decks)
        )
        return min((due for due in firsts if due is not None), default=None)
