"""What the command line prints: never a raw control character from a deck, a file name or
an error message, whichever command prints it.

:func:`visible_streams` puts a :class:`VisibleStream` in front of standard output and error
for the length of a command: everything written through them has its controls shown
(:func:`quiz.safe_text.visible`). A line that names a file is also written with
:func:`~quiz.safe_text.visible_line`, so that a newline in a name cannot forge a line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from quiz.safe_text import visible


class VisibleStream:
    """A text stream that writes to another with every unsafe character made visible."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write ``text``, its controls shown; returns the length of ``text``."""
        self.stream.write(visible(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        """Write each line, as :meth:`write` does."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)  # flush, isatty, encoding, fileno...


def raw(stream: TextIO) -> TextIO:
    """The stream under a :class:`VisibleStream` (for a writer, such as Rich, that writes
    escape sequences of its own and makes its data visible itself); others as they are."""
    return stream.stream if isinstance(stream, VisibleStream) else stream


@contextmanager
def visible_streams() -> Iterator[None]:
    """Standard output and error show controls instead of sending them, inside the block."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleStream(out), VisibleStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
