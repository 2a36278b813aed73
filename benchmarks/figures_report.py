"""The class report (``quiz class report``) on a large simulated class.

A server of the benchmark's own (:mod:`benchmarks.local_postgres`) holds a class database
set up by ``quiz class init``, with a published deck of basic, choice and typed cards and one
role per student. A few students are simulated in full (:mod:`benchmarks.students`: each
remembers by FSRS parameters of their own and studies one session a day); each of the
class's students takes one of their histories, moved to end from 0 to 20 days before now, and
the responses a choice or typed card would log (a picked option, a typed text, now and then an
answer overruled with "I was right"). Rows are copied in with ``COPY``; item states and leeches
come with them.

Measured: the whole report as an instructor makes it, read from the database, built, and
written as the terminal table (``quiz class report``'s work, less the process start). The
floor is fetching every review-log row through psycopg on the same connection settings,
the least a report computed outside the database would read.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.local_postgres import PostgresServer, server_binaries
from benchmarks.measure import Figure, Goal, Measurement
from benchmarks.students import parameters_around_defaults, simulate_student

DECK_ID = "report-bench"
TEMPLATE_STUDENTS = 12  # simulated in full; the class's students take their histories
DAYS = 21
KINDS = ("basic", "choice", "typed", "basic", "basic")  # card i is KINDS[i % 5]
GOAL_MS = 2_000.0


def _deck_yaml(cards: int) -> str:
    lines = [
        f"id: {DECK_ID}", "title: Report benchmark", "description: A simulated class's deck.",
        "version: 1", "sources:", "  - {key: s, title: T, authors: [A], year: 2020, venue: J}",
        "cards:",
    ]  # fmt: skip
    for i in range(cards):
        kind = KINDS[i % len(KINDS)]
        head = f"  - id: c{i}\n    type: {kind}\n    tags: [topic{i % 7}]\n"
        source = "    source: {key: s, locator: p1}"
        if kind == "basic":
            lines.append(f"{head}    front: Q{i}?\n    back: A{i}\n{source}")
        elif kind == "choice":
            options = "\n".join(f"      - {{text: Option {k} of {i}, why: W}}" for k in range(1, 4))
            right = f"      - {{text: Answer {i}, correct: true}}"
            lines.append(f"{head}    question: Q{i}?\n    choices:\n{right}\n{options}\n{source}")
        else:
            lines.append(f"{head}    question: Q{i}?\n    answers: [CD{i}]\n{source}")
    return "\n".join(lines) + "\n"


def _templates(cards: int, reviews_each: int, work: Path) -> list[list]:
    """Histories of simulated students (their first ``reviews_each`` reviews each)."""
    from benchmarks.students import student_deck
    from quiz.progress.open import open_store

    deck = student_deck(DECK_ID, cards)
    histories = []
    for index in range(TEMPLATE_STUDENTS):
        rng = random.Random(index)
        path = work / f"template-{index}.db"
        with open_store(path) as store:
            simulate_student(store, deck, parameters_around_defaults(rng, 0.3), DAYS, seed=index)
            histories.append(list(store.iter_reviews(DECK_ID))[:reviews_each])
    return histories


def _response(item_id: str, rating: int, rng: random.Random) -> tuple[str, bool | None, bool]:
    """(response JSON, verdict, overruled) a card of the item's kind would log."""
    index = int(item_id[1:])
    kind = KINDS[index % len(KINDS)]
    right = rating > 1
    if kind == "choice":
        option = 0 if right else rng.choice((1, 1, 1, 2, 3))  # one distractor draws most
        return f'{{"type":"choice","picked":[{option}]}}', right, False
    if kind == "typed":
        overruled = not right and rng.random() < 0.2
        text = f"CD{index}" if right else (f"CD-{index}" if overruled else "no idea")
        return f'{{"type":"text","text":"{text}"}}', right or overruled, overruled
    return '{"type":"reveal"}', None, False


