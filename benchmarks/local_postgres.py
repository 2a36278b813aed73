"""A throw-away PostgreSQL server for the tests and the benchmarks: a cluster made with
``initdb`` in a temporary folder, listening on 127.0.0.1 and a free port only, stopped and
removed at the end.

``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` user and
every server command runs as that user; as anyone else it runs as that user.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

DEBIAN_BINARIES = Path("/usr/lib/postgresql")
SUPERUSER = "postgres"


def server_binaries() -> Path | None:
    """The folder holding ``pg_ctl`` and ``initdb``: ``pg_config --bindir`` if it has them,
    else the newest of Debian's versioned folders, else what is on PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0:
            candidates.append(Path(found.stdout.strip()))
    if DEBIAN_BINARIES.is_dir():
        versions = sorted(DEBIAN_BINARIES.iterdir(), key=lambda p: p.name, reverse=True)
        candidates += [version / "bin" for version in versions]
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "pg_ctl").is_file() and (folder / "initdb").is_file():
            return folder
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One cluster in a temporary folder; :meth:`start` it, :meth:`stop` it, :meth:`remove`."""

    def __init__(self, binaries: Path, *, log_statements: bool = False) -> None:
        self.binaries = binaries
        self.log_statements = log_statements
        self.folder = Path(tempfile.mkdtemp(prefix="quiz-pg-"))
        self.data = self.folder / "data"
        self.socket_dir = self.folder / "socket"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.password = secrets.token_urlsafe(18)
        self.as_postgres = os.geteuid() == 0

    def _run(self, command: Sequence[str]) -> None:
        """Run a server command as the cluster's owner; a failure shows its output and log."""
        argv = [str(self.binaries / command[0]), *command[1:]]
        if self.as_postgres:
            argv = ["runuser", "-u", SUPERUSER, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=self.folder)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(
                f"{command[0]} failed ({done.returncode}):\n{done.stdout}{done.stderr}\n{log}"
            )

    def create(self) -> None:
        """Make the cluster: a superuser with a password, scram logins over TCP only."""
        self.socket_dir.mkdir()
        password_file = self.folder / "password"
        password_file.write_text(self.password + "\n")
        if self.as_postgres:
            shutil.chown(self.folder, SUPERUSER)
            shutil.chown(self.socket_dir, SUPERUSER)
            shutil.chown(password_file, SUPERUSER)
        self.folder.chmod(0o700)
        self._run(
            [
                "initdb", "--pgdata", str(self.data), "--username", SUPERUSER,
                "--pwfile", str(password_file), "--auth", "scram-sha-256",
                "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync",
            ]
        )  # fmt: skip
        password_file.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "max_connections = 500\nfsync = on\nsynchronous_commit = on\n"
                "shared_buffers = 64MB\n"
            )
            if self.log_statements:  # so that tests can show no password reaches the log
                conf.write("log_statement = 'all'\nlog_connections = on\n")

    def start(self) -> None:
        """Start the server and wait until it takes connections."""
        self._run(["pg_ctl", "--pgdata", str(self.data), "--log", str(self.log), "--wait",
                   "--timeout", "60", "start"])  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: roll back open transactions, close every connection)."""
        self._run(["pg_ctl", "--pgdata", str(self.data), "--mode", mode, "--wait", "stop"])

    def remove(self) -> None:
        """Stop the server if it runs and delete its folder."""
        if (self.data / "postmaster.pid").exists():
            with suppress(RuntimeError):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(
        self, user: str = SUPERUSER, password: str | None = None, database: str = "postgres"
    ) -> str:
        """A connection URL to this server."""
        secret = self.password if password is None else password
        return (
            f"postgresql://{quote(user, safe='')}:{quote(secret, safe='')}"
            f"@127.0.0.1:{self.port}/{quote(database, safe='')}"
        )
