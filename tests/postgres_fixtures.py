"""The suite's PostgreSQL fixtures: one server per test run, one class database on it, and
``store_location``, which runs a store test once on each backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_server import PostgresServer, StoreLocations, server_binaries

BACKENDS = ("sqlite", "postgresql")
CLASS_DATABASE = "quiz_class"


def _unavailable(why: str) -> None:
    """In CI a missing server fails the run; elsewhere its tests are skipped."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is needed in CI: {why}")
    pytest.skip(f"PostgreSQL is not available: {why}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of the test run's own, on 127.0.0.1 and a free port."""
    binaries = server_binaries()
    if binaries is None:
        _unavailable("no pg_ctl and initdb (install Debian's postgresql)")
        raise AssertionError("unreachable")
    server = PostgresServer(binaries, log_statements=True)
    try:
        server.create()
        server.start()
    except (RuntimeError, OSError) as error:
        server.remove()
        _unavailable(str(error))
    yield server
    server.remove()


@pytest.fixture(scope="session")
def class_database(postgres_server: PostgresServer) -> str:
    """The administrator's URL of a class database set up with ``quiz class init``."""
    import psycopg

    from quiz.progress.postgres_class import init_class

    with psycopg.connect(postgres_server.url(), autocommit=True) as db:
        db.execute(f"CREATE DATABASE {CLASS_DATABASE}")
    url = postgres_server.url(database=CLASS_DATABASE)
    init_class(url)
    return url


@pytest.fixture(params=BACKENDS)
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> StoreLocations:
    """Store locations on each backend in turn (the test runs once per backend)."""
    if request.param == "sqlite":
        return StoreLocations("sqlite", tmp_path, None)
    return StoreLocations("postgresql", tmp_path, request.getfixturevalue("class_database"))
