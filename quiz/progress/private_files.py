"""Files only their owner can read, and files written whole or not at all.

Progress is personal: the data folder quiz creates is ``0700`` and every file it writes
(database, its ``-wal`` and ``-shm``, backups, exports) is ``0600``, whatever the umask. A
file that must appear complete (a backup, an export) is first written to a hidden partial
file beside it, ``.<name>.<random>.quiz-partial``, and renamed over its final name at the end; the
writer holds a lock on the partial file for as long as it writes, so a partial file whose
lock is free was left by a killed process, and the next writer into that folder removes it.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; partial files are judged by their age
    fcntl = None

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
PARTIAL = ".quiz-partial"
SQLITE_SIDECARS = ("-journal", "-wal", "-shm")
# The name partial_file gives, then what SQLite may add to it.
_PARTIAL_NAME = re.compile(r"(\..+\.[0-9a-f]{8}\.quiz-partial)(-journal|-wal|-shm)?")
UNLOCKED_STALE_SECONDS = 24 * 3600  # where there are no locks: a partial file older than this
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing; the folder itself is made ``0700``.

    An existing folder is left as it is: it may be one the student chose for other files too.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=PRIVATE_FOLDER)
    except FileExistsError:
        if not folder.is_dir():
            raise
        return
    os.chmod(folder, PRIVATE_FOLDER)  # the umask may have taken bits away, never added them


def create_private_file(path: Path) -> bool:
    """Create an empty ``0600`` file at ``path``; False if something is there already."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NO_FOLLOW, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(descriptor)
    os.chmod(path, PRIVATE_FILE)  # the umask may have taken bits away, never added them
    return True


def make_private(path: Path) -> None:
    """Take group and other permissions off the regular file at ``path``, if it exists.

    A symbolic link is left alone, and so is a file that cannot be changed (another
    owner's): that is no reason to refuse it. The file is never opened: closing a descriptor
    of a database file would drop the locks SQLite holds on it in this process.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
        with suppress(OSError):
            os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)


@contextmanager
def partial_file(final: Path, mode: int = PRIVATE_FILE) -> Iterator[Path]:
    """A new, locked, ``0600`` partial file beside ``final``, to write through its path.

    When the block ends normally the file gets ``mode`` and is renamed to ``final`` (replacing
    it); when it raises, the partial file and any SQLite files beside it are removed.
    """
    path, descriptor = _new_partial(final)
    try:
        yield path
        os.chmod(path, mode)
        os.replace(path, final)
    except BaseException:
        _remove_with_sidecars(path)
        raise
    finally:
        os.close(descriptor)  # releases the lock, after the rename


def _new_partial(final: Path) -> tuple[Path, int]:
    while True:
        path = final.parent / f".{final.name}.{os.urandom(4).hex()}{PARTIAL}"
        try:
            descriptor = os.open(
                path, os.O_CREAT | os.O_EXCL | os.O_RDWR | _NO_FOLLOW, PRIVATE_FILE
            )
        except FileExistsError:
            continue
        os.chmod(path, PRIVATE_FILE)
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            # A cleaner may have taken it for stale before the lock: then start again.
            with suppress(FileNotFoundError):
                if os.lstat(path).st_ino == os.fstat(descriptor).st_ino:
                    return path, descriptor
            os.close(descriptor)
            continue
        return path, descriptor


def remove_stale_partials(folder: Path) -> list[Path]:
    """Remove the partial files in ``folder`` that no running writer holds; return them."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    removed = []
    partials = {match[1] for match in map(_PARTIAL_NAME.fullmatch, names) if match}
    for name in sorted(partials):
        path = folder / name
        if _abandoned(path):
            _remove_with_sidecars(path)
            removed.append(path)
    return removed


def _abandoned(path: Path) -> bool:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NO_FOLLOW)
    except FileNotFoundError:
        return True  # only SQLite's files beside it are left
    except OSError:
        return False
    try:
        if fcntl is None:
            return time.time() - os.fstat(descriptor).st_mtime > UNLOCKED_STALE_SECONDS
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its writer is still at work
        return True
    finally:
        os.close(descriptor)


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *SQLITE_SIDECARS):
        with suppress(OSError):
            os.unlink(f"{path}{suffix}")
