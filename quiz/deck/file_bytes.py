"""A deck file's bytes and text: the size limit, NUL bytes and UTF-8, as located problems.

Kept apart from the YAML parsing so that a deck served from the cache is read and checked
without importing the parser.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from quiz.deck.problems import ProblemCollector, line_col

MAX_FILE_BYTES = 16 * 1024 * 1024
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read as a deck, or ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a deck file"
    kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
    return f"is not a regular file ({kind}): a deck is a file"


def read_bytes(path: Path, out: ProblemCollector) -> bytes | None:
    """The file's bytes, or ``None`` with a problem added (a folder, a named pipe or device,
    unreadable, too large). Anything but a regular file is refused before it is opened (a
    named pipe would wait for a writer forever)."""
    raw = b""
    try:
        refused = not_regular(os.stat(path).st_mode)
        if refused is None:
            # Opened without waiting, and checked again: the path may have been replaced.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with open(fd, "rb") as handle:
                refused = not_regular(os.fstat(fd).st_mode)
                raw = b"" if refused else handle.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:
        out.add(f"cannot read file: {getattr(error, 'strerror', None) or error}")
        return None
    if refused is not None:
        out.add(refused)
        return None
    if len(raw) > MAX_FILE_BYTES:
        out.add(f"file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit for a deck")
        return None
    return raw


def decode(raw: bytes, out: ProblemCollector) -> str | None:
    """The text of a deck file's bytes, or ``None`` with a problem (NUL byte, not UTF-8)."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        before = raw[:nul].decode("utf-8", "replace")
        line, column = line_col(before, len(before))
        out.add("contains a NUL byte: this looks like a binary file, not YAML", line, column)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = raw[: error.start].decode("utf-8", "replace")
        line, column = line_col(start, len(start))
        out.add(f"is not valid UTF-8 (byte 0x{raw[error.start]:02x})", line, column)
        return None


def read_text(path: Path, out: ProblemCollector) -> str | None:
    """The file's text, or ``None`` with a problem added (unreadable, too large, not UTF-8)."""
    raw = read_bytes(path, out)
    return None if raw is None else decode(raw, out)
