"""Loaded decks: built only when used, immutable, and kept out of the collector's way."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from quiz import deck_cache
from quiz.deck_cache import DeckCache
from quiz.loader import LoadedDeck, load_file, load_paths, long_lived_decks

VALID = Path(__file__).parent / "fixtures" / "valid"


def tracked(obj: object) -> bool:
    return any(other is obj for other in gc.get_objects())


def test_a_cached_deck_is_built_only_when_used(tmp_path: Path) -> None:
    with deck_cache.using(DeckCache(tmp_path / "cache")):
        fresh = load_paths([VALID])
        cached = load_paths([VALID])
    loaded = cached.decks[0]
    assert loaded._deck is None  # not built yet
    assert (loaded.deck_id, loaded.card_count, cached.card_count) == ("all-types", 6, 6)
    assert loaded.deck == fresh.decks[0].deck
    assert loaded.deck is loaded.deck  # built once
    assert loaded == fresh.decks[0]
    assert "all-types" in repr(loaded)


def test_a_loaded_deck_is_immutable() -> None:
    deck, _ = load_file(VALID / "all-types.yaml")
    assert deck is not None
    loaded = LoadedDeck(deck, VALID)
    with pytest.raises(AttributeError):
        loaded.path = Path("elsewhere")  # type: ignore[misc]
    assert loaded == LoadedDeck(deck, VALID)
    assert loaded.card_count == len(deck.cards)


def test_long_lived_decks_are_frozen_out_of_the_collector() -> None:
    gc.unfreeze()
    try:
        plain = load_paths([VALID]).decks[0].deck
        assert tracked(plain)
        with long_lived_decks():
            frozen = load_paths([VALID]).decks[0].deck
        assert gc.get_freeze_count() > 0
        assert not tracked(frozen)
        gc.unfreeze()
        after = load_paths([VALID]).decks[0].deck
        assert gc.get_freeze_count() == 0
        assert tracked(after)
    finally:
        gc.unfreeze()
