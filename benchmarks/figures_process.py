"""Figures that start a fresh Python process: `quiz validate`, and peak memory headless."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.inputs import Inputs
from benchmarks.measure import Figure, Goal, Measurement, interleaved
from benchmarks.terminal import child_environment

IMPORT_FLOOR = "import pydantic, yaml"


def run_process(argv: list[str], *, expect: int = 0) -> float:
    """Seconds from start to exit of a process; its exit code must be ``expect``."""
    start = time.perf_counter()
    done = subprocess.run(
        argv, capture_output=True, text=True, check=False, env=child_environment()
    )
    elapsed = time.perf_counter() - start
    if done.returncode != expect:
        raise RuntimeError(
            f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()[-600:]}"
        )
    return elapsed


def validate_figures(runs: int, work: Path) -> list[Figure]:
    """`quiz validate` of the bundled decks in a new process, against importing its libraries.

    The main figure has the validated-deck cache filled by an earlier run (as on any run but
    the first after installing or editing); the second empties the cache before each run.
    """
    data = work / "validate-data"
    command = [sys.executable, "-m", "quiz", "--data-dir", str(data), "validate"]
    floor_command = [sys.executable, "-c", IMPORT_FLOOR]
    run_process(command)  # fills the cache
    warm, floors = interleaved(
        runs, lambda: run_process(command), lambda: run_process(floor_command)
    )

    def cold() -> float:
        shutil.rmtree(data / "cache", ignore_errors=True)
        return run_process(command)

    cold_values, cold_floors = interleaved(runs, cold, lambda: run_process(floor_command))
    return [
        Figure(
            "validate",
            "`quiz validate` of the bundled decks, cold process",
            Measurement("quiz validate", "s", warm),
            Measurement(f'python -c "{IMPORT_FLOOR}"', "s", floors),
            (Goal.ratio(1.5),),
            note="a new process each run; the deck cache was filled by an earlier run",
        ),
        Figure(
            "validate-uncached",
            "the same with an empty deck cache (first run after an install or an edit)",
            Measurement("quiz validate, empty cache", "s", cold_values),
            Measurement(f'python -c "{IMPORT_FLOOR}"', "s", cold_floors),
        ),
    ]


def lint_figure(runs: int, work: Path) -> Figure:
    """`quiz lint` of the bundled decks (which lint clean), in a new process, against
    `quiz validate` of the same decks with an empty deck cache (lint reads them uncached)."""
    data = work / "lint-data"
    quiz = [sys.executable, "-m", "quiz", "--data-dir", str(data)]
    command = [*quiz, "lint"]

    def validate_uncached() -> float:
        shutil.rmtree(data / "cache", ignore_errors=True)
        return run_process([*quiz, "validate"])

    run_process(command)
    values, floors = interleaved(runs, lambda: run_process(command), validate_uncached)
    return Figure(
        "lint",
        "`quiz lint` of the bundled decks, cold process",
        Measurement("quiz lint", "s", values),
        Measurement("quiz validate, empty cache", "s", floors),
        (Goal.absolute(1.0),),
        note="a new process each run; every rule, the decks read and validated uncached",
    )


# Peak resident memory in kB, read from /proc: getrusage's ru_maxrss would also count the
# memory of the parent process, which a child keeps across exec.
PEAK_RSS = "int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
MEMORY_SCRIPT = """
import json, re, sys
from datetime import UTC, datetime
from pathlib import Path
from quiz.deck.loader import load_paths
from quiz.study.study_day import deck_counts
from quiz.study.session import StudySession
from quiz.progress.open import open_store
store_path, deck_path = Path(sys.argv[1]), Path(sys.argv[2])
now = datetime.fromisoformat(sys.argv[3])
result = load_paths([deck_path])
decks = [loaded.deck for loaded in result.decks]
with open_store(store_path) as store:
    counts = [deck_counts(store, deck, now, tz=UTC) for deck in decks]
    session = StudySession.start(store, decks, now, tz=UTC)
print(json.dumps({"peak_kb": PEAK, "queued": session.remaining}))
""".replace("PEAK", PEAK_RSS)


def memory_core(inputs: Inputs, runs: int, work: Path) -> Figure:
    """Peak memory of a process that loads the medium deck cold and studies it over the store."""
    from benchmarks.inputs import fixed_now

    samples = []
    for _ in range(runs):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                MEMORY_SCRIPT,
                str(inputs.store),
                str(inputs.medium),
                fixed_now().isoformat(),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=work,
            env=child_environment(),
        )
        samples.append(json.loads(done.stdout)["peak_kb"] / 1024)
    floor = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import re, pydantic.main, yaml, sqlite3; print({PEAK_RSS})",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=child_environment(),
    )
    return Figure(
        "peak-memory-core",
        f"peak memory without the app: {inputs.shape.items:,}-item store, "
        f"{inputs.scale.medium:,}-card deck parsed cold",
        Measurement("loader + store + session process", "MB", samples),
        Measurement("python importing pydantic, yaml, sqlite3", "MB", [int(floor.stdout) / 1024]),
        (Goal.absolute(200.0),),
        note="no deck cache: the YAML is parsed, the worst case for memory",
    )
