"""Backups of the progress database: written whole or not at all, private, and kept to a number.

``quiz reset`` writes a copy of the database to ``<data folder>/backups`` before it forgets a
deck, named ``progress-<UTC time>-before-reset-<deck>.db``. The copy is written to a hidden
partial file and renamed when complete (see :mod:`quiz.progress.private_files`), so a name
like that is always a whole backup; after each backup only the newest :data:`BACKUPS_KEPT`
(or the number asked for) are kept.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from quiz.progress.private_files import (
    PRIVATE_FOLDER,
    make_private,
)
from quiz.progress.state import utc

BACKUPS_KEPT = 10
BACKUP_FOLDER = "backups"
_BACKUP_NAME = re.compile(r"progress-(\d{8}T\d{6}Z)-before-reset-.*\.db")


def backup_path(data_dir: Path, deck_id: str, now: datetime) -> Path:
    """A name for a new backup taken at ``now`` before deck ``deck_id`` is reset."""
    folder = data_dir / BACKUP_FOLDER
    safe_id = re.sub(r"[^A-Za-z0-9._-]", "_", deck_id)[:80]
    stem = f"progress-{utc(now):%Y%m%dT%H%M%SZ}-before-reset-{safe_id}"
    candidate = folder / f"{stem}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.db"
        number += 1
    return candidate


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups in ``folder``; return the removed ones.

    Only files named as :func:`backup_path` names them are counted; the folder and the
    backups kept are made private (an older ``quiz`` left them readable by others).
    """
    try:
        names = os.listdir(folder)
        os.chmod(folder, PRIVATE_FOLDER)
    except OSError:
        return []
    found = []
    for name in names:
        match = _BACKUP_NAME.fullmatch(name)
        if match:
            path = folder / name
            try:
                found.append((match[1], path.stat().st_mtime_ns, name, path))
            except OSError:
                continue
    found.sort()
    removed = [path for *_, path in found[: max(0, len(found) - max(1, keep))]]
    for path in removed:
        path.unlink(missing_ok=True)
    for *_, path in found[len(removed) :]:
        make_private(path)
    return removed
