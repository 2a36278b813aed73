"""The app's other screens against real deck files and a real store: decks, broken decks,
filter, statistics, browse, card detail, help, the command palette, themes, errors."""

from __future__ import annotations

import ast
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from textual.binding import Binding
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_support import wait_for_deck_list

from quiz.deck.summary import ALL_DECKS_ID
from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.state import Settings
from quiz.tui.app import QuizApp, build_app
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.card import CardScreen
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.error import ErrorScreen
from quiz.tui.screens.explanation import ExplanationScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.stats import StatsScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.screens.summary import SummaryScreen
from quiz.tui.themes import DARK_THEME, LIGHT_THEME
from quiz.tui.widgets.card_table import CardTable
from quiz.tui.widgets.choice_list import ChoiceList
from quiz.tui.widgets.deck_detail import DeckDetail
from quiz.tui.widgets.deck_table import DeckTable
from quiz.tui.widgets.stats_table import StatsTable
from quiz.tui.widgets.title_bar import TitleBar

FIXTURES = Path(__file__).parent / "fixtures" / "tui"
DECKS = FIXTURES / "decks"
BROKEN = FIXTURES / "broken"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@asynccontextmanager
async def running(data_dir: Path, decks: list[Path] | None = None) -> AsyncIterator[Pilot]:
    """The app at 80x24 over the fixture decks, once its first screen has settled."""
    app = build_app(data_dir=data_dir, deck_paths=decks or [DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.pause()  # the screen just pushed, or the rows just shown, are drawn
        yield pilot


def deck_keys(pilot: Pilot) -> list[str]:
    table = pilot.app.screen.query_one(DeckTable)
    return [row.key for row in table.deck_rows]


def text(widget: Static) -> str:
    return str(widget.content)


async def test_deck_list_counts_each_deck_and_all_together(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        assert deck_keys(pilot) == ["cart-basics", "cart-safety", ALL_DECKS_ID]
        table = pilot.app.screen.query_one(DeckTable)
        # 7 cards, of which the cloze card is two items: 8 new items
        assert table.row("cart-basics").counts == (7, 8, 0, 0)
        assert table.row(ALL_DECKS_ID).counts == (9, 10, 0, 0)
        detail = text(pilot.app.screen.query_one(DeckDetail))
        assert detail.startswith("CAR-T basics  7 cards")
        status = pilot.app.screen.query_one(TitleBar).query_one(".title-right", Static)
        assert text(status).startswith("2 decks · 10 to study")


async def test_the_detail_says_when_the_daily_limit_cuts_the_new_count(tmp_path: Path) -> None:
    store = open_store(database_path(tmp_path))
    store.save_settings(Settings(new_per_day=5))
    store.close()
    async with running(tmp_path) as pilot:
        table = pilot.app.screen.query_one(DeckTable)
        assert table.row("cart-basics").counts == (7, 5, 0, 0)
        detail = text(pilot.app.screen.query_one(DeckDetail))
        assert "5 of 8 unseen items are new today (the daily limit); 3 more on later days" in detail
        await pilot.press("down")
        detail = text(pilot.app.screen.query_one(DeckDetail))
        assert "unseen" not in detail, "no limit cuts cart-safety's 2 new"


async def test_all_caught_up_says_when_the_daily_limit_holds_cards_back(tmp_path: Path) -> None:
    store = open_store(database_path(tmp_path))
    store.save_settings(Settings(new_per_day=1))
    store.close()
    async with running(tmp_path) as pilot:
        await pilot.press("down", "enter", *"tocilizumab", "enter", "4")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for_deck_list(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DecksScreen)
        notes = [note for note in pilot.app._notifications if note.title == "All caught up"]
        assert notes and "The daily new limit is reached: 1 unseen item left for later days." in (
            notes[-1].message
        )
        assert "; the next card is due in " in notes[-1].message


async def test_counts_follow_the_answers(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("down", "enter", *"tocilizumab", "enter", "4", "enter", "escape")
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, DecksScreen)
        table = pilot.app.screen.query_one(DeckTable)
        assert table.row("cart-safety").counts == (2, 1, 0, 0)


async def test_a_broken_deck_is_listed_with_its_error_and_the_others_work(
    tmp_path: Path,
) -> None:
    async with running(tmp_path, [DECKS, BROKEN]) as pilot:
        broken_key = f"file:{BROKEN / 'bad-deck.yaml'}"
        assert deck_keys(pilot) == ["cart-basics", "cart-safety", broken_key, ALL_DECKS_ID]
        await pilot.press("down", "down")
        detail = text(pilot.app.screen.query_one(DeckDetail))
        assert "bad-deck.yaml could not be loaded" in detail
        assert "line 16, column 7: a choice card needs exactly one correct choice" in detail
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, DecksScreen), "a broken deck cannot be studied"
        await pilot.press("up", "enter")
        assert isinstance(pilot.app.screen, StudyScreen)


async def test_the_filter_narrows_the_list_and_escape_clears_it(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("slash", *"safety")
        assert deck_keys(pilot) == ["cart-safety"], "no all-decks row that studies every deck"
        await pilot.press("enter", "enter")  # keep the filter, study the match
        study = pilot.app.screen
        assert isinstance(study, StudyScreen)
        assert study.item is not None and study.item.deck.id == "cart-safety"
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DecksScreen)
        await pilot.press("escape")
        assert deck_keys(pilot) == ["cart-basics", "cart-safety", ALL_DECKS_ID]
        assert not pilot.app.screen.query_one("#filter", Input).display


async def test_a_studies_every_deck(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("a")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen)
        assert study.session.remaining == 10


async def test_statistics_show_each_deck_and_overall(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("enter", "space", "enter", "escape", "enter", "s")
        await pilot.app.workers.wait_for_complete()  # the statistics counted
        stats = pilot.app.screen
        assert isinstance(stats, StatsScreen)
        table = stats.query_one(StatsTable)
        assert table.selected_key == ALL_DECKS_ID
        basics = [str(cell) for cell in table.get_row("cart-basics")]
        assert basics[:6] == ["CAR-T basics", "7", "1", "0", "1", "1"]
        title = stats.query_one("#reviews-chart .chart-title", Static)
        assert "total 1" in text(title)
        await pilot.press("up")  # chart the safety deck: nothing reviewed
        assert table.selected_key == "cart-safety"
        assert text(title).endswith("none")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DecksScreen)


async def test_browse_searches_and_opens_a_card_with_its_history(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("enter", "space", "2", "enter", "escape", "enter", "b")
        await pilot.app.workers.wait_for_complete()  # the states read, the search texts built
        browse = pilot.app.screen
        assert isinstance(browse, BrowseScreen)
        table = browse.query_one(CardTable)
        assert len(table.row_keys) == 7
        await pilot.press("slash", *"chimeric", "enter")
        assert table.row_keys == ["cart-basics/car-meaning"]
        await pilot.press("enter")
        card = pilot.app.screen
        assert isinstance(card, CardScreen)
        history = text(card.query_one("#card-history", Static))
        assert history.startswith("2025-03-01 12:00")
        assert "Hard" in history and "revealed" in history
        schedule = text(card.query_one("#card-schedule", Static))
        assert schedule.startswith("learning · due in")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, BrowseScreen)
        await pilot.press("slash", "escape")  # escape in the search field clears it
        assert len(table.row_keys) == 7
        assert isinstance(pilot.app.screen, BrowseScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DecksScreen)


async def test_cram_one_card_from_its_page(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("b", "down", "enter", "c")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.session.is_cram
        assert study.item is not None and study.item.card.id == "first-signal"
        await pilot.press("b", "enter")  # b answers, enter accepts
        assert isinstance(pilot.app.screen, SummaryScreen)
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, CardScreen)


async def test_help_lists_keys_and_the_data_folders(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = "\n".join(text(widget) for widget in help_screen.query(".help-keys"))
        assert "Show answer" in keys and "Undo" in keys and "Review missed" in keys
        assert "1-4" in keys and "a-h" in keys
        folders = text(help_screen.query_one("#help-folders", Static))
        assert str(database_path(tmp_path)) in folders
        assert str(tmp_path / "decks") in folders
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, DecksScreen)


async def test_the_explanation_window_opens_after_answering(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("enter", "e")
        assert isinstance(pilot.app.screen, StudyScreen), "no explanation before answering"
        await pilot.press("space", "e")
        window = pilot.app.screen
        assert isinstance(window, ExplanationScreen)
        source = text(window.query_one("#explanation-source", Static))
        assert "CAR-T Therapy: Expanding To Solid Tumors" in source and "ref 1" in source
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, StudyScreen)


async def test_an_unusable_database_shows_an_error_screen(tmp_path: Path) -> None:
    database_path(tmp_path).write_text("this is not a database\n")
    async with running(tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ErrorScreen)
        message = text(screen.query_one("#error-message", Static))
        assert str(database_path(tmp_path)) in message
        assert "not an SQLite file" in message
        await pilot.press("escape")  # no way back here: escape quits, like q
        assert not pilot.app.is_running
    assert database_path(tmp_path).read_text() == "this is not a database\n"


async def test_the_theme_switches_between_light_and_dark(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        assert pilot.app.theme == DARK_THEME
        await pilot.press("ctrl+t")
        assert pilot.app.theme == LIGHT_THEME
        await pilot.press("ctrl+t")
        assert pilot.app.theme == DARK_THEME


async def test_the_command_palette_offers_the_main_actions(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        app = pilot.app
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Study deck", "Study all decks", "Statistics", "Browse cards", "Help"):
            assert title in titles
        assert "Keys" not in titles and "Maximize" not in titles, "no second help, no maximize"
        assert any("theme" in title.lower() for title in titles if "dark" in title.lower())
        await pilot.press("ctrl+p", *"study all decks")
        for _ in range(100):  # the palette searches in the background
            if app.screen.query_one(CommandList).option_count:
                break
            await pilot.pause(0.02)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Undo" in titles and "Leave session" in titles


async def test_mouse_clicks_pick_choices_and_rate(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("enter", "space", "enter")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.card_type == "choice"
        await pilot.click(ChoiceList, offset=(12, 1))  # the second row, CD3ζ: the answer
        assert study.query_one(ChoiceList).picked == {1}
        assert study.session.phase == "answered"
        await pilot.click("#ratings", offset=(40, 0))  # "4 Easy" saves at once
        assert study.card_type == "multi"


def test_every_binding_has_a_description() -> None:
    from quiz.tui.widgets.stats_table import StatsTable

    owners = [
        QuizApp,
        DecksScreen,
        StudyScreen,
        SummaryScreen,
        StatsScreen,
        BrowseScreen,
        CardScreen,
        HelpScreen,
        ErrorScreen,
        ExplanationScreen,
        DeckTable,
        CardTable,
        StatsTable,
        ChoiceList,
    ]
    for owner in owners:
        for binding in Binding.make_bindings(owner.BINDINGS):
            assert binding.description, f"{owner.__name__}: {binding.key} has no description"


def test_no_screen_constructs_another() -> None:
    # screens ask the navigator (quiz.tui.navigator) or dismiss themselves; the help screen
    # only reads the other screens' key bindings
    folder = Path(__file__).parent.parent / "quiz" / "tui" / "screens"
    screens = {f"quiz.tui.screens.{path.stem}" for path in folder.glob("*.py")}
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module in screens
            for alias in node.names
        }
        called = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not {name for name in imported if name.endswith("Screen")} & called, path.name
        if path.stem != "help":
            assert not any(name.endswith("Screen") for name in imported), path.name


def test_building_the_app_imports_neither_decks_nor_store() -> None:
    # what the first frame does without: the decks, the store, and the deck cache's hashing
    # and JSON (all loaded in the thread that opens the library); the deck list does import
    # quiz.deck.summary, a few lines of dataclass, for the id of its all-decks row
    probe = (
        "import sys; from pathlib import Path; import quiz.cli.main; "
        "from quiz.tui.app import build_app; import quiz.tui.screens.decks; "
        "build_app(data_dir=Path('unused')); "
        "print(sorted(m for m in ('pydantic', 'yaml', 'fsrs', 'sqlite3', 'quiz.deck.loader', "
        "'quiz.progress.sqlite_store', 'quiz.study.session', 'hashlib', 'json') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


async def test_r_reloads_a_deck_fixed_while_the_app_runs(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    broken = folder / "bad-deck.yaml"
    broken.write_text((BROKEN / "bad-deck.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    async with running(tmp_path / "home", [folder]) as pilot:
        assert deck_keys(pilot) == [f"file:{broken}"]
        fixed = broken.read_text(encoding="utf-8").replace(
            "{text: that one, correct: true}", "{text: that one, why: It is not.}"
        )
        broken.write_text(fixed, encoding="utf-8")
        await pilot.press("r")
        await pilot.app.screen.workers.wait_for_complete()  # the decks are read in a thread
        assert deck_keys(pilot) == ["bad-deck", ALL_DECKS_ID]


async def test_a_database_from_a_newer_quiz_is_refused_on_an_error_screen(tmp_path: Path) -> None:
    connection = sqlite3.connect(database_path(tmp_path))
    connection.execute("PRAGMA user_version = 999")
    connection.close()
    async with running(tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, ErrorScreen)
        assert "newer" in text(screen.query_one("#error-message", Static))


def test_every_binding_has_a_unique_id_and_a_description():
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import quiz.tui

    for info in pkgutil.walk_packages(quiz.tui.__path__, "quiz.tui."):
        importlib.import_module(info.name)
    seen: dict[str, str] = {}

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for cls in subclasses(DOMNode):
        if not cls.__module__.startswith("quiz.tui"):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding), (cls, binding)
            assert binding.description, (cls.__name__, binding.key)
            assert binding.id, (cls.__name__, binding.key)
            owner = f"{cls.__module__}.{cls.__name__}"
            assert seen.setdefault(binding.id, owner) == owner, binding.id


async def test_a_key_group_lists_its_keys_in_order_whatever_the_binding_order() -> None:
    from textual.app import App, ComposeResult

    from quiz.tui.widgets.key_bar import KeyBar

    pick = Binding.Group("Pick")

    class Picking(App[None]):
        BINDINGS = [  # noqa: RUF012
            Binding(key, "bell", f"Pick {key}", group=pick, id=f"pick-{key}") for key in "fabce"
        ]

        def compose(self) -> ComposeResult:
            yield KeyBar()

    async with Picking().run_test(size=(60, 3)) as pilot:
        await pilot.pause()
        assert str(pilot.app.query_one(KeyBar).content).startswith("a b c e f Pick")


def screen_lines(pilot: Pilot) -> list[str]:
    """The text on screen, line by line."""
    update = pilot.app.screen._compositor.render_update(full=True)
    assert update is not None
    return ["".join(segment.text for segment in strip) for strip in update.strips]  # pyright: ignore[reportAttributeAccessIssue]


async def test_help_wraps_a_long_text_under_itself_at_80_columns(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        for _ in range(40):
            if any("after an answer" in line for line in screen_lines(pilot)):
                break
            await pilot.press("pagedown")
            await pilot.pause()
        lines = screen_lines(pilot)
        row = next(i for i, line in enumerate(lines) if "after an answer" in line)
        column = lines[row].index("1-4")
        inside = lines[row].index("│") + 1  # the help box's left border
        assert lines[row + 1][inside:column].strip() == "", f"wrapped under: {lines[row + 1]!r}"


async def test_a_session_of_every_deck_says_so_in_its_header(tmp_path: Path) -> None:
    async with running(tmp_path) as pilot:
        await pilot.press("a")
        await pilot.pause()
        deck = pilot.app.screen.query_one("#study-deck", Static)
        assert text(deck).startswith("All decks › CAR-T")
        await pilot.press("escape", "down", "enter")
        await pilot.pause()
        assert text(pilot.app.screen.query_one("#study-deck", Static)) == "CAR-T safety"


async def test_a_chart_leaves_a_day_of_nothing_blank() -> None:
    from textual.app import App, ComposeResult

    from quiz.tui.widgets.trend_chart import TrendChart

    class Charting(App[None]):
        def compose(self) -> ComposeResult:
            yield TrendChart("Reviews", "30 days ago", "today")

    async with Charting().run_test(size=(70, 8)) as pilot:
        chart = pilot.app.query_one(TrendChart)
        chart.show_values([0, 0, 3, 0, 6, 0])
        await pilot.pause()
        line = pilot.app.query_one(".chart-line")
        height = line.size.height
        rows = ["".join(segment.text for segment in line.render_line(y)) for y in range(height)]
        bottom = rows[-1]
        assert bottom[:20].strip() == "", f"days of nothing are blank: {bottom!r}"
        assert any(mark in "".join(rows) for mark in "▁▂▃▄▅▆▇█"), "the busy days are drawn"
