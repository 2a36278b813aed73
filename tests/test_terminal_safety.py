"""No deck text, file name or stored answer reaches the terminal raw: the bytes quiz writes.

The deck of :mod:`tests.hostile_text` carries terminal control sequences in every text field;
its file and the data folder have them in their names. The app runs on a real pseudo-terminal
and is driven through every screen; the command-line tools run as processes. What they write
may hold Textual's own escape sequences, but none of the hostile ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hostile_text import (
    CLIPBOARD,
    PAYLOAD,
    SHOWN,
    WINDOW_TITLE,
    hostile_data,
    hostile_yaml,
    raw_payloads,
    write_hostile_deck,
)

from benchmarks.terminal import Terminal, child_environment
from quiz.deck.loader import load_file, load_paths
from quiz.kinds.base import Reveal
from quiz.kinds.matching import TextResponse
from quiz.paths import database_path
from quiz.progress.sqlite_store import Store
from quiz.safe_text import visible
from quiz.study.session import StudySession

ROOT = Path(__file__).resolve().parent.parent
DECK_NAME = f"deck{CLIPBOARD}\x9b.yaml"
DATA_NAME = f"data{WINDOW_TITLE}"
LOGGED = f"logged-answer {PAYLOAD}"
DOWN, ESCAPE, END = b"\x1b[B", b"\x1b", b"\x1b[F"


def paste(text: str) -> bytes:
    """Keys that paste ``text`` (bracketed paste, as a terminal sends it)."""
    return b"\x1b[200~" + text.encode("utf-8") + b"\x1b[201~"


class Driver:
    """The app on a pseudo-terminal: each step presses keys and waits for text after them."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal

    def step(self, keys: bytes, wait_for: str) -> None:
        start = len(self.terminal.text)
        if keys:
            self.terminal.press(keys)
        self.terminal.wait_for(wait_for, start=start, timeout=20)
        self.terminal.drain(quiet=0.1)


def run_app(data: Path, *decks: Path) -> Terminal:
    argv = [sys.executable, "-m", "quiz", "--data-dir", str(data), "study", *map(str, decks)]
    return Terminal(argv, cwd=ROOT)


def assert_safe(output: bytes) -> None:
    found = raw_payloads(output)
    assert not found, f"{len(found)} hostile sequences written raw, the first: {found[:3]}"


