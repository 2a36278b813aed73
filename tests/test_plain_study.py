"""Plain study end to end through a pipe: the real ``python -m quiz study`` with its input and
output piped, as a script or a screen reader's terminal drives it; the answers land in the
review log as the app would write them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_progress_cli import quiz
from test_tui_study import deck_with
from tui_support import logged_reviews

from quiz.rating import Rating

REPO = Path(__file__).resolve().parent.parent


def plain(home: Path, deck: Path, typed: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """``quiz study`` with ``typed`` piped in and its output piped out."""
    return quiz("--data-dir", str(home), "study", *extra, str(deck), stdin=typed)


def test_a_piped_session_answers_rates_undoes_and_quits(tmp_path: Path) -> None:
    home = tmp_path / "home"
    deck = deck_with(tmp_path, "car-meaning", "first-signal", "mhc-needed")
    typed = "\n".join(["", "3", "b", "undo", "d", "again", "x", "f", "4"]) + "\n"
    done = plain(home, deck, typed)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "\x1b" not in out and "│" not in out, "no colour, cursor movement or boxes"
    assert "Question: What does the abbreviation CAR stand for?" in out
    assert "  b: CD3ζ" in out or "CD3ζ" in out
    assert "Not quite." in out and "Answer taken back." in out
    assert "type t (true) or f (false)" in out, "a slip is explained and asked again"
    assert "Correct." in out
    assert "Answers: 3, right: 2." in out
    assert [r.rating for r in logged_reviews(home, "cart-basics", "car-meaning")] == [Rating.GOOD]
    [choice] = logged_reviews(home, "cart-basics", "first-signal")
    assert (choice.rating, choice.correct) == (Rating.AGAIN, False)
    [tf] = logged_reviews(home, "cart-basics", "mhc-needed")
    assert (tf.rating, tf.correct) == (Rating.EASY, True)


def test_quitting_saves_the_answer_on_screen_and_no_save_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    deck = deck_with(tmp_path, "mhc-needed")
    done = plain(home, deck, "f\nquit\n")
    assert done.returncode == 0, done.stderr
    [row] = logged_reviews(home, "cart-basics", "mhc-needed")
    assert (row.rating, row.correct) == (Rating.GOOD, True)
    other = tmp_path / "other"
    done = plain(other, deck, "f\n3\n", "--no-save")
    assert done.returncode == 0 and "Correct." in done.stdout
    assert not (other / "progress.db").exists()
