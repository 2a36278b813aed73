"""A classroom in browsers: many students logged in to one ``quiz serve`` at once.

A PostgreSQL server of the benchmark's own (:mod:`benchmarks.local_postgres`) holds a class
database with one published true/false deck and one role per student (``quiz class
add-student``). ``quiz serve`` runs as the command does, and one headless Chromium opens a
browser context per student (cookies of its own, as a separate person's browser). Every
student logs in through the login page at the same moment (the time to their deck list is
reported), and once all are in, they answer cards by key presses into the page's terminal
(``t``, then ``enter``), pausing like a person between keys. Measured: from each
``enter`` to the next card's statement arriving on that page's terminal, over every answer
of every student; then every answer is looked for in that student's own rows of the review
log (misplaced or missing answers must be 0). The floor is the same answer-to-next-card
time of one student studying alone on the same server, measured first in the same run.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import time
from pathlib import Path

from benchmarks.browser import Browser, answer_true_false, chromium_binary, log_in
from benchmarks.class_server import ServeProcess, add_student, make_class, reviewed_items
from benchmarks.local_postgres import PostgresServer, server_binaries
from benchmarks.measure import Figure, Measurement

MS = 1000.0
THINK = (0.2, 0.8)  # seconds a student pauses before a key press
CPU_GROUPS = (("Chromium", "chromium"), ("study apps", "quiz.server.student_app"),
              ("quiz serve", "quiz serve"), ("PostgreSQL", "postgres"))  # fmt: skip
START_SECONDS = 600
CPU_AT_START: dict[
    str, float
] = {}  # a class's apps all start at once: on 2 cores that takes a while


async def _student(
    browser: Browser, base: str, student, cards: int, seed: int, start, ready
) -> tuple:
    """One student: logs in once ``start`` is set, then (once every student has, ``ready``)
    answers ``cards`` cards."""
    page = await browser.new_page()
    await start.wait()
    began = time.perf_counter()
    await log_in(page, base, student.name, student.password, timeout=START_SECONDS)
    logged_in = time.perf_counter() - began
    if ready is not None and await ready.wait() == 0:
        CPU_AT_START.update(cpu_seconds())
    await asyncio.sleep(random.Random(seed).uniform(*THINK))
    answered = await answer_true_false(page, cards, think=THINK, seed=seed)
    return student, logged_in, answered


async def _classroom(chromium: str, base: str, students: list, cards: int) -> tuple:
    async with Browser(chromium) as browser:
        alone = await _student(browser, base, students[0], cards, 0, _open(), None)
        start = asyncio.Event()
        ready = asyncio.Barrier(len(students) - 1)
        running = [
            asyncio.create_task(_student(browser, base, s, cards, n + 1, start, ready))
            for n, s in enumerate(students[1:])
        ]
        await asyncio.sleep(0.5)  # every page is open before anyone logs in
        start.set()
        together = await asyncio.gather(*running)
        used = cpu_seconds()
    return alone, together, {k: used[k] - CPU_AT_START.get(k, 0.0) for k in used}


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by the live processes of each of :data:`CPU_GROUPS`."""
    tick = os.sysconf("SC_CLK_TCK")
    used = dict.fromkeys((name for name, _ in CPU_GROUPS), 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        for name, marker in CPU_GROUPS:
            if marker in command:
                used[name] += (int(fields[11]) + int(fields[12])) / tick
                break
    return used


def _open() -> asyncio.Event:
    event = asyncio.Event()
    event.set()
    return event


def classroom_figures(students: int, cards: int, work: Path) -> list[Figure]:
    """Answer-to-next-card time of ``students`` studying at once in browsers."""
    binaries, chromium = server_binaries(), chromium_binary()
    if binaries is None or chromium is None:
        raise SystemExit("the classroom figure needs PostgreSQL's server and Chromium "
                         "(Debian: postgresql, chromium)")  # fmt: skip
    folder = work / "classroom"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    server = PostgresServer(binaries)
    served = None
    try:
        server.create()
        server.start()
        admin = make_class(server.url(), folder, cards=max(40, cards + 5))
        accounts = [add_student(admin, "room") for _ in range(students + 1)]
        served = ServeProcess(admin, folder / "data")
        load_before = os.getloadavg()[0]
        began = time.perf_counter()
        try:
            alone, together, cpu = asyncio.run(_classroom(chromium, served.base, accounts, cards))
        except (TimeoutError, RuntimeError):
            print(f"quiz serve printed: {served.stop()[-3000:]}")
            raise
        seconds = time.perf_counter() - began
        load_after = os.getloadavg()[0]
        stored = reviewed_items(admin)
    finally:
        if served is not None:
            served.stop()
        server.remove()
    misplaced = 0
    for student, _, answered in [alone, *together]:
        expected = [f"tf-{number}" for number, _ in answered]
        misplaced += sum(
            1 for a, b in zip(expected, stored.get(student.name, []), strict=False) if a != b
        )
        misplaced += abs(len(expected) - len(stored.get(student.name, [])))
    value = Measurement(
        f"enter → next card, {students} students at once", "ms",
        [s * MS for _, _, answered in together for _, s in answered],
    )  # fmt: skip
    floor = Measurement("enter → next card, one student alone", "ms", [s * MS for _, s in alone[2]])
    logins = Measurement("login → deck list", "s", [s for _, s, _ in together])
    note = (
        f"{students} browser sessions, {cards} answers each ({len(value.samples)} answers): "
        f"p50 {value.median:.0f} ms, p99 {value.percentile(0.99):.0f} ms; alone p50 "
        f"{floor.median:.0f} ms; login to deck list p50 {logins.median:.1f} s, max "
        f"{logins.high:.1f} s; {misplaced} answers misplaced or missing; {seconds:.0f} s in "
        f"all; load average {load_before:.1f} before, {load_after:.1f} after; CPU seconds "
        f"while answering: {', '.join(f'{k} {v:.0f}' for k, v in cpu.items())}"
    )
    return [
        Figure(
            "classroom",
            f"{students} students studying at once in browsers (enter → next card; "
            f"{misplaced} answers misplaced)",
            value,
            floor,
            (),  # reported: here the browsers share the server's two cores
            note,
        )
    ]
