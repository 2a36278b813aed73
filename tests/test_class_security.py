"""Each student's rows are their own, enforced by the database: another student reaches none
of them by the app's API or by raw SQL, the instructor reads all and writes none, and no
password or connection string shows in a message, an export, a backup or the server's log."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from postgres_server import PostgresServer

from quiz.cli.main import main
from quiz.paths import choose_database
from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreError
from quiz.progress.open import open_store
from quiz.progress.postgres_class import add_member
from quiz.progress.state import DeckSettings, ItemFlags, ParameterRecord, ReviewRow, Settings
from quiz.rating import Rating
from quiz.study.scheduler import schedule

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PROGRESS_TABLES = ("item_state", "review_log", "settings")
SCHEDULE_TABLES = ("deck_settings", "item_flags", "fsrs_parameters")
FLAGS = ItemFlags(suspended=True, buried_until=NOW + timedelta(hours=1))
# A row of each schedule table, written as another student (``%s``).
FOREIGN_ROWS = (
    "INSERT INTO deck_settings (student, deck_id, key, value) VALUES (%s, 'x', 'new_per_day', '1')",
    "INSERT INTO item_flags (student, deck_id, item_id, suspended) VALUES (%s, 'x', 'i', true)",
    "INSERT INTO fsrs_parameters (student, deck_id, parameters, fitted_at, review_count,"
    " log_loss_before, log_loss_after, rmse_before, rmse_after, kept)"
    " VALUES (%s, NULL, '[0.5]', 0, 1, 0.4, 0.3, 0.1, 0.09, true)",
)


def review(store: ProgressStore, item_id: str, deck_id: str = "deck") -> ReviewRow:
    return store.apply_review(
        deck_id, item_id, rating=Rating.GOOD, correct=True, response="{}", reviewed_at=NOW,
        duration_ms=10, next_state=lambda before: schedule(before, Rating.GOOD, NOW, Settings()),
    )  # fmt: skip


def password_of(url: str) -> str:
    return url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]


def role_of(url: str) -> str:
    return url.split("://", 1)[1].split(":", 1)[0]


@pytest.fixture(autouse=True)
def no_chosen_database() -> Iterator[None]:
    yield
    choose_database(None)


@pytest.fixture
def students(class_database: str) -> tuple[str, str]:
    """Two students with some progress each: A on deck "a-deck", B on deck "b-deck"."""
    urls = []
    unique = secrets.token_hex(4)  # roles are the server's, shared by every test
    for name in ("a", "b"):
        url = add_member(class_database, f"sec_{name}_{unique}")
        with open_store(url) as store:
            review(store, "one", f"{name}-deck")
            review(store, "two", f"{name}-deck")
            store.save_settings(Settings(new_per_day=3))
            store.save_deck_settings(f"{name}-deck", DeckSettings(new_per_day=2))
            store.set_item_flags(f"{name}-deck", "three", FLAGS)
            fit = ParameterRecord(f"{name}-deck", (0.5,) * 21, NOW, 9, 0.4, 0.3, 0.1, 0.09, True)
            store.save_parameters(fit)
        urls.append(url)
    return urls[0], urls[1]


def test_the_api_reaches_only_the_students_own_rows(students: tuple[str, str]) -> None:
    a, b = students
    with open_store(b) as store_b:
        b_review = store_b.history("b-deck", "one")[0]
        b_fit = store_b.latest_fit("b-deck")
    assert b_fit is not None
    with open_store(a) as store_a:
        assert store_a.deck_ids() == ["a-deck"]
        assert store_a.history("b-deck", "one") == []
        assert store_a.item_states("b-deck") == {}
        assert store_a.deck_progress("b-deck") == (0, 0)
        assert {row.deck_id for row in store_a.iter_reviews()} == {"a-deck"}
        with pytest.raises(StoreError, match="not in the log"):
            store_a.undo_review(b_review.id)
        assert store_a.reset_deck("b-deck") == (0, 0)
        assert store_a.deck_settings("b-deck") == DeckSettings()
        assert set(store_a.all_deck_settings()) == {"a-deck"}
        assert store_a.item_flags("b-deck") == {}
        assert store_a.parameters_for("b-deck") is None and store_a.latest_fit("b-deck") is None
        store_a.save_deck_settings("b-deck", DeckSettings())  # A's own settings of that deck
        assert store_a.set_item_flags("b-deck", "three", ItemFlags()) == ItemFlags()
        with pytest.raises(StoreError, match="foreign key"):  # only the student's own fits
            store_a.apply_review(
                "a-deck", "one", rating=Rating.GOOD, correct=True, response="{}", reviewed_at=NOW,
                duration_ms=0, next_state=lambda before: schedule(before, Rating.GOOD, NOW,
                Settings()), parameters_id=b_fit.id,
            )  # fmt: skip
        assert len(store_a.history("a-deck", "one")) == 1  # the refused review left nothing
    with open_store(b) as store_b:
        assert store_b.deck_progress("b-deck") == (2, 2)
        assert store_b.deck_settings("b-deck") == DeckSettings(new_per_day=2)
        assert store_b.item_flags("b-deck") == {"three": FLAGS}
        assert store_b.parameters_for("b-deck") == b_fit


def test_raw_sql_on_a_students_connection_cannot_read_or_change_another_students_rows(
    students: tuple[str, str],
) -> None:
    a, b = students
    other = role_of(b)
    with psycopg.connect(a, autocommit=True) as db:
        for table in PROGRESS_TABLES + SCHEDULE_TABLES:
            seen = db.execute(f"SELECT DISTINCT student FROM {table}").fetchall()
            assert seen == [(role_of(a),)], table
            changed = db.execute(
                f"UPDATE {table} SET student = student WHERE student = %s", (other,)
            )
            assert changed.rowcount == 0, table
            deleted = db.execute(f"DELETE FROM {table} WHERE student = %s", (other,))
            assert deleted.rowcount == 0, table
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            db.execute("INSERT INTO settings (student, key, value) VALUES (%s, 'x', '1')", (other,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            db.execute("UPDATE item_state SET student = %s", (other,))
        for statement in FOREIGN_ROWS:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                db.execute(statement, (other,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            db.execute("UPDATE item_flags SET student = %s", (other,))
        [(fit_of_b,)] = db.execute(  # B's fit is hidden, even its id is not enough
            "SELECT count(*) FROM fsrs_parameters WHERE student = %s", (other,)
        ).fetchall()
        assert fit_of_b == 0
        for statement in (
            "ALTER TABLE review_log DISABLE ROW LEVEL SECURITY",
            "DROP POLICY own_rows ON review_log",
            "INSERT INTO class_deck (deck_id, version, file_name, yaml, sha256)"
            " VALUES ('x', 1, 'x.yaml', '', '')",
            "CREATE ROLE intruder",
            "SET ROLE quiz_instructor",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                db.execute(statement)
    with open_store(b) as store_b:
        assert store_b.deck_progress("b-deck") == (2, 2)
        assert store_b.settings().new_per_day == 3
        assert store_b.deck_settings("b-deck") == DeckSettings(new_per_day=2)
        assert store_b.item_flags("b-deck") == {"three": FLAGS}
        assert store_b.latest_fit("b-deck") is not None


def test_the_instructor_reads_every_students_rows_and_writes_none(
    class_database: str, students: tuple[str, str]
) -> None:
    instructor = add_member(class_database, f"teacher_{secrets.token_hex(4)}", instructor=True)
    with psycopg.connect(instructor, autocommit=True) as db:
        for table in ("review_log", *SCHEDULE_TABLES):
            seen = {row[0] for row in db.execute(f"SELECT student FROM {table}").fetchall()}
            assert {role_of(url) for url in students} <= seen, table
        for statement in (
            "UPDATE review_log SET rating = 1",
            "DELETE FROM item_state",
            "INSERT INTO settings (student, key, value) VALUES (%s, 'x', '1')",
            *FOREIGN_ROWS,
            "UPDATE deck_settings SET value = '9'",
            "DELETE FROM item_flags",
            "UPDATE fsrs_parameters SET kept = false",
            "DELETE FROM fsrs_parameters",
        ):
            args = (role_of(students[0]),) if "%s" in statement else ()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                db.execute(statement, args)
    with open_store(instructor) as store, pytest.raises(StoreError, match="may not"):
        review(store, "one", "a-deck")
    with open_store(instructor) as store, pytest.raises(StoreError, match="may not"):
        store.set_item_flags("a-deck", "one", FLAGS)
    with open_store(students[0]) as store_a:
        assert store_a.deck_progress("a-deck") == (2, 2)
        assert store_a.deck_settings("a-deck") == DeckSettings(new_per_day=2)
        assert store_a.item_flags("a-deck") == {"three": FLAGS}
        fit = store_a.latest_fit("a-deck")
        assert fit is not None and fit.kept


def test_no_password_or_connection_string_in_messages_exports_backups_or_the_server_log(
    class_database: str,
    students: tuple[str, str],
    postgres_server: PostgresServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    a, _ = students
    secret = password_of(a)
    home = tmp_path / "home"
    outputs = []
    for command in (
        ["export-progress", "--format", "csv"],
        ["export-progress", "--format", "json"],
        ["stats", "--format", "json"],
        ["reset", "--deck", "a-deck", "--yes"],
    ):
        assert main(["--data-dir", str(home), "--db", a, *command]) == 0, command
        captured = capsys.readouterr()
        outputs.append(captured.out + captured.err)
    assert "a-deck" in outputs[1] and json.loads(outputs[1])
    wrong = a.replace(secret, "Wr0ng-" + secret[:4])
    assert main(["--data-dir", str(home), "--db", wrong, "stats"]) == 1
    captured = capsys.readouterr()
    outputs.append(captured.out + captured.err)
    with pytest.raises(StoreError) as refused:
        open_store(re.sub(r"@127\.0\.0\.1:\d+/", "@127.0.0.1:1/", a))  # nothing listens
    outputs.append(str(refused.value))
    [backup] = (home / "backups").iterdir()
    outputs.append(backup.read_bytes().decode("latin-1"))
    log = postgres_server.log.read_text(errors="replace")
    passwords = [secret, password_of(students[1]), "Wr0ng-" + secret[:4]]
    for text in [*outputs, log]:
        for word in passwords:
            assert word not in text
        assert a not in text and class_database not in text
    assert "CREATE ROLE" in log  # the log holds statements: the roles' were checked too


def test_the_help_screen_names_the_database_without_its_password(
    students: tuple[str, str], tmp_path: Path
) -> None:
    from quiz.tui.library import Library

    choose_database(students[0])
    library = Library(data_dir=tmp_path, deck_paths=None, clock=lambda: NOW)
    assert password_of(students[0]) not in library.database_path
    assert library.database_path.startswith("postgresql://127.0.0.1:")
