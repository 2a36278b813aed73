"""Figures measured inside this process: loading decks, starting a session, recording reviews."""

from __future__ import annotations

import gc
import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import yaml

from benchmarks.inputs import Inputs, fixed_now
from benchmarks.measure import Figure, Goal, Measurement, interleaved, time_call

MS = 1000.0


def deck_cache(folder: Path) -> Any:
    """A validated-deck cache in ``folder``, to load decks through."""
    from quiz.deck.cache import DeckCache

    return DeckCache(folder)


def bare_parse(paths: list[Path]) -> float:
    """Seconds for ``yaml.load(CSafeLoader)`` of the files, as anyone would call it."""
    texts = [path.read_text(encoding="utf-8") for path in paths]
    return time_call(lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts])


def _deck_files(target: Path) -> list[Path]:
    return sorted(target.glob("*.yaml")) if target.is_dir() else [target]


def _load(target: Path, cache: Any = None) -> int:
    """Load a deck file or folder the way the app does (through ``cache`` when given);
    returns the number of cards."""
    from quiz.deck.loader import load_paths

    result = load_paths([target], cache=cache)
    if result.errors or not result.decks:
        raise RuntimeError(f"benchmark deck {target} did not load: {result.errors[:3]}")
    return sum(len(loaded.deck.cards) for loaded in result.decks)


def load_cold(key: str, target: Path, cards: int, runs: int, goal: float | None) -> Figure:
    """Load + validate without a cache, against a bare parse of the same files."""
    files = _deck_files(target)

    def measured() -> float:
        return time_call(lambda: _load(target))

    values, floors = interleaved(runs, measured, lambda: bare_parse(files))
    return Figure(
        key,
        f"load + validate a {cards:,}-card deck, cold",
        Measurement("quiz loader", "s", values),
        Measurement("yaml.load(CSafeLoader)", "s", floors),
        (Goal.ratio(goal),) if goal is not None else (),
        note=f"{len(files)} file(s), {sum(f.stat().st_size for f in files) / 1e6:.1f} MB",
    )


def load_cached(inputs: Inputs, runs: int, work: Path) -> Figure:
    """Open the medium deck again, unchanged: served by the cache, deck fully built."""
    copy = work / "cache-check" / inputs.medium.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(inputs.medium, copy)
    folder = work / "cache-check" / "cache"
    shutil.rmtree(folder, ignore_errors=True)
    cache = deck_cache(folder)
    _load(copy, cache)  # the first load fills the cache
    values, floors = interleaved(
        runs, lambda: time_call(lambda: _load(copy, cache)), lambda: bare_parse([copy])
    )
    stale = check_never_stale(copy, cache)
    return Figure(
        "load-cached",
        f"open the same {inputs.scale.medium:,}-card deck again, unchanged (cache)",
        Measurement("quiz loader, cached", "s", values),
        Measurement("yaml.load(CSafeLoader)", "s", floors),
        (Goal.ratio(0.1),),
        note=stale,
    )


def check_never_stale(path: Path, cache: Any) -> str:
    """Change a cached deck file and load it again: the change must show, errors located."""
    from quiz.deck.loader import load_file

    original = path.read_text(encoding="utf-8")
    try:
        marker = "Changed after caching."
        path.write_text(original.replace("version: 1\n", "version: 2\n", 1), encoding="utf-8")
        deck, _ = load_file(path, cache=cache)
        if deck is None or deck.version != 2:
            raise RuntimeError(f"{path}: an edited deck was served stale from the cache")
        edited = original.replace("tags: [synthetic]\n", f"tags: [synthetic]\n    {marker}\n", 1)
        path.write_text(edited, encoding="utf-8")
        deck, problems = load_file(path, cache=cache)
        if deck is not None or not problems or problems[0].line == 0:
            raise RuntimeError(f"{path}: a broken edit was not reported with its line")
    finally:
        path.write_text(original, encoding="utf-8")
    return "a changed file was re-validated; a broken edit was reported with its line"


def _loaded_decks(targets: list[Path], work: Path) -> list:
    from quiz.deck.loader import load_paths

    result = load_paths(targets, cache=deck_cache(work / "session-cache"))
    return [loaded.deck for loaded in result.decks]


def _study_decks(targets: list[Path], work: Path) -> list:
    """The decks as the app studies them: served by the deck cache, not built (their ids
    from the cache's summaries, each card built when shown)."""
    from quiz.deck.loader import load_paths

    cache = deck_cache(work / "session-cache")
    load_paths(targets, cache=cache)  # fills the cache
    return load_paths(targets, cache=cache).decks


def _bare_session_sql(db: Path, deck_ids: list[str], reviews_per_day: int) -> float:
    """The SQL a session cannot do without, per deck: due learning items, and due reviews
    up to the daily limit, read with :mod:`sqlite3` into plain tuples."""
    now = int(fixed_now().timestamp())
    connection = sqlite3.connect(db)
    try:
        start = time.perf_counter()
        for deck_id in deck_ids:
            connection.execute(
                "SELECT item_id, due FROM item_state WHERE deck_id = ? AND state != 'review'"
                " AND due < ? ORDER BY due",
                (deck_id, now + 1200),
            ).fetchall()
            connection.execute(
                "SELECT item_id, due FROM item_state WHERE deck_id = ? AND state = 'review'"
                " AND due < ? ORDER BY due LIMIT ?",
                (deck_id, now + 86400, reviews_per_day),
            ).fetchall()
        return time.perf_counter() - start
    finally:
        connection.close()


