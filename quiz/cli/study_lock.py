"""One study app per data folder: a lock file holding the process id of the app studying.

A second app on the same folder would review the same items twice; it is warned, naming the
other process. A lock whose process has ended (killed, a power cut) is stale and replaced.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

LOCK_NAME = "study.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _holder(path: Path) -> int | None:
    """The live process holding the lock at ``path``, if any."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and int(text) != os.getpid() and _alive(int(text)) else None


class StudyLock:
    """The lock of a data folder, taken by :meth:`take` and given back by :meth:`release`."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self.held = False

    def take(self) -> int | None:
        """Take the lock; the process id of another live app already holding it (then it is
        left to that app), or None. A stale lock is replaced. A folder that cannot be
        written leaves the lock untaken, silently (the store reports such a folder)."""
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                other = _holder(self.path)
                if other is not None:
                    return other
                with contextlib.suppress(OSError):
                    self.path.unlink()  # stale: its process is gone
                continue
            except OSError:
                return None
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(f"{os.getpid()}\n")
            self.held = True
            return None
        return None

    def release(self) -> None:
        """Remove the lock if this process holds it."""
        if self.held:
            with contextlib.suppress(OSError):
                if self.path.read_text(encoding="ascii").strip() == str(os.getpid()):
                    self.path.unlink()
            self.held = False
