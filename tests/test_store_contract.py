"""The progress-store contract: each backend implements all of it, callers reach a store only
through ``open_store``, only the SQLite backend knows SQLite and only the PostgreSQL backend
knows its driver."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from postgres_server import StoreLocations

from quiz.progress.contract import ProgressStore
from quiz.progress.errors import StoreBusyError, StoreError, StoreUnavailableError
from quiz.progress.open import open_store
from quiz.progress.postgres_store import PostgresStore
from quiz.progress.sqlite_store import Store
from quiz.progress.state import Settings

QUIZ = Path(__file__).resolve().parent.parent / "quiz"
SQLITE_BACKEND = {
    "sqlite_store.py",
    "schema.py",
    "rows.py",
    "reviewed.py",
    "reviewed_counts.py",
    "file_checks.py",
    "integrity.py",
    "sqlite_open.py",
    "sqlite_backup.py",
    "sqlite_schedule.py",
    "sqlite_copy.py",
}
POSTGRES_BACKEND = {
    "postgres_store.py",
    "postgres_sql.py",
    "postgres_schema.py",
    "postgres_errors.py",
    "postgres_class.py",
    "postgres_connections.py",
    "postgres_schedule.py",
    "postgres_report.py",
}
POSTGRES_MODULES = {f"quiz.progress.{name.removesuffix('.py')}" for name in POSTGRES_BACKEND}
BACKENDS = [Store, PostgresStore]
BACKEND_MODULES = {f"quiz.progress.{name.removesuffix('.py')}" for name in SQLITE_BACKEND}


@pytest.mark.parametrize("Store", BACKENDS)
def test_each_backend_defines_every_method_of_the_contract(Store: type) -> None:
    required = ProgressStore.__abstractmethods__
    assert {"apply_review", "iter_due", "backup", "close", "settings"} <= required
    assert not Store.__abstractmethods__
    assert {n for n in required if getattr(Store, n) is getattr(ProgressStore, n)} == set()
    for name in required:  # same parameters, same defaults
        contract = inspect.signature(getattr(ProgressStore, name))
        backend = inspect.signature(getattr(Store, name))
        assert list(backend.parameters) == list(contract.parameters), name
        for parameter in contract.parameters.values():
            assert backend.parameters[parameter.name].default == parameter.default, name


@pytest.mark.parametrize("Store", BACKENDS)
def test_a_backend_offers_nothing_public_beyond_the_contract_but_opening(Store: type) -> None:
    public = {name for name in dir(Store) if not name.startswith("_")}
    assert public - set(dir(ProgressStore)) == {"open"}


def test_every_method_of_the_contract_says_what_it_gives_back() -> None:
    for name in ProgressStore.__abstractmethods__:
        assert inspect.getdoc(getattr(ProgressStore, name)), name


def test_the_errors_are_kinds_of_store_error() -> None:
    assert issubclass(StoreBusyError, StoreError)
    assert issubclass(StoreUnavailableError, StoreError)


@pytest.mark.parametrize("kind", [Path, str])
def test_open_store_opens_an_sqlite_file_from_a_path(tmp_path: Path, kind: type) -> None:
    path = tmp_path / "data" / "progress.db"
    with open_store(kind(path)) as store:
        assert isinstance(store, ProgressStore)
        store.save_settings(Settings(new_per_day=7))
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    with open_store(kind(path)) as store:
        assert store.settings().new_per_day == 7


def test_a_backup_is_a_progress_file_that_open_store_opens(
    tmp_path: Path, store_location: StoreLocations
) -> None:
    with open_store(store_location()) as store:
        store.save_settings(Settings(rollover_hour=6))
        copy = store.backup(tmp_path / "backups" / "copy.db")
    assert copy.read_bytes().startswith(b"SQLite format 3\x00")
    with open_store(copy) as restored:
        assert isinstance(restored, Store)
        assert restored.settings().rollover_hour == 6


def test_an_unknown_kind_of_url_is_refused_without_its_password(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as refused:
        open_store("mysql://student:s3cret@db.example.org:3306/class?password=s3cret")
    message = str(refused.value)
    assert "'mysql'" in message and "path of a progress file" in message
    assert "s3cret" not in message and "student" not in message
    assert "mysql://db.example.org:3306/class" in message
    assert not list(tmp_path.iterdir())


def test_a_windows_style_path_is_a_path_not_a_url(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("C:progress.db") as store:
        assert isinstance(store, Store)
    assert (tmp_path / "C:progress.db").is_file()


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_sqlite_backend_and_the_factory_know_sqlite() -> None:
    offenders = {}
    for path in sorted(QUIZ.rglob("*.py")):
        if path.parent.name == "progress" and path.name in SQLITE_BACKEND:
            continue
        known = _imported(path) & (BACKEND_MODULES | {"sqlite3"})
        if path.relative_to(QUIZ) == Path("progress/open.py"):
            # the one place that picks the backend
            known -= {"quiz.progress.sqlite_store", "quiz.progress.sqlite_copy"}
        if path.relative_to(QUIZ).parts[0] == "interop":
            known -= {"sqlite3"}  # reads and writes Anki collections, never the progress store
        if known:
            offenders[str(path.relative_to(QUIZ))] = sorted(known)
    assert offenders == {}


def test_only_the_postgresql_backend_knows_its_driver() -> None:
    offenders = {}
    for path in sorted(QUIZ.rglob("*.py")):
        if path.parent.name == "progress" and path.name in POSTGRES_BACKEND:
            continue
        imported = _imported(path)
        known = {name for name in imported if name.split(".")[0] in {"psycopg", "psycopg_pool"}}
        known |= imported & POSTGRES_MODULES
        allowed = {
            Path("progress/open.py"): {"quiz.progress.postgres_store"},
            Path("cli/class_commands.py"): {"quiz.progress.postgres_class"},
            Path("study/class_decks.py"): {"quiz.progress.postgres_class"},
            Path("cli/class_report.py"): {"quiz.progress.postgres_report"},
            Path("cli/study_command.py"): {"quiz.progress.postgres_report"},
            Path("server/accounts.py"): {"quiz.progress.postgres_class"},
        }
        known -= allowed.get(path.relative_to(QUIZ), set())
        if known:
            offenders[str(path.relative_to(QUIZ))] = sorted(known)
    assert offenders == {}


def test_the_postgresql_backend_knows_nothing_of_sqlite() -> None:
    for name in POSTGRES_BACKEND:
        imported = _imported(QUIZ / "progress" / name)
        assert not imported & (BACKEND_MODULES | {"sqlite3"}), name


MISSING_DRIVER = """
import sys
sys.modules["psycopg"] = None  # as if the quiz[server] extra were not installed
from quiz.cli.main import main
from quiz.progress.errors import StoreError
from quiz.progress.open import open_store
try:
    open_store("postgresql://ada:s3cret@127.0.0.1:1/class")
except StoreError as error:
    print(error)
sys.exit(main(["class", "init", "--db", "postgresql://ada:s3cret@127.0.0.1:1/class"]))
"""


def test_a_missing_server_extra_is_named_and_the_password_is_not(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", MISSING_DRIVER], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1
    assert "quiz[server]" in done.stdout and "quiz[server]" in done.stderr
    assert "s3cret" not in done.stdout + done.stderr and "Traceback" not in done.stderr
