"""A deck file's bytes and text: the size limit, NUL bytes and UTF-8, as located problems.

Kept apart from the YAML parsing so that a deck served from the cache is read and checked
without importing the parser.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from quiz.deck.file_stamp import Stamp, stamp_of
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
    return read_stamped(path, out)[0]


def read_stamped(path: Path, out: ProblemCollector) -> tuple[bytes | None, Stamp | None, int]:
    """The file's bytes (``None`` with a problem added, as :func:`read_bytes` says), its
    stamp (:mod:`quiz.deck.file_stamp`) when it did not change while it was read, else
    ``None``, and the moment the reading began (wall clock, ns)."""
    read_ns = time.time_ns()
    raw = b""
    before = after = None
    try:
        refused = not_regular(os.stat(path).st_mode)
        if refused is None:
            # Opened without waiting, and checked again: the path may have been replaced.
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with open(fd, "rb") as handle:
                status = os.fstat(fd)
                refused = not_regular(status.st_mode)
                if refused is None:
                    before = stamp_of(status)
                    raw = handle.read(MAX_FILE_BYTES + 1)
                    after = stamp_of(os.stat(path))  # the path still names the file read
    except (OSError, ValueError) as error:
        out.add(f"cannot read file: {getattr(error, 'strerror', None) or error}")
        return None, None, read_ns
    if refused is not None:
        out.add(refused)
        return None, None, read_ns
    if len(raw) > MAX_FILE_BYTES:
        out.add(f"file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit for a deck")
        return None, None, read_ns
    unchanged = before is not None and before == after and before[0] == len(raw)
    return raw, (before if unchanged else None), read_ns


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
