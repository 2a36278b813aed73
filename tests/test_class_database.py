"""A class on a PostgreSQL database: `quiz class init` and its migrations, students added as
roles, decks published and studied, and the one clear message each fault gets."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
import yaml
from postgres_server import PostgresServer
from session_support import FIXTURE, answer, start

from quiz.cli.main import main
from quiz.deck.model import Deck
from quiz.paths import choose_database
from quiz.progress.errors import StoreError, StoreUnavailableError
from quiz.progress.open import open_store
from quiz.progress.postgres_class import member_url
from quiz.progress.postgres_schema import (
    MIGRATIONS,
    PREPARE,
    RECORD_VERSION,
    SCHEMA_VERSION,
    VERSION_TABLE,
)
from quiz.progress.state import ItemFlags
from quiz.rating import Rating
from quiz.study.class_decks import load_study_decks

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INVALID = Path(__file__).parent / "fixtures" / "invalid"


@pytest.fixture(autouse=True)
def no_chosen_database() -> Iterator[None]:
    yield
    choose_database(None)


@pytest.fixture
def empty_database(postgres_server: PostgresServer) -> str:
    """The administrator's URL of a new database with nothing in it."""
    name = f"class_{secrets.token_hex(4)}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return postgres_server.url(database=name)


@pytest.fixture
def initialised(empty_database: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["class", "init", "--db", empty_database]) == 0
    capsys.readouterr()
    return empty_database


def add_student(admin: str, capsys: pytest.CaptureFixture[str], name: str | None = None) -> str:
    name = name or f"st_{secrets.token_hex(4)}"
    assert main(["class", "add-student", name, "--db", admin]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith(f"postgresql://{name}:")
    return url


def tables(url: str) -> set[str]:
    with psycopg.connect(url) as db:
        rows = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row[0] for row in rows}


