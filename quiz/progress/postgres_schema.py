"""The class database's schema on PostgreSQL: its migrations, the version table that records
them, the group roles of students and instructors, and the row-level security that keeps each
student's rows their own.

Every progress row carries its ``student`` (the PostgreSQL role that wrote it, by default
``current_user``). Policies let a role reach only rows whose ``student`` is itself; members of
:data:`INSTRUCTORS` may read every row and write none (they are granted ``SELECT`` only). The
policies are forced, so they hold for the tables' owner too; only a superuser passes them.

Migrations are applied by ``quiz class init`` (:func:`apply_migrations`), never by a
student's process, which only checks the version (:func:`check_version`).
"""

from __future__ import annotations

STUDENTS = "quiz_student"
INSTRUCTORS = "quiz_instructor"
VERSION_TABLE = "quiz_schema_version"
PROGRESS_TABLES = ("item_state", "review_log", "settings")
SCHEDULE_TABLES = ("deck_settings", "item_flags", "fsrs_parameters")
LOGIN_TABLE = "class_login"


def student_rows(table: str) -> str:
    """What makes ``table`` (with its ``student name NOT NULL DEFAULT current_user``
    column) a table of students' rows: each role reaches its own rows only, instructors
    read them all, and the students' group may read and write (its own). A migration that
    adds a table of progress (per-deck settings, optimizer parameters, ...) ends with it."""
    return f"""
    GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {STUDENTS};
    GRANT SELECT ON {table} TO {INSTRUCTORS};
    ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
    CREATE POLICY own_rows ON {table}
        USING (student = current_user) WITH CHECK (student = current_user);
    CREATE POLICY instructors_read ON {table} FOR SELECT TO {INSTRUCTORS} USING (true);
    """


