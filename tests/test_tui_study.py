"""Studying in the app: every card type answered right and wrong, rated, saved, undone.

Each test drives the real app with the pilot over a real deck file and a real progress
database in a temporary folder, then reads the review log back from that database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static
from tui_support import feedback_text, logged_reviews, settled, wait_for_deck_list

from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.state import ReviewRow, Settings
from quiz.rating import Rating
from quiz.study.grading import response_from_json
from quiz.tui.app import build_app
from quiz.tui.screens.decks import DecksScreen
from quiz.tui.screens.explanation import ExplanationScreen
from quiz.tui.screens.study import StudyScreen
from quiz.tui.screens.summary import SummaryScreen
from quiz.tui.widgets.answer_input import AnswerInput
from quiz.tui.widgets.choice_list import ChoiceList
from quiz.tui.widgets.feedback_panel import FeedbackPanel
from quiz.tui.widgets.rating_bar import RatingBar

FIXTURES = Path(__file__).parent / "fixtures" / "tui"
DECK_FILE = FIXTURES / "decks" / "cart-basics.yaml"
DECK_ID = "cart-basics"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def deck_with(tmp_path: Path, *card_ids: str) -> Path:
    """A copy of the fixture deck holding only the given cards, in that order."""
    data = yaml.safe_load(DECK_FILE.read_text(encoding="utf-8"))
    by_id = {card["id"]: card for card in data["cards"]}
    data["cards"] = [by_id[card_id] for card_id in card_ids]
    folder = tmp_path / "decks"
    folder.mkdir(exist_ok=True)
    path = folder / f"{'-'.join(card_ids)[:60]}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@asynccontextmanager
async def running(
    data_dir: Path, decks: list[Path], clock: Clock | None = None
) -> AsyncIterator[Pilot]:
    """The app at 80x24, once its deck list has loaded."""
    app = build_app(data_dir=data_dir, deck_paths=decks, clock=clock or Clock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_for_deck_list(pilot)
        assert isinstance(screen, DecksScreen) and screen.ready
        yield pilot


def reviews(data_dir: Path, item_id: str) -> list[ReviewRow]:
    """The review log of one item of the fixture deck."""
    return logged_reviews(data_dir, DECK_ID, item_id)


def prompt_text(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#prompt", Static).content)


async def answer(pilot: Pilot, *keys: str) -> None:
    """Press keys; the pilot waits after each one until the app is idle, and at the end for
    the answers being written."""
    await pilot.press(*keys)
    await settled(pilot)


# -- one card of each type, right and wrong -------------------------------------------------

CASES = [
    # card, item, keys that answer, verdict shown, rating saved with enter, correct
    ("car-meaning", "car-meaning", ["space"], "Chimeric antigen receptor", Rating.GOOD, None),
    ("first-signal", "first-signal", ["b"], "✓ Correct", Rating.GOOD, True),
    ("first-signal", "first-signal", ["down", "enter"], "✗ Not quite", Rating.AGAIN, False),
    ("costim-domains", "costim-domains", ["a", "b", "enter"], "✓ Correct", Rating.GOOD, True),
    ("costim-domains", "costim-domains", ["a", "enter"], "Answer: a, b", Rating.AGAIN, False),
    ("mhc-needed", "mhc-needed", ["f"], "✓ Correct", Rating.GOOD, True),
    ("mhc-needed", "mhc-needed", ["t"], "the statement is false", Rating.AGAIN, False),
    ("car-parts", "car-parts#c1", [*"scfv", "enter"], "✓ Correct", Rating.GOOD, True),
    ("car-parts", "car-parts#c1", [*"CD28", "enter"], "✗ Not quite", Rating.AGAIN, False),
    ("car-parts", "car-parts#c1", ["enter"], "Answer: scFv", Rating.GOOD, None),
    ("other-costim", "other-costim", [*"41BB", "enter"], "✓ Correct", Rating.GOOD, True),
    ("other-costim", "other-costim", [*"CD28", "enter"], "Answer: 4-1BB", Rating.AGAIN, False),
]


@pytest.mark.parametrize(("card_id", "item_id", "keys", "shown", "rating", "correct"), CASES)
async def test_answer_and_accept_the_suggested_rating(
    tmp_path: Path,
    card_id: str,
    item_id: str,
    keys: list[str],
    shown: str,
    rating: Rating,
    correct: bool | None,
) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, card_id)]) as pilot:
        await answer(pilot, "enter")
        assert isinstance(pilot.app.screen, StudyScreen)
        await answer(pilot, *keys)
        assert shown in feedback_text(pilot)
        assert reviews(home, item_id) == [], "nothing is saved before the rating is accepted"
        await answer(pilot, "enter")
        assert isinstance(pilot.app.screen, StudyScreen | SummaryScreen)
    [row] = reviews(home, item_id)
    assert (row.rating, row.correct) == (rating, correct)
    assert row.reviewed_at == NOW


@pytest.mark.parametrize(
    ("key", "rating"), [("1", Rating.AGAIN), ("2", Rating.HARD), ("4", Rating.EASY)]
)
async def test_a_number_rates_a_graded_card_and_moves_on(
    tmp_path: Path, key: str, rating: Rating
) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "first-signal", "mhc-needed")]) as pilot:
        await answer(pilot, "enter", "b")  # the letter answers a single choice
        await answer(pilot, key)  # and one key rates it and goes on, as in Anki
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.card_type == "true_false"
    [row] = reviews(home, "first-signal")
    assert (row.rating, row.correct) == (rating, True)
    assert response_from_json(row.response).picked == frozenset({1})  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("card_id", "item_id", "keys"),
    [("car-meaning", "car-meaning", ["space"]), ("car-parts", "car-parts#c1", ["enter"])],
)
async def test_a_number_rates_a_self_rated_card_and_moves_on(
    tmp_path: Path, card_id: str, item_id: str, keys: list[str]
) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, card_id)]) as pilot:
        await answer(pilot, "enter", *keys)
        first = pilot.app.screen
        await answer(pilot, "4")
        assert reviews(home, item_id)[0].rating == Rating.EASY
        assert isinstance(pilot.app.screen, SummaryScreen) or first.session.phase == "question"


async def test_a_wrong_choice_shows_its_why_and_the_right_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "first-signal")]) as pilot:
        await answer(pilot, "enter", "d")
        choices = pilot.app.screen.query_one(ChoiceList)
        assert choices.verdicts == [None, "missed", None, "wrong", None]
        assert choices.whys[3] == "The hinge is a spacer between the binder and the membrane."
        text = feedback_text(pilot)
        assert "Answer: b\n" in text
        assert "CD3ζ carries the ITAMs" in text
        assert "Klein RF (2025)" in text and "ref 2" in text


async def test_a_choice_must_be_picked_before_submitting(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "first-signal")]) as pilot:
        await answer(pilot, "enter", "enter")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.session.phase == "question"
        await answer(pilot, "e")  # e answers with the fifth choice
        assert study.session.phase == "answered"
        await answer(pilot, "enter")
    [row] = reviews(home, "first-signal")
    assert row.correct is False
    assert response_from_json(row.response).picked == frozenset({4})  # type: ignore[union-attr]


async def test_multi_letters_toggle(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "costim-domains")]) as pilot:
        await answer(pilot, "enter", "a", "b", "c", "c", "enter", "enter")
    [row] = reviews(home, "costim-domains")
    assert row.correct is True
    assert response_from_json(row.response).picked == frozenset({0, 1})  # type: ignore[union-attr]


async def test_cloze_shows_the_blank_then_the_filled_text(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with open_store(database_path(home)) as store:  # both groups in one session
        store.save_settings(Settings(bury_siblings=False))
    async with running(home, [deck_with(tmp_path, "car-parts")]) as pilot:
        await answer(pilot, "enter")
        assert prompt_text(pilot) == (
            "A CAR joins an [antibody fragment] outside the cell to CD3ζ signalling inside it."
        )
        await answer(pilot, *"scFv", "enter")
        assert prompt_text(pilot) == (
            "A CAR joins an scFv outside the cell to CD3ζ signalling inside it."
        )
        await answer(pilot, "enter")  # group 2 comes next
        assert prompt_text(pilot) == (
            "A CAR joins an scFv outside the cell to [...] signalling inside it."
        )


# -- saving, undo, leaving --------------------------------------------------------------------


async def test_undo_takes_back_the_saved_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    deck = deck_with(tmp_path, "first-signal", "mhc-needed")
    async with running(home, [deck]) as pilot:
        await answer(pilot, "enter", "b", "enter", "enter")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen)
        assert study.item is not None and study.item.card.id == "mhc-needed"
        assert len(reviews(home, "first-signal")) == 1
        await answer(pilot, "u")
        assert study.item is not None and study.item.card.id == "first-signal"
        assert study.session.phase == "question"
        assert reviews(home, "first-signal") == []
        await answer(pilot, "c", "enter", "enter")
    [row] = reviews(home, "first-signal")
    assert (row.rating, row.correct) == (Rating.AGAIN, False)


async def test_undo_before_accepting_takes_back_the_answer_on_screen(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed")]) as pilot:
        await answer(pilot, "enter", "t")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.session.phase == "answered"
        await answer(pilot, "u")
        assert study.session.phase == "question"
        await answer(pilot, "f", "enter")
    [row] = reviews(home, "mhc-needed")
    assert row.correct is True


async def test_ctrl_z_undoes_the_typing_first_then_the_last_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    deck = deck_with(tmp_path, "mhc-needed", "other-costim")
    async with running(home, [deck]) as pilot:
        await answer(pilot, "enter", "f", "enter", *"ub", "backspace", *"cd")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.card_type == "typed"
        field = study.query_one(AnswerInput)
        assert field.value == "ucd"
        assert len(reviews(home, "mhc-needed")) == 1
        await answer(pilot, "ctrl+z")
        assert (study.card_type, field.value) == ("typed", "uc"), "a text field's own undo"
        await answer(pilot, "ctrl+z", "ctrl+z")
        assert (study.card_type, field.value) == ("typed", "ub")
        await answer(pilot, "ctrl+z", "ctrl+z")
        assert (study.card_type, field.value) == ("typed", "")
        assert len(reviews(home, "mhc-needed")) == 1
        await answer(pilot, "ctrl+z")  # nothing typed: the last answer is taken back
        assert study.card_type == "true_false"
    assert reviews(home, "mhc-needed") == []


async def test_leave_and_reopen_answered_cards_are_not_due_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    deck = deck_with(tmp_path, "first-signal", "mhc-needed", "other-costim")
    async with running(home, [deck]) as pilot:
        await answer(pilot, "enter", "b", "4")  # Easy: due in days
        await answer(pilot, "f", "4")
        await answer(pilot, "escape")
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.summary.answered == 2
        await answer(pilot, "enter")
        assert isinstance(pilot.app.screen, DecksScreen)
    later = Clock(NOW + timedelta(hours=1))
    async with running(home, [deck], later) as pilot:
        await answer(pilot, "enter")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen)
        assert study.item is not None and study.item.card.id == "other-costim"
        assert study.session.remaining == 1


async def test_leaving_with_an_answer_on_screen_saves_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed", "first-signal")]) as pilot:
        await answer(pilot, "enter", "t", "escape")
        assert isinstance(pilot.app.screen, SummaryScreen)
    [row] = reviews(home, "mhc-needed")
    assert (row.rating, row.correct) == (Rating.AGAIN, False)


async def test_quitting_with_an_answer_on_screen_saves_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed")]) as pilot:
        await answer(pilot, "enter", "f", "ctrl+q")
    [row] = reviews(home, "mhc-needed")
    assert (row.rating, row.correct) == (Rating.GOOD, True)


async def test_quitting_from_the_explanation_window_saves_the_answer_below(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed")]) as pilot:
        await answer(pilot, "enter", "t", "e")
        assert isinstance(pilot.app.screen, ExplanationScreen)
        await answer(pilot, "ctrl+q")
    [row] = reviews(home, "mhc-needed")
    assert (row.rating, row.correct) == (Rating.AGAIN, False)


async def test_leaving_before_answering_goes_straight_back(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed")]) as pilot:
        await answer(pilot, "enter", "escape")
        assert isinstance(pilot.app.screen, DecksScreen)


async def test_a_finished_session_shows_its_summary(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed", "first-signal")]) as pilot:
        await answer(pilot, "enter", "t", "enter")  # wrong: Again, back in a minute
        await answer(pilot, "b", "4")
        await answer(pilot, "f", "4")  # the missed one again, now right
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.left == 0
        assert summary.summary.answered == 3
        assert [item.card.id for item in summary.summary.missed] == ["mhc-needed"]
        figures = str(summary.query_one("#summary-figures", Static).content)
        assert "Answers   3" in figures  # answers, not cards: one card may be answered twice
        assert "67%  (2 of 3 right)" in figures
        missed = str(summary.query_one("#summary-missed", Static).content)
        assert "CAR-T cells need MHC presentation" in missed
        await answer(pilot, "r")  # review the missed card as a cram
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.session.is_cram
        await answer(pilot, "t", "enter", "f", "enter")  # Again brings it back in a cram too
        again = pilot.app.screen
        assert isinstance(again, SummaryScreen) and again.cram
        await answer(pilot, "enter")
        assert isinstance(pilot.app.screen, DecksScreen)
    assert len(reviews(home, "mhc-needed")) == 2, "cramming writes nothing"


async def test_cram_leaves_the_schedule_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed", "first-signal")]) as pilot:
        await answer(pilot, "c")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen) and study.session.is_cram
        await answer(pilot, "f", "enter", "b", "enter")
        assert isinstance(pilot.app.screen, SummaryScreen)
    assert reviews(home, "mhc-needed") == reviews(home, "first-signal") == []


async def test_nothing_due_keeps_the_deck_list(tmp_path: Path) -> None:
    home = tmp_path / "home"
    deck = deck_with(tmp_path, "mhc-needed")
    async with running(home, [deck]) as pilot:
        await answer(pilot, "enter", "f", "4")
        await answer(pilot, "enter")  # summary -> decks
        await answer(pilot, "enter")  # nothing left to study
        assert isinstance(pilot.app.screen, DecksScreen)


async def test_the_summary_shows_each_missed_item_with_its_answer_and_the_pace(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    store = open_store(database_path(home))
    store.save_settings(Settings(bury_siblings=False))  # both blanks in one session
    store.close()
    clock = Clock(NOW)
    async with running(home, [deck_with(tmp_path, "car-parts")], clock) as pilot:
        await answer(pilot, "enter", *"nope", "enter", "1")  # blank 1 missed
        clock.now += timedelta(seconds=20)
        await answer(pilot, *"nope", "enter", "1")  # blank 2 missed
        clock.now += timedelta(seconds=10)
        await answer(pilot, "escape")
        summary = pilot.app.screen
        assert isinstance(summary, SummaryScreen)
        missed = str(summary.query_one("#summary-missed", Static).content)
        assert "Answer: scFv" in missed and "Answer: CD3ζ" in missed, "the groups told apart"
        figures = str(summary.query_one("#summary-figures", Static).content)
        assert "Pace      15 s an answer" in figures


async def test_u_on_the_summary_takes_back_the_last_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed", "first-signal")]) as pilot:
        await answer(pilot, "enter", "f", "4")
        await answer(pilot, "b", "4")  # the last card: the summary shows
        assert isinstance(pilot.app.screen, SummaryScreen)
        assert len(reviews(home, "first-signal")) == 1
        await answer(pilot, "u")
        study = pilot.app.screen
        assert isinstance(study, StudyScreen), "back in the session, at the card taken back"
        assert study.item is not None and study.item.card.id == "first-signal"
        assert study.session.phase == "question"
        assert reviews(home, "first-signal") == []
        await answer(pilot, "c", "4")
        assert isinstance(pilot.app.screen, SummaryScreen)
    assert len(reviews(home, "first-signal")) == 1


async def test_a_typed_answer_is_compared_letter_by_letter_with_the_closest_spelling(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "other-costim")]) as pilot:
        await answer(pilot, "enter", *"CD173", "enter")  # a typo of CD137: wrong
        panel = pilot.app.screen.query_one(FeedbackPanel)
        content = panel.content
        assert isinstance(content, Content)
        text = str(content)
        assert "You typed  CD173\nClosest    CD137" in text
        typed_at = text.index("You typed  ") + len("You typed  ")
        closest_at = text.index("Closest    ") + len("Closest    ")

        def marked(style: str, start: int) -> str:
            return "".join(
                text[span.start : span.end]
                for span in content.spans
                if style in str(span.style) and start <= span.start < start + 5
            )

        assert marked("text-error", typed_at) in {"3", "7", "73"}, "typed letters out of place"
        assert marked("text-success", closest_at) in {"3", "7", "37"}, "letters missed"


async def test_a_cram_says_only_again_brings_a_card_back(tmp_path: Path) -> None:
    home = tmp_path / "home"
    async with running(home, [deck_with(tmp_path, "mhc-needed", "first-signal")]) as pilot:
        await answer(pilot, "c", "t")
        bar = str(pilot.app.screen.query_one(RatingBar).content)
        assert "1 Again comes back" in bar and "2 Hard  " in bar
