"""Run the ``quiz`` command line and stop it at a chosen call, for tests that kill it there.

Run by the store file tests as a separate process:

    python paused_quiz.py EVENT NAME COUNT GO_FILE -- QUIZ_ARGUMENT ...

EVENT is ``c_call`` (just before a built-in function runs) or ``c_return`` (just after it
returned); NAME is the built-in's qualified name, such as ``Connection.backup`` or
``TextIOWrapper.write``. At the COUNT-th such event the process writes ``paused`` to standard
error and waits: until GO_FILE exists (then it carries on), or for good when GO_FILE is ``-``,
to be killed there. Everything else is the real command line on real files.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from quiz.cli.main import main


def pause_at(event: str, name: str, count: int, go_file: Path | None) -> None:
    """Install a profiler that stops this thread at the ``count``-th ``event`` of ``name``."""
    seen = 0

    def profile(frame: object, what: str, arg: object) -> None:
        nonlocal seen
        if what != event or getattr(arg, "__qualname__", None) != name:
            return
        seen += 1
        if seen != count:
            return
        sys.setprofile(None)
        sys.stderr.write("paused\n")
        sys.stderr.flush()
        while go_file is None or not go_file.exists():
            time.sleep(0.005)

    sys.setprofile(profile)


if __name__ == "__main__":
    event, name, count, go, separator, *quiz_args = sys.argv[1:]
    assert separator == "--", "usage: paused_quiz.py EVENT NAME COUNT GO_FILE -- ARGS..."
    pause_at(event, name, int(count), None if go == "-" else Path(go))
    sys.exit(main(quiz_args))
