"""Keys typed in one burst reach the answer field in the order they were typed, editing keys
among them: the real app in a pseudo-terminal, each burst written to it in one write (as a
fast typist, a held key or a slow link delivers them)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pty_support import TerminalApp, studying

from quiz.paths import database_path
from quiz.progress.open import open_store

LEFT, BACKSPACE, CTRL_W, CTRL_U, DELETE, HOME = (
    "\x1b[D",
    "\x7f",
    "\x17",
    "\x15",
    "\x1b[3~",
    "\x1b[H",
)

BURSTS = [
    # what is written in one go, and the answer it must leave in the field
    (f"x{BACKSPACE}collected", "collected"),
    (f"alpha bta{LEFT}{LEFT}e", "alpha beta"),
    (f"wrong words{CTRL_W}{CTRL_W}gamma", "gamma"),
    (f"nonsense{CTRL_U}delta", "delta"),
    (f"Xepsilon{HOME}{DELETE}", "epsilon"),
]


def typed_deck(answers: list[str]) -> str:
    cards = "".join(
        f"  - {{id: t{n}, type: typed, question: Type {answer}, answers: [{answer}],\n"
        "     source: {key: s, locator: p}, explanation: Because.}\n"
        for n, answer in enumerate(answers)
    )
    return (
        "id: bursts\ntitle: Burst deck\ndescription: Typed cards.\nversion: 1\n"
        "sources:\n  - {key: s, title: S, authors: [A], year: 2025, venue: V}\ncards:\n" + cards
    )


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[TerminalApp, Path]]:
    deck = typed_deck([answer for _, answer in BURSTS])
    with studying(tmp_path, "bursts.yaml", deck) as running:
        yield running


def test_bursts_with_editing_keys_are_applied_in_order(app: tuple[TerminalApp, Path]) -> None:
    terminal, home = app
    terminal.wait_for("to study")
    for number, (burst, answer) in enumerate(BURSTS):
        terminal.press("\r" if number == 0 else "3", f"Type {answer}")  # open, or accept
        terminal.press(burst + "\r", "Rate")  # the answer and its enter in one write
    terminal.write("\x11")  # ctrl+q: the last answer is saved as the app quits
    terminal.wait_exit()
    with open_store(database_path(home)) as store:
        typed = {
            row.item_id: json.loads(row.response).get("text")
            for row in store.iter_reviews("bursts")
        }
    assert typed == {f"t{n}": answer for n, (_, answer) in enumerate(BURSTS)}
