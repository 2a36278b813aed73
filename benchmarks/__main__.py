"""``python -m benchmarks``: measure every figure, print it, and write ``RESULTS.md``."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks import (
    figures_anki,
    figures_browse,
    figures_class,
    figures_classroom,
    figures_core,
    figures_memory,
    figures_process,
    figures_report,
    figures_scale,
    figures_schedule,
    figures_tui,
)
from benchmarks.inputs import FULL, QUICK, Inputs, Scale, prepare
from benchmarks.measure import Figure
from benchmarks.report import console_lines, load_before, machine, markdown, to_json

HERE = Path(__file__).resolve().parent
Group = Callable[[Inputs, Path], list[Figure]]


def groups(scale: Scale, *, huge: bool = False) -> dict[str, tuple[tuple[str, ...], Group]]:
    """Every group of figures: its figure keys and how to measure it (``huge``: the scale
    group's figures of ten times the benchmark store too)."""
    s = scale
    sizes = ("10k", "100k", "1m") if huge else ("10k", "100k")
    return {
        "load-cold": (
            ("load-cold",),
            lambda i, w: [
                figures_core.load_cold("load-cold", i.medium, s.medium, s.cold_runs, 0.6)
            ],
        ),
        "load-small": (
            ("load-small",),
            lambda i, w: [figures_core.load_cold("load-small", i.small, s.small, s.runs, None)],
        ),
        "load-large": (
            ("load-large",),
            lambda i, w: (
                [figures_core.load_cold("load-large", i.large, s.large, s.large_runs, None)]
                if s.large_runs
                else []
            ),
        ),
        "load-cached": (("load-cached",), lambda i, w: [figures_core.load_cached(i, s.runs, w)]),
        "session-start": (
            ("session-start", "session-start-deck", "session-start-first", "deck-counts"),
            lambda i, w: figures_core.session_figures(i, s.runs, w),
        ),
        "record": (("record",), lambda i, w: [figures_core.record_figure(i, s.records, w)]),
        "schedule": (
            (
                "schedule-logloss",
                "schedule-logloss-gap",
                "schedule-never-worse",
                "schedule-rmse",
                "schedule-reviews-per-day",
                "schedule-retention",
                "optimize-small",
                "optimize-medium",
                "optimize-large",
            ),
            figures_schedule.schedule_figures,
        ),
        "validate": (
            ("validate", "validate-uncached"),
            lambda i, w: figures_process.validate_figures(s.process_runs, w),
        ),
        "lint": (("lint",), lambda i, w: [figures_process.lint_figure(s.process_runs, w)]),
        "bytes-per-card": (
            ("bytes-per-card",),
            lambda i, w: [figures_memory.bytes_per_card_figure(i, min(3, s.process_runs), w)],
        ),
        "peak-memory-core": (
            ("peak-memory-core",),
            lambda i, w: [figures_process.memory_core(i, min(3, s.process_runs), w)],
        ),
        "tui-first-frame": (
            ("tui-first-frame", "tui-decks-listed", "tui-models-imported", "tui-first-frame-large"),
            lambda i, w: figures_tui.first_frame_figures(i, s.tui_runs, w, s.warm_up),
        ),
        "tui-keypress": (
            ("tui-keypress", "tui-answer"),
            lambda i, w: figures_tui.keypress_figures(i, w),
        ),
        "tui-browse": (
            ("browse-open", "browse-keystroke"),
            lambda i, w: figures_browse.browse_figures(i, s.runs, w),
        ),
        "tui-keypress-large": (
            ("tui-keypress-large",),
            lambda i, w: [figures_tui.keypress_large_figure(i, w)],
        ),
        "anki": (
            ("anki-cold-load", "anki-import", "anki-export"),
            lambda i, w: figures_anki.anki_figures(i, s.process_runs, w),
        ),
        "scale": (
            (
                *(f"scale-{what}-{size}" for size in sizes for what in ("ready", "memory")),
                "scale-record",
                "scale-deck-counts",
            ),
            lambda i, w: figures_scale.scale_figures(i, s.process_runs, w, huge=huge),
        ),
        "class-load": (
            ("class-load",),
            lambda i, w: figures_class.class_load_figures(s.class_students, s.class_seconds, w),
        ),
        "class-report": (
            ("class-report",),
            lambda i, w: figures_report.report_figures(
                s.report_students, s.report_reviews, s.report_runs, w
            ),
        ),
        "classroom": (
            ("classroom",),
            lambda i, w: figures_classroom.classroom_figures(
                s.classroom_students, s.classroom_cards, w
            ),
        ),
        "peak-memory": (
            ("peak-memory",),
            lambda i, w: [figures_tui.memory_figure(i, min(3, s.tui_runs), w)],
        ),
    }


def run(
    scale: Scale,
    workdir: Path,
    only: Sequence[str] = (),
    echo: Callable[[str], None] = print,
    *,
    huge: bool = False,
) -> tuple[list[Figure], Inputs]:
    """Measure the chosen groups (all when ``only`` is empty); return the figures in order."""
    table = groups(scale, huge=huge)
    chosen = [
        name
        for name, (keys, _) in table.items()
        if not only or name in only or set(keys) & set(only)
    ]
    unknown = set(only) - {k for name, (keys, _) in table.items() for k in (name, *keys)}
    if unknown:
        raise SystemExit(f"unknown figure(s): {', '.join(sorted(unknown))} (see --list)")
    inputs = prepare(workdir, scale, log=echo)
    scratch = figures_core.work_folder(workdir)
    figures: list[Figure] = []
    try:
        for name in chosen:
            for figure in table[name][1](inputs, scratch):
                figures.append(figure)
                for line in console_lines(figure):
                    echo(line)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return figures, inputs


def inputs_note(inputs: Inputs) -> str:
    s, shape = inputs.scale, inputs.shape
    return (
        f"Synthetic decks of {s.small:,}, {s.medium:,} and {s.large:,} cards, the six card "
        f"types in turn (the largest as a folder of {s.per_file:,}-card files, each under the "
        f"loader's 16 MiB limit); a {s.keypress_cards}-card true/false deck for key presses; "
        f"a store of {shape.items:,} items ({shape.due:,} due, {shape.learning_due:,} of them "
        f"in relearning) with {shape.reviews:,} logged reviews. Generated by "
        "`benchmarks/inputs.py` from a fixed seed."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure the speed and scale figures of quiz against their floors.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100k-card load")
    parser.add_argument(
        "--only", action="append", default=[], metavar="FIGURE", help="measure this figure only"
    )
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    parser.add_argument(
        "--huge",
        action="store_true",
        help="the scale figures also at ten times the store (1M items; long, once generated)",
    )
    parser.add_argument(
        "--output", type=Path, help="write the results here (default: benchmarks/RESULTS.md)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--compare", type=Path, help="JSON of an earlier run: a before column")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=HERE / ".work",
        help="where generated inputs are kept between runs (default: benchmarks/.work)",
    )
    args = parser.parse_args(argv)
    scale = QUICK if args.quick else FULL
    if args.list:
        for name, (keys, _) in groups(scale, huge=args.huge).items():
            print(f"{name}: {', '.join(keys)}")
        return 0
    started = time.perf_counter()
    figures, inputs = run(scale, args.workdir, args.only, huge=args.huge)
    seconds = time.perf_counter() - started
    command = "uv run python -m benchmarks" + (" --quick" if args.quick else "")
    command += " --huge" if args.huge else ""
    command += "".join(f" --only {key}" for key in args.only)
    output = args.output or (None if args.only else HERE / "RESULTS.md")
    if output is not None:
        before = load_before(args.compare) if args.compare else None
        text = markdown(
            figures,
            machine(),
            command=command,
            seconds=seconds,
            inputs_note=inputs_note(inputs),
            before=before,
        )
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}")
    if args.json:
        args.json.write_text(json.dumps(to_json(figures), indent=2), encoding="utf-8")
    missed = [f.key for f in figures if f.met is False]
    print(f"{len(figures)} figures in {seconds:.0f} s; goals missed: {', '.join(missed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
