"""The file ``quiz export-progress --output FILE`` writes, and what it may replace.

Only a regular file is ever replaced, and only with ``--force`` or after a yes at the
terminal: a symbolic link, a folder, a FIFO or a device is refused, and never opened. The
export is written to a hidden partial file beside FILE and renamed over it when complete, so
a failed or killed export leaves FILE as it was; partial files such an export left are
removed by the next export into that folder. A new file is ``0600``; a replaced one keeps its
mode.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from quiz.progress.private_files import PRIVATE_FILE, partial_file, remove_stale_partials

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def refusal(output: Path) -> str | None:
    """Why ``output`` must not be replaced (a message naming it), or None: it is missing or
    a regular file (which still needs ``--force`` or a yes: see :mod:`quiz.cli.progress`)."""
    try:
        info = os.lstat(output)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        return f"{output}: cannot use it: {error.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return f"{output}: is a symbolic link; not replaced (give the path of a regular file)"
    for is_kind, kind in _KINDS:
        if is_kind(info.st_mode):
            return f"{output}: is {kind}, not a regular file; not replaced"
    return None


def write_export_file(output: Path, write: Callable[[TextIO], int]) -> int:
    """Write ``output`` whole through ``write`` (which returns a count, passed on)."""
    remove_stale_partials(output.parent)
    try:
        mode = stat.S_IMODE(os.lstat(output).st_mode)
    except FileNotFoundError:
        mode = PRIVATE_FILE
    with (
        partial_file(output, mode) as partial,
        partial.open("w", encoding="utf-8", newline="") as handle,
    ):
        count = write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    return count
