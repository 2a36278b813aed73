""" "I was right" in the app: a typed answer judged wrong, overruled with one key shown in the
key bar and the help, saved as correct and flagged, exported, and undone."""

from __future__ import annotations

import json
from pathlib import Path

from test_tui_study import NOW, answer, deck_with, reviews, running
from textual.pilot import Pilot
from tui_support import feedback_text

from quiz.cli.progress import run_export
from quiz.rating import Rating
from quiz.study.overrule import OVERRULED_NOTE
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.widgets.key_bar import KeyBar


def key_bar(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one(KeyBar).content)


async def test_i_was_right_saves_a_flagged_correct_review_that_exports_and_undoes(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "other-costim", "mhc-needed")]) as pilot:
        await answer(pilot, "enter", *"CD-137 domain", "enter")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.session.phase == "answered"
        assert study.session.pending is not None and study.session.pending.grade.correct is False
        assert "I was right" in key_bar(pilot)
        await answer(pilot, "i")
        assert OVERRULED_NOTE in feedback_text(pilot)
        assert "I was right" not in key_bar(pilot)  # once is enough
        await answer(pilot, "2", "enter")  # Hard, then save
        assert study.card_type == "true_false"
        [row] = reviews(home, "other-costim")
        assert (row.correct, row.overruled, row.rating) == (True, True, Rating.HARD)
        assert json.loads(row.response) == {"type": "text", "text": "CD-137 domain"}
        exported_file = tmp_path / "export.json"
        assert run_export(home, "json", exported_file, NOW) == 0
        [exported] = json.loads(exported_file.read_text("utf-8"))["reviews"]
        assert (exported["item_id"], exported["overruled"]) == ("other-costim", True)
        await answer(pilot, "u")
        assert study.card_type == "typed"
        assert reviews(home, "other-costim") == []


async def test_the_key_is_offered_only_after_a_wrong_typed_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "other-costim", "mhc-needed")]) as pilot:
        await answer(pilot, "enter")
        assert "I was right" not in key_bar(pilot)  # the question phase
        await answer(pilot, *"4-1BB", "enter")
        assert "I was right" not in key_bar(pilot)  # judged right
        await answer(pilot, "i", "enter")  # ignored: nothing to overrule
        [row] = reviews(home, "other-costim")
        assert (row.correct, row.overruled) == (True, False)
        await answer(pilot, "t")
        assert "I was right" not in key_bar(pilot)  # wrong, but not a typed answer
        await answer(pilot, "question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        help_text = " ".join(str(s.content) for s in pilot.app.screen.query(".help-keys"))
        assert "I was right" in help_text
