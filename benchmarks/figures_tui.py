"""Figures of the study app in a real pseudo-terminal, against a bare Textual app.

The app is the real ``quiz`` command, started on a pseudo-terminal with ``--data-dir`` in a
scratch folder. Times run from starting the process (or writing a key) until the text
waited for has been written to the terminal.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import time
from pathlib import Path

from benchmarks.inputs import Inputs
from benchmarks.measure import Figure, Goal, Measurement
from benchmarks.terminal import Terminal

MS = 1000.0
BARE_READY = "bare textual app ready"
BARE_APP = f"""
from textual.app import App
from textual.widgets import Static

class Bare(App):
    BINDINGS = [("t", "next", "Next")]
    count = 0

    def compose(self):
        yield Static("{BARE_READY}", id="text")

    def action_next(self):
        self.count += 1
        self.query_one("#text", Static).update(f"count {{self.count:05d}}")

Bare().run()
"""
MODELS_IMPORTED = "deck models imported"
BARE_APP_IMPORTING_MODELS = f"""
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("{BARE_READY}", id="text")

    def on_mount(self):
        self.call_after_refresh(self.load)  # after the first frame

    def load(self):
        import quiz.study.session  # the deck models (pydantic), grading and the scheduler (fsrs)
        self.query_one("#text", Static).update("{MODELS_IMPORTED}")

Bare().run()
"""
# What the study app shows: its title bar, then the deck list's status once decks are counted.
FIRST_FRAME = "quiz › Decks"
DECKS_LISTED = re.compile(r"\d+ decks? · \d+ to study")
STATEMENT = re.compile(r"Statement (\d{5}) holds")
ANSWERED = "Correct"
SESSION_SHOWN = re.compile(r"\d+ done · \d+ left")


def quiz_command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "quiz", "--data-dir", str(data), *args]


def bare_first_frame() -> tuple[float, float | None]:
    """Seconds until a bare Textual app's text is on screen, and its peak memory (MB)."""
    with Terminal([sys.executable, "-c", BARE_APP]) as terminal:
        terminal.wait_for(BARE_READY)
        elapsed = time.perf_counter() - terminal.started
        terminal.drain(0.05)
        return elapsed, terminal.peak_rss_mb()


def quiz_start(argv: list[str]) -> tuple[float, float]:
    """Seconds until the app's first frame, and until its deck list shows the decks."""
    with Terminal(argv) as terminal:
        terminal.wait_for(FIRST_FRAME)
        first = time.perf_counter() - terminal.started
        terminal.wait_for(DECKS_LISTED)
        return first, time.perf_counter() - terminal.started


def first_frame_figures(
    inputs: Inputs, runs: int, work: Path, warm_up: bool = True
) -> list[Figure]:
    """First frame with the bundled decks, and with a large personal deck (warm cache)."""
    bundled = work / "tui-bundled"
    large = work / "tui-large"
    (large / "decks").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(inputs.medium, large / "decks" / inputs.medium.name)
    shutil.copyfile(inputs.store, large / "progress.db")
    for data in (bundled, large) if warm_up else ():
        quiz_start(quiz_command(data))  # creates the store, fills the deck cache
    bare, bundled_first, bundled_listed, large_listed, importing = [], [], [], [], []

    def run_bare() -> None:
        bare.append(bare_first_frame()[0])

    def run_importing() -> None:
        with Terminal([sys.executable, "-c", BARE_APP_IMPORTING_MODELS]) as terminal:
            terminal.wait_for(MODELS_IMPORTED)
            importing.append(time.perf_counter() - terminal.started)

    def run_bundled() -> None:
        first, listed = quiz_start(quiz_command(bundled))
        bundled_first.append(first)
        bundled_listed.append(listed)

    def run_large() -> None:
        large_listed.append(quiz_start(quiz_command(large))[1])

    # A start measured right after another one is slower on this kind of machine (by up to
    # 40 ms): each run takes the four in another order, so no figure always goes first.
    starts = [run_bare, run_importing, run_bundled, run_large]
    for index in range(runs):
        shift = index % len(starts)
        for start in starts[shift:] + starts[:shift]:
            start()
    floor = Measurement("bare Textual app, first frame", "s", bare)
    cards = inputs.scale.medium
    return [
        Figure(
            "tui-first-frame",
            "first frame of `quiz` with the bundled decks, real pseudo-terminal",
            Measurement("quiz, first frame", "s", bundled_first),
            floor,
            (Goal.ratio(1.3),),
            note="the title bar drawn; the deck list comes with it when counted within 50 ms",
        ),
        Figure(
            "tui-decks-listed",
            "the same until the bundled decks are listed with their counts",
            Measurement("quiz, decks listed", "s", bundled_listed),
            floor,
            (Goal.ratio(1.3),),
            note="the first frame a student can act on",
        ),
        Figure(
            "tui-models-imported",
            "a bare Textual app that imports the deck models and the scheduler after its first "
            "frame",
            Measurement("bare app + quiz.study.session import", "s", importing),
            floor,
            note="what a deck list built from the decks themselves would wait for; the app's "
            "list waits only for the decks' summaries, and the decks are built after it",
        ),
        Figure(
            "tui-first-frame-large",
            f"first frame with a {cards:,}-card deck loaded (warm cache)",
            Measurement(f"quiz, bundled + {cards:,}-card deck listed", "s", large_listed),
            floor,
            (Goal.ratio(1.5),),
            note=f"{cards:,}-card deck in <data>/decks, its history in the "
            f"{inputs.shape.items:,}-item store",
        ),
    ]


FRAME = 1 / 60  # Textual draws at most this often


