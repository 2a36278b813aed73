"""The machine a run happened on, the figures as text, and ``RESULTS.md``."""

from __future__ import annotations

import json
import os
import platform
import re
import sqlite3
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from benchmarks.measure import Figure, Measurement


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def machine() -> dict[str, str]:
    """CPU model, cores, memory, Python, OS and the libraries that set the floors."""
    cpu = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.MULTILINE)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    distro = re.search(r'^PRETTY_NAME="?([^"\n]+)', _read("/etc/os-release"), re.MULTILINE)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()} logical" + (f", {usable} usable" if usable else "")
    versions = []
    for name in ("textual", "pydantic", "pydantic-core", "PyYAML", "fsrs", "anki", "quiz"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    import yaml

    libyaml = "with" if getattr(yaml, "__with_libyaml__", False) else "without"
    return {
        "CPU": cpu.group(1).strip() if cpu else platform.processor() or platform.machine(),
        "cores": cores,
        "memory": f"{int(memory.group(1)) / 1024 / 1024:.1f} GiB" if memory else "unknown",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": f"{distro.group(1) if distro else platform.system()} ({platform.platform()})",
        "libraries": ", ".join(versions) + f"; libyaml {libyaml}; SQLite {sqlite3.sqlite_version}",
    }


def _verdict(figure: Figure) -> str:
    met = figure.met
    return "—" if met is None else ("met" if met else "**missed**")


def _goal_text(figure: Figure) -> str:
    return "; ".join(goal.describe(figure.value.unit) for goal in figure.goals) or "—"


def _value_text(figure: Figure) -> str:
    text = figure.value.describe()
    if any(goal.statistic == "p99" for goal in figure.goals):
        text += f"; p99 {figure.value.percentile(0.99):.1f} {figure.value.unit}"
    return text


def _ratio_text(figure: Figure) -> str:
    ratio = figure.ratio
    return "—" if ratio is None else f"{ratio:.2f} ×"


def console_lines(figure: Figure) -> list[str]:
    """How one figure is printed as soon as it is measured."""
    lines = [f"{figure.key}: {figure.title}", f"    {figure.value.label:<44} {_value_text(figure)}"]
    if figure.floor is not None:
        lines.append(f"    floor: {figure.floor.label:<37} {figure.floor.describe()}")
    parts = [f"ratio {_ratio_text(figure)} floor"]
    if figure.goals:
        parts.append(f"goal {_goal_text(figure)}")
        parts.append(_verdict(figure).strip("*").upper())
    lines.append("    " + "    ".join(parts))
    if figure.note:
        lines.append(f"    ({figure.note})")
    return lines


def to_json(figures: list[Figure]) -> list[dict]:
    """The figures as plain data, for ``--json`` and a later ``--compare``."""
    return [
        {
            "key": f.key,
            "unit": f.value.unit,
            "median": f.value.median,
            "p99": f.value.percentile(0.99),
            "floor": None if f.floor is None else f.floor.median,
            "ratio": f.ratio,
            "met": f.met,
        }
        for f in figures
    ]


def _before_text(figure: Figure, before: dict | None) -> str:
    if before is None:
        return "—"
    text = f"{Measurement('', '', [before['median']]).describe().split(' (')[0]} {before['unit']}"
    if before.get("ratio") is not None:
        text += f" ({before['ratio']:.2f} ×)"
    return text


def markdown(
    figures: list[Figure],
    info: dict[str, str],
    *,
    command: str,
    seconds: float,
    inputs_note: str,
    before: dict[str, dict] | None = None,
) -> str:
    """The whole ``RESULTS.md``."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}` on {when}; the run took {seconds / 60:.1f} min. Each figure",
        "is the median of repeated runs with the spread (lowest-highest) and the number of",
        "runs; each floor was measured in the same run, interleaved with the figure, and the",
        "ratio is figure median / floor median. See `benchmarks/README.md` for what is measured.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in info.items()),
        "",
        "## Figures",
        "",
    ]
    header = "| figure | result | floor (same run) | ratio | goal | |"
    rule = "|---|---|---|---|---|---|"
    if before is not None:
        header = header.replace("| goal |", "| before | goal |")
        rule += "---|"
    lines += [header, rule]
    for figure in figures:
        floor = "—" if figure.floor is None else f"{figure.floor.label}: {figure.floor.describe()}"
        cells = [
            f"`{figure.key}` {figure.title}",
            _value_text(figure),
            floor,
            _ratio_text(figure),
        ]
        if before is not None:
            cells.append(_before_text(figure, before.get(figure.key)))
        cells += [_goal_text(figure), _verdict(figure)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Notes", ""]
    lines += [f"- `{figure.key}`: {figure.note}" for figure in figures if figure.note]
    lines += ["", "## Inputs", "", inputs_note, ""]
    return "\n".join(lines)


def load_before(path: Path) -> dict[str, dict]:
    """Figures saved by an earlier ``--json``, by key."""
    return {entry["key"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}
