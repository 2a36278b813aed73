"""Where `quiz` keeps a student's data: progress database and personal decks."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

APP_NAME = "quiz"
DATA_DIR_ENV = "QUIZ_HOME"
DATABASE_ENV = "QUIZ_DB"
DATABASE_NAME = "progress.db"
USER_DECKS_NAME = "decks"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``$QUIZ_HOME``, else the platform's user data dir.

    Nothing is created here; the store creates the folder on first use.
    """
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def database_path(folder: Path) -> Path:
    """The progress database inside a data folder."""
    return folder / DATABASE_NAME


_chosen_database: list[str | None] = [None]


def choose_database(location: str | None) -> None:
    """Keep progress in ``location`` (``--db``: a class database URL or a progress file) for
    the rest of this run; None goes back to ``$QUIZ_DB``, else the data folder's file."""
    _chosen_database[0] = location or None


def store_location(folder: Path) -> str | Path:
    """Where progress is kept: ``--db``, else ``$QUIZ_DB``, else the data folder's file."""
    chosen = _chosen_database[0] or os.environ.get(DATABASE_ENV)
    return chosen if chosen else database_path(folder)


def user_decks_dir(folder: Path) -> Path:
    """The student's own deck folder inside a data folder."""
    return folder / USER_DECKS_NAME


@cache
def bundled_decks_dir() -> Path:
    """The decks shipped with `quiz`.

    An installed wheel carries them as package data (``quiz/decks``, a folder beside this
    module); a source checkout keeps them in the top-level ``decks/`` folder beside the package.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "decks"
    return packaged if packaged.is_dir() else package.parent / "decks"
