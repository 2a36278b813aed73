"""The item states a study session knows: read ahead of need, and kept as it writes them.

The session schedules an answer and previews its intervals from these, so that neither waits
on the store while the student looks at the screen. A state is read once, a few items before
it is needed (with those of the next items, a batch at a time), through the session's
:class:`~quiz.study.store_calls.StoreCalls` (after any write asked for before it); from then
on the session keeps it as its own answers change it.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future

from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError
from quiz.progress.state import ItemState
from quiz.study.store_calls import StoreCalls

ItemKey = tuple[str, str]
"""(deck id, item id)."""

READ_WAIT_SECONDS = 30.0  # a read that takes longer than this is reported as a store error


class KnownStates:
    """States by (deck id, item id): known (``None`` for an item never reviewed), being
    read, or unknown."""

    def __init__(self, store: ProgressStore, calls: StoreCalls) -> None:
        self._store = store
        self._calls = calls
        self._known: dict[ItemKey, ItemState | None] = {}
        self._reading: dict[ItemKey, Future[dict[str, ItemState]]] = {}
        self._lock = threading.Lock()

    def know(self, key: ItemKey, state: ItemState | None) -> None:
        """Record the state an item has now (read, written, or taken back)."""
        with self._lock:
            self._known[key] = state
            self._reading.pop(key, None)

    def read_ahead(self, keys: Iterable[ItemKey], more: Iterable[ItemKey] = ()) -> None:
        """Ask for the states of ``keys`` not known or being read yet, and when there are
        any, those of ``more`` too (the items after them: so that states are read a batch at
        a time), in one store call per deck, run in order after the calls already asked for."""
        by_deck: dict[str, list[str]] = defaultdict(list)
        with self._lock:
            wanted = [k for k in keys if k not in self._known and k not in self._reading]
            if wanted:
                wanted += (k for k in more if k not in self._known and k not in self._reading)
            for key in dict.fromkeys(wanted):
                by_deck[key[0]].append(key[1])
        for deck_id, item_ids in by_deck.items():
            future = self._calls.submit(
                lambda d=deck_id, i=tuple(item_ids): self._store.states_of(d, i)
            )
            with self._lock:
                for item_id in item_ids:
                    self._reading.setdefault((deck_id, item_id), future)

    def get(self, key: ItemKey) -> ItemState | None:
        """The item's state, waiting for its read if it is under way (asking for it if it
        is not). Raises ``StoreError`` when the read failed; it is asked for again next time.
        Never call from inside a store call of the same line (it would wait on itself)."""
        with self._lock:
            if key in self._known:
                return self._known[key]
            future = self._reading.get(key)
        if future is None:
            self.read_ahead([key])
            with self._lock:
                future = self._reading[key] if key not in self._known else None
            if future is None:
                return self._known[key]
        try:
            states = future.result(timeout=READ_WAIT_SECONDS)
        except BaseException as error:
            with self._lock:
                if self._reading.get(key) is future:
                    del self._reading[key]
            if isinstance(error, TimeoutError):
                raise StoreError(
                    f"the progress store did not answer within {READ_WAIT_SECONDS:.0f} s"
                ) from error
            raise
        state = states.get(key[1])
        with self._lock:
            if self._reading.get(key) is future:  # not written meanwhile
                del self._reading[key]
                self._known[key] = state
            return self._known[key]
