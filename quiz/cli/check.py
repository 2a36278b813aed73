"""``quiz check``: SQLite's full integrity check of the progress file, now.

The same check an open makes weekly and after a crash (:mod:`quiz.progress.integrity`): every
page read and every index checked against its table. Exit 0 when the file is sound (or there
is none yet), 1 when it is damaged or cannot be read, with a message naming the file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from quiz.cli.usage import EXIT_INVALID, EXIT_OK
from quiz.paths import store_location
from quiz.progress.errors import StoreError
from quiz.safe_text import visible_line


def run_check(folder: Path) -> int:
    """Check the progress file of the data folder ``folder``; give back the exit code."""
    from quiz.progress.open import is_url

    chosen = store_location(folder)
    if is_url(chosen):
        print(
            "quiz check: progress is kept in a class database; its server checks it "
            "(nothing to check here)"
        )
        return EXIT_OK
    location = Path(chosen)
    if not location.exists():
        print(f"quiz check: {visible_line(str(location))}: no progress recorded yet")
        return EXIT_OK
    from quiz.progress.open import check_file

    started = time.perf_counter()
    try:
        check_file(location)
    except StoreError as error:
        print(f"quiz check: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    seconds = time.perf_counter() - started
    print(
        f"quiz check: {visible_line(str(location))}: no damage found "
        f"(every page and index checked in {seconds:.1f} s)"
    )
    return EXIT_OK
