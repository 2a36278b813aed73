"""The study app as the class server starts it for one student (``python -m
quiz.server.student_app``), drawing through Textual's web driver.

Everything it needs is in its environment, set by the server: ``QUIZ_DB``, the student's
own database URL; ``QUIZ_HOME``, the student's folder on the server (preferences, the deck
cache); ``TZ``, the student's time zone, so that the study day starts at their 4 am.
"""

from __future__ import annotations

import sys

from quiz.paths import DATABASE_ENV, data_dir


def main() -> int:
    """Run the study app over the student's class database until they quit."""
    import os

    from quiz.cli.study_lock import StudyLock
    from quiz.deck import cache as deck_cache
    from quiz.tui.app import build_app

    if not os.environ.get(DATABASE_ENV, "").startswith("postgresql://"):
        print(f"quiz.server.student_app: ${DATABASE_ENV} names no class database", file=sys.stderr)
        return 2
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    lock = StudyLock(folder)
    other = lock.take()
    app = build_app(
        data_dir=folder,
        freeze_decks=True,
        deck_cache=deck_cache.DeckCache(deck_cache.default_folder()),
        other_app=other,
    )
    try:
        app.run()
    finally:
        lock.release()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
