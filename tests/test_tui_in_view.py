"""On a long card in a small terminal, the answer field and then the verdict are scrolled into
the study pane's view, so the student never types into, or is graded out of, sight."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.containers import VerticalScroll
from textual.widget import Widget
from tui_support import wait_for_deck_list

from quiz.tui.app import build_app
from quiz.tui.widgets.answer_input import AnswerInput
from quiz.tui.widgets.feedback_panel import FeedbackPanel

READING_WIDTH = 88
LONG = " ".join(["The cells are collected, engineered, expanded and infused."] * 12)

DECK = f"""\
id: long-cards
title: Long cards
description: One long card.
version: 1
sources:
  - key: s
    title: "A source"
    authors: ["A"]
    year: 2025
    venue: "V"
cards:
  - id: long-typed
    type: typed
    question: "{LONG} Which drug blocks the IL-6 receptor?"
    answers: [tocilizumab]
    source: {{key: s, locator: p 1}}
    explanation: "{LONG}"
"""


def in_view(widget: Widget, pane: Widget, lines: int) -> bool:
    """Whether the widget's first ``lines`` lines are drawn inside the pane."""
    region = widget.region
    return region.height >= lines and pane.region.contains_region(
        region.crop_size((region.width, lines))
    )


def long_card_app(folder: Path):
    """The app over a deck of one long typed card, in ``folder``."""
    (folder / "decks").mkdir()
    (folder / "decks" / "long.yaml").write_text(DECK, encoding="utf-8")
    return build_app(data_dir=folder / "home", deck_paths=[folder / "decks"])


async def test_answer_field_and_verdict_are_in_view_at_60x20(tmp_path: Path) -> None:
    app = long_card_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        pane = app.screen.query_one("#study-card", VerticalScroll)
        field = app.screen.query_one(AnswerInput)
        assert pane.max_scroll_y > 0, "the card must be longer than the pane"
        assert in_view(field, pane, field.outer_size.height)
        await pilot.press(*"tocilizumab", "enter")
        await pilot.pause()
        await pilot.pause()
        feedback = app.screen.query_one(FeedbackPanel)
        assert in_view(feedback, pane, 2)
        assert "Correct" in str(feedback.content)


async def test_card_keeps_a_reading_width_on_a_wide_terminal(tmp_path: Path) -> None:
    app = long_card_app(tmp_path)
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("enter", *"tocilizumab", "enter")
        await pilot.pause()
        pane = app.screen.query_one("#study-card", VerticalScroll)
        for widget in pane.children:
            if widget.display:
                region = widget.region
                assert region.width <= READING_WIDTH, widget
                left, right = region.x - pane.region.x, pane.region.right - region.right
                assert abs(left - right) <= 2, f"{widget} is not centred"


async def test_statistics_fit_60x20(tmp_path: Path) -> None:
    """At 60x20 the statistics screen shows its title, the whole table without panning, and
    both charts with their dates, today's bar included."""
    from test_tui_snapshots import FIXTURES, NOW, answered_before

    from quiz.tui.screens.stats import StatsScreen
    from quiz.tui.widgets.stats_table import StatsTable

    shutil.copytree(FIXTURES / "decks", tmp_path / "decks")
    answered_before_in(tmp_path, answered_before)
    app = build_app(data_dir=tmp_path / "home", deck_paths=[tmp_path / "decks"], clock=lambda: NOW)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for_deck_list(pilot)
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        table = screen.query_one(StatsTable)
        assert table.virtual_size.width <= table.size.width, "the table pans sideways"
        strips = screen._compositor.render_strips()
        lines = ["".join(segment.text for segment in strip) for strip in strips]
        assert "Statistics" in lines[0]
        text = "\n".join(lines)
        for words in ("Reviews, last 30 days", "Due, next 30 days", "30 days ago", "in 30 days"):
            assert words in text, text
        assert sum(line.rstrip().endswith("today") for line in lines) == 1, text
        assert "CAR-T basics" in text, text


def answered_before_in(folder: Path, answer) -> None:
    """Run ``answer`` (which works in the current folder) inside ``folder``."""
    import os

    before = Path.cwd()
    os.chdir(folder)
    try:
        answer(Path("home"))
    finally:
        os.chdir(before)
