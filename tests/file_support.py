"""Helpers shared by the tests of the progress database's files and the files commands write."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quiz.progress.sqlite_store import Store
from quiz.progress.state import Settings
from quiz.rating import Rating
from quiz.study.scheduler import schedule

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def review(store: Store, item_id: str, deck_id: str = "deck", at: datetime = NOW) -> None:
    """Answer one item Good, at ``at``."""
    store.apply_review(
        deck_id,
        item_id,
        rating=Rating.GOOD,
        correct=True,
        response="{}",
        reviewed_at=at,
        duration_ms=10,
        next_state=lambda before: schedule(before, Rating.GOOD, at, Settings(fuzz=False)),
    )


@pytest.fixture
def umask_022() -> Iterator[None]:
    """Run the test under the common umask 022 (group and others may read new files)."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    """The permission bits of ``path`` itself (a link is not followed)."""
    return stat.S_IMODE(os.lstat(path).st_mode)
