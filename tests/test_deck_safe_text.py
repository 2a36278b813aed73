"""A deck's text is made safe where it enters: every text field, fresh or from the cache."""

from __future__ import annotations

from pathlib import Path

from hostile_text import PAYLOAD, hostile_data, hostile_yaml, strings_in, write_hostile_deck

from quiz.deck.cache import DeckCache
from quiz.deck.loader import load_paths, load_text
from quiz.deck.summary import DeckSummary
from quiz.safe_text import UNSAFE, visible


def test_every_text_of_a_loaded_deck_is_safe_fresh_or_from_the_cache(tmp_path: Path) -> None:
    path = write_hostile_deck(tmp_path / "decks")
    raw = strings_in(hostile_data())
    assert sum(PAYLOAD in text for text in raw) >= 40  # every field carries it
    cache = DeckCache(tmp_path / "cache")
    fresh = load_paths([path], cache=cache)
    cached = load_paths([path], cache=cache)
    assert not fresh.errors and not cached.errors
    assert not cached.decks[0].is_built  # served by the cache, built from it below
    for result in (fresh, cached):
        (loaded,) = result.decks
        summary, deck = loaded.summary, loaded.deck
        for text in [*strings_in(deck), summary.title, summary.description, *summary.tags]:
            assert UNSAFE.search(text) is None, repr(text)
        assert deck.title == visible(hostile_data()["title"])
        assert summary.title == deck.title
    assert cached.decks[0].deck == fresh.decks[0].deck


def test_a_summary_read_back_is_safe_whoever_wrote_it() -> None:
    written = DeckSummary.of(load_text(hostile_yaml())[0]).to_json()
    written.update(title=PAYLOAD, description=PAYLOAD, tags=[PAYLOAD])  # as an older quiz kept it
    summary = DeckSummary.from_json(written)
    assert summary.title == summary.description == summary.tags[0] == visible(PAYLOAD)


def test_the_quick_control_check_finds_what_the_search_finds() -> None:
    from quiz.deck.control_chars import find_control, holds_control

    for code in range(0x3000):
        for text in (chr(code), f"plain {chr(code)} text", f"é {chr(code)}"):
            assert holds_control(text) is (find_control(text) is not None), hex(code)
    assert not holds_control("id: x\n\ttitle: 'plain ASCII'\n")