def settle(terminal: Terminal, rng: random.Random) -> None:
    """Wait until the app is idle, then a random part of a frame, as a person's key presses
    fall anywhere between two of Textual's frames.

    Idle means nothing written for two frames: a screen whose content changed size is drawn
    again one frame later (its scroll bars), and a key pressed before that second frame waits
    for it. A key pressed a fixed time after each frame would always wait for the same share
    of one, which makes a whole run fast or slow by up to a frame."""
    terminal.drain(2 * FRAME)
    time.sleep(rng.uniform(0.0, FRAME))


def bare_keypress(count: int) -> list[float]:
    """Seconds from a key to the bare app's new text on screen, per key."""
    samples = []
    rng = random.Random(count)
    with Terminal([sys.executable, "-c", BARE_APP]) as terminal:
        terminal.wait_for(BARE_READY)
        terminal.drain(0.05)
        for number in range(1, count + 1):
            settle(terminal, rng)
            start = len(terminal.text)
            pressed = terminal.press(b"t")
            terminal.wait_for(f"count {number:05d}", start=start)
            samples.append(time.perf_counter() - pressed)
    return samples


def _next_statement(terminal: Terminal, start: int, current: str) -> str:
    while True:
        match, _ = terminal.wait_for(STATEMENT, start=start)
        if match.group(1) != current:
            return match.group(1)
        start = match.end()


def _study_keys(argv: list[str], cards: int) -> tuple[list[float], list[float]]:
    """Answer true/false cards: seconds from `t` to the feedback and from `enter` to the
    next card's statement, per card."""
    answer, next_card = [], []
    with Terminal(argv) as terminal:
        terminal.wait_for(FIRST_FRAME)
        terminal.wait_for(DECKS_LISTED, timeout=120)
        start = len(terminal.text)
        terminal.press(b"\r")
        terminal.wait_for(SESSION_SHOWN, start=start)
        current = _next_statement(terminal, start, "")
        rng = random.Random(cards)
        for _ in range(cards - 1):
            settle(terminal, rng)
            start = len(terminal.text)
            pressed = terminal.press(b"t")
            terminal.wait_for(ANSWERED, start=start)
            answer.append(time.perf_counter() - pressed)
            settle(terminal, rng)
            start = len(terminal.text)
            pressed = terminal.press(b"\r")
            current = _next_statement(terminal, start, current)
            next_card.append(time.perf_counter() - pressed)
    return answer, next_card


def _keys_data(folder: Path, cards: int) -> Path:
    from quiz.progress.open import open_store
    from quiz.progress.state import Settings

    with open_store(folder / "progress.db") as store:
        store.save_settings(Settings(new_per_day=cards))
    return folder


def keypress_figures(inputs: Inputs, work: Path) -> list[Figure]:
    """Study true/false cards: `t` answers, `enter` accepts and shows the next card."""
    cards = inputs.scale.keypress_cards
    data = _keys_data(work / "tui-keys", cards)
    answer, next_card = _study_keys(quiz_command(data, "study", str(inputs.keypress_deck)), cards)
    floor = Measurement(
        "bare Textual app, key to new text", "ms", [s * MS for s in bare_keypress(cards)]
    )
    return [
        Figure(
            "tui-keypress",
            "keypress → next card's text on screen, real pseudo-terminal",
            Measurement("enter → next card", "ms", [s * MS for s in next_card]),
            floor,
            (Goal.absolute(16.7), Goal.absolute(33.0, "p99")),
            note=f"{len(next_card)} cards; enter saves the answer, then shows the next card",
        ),
        Figure(
            "tui-answer",
            "keypress → feedback on screen (`t` on a true/false card)",
            Measurement("t → feedback", "ms", [s * MS for s in answer]),
            floor,
            note="grades, previews the four intervals and shows the explanation",
        ),
    ]


def keypress_large_figure(inputs: Inputs, work: Path) -> Figure:
    """The key-press figure again, with the medium deck loaded beside the studied one."""
    cards = inputs.scale.keypress_cards
    data = _keys_data(work / "tui-keys-large", cards)
    argv = quiz_command(data, "study", str(inputs.keypress_deck), str(inputs.medium))
    _, next_card = _study_keys(argv, cards)
    floor = Measurement(
        "bare Textual app, key to new text", "ms", [s * MS for s in bare_keypress(cards)]
    )
    return Figure(
        "tui-keypress-large",
        f"the same with a {inputs.scale.medium:,}-card deck loaded too",
        Measurement("enter → next card", "ms", [s * MS for s in next_card]),
        floor,
        note="more objects alive: shows the cost of the garbage collector's full passes",
    )


def memory_figure(inputs: Inputs, runs: int, work: Path) -> Figure:
    """Peak memory of the app with the large store and the medium deck, studying all due."""
    data = work / "tui-memory"
    (data / "decks").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(inputs.medium, data / "decks" / inputs.medium.name)
    shutil.copyfile(inputs.store, data / "progress.db")
    samples, floors = [], []
    for _ in range(runs):
        shutil.rmtree(data / "cache", ignore_errors=True)
        with Terminal(quiz_command(data)) as terminal:
            terminal.wait_for(DECKS_LISTED)
            start = len(terminal.text)
            terminal.press(b"a")
            terminal.wait_for(SESSION_SHOWN, start=start)
            terminal.drain(0.1)
            peak = terminal.peak_rss_mb()
        floors.append(bare_first_frame()[1] or 0.0)
        if peak is not None:
            samples.append(peak)
    return Figure(
        "peak-memory",
        f"peak memory with {inputs.shape.items:,} items and a "
        f"{inputs.scale.medium:,}-card deck open",
        Measurement("quiz, studying all due", "MB", samples),
        Measurement("bare Textual app", "MB", floors),
        (Goal.absolute(200.0),),
        note="peak resident memory (VmHWM) of the app process; the deck cache was empty, "
        "so the deck was parsed",
    )
