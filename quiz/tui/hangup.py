"""Leaving cleanly when the terminal goes away: on SIGHUP or SIGTERM, or when the terminal is
found closed, the app saves the answer on screen, waits for the answers being written, and
quits. Without this a closed terminal would kill the app with its answer, or leave it
running with no terminal, reading an input that is always at its end."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import termios
from collections.abc import Callable

CHECK_SECONDS = 0.5  # how often the terminal is checked for having been closed
SIGNALS = (signal.SIGHUP, signal.SIGTERM)


def terminal_closed(fd: int) -> bool:
    """Whether the terminal on ``fd`` (a terminal when the app started) was hung up, its
    other end closed: a hung-up terminal refuses every terminal request."""
    try:
        termios.tcgetattr(fd)
    except termios.error:
        return True
    return False


def on_hang_up(hang_up: Callable[[], None]) -> Callable[[], None]:
    """Call ``hang_up`` (in the running event loop) on SIGHUP or SIGTERM; gives back what
    checks the terminal, for a timer (it calls ``hang_up`` once the terminal is closed)."""
    loop = asyncio.get_running_loop()
    for number in SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, hang_up)
    fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
    watched = fd >= 0 and os.isatty(fd)

    def check() -> None:
        if watched and terminal_closed(fd):
            hang_up()

    return check
