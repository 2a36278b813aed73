"""Loaded decks: built only when used, immutable, and kept out of the collector's way."""

from __future__ import annotations

import gc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quiz.deck.cache import DeckCache
from quiz.deck.loader import LoadedDeck, load_file, load_paths
from quiz.deck.summary import DeckSummary
from quiz.tui.library import Library

VALID = Path(__file__).parent / "fixtures" / "valid"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def tracked(obj: object) -> bool:
    return any(other is obj for other in gc.get_objects())


def test_a_cached_deck_is_built_only_when_used(tmp_path: Path) -> None:
    cache = DeckCache(tmp_path / "cache")
    fresh = load_paths([VALID], cache=cache)
    cached = load_paths([VALID], cache=cache)
    loaded = cached.decks[0]
    assert not loaded.is_built
    assert (loaded.deck_id, loaded.card_count, cached.card_count) == ("all-types", 6, 6)
    assert loaded.summary == fresh.decks[0].summary  # from the cache, still not built
    assert not loaded.is_built
    assert loaded.deck == fresh.decks[0].deck
    assert loaded.is_built
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


def test_a_summary_has_what_the_deck_list_shows() -> None:
    deck, _ = load_file(VALID / "all-types.yaml")
    assert deck is not None
    summary = DeckSummary.of(deck)
    assert (summary.id, summary.title, summary.card_count) == (deck.id, deck.title, 6)
    assert summary.tags == tuple(deck.tags)
    assert summary.item_ids == (
        *("basic-card", "choice-card", "multi-card", "tf-card"),
        *("cloze-card#c1", "cloze-card#c2", "typed-card"),
    )
    assert summary.item_set == set(summary.item_ids)
    assert DeckSummary.from_json(summary.to_json()) == summary


@pytest.mark.parametrize(
    "change",
    [{"tags": "one"}, {"cards": "6"}, {"items": [1]}, {"title": None}, {"id": []}],
)
def test_a_malformed_summary_is_refused(change: dict) -> None:
    deck, _ = load_file(VALID / "all-types.yaml")
    assert deck is not None
    data = DeckSummary.of(deck).to_json() | change
    with pytest.raises(ValueError, match="malformed deck summary"):
        DeckSummary.from_json(data)
    with pytest.raises(ValueError, match="malformed deck summary"):
        DeckSummary.from_json({"id": "x"})


def library(tmp_path: Path, *, freeze: bool, cache: DeckCache | None = None) -> Library:
    return Library(
        data_dir=tmp_path,
        deck_paths=[VALID],
        clock=lambda: NOW,
        freeze_decks=freeze,
        deck_cache=cache,
    )


def test_a_long_running_app_freezes_its_decks_out_of_the_collector(tmp_path: Path) -> None:
    gc.unfreeze()
    try:
        cache = DeckCache(tmp_path / "cache")
        load_paths([VALID], cache=cache)
        plain = library(tmp_path, freeze=False, cache=cache)
        frozen = library(tmp_path, freeze=True, cache=cache)
        plain.open()
        frozen.open()
        try:
            assert not plain.decks_built and not frozen.decks_built  # served by the cache
            plain.build_decks()
            assert plain.decks_built and tracked(plain.decks[0])
            assert gc.get_freeze_count() == 0
            frozen.build_decks()
            assert gc.get_freeze_count() > 0
            assert not tracked(frozen.decks[0])
            gc.unfreeze()
            frozen.build_decks()  # already built: nothing is frozen again
            assert gc.get_freeze_count() == 0
        finally:
            plain.close()
            frozen.close()
    finally:
        gc.unfreeze()


def test_decks_validated_as_they_are_read_are_frozen_too(tmp_path: Path) -> None:
    gc.unfreeze()
    frozen = library(tmp_path, freeze=True)
    try:
        frozen.open()  # no cache: every deck is validated, so built, as it is read
        assert all(loaded.is_built for loaded in frozen.result.decks)
        assert not frozen.decks_built
        frozen.build_decks()
        assert frozen.decks_built and gc.get_freeze_count() > 0
        assert not tracked(frozen.decks[0])
    finally:
        frozen.close()
        gc.unfreeze()