@pytest.fixture
def hostile_files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The hostile deck (a file named with control sequences), a data folder likewise, and a
    second hostile deck whose review log holds a hostile answer (the first one is all new)."""
    deck, data = write_hostile_deck(tmp_path / "decks", DECK_NAME), tmp_path / DATA_NAME
    logged = tmp_path / "decks" / "logged.yaml"
    logged.write_text(hostile_yaml(hostile_data("logged")), encoding="utf-8")
    answered_store(data, logged)
    return deck, data, logged


def test_the_app_writes_no_hostile_sequence_on_any_screen(hostile_files) -> None:
    deck, data, logged = hostile_files
    broken = broken_hostile_deck(deck.parent)
    with run_app(data, deck, logged, broken) as terminal:
        app = Driver(terminal)
        app.step(b"", "Learn")  # the deck list and the deck's detail
        app.step(b"?", "Close help")
        app.step(END, "Data folder")  # where the folders are named
        app.step(ESCAPE, "Study")
        app.step(b"\r", "Show answer")  # basic
        app.step(b" ", "How well")
        app.step(b"3", "Submit")  # choice
        app.step(b"a", "Next card")  # the letter is the answer
        app.step(b"e", "Explanation")
        app.step(ESCAPE, "Next card")
        app.step(b"\r", "Submit")  # multi
        app.step(b"a", "[x]")
        app.step(b"\r", "Next card")
        app.step(b"\r", "True")  # true or false
        app.step(b"t", "Next card")
        app.step(b"\r", "Fill in")  # cloze
        app.step(b"x\r", "Next card")
        app.step(b"\r", "Type your answer")  # typed: a pasted answer
        app.step(paste(f"pasted {PAYLOAD} end"), "evil end")
        app.step(b"\r", "Next card")
        app.step(b"\r", "q-order")  # order
        app.step(ESCAPE, "Missed")  # the summary
        app.step(b"\r", "Study")
        app.step(b"s", "Recall")  # statistics
        app.step(ESCAPE, "Study")
        app.step(b"b", "Search")  # browse
        app.step(b"\r", "History")  # the first card's page
        app.step(ESCAPE, "Search")
        app.step(ESCAPE, "Study")
        app.step(DOWN + b"b", "Search")  # the second deck, studied before
        app.step(DOWN * 5 + b"\r", "logged-answer")  # its typed card's page: the history
        app.step(ESCAPE, "Search")
        app.step(ESCAPE, "Study")
        app.step(DOWN, "could not be loaded")  # a broken file, and why
        assert terminal.close(b"\x11") == 0
    assert_safe(bytes(terminal.output))
    shown = terminal.text
    assert SHOWN in shown  # shown as typed, made visible
    assert visible(DECK_NAME)[:12] in shown


def test_a_deck_served_from_the_cache_is_as_safe(hostile_files) -> None:
    deck, data, _logged = hostile_files
    problems = load_file(deck)[1]
    assert problems and all(  # a warning for each control character, and nothing else
        p.severity == "warning" and "control character" in p.message for p in problems
    )
    for run in ("fresh", "cached"):
        with run_app(data, deck) as terminal:
            app = Driver(terminal)
            app.step(b"", "Learn")
            app.step(b"b", "Search")
            app.step(b"\r", "History")
            assert terminal.close(b"\x11") == 0, run
        assert_safe(bytes(terminal.output))
        assert SHOWN in terminal.text
    assert list((data / "cache").rglob("*.json")), "the second run read the cache"


# -- the command line --------------------------------------------------------------------------


def quiz(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    env = child_environment({"COLUMNS": "200"})
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args], capture_output=True, cwd=cwd, env=env, timeout=60
    )


def answered_store(data: Path, deck: Path) -> None:
    """A review log in which every card was answered two days ago (so each is due again), the
    typed card with a hostile text."""
    (loaded,) = load_paths([deck]).decks
    now = datetime.now(UTC) - timedelta(days=2)
    with Store.open(database_path(data)) as store:
        session = StudySession.start(store, [loaded.deck], now)
        typed = False
        while not typed:
            typed = session.current.card.id == "typed"
            session.answer(TextResponse(LOGGED) if typed else Reveal(), now)
            session.accept(now)


@pytest.fixture
def data_with_progress(tmp_path: Path) -> Path:
    data = tmp_path / DATA_NAME
    answered_store(data, write_hostile_deck(data / "decks", DECK_NAME))
    return data


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_quiz_stats_writes_no_hostile_sequence(data_with_progress: Path, fmt: str) -> None:
    done = quiz("--data-dir", str(data_with_progress), "stats", "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert_safe(done.stdout + done.stderr)
    if fmt == "json":
        titles = [deck["title"] for deck in json.loads(done.stdout)["decks"]]
        assert visible(hostile_data()["title"]) in titles
    else:
        assert SHOWN.encode() in done.stdout


def test_quiz_stats_shows_a_markup_title_as_written(tmp_path: Path) -> None:
    data = hostile_data("markup")
    data["title"] = "[b]Bold[/b] :warning: [/]"
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "markup.yaml").write_text(hostile_yaml(data), encoding="utf-8")
    done = quiz("--data-dir", str(tmp_path), "stats")
    assert done.returncode == 0, done.stderr
    assert "[b]Bold[/b] :warning: [/]" in done.stdout.decode()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_to_the_terminal_writes_no_hostile_sequence(
    data_with_progress: Path, fmt: str
) -> None:
    done = quiz("--data-dir", str(data_with_progress), "export-progress", "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert_safe(done.stdout + done.stderr)
    if fmt == "json":  # escaped as JSON: the answer reads back exactly
        texts = [review["response"].get("text") for review in json.loads(done.stdout)["reviews"]]
        assert LOGGED in texts


def broken_hostile_deck(folder: Path) -> Path:
    """A deck file named to forge lines of output, whose problems quote hostile text."""
    data = hostile_data()
    data["cards"][0][f"key{CLIPBOARD}"] = "x"  # an unknown key, named in the message
    data["cards"][1]["choices"][1]["text"] = data["cards"][1]["choices"][0]["text"]
    path = folder / f"bad\nfake.yaml:1:1: error: forged{WINDOW_TITLE}.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_quiz_validate_writes_no_hostile_sequence_nor_forged_line(tmp_path: Path, fmt: str) -> None:
    bad = broken_hostile_deck(tmp_path / "decks")
    good = write_hostile_deck(tmp_path / "decks", DECK_NAME)
    done = quiz("validate", "--format", fmt, str(bad), str(good))
    assert done.returncode == 1
    assert_safe(done.stdout + done.stderr)
    if fmt == "json":
        problems = json.loads(done.stdout)["problems"]
        errors = [problem for problem in problems if problem["severity"] == "error"]
        assert {problem["file"] for problem in errors} == {str(bad)}
        warned = [problem for problem in problems if problem["severity"] == "warning"]
        assert all("control character" in problem["message"] for problem in warned)
    else:
        lines = done.stdout.decode().splitlines()
        assert not [line for line in lines if line.startswith("fake.yaml")], lines
        assert lines[-1].startswith("2 files, 7 cards, ")
        errors = [line for line in lines[:-1] if ": error: " in line]
        warned = [line for line in lines[:-1] if ": warning: " in line and "control char" in line]
        assert errors and len(errors) + len(warned) == len(lines) - 1


def test_a_path_that_is_not_there_is_named_safely(tmp_path: Path) -> None:
    missing = tmp_path / f"gone{CLIPBOARD}\n.yaml"
    for command in ("validate", "study"):
        done = quiz(command, str(missing))
        assert done.returncode == 2
        assert_safe(done.stdout + done.stderr)
        assert done.stderr.decode().count("\n") == 1
