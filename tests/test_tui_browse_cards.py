"""Browse over a deck served by the cache: it builds the cards of the rows it draws, and
searches a text index, never the deck."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tui_support import wait_for_deck_list

from benchmarks.inputs import deck_yaml
from quiz.deck.cache import DeckCache
from quiz.deck.loader import load_paths
from quiz.tui.app import build_app
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.card import CardScreen
from quiz.tui.widgets.card_table import CardTable

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
CARDS = 600


async def test_browse_builds_only_the_cards_on_screen(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(deck_yaml("big", CARDS), encoding="utf-8")
    cache = DeckCache(tmp_path / "cache")
    load_paths([path], cache=cache)  # validated once: the app is served by the cache
    app = build_app(
        data_dir=tmp_path / "home", deck_paths=[path], clock=lambda: NOW, deck_cache=cache
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("b")
        await app.workers.wait_for_complete()  # the states read, the search texts built
        await pilot.pause()
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        table = browse.query_one(CardTable)
        assert table.row_count() == CARDS
        loaded = browse.library.loaded("big")
        deck = loaded.cards
        assert 0 < deck.cards_built < 40  # the rows drawn, not the deck
        assert not loaded.is_built
        await pilot.press("slash", *"card-000421", "enter")
        await pilot.pause()
        assert table.row_keys == ["big/card-000421"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen)
        assert app.screen.card.id == "card-000421"
        assert deck.card("card-000421") is app.screen.card  # the row's card, built once
        assert not loaded.is_built
