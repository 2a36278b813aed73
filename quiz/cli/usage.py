"""What the commands share about their arguments: exit codes, and paths that cannot be used."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from quiz.deck.control_chars import escape_line

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def shown(path: Path | str) -> str:
    """A path as a message shows it: quoted, control characters and line breaks escaped."""
    return f"'{escape_line(str(path))}'"


def path_problem(path: Path, *, file_or_folder: bool) -> str | None:
    """Why a path given on the command line cannot be used, or ``None``.

    With ``file_or_folder``, anything but a regular file or a folder is a problem too (for
    ``validate`` the loader reports such a file as invalid instead).
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except (OSError, ValueError) as error:
        return getattr(error, "strerror", None) or str(error)
    if file_or_folder and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "not a regular file or folder"
    return None


def usage_problems(paths: Sequence[Path], *, file_or_folder: bool) -> list[str]:
    """A message (the path, then why) for each path that cannot be used."""
    messages = []
    for path in paths:
        problem = path_problem(path, file_or_folder=file_or_folder)
        if problem is not None:
            messages.append(f"{shown(path)}: {problem}")
    return messages


def usage_errors(command: str, paths: Sequence[Path], *, file_or_folder: bool) -> bool:
    """Print a usage error for each path that cannot be used; whether there was one."""
    messages = usage_problems(paths, file_or_folder=file_or_folder)
    for message in messages:
        print(f"quiz {command}: {message}", file=sys.stderr)
    return bool(messages)
