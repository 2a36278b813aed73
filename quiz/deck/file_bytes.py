"""A deck file's bytes and text: the size limit, NUL bytes and UTF-8, as located problems.

Kept apart from the YAML parsing so that a deck served from the cache is read and checked
without importing the parser.
"""

from __future__ import annotations

from pathlib import Path

from quiz.deck.problems import ProblemCollector, line_col

MAX_FILE_BYTES = 16 * 1024 * 1024


def read_bytes(path: Path, out: ProblemCollector) -> bytes | None:
    """The file's bytes, or ``None`` with a problem added (a folder, unreadable, too large)."""
    try:
        if path.is_dir():
            out.add("is a directory, not a deck file")
            return None
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        out.add(f"cannot read file: {error.strerror or error}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        out.add(f"file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit for a deck")
        return None
    return raw


def decode(raw: bytes, out: ProblemCollector) -> str | None:
    """The text of a deck file's bytes, or ``None`` with a problem (NUL byte, not UTF-8)."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = line_col(raw[:nul].decode("utf-8", "replace"), nul)
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
