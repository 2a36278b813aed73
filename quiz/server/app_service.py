"""One student's study app behind one websocket: textual-serve's :class:`AppService`, with
the process started by the server, from a fixed command, for the session's student only.

The student's database URL and time zone reach the process in its environment only (never
its arguments, which other users of the machine can read, and never the browser). Nothing
of the server's own environment that names a database or its password is passed on.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from asyncio.subprocess import Process
from pathlib import Path
from typing import Any

from textual_serve.app_service import AppService

from quiz.paths import DATA_DIR_ENV, DATABASE_ENV
from quiz.server.sessions import Session

STUDENT_APP = (sys.executable, "-m", "quiz.server.student_app")
STOP_SECONDS = 5.0
HIDDEN_PREFIXES = ("PG", "QUIZ_", "TEXTUAL")


def student_environment(session: Session, folder: Path) -> dict[str, str]:
    """The environment of ``session``'s study app, whose data folder is ``folder``."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(HIDDEN_PREFIXES)
    }
    environment.pop("TZ", None)
    environment[DATABASE_ENV] = session.database_url
    environment[DATA_DIR_ENV] = str(folder)
    if session.time_zone is not None:
        environment["TZ"] = session.time_zone
    return environment


class StudentAppService(AppService):
    """The study app of one session's student, driven by one websocket."""

    def __init__(self, session: Session, folder: Path, **options: Any) -> None:
        super().__init__(" ".join(STUDENT_APP), **options)
        self.session = session
        self.folder = folder

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment = {k: v for k, v in environment.items() if k.startswith("TEXTUAL")} | {
            k: environment[k] for k in ("TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS")
        }
        return student_environment(self.session, self.folder) | environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._process = process = await asyncio.create_subprocess_exec(
            *STUDENT_APP,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height),
            cwd=self.folder,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def process_id(self) -> int | None:
        """The app process's id, once started."""
        return self._process.pid if self._process is not None else None

    @property
    def exit_code(self) -> int | None:
        """The app process's exit code, once it has ended."""
        return self._process.returncode if self._process is not None else None

    async def stop(self) -> None:
        """Ask the app to quit (its progress is committed answer by answer); end the process
        if it has not after :data:`STOP_SECONDS`."""
        with contextlib.suppress(asyncio.TimeoutError, OSError):
            await asyncio.wait_for(super().stop(), STOP_SECONDS)
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        if self._stdin is not None:
            self._stdin.close()  # the last pipe: the process's transport closes with it
            with contextlib.suppress(OSError):
                await self._stdin.wait_closed()