def _load_class(admin: str, students: int, histories: list[list], now: datetime) -> None:
    import psycopg
    from psycopg import sql as pgsql

    from quiz.progress.postgres_schema import STUDENTS
    from quiz.progress.state import state_json, to_epoch

    rng = random.Random(7)
    group = pgsql.Identifier(STUDENTS)
    with psycopg.connect(admin) as db, db.cursor() as cursor:
        for s in range(students):
            role = pgsql.Identifier(f"report_{s:04d}")
            cursor.execute(pgsql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(role, group))
        columns = (
            "review_key, student, deck_id, item_id, rating, correct, response,"
            " reviewed_at, duration_ms, kind, state_before, state_after, overruled"
        )
        states: dict[tuple[str, str], tuple] = {}
        copy_log = f"COPY review_log ({columns}) FROM STDIN"
        with cursor.copy(copy_log) as copy:
            for s in range(students):
                name = f"report_{s:04d}"
                history = histories[s % len(histories)]
                shift = now - timedelta(days=rng.uniform(0, 20)) - history[-1].reviewed_at
                for review in history:
                    at = review.reviewed_at + shift
                    response, correct, overruled = _response(
                        review.item_id, int(review.rating), rng
                    )
                    after = review.state_after
                    copy.write_row((uuid.uuid4(), name, DECK_ID, review.item_id, int(review.rating),
                                    correct, response, to_epoch(at), review.duration_ms,
                                    review.kind, state_json(review.state_before),
                                    state_json(after), overruled))  # fmt: skip
                    states[(name, review.item_id)] = (after, shift)
        with cursor.copy(
            "COPY item_state (student, deck_id, item_id, state, step, stability, difficulty,"
            " due, last_review) FROM STDIN"
        ) as copy:
            for (name, item_id), (state, shift) in states.items():
                last = None if state.last_review is None else to_epoch(state.last_review + shift)
                copy.write_row((name, DECK_ID, item_id, state.state, state.step, state.stability,
                                state.difficulty, to_epoch(state.due + shift), last))  # fmt: skip
        leeches = rng.sample(sorted(states), k=max(1, len(states) // 200))
        cursor.executemany(
            "INSERT INTO item_flags (student, deck_id, item_id, leech) VALUES (%s, %s, %s, true)",
            [(name, DECK_ID, item_id) for name, item_id in leeches],
        )
        db.commit()
        db.execute("ANALYZE")
        db.commit()


def report_figures(students: int, reviews: int, runs: int, work: Path) -> list[Figure]:
    """The class report of ``students`` students and ``reviews`` reviews, ``runs`` times."""
    import psycopg

    from quiz.cli.class_report import class_report, render
    from quiz.progress.postgres_class import PublishedDeck, add_member, init_class, publish

    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("the class-report figure needs PostgreSQL's server (Debian: postgresql)")
    cards = max(10, min(100, reviews // max(1, students) // 2))
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory(dir=work) as scratch:
        histories = _templates(cards, max(1, reviews // students), Path(scratch))
    server = PostgresServer(binaries)
    value = Measurement(f"class report, {students} students", "ms")
    floor = Measurement("every review-log row fetched with psycopg", "ms")
    try:
        server.create()
        server.start()
        with psycopg.connect(server.url(), autocommit=True) as db:
            db.execute("CREATE DATABASE report_class")
        admin = server.url(database="report_class")
        init_class(admin)
        publish(admin, [PublishedDeck(DECK_ID, 1, "bench.yaml", _deck_yaml(cards), "0" * 64)])
        _load_class(admin, students, histories, now)
        instructor = add_member(admin, "report_teacher", instructor=True)
        with psycopg.connect(admin) as db:
            total = db.execute("SELECT count(*) FROM review_log").fetchone()[0]  # pyright: ignore[reportOptionalSubscript]
        for _ in range(runs):
            began = time.perf_counter()
            report = class_report(instructor, None, now)
            text = render(report, "table")
            value.samples.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            with psycopg.connect(instructor) as db:
                db.execute("SELECT * FROM review_log").fetchall()
            floor.samples.append((time.perf_counter() - began) * 1000)
        formats = {}
        for form in ("json", "csv", "html"):
            began = time.perf_counter()
            render(report, form)  # pyright: ignore[reportPossiblyUnboundVariable]
            formats[form] = (time.perf_counter() - began) * 1000
    finally:
        server.remove()
    note = (
        f"{students} students, {total:,} reviews of {cards} cards, {runs} runs: median "
        f"{value.median:.0f} ms, slowest {max(value.samples):.0f} ms ({len(text):,} characters "  # pyright: ignore[reportPossiblyUnboundVariable]
        f"of table); the same report as JSON {formats['json']:.0f} ms, CSV {formats['csv']:.0f} "
        f"ms, HTML {formats['html']:.0f} ms more; every row fetched: {floor.median:.0f} ms"
    )
    return [
        Figure(
            "class-report",
            f"quiz class report on {students} students and {total:,} reviews (read, built, "
            "written as the table)",
            value,
            floor,
            (Goal.absolute(GOAL_MS, "p99"),),
            note,
        )
    ]