def test_init_creates_the_schema_once_and_records_each_version(
    empty_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["class", "init", "--db", empty_database]) == 0
    first = capsys.readouterr().out
    assert f"schema {SCHEMA_VERSION} (upgraded from schema 0)" in first
    assert main(["class", "init", "--db", empty_database]) == 0
    assert "is up to date" in capsys.readouterr().out
    with psycopg.connect(empty_database) as db:
        versions = [row[0] for row in db.execute(f"SELECT version FROM {VERSION_TABLE}")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    assert {"item_state", "review_log", "settings", "class_deck"} <= tables(empty_database)


def test_a_newer_database_is_refused_by_init_and_by_students(
    initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    student = add_student(initialised, capsys)
    with psycopg.connect(initialised) as db:
        db.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    before = tables(initialised)
    assert main(["class", "init", "--db", initialised]) == 1
    error = capsys.readouterr().err
    assert "newer version of quiz" in error and "nothing was changed" in error
    assert "Traceback" not in error
    assert tables(initialised) == before
    with pytest.raises(StoreError, match="newer version of quiz"):
        open_store(student)


def test_a_students_process_never_migrates(
    empty_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(StoreError, match=r"no quiz schema.*quiz class init"):
        open_store(empty_database)
    assert tables(empty_database) == set()
    code = main(["--data-dir", str(tmp_path), "--db", empty_database, "stats"])
    error = capsys.readouterr().err
    assert code == 1 and "no quiz schema" in error and "Traceback" not in error
    assert tables(empty_database) == set()


def test_an_older_schema_asks_the_instructor_to_upgrade(initialised: str) -> None:
    with psycopg.connect(initialised) as db:
        db.execute(f"DELETE FROM {VERSION_TABLE} WHERE version = %s", (SCHEMA_VERSION,))
    match = "no quiz schema" if SCHEMA_VERSION == 1 else "upgrades it with `quiz class init"
    with pytest.raises(StoreError, match=match):
        open_store(initialised)


def test_a_class_of_the_first_schema_keeps_its_reviews_and_gains_the_schedule_tables(
    empty_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    name, password = f"st_{secrets.token_hex(4)}", secrets.token_hex(8)
    with psycopg.connect(empty_database) as db:  # a class set up by the version of schema 1
        db.execute(PREPARE)
        db.execute(MIGRATIONS[0])
        db.execute(RECORD_VERSION, (1,))
        db.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE quiz_student")
    student = member_url(empty_database, name, password)
    with psycopg.connect(student) as db:  # and a review that version wrote
        db.execute(
            "INSERT INTO review_log (review_key, deck_id, item_id, rating, correct, response,"
            " reviewed_at, duration_ms, kind, state_before, state_after) VALUES"
            " (gen_random_uuid(), 'd', 'i', 3, true, '{}', 0, 0, 'new', NULL, %s)",
            ('{"state": "review", "step": null, "stability": 1, "difficulty": 5, "due": 9,'
             ' "last_review": 0}',),
        )  # fmt: skip
    assert main(["class", "init", "--db", empty_database]) == 0
    assert "(upgraded from schema 1)" in capsys.readouterr().out
    with open_store(student) as store:
        [row] = store.history("d", "i")
        assert (row.correct, row.overruled, row.parameters_id) == (True, False, None)
        assert store.set_item_flags("d", "i", ItemFlags(suspended=True)) == ItemFlags()
        assert store.item_flags("d") == {"i": ItemFlags(suspended=True)}


def test_a_wrong_password_an_unreachable_host_and_a_missing_database_each_say_so(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    student = add_student(initialised, capsys)
    secret = student.split(":")[2].split("@")[0]
    wrong = student.replace(secret, "not-the-password")
    unreachable = "postgresql://someone:pw123456@127.0.0.1:1/quiz"
    missing = student.rsplit("/", 1)[0] + "/no_such_class"
    cases = {
        wrong: "refused this user name and password",
        unreachable: "cannot reach the database server",
        missing: "no such database",
    }
    for url, message in cases.items():
        code = main(
            ["--data-dir", str(tmp_path), "--db", url, "export-progress", "--format", "csv"]
        )
        error = capsys.readouterr().err
        assert code == 1, url
        assert message in error
        assert error.count("\n") == 1 and "Traceback" not in error
        assert "not-the-password" not in error and "pw123456" not in error
        assert secret not in error
    with pytest.raises(StoreUnavailableError):
        open_store(unreachable)


def test_add_student_refuses_bad_names_and_existing_roles(
    initialised: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["class", "add-student", "Robert'); DROP TABLE", "--db", initialised]) == 2
    assert "cannot name a student" in capsys.readouterr().err
    add_student(initialised, capsys, "ada")
    assert main(["class", "add-student", "ada", "--db", initialised]) == 1
    assert "exists already" in capsys.readouterr().err
    assert main(["class", "add-student", "quiz_student", "--db", initialised]) == 2


def deck_file(folder: Path, front: str, version: int = 1) -> Path:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["version"] = version
    data["cards"][0]["front"] = front
    path = folder / "core-deck.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_published_decks_are_studied_and_a_republished_deck_keeps_progress(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = deck_file(tmp_path, "What is a CAR?")
    assert main(["class", "publish", str(path), "--db", initialised]) == 0
    assert "Published core-deck (version 1)" in capsys.readouterr().out
    student = add_student(initialised, capsys)
    home = tmp_path / "home"
    choose_database(student)
    [loaded] = load_study_decks(home).decks
    assert loaded.deck.cards[0].front == "What is a CAR?"
    with open_store(student) as store:
        session = start(store, [loaded.deck], NOW)
        first = answer(session, Rating.GOOD, NOW)
    path = deck_file(tmp_path, "What does CAR stand for, reworded?", version=2)
    assert main(["class", "publish", str(path), "--db", initialised]) == 0
    capsys.readouterr()
    [again] = load_study_decks(home).decks
    assert again.deck.version == 2
    with open_store(student) as store:
        assert first in store.item_states("core-deck")
        session = start(store, [again.deck], NOW)
        assert session.current is not None and session.current.item_id != first
    assert main(["--data-dir", str(home), "--db", student, "stats", "--format", "json"]) == 0
    assert '"deck_id": "core-deck"' in capsys.readouterr().out


@pytest.mark.parametrize(
    "name", ["python-tag.yaml", "alias-bomb.yaml", "duplicate-card-id.yaml", "syntax-error.yaml"]
)
def test_a_hostile_deck_is_refused_exactly_as_a_file_is(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / name
    shutil.copy(INVALID / name, path)
    assert main(["validate", str(path)]) == 1
    as_file = capsys.readouterr().out
    assert main(["class", "publish", str(path), "--db", initialised]) == 1
    published = capsys.readouterr()
    assert published.out == as_file
    assert "nothing was published" in published.err
    with psycopg.connect(initialised) as db:
        assert db.execute("SELECT count(*) FROM class_deck").fetchone() == (0,)


def test_one_bad_deck_publishes_none(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = deck_file(tmp_path, "Fine?")
    bad = tmp_path / "bad.yaml"
    shutil.copy(INVALID / "missing-key.yaml", bad)
    assert main(["class", "publish", str(good), str(bad), "--db", initialised]) == 1
    capsys.readouterr()
    with psycopg.connect(initialised) as db:
        assert db.execute("SELECT count(*) FROM class_deck").fetchone() == (0,)


def test_class_commands_need_a_database(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.delenv("QUIZ_DB", raising=False)
    assert main(["class", "init"]) == 2
    assert "--db URL" in capsys.readouterr().err


def test_quiz_db_names_the_database_as_well_as_db(
    initialised: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    student = add_student(initialised, capsys)
    with open_store(student) as store:
        session = start(store, [Deck.model_validate(yaml.safe_load(FIXTURE.read_text()))], NOW)
        answer(session, Rating.GOOD, NOW)
    monkeypatch.setenv("QUIZ_DB", student)
    assert main(["--data-dir", str(tmp_path), "export-progress", "--format", "json"]) == 0
    assert '"deck_id": "core-deck"' in capsys.readouterr().out
