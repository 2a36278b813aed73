"""Studying and browsing a cached deck build only the cards shown, each once, from the entry."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from benchmarks.inputs import deck_yaml
from quiz.deck.cache import DeckCache
from quiz.deck.fields import CardBase
from quiz.deck.loader import LoadedDeck, load_paths
from quiz.kinds.matching import MatchOptions
from quiz.kinds.registry import kind_of
from quiz.progress.open import open_store
from quiz.study.session import StudySession
from quiz.tui.library import Library

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BUNDLED = Path(__file__).parent.parent / "decks"
LARGE = 3000  # cards of every kind in turn


def live_cards(besides: frozenset[int] = frozenset()) -> list[CardBase]:
    """Every card object alive now, but those whose ids are ``besides``."""
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, CardBase) and id(o) not in besides]


def alive_now() -> frozenset[int]:
    """The ids of the card objects alive now (other tests' decks)."""
    return frozenset(map(id, live_cards()))


@pytest.fixture(scope="module")
def large_deck(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DeckCache]:
    """A large deck file and a cache that has validated it once."""
    folder = tmp_path_factory.mktemp("large")
    path = folder / "large.yaml"
    path.write_text(deck_yaml("large", LARGE), encoding="utf-8")
    cache = DeckCache(folder / "cache")
    load_paths([path], cache=cache)
    return path, cache


def served(large_deck: tuple[Path, DeckCache]) -> LoadedDeck:
    path, cache = large_deck
    loaded = load_paths([path], cache=cache).decks[0]
    assert not loaded.is_built  # served by the cache
    return loaded


def test_a_session_builds_only_the_cards_it_shows_each_once(large_deck, tmp_path) -> None:
    loaded = served(large_deck)
    deck = loaded.cards
    before = alive_now()
    with open_store(tmp_path / "progress.db") as store:
        session = StudySession.start(store, [deck], NOW, seed=1)
        assert session.remaining > 1
        current = session.current
        assert current is not None
        assert live_cards(before) == [current.card]  # only the card shown
        assert deck.cards_built == 1
        shown = []
        now = NOW
        for _ in range(5):
            item = session.current
            assert item is not None
            assert deck.card(item.card.id) is item.card  # built once: asked again, the same
            shown.append(item.card)
            session.answer(kind_of(item.card).right_response(item.card, item.group), now)
            session.accept(now)
            now += timedelta(seconds=10)
        assert deck.cards_built == 6  # five answered, the sixth on screen
        assert len(live_cards(before)) <= 6  # the answered ones are held by the session's answers
    assert not loaded.is_built  # the deck itself was never built
    whole = load_paths([large_deck[0]]).decks[0].deck
    assert [whole.card(card.id) for card in shown] == shown


def test_cards_from_the_entry_equal_the_decks_own_glossary_included(tmp_path) -> None:
    cache = DeckCache(tmp_path / "cache")
    fresh = load_paths([BUNDLED], cache=cache)
    checked = 0
    for loaded in load_paths([BUNDLED], cache=cache).decks:
        deck = loaded.cards
        built = fresh.decks[[d.deck_id for d in fresh.decks].index(loaded.deck_id)].deck
        assert list(deck.iter_cards()) == built.cards
        assert [deck.card_at(i) for i in range(deck.card_count)] == built.cards
        assert deck.sources == built.sources
        assert not loaded.is_built
        glossaries = [glossary(card) for card in built.cards]
        assert [glossary(card) for card in deck.iter_cards()] == glossaries
        shared = [g for g in glossaries if g]
        assert bool(shared) == bool(built.synonyms)
        checked += len(shared)
    assert checked > 0  # a bundled deck has a glossary its typed cards use


def glossary(card: CardBase) -> tuple[tuple[str, ...], ...]:
    """The synonym groups a card's answers accept (none for a kind without typed answers)."""
    match = getattr(card, "match", None)
    return match.glossary if isinstance(match, MatchOptions) else ()


def test_the_item_ids_are_the_summarys_own(large_deck) -> None:
    loaded = served(large_deck)
    deck = loaded.cards
    assert deck.item_ids is loaded.summary.item_ids  # the deck list counts from this tuple
    assert deck.item_set is loaded.summary.item_set
    cloze = next(i for i in deck.item_ids if "#c" in i)
    card, group = deck.items[cloze]
    assert (card.id, group) == (cloze.partition("#")[0], int(cloze.rpartition("#c")[2]))
    assert deck.item_ids_of(card.id) == tuple(i for i, _ in kind_of(card).items(card))


def test_a_damaged_entry_gives_its_cards_from_the_file_read_again(large_deck) -> None:
    path, cache = large_deck
    loaded = served(large_deck)
    entry = cache.entry_path(path)
    good = entry.read_bytes()
    try:
        entry.write_bytes(good.replace(b"Synthetic deck", b"Synthetic dock"))
        card = loaded.cards.card_at(7)
        assert loaded.is_built  # the entry failed its checksum: the file was read again
        assert card == loaded.deck.cards[7]
    finally:
        entry.write_bytes(good)


def test_the_search_index_keeps_texts_not_cards(large_deck, tmp_path) -> None:
    path, cache = large_deck
    library = Library(data_dir=tmp_path, deck_paths=[path], clock=lambda: NOW, deck_cache=cache)
    library.open()
    before = alive_now()
    try:
        library.prepare_study()
        search = library.card_search(None)
        assert len(search) == LARGE
        assert live_cards(before) == []
        assert not library.result.decks[0].is_built
        assert len(search.matches("card-000042")) == 1
    finally:
        library.close()


def test_a_card_asked_for_after_the_file_changed_is_found_by_its_id(tmp_path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(deck_yaml("small", 40), encoding="utf-8")
    cache = DeckCache(tmp_path / "cache")
    load_paths([path], cache=cache)
    loaded = load_paths([path], cache=cache).decks[0]
    assert loaded.cards.card_at(3).id == "card-000003"
    # another process validates the edited file (its first card gone): the entry is rewritten
    path.write_text(deck_yaml("small", 39, first=1), encoding="utf-8")
    load_paths([path], cache=cache)
    card = loaded.cards.card_at(5)
    assert card.id == "card-000005"
    assert loaded.is_built and loaded.deck.cards[4] is card  # the file was read again


def test_every_cards_items_are_placed_as_in_the_built_deck(large_deck) -> None:
    loaded = served(large_deck)
    deck = loaded.cards
    whole = load_paths([large_deck[0]]).decks[0].deck
    expected = [tuple(item for item, _ in kind_of(card).items(card)) for card in whole.cards]
    assert any(len(items) > 1 for items in expected)  # cloze cards of several groups
    assert [deck.card_item_ids(index) for index in range(deck.card_count)] == expected
    assert [{deck.item_card_index(item) for item in items} for items in expected] == [
        {index} for index in range(len(expected))
    ]
    assert not loaded.is_built


def test_a_damaged_card_of_the_entry_costs_only_that_card(large_deck) -> None:
    path, cache = large_deck
    loaded = served(large_deck)
    entry = cache.entry_path(path)
    good = entry.read_bytes()
    last = good.rindex(b'"id":"card-002999"')
    word = good.index(b"e", last + 20)  # a letter of the last card's text, still valid JSON
    try:
        entry.write_bytes(good[:word] + b"a" + good[word + 1 :])
        assert loaded.cards.card_at(0).id == "card-000000"
        assert not loaded.is_built  # the first card is sound: read from the entry
        card = loaded.cards.card_at(LARGE - 1)
        assert loaded.is_built  # the last card failed its checksum: the file was read again
        assert card == loaded.deck.cards[-1]
        assert card == load_paths([path]).decks[0].deck.cards[-1]
    finally:
        entry.write_bytes(good)


def test_an_item_is_found_the_same_before_and_after_its_deck_maps_positions(large_deck) -> None:
    deck = served(large_deck).cards
    expected = [
        (item_id, index)
        for index in range(deck.card_count)
        for item_id in deck.card_item_ids(index)
    ]
    with pytest.raises(KeyError):
        deck.item_card_index("no-such-item")  # searched for
    for _ in range(2):  # the first pass searches, then maps; the second reads the map
        assert [(item_id, deck.item_card_index(item_id)) for item_id, _ in expected] == expected
    with pytest.raises(KeyError):
        deck.item_card_index("no-such-item")  # looked up in the map
