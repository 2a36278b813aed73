"""`quiz optimize`: fitted parameters replace those in use only when they predict the
student's later reviews better; simulated students remember by known parameters."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from session_support import answer, start

from benchmarks.students import START, simulate_student, student_deck
from quiz.cli.main import main
from quiz.paths import database_path
from quiz.progress.open import open_store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.optimizer import default_parameters, suggestion

DECK = student_deck("sim", 200)


def far_from_defaults() -> tuple[float, ...]:
    """A student who forgets much faster than the average one."""
    weights = list(default_parameters())
    for index in range(4):
        weights[index] *= 0.3  # first stabilities
    weights[8] = 0.6  # stability grows far less after each recall
    return tuple(weights)


def studied(home: Path, weights: tuple[float, ...], days: int, seed: int) -> Path:
    with open_store(database_path(home)) as store:
        simulate_student(store, DECK, weights, days, seed=seed, settings=Settings(new_per_day=10))
    return home


@pytest.fixture(scope="module")
def far_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return studied(tmp_path_factory.mktemp("far"), far_from_defaults(), 60, seed=1)


def test_a_student_far_from_the_defaults_gets_parameters_that_predict_better(
    far_home: Path, capsys
) -> None:
    assert main(["--data-dir", str(far_home), "optimize"]) == 0
    out = capsys.readouterr().out
    assert "Kept the fitted parameters" in out
    assert "in use (FSRS's defaults)" in out
    with open_store(database_path(far_home)) as store:
        fit = store.parameters_for("sim")
        assert fit is not None and fit.kept and fit.deck_id is None
        assert fit.log_loss_after < fit.log_loss_before
        assert fit.rmse_after < fit.rmse_before
        assert f"{fit.log_loss_before:.4f}" in out and f"{fit.log_loss_after:.4f}" in out
        assert fit.parameters != default_parameters()
        assert str(fit.review_count) in out
        # the next answer is scheduled by the fit, and its log row says so
        now = START + timedelta(days=61)
        session = start(store, [DECK], now)
        answer(session, Rating.GOOD, now)
        assert list(store.iter_reviews())[-1].parameters_id == fit.id


def test_a_deck_fit_is_kept_for_that_deck(far_home: Path, capsys) -> None:
    assert main(["--data-dir", str(far_home), "optimize", "--deck", "sim"]) == 0
    with open_store(database_path(far_home)) as store:
        latest = store.latest_fit("sim")
        assert latest is not None and latest.deck_id == "sim"
        if latest.kept:
            assert store.parameters_for("sim") == latest
    assert main(["--data-dir", str(far_home), "optimize", "--deck", "nope"]) == 1
    assert "deck 'nope' has no reviews yet" in capsys.readouterr().err


def test_a_student_who_remembers_as_the_defaults_say_keeps_them(tmp_path: Path, capsys) -> None:
    home = studied(tmp_path, default_parameters(), 90, seed=1)
    assert main(["--data-dir", str(home), "optimize"]) == 0
    assert "Kept FSRS's defaults" in capsys.readouterr().out
    with open_store(database_path(home)) as store:
        assert store.parameters_for("sim") is None
        latest = store.latest_fit(None)
        assert latest is not None and not latest.kept  # stored with its figures all the same


def test_too_few_reviews_are_refused_with_how_many_are_needed(tmp_path: Path, capsys) -> None:
    home = studied(tmp_path, default_parameters(), 3, seed=2)
    assert main(["--data-dir", str(home), "optimize"]) == 1
    error = capsys.readouterr().err
    assert "reviews so far; fitting needs at least 100" in error
    assert "Traceback" not in error
    with open_store(database_path(home)) as store:
        assert store.latest_fit(None) is None


def test_without_the_extra_the_message_names_it(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)  # as if it were not installed
    assert main(["--data-dir", str(tmp_path / "home"), "optimize"]) == 1
    error = capsys.readouterr().err
    assert "needs the optional extra quiz[optimize]" in error
    assert "pip install 'quiz[optimize]'" in error


def test_fitting_is_suggested_once_enough_new_reviews_have_come() -> None:
    assert suggestion(99, None) is None
    assert (
        suggestion(150, None) == "150 reviews so far: run quiz optimize to fit FSRS to your memory."
    )
    assert suggestion(600, 150) is None
    assert "550 reviews since FSRS was last fitted" in (suggestion(700, 150) or "")
