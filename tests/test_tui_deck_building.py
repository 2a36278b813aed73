"""The deck list appears from the decks' summaries; the decks are built after, in a thread."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import wait_for_deck_list

from benchmarks.inputs import deck_yaml
from quiz.deck.cache import DeckCache
from quiz.deck.loader import load_paths
from quiz.deck.summary import ALL_DECKS_ID
from quiz.study.study_day import deck_counts
from quiz.tui.app import build_app
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.deck_table import DeckRow, DeckTable

DECKS = Path(__file__).parent / "fixtures" / "tui" / "decks"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@asynccontextmanager
async def cached_app(tmp_path: Path) -> AsyncIterator[Pilot]:
    """The app over the fixture decks, read through a filled deck cache."""
    cache = DeckCache(tmp_path / "cache")
    load_paths([DECKS], cache=cache)  # fills the cache
    app = build_app(
        data_dir=tmp_path / "home", deck_paths=[DECKS], clock=lambda: NOW, deck_cache=cache
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        yield pilot


def rows(pilot: Pilot) -> tuple[DeckRow, ...]:
    return pilot.app.screen.query_one(DeckTable).deck_rows


async def test_the_list_is_drawn_and_counted_without_building_a_deck(tmp_path: Path) -> None:
    async with cached_app(tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, DecksScreen)
        library = screen.library
        shown = rows(pilot)
        library.reload()  # served by the cache again: summaries, no deck built
        assert not any(loaded.is_built for loaded in library.result.decks)
        screen.refresh_rows()
        assert not any(loaded.is_built for loaded in library.result.decks)
        assert rows(pilot) == shown
        library.build_decks()
        by_id = {deck.id: deck for deck in library.decks}
        assert [row.key for row in shown] == [*by_id, ALL_DECKS_ID]
        for row in shown[:-1]:
            counts = deck_counts(library.store, by_id[row.key], NOW)
            assert (row.title, row.cards) == (by_id[row.key].title, len(by_id[row.key].cards))
            assert (row.new, row.learning, row.due) == (counts.new, counts.learning, counts.due)
        assert shown[0].new > 0


async def test_studying_waits_for_the_decks_being_built(tmp_path: Path) -> None:
    async with cached_app(tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, DecksScreen)
        screen.library.reload()
        screen._build_decks()  # as after the first load: building starts in a thread
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StudyScreen)
        assert screen.library.decks_built
        assert screen._building is not None and screen._building.is_finished


async def test_reloading_while_decks_are_built_reads_the_files_again(tmp_path: Path) -> None:
    async with cached_app(tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, DecksScreen)
        before = rows(pilot)
        screen.library.reload()
        screen._build_decks()
        await pilot.press("r")
        assert rows(pilot) == before
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StudyScreen)


async def until(condition: Callable[[], bool], seconds: float = 10.0) -> float:
    """Wait for ``condition`` without the pilot (whose waits last while any thread works);
    how long it took."""
    start = time.perf_counter()
    while not condition():
        assert time.perf_counter() - start < seconds, "timed out"
        await asyncio.sleep(0.005)
    return time.perf_counter() - start


async def test_reload_reads_the_decks_in_a_thread_while_keys_keep_working(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    shutil.copy(DECKS / "cart-basics.yaml", folder)
    app = build_app(data_dir=tmp_path / "home", deck_paths=[folder], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, DecksScreen)
        await until(lambda: screen.ready)
        await screen.workers.wait_for_complete()
        # a real deck slow to validate (about 0.7 s here), added while the app runs
        (folder / "large.yaml").write_text(deck_yaml("large", 6000), encoding="utf-8")
        table = screen.query_one(DeckTable)
        for key, character in (("r", "r"), ("down", None), ("question_mark", "?")):
            app.post_message(events.Key(key, character))
        answered = await until(lambda: isinstance(app.screen, HelpScreen))
        listed = [row.key for row in table.deck_rows]
        assert listed == ["cart-basics", ALL_DECKS_ID], f"the keys waited {answered:.2f} s for it"
        app.post_message(events.Key("escape", None))
        await until(lambda: len(table.deck_rows) == 3)
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        assert [row.key for row in rows(pilot)] == ["cart-basics", "large", ALL_DECKS_ID]
        assert rows(pilot)[1].cards == 6000
        assert screen.query_one(DeckTable).selected_key == ALL_DECKS_ID  # moved during the reload
        await pilot.press("up", "enter")
        await pilot.pause()
        study = app.screen
        assert isinstance(study, StudyScreen)
        assert study.item is not None and study.item.deck.id == "large"


def test_the_deck_list_path_needs_neither_pydantic_nor_fsrs(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from pathlib import Path\n"
        "from quiz.deck.cache import DeckCache\n"
        "from quiz.study.study_day import count_items\n"
        "from quiz.tui.library import Library\n"
        f"cache = DeckCache(Path({str(tmp_path / 'cache')!r}))\n"
        "now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)\n"
        f"library = Library(data_dir=Path({str(tmp_path)!r}), deck_paths=None, clock=None,\n"
        "                  deck_cache=cache)\n"
        "library.open()\n"
        "counts = [count_items(library.store, d.deck_id, d.summary.item_ids, now)\n"
        "          for d in library.result.decks]\n"
        "heavy = [m for m in ('pydantic', 'fsrs', 'yaml', 'textual') if m in sys.modules]\n"
        "built = any(loaded.is_built for loaded in library.result.decks)\n"
        "print(len(counts), sum(c.new for c in counts), built, heavy)\n"
        "library.close()\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    first, second = (run.stdout.split(maxsplit=2) for run in runs)
    assert first[2] == "True ['pydantic', 'yaml']\n"  # validated (and cached) the first time
    assert second[:2] == first[:2] and int(second[0]) >= 6 and int(second[1]) > 0
    assert second[2] == "False []\n"


async def test_keys_typed_while_the_decks_load_reach_the_deck_list(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not isinstance(app.focused, Input)  # from the first frame: never the hidden filter
        await pilot.press("?")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        screen = await wait_for_deck_list(pilot)
        assert isinstance(screen, DecksScreen) and screen.ready
        assert isinstance(app.focused, DeckTable) and screen.query_one(DeckTable).display
        assert not screen.query("#filter"), "the filter field joins the screen when first used"
        assert [row.key for row in rows(pilot)] == ["cart-basics", "cart-safety", ALL_DECKS_ID]


async def test_keys_typed_in_one_burst_with_the_slash_go_into_the_filter(tmp_path: Path) -> None:
    async with cached_app(tmp_path) as pilot:
        app = pilot.app
        # queued together, as a paste is; s and a are also the keys of stats and all due
        for key, character in (("slash", "/"), ("s", "s"), ("a", "a"), ("f", "f")):
            app.post_message(events.Key(key, character))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecksScreen)
        assert screen.query_one("#filter", Input).value == "saf"
        assert [row.key for row in rows(pilot)] == ["cart-safety"]  # no all-decks row
