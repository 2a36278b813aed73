"""The rating bar keeps all four ratings and their intervals in view on a narrow terminal."""

from __future__ import annotations

from pathlib import Path

from tui_support import settled, wait_for_deck_list

from quiz.tui.app import build_app
from quiz.tui.widgets.rating_bar import RatingBar

DECK_FILE = Path(__file__).parent / "fixtures" / "tui" / "decks" / "cart-basics.yaml"


async def test_a_narrow_terminal_shortens_the_prompt_not_the_ratings(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path / "home", deck_paths=[DECK_FILE])
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("space")  # the first card is self-rated: space shows its back
        await settled(pilot)
        bar = pilot.app.screen.query_one(RatingBar)
        wide = str(bar.content)
        assert wide.startswith("How well did you know it?") and "4 Easy" in wide
        await pilot.resize_terminal(60, 20)
        await settled(pilot)
        narrow = str(bar.content)
        assert narrow.startswith("Rate:") and "4 Easy" in narrow
        assert len(narrow.rstrip()) <= bar.size.width
        await pilot.resize_terminal(100, 24)
        await settled(pilot)
        assert str(bar.content) == wide
