"""The class database as the server sees it, on the instructor's connection: that it is
ready to serve, and whether a student's name and password log in.

A login that verifies gives back the student's own database URL, made from the password
just verified (it is their role's password): the server never holds a student's password
otherwise, and the study app it starts connects as that student, under the database's
row-level security.
"""

from __future__ import annotations

import psycopg

from quiz.progress.errors import StoreError
from quiz.progress.postgres_class import check_role_name, member_url
from quiz.progress.postgres_connections import connect
from quiz.progress.postgres_errors import Location
from quiz.progress.postgres_schema import (
    HAS_VERSION_TABLE,
    LOGIN_TABLE,
    READ_VERSION,
    STUDENTS,
    version_problem,
)
from quiz.server.passwords import MAX_PASSWORD_BYTES, verify_password

LOGIN_HASH = (
    f"SELECT l.password_hash FROM {LOGIN_TABLE} l JOIN pg_roles r ON r.rolname = l.student"
    f" WHERE l.student = %s AND r.rolcanlogin AND pg_has_role(r.oid, '{STUDENTS}', 'MEMBER')"
)
COUNT_LOGINS = f"SELECT count(*) FROM {LOGIN_TABLE}"


def check_class(url: str) -> int:
    """How many students can log in; ``StoreError`` when the class database cannot be
    served (unreachable, not set up or of another schema, its logins not readable)."""
    location = Location(url)
    with connect(location) as db:
        try:
            has_table = bool(db.execute(HAS_VERSION_TABLE).fetchone()[0])  # pyright: ignore[reportOptionalSubscript]
            version = db.execute(READ_VERSION).fetchone()[0] if has_table else 0  # pyright: ignore[reportOptionalSubscript]
            problem = version_problem(has_table, version, location.shown)
            if problem is not None:
                raise StoreError(problem)
            return int(db.execute(COUNT_LOGINS).fetchone()[0])  # pyright: ignore[reportOptionalSubscript]
        except psycopg.errors.InsufficientPrivilege:
            raise StoreError(
                f"{location.shown}: this role cannot read the students' logins; serve the "
                "class with the URL of the role that ran `quiz class init`"
            ) from None
        except psycopg.Error as error:
            raise location.error(error) from None


def _stored_hash(location: Location, name: str) -> str | None:
    with connect(location) as db:
        try:
            row = db.execute(LOGIN_HASH, (name,)).fetchone()
        except psycopg.Error as error:
            raise location.error(error) from None
    return str(row[0]) if row else None


def verify_login(url: str, name: str, password: str) -> str | None:
    """The database URL of student ``name`` if ``password`` is theirs, else None. Every
    refusal (unknown name, not a student, wrong password) costs the same scrypt work.
    ``StoreError`` when the database cannot be asked."""
    stored = None
    valid_name = True
    try:
        check_role_name(name)
    except ValueError:
        valid_name = False
    if valid_name and len(password.encode("utf-8")) <= MAX_PASSWORD_BYTES:
        stored = _stored_hash(Location(url), name)
    if not verify_password(password, stored):
        return None
    return member_url(url, name, password)
