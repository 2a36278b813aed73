"""What identifies a version of a deck file without reading it, and when that can be trusted.

A file's stamp is its size, modification and change times, inode and device, as git's index
keeps them. Any write to a file moves its change time (which, unlike the modification time,
cannot be set back), so a file whose stamp is the one recorded still holds the bytes it held
then — provided the recording was made well after the file's last change. A file changed a
moment before it was read may show the same times after a second change within the clock's
granularity (whole seconds on some file systems, two on FAT): such a "racy" stamp is never
trusted, and the file is read and hashed until it has been left alone for :data:`RACY_NS`.

A stamp is recorded beside the cache entry of the file (:mod:`quiz.deck.cache`), with the
digest of the bytes read and the moment they were read; the record carries a checksum of
itself, so a damaged one is ignored like a missing one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

TRUSTED = os.name != "nt"
"""Whether stamps are trusted here: on Windows ``st_ctime`` is the file's creation time, which
a write does not move, so a same-size edit given back its old modification time would pass."""
RACY_NS = 2_000_000_000
"""How long before a reading a file must have last changed for its stamp to be trusted."""
RECORD_FORMAT = 1

Stamp = tuple[int, int, int, int, int]


def stamp_of(status: os.stat_result) -> Stamp:
    """A file's stamp: size, modification and change times (ns), inode and device."""
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


def is_settled(stamp: Stamp, read_ns: int) -> bool:
    """Whether the file's last change was safely before ``read_ns`` (its stamp not racy),
    and stamps are trusted on this system at all (:data:`TRUSTED`)."""
    return TRUSTED and max(stamp[1], stamp[2]) < read_ns - RACY_NS


def current_stamp(path: Path) -> Stamp | None:
    """The stamp of the regular file at ``path`` now; ``None`` if it is not one, or is gone."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return stamp_of(status) if stat.S_ISREG(status.st_mode) else None


def _checksum(body: bytes) -> str:
    import hashlib

    return hashlib.sha256(body).hexdigest()


def record_bytes(file: str, source: str, stamp: Stamp, read_ns: int) -> bytes:
    """A stamp record: the file's absolute path, its bytes' digest, its stamp and when it was
    read, on one line, then the line's checksum."""
    import json

    body = json.dumps(
        {"format": RECORD_FORMAT, "file": file, "source": source, "stamp": stamp, "read": read_ns}
    ).encode("utf-8", "surrogatepass")
    return body + b"\n" + _checksum(body).encode("ascii")


def trusted_source(record: bytes, file: str, now: Stamp | None, now_ns: int) -> str | None:
    """The digest a stamp record vouches for, when it is sound, is for ``file``, holds the
    stamp ``now`` and is not racy; else ``None`` (and the file is to be read and hashed)."""
    import json

    body, _, checksum = record.partition(b"\n")
    if now is None or checksum != _checksum(body).encode("ascii"):
        return None
    try:
        data: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        return None
    source, stamp, read_ns = data.get("source"), data.get("stamp"), data.get("read")
    if (
        data.get("file") != file
        or not isinstance(source, str)
        or not isinstance(stamp, list)
        or tuple(stamp) != now
        or type(read_ns) is not int
        or read_ns > now_ns  # the clock went back since: times compared with it mean nothing
        or not is_settled(now, read_ns)
    ):
        return None
    return source
