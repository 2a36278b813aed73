"""The progress commands: ``quiz stats``, ``quiz export-progress`` and ``quiz reset``.

Each ``run_*`` function prints its results (errors to standard error, never a traceback)
and returns the exit code: 0 when it did what was asked, 1 otherwise.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from quiz.cli.export_file import refusal, write_export_file
from quiz.cli.output import raw
from quiz.deck.model import Deck
from quiz.paths import store_location
from quiz.progress.backups import BACKUP_FOLDER, BACKUPS_KEPT, backup_path, prune_backups
from quiz.progress.errors import StoreError
from quiz.progress.open import open_store
from quiz.progress.state import ItemState, ReviewRow, utc
from quiz.safe_text import json_text, visible_line
from quiz.study.stats import DeckStats, deck_stats, overall

EXPORT_FORMAT = "quiz-progress"
STATS_HEADINGS = ("Unseen", "Learn", "Review", "Due\ntoday", "Reviews\n30 d", "Recall\n30 d")
"""The count columns of `quiz stats`, in the words the app's statistics screen uses."""
STATS_CAPTION = (
    "Unseen: never studied (a session lets in new ones up to the daily limit) · Recall: share "
    "of reviews of learned cards not rated Again"
)
IDS_FROM_WIDTH = 100
ID_WIDTH = 20
NEXT_DUE_WIDTH = len("in 59 min")
MIN_TITLE_WIDTH = 12
"""From this many columns `quiz stats` shows each deck's id beside its title."""
EXPORT_VERSION = 1
CSV_COLUMNS = (
    "review_id",
    "deck_id",
    "item_id",
    "reviewed_at",
    "rating",
    "rating_name",
    "correct",
    "duration_ms",
    "kind",
    "state_after",
    "due_after",
    "stability_after",
    "difficulty_after",
    "response",
    "overruled",
)


def _fail(command: str, message: str) -> int:
    print(f"quiz {command}: {visible_line(message)}", file=sys.stderr)
    return 1


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return utc(moment).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- stats -------------------------------------------------------------------------------------


def run_stats(
    data_dir: Path,
    decks: list[Deck],
    deck_id: str | None,
    fmt: Literal["table", "json"],
    now: datetime,
) -> int:
    """Print per-deck progress as a table or as JSON."""
    chosen = decks if deck_id is None else [deck for deck in decks if deck.id == deck_id]
    if deck_id is not None and not chosen:
        known = ", ".join(deck.id for deck in decks) or "none loaded"
        _fail("stats", f"no deck with id {deck_id!r} (decks: {known})")
        return 2  # a usage error
    try:
        with open_store(store_location(data_dir)) as store:
            per_deck = deck_stats(store, chosen, now)
    except StoreError as error:
        return _fail("stats", str(error))
    total = overall(per_deck)
    if fmt == "json":
        document = {
            "as_of": _iso(now),
            "decks": [_stats_json(stats) for stats in per_deck],
            "overall": _stats_json(total),
        }
        print(json_text(document, indent=2))
    elif not per_deck:
        print("No decks are loaded, so there is no progress to show.")
    else:
        _print_table(per_deck, total, now)
    return 0


def _stats_json(stats: DeckStats) -> dict[str, Any]:
    return {
        "deck_id": stats.deck_id,
        "title": stats.title,
        "new": stats.new,
        "learning": stats.learning,
        "review": stats.review,
        "due_today": stats.due_today,
        "reviews_30d": stats.reviews_30d,
        "retention_30d": stats.retention_30d,
        "next_due": _iso(stats.next_due),
        "reviews_per_day": list(stats.reviews_per_day),
        "due_forecast": list(stats.due_forecast),
    }


