"""A closing terminal or a shutdown never loses the answer on screen: the real app, started
as ``python -m quiz`` in a pseudo-terminal, is hung up, signalled or has its terminal closed
while an answer's feedback shows; the answer is in the review log afterwards, and the app
has ended by itself."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pty_support import TerminalApp, studying

from quiz.paths import database_path
from quiz.progress.open import open_store

DECK = """\
id: hangup
title: Hang-up deck
description: Two self-rated cards.
version: 1
sources:
  - {key: s, title: S, authors: [A], year: 2025, venue: V}
cards:
  - {id: q0, type: basic, front: Zero question?, back: Zero answer.,
     source: {key: s, locator: p}, explanation: Because.}
  - {id: q1, type: basic, front: One question?, back: One answer.,
     source: {key: s, locator: p}, explanation: Because.}
"""


@pytest.fixture
def started(tmp_path: Path) -> Iterator[tuple[TerminalApp, Path]]:
    with studying(tmp_path, "hangup.yaml", DECK) as running:
        yield running


def reviews(home: Path) -> list[tuple[str, int]]:
    with open_store(database_path(home)) as store:
        return [(row.item_id, int(row.rating)) for row in store.iter_reviews("hangup")]


def answer_first_and_show_second(app: TerminalApp) -> None:
    """Accept the first card (Good), then reveal the second: its feedback shows."""
    app.wait_for("Hang-up deck")
    app.wait_for("to study")
    app.press("\r", "Zero question?")
    app.press(" ", "Zero answer.")
    app.press("3", "One question?")
    app.press(" ", "One answer.")


ENDINGS: dict[str, Callable[[TerminalApp], None]] = {
    "SIGHUP": lambda app: app.send_signal(signal.SIGHUP),
    "SIGTERM": lambda app: app.send_signal(signal.SIGTERM),
    "terminal closed": TerminalApp.close_terminal,
}


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_the_answer_on_screen_is_saved_when_the_terminal_goes(
    started: tuple[TerminalApp, Path], ending: str
) -> None:
    app, home = started
    answer_first_and_show_second(app)
    ENDINGS[ending](app)
    app.wait_exit(timeout=20)
    assert reviews(home) == [("q0", 3), ("q1", 3)], "the accepted answer and the one on screen"
