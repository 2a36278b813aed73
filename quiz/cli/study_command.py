"""`quiz study`: the study app over the student's progress, or its plain line-by-line form."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from quiz.cli.usage import EXIT_INVALID, EXIT_OK, EXIT_USAGE, usage_errors
from quiz.deck import cache as deck_cache
from quiz.paths import database_path, store_location
from quiz.progress.errors import StoreError
from quiz.safe_text import visible_line


def utc_now() -> datetime:
    """The time now, UTC-aware."""
    return datetime.now(UTC)


def run_study(
    folder: Path,
    paths: Sequence[Path],
    cache: deck_cache.DeckCache,
    *,
    no_save: bool = False,
    plain: bool | None = None,
    until: date | None = None,
) -> int:
    """Study in the app (or line by line, :func:`study_plain`): the bundled and the data
    folder's decks, or only ``paths``; exit code as the README says."""
    if usage_errors("study", paths, file_or_folder=True):
        return EXIT_USAGE
    if no_save and not paths:
        print("quiz study: --no-save previews deck files: name them (PATH ...)", file=sys.stderr)
        return EXIT_USAGE
    from quiz.cli.study_lock import StudyLock

    lock = StudyLock(folder)
    other = None
    if not no_save and folder.is_dir():
        other = lock.take()
    plain = remembered_plain(folder, plain, save=not no_save)
    text_only = plain or os.environ.get("TERM") == "dumb" or not sys.stdout.isatty()
    instructor = not no_save and _is_instructor(store_location(folder))
    if instructor and text_only:
        lock.release()
        return _print_report(str(store_location(folder)))
    if text_only:
        try:
            return study_plain(folder, paths, cache, no_save=no_save, other=other)
        finally:
            lock.release()
    # The start makes long-lived objects only (modules, classes, styles, the first screen),
    # so the collector's passes over them would only cost the first frame: it is paused
    # until that frame is drawn (then the app, which runs alone in this process, freezes
    # them and lets it run again).
    gc.disable()
    try:
        from quiz.tui.app import build_app

        app = build_app(
            data_dir=folder,
            deck_paths=list(paths) or None,
            freeze_decks=True,
            deck_cache=cache,
            no_save=no_save,
            other_app=other,
            exam_until=until,
            instructor=instructor,
        )
        app.run()
    finally:
        gc.enable()
        lock.release()
    return app.return_code or EXIT_OK


def _is_instructor(location: str | Path) -> bool:
    """Whether ``location`` is a class database's URL that logs in as an instructor (who
    reads the class report; there is nothing for them to study). A database that cannot be
    used says so when the app opens it, as for a student."""
    if isinstance(location, Path):
        return False
    try:
        from quiz.progress.postgres_report import is_instructor

        return is_instructor(location)
    except (ImportError, StoreError):
        return False


def _print_report(url: str) -> int:
    """An instructor without the app (plain mode, not a terminal): the report as text."""
    from quiz.cli.class_report import class_report, render

    try:
        print(render(class_report(url, None), "table"), end="")
    except StoreError as error:
        print(f"quiz: {visible_line(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def remembered_plain(folder: Path, plain: bool | None, *, save: bool) -> bool:
    """``--plain`` / ``--no-plain`` when given (and then remembered), else the preference."""
    from quiz.preferences import load_preferences, save_preferences

    preferences, problem = load_preferences(folder)
    if problem:
        print(f"quiz study: warning: {visible_line(problem)}", file=sys.stderr)
    if plain is None:
        return preferences.plain
    if save and plain != preferences.plain:
        try:
            save_preferences(folder, preferences.model_copy(update={"plain": plain}))
        except OSError as error:
            print(f"quiz study: warning: plain mode not remembered: {error}", file=sys.stderr)
    return plain


def study_plain(
    folder: Path,
    paths: Sequence[Path],
    cache: deck_cache.DeckCache,
    *,
    no_save: bool,
    other: int | None,
) -> int:
    """Study line by line (:mod:`quiz.cli.plain_study`), on a scratch store with ``no_save``."""
    import tempfile

    from quiz.cli.plain_study import PlainStudy
    from quiz.deck.loader import load_paths
    from quiz.progress.open import open_store
    from quiz.study.class_decks import load_study_decks

    if other is not None:
        print(f"warning: another quiz (process {other}) is studying with this data folder")
    result = load_paths(paths, cache=cache) if paths else load_study_decks(folder, cache=cache)
    for problem in result.broken().values():
        print(f"warning: skipping a broken deck: {visible_line(problem.format())}")
    with tempfile.TemporaryDirectory(prefix="quiz-preview-") as scratch:
        where = database_path(Path(scratch)) if no_save else store_location(folder)
        try:
            with open_store(where) as store:
                return PlainStudy(store, [loaded.cards for loaded in result.decks], utc_now).run()
        except StoreError as error:
            print(f"quiz study: {visible_line(str(error))}", file=sys.stderr)
            return EXIT_INVALID
