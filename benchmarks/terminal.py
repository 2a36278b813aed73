"""A real pseudo-terminal: spawn a program on it, type keys, and time what appears on screen.

Escape sequences are stripped from what the program writes, so waiting for "the card's text"
means waiting until those characters have actually been written to the terminal.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

COLUMNS, ROWS = 120, 40
QUIT_KEY = b"\x11"  # ctrl+q, Textual's quit key

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, clipboard
    r"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS and friends
    r"|\x1b[@-Z\\-_()*+][0-9A-Za-z]?"  # two- and three-character sequences
)


def visible_text(raw: str) -> tuple[str, str]:
    """``raw`` terminal output without its escape sequences, and the unfinished sequence at
    its end, kept for the next chunk."""
    cut = raw.rfind("\x1b")
    keep = ""
    if cut >= 0 and not _ESCAPES.match(raw, cut):
        raw, keep = raw[:cut], raw[cut:]
    return _ESCAPES.sub("", raw), keep


BYTECODE_CACHE = Path(__file__).parent / ".work" / "pycache"


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every process a benchmark starts, the floors' as well as quiz's.

    As on a student's machine, Python keeps the bytecode it compiles (here in
    :data:`BYTECODE_CACHE`): an environment that sets ``PYTHONDONTWRITEBYTECODE`` would make
    every process compile every module it imports again, which would add the same fixed cost
    to each start and hide most of what the figures are about.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TEXTUAL") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    env.update(extra or {})
    return env


class TerminalTimeout(TimeoutError):
    """The text waited for did not appear in time; carries the screen text seen so far."""


class Terminal:
    """A program running on its own pseudo-terminal of :data:`COLUMNS` x :data:`ROWS`."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        columns: int = COLUMNS,
        rows: int = ROWS,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        full_env = child_environment(
            {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8", **(env or {})}
        )
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._raw = ""  # decoded output not yet stripped (may end inside an escape sequence)
        self.text = ""  # everything shown so far, escape sequences removed
        self.output = bytearray()  # every byte written, as written
        self.bytes_read = 0

    def _pump(self, timeout: float) -> bool:
        """Read what is available within ``timeout`` seconds; False at end of output."""
        ready, _, _ = select.select([self._master], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self._master, 1 << 16)
        except OSError:  # the program ended and closed the terminal
            return False
        if not chunk:
            return False
        self.bytes_read += len(chunk)
        self.output += chunk
        text, self._raw = visible_text(self._raw + self._decoder.decode(chunk))
        self.text += text
        return True

    def wait_for(self, pattern: str | re.Pattern[str], *, start: int = 0, timeout: float = 30.0):
        """Read until ``pattern`` appears in the text after offset ``start``.

        Returns ``(match, seconds since the call)``; the match's offsets index :attr:`text`.
        """
        regex = re.compile(re.escape(pattern)) if isinstance(pattern, str) else pattern
        began = time.perf_counter()
        deadline = began + timeout
        while True:
            # a match may straddle the previous end, so look back a little
            match = regex.search(self.text, start)
            if match:
                return match, time.perf_counter() - began
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or (self.process.poll() is not None and not self._pump(0)):
                raise TerminalTimeout(
                    f"{pattern!r} did not appear within {timeout:.0f} s; "
                    f"last screen text: {self.text[-400:]!r}"
                )
            self._pump(remaining)

    def drain(self, quiet: float = 0.05, limit: float = 2.0) -> None:
        """Read until the program has written nothing for ``quiet`` seconds."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            before = self.bytes_read
            if not self._pump(quiet) or self.bytes_read == before:
                return

    def press(self, keys: bytes) -> float:
        """Write key bytes as typed; returns the moment they were written."""
        os.write(self._master, keys)
        return time.perf_counter()

    def peak_rss_mb(self) -> float | None:
        """The program's peak resident memory so far (Linux ``VmHWM``), in MB."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        return int(match.group(1)) / 1024 if match else None

    def close(self, quit_keys: bytes | None = None, grace: float = 5.0) -> int | None:
        """Stop the program and return its exit code.

        With ``quit_keys`` it is asked to quit first, without them it gets SIGTERM (as when a
        terminal window is closed); either way it is given ``grace`` seconds, then killed. A
        killed app would leave its store marked as crashed, and the next start would run the
        full integrity check, as a student's start after a crash does.
        """
        try:
            if self.process.poll() is None:
                if quit_keys is not None:
                    os.write(self._master, quit_keys)
                else:
                    self.process.terminate()
                deadline = time.perf_counter() + grace
                while self.process.poll() is None and time.perf_counter() < deadline:
                    self._pump(0.05)
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
        finally:
            os.close(self._master)
            self._master = -1
        return self.process.returncode

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._master >= 0:
            self.close()
