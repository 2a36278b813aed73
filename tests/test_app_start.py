"""What the study app's start leaves out of its first frame: argparse for ``quiz`` and
``quiz --data-dir DIR``, the garbage collector's passes, and the other screens' styles."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tui_support import wait_for_deck_list

from quiz.cli.main import app_start_options, build_parser
from quiz.tui.app import SCREEN_STYLES, build_app
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.help import HelpScreen

DECKS = Path(__file__).parent / "fixtures" / "tui" / "decks"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--data-dir", "/tmp/home"],
        ["--data-dir=/tmp/home"],
        ["--db", "progress.db", "--data-dir", "home"],
        ["--db=postgresql://student@server/class?sslmode=require"],
        ["--data-dir", "first", "--data-dir", "second"],
    ],
)
def test_the_app_s_own_options_are_read_as_the_parser_reads_them(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.command is None
    assert app_start_options(argv) == (args.data_dir, args.db)


@pytest.mark.parametrize(
    "argv",
    [
        ["study"],
        ["--help"],
        ["--version"],
        ["--data-dir"],
        ["--data-dir", ""],
        ["--data-dir="],
        ["--data-dir", "--db", "x"],
        ["--data", "home"],  # an abbreviation, which only argparse knows
        ["--data-dir", "home", "stats"],
    ],
)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert app_start_options(argv) is None


def test_the_app_s_start_imports_no_argparse(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "import quiz.cli.study_command as study\n"
        "def run_study(folder, paths, cache, **options):\n"
        "    print(folder, list(paths), sorted(options.items()), 'argparse' in sys.modules)\n"
        "    return 0\n"
        "study.run_study = run_study\n"
        "from quiz.cli.main import main\n"
        f"sys.exit(main(['--data-dir', {str(tmp_path)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    options = [("no_save", False), ("plain", None), ("until", None)]
    assert result.stdout == f"{tmp_path} [] {options} False\n"


async def test_the_collector_paused_for_the_start_runs_again_after_the_first_frame(
    tmp_path: Path,
) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW, freeze_decks=True)
    gc.disable()  # as the command line does before it imports the app
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_deck_list(pilot)
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what the start made is out of its passes
    finally:
        gc.enable()
        gc.unfreeze()


async def test_an_app_beside_others_leaves_the_collector_alone(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    gc.unfreeze()
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_deck_list(pilot)
            await pilot.pause()
            assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


async def test_the_other_screens_styles_come_after_the_deck_list_and_change_nothing_on_it(
    tmp_path: Path,
) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_deck_list(pilot)
        await pilot.pause()
        assert isinstance(screen, DecksScreen)
        assert app.stylesheet.has_source(str(SCREEN_STYLES))
        nodes = list(screen.walk_children(with_self=True))
        styled = [node.styles.css for node in nodes]
        app.stylesheet.update(screen)  # every rule again, the screens' ones included
        assert [node.styles.css for node in nodes] == styled


async def test_a_window_over_the_deck_list_has_the_screens_styles(tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, deck_paths=[DECKS], clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        assert str(box.styles.width) == "90w"  # .dialog: 90%, in screens.tcss
