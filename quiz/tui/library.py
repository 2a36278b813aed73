"""What the app works on: the loaded decks, their problems and the progress store.

The heavy modules (the loader with pydantic, the store with fsrs) are imported only when
:meth:`Library.open` runs, after the first frame is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.paths import database_path, user_decks_dir

if TYPE_CHECKING:
    from quiz.loader import LoadResult, Problem
    from quiz.model import Deck
    from quiz.store import Store


class Library:
    """The decks and the store of one app run, opened once and shared by every screen."""

    def __init__(
        self,
        *,
        data_dir: Path,
        deck_paths: list[Path] | None,
        clock: Callable[[], datetime],
    ) -> None:
        self.data_dir = data_dir
        self.deck_paths = deck_paths
        self.clock = clock
        self._store: Store | None = None
        self._result: LoadResult | None = None

    @property
    def database_path(self) -> Path:
        """The progress database file."""
        return database_path(self.data_dir)

    @property
    def user_decks_dir(self) -> Path:
        """The folder where a student keeps decks of their own."""
        return user_decks_dir(self.data_dir)

    @property
    def is_open(self) -> bool:
        """Whether :meth:`open` has succeeded."""
        return self._store is not None and self._result is not None

    def open(self) -> None:
        """Open the store, then load the decks.

        Raises ``StoreError`` when the database cannot be used; deck problems never raise,
        they are kept in :attr:`result`.
        """
        from quiz.store import Store

        if self._store is None:
            self._store = Store.open(self.database_path)
        self.reload()

    def reload(self) -> None:
        """Read the deck files again (after an edit, for example)."""
        from quiz.loader import load_default, load_paths

        if self.deck_paths is None:
            self._result = load_default(self.data_dir)
        else:
            self._result = load_paths(self.deck_paths)

    def close(self) -> None:
        """Close the store, if it was opened."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def now(self) -> datetime:
        """The current time, from the app's clock (UTC-aware)."""
        return self.clock()

    @property
    def store(self) -> Store:
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
        """The valid decks, in file order."""
        return [loaded.deck for loaded in self.result.decks]

    def deck(self, deck_id: str) -> Deck:
        """The loaded deck with this id; ``KeyError`` if there is none."""
        for loaded in self.result.decks:
            if loaded.deck.id == deck_id:
                return loaded.deck
        raise KeyError(deck_id)

    def deck_file(self, deck_id: str) -> Path:
        """The file a loaded deck came from."""
        for loaded in self.result.decks:
            if loaded.deck.id == deck_id:
                return loaded.path
        raise KeyError(deck_id)

    def entries(self) -> list[Deck | tuple[Path, Problem]]:
        """Every deck file in load order: its deck, or the file and its first error."""
        by_path = {loaded.path: loaded.deck for loaded in self.result.decks}
        broken = self.result.broken()
        entries: list[Deck | tuple[Path, Problem]] = []
        for path in self.result.files:
            if path in by_path:
                entries.append(by_path[path])
            elif str(path) in broken:
                entries.append((path, broken[str(path)]))
        return entries
