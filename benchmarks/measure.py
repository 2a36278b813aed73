"""Samples, statistics and goals: what every figure is made of.

A figure is a measurement (several samples of one quantity), optionally a floor (the same
kind of quantity for the bare library or tool, measured in the same run) and a goal. A goal
is either a ratio against the floor or an absolute limit on a statistic of the samples.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Measurement:
    """Repeated samples of one quantity, in ``unit`` ("s", "ms" or "MB")."""

    label: str
    unit: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    def percentile(self, fraction: float) -> float:
        """The nearest-rank percentile (``fraction`` 0.99 is p99)."""
        ordered = sorted(self.samples)
        rank = max(1, -(-len(ordered) * fraction // 1))
        return ordered[int(rank) - 1]

    def describe(self) -> str:
        """``0.812 s (0.797-0.845, n=5)``: median, then the spread of the samples."""
        n = len(self.samples)
        if n == 1:
            return f"{_fmt(self.median)} {self.unit} (n=1)"
        return f"{_fmt(self.median)} {self.unit} ({_fmt(self.low)}-{_fmt(self.high)}, n={n})"


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


@dataclass(frozen=True)
class Goal:
    """What a figure should reach.

    ``ratio``: the figure's median at most ``limit`` times the floor's median.
    ``absolute``: the figure's ``statistic`` ("median" or "p99") at most ``limit`` units.
    """

    kind: str  # "ratio" or "absolute"
    limit: float
    statistic: str = "median"

    @classmethod
    def ratio(cls, limit: float) -> Goal:
        """The figure's median at most ``limit`` times its floor's median."""
        return cls("ratio", limit)

    @classmethod
    def absolute(cls, limit: float, statistic: str = "median") -> Goal:
        """The figure's ``statistic`` at most ``limit`` of its unit."""
        return cls("absolute", limit, statistic)

    def describe(self, unit: str) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g} × floor"
        name = "" if self.statistic == "median" else f"{self.statistic} "
        return f"{name}≤ {self.limit:g} {unit}"


@dataclass
class Figure:
    """One row of the results: a measurement, its floor, its goals and a note."""

    key: str
    title: str
    value: Measurement
    floor: Measurement | None = None
    goals: tuple[Goal, ...] = ()
    note: str = ""

    def statistic(self, name: str) -> float:
        return self.value.median if name == "median" else self.value.percentile(0.99)

    @property
    def ratio(self) -> float | None:
        """The figure's median over the floor's median."""
        if self.floor is None or not self.floor.samples or not self.floor.median:
            return None
        return self.value.median / self.floor.median

    def verdicts(self) -> list[tuple[Goal, bool]]:
        """Each goal with whether this run met it."""
        out = []
        for goal in self.goals:
            if goal.kind == "ratio":
                ratio = self.ratio
                out.append((goal, ratio is not None and ratio <= goal.limit))
            else:
                out.append((goal, self.statistic(goal.statistic) <= goal.limit))
        return out

    @property
    def met(self) -> bool | None:
        """True when every goal is met, None when the figure has no goal."""
        verdicts = self.verdicts()
        return None if not verdicts else all(ok for _, ok in verdicts)


def time_call(function: Callable[[], object], *, collect: bool = True) -> float:
    """Seconds one call takes. Garbage left by earlier calls is collected first."""
    if collect:
        gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def interleaved(
    runs: int, measured: Callable[[], float], floor: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """Alternate the measured run and its floor, so drift on a noisy machine hits both."""
    values, floors = [], []
    for _ in range(runs):
        floors.append(floor())
        values.append(measured())
    return values, floors
