"""What the app works on: the loaded decks, their problems and the progress store.

Opening happens in two steps, so the deck list appears before the slow part. :meth:`Library.open`
opens the store and reads the deck files; an unchanged file is served by the deck cache with its
summary, without pydantic or the deck models. The app runs it, and counts the decks, in a thread
started as it loads (:meth:`Library.begin_opening`). :meth:`Library.prepare_study` then readies
what studying needs (the card models, each deck's sources), in a worker thread once the list is
on screen. Studying and browsing work from each deck's ids (:attr:`Library.study_decks`) and
build a card only when it is shown. Reloading reads and counts the decks in a thread too
(:meth:`Library.begin_reload`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from quiz.paths import database_path, store_location, user_decks_dir
from quiz.study.store_calls import RETRY_SECONDS, StoreCalls

if TYPE_CHECKING:
    import tempfile

    from quiz.deck.cache import DeckCache
    from quiz.deck.deck_cards import DeckCards
    from quiz.deck.loader import LoadedDeck, LoadResult
    from quiz.deck.model import Deck
    from quiz.deck.problems import Problem
    from quiz.progress.contract import ProgressStore
    from quiz.study.study_day import DeckCounts
    from quiz.tui.card_search import CardSearch

Result = TypeVar("Result")
CLOSE_WAIT_SECONDS = 10.0


def in_daemon_thread(name: str, work: Callable[[], Result]) -> Future[Result]:
    """Run ``work`` in a daemon thread of its own; the future holds its result or error.

    A daemon: quitting while a large deck is still validated does not wait for it. What the
    work writes is safe to cut short (SQLite transactions, cache files renamed into place).
    """
    done: Future[Result] = Future()

    def run() -> None:
        if not done.set_running_or_notify_cancel():
            return  # cancelled before it started
        try:
            done.set_result(work())
        except BaseException as error:  # handed to whoever waits on the future
            done.set_exception(error)

    threading.Thread(target=run, name=name, daemon=True).start()
    return done


def _scratch_folder() -> tempfile.TemporaryDirectory[str]:
    import tempfile

    return tempfile.TemporaryDirectory(prefix="quiz-preview-")


def _item_set(loaded: LoadedDeck) -> Callable[[], frozenset[str]]:
    """A deck's item ids as a set, made when first asked for (a count needs it only when the
    store holds states of items no longer in the deck)."""
    return lambda: loaded.summary.item_set


class Library:
    """The decks and the store of one app run, opened once and shared by every screen.

    Decks are read through ``deck_cache`` when one is given (the command line gives one).
    """

    def __init__(
        self,
        *,
        data_dir: Path,
        deck_paths: list[Path] | None,
        clock: Callable[[], datetime],
        freeze_decks: bool = False,
        deck_cache: DeckCache | None = None,
        exam_until: date | None = None,
        no_save: bool = False,
        instructor: bool = False,
    ) -> None:
        self.data_dir = data_dir
        self.instructor = instructor
        """The store is a class database and its URL an instructor's: the app shows the
        class report (:mod:`quiz.tui.screens.class_report`)."""
        self.exam_until = exam_until  # quiz study --until: the exam every session prepares for
        self.no_save = no_save
        """A preview: progress goes to a scratch store in a temporary folder, gone on close."""
        self._scratch = _scratch_folder() if no_save else None
        self.deck_paths = deck_paths
        self.clock = clock
        self.freeze_decks = freeze_decks
        self.deck_cache = deck_cache
        self._store: ProgressStore | None = None
        self._result: LoadResult | None = None
        self._built: LoadResult | None = None  # the load whose decks build_decks built
        self._prepared: LoadResult | None = None  # the load prepare_study made ready
        self._opening: Future[dict[str, DeckCounts]] | None = None
        # The search texts of one deck's cards (all decks' under None), with the load they
        # were built from.
        self._searches: dict[str | None, tuple[LoadResult, CardSearch]] = {}
        self._searches_lock = threading.Lock()
        self.store_calls = StoreCalls.in_thread(retry_seconds=RETRY_SECONDS)
        """Where the screens' store calls run, one at a time and in order, off the UI thread
        (a session's writes, and the reads that must see them)."""

    @property
    def store_location(self) -> str | Path:
        """Where progress is kept: a class database's URL, the data folder's file, or a
        scratch file when previewing with ``no_save``."""
        if self._scratch is not None:
            return database_path(Path(self._scratch.name))
        return store_location(self.data_dir)

    @property
    def database_path(self) -> str:
        """Where progress is kept, as shown: the file, or a class database's URL without its
        user or password."""
        from quiz.progress.open import shown_location

        return str(shown_location(self.store_location))

    @property
    def user_decks_dir(self) -> Path:
        """The folder where a student keeps decks of their own."""
        return user_decks_dir(self.data_dir)

    def open(self) -> None:
        """Open the store, then read the decks (built later: :meth:`build_decks`).

        Raises ``StoreError`` when the database cannot be used; deck problems never raise,
        they are kept in :attr:`result`.
        """
        from quiz.progress.open import open_store

        if self._store is None:
            self._store = open_store(self.store_location)
        self.reload()

    def begin_opening(self) -> Future[dict[str, DeckCounts]]:
        """Open the library and count its decks in a thread of its own, started at the first
        call; the future holds :meth:`count_decks` or the error. Reading files, hashing them
        and SQLite release the GIL, so this overlaps with the app drawing its first frame."""
        if self._opening is None:

            def open_and_count() -> dict[str, DeckCounts]:
                self.open()
                return self.count_decks()

            self._opening = in_daemon_thread("open library", open_and_count)
        return self._opening

    def count_decks(self, result: LoadResult | None = None) -> dict[str, DeckCounts]:
        """What a session started now would offer, per deck id of ``result`` (by default
        the current load), from the decks' summaries, without building a deck."""
        from quiz.study.study_day import count_items

        now, store = self.now(), self.store
        return {
            loaded.deck_id: count_items(
                store, loaded.deck_id, loaded.summary.item_ids, now, known=_item_set(loaded)
            )
            for loaded in (self.result if result is None else result).decks
        }

    def reload(self) -> None:
        """Read the deck files again (after an edit, for example)."""
        self._result = self._read()

    def begin_reload(self) -> Future[tuple[LoadResult, dict[str, DeckCounts]]]:
        """Read the deck files again and count them in a thread of its own, without
        changing the library: the future holds the new load and its counts, for
        :meth:`use`, or the error (``StoreError`` when counting fails). Only after
        :meth:`open`, and not while :meth:`build_decks` runs."""

        def read_and_count() -> tuple[LoadResult, dict[str, DeckCounts]]:
            result = self._read()
            # counted after the answers still being written
            return result, self.store_calls.submit(lambda: self.count_decks(result)).result()

        return in_daemon_thread("reload decks", read_and_count)

    def use(self, result: LoadResult) -> None:
        """Make ``result`` (from :meth:`begin_reload`) the current load."""
        self._result = result

    def _read(self) -> LoadResult:
        from quiz.deck.loader import load_paths

        if self.deck_paths is None:
            from quiz.study.class_decks import load_study_decks

            return load_study_decks(self.data_dir, cache=self.deck_cache)
        return load_paths(self.deck_paths, cache=self.deck_cache)

    def build_decks(self) -> None:
        """Build every deck that is not built yet, and index its review items (once per load).

        Safe to run in a worker thread once :meth:`open` has returned. With ``freeze_decks``
        (a long-running app) it ends with :func:`gc.freeze`: the decks, and everything else
        alive then (imported modules, the screens), are never scanned by the cyclic garbage
        collector again, so its full collections stay short (a 10k-card deck is hundreds of
        thousands of objects, and a full collection over them pauses the app for tens of
        milliseconds). Decks hold no reference cycles, so a frozen deck that is dropped is
        still freed. Raises ``RuntimeError`` when a deck file changed while it was read.
        """
        from quiz.deck.items import deck_items
        from quiz.deck.loader import paused_gc

        result = self.result
        if self._built is result:
            return
        # Not collected meanwhile: a collection would only scan the objects just built.
        with paused_gc():
            for deck in result.build():
                deck_items(deck)
        if self.freeze_decks:
            gc.freeze()
        self._built = self._prepared = result

    def prepare_study(self) -> None:
        """Ready the current load for studying, without building its decks (once per load):
        place each deck's cards among its items, check each cache entry's header and build
        each deck's own fields (sources, glossary), so that the first card shown waits only
        for its own part of the entry and its kind's validator.

        Safe to run in a worker thread once :meth:`open` has returned. With ``freeze_decks``
        it ends with :func:`gc.freeze`, as :meth:`build_decks` does: what is alive then (the
        decks' ids, imported modules, the screens) is never scanned again by the collector.
        """
        result = self.result
        if self._prepared is result:
            return
        for loaded in result.decks:
            loaded.cards.prepare()
        if self.freeze_decks:
            gc.freeze()
        self._prepared = result

    @property
    def decks_built(self) -> bool:
        """Whether the current load is ready to study (:meth:`prepare_study` or
        :meth:`build_decks` has run on it)."""
        return self._prepared is self.result

    def card_search(self, deck_id: str | None) -> CardSearch:
        """The search texts of a deck's cards (every deck's for None), built at the first call
        after each load of the decks and then kept. Safe to call from a worker thread."""
        from quiz.tui.card_search import CardLabels, CardSearch
        from quiz.tui.text import search_text

        with self._searches_lock:
            result = self.result
            kept = self._searches.get(deck_id)
            if kept is not None and kept[0] is result:
                return kept[1]
            decks = self.study_decks if deck_id is None else [self.study_deck(deck_id)]
            # each card built, read for its text, prompt and type, and let go
            labels = CardLabels()

            def texts() -> Iterator[str]:
                for deck in decks:
                    for card in deck.iter_cards():
                        labels.add(card.prompt, card.type)
                        yield search_text(deck, card)

            search = CardSearch(texts(), labels)
            self._searches[deck_id] = (result, search)
            return search

    def close(self) -> None:
        """Close the store, if it was opened, once the calls asked of it have finished (a
        write still held up by a store error after 10 s is given up)."""
        if self._store is not None:
            self.store_calls.settle(timeout=CLOSE_WAIT_SECONDS)
            self._store.close()
            self._store = None
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def now(self) -> datetime:
        """The current time, from the app's clock (UTC-aware)."""
        return self.clock()

    @property
    def store(self) -> ProgressStore:
        """The progress store; only after :meth:`open`."""
        if self._store is None:
            raise RuntimeError("the library is not open")
        return self._store

    @property
    def result(self) -> LoadResult:
        """Everything the deck load found; only after :meth:`open`."""
        if self._result is None:
            raise RuntimeError("the library is not open")
        return self._result

    @property
    def decks(self) -> list[Deck]:
        """The valid decks, in file order (built now if :meth:`build_decks` has not run)."""
        return [loaded.deck for loaded in self.result.decks]

    @property
    def study_decks(self) -> list[DeckCards]:
        """The valid decks as studying and browsing use them: ids, each card built when it
        is first asked for."""
        return [loaded.cards for loaded in self.result.decks]

    def study_deck(self, deck_id: str) -> DeckCards:
        """The deck with this id, as :attr:`study_decks` gives it; ``KeyError`` if none."""
        return self.loaded(deck_id).cards

    def loaded(self, deck_id: str) -> LoadedDeck:
        """The loaded deck with this id (its summary, file and deck); ``KeyError`` if none."""
        for loaded in self.result.decks:
            if loaded.deck_id == deck_id:
                return loaded
        raise KeyError(deck_id)

    def deck(self, deck_id: str) -> Deck:
        """The deck with this id; ``KeyError`` if there is none."""
        return self.loaded(deck_id).deck

    def entries(self) -> list[LoadedDeck | tuple[Path, Problem]]:
        """Every deck file in load order: its loaded deck, or the file and its first error."""
        by_path = {loaded.path: loaded for loaded in self.result.decks}
        broken = self.result.broken()
        entries: list[LoadedDeck | tuple[Path, Problem]] = []
        for path in self.result.files:
            if path in by_path:
                entries.append(by_path[path])
            elif str(path) in broken:
                entries.append((path, broken[str(path)]))
        return entries
