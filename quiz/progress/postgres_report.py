"""The rows the class report is made from, read from a class database on an instructor's
connection, in one snapshot (a repeatable-read transaction).

Counting is done by the server (``GROUP BY`` over the review log, the item states and the
flags); only what the report needs per student and item comes back: each student's first
try of each item (for the correct rate and the discrimination), the distinct responses to
choice cards and the overruled answers, with their counts. Times are UTC epoch seconds.
"""

from __future__ import annotations

import psycopg

from quiz.progress.class_rows import ClassRows, DayCounts, ItemCounts, StudentCounts
from quiz.progress.errors import StoreError
from quiz.progress.postgres_connections import connect
from quiz.progress.postgres_errors import Location
from quiz.progress.postgres_schema import (
    HAS_VERSION_TABLE,
    INSTRUCTORS,
    READ_VERSION,
    STUDENTS,
    version_problem,
)

REPORT_TIMEOUT_MS = 60_000

# Every statement takes %(deck)s (a deck id, or NULL for every deck) and, where it counts a
# window, %(since)s and %(now)s.
IN_DECK = "(%(deck)s::text IS NULL OR deck_id = %(deck)s)"
IS_INSTRUCTOR = (
    f"SELECT pg_has_role(current_user, '{INSTRUCTORS}', 'MEMBER'),"
    " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
)
MEMBERS = (
    "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid"
    f" JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = '{STUDENTS}' AND m.rolcanlogin"
)
ITEMS = (
    "SELECT deck_id, item_id, count(DISTINCT student), count(*), sum(rating),"
    " count(*) FILTER (WHERE kind = 'review' AND rating = 1),"
    " count(*) FILTER (WHERE kind = 'review' AND reviewed_at >= %(since)s),"
    " count(*) FILTER (WHERE kind = 'review' AND reviewed_at >= %(since)s AND rating > 1)"
    f" FROM review_log WHERE {IN_DECK} GROUP BY 1, 2"
)
# A first try without a verdict (a revealed answer, self-rated) counts as right unless Again.
FIRST_TRIES = (
    "SELECT DISTINCT ON (student, deck_id, item_id) student, deck_id, item_id,"
    " coalesce(correct, rating > 1)"
    f" FROM review_log WHERE {IN_DECK} ORDER BY student, deck_id, item_id, id"
)
# The log's JSON of a choice response starts so (quiz.study.grading.response_to_json).
CHOICE_RESPONSES = (
    "SELECT deck_id, item_id, response, count(*) FROM review_log"
    f' WHERE {IN_DECK} AND response LIKE \'{{"type":"choice"%%\' GROUP BY 1, 2, 3'
)
OVERRULED = (
    "SELECT deck_id, item_id, response, count(*), count(DISTINCT student) FROM review_log"
    f" WHERE overruled AND {IN_DECK} GROUP BY 1, 2, 3"
)
# Due now and not set aside (suspended, or buried until later): per student, per item.
BACKLOG = (
    "SELECT s.student, s.deck_id, s.item_id, count(*) FROM item_state s"
    " LEFT JOIN item_flags f USING (student, deck_id, item_id)"
    " WHERE (%(deck)s::text IS NULL OR s.deck_id = %(deck)s) AND s.due <= %(now)s"
    " AND NOT coalesce(f.suspended, false) AND coalesce(f.buried_until, 0) <= %(now)s"
    " GROUP BY GROUPING SETS ((s.student), (s.deck_id, s.item_id))"
)
LEECHES = (
    f"SELECT deck_id, item_id, count(*) FROM item_flags WHERE leech AND {IN_DECK} GROUP BY 1, 2"
)
STUDENT_REVIEWS = (
    "SELECT student, count(*) FILTER (WHERE reviewed_at >= %(since)s),"
    " count(*) FILTER (WHERE kind = 'review' AND reviewed_at >= %(since)s),"
    " count(*) FILTER (WHERE kind = 'review' AND reviewed_at >= %(since)s AND rating > 1),"
    " max(reviewed_at), count(*)"
    f" FROM review_log WHERE {IN_DECK} GROUP BY 1"
)
DAILY = (
    "SELECT (reviewed_at - %(since)s) / 86400, count(*), count(DISTINCT student),"
    " count(*) FILTER (WHERE kind = 'review'),"
    " count(*) FILTER (WHERE kind = 'review' AND rating > 1)"
    f" FROM review_log WHERE {IN_DECK} AND reviewed_at >= %(since)s GROUP BY 1"
)
PUBLISHED = "SELECT deck_id, version, yaml FROM class_deck ORDER BY deck_id"


class NotInstructorError(StoreError):
    """The URL logs in as a role that may not read the class's progress."""


def is_instructor(url: str) -> bool:
    """Whether ``url`` logs in as an instructor (or an administrator) of a class database
    of this quiz's schema; ``StoreError`` when it cannot be used at all."""
    location = Location(url)
    with connect(location) as db:
        try:
            return _instructor(db, location)
        except psycopg.Error as error:
            raise location.error(error) from None


def _instructor(db: psycopg.Connection, location: Location) -> bool:
    has_table = bool(db.execute(HAS_VERSION_TABLE).fetchone()[0])  # pyright: ignore[reportOptionalSubscript]
    version = db.execute(READ_VERSION).fetchone()[0] if has_table else 0  # pyright: ignore[reportOptionalSubscript]
    problem = version_problem(has_table, version, location.shown)
    if problem is not None:
        raise StoreError(problem)
    member, superuser = db.execute(IS_INSTRUCTOR).fetchone() or (False, False)
    return bool(member or superuser)


def read_rows(url: str, now: int, deck: str | None = None) -> ClassRows:
    """The report's rows at ``now`` (epoch seconds), of one deck or of every deck.

    Raises :class:`NotInstructorError` for a student's URL, ``StoreError`` for a database
    that cannot be read (its message names it by host, port and name only)."""
    location = Location(url)
    rows = ClassRows(now, deck)
    args = {"deck": deck, "since": rows.since, "now": now}
    with connect(location, options=f"-c statement_timeout={REPORT_TIMEOUT_MS}") as db:
        try:
            if not _instructor(db, location):
                raise NotInstructorError(
                    f"{location.shown}: this URL does not log in as an instructor (a student, "
                    "or the database's owner, reaches only their own rows); read the report "
                    "with an instructor's URL, made by quiz class add-student NAME --instructor"
                )
            with db.transaction():
                db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                _fill(db, rows, args)
        except psycopg.Error as error:
            raise location.error(error) from None
    return rows


def _fill(db: psycopg.Connection, rows: ClassRows, args: dict) -> None:
    rows.members = [name for (name,) in db.execute(MEMBERS)]
    rows.items = [ItemCounts(*row) for row in db.execute(ITEMS, args)]
    rows.first_tries = [tuple(row) for row in db.execute(FIRST_TRIES, args)]
    rows.choice_responses = [tuple(row) for row in db.execute(CHOICE_RESPONSES, args)]
    rows.overruled = [tuple(row) for row in db.execute(OVERRULED, args)]
    for student, deck_id, item_id, count in db.execute(BACKLOG, args):
        if student is not None:
            rows.student_backlog[student] = count
        else:
            rows.item_backlog[(deck_id, item_id)] = count
    rows.leeches = {(d, i): n for d, i, n in db.execute(LEECHES, args)}
    rows.students = [StudentCounts(*row) for row in db.execute(STUDENT_REVIEWS, args)]
    rows.days = [DayCounts(*row) for row in db.execute(DAILY, args)]
    rows.published = [tuple(row) for row in db.execute(PUBLISHED)]