def session_figures(inputs: Inputs, runs: int, work: Path) -> list[Figure]:
    """Start a session over every deck of the 100k-item store, as the app's "all due" does."""
    from quiz.progress.open import open_store
    from quiz.study.session import StudySession
    from quiz.study.study_day import count_items

    loaded = _study_decks([inputs.medium, inputs.large], work)
    decks = [one.cards for one in loaded]
    now = fixed_now()

    def count_every_deck(store: Any) -> list[Any]:  # as the app's deck list counts
        return [
            count_items(store, d.deck_id, d.summary.item_ids, now, tz=UTC, known=d.summary.item_set)
            for d in loaded
        ]

    deck_ids = [deck.id for deck in decks]
    warm, cold, counts, floors, one_deck = [], [], [], [], []
    queued = one_queued = 0
    for _ in range(runs):
        floors.append(_bare_session_sql(inputs.store, deck_ids, 200))
        with open_store(inputs.store) as store:
            cold.append(time_call(lambda s=store: StudySession.start(s, decks, now, tz=UTC)))
        with open_store(inputs.store) as store:
            counts.append(time_call(lambda s=store: count_every_deck(s)))
            gc.collect()
            start = time.perf_counter()
            session = StudySession.start(store, decks, now, tz=UTC)
            warm.append(time.perf_counter() - start)
            queued = session.remaining
            gc.collect()
            start = time.perf_counter()
            session = StudySession.start(store, decks, now, deck_id=decks[0].id, tz=UTC)
            one_deck.append(time.perf_counter() - start)
            one_queued = session.remaining
    shape = inputs.shape
    note = (
        f"{len(decks)} decks, {shape.items:,} items in the store, {shape.due:,} due "
        f"({shape.learning_due:,} in relearning), {shape.reviews:,} logged reviews; "
        f"{queued:,} items queued; decks served by the deck cache, not built"
    )
    floor = Measurement("bare SQL: due items, LIMIT", "ms", [f * MS for f in floors])
    return [
        Figure(
            "session-start",
            f"start a session over a store of {shape.items:,} items, 20% due",
            Measurement("StudySession.start, after the deck list", "ms", [v * MS for v in warm]),
            floor,
            (Goal.absolute(20.0),),
            note=note + "; every deck at once (as `a` studies all due), timed as the app does it:"
            " after the deck list has counted the decks",
        ),
        Figure(
            "session-start-deck",
            f"the same over one deck ({decks[0].id}, {one_queued:,} items queued)",
            Measurement("StudySession.start, one deck", "ms", [v * MS for v in one_deck]),
            floor,
        ),
        Figure(
            "session-start-first",
            "the same, first thing after opening the store (no deck list before)",
            Measurement("StudySession.start, fresh store", "ms", [v * MS for v in cold]),
            floor,
        ),
        Figure(
            "deck-counts",
            "count new / learning / due of every deck (the deck list), same store",
            Measurement("count_items, every deck", "ms", [v * MS for v in counts]),
            floor,
        ),
    ]


def bare_commit(folder: Path, count: int) -> list[float]:
    """Seconds per one-row SQLite WAL commit with ``synchronous=NORMAL``."""
    path = folder / "bare-commit.db"
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, at INTEGER, body TEXT)")
        samples = []
        for index in range(count):
            start = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO log (at, body) VALUES (?, ?)", (index, "x" * 200))
            connection.execute("COMMIT")
            samples.append(time.perf_counter() - start)
        return samples
    finally:
        connection.close()


def record_figure(inputs: Inputs, count: int, work: Path) -> Figure:
    """Grade, schedule and commit one review at a time into a copy of the 100k-item store."""
    from quiz.kinds.registry import kind_of
    from quiz.progress.open import open_store
    from quiz.study.session import StudySession

    decks = _loaded_decks([inputs.medium], work)
    copy = work / "record.db"
    shutil.copyfile(inputs.store, copy)
    for suffix in ("-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    now = fixed_now()
    samples = []
    with open_store(copy) as store:
        session = StudySession.start(store, decks, now, tz=UTC, seed=1)
        gc.collect()
        while len(samples) < count:
            if session.current is None:
                now += timedelta(hours=1)
                session = StudySession.start(store, decks, now, tz=UTC, seed=len(samples))
                continue
            item = session.current
            response = kind_of(item.card).right_response(item.card, item.group)
            start = time.perf_counter()
            session.answer(response, now)
            session.accept(now)
            samples.append(time.perf_counter() - start)
            now += timedelta(seconds=8)
    floor = bare_commit(work, count)
    return Figure(
        "record",
        "record one review (grade + schedule + commit)",
        Measurement("StudySession.answer + accept", "ms", [s * MS for s in samples]),
        Measurement("bare SQLite WAL commit", "ms", [s * MS for s in floor]),
        (Goal.absolute(1.0),),
        note=f"{count} reviews of every card type into a copy of the {inputs.shape.items:,}-item"
        " store",
    )


def work_folder(parent: Path) -> Path:
    """A fresh scratch folder for one run's copies and caches."""
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="run-", dir=parent))
