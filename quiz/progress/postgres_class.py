"""What an instructor does to a class database: set up or upgrade its schema, add students
(and instructors) as PostgreSQL roles, publish decks; and what a student's app reads of it,
the published decks.

These run on the instructor's connection (a role that may create roles and owns the class
database, or a superuser); a student's store never migrates anything. Passwords are made
here, sent to the server only as SCRAM verifiers, and shown once, in the student's URL.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote

import psycopg
from psycopg import sql as pgsql
from psycopg.conninfo import conninfo_to_dict

from quiz.progress.errors import StoreError
from quiz.progress.postgres_connections import connect
from quiz.progress.postgres_errors import Location
from quiz.progress.postgres_schema import (
    HAS_VERSION_TABLE,
    INSTRUCTORS,
    LOGIN_TABLE,
    PREPARE,
    READ_VERSION,
    RECORD_VERSION,
    SCHEMA_VERSION,
    STUDENTS,
    newer_message,
    pending_migrations,
    version_problem,
)

ROLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
RESERVED_ROLES = {STUDENTS, INSTRUCTORS, "postgres", "public"}
MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('quiz class init', 0))"
PUBLISH = (
    "INSERT INTO class_deck (deck_id, version, file_name, yaml, sha256) VALUES (%s, %s, %s, %s, %s)"
    " ON CONFLICT (deck_id) DO UPDATE SET version = excluded.version,"
    " file_name = excluded.file_name, yaml = excluded.yaml, sha256 = excluded.sha256,"
    " published_at = now(), published_by = current_user"
)
LOGIN_HASH = (
    f"SELECT l.password_hash FROM {LOGIN_TABLE} l JOIN pg_roles r ON r.rolname = l.student"
    f" WHERE l.student = %s AND r.rolcanlogin AND pg_has_role(r.oid, '{STUDENTS}', 'MEMBER')"
)
COUNT_LOGINS = f"SELECT count(*) FROM {LOGIN_TABLE}"
PUBLISHED = "SELECT deck_id, version, file_name, yaml, sha256 FROM class_deck ORDER BY deck_id"


@dataclass(frozen=True)
class PublishedDeck:
    """A deck as the class database keeps it: its YAML text, as validated, and its version."""

    deck_id: str
    version: int
    file_name: str
    yaml: str
    sha256: str


def _fail(location: Location, error: psycopg.Error) -> StoreError:
    return location.error(error)


def init_class(url: str) -> tuple[int, int]:
    """Create or upgrade the class database's schema; give back (version before, after).

    Refused (``StoreError``, nothing changed) when the database is newer than this quiz."""
    location = Location(url)
    with connect(location) as db:
        try:
            with db.transaction():
                db.execute(MIGRATION_LOCK)
                has_table = bool(db.execute(HAS_VERSION_TABLE).fetchone()[0])  # pyright: ignore[reportOptionalSubscript]
                before = db.execute(READ_VERSION).fetchone()[0] if has_table else 0  # pyright: ignore[reportOptionalSubscript]
                if before > SCHEMA_VERSION:
                    raise StoreError(newer_message(location.shown, before))
                db.execute(PREPARE)
                for version, script in pending_migrations(before):
                    # the scripts are constants of the schema module, not built from input
                    db.execute(script)  # pyright: ignore[reportCallIssue, reportArgumentType]
                    db.execute(RECORD_VERSION, (version,))
                database = pgsql.Identifier(location.database)
                db.execute(pgsql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(database))
                db.execute(
                    pgsql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
                        database, pgsql.Identifier(STUDENTS), pgsql.Identifier(INSTRUCTORS)
                    )
                )
        except psycopg.Error as error:
            raise _fail(location, error) from None
    return before, SCHEMA_VERSION


def check_role_name(name: str) -> str:
    """``name`` if it can name a student's role; ``ValueError`` saying why not."""
    if not ROLE_NAME.fullmatch(name) or name in RESERVED_ROLES or name.startswith("pg_"):
        raise ValueError(
            f"{name!r} cannot name a student: use 1-63 lower-case letters, digits and _, "
            "starting with a letter (not postgres, pg_..., quiz_student or quiz_instructor)"
        )
    return name


