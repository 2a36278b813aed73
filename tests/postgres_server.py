"""Store locations on each backend for the tests, and the throw-away PostgreSQL server they
use (:mod:`benchmarks.local_postgres`, shared with the load benchmark)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.local_postgres import PostgresServer, server_binaries

__all__ = ["PostgresServer", "StoreLocations", "server_binaries"]


class StoreLocations:
    """Fresh store locations for one test on one backend: ``location(name)`` is the same
    location for the same name (so a test can close and reopen it), a new one otherwise.

    On SQLite a location is a file in the test's folder; on PostgreSQL it is the URL of a new
    student of the suite's class database, who starts with no rows."""

    def __init__(self, backend: str, folder: Path, class_url: str | None) -> None:
        self.backend = backend
        self.folder = folder
        self.class_url = class_url
        self._made: dict[str, str | Path] = {}

    def __call__(self, name: str = "progress.db") -> str | Path:
        if name not in self._made:
            if self.class_url is None:
                self._made[name] = self.folder / name
            else:
                from quiz.progress.postgres_class import add_member

                self._made[name] = add_member(self.class_url, f"s_{secrets.token_hex(6)}")
        return self._made[name]

    @contextmanager
    def writer(self, name: str = "progress.db") -> Iterator[None]:
        """Another client holding the write lock of location ``name`` for the block: an SQLite
        writer's transaction, or an exclusive lock on the review log."""
        location = self(name)
        if isinstance(location, Path):
            import sqlite3

            db = sqlite3.connect(location, isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            try:
                yield
            finally:
                db.execute("ROLLBACK")
                db.close()
            return
        import psycopg

        assert self.class_url is not None
        with psycopg.connect(self.class_url) as db:
            db.execute("LOCK TABLE review_log IN EXCLUSIVE MODE")
            yield
            db.rollback()

    def execute(self, name: str, statement: str, args: tuple = ()) -> list[tuple]:
        """Run one raw SQL statement on the location ``name``, as its own user, committed."""
        location = self(name)
        if isinstance(location, Path):
            import sqlite3

            db = sqlite3.connect(location, isolation_level=None)
            try:
                return db.execute(statement.replace("%s", "?"), args).fetchall()
            finally:
                db.close()
        import psycopg

        with psycopg.connect(location, autocommit=True) as db:
            cursor = db.execute(statement, args)
            return cursor.fetchall() if cursor.description else []