# MIGRATIONS[n] takes a class database from version n to n + 1. Each is run whole, in the
# transaction that records it in the version table.
MIGRATIONS: tuple[str, ...] = (
    f"""
    CREATE TABLE item_state (
        student name NOT NULL DEFAULT current_user,
        deck_id text NOT NULL,
        item_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('learning', 'review', 'relearning')),
        step integer,
        stability double precision,
        difficulty double precision,
        due bigint NOT NULL,
        last_review bigint,
        PRIMARY KEY (student, deck_id, item_id)
    );
    CREATE INDEX item_state_due ON item_state (student, deck_id, due, item_id);
    CREATE TABLE review_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        review_key uuid NOT NULL UNIQUE,
        student name NOT NULL DEFAULT current_user,
        deck_id text NOT NULL,
        item_id text NOT NULL,
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 4),
        correct boolean,
        response text NOT NULL,
        reviewed_at bigint NOT NULL,
        duration_ms integer NOT NULL CHECK (duration_ms >= 0),
        kind text NOT NULL CHECK (kind IN ('new', 'learning', 'review', 'relearning')),
        state_before text,
        state_after text NOT NULL
    );
    CREATE INDEX review_log_item ON review_log (student, deck_id, item_id, id);
    CREATE INDEX review_log_time ON review_log (student, deck_id, reviewed_at);
    CREATE TABLE settings (
        student name NOT NULL DEFAULT current_user,
        key text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (student, key)
    );
    CREATE TABLE class_deck (
        deck_id text PRIMARY KEY,
        version integer NOT NULL,
        file_name text NOT NULL,
        yaml text NOT NULL,
        sha256 text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by name NOT NULL DEFAULT current_user
    );
    GRANT SELECT ON class_deck TO {STUDENTS};
    GRANT SELECT, INSERT, UPDATE, DELETE ON class_deck TO {INSTRUCTORS};
    """
    + "".join(map(student_rows, PROGRESS_TABLES)),
    # "I was right" reviews, per-deck settings, items set aside (suspended, buried, leeches),
    # fitted FSRS parameters, and which of the student's own fits scheduled each review
    # (NULL: FSRS's defaults).
    """
    CREATE TABLE deck_settings (
        student name NOT NULL DEFAULT current_user,
        deck_id text NOT NULL,
        key text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (student, deck_id, key)
    );
    CREATE TABLE item_flags (
        student name NOT NULL DEFAULT current_user,
        deck_id text NOT NULL,
        item_id text NOT NULL,
        suspended boolean NOT NULL DEFAULT false,
        buried_until bigint,
        leech boolean NOT NULL DEFAULT false,
        PRIMARY KEY (student, deck_id, item_id)
    );
    CREATE TABLE fsrs_parameters (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        student name NOT NULL DEFAULT current_user,
        deck_id text,
        parameters text NOT NULL,
        fitted_at bigint NOT NULL,
        review_count integer NOT NULL,
        log_loss_before double precision NOT NULL,
        log_loss_after double precision NOT NULL,
        rmse_before double precision NOT NULL,
        rmse_after double precision NOT NULL,
        kept boolean NOT NULL,
        UNIQUE (student, id)
    );
    CREATE INDEX fsrs_parameters_deck ON fsrs_parameters (student, deck_id, id);
    ALTER TABLE review_log
        ADD COLUMN overruled boolean NOT NULL DEFAULT false,
        ADD COLUMN parameters_id bigint,
        ADD FOREIGN KEY (student, parameters_id) REFERENCES fsrs_parameters (student, id);
    """
    + "".join(map(student_rows, SCHEDULE_TABLES)),
    # Each student's browser login (``quiz serve``): a scrypt hash of the password their role
    # was made with. Only the class database's owner reads it; no student or instructor.
    f"""
    CREATE TABLE {LOGIN_TABLE} (
        student name PRIMARY KEY,
        password_hash text NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
        created_at timestamptz NOT NULL DEFAULT now()
    );
    REVOKE ALL ON {LOGIN_TABLE} FROM PUBLIC;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# Group roles are the cluster's, so made only when missing; the version table holds one row
# per applied migration.
PREPARE = f"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{STUDENTS}') THEN
        CREATE ROLE {STUDENTS} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{INSTRUCTORS}') THEN
        CREATE ROLE {INSTRUCTORS} NOLOGIN;
    END IF;
END $$;
CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON {VERSION_TABLE} TO {STUDENTS}, {INSTRUCTORS};
"""
READ_VERSION = f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}"
HAS_VERSION_TABLE = f"SELECT to_regclass('{VERSION_TABLE}') IS NOT NULL"
RECORD_VERSION = f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)"


def newer_message(shown: str, version: int) -> str:
    """Why a database newer than this program is refused."""
    return (
        f"{shown}: this class database was set up by a newer version of quiz (schema "
        f"{version}; this version knows up to {SCHEMA_VERSION}). Upgrade quiz to use it; "
        "nothing was changed."
    )


def missing_message(shown: str) -> str:
    """Why a database without the quiz schema is refused."""
    return (
        f"{shown}: this database has no quiz schema; the instructor sets it up with "
        "`quiz class init --db URL`"
    )


def older_message(shown: str, version: int) -> str:
    """Why a student cannot use a database that still needs migrations."""
    return (
        f"{shown}: this class database has schema {version} and this version of quiz needs "
        f"{SCHEMA_VERSION}; the instructor upgrades it with `quiz class init --db URL`"
    )


def pending_migrations(version: int) -> list[tuple[int, str]]:
    """(version reached, script) of each migration after ``version``."""
    return [(index + 1, script) for index, script in enumerate(MIGRATIONS) if index >= version]


def version_problem(has_table: bool, version: int, shown: str) -> str | None:
    """Why a student's process cannot use a database at ``version``, or None."""
    if not has_table:
        return missing_message(shown)
    if version > SCHEMA_VERSION:
        return newer_message(shown, version)
    if version < SCHEMA_VERSION:
        return older_message(shown, version) if version else missing_message(shown)
    return None
