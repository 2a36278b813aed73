"""The real app in a pseudo-terminal: started as ``python -m quiz``, typed at, read from, and
hung up or signalled as a closing terminal or a shutdown would."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ESCAPES = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
)
REPO = Path(__file__).resolve().parent.parent


class TerminalApp:
    """``python -m quiz ARGS`` with a pseudo-terminal of ``size`` (columns, rows) as its
    controlling terminal; everything it draws is kept, as text without escape codes."""

    def __init__(self, *args: str, size: tuple[int, int] = (80, 24)) -> None:
        master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
        env.pop("TEXTUAL", None)
        pid = os.fork()
        if pid == 0:  # the child: a session of its own, the terminal as its controlling one
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                os.chdir(REPO)
                os.execve(sys.executable, [sys.executable, "-m", "quiz", *args], env)
            finally:
                os._exit(127)
        os.close(slave)
        self.pid = pid
        self.master: int | None = master
        self._output: list[str] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(master,), daemon=True)
        self._reader.start()
        self.status: int | None = None

    def _read(self, master: int) -> None:
        # A read blocked in another thread would keep the terminal open after os.close:
        # wait with a timeout, so that close_terminal can stop this thread first.
        while not self._closing.is_set():
            if not select.select([master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self._output.append(data.decode("utf-8", "replace"))

    def text(self) -> str:
        """Everything drawn so far, escape codes taken out."""
        with self._lock:
            return ESCAPES.sub("", "".join(self._output))

    def mark(self) -> int:
        """Where the output is now, to look only at what is drawn after."""
        return len(self.text())

    def wait_for(self, text: str, since: int = 0, timeout: float = 30.0) -> None:
        """Wait until ``text`` is drawn (after position ``since``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text()[since:]:
                return
            if self.exited():
                break
            time.sleep(0.05)
        tail = self.text()[-2000:]
        raise AssertionError(f"{text!r} was not drawn; the end of the output:\n{tail}")

    def press(self, data: str, shows: str, timeout: float = 30.0) -> None:
        """Type ``data`` and wait until ``shows`` is drawn after it."""
        mark = self.mark()
        self.write(data)
        self.wait_for(shows, mark, timeout)

    def write(self, data: str | bytes) -> None:
        """Type ``data`` (all of it in one write, as a fast typist or a paste sends it)."""
        assert self.master is not None
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def send_signal(self, number: signal.Signals) -> None:
        os.kill(self.pid, number)

    def close_terminal(self) -> None:
        """Close the terminal's other end, as closing a terminal window does."""
        if self.master is not None:
            self._closing.set()
            self._reader.join()
            os.close(self.master)
            self.master = None

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is not None

    def wait_exit(self, timeout: float = 20.0) -> int:
        """Wait for the app to end; its exit code (or minus the signal that ended it)."""
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                self.status = os.waitpid(self.pid, 0)[1]
                raise AssertionError("the app did not end by itself")
            time.sleep(0.05)
        assert self.status is not None
        return os.waitstatus_to_exitcode(self.status)

    def close(self) -> None:
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        self.close_terminal()


@contextmanager
def studying(folder: Path, deck_name: str, deck_text: str) -> Iterator[tuple[TerminalApp, Path]]:
    """``quiz study`` on one deck file written into ``folder``, with a data folder of its
    own there; yields the app and that data folder, and ends the app afterwards."""
    deck = folder / deck_name
    deck.write_text(deck_text, encoding="utf-8")
    home = folder / "home"
    home.mkdir()
    app = TerminalApp("--data-dir", str(home), "study", str(deck))
    try:
        yield app, home
    finally:
        app.close()
