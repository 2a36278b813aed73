"""The benchmarks run end to end on tiny inputs, so that they keep working.

Nothing here checks a timing: only that the figures are measured, with their floors and
goals, and that the results file can be written. The groups that start the app again
(first frames, key presses beside a large deck, peak memory) are left out to keep this
quick: the key-press group drives the same pseudo-terminal code and waits for every piece
of text they wait for. So is the classroom (browsers on ``quiz serve``): the browser tests
of ``quiz serve`` log in and answer through the same code.
"""

from __future__ import annotations

import math
from pathlib import Path

from benchmarks.__main__ import groups, inputs_note, main, run
from benchmarks.inputs import TINY
from benchmarks.report import machine, markdown, to_json

SLOW_GROUPS = {"tui-first-frame", "tui-keypress-large", "peak-memory", "classroom"}


def test_every_figure_is_measured_on_tiny_inputs(tmp_path: Path) -> None:
    printed: list[str] = []
    chosen = [name for name in groups(TINY) if name not in SLOW_GROUPS]
    figures, inputs = run(TINY, tmp_path, chosen, echo=printed.append)
    expected = [key for name in chosen for key in groups(TINY)[name][0]]
    assert [figure.key for figure in figures] == expected
    for figure in figures:
        assert figure.value.samples, figure.key
        assert all(math.isfinite(s) and s >= 0 for s in figure.value.samples), figure.key
        assert figure.floor is not None and figure.floor.samples, figure.key
        assert figure.ratio is not None, figure.key
        assert figure.met in (True, False, None)
    with_goals = {figure.key for figure in figures if figure.goals}
    assert with_goals == {
        "load-cold",
        "load-cached",
        "tui-keypress",
        "browse-open",
        "browse-keystroke",
        "session-start",
        "record",
        "validate",
        "lint",
        "peak-memory-core",
        "anki-cold-load",
        "anki-import",
        "anki-export",
        "scale-ready-10k",
        "scale-ready-100k",
        "scale-record",
        "scale-deck-counts",
        "schedule-logloss",
        "schedule-logloss-gap",
        "schedule-never-worse",
        "optimize-medium",
        "class-load",
        "class-report",
    }
    assert any(line.startswith("tui-keypress: ") for line in printed)
    text = markdown(
        figures, machine(), command="test", seconds=1.0, inputs_note=inputs_note(inputs)
    )
    for heading in ("## Machine", "## Figures", "## Inputs", "| CPU |", "| Python |"):
        assert heading in text
    assert all(f"`{figure.key}`" in text for figure in figures)
    assert [entry["key"] for entry in to_json(figures)] == expected


def test_the_command_lists_the_figures(capsys) -> None:
    assert main(["--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [f"{name}: {', '.join(keys)}" for name, (keys, _) in groups(TINY).items()]
    assert set(groups(TINY)) >= SLOW_GROUPS
