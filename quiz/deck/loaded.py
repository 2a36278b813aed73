"""A valid deck as a load gives it: its summary, its file, and the deck built when needed."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.deck.summary import DeckSummary

if TYPE_CHECKING:
    from quiz.deck.cache import CachedDeck
    from quiz.deck.deck_cards import DeckCards
    from quiz.deck.model import Deck

_CARDS_LOCK = threading.Lock()  # a worker and the UI may ask for a deck's cards at once


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block.

    Parsing and validating a deck make a great many objects and no garbage cycles; the
    collections they would trigger only rescan them (a large deck loads about twice as fast).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _DeckBuild:
    """A deck, built by ``restore`` on first use (shared by a loaded deck and its cards, so
    neither refers back to the other)."""

    __slots__ = ("deck", "restore")

    def __init__(self, deck: Deck | None, restore: Callable[[], Deck] | None) -> None:
        self.deck = deck
        self.restore = restore

    def get(self) -> Deck:
        deck = self.deck
        if deck is None:
            restore = self.restore
            assert restore is not None
            with paused_gc():
                deck = restore()
            self.deck, self.restore = deck, None
        return deck

    def is_built(self) -> bool:
        return self.deck is not None


class LoadedDeck:
    """A valid deck, its summary and the file it came from.

    A deck served by the deck cache is rebuilt on first use of :attr:`deck`, so a command that
    only reports on decks (``quiz validate``), or the deck list, never builds one: its
    :attr:`summary` comes from the cache. Studying and browsing use :attr:`cards`, which
    builds one card at a time, from the cache entry alone.
    """

    __slots__ = ("_build", "_cached", "_cards", "path", "summary")

    _build: _DeckBuild
    _cached: CachedDeck | None
    _cards: DeckCards | None
    path: Path
    summary: DeckSummary

    def __init__(self, deck: Deck, path: Path) -> None:
        self._set(_DeckBuild(deck, None), None, summary=DeckSummary.of(deck), path=path)

    @classmethod
    def deferred(
        cls,
        path: Path,
        summary: DeckSummary,
        restore: Callable[[], Deck],
        cached: CachedDeck | None = None,
    ) -> LoadedDeck:
        """A loaded deck whose :class:`Deck` is built by ``restore`` when first asked for
        (and whose cards, given its ``cached`` entry, are read from it one by one)."""
        loaded = cls.__new__(cls)
        loaded._set(_DeckBuild(None, restore), cached, summary=summary, path=path)
        return loaded

    def _set(self, build: _DeckBuild, cached: CachedDeck | None, **fields: object) -> None:
        object.__setattr__(self, "_build", build)
        object.__setattr__(self, "_cached", cached)
        object.__setattr__(self, "_cards", None)
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a LoadedDeck is immutable")

    @property
    def deck_id(self) -> str:
        """The deck's id."""
        return self.summary.id

    @property
    def card_count(self) -> int:
        """How many cards the deck has."""
        return self.summary.card_count

    @property
    def is_built(self) -> bool:
        """Whether :attr:`deck` has been built (it is built on first use)."""
        return self._build.is_built()

    @property
    def deck(self) -> Deck:
        """The valid deck."""
        return self._build.get()

    @property
    def cards(self) -> DeckCards:
        """The deck as studying uses it: its summary's ids, each card built when first asked
        for (from the cache entry while the deck itself is not built). Made once."""
        cards = self._cards
        if cards is None:
            from quiz.deck.deck_cards import DeckCards

            with _CARDS_LOCK:
                cards = self._cards
                if cards is None:
                    build, cached = self._build, None
                    if self._cached is not None and not build.is_built():
                        from quiz.deck.cached_cards import CachedCards

                        cached = CachedCards(self._cached)
                    cards = DeckCards(self.summary, build.get, cached=cached, built=build.is_built)
                    object.__setattr__(self, "_cards", cards)
        return cards

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadedDeck):
            return NotImplemented
        return (self.deck, self.path) == (other.deck, other.path)

    def __hash__(self) -> int:
        return hash((self.deck, self.path))

    def __repr__(self) -> str:
        return f"LoadedDeck(deck={self.deck!r}, path={self.path!r})"