def _print_table(per_deck: list[DeckStats], total: DeckStats, now: datetime) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # A terminal sets the width (COLUMNS too, for a pipe read by a person); other piped output
    # gets room enough not to cut titles. Rich writes escape sequences of its own (colours), so
    # it writes to the terminal itself: the cells are made visible below.
    out = raw(sys.stdout)
    wide = out.isatty() or "COLUMNS" in os.environ
    console = Console(file=out) if wide else Console(file=out, width=160)
    with_ids = console.width >= IDS_FROM_WIDTH
    table = Table(
        title="Progress",
        title_justify="left",
        caption=STATS_CAPTION,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    widths = [max(len(line) for line in heading.splitlines()) for heading in STATS_HEADINGS]
    id_width = min(
        ID_WIDTH, max((len(visible_line(stats.deck_id)) for stats in per_deck), default=2)
    )
    widths += [NEXT_DUE_WIDTH, *([id_width] if with_ids else [])]
    # One line a deck: a long title ends in "…" (three columns of padding and rule a column).
    spare = 4  # what Rich keeps at the edges
    title_width = max(MIN_TITLE_WIDTH, console.width - sum(width + 3 for width in widths) - spare)
    heading = "Deck" if with_ids else "Deck id"
    table.add_column(heading, no_wrap=True, overflow="ellipsis", max_width=title_width)
    if with_ids:
        table.add_column("Id", no_wrap=True, overflow="ellipsis", style="dim", width=id_width)
    for heading, width in zip(STATS_HEADINGS, widths, strict=False):
        table.add_column(heading, justify="right", no_wrap=True, min_width=width)
    table.add_column("Next due", justify="right", no_wrap=True, min_width=NEXT_DUE_WIDTH)
    rows = per_deck if len(per_deck) == 1 else [*per_deck, total]
    for index, stats in enumerate(rows):
        # Text, not markup: a title is shown as written (no [tags], no :emoji: codes).
        # Narrow, the id names a deck: whole, short, and what `--deck` takes.
        deck_id = "" if stats is total else visible_line(stats.deck_id)
        name = visible_line(stats.title) if with_ids or stats is total else deck_id
        table.add_row(
            Text(name),
            *([Text(deck_id)] if with_ids else []),
            str(stats.new),
            str(stats.learning),
            str(stats.review),
            str(stats.due_today),
            str(stats.reviews_30d),
            "–" if stats.retention_30d is None else f"{stats.retention_30d:.0%}",
            describe_due(stats.next_due, now),
            end_section=index == len(per_deck) - 1,
        )
    console.print(table)


def describe_due(due: datetime | None, now: datetime) -> str:
    """A next-due time for people, as the app says it: "–" (none), "now", "in 3 days"."""
    from quiz.tui.text import relative_time

    if due is None:
        return "–"
    if due <= now:
        return "now"
    return relative_time(due, now)


# -- export ------------------------------------------------------------------------------------


def run_export(
    data_dir: Path,
    fmt: Literal["csv", "json"],
    output: Path | None,
    now: datetime,
    *,
    force: bool = False,
    confirm: Callable[[str], bool] | None = None,
) -> int:
    """Write the whole review log as CSV or JSON, to ``output`` or standard output.

    An existing ``output`` is replaced only if it is a regular file, and only with ``force``
    or when ``confirm`` (None: nobody to ask) says yes; see :mod:`quiz.cli.export_file`.
    """
    if output is not None:
        problem = refusal(output)
        asked = problem is None and output.exists() and not force
        if asked and (confirm is None or not _ask(confirm, f"Replace {output}?")):
            problem = f"{output}: already exists; not replaced (use --force to replace it)"
        if problem:
            return _fail("export-progress", problem)
    try:
        with open_store(store_location(data_dir)) as store:
            reviews = store.iter_reviews()
            if output is None:
                count = _write_export(sys.stdout, fmt, reviews, now)
            else:
                count = write_export_file(
                    output, lambda handle: _write_export(handle, fmt, reviews, now)
                )
    except StoreError as error:
        return _fail("export-progress", str(error))
    except BrokenPipeError:
        raise  # the reader stopped early (``| head``): not an error of ours
    except OSError as error:
        target = output if output is not None else "standard output"
        return _fail("export-progress", f"{target}: cannot write: {error.strerror or error}")
    if output is not None:
        where = visible_line(str(output))
        print(f"Exported {count} review{'s' * (count != 1)} to {where}", file=sys.stderr)
    return 0


def _write_export(out: TextIO, fmt: str, reviews: Iterator[ReviewRow], now: datetime) -> int:
    count = 0
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for review in reviews:
            writer.writerow(_csv_row(review))
            count += 1
            if count % 1000 == 0:
                out.write(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
        out.write(buffer.getvalue())
        return count
    header = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": _iso(now)}
    out.write(json_text(header)[:-1] + ', "reviews": [')
    for review in reviews:
        out.write(",\n  " if count else "\n  ")
        out.write(json_text(_review_json(review)))
        count += 1
    out.write("\n]}\n" if count else "]}\n")
    return count


def _csv_row(review: ReviewRow) -> list[Any]:
    after = review.state_after
    return [
        review.id,
        review.deck_id,
        review.item_id,
        _iso(review.reviewed_at),
        int(review.rating),
        review.rating.name.lower(),
        "" if review.correct is None else str(review.correct).lower(),
        review.duration_ms,
        review.kind,
        after.state,
        _iso(after.due),
        "" if after.stability is None else after.stability,
        "" if after.difficulty is None else after.difficulty,
        review.response,
        str(review.overruled).lower(),
    ]


def _state_json(state: ItemState | None) -> dict[str, Any] | None:
    if state is None:
        return None
    return {
        "state": state.state,
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": _iso(state.due),
        "last_review": _iso(state.last_review),
    }


def _review_json(review: ReviewRow) -> dict[str, Any]:
    try:
        response: Any = json.loads(review.response)
    except json.JSONDecodeError:
        response = review.response
    return {
        "review_id": review.id,
        "deck_id": review.deck_id,
        "item_id": review.item_id,
        "reviewed_at": _iso(review.reviewed_at),
        "rating": int(review.rating),
        "rating_name": review.rating.name.lower(),
        "correct": review.correct,
        "overruled": review.overruled,
        "duration_ms": review.duration_ms,
        "kind": review.kind,
        "response": response,
        "state_before": _state_json(review.state_before),
        "state_after": _state_json(review.state_after),
    }


# -- reset -------------------------------------------------------------------------------------


def run_reset(
    data_dir: Path,
    deck_id: str,
    yes: bool,
    now: datetime,
    confirm: Callable[[str], bool],
    keep_backups: int | None = None,
) -> int:
    """Forget one deck's progress after confirmation, keeping a backup of the database.

    The backup is taken in the reset's own transaction; then only the newest
    ``keep_backups`` backups (None: :data:`BACKUPS_KEPT`) are kept; see
    :mod:`quiz.progress.backups`.
    """
    path = store_location(data_dir)
    if isinstance(path, Path) and not path.exists():
        return _fail("reset", f"no progress is recorded yet ({path} does not exist)")
    try:
        with open_store(path) as store:
            items, reviews = store.deck_progress(deck_id)
            if not items and not reviews:
                known = ", ".join(store.deck_ids()) or "none"
                return _fail(
                    "reset",
                    f"deck {deck_id!r} has no recorded progress; nothing to reset "
                    f"(decks with progress: {known})",
                )
            question = (
                f"Forget all progress on deck {deck_id!r} ({items} items, {reviews} reviews)? "
                "A backup of the database is kept."
            )
            if not yes and not _ask(confirm, question):
                return _fail("reset", "cancelled; nothing was changed")
            backup = backup_path(data_dir, deck_id, now)
            items, reviews = store.reset_deck(deck_id, backup_to=backup)
    except StoreError as error:
        return _fail("reset", str(error))
    print(f"Reset deck {deck_id!r}: removed {items} item states and {reviews} reviews.")
    print(f"Backup of the previous progress: {visible_line(str(backup))}")
    try:
        prune_backups(data_dir / BACKUP_FOLDER, keep_backups or BACKUPS_KEPT)
    except OSError as error:
        print(f"quiz reset: warning: old backups not removed: {error}", file=sys.stderr)
    return 0


def _ask(confirm: Callable[[str], bool], question: str) -> bool:
    try:
        return bool(confirm(question))
    except (EOFError, KeyboardInterrupt):
        return False