def add_member(url: str, name: str, *, instructor: bool = False) -> str:
    """Create the login role ``name`` (a student, or an instructor) with a new password and
    give back the URL it connects with. ``StoreError`` if the role exists or cannot be made.

    A student's browser login (``quiz serve``) is kept beside the role, in the same
    transaction: a scrypt hash of the same password."""
    from quiz.server.passwords import hash_password

    location = Location(url)
    check_role_name(name)
    password = secrets.token_urlsafe(24)
    group = INSTRUCTORS if instructor else STUDENTS
    login_hash = None if instructor else hash_password(password)
    with connect(location) as db:
        try:
            if not _schema_ready(db, location):
                raise StoreError(version_problem(False, 0, location.shown) or "")
            if db.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                raise StoreError(f"{location.shown}: a role named {name!r} exists already")
            verifier = db.pgconn.encrypt_password(
                password.encode(), name.encode(), b"scram-sha-256"
            )
            with db.transaction():
                db.execute(
                    pgsql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                        pgsql.Identifier(name),
                        pgsql.Literal(verifier.decode()),
                        pgsql.Identifier(group),
                    )
                )
                if login_hash is not None:
                    db.execute(
                        pgsql.SQL("INSERT INTO {} (student, password_hash) VALUES (%s, %s)").format(
                            pgsql.Identifier(LOGIN_TABLE)
                        ),
                        (name, login_hash),
                    )
        except psycopg.Error as error:
            raise _fail(location, error) from None
    return member_url(url, name, password)


def _schema_ready(db: psycopg.Connection, location: Location) -> bool:
    row = db.execute(HAS_VERSION_TABLE).fetchone()
    if not row or not row[0]:
        return False
    version = db.execute(READ_VERSION).fetchone()[0]  # pyright: ignore[reportOptionalSubscript]
    problem = version_problem(True, version, location.shown)
    if problem is not None:
        raise StoreError(problem)
    return True


def member_url(url: str, name: str, password: str) -> str:
    """The URL ``name`` logs in with: the instructor's host, port and database."""
    parts = conninfo_to_dict(url)
    host = str(parts.get("host") or "localhost")
    port = str(parts.get("port") or "5432")
    database = str(parts.get("dbname") or parts.get("user") or "")
    return (
        f"postgresql://{quote(name, safe='')}:{quote(password, safe='')}@{host}:{port}/"
        f"{quote(database, safe='')}"
    )


def publish(url: str, decks: list[PublishedDeck]) -> None:
    """Store (or replace) validated decks in the class database, in one transaction."""
    location = Location(url)
    rows = [(d.deck_id, d.version, d.file_name, d.yaml, d.sha256) for d in decks]
    with connect(location) as db:
        try:
            if not _schema_ready(db, location):
                raise StoreError(version_problem(False, 0, location.shown) or "")
            with db.transaction():
                db.cursor().executemany(PUBLISH, rows)
        except psycopg.Error as error:
            raise _fail(location, error) from None


def published(url: str) -> list[PublishedDeck]:
    """Every deck published in the class database, by deck id."""
    location = Location(url)
    with connect(location) as db:
        try:
            if not _schema_ready(db, location):
                raise StoreError(version_problem(False, 0, location.shown) or "")
            return [PublishedDeck(*row) for row in db.execute(PUBLISHED).fetchall()]
        except psycopg.Error as error:
            raise _fail(location, error) from None


def count_logins(url: str) -> int:
    """How many students have a browser login; ``StoreError`` when the class database
    cannot be served (unreachable, not set up or of another schema, its logins not
    readable by this role)."""
    location = Location(url)
    with connect(location) as db:
        try:
            if not _schema_ready(db, location):
                raise StoreError(version_problem(False, 0, location.shown) or "")
            return int(db.execute(COUNT_LOGINS).fetchone()[0])  # pyright: ignore[reportOptionalSubscript]
        except psycopg.errors.InsufficientPrivilege:
            raise StoreError(
                f"{location.shown}: this role cannot read the students' logins; serve the "
                "class with the URL of the role that ran `quiz class init`"
            ) from None
        except psycopg.Error as error:
            raise _fail(location, error) from None


def login_hash(url: str, name: str) -> str | None:
    """The stored browser-login hash of student ``name`` (a login role in the students'
    group), or None."""
    location = Location(url)
    with connect(location) as db:
        try:
            row = db.execute(LOGIN_HASH, (name,)).fetchone()
        except psycopg.Error as error:
            raise _fail(location, error) from None
    return str(row[0]) if row else None
