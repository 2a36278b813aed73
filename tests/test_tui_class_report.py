"""The class report in the app: opened with an instructor's URL, the known class of
:mod:`class_report_support` shown tab by tab, at 80x24 and 60x20, in both themes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from class_report_support import NOW, KnownClass, make_known_class
from postgres_server import PostgresServer
from test_tui_contrast import low_contrast
from textual.pilot import Pilot

from quiz.cli.main import main
from quiz.cli.study_command import _is_instructor
from quiz.paths import choose_database
from quiz.tui.app import DARK_THEME, LIGHT_THEME, build_app
from quiz.tui.screens.class_report import ClassReportScreen
from quiz.tui.widgets.report_table import ReportTable


@pytest.fixture(scope="module")
def known_class(postgres_server: PostgresServer) -> KnownClass:
    return make_known_class(postgres_server)


@pytest.fixture
def instructor(known_class: KnownClass) -> Iterator[str]:
    choose_database(known_class.instructor)
    yield known_class.instructor
    choose_database(None)


def screen_lines(pilot: Pilot) -> list[str]:
    strips = pilot.app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


async def report_shown(pilot: Pilot) -> ClassReportScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ClassReportScreen)
    for _ in range(100):
        await pilot.pause()
        if screen.report is not None:
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.report is not None
    return screen


def test_only_an_instructors_url_opens_the_report(known_class: KnownClass) -> None:
    assert _is_instructor(known_class.instructor)
    assert not _is_instructor(known_class.students["s0"])
    assert not _is_instructor(Path("progress.db"))


def test_an_instructor_without_a_terminal_is_given_the_report_as_text(
    instructor: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path), "--db", instructor]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Class report, every deck: ")
    assert "report-deck / choice" in out


@pytest.mark.parametrize("theme", [DARK_THEME, LIGHT_THEME])
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_tab_is_readable_and_fits(
    instructor: str, tmp_path: Path, theme: str, size: tuple[int, int]
) -> None:
    app = build_app(data_dir=tmp_path, clock=lambda: NOW, instructor=True)
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        screen = await report_shown(pilot)
        lines = screen_lines(pilot)
        assert any("report-deck / choice" in line for line in lines)
        assert any("first-try correct 33.3% (below 40%)" in line for line in lines)
        assert low_contrast(screen._compositor.render_strips()) == []
        for key in "2345":
            await pilot.press(key)
            await pilot.pause()
            assert low_contrast(screen._compositor.render_strips()) == [], key
            for table in screen.query(ReportTable):
                if table.display and table.region.width:
                    assert table.virtual_size.width <= table.size.width, (key, table.id)


async def test_cards_to_look_at_come_first_with_their_options(
    instructor: str, tmp_path: Path
) -> None:
    app = build_app(data_dir=tmp_path, clock=lambda: NOW, instructor=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await report_shown(pilot)
        await pilot.press("2")
        await pilot.pause()
        table = screen.query_one("#report-cards", ReportTable)
        assert table.selected_key == "report-deck\x1fchoice"  # flagged: first
        lines = screen_lines(pilot)
        assert any(line.strip().startswith("! choice") for line in lines), lines
        assert any("Which antigen does the [bold]first[/] approved" in line for line in lines)
        assert any("✗ 2.    4 picks  <script>alert(1)</script>" in line for line in lines)
        await pilot.press("down")
        await pilot.pause()
        assert any("Name the antigen." in line for line in screen_lines(pilot))


async def test_overruled_answers_and_students_at_risk_first(
    instructor: str, known_class: KnownClass, tmp_path: Path
) -> None:
    app = build_app(data_dir=tmp_path, clock=lambda: NOW, instructor=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await report_shown(pilot)
        await pilot.press("3")
        await pilot.pause()
        lines = screen_lines(pilot)
        assert any("+ CD-19   (2 students, 2×)" in line for line in lines), lines
        await pilot.press("5")
        await pilot.pause()
        table = screen.query_one("#report-students", ReportTable)
        mine = {role: name for name, role in known_class.roles.items()}
        keys = [str(key.value) for key in table.rows]
        assert [mine[k] for k in keys if k in mine] == ["s6", "s4", "s5", "s1", "s2", "s3", "s0"]
        await pilot.press("d")  # one deck: the same class, named in the title
        await report_shown(pilot)
        await pilot.pause()
        assert any("report-deck ·" in line for line in screen_lines(pilot))


async def test_help_lists_the_reports_keys(instructor: str, tmp_path: Path) -> None:
    app = build_app(data_dir=tmp_path, clock=lambda: NOW, instructor=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await report_shown(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(screen_lines(pilot))
        assert "Class report" in text and "Deck" in text
        assert "Refresh" in text and "Students" in text
        assert "Study" not in text.split("Class report", 1)[1]
