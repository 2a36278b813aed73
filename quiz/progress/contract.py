"""The progress-store contract: every call the session, the statistics, the command line, the
app and the benchmarks make on a store, whatever keeps the data.

A backend subclasses :class:`ProgressStore` and defines every abstract method; callers get one
from :func:`quiz.progress.open.open_store` and use nothing else of it. The SQLite backend is
:mod:`quiz.progress.sqlite_store` (with :mod:`~quiz.progress.schema`, :mod:`~quiz.progress.rows`
and :mod:`~quiz.progress.reviewed`, which only it uses); a database server is the next one.

What every method may raise:

- :class:`~quiz.progress.errors.StoreError` when the store cannot be used or refuses the call
  (damaged data, a file or schema it cannot read, an unknown review); the message names the
  store and says what to do;
- :class:`~quiz.progress.errors.StoreBusyError` (a ``StoreError``) when another writer kept
  the store locked longer than it waits: nothing was changed, and the call may be made again;
- :class:`~quiz.progress.errors.StoreUnavailableError` (a ``StoreError``) from a networked
  backend that cannot reach its server: nothing of the call was committed.

No backend's own error (``sqlite3.Error``, a driver's) ever reaches a caller. Every write is
one transaction, committed when the method returns: a review is never half written, and one
that returned is kept whatever happens next.

Each call may wait on a disk or a network: the app makes none on a key press that a worker
thread can make instead, so a store is called from several threads, and each backend
serializes what must be (the SQLite one keeps one connection under a lock).

Times passed in are timezone-aware; times given back are UTC. Item ids of one deck are the
ids :mod:`quiz.deck.items` gives its review items. ``backup`` is part of the contract: what it
writes is a local progress file, whichever backend keeps the store, so that ``quiz reset``
keeps a copy to return to on every backend (see :meth:`ProgressStore.backup`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Self

from quiz.progress.state import (
    DeckSettings,
    ItemFlags,
    ItemState,
    ParameterRecord,
    ReviewedCount,
    ReviewRow,
    Settings,
    StateName,
)
from quiz.rating import Rating

DUE_PAGE = 500  # how many due items :meth:`ProgressStore.due_items` reads at a time by default


class ProgressStore(ABC):
    """An open progress store: item states, the review log and the settings of one student.

    Use it as a context manager, or call :meth:`close`. Every method raises ``StoreError``
    (or one of its kinds, see the module) when the store cannot serve it.
    """

    # -- lifetime --------------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None:
        """Let go of the store (its file, its connections); nothing else may be called on it
        afterwards. Closing a closed store does nothing."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- settings --------------------------------------------------------------------------

    @abstractmethod
    def settings(self) -> Settings:
        """The stored settings, with defaults for those never stored.

        Raises ``StoreError`` when a stored value is not a valid setting."""

    @abstractmethod
    def save_settings(self, settings: Settings) -> None:
        """Store every setting (already validated by :class:`Settings`), in one transaction."""

    @abstractmethod
    def deck_settings(self, deck_id: str) -> DeckSettings:
        """One deck's own settings (every value None for a deck that sets none).

        Raises ``StoreError`` when a stored value is not a valid setting."""

    @abstractmethod
    def all_deck_settings(self) -> dict[str, DeckSettings]:
        """The own settings of every deck that sets any, by deck id."""

    @abstractmethod
    def save_deck_settings(self, deck_id: str, settings: DeckSettings) -> None:
        """Replace one deck's own settings with ``settings`` (values None are forgotten, so
        the deck takes the all-decks value), in one transaction."""

    # -- items set aside -------------------------------------------------------------------

    @abstractmethod
    def item_flags(self, deck_id: str) -> dict[str, ItemFlags]:
        """The flags of the deck's items that have any set (suspended, buried at any time,
        or leech), by item id; an item with none is absent. Items need no state: a new item
        may be suspended."""

    @abstractmethod
    def set_item_flags(self, deck_id: str, item_id: str, flags: ItemFlags) -> ItemFlags:
        """Give one item ``flags`` (all off forgets them) in one transaction, and give back
        the flags it had before, so the change can be undone by setting those again."""

    # -- FSRS parameters -------------------------------------------------------------------

    @abstractmethod
    def save_parameters(self, record: ParameterRecord) -> ParameterRecord:
        """Store one fit (kept or not) and give it back with its new ``id``."""

    @abstractmethod
    def parameters_for(self, deck_id: str | None) -> ParameterRecord | None:
        """The parameters that schedule a deck: its newest kept fit, else the newest kept fit
        for all decks, else None (FSRS's defaults). ``deck_id`` None asks for the newest
        kept fit for all decks."""

    @abstractmethod
    def latest_fit(self, deck_id: str | None) -> ParameterRecord | None:
        """The newest fit made for exactly this deck (None: for all decks), kept or not."""

    # -- item states -----------------------------------------------------------------------

    @abstractmethod
    def item_state(self, deck_id: str, item_id: str) -> ItemState | None:
        """The state of one item, or None if it was never reviewed."""

    @abstractmethod
    def item_states(self, deck_id: str) -> dict[str, ItemState]:
        """Every stored item state of a deck, by item id (items never reviewed are absent),
        including items whose card has since left the deck."""

    @abstractmethod
    def item_schedules(self, deck_id: str) -> dict[str, tuple[StateName, int]]:
        """(state, due in UTC epoch seconds) of every stored item of a deck, by item id: what
        a list of the deck's cards shows, read without building whole states."""

    @abstractmethod
    def reviewed_item_ids(self, deck_id: str) -> set[str]:
        """Ids of the deck's items that have a state (were reviewed at least once). The set
        is the caller's: a backend that keeps one of its own gives a copy."""

    @abstractmethod
    def unreviewed(self, deck_id: str, item_ids: Iterable[str], limit: int) -> list[str]:
        """The first ``limit`` of ``item_ids`` (in their order) that were never reviewed:
        what a session offers as new. ``item_ids`` is read only as far as needed; a backend
        may keep what it learns about a tuple of ids for the next call with the same tuple."""

    @abstractmethod
    def count_unreviewed(self, deck_id: str, item_ids: Sequence[str]) -> ReviewedCount:
        """How many of ``item_ids`` (a deck's, distinct) were never reviewed, and how many of
        the deck's states are of items not among them: what a deck count needs, found
        without reading every reviewed id where the backend can."""

    @abstractmethod
    def states_of(self, deck_id: str, item_ids: Iterable[str]) -> dict[str, ItemState]:
        """The stored states of the given items, by item id (those never reviewed are
        absent)."""

    @abstractmethod
    def iter_due(
        self, deck_id: str, before: datetime, *, learning: bool | None = None
    ) -> Iterator[tuple[str, ItemState]]:
        """(item id, state) of the deck's items due before ``before``, earliest first (ties
        by item id), read a page at a time as the caller iterates.

        ``learning`` True: only (re)learning items; False: only review items; None: all.
        A ``StoreError`` may come from any step of the iteration."""

    @abstractmethod
    def due_items(
        self,
        deck_id: str,
        before: datetime,
        *,
        learning: bool | None = None,
        page: int = DUE_PAGE,
    ) -> Iterator[tuple[str, int]]:
        """(item id, due in UTC epoch seconds) of the items :meth:`iter_due` gives, in its
        order, without their whole states: what a queue or a count needs.

        Rows are read ``page`` at a time, so a caller that needs the first 200 asks for pages
        of 200 and reads no more. A ``StoreError`` may come from any step of the iteration."""

    @abstractmethod
    def count_states(self, deck_id: str) -> dict[str, int]:
        """How many of the deck's stored items are in each state ("learning", "review",
        "relearning"); a state no item is in is absent."""

    # -- reviews ---------------------------------------------------------------------------

    @abstractmethod
    def apply_review(
        self,
        deck_id: str,
        item_id: str,
        *,
        rating: Rating,
        correct: bool | None,
        response: str,
        reviewed_at: datetime,
        duration_ms: int,
        next_state: Callable[[ItemState | None], ItemState],
        overruled: bool = False,
        parameters_id: int | None = None,
        expected: tuple[ItemState | None, ItemState] | None = None,
    ) -> ReviewRow:
        """Record one review (the item's new state and its log row) in one committed
        transaction and return the log row. ``overruled`` flags a review the student
        overruled ("I was right": judged wrong, saved as correct); the row keeps the flag.
        ``parameters_id`` names the fit (:meth:`save_parameters`) that scheduled it; None
        stands for FSRS's defaults.

        ``next_state`` gets the item's state as stored at that moment, inside the
        transaction, so a review written meanwhile by another process is never overwritten;
        it returns the new state. An exception from it rolls the transaction back and is
        raised as it is. A negative ``duration_ms`` is stored as 0.

        ``expected``, when given, is the state the caller holds as stored and the state
        ``next_state`` gives from it: while the stored state is that one, the store may
        write the second without reading the first, and ``next_state`` is not called."""

    @abstractmethod
    def undo_review(self, review_id: int) -> ReviewRow:
        """Take back a review: its log row goes and the item's earlier state (or none)
        returns, in one transaction; gives back the row taken away.

        Raises ``StoreError`` when the review is not in the log, or when it is not the
        item's latest (the item was reviewed again since)."""

    @abstractmethod
    def history(self, deck_id: str, item_id: str) -> list[ReviewRow]:
        """Every logged review of one item, oldest first."""

    @abstractmethod
    def iter_reviews(self, deck_id: str | None = None) -> Iterator[ReviewRow]:
        """The whole review log (or one deck's), oldest first, read a page at a time as the
        caller iterates. A ``StoreError`` may come from any step of the iteration."""

    @abstractmethod
    def reviews_since(self, deck_id: str, since: datetime) -> dict[str, int]:
        """How many of the deck's reviews since ``since`` were of each kind ("new",
        "learning", "review", "relearning": the item's state before the review)."""

    @abstractmethod
    def review_outcomes(self, deck_id: str, since: datetime) -> list[tuple[int, int, str]]:
        """(reviewed at in UTC epoch seconds, rating 1-4, kind) of each of the deck's reviews
        since ``since``, in time order."""

    @abstractmethod
    def reviewed_since(self, deck_id: str, since: datetime) -> set[str]:
        """Ids of the deck's items reviewed since ``since`` (what buries their siblings)."""

    @abstractmethod
    def due_counts(self, deck_ids: Iterable[str], start: datetime, days: int) -> list[int]:
        """How many review items (state "review") of these decks fall due in each of ``days``
        spans of 24 hours from ``start``: the load that balancing spreads."""

    # -- whole decks -----------------------------------------------------------------------

    @abstractmethod
    def deck_ids(self) -> list[str]:
        """Ids of every deck with stored progress (a state or a logged review), sorted."""

    @abstractmethod
    def deck_progress(self, deck_id: str) -> tuple[int, int]:
        """(stored item states, logged reviews) of a deck; (0, 0) for a deck never studied."""

    @abstractmethod
    def reset_deck(self, deck_id: str, *, backup_to: Path | None = None) -> tuple[int, int]:
        """Forget a deck's progress, its states, its log and its items' flags, in one
        transaction; gives back how many states and reviews were removed (its settings and
        fitted parameters stay).

        With ``backup_to``, a copy as :meth:`backup` writes it is made first, inside the same
        transaction: no review is committed between the copy and the reset, and when the copy
        fails (``StoreError``) nothing is forgotten."""

    @abstractmethod
    def backup(self, destination: Path) -> Path:
        """Write a consistent copy of this store's progress, as it is now, to a new local
        file at ``destination`` (creating its folder), and give back its path.

        The copy is a progress file that ``open_store(destination)`` opens with the SQLite
        backend, whichever backend this store is: a database server's store copies the
        student's own rows into it. So ``quiz reset`` keeps a copy to return to on every
        backend, and a copy can be read without the server. Raises ``StoreError`` when the
        file cannot be written; no partial file is left behind."""
