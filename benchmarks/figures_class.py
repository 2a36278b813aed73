"""A class on one PostgreSQL server under load: many students answering at once.

A server of the benchmark's own (:mod:`benchmarks.local_postgres`, ``fsync`` on) holds a class
database set up by ``quiz class init``, with one role per student (``quiz class
add-student``). Each simulated student opens a store of their own (their own connections)
and answers cards of a 1,000-card deck through :meth:`ProgressStore.apply_review`, the
scheduler running inside the transaction as in the app, then thinks for a while: a person's
5-20 s compressed to 0.3-1.7 s. In a class each student's app is a process of its own; here
students are threads spread over a few processes, each switching threads every 0.5 ms, so
that waiting for one interpreter's lock does not stand in for waiting on the server.
Measured: every review's commit latency (the whole ``apply_review`` call), reviews per
second, errors, and rows lost (reviews whose call returned but whose row is not in the log,
which must be 0). The floor is a bare
one-row ``INSERT`` and commit with psycopg, made every 50 ms beside the load, so that it
meets the same machine.
"""

from __future__ import annotations

import multiprocessing
import random
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.local_postgres import PostgresServer, server_binaries
from benchmarks.measure import Figure, Goal, Measurement

DECK = "load-deck"
ITEMS = 1_000
THINK = (0.3, 1.7)  # seconds between two answers of one student
PROCESSES = 8
SWITCH_INTERVAL = 0.0005  # seconds; Python's 5 ms default would make students queue for the GIL
FLOOR_PAUSE = 0.05  # seconds between two bare commits of the floor


def _student(url: str, seconds: float, seed: int, ready, out: dict) -> None:
    """One student: connected, then (once every student is, ``ready``) answering for
    ``seconds``; what they saw goes to ``out``."""
    from quiz.progress.errors import StoreError
    from quiz.progress.open import open_store
    from quiz.progress.state import Settings
    from quiz.rating import Rating
    from quiz.study.scheduler import schedule

    rng = random.Random(seed)
    settings = Settings()
    latencies: list[float] = []
    errors = saved = 0
    with open_store(url) as store:
        store.settings()  # the pool's connection is made: logging in is not a commit
        ready.wait(timeout=600)  # a student who cannot connect breaks it: no endless wait
        until = time.monotonic() + seconds
        time.sleep(rng.uniform(0, THINK[1]))  # students answer spread out, not all at once
        while time.monotonic() < until:
            item = f"i{rng.randrange(ITEMS)}"
            rating = Rating(rng.choice((1, 3, 3, 3, 4)))
            now = datetime.now(UTC)
            began = time.perf_counter()
            try:
                store.apply_review(
                    DECK, item, rating=rating, correct=rating != Rating.AGAIN, response="{}",
                    reviewed_at=now, duration_ms=rng.randrange(2000, 9000),
                    next_state=lambda before, r=rating, n=now: schedule(before, r, n, settings),
                )  # fmt: skip
            except StoreError:
                errors += 1
            else:
                latencies.append((time.perf_counter() - began) * 1000)
                saved += 1
            time.sleep(rng.uniform(*THINK))
    out[url] = (latencies, errors, saved)


def _worker(urls: list[str], seconds: float, seed: int, ready, results) -> None:
    """One process's students, as threads; sends back (latencies, errors, saved by role).
    ``ready`` is passed by every student of every process before any answers."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    out: dict = {}
    threads = [
        threading.Thread(target=_student, args=(url, seconds, seed * 100_000 + i, ready, out))
        for i, url in enumerate(urls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [ms for lat, _, _ in out.values() for ms in lat]
    errors = sum(err for _, err, _ in out.values()) + len(urls) - len(out)  # a crashed student
    saved = {url.split("://", 1)[1].split(":", 1)[0]: s for url, (_, _, s) in out.items()}
    results.put((latencies, errors, saved))


def _floor(admin: str, until: float) -> Measurement:
    """Bare one-row commits with psycopg, beside the load until ``until`` (monotonic)."""
    import psycopg

    floor = Measurement("bare INSERT + commit beside the load", "ms")
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute("CREATE TABLE IF NOT EXISTS floor_commit (id serial PRIMARY KEY, v text)")
        while time.monotonic() < until:
            began = time.perf_counter()
            with db.transaction():
                db.execute("INSERT INTO floor_commit (v) VALUES ('x')")
            floor.samples.append((time.perf_counter() - began) * 1000)
            time.sleep(FLOOR_PAUSE)
    return floor


def class_load_figures(students: int, seconds: float, work: Path) -> list[Figure]:
    """Commit latency and throughput of ``students`` answering for ``seconds``."""
    import psycopg

    from quiz.progress.postgres_class import add_member, init_class

    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("the class-load figure needs PostgreSQL's server (Debian: postgresql)")
    server = PostgresServer(binaries)
    try:
        server.create()
        server.start()
        with psycopg.connect(server.url(), autocommit=True) as db:
            db.execute("CREATE DATABASE load_class")
        admin = server.url(database="load_class")
        init_class(admin)
        urls = [add_member(admin, f"load_{index:04d}") for index in range(students)]
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        count = max(1, min(PROCESSES, students))
        ready = context.Barrier(students + 1)
        processes = [
            context.Process(target=_worker, args=(urls[i::count], seconds, i, ready, results))
            for i in range(count)
        ]
        for process in processes:
            process.start()
        ready.wait(timeout=600)  # the parent is one of the parties: the floor starts with them
        floor = _floor(admin, time.monotonic() + seconds)
        gathered = [results.get(timeout=seconds + 600) for _ in processes]
        for process in processes:
            process.join()
        latencies = [ms for lat, _, _ in gathered for ms in lat]
        errors = sum(err for _, err, _ in gathered)
        saved: dict[str, int] = {}
        for _, _, by_role in gathered:
            saved.update(by_role)
        with psycopg.connect(admin) as db:
            stored = dict(db.execute("SELECT student, count(*) FROM review_log GROUP BY 1"))
            keys = db.execute("SELECT count(DISTINCT review_key), count(*) FROM review_log")
            distinct, total = keys.fetchone() or (0, 0)
    finally:
        server.remove()
    lost = sum(max(0, count - stored.get(role, 0)) for role, count in saved.items())
    # Rows beyond the reviews whose call returned: a review key logged twice, or a commit
    # that landed for a call that reported an error.
    duplicated = (total - distinct) + max(0, total - sum(saved.values()))
    value = Measurement(f"commit latency, {students} students", "ms", latencies or [0.0])
    rate = len(latencies) / seconds
    p50, p99 = value.median, value.percentile(0.99)
    note = (
        f"{students} students, {seconds:g} s: {rate:.0f} reviews/s, commit p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms, {errors} errors, {lost} rows lost, {duplicated} duplicated "
        f"({len(latencies):,} reviews; bare commits beside them: p50 {floor.median:.2f} ms, "
        f"p99 {floor.percentile(0.99):.1f} ms)"
    )
    return [
        Figure(
            "class-load",
            f"{students} students answering at once on one PostgreSQL server (commit latency; "
            f"{lost} rows lost, {duplicated} duplicated, {errors} errors)",
            value,
            floor,
            (Goal.absolute(20.0, "p99"),),
            note,
        ),
    ]
