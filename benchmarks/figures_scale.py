"""Big collections beside the real Anki (the ``anki`` package: Rust backend, scheduler v3,
FSRS on), in the same run: the same decks and the same review history on both sides
(:mod:`benchmarks.anki_mirror`), a fresh process for every sample, quiz's and Anki's
samples taken in turn.

- ready to study all due: from the start of a process to the first card of a session over
  every deck (quiz: the store opened and the decks read through the deck cache, counted and
  built, as the app does, then ``StudySession.start``; Anki: the collection opened, then the
  first card the v3 scheduler queues on the parent of every deck), for a store of a tenth of
  the benchmark store's items, the benchmark store, and with ``--huge`` ten times it;
- the peak memory (``VmHWM``) of those processes;
- one review recorded at the same durability, SQLite's WAL with ``synchronous=NORMAL`` on
  both sides (Anki's own default is ``FULL``, so its process sets ``NORMAL``): quiz's
  ``answer`` + ``intervals`` + ``accept`` (grade, the buttons' intervals, schedule, commit,
  next item built); Anki's ``build_answer`` + ``answer_card`` + ``get_queued_cards`` +
  the next card's note (schedule, commit, next card with the states of its four ratings,
  and its content);
- the first count of every deck on an open store (quiz: the deck list's ``count_decks``;
  Anki: ``deck_due_tree``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.figures_process import PEAK_RSS
from benchmarks.history import build_store
from benchmarks.inputs import GENERATOR_VERSION, Inputs, deck_item_ids, fixed_now, write_deck
from benchmarks.measure import Figure, Goal, Measurement
from benchmarks.terminal import child_environment

MS = 1000.0
_QUIZ_OPEN = """
import json, re, sys, time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from quiz.deck.cache import DeckCache
from quiz.tui.library import Library
mode, data, now = sys.argv[1], Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
decks = [Path(p) for p in sys.argv[4:]]
library = Library(data_dir=data, deck_paths=decks, clock=lambda: now,
                  deck_cache=DeckCache(data / "cache"))
library.open()
"""
QUIZ_CHILD = (
    _QUIZ_OPEN
    + """
from quiz.kinds.registry import kind_of
from quiz.study.session import StudySession
if mode == "counts":
    start = time.perf_counter()
    library.count_decks()
    out = {"seconds": time.perf_counter() - start}
else:
    library.count_decks()
    library.prepare_study()  # as the app does: cards are built when shown
    session = StudySession.start(library.store, library.study_decks, now, tz=UTC, seed=1)
    assert session.current is not None, "nothing to study"
    out = {"peak_kb": PEAK, "queued": session.remaining}
    if mode == "record":
        samples = []
        for _ in range(RECORDS):
            item = session.current
            if item is None:
                break
            response = kind_of(item.card).right_response(item.card, item.group)
            start = time.perf_counter()
            session.answer(response, now)
            session.intervals(now)  # shown with the verdict, as Anki's states are with its card
            session.accept(now)
            samples.append(time.perf_counter() - start)
            now += timedelta(seconds=8)
        out = {"samples": samples}
print(json.dumps(out), flush=True)
library.close()
"""
).replace("PEAK", PEAK_RSS)
ANKI_CHILD = """
import json, re, sys, time
from anki.collection import Collection
from anki.cards import Card
from anki.scheduler_pb2 import CardAnswer
mode, path = sys.argv[1], sys.argv[2]
col = Collection(path)
if mode == "counts":
    start = time.perf_counter()
    col.sched.deck_due_tree()
    out = {"seconds": time.perf_counter() - start}
else:
    queued = col.sched.get_queued_cards(fetch_limit=1)
    assert queued.cards, "nothing to study"
    out = {"peak_kb": PEAK,
           "queued": queued.new_count + queued.learning_count + queued.review_count}
    if mode == "record":
        col.db.execute("PRAGMA synchronous = NORMAL")
        samples = []
        card = Card(col, backend_card=queued.cards[0].card)
        for _ in range(RECORDS):
            card.start_timer()
            start = time.perf_counter()
            answer = col.sched.build_answer(
                card=card, states=queued.cards[0].states, rating=CardAnswer.GOOD)
            col.sched.answer_card(answer)
            queued = col.sched.get_queued_cards(fetch_limit=1)
            if queued.cards:  # the next card and its content, as quiz's side builds its item
                card = Card(col, backend_card=queued.cards[0].card)
                card.note()
            samples.append(time.perf_counter() - start)
            if not queued.cards:
                break
        out = {"samples": samples}
print(json.dumps(out), flush=True)
col.close()
""".replace("PEAK", PEAK_RSS)


@dataclass(frozen=True)
class Size:
    """One collection measured on both sides."""

    key: str  # the figures' suffix: "10k", "100k", "1m"
    items: int  # items with a history
    decks: tuple[Path, ...]  # quiz deck files and folders
    store: Path  # the quiz store
    collection: Path  # the Anki collection mirroring it


def _deck_ids(inputs: Inputs, targets: tuple[Path, ...]) -> list[tuple[str, list[str]]]:
    """(deck id, item ids) of each deck file under ``targets``, in deck order."""
    s = inputs.scale
    out: list[tuple[str, list[str]]] = []
    for target in targets:
        name = target.stem if target.is_file() else target.name
        cards = int(name.rsplit("-", 1)[1])
        per_file = cards if target.is_file() else s.per_file
        by_deck: dict[str, list[str]] = {}
        for deck_id, item_id in deck_item_ids(name, cards, per_file):
            by_deck.setdefault(deck_id, []).append(item_id)
        out += list(by_deck.items())
    return out


def prepare_sizes(inputs: Inputs, huge: bool, log=print) -> list[Size]:
    """The collections of every size, generated once under the inputs' folder and reused
    while the generator, the sizes and the day they were mirrored into Anki are the same."""
    import anki.buildinfo

    s = inputs.scale
    folder = inputs.root / "scale"
    targets = {"10k": (inputs.medium,), "100k": (inputs.medium, inputs.large)}
    counts = {"10k": s.store_items // 10, "100k": s.store_items}
    if huge:
        huge_deck = folder / "decks" / f"synthetic-{s.large * 10}"
        targets["1m"] = (inputs.medium, inputs.large, huge_deck)
        counts["1m"] = s.store_items * 10
    sizes = [
        Size(
            key,
            counts[key],
            targets[key],
            folder / key / "progress.db",
            folder / key / "anki" / "collection.anki2",
        )
        for key in targets
    ]
    stamp = folder / "stamp.json"
    wanted = {
        "generator": GENERATOR_VERSION,
        "sizes": [json.loads(json.dumps(asdict(size), default=str)) for size in sizes],
        "anki": anki.buildinfo.version,
        "mirrored on": time.strftime("%Y-%m-%d"),
    }
    for size in sizes:
        if stamp.is_file() and _stamped(stamp, wanted, size):
            continue
        shutil.rmtree(folder / size.key, ignore_errors=True)
        log(f"generating the {size.key} collection in {folder / size.key} (once)")
        for target in size.decks:
            if not target.exists():
                write_deck(target.parent, int(target.name.rsplit("-", 1)[1]), per_file=s.per_file)
        decks = _deck_ids(inputs, size.decks)
        items = [(deck_id, item) for deck_id, ids in decks for item in ids][: size.items]
        if size.key == "100k":
            size.store.parent.mkdir(parents=True)
            shutil.copyfile(inputs.store, size.store)
        else:
            build_store(size.store, items, fixed_now())
        from benchmarks.anki_mirror import build_collection

        build_collection(size.collection, size.store, decks, fixed_now())
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(wanted, indent=2))
    return sizes


def _stamped(stamp: Path, wanted: dict, size: Size) -> bool:
    saved = json.loads(stamp.read_text())
    same = {k: v for k, v in saved.items() if k != "sizes"} == {
        k: v for k, v in wanted.items() if k != "sizes"
    }
    entry = next((e for e in wanted["sizes"] if e["key"] == size.key), None)
    return same and entry in saved["sizes"] and size.store.exists() and size.collection.exists()


def _child(argv: list[str], cwd: Path) -> tuple[float, dict]:
    """Seconds from a process's start to its first line of output, and that line's JSON."""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=child_environment(),
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = child.communicate(timeout=1800)
    if child.returncode != 0 or not line:
        shown = " ".join(argv[3:5])  # past the interpreter and the script: mode and file
        raise RuntimeError(f"{shown}: exited {child.returncode}: {err.strip()[-800:]}")
    return elapsed, json.loads(line)


class Sides:
    """How each side's process is started for one size, in scratch copies of its files."""

    def __init__(self, size: Size, work: Path, records: int) -> None:
        self.size = size
        self.data = work / f"scale-{size.key}" / "quiz"
        self.anki = work / f"scale-{size.key}" / "anki" / "collection.anki2"
        self.data.mkdir(parents=True)
        self.anki.parent.mkdir(parents=True)
        shutil.copyfile(size.store, self.data / "progress.db")
        shutil.copyfile(size.collection, self.anki)
        self.quiz_code = QUIZ_CHILD.replace("RECORDS", str(records))
        self.anki_code = ANKI_CHILD.replace("RECORDS", str(records))
        self.cwd = work

    def quiz(self, mode: str, data: Path | None = None) -> tuple[float, dict]:
        folder = data or self.data
        args = [mode, str(folder), fixed_now().isoformat(), *map(str, self.size.decks)]
        return _child([sys.executable, "-c", self.quiz_code, *args], self.cwd)

    def anki_side(self, mode: str, collection: Path | None = None) -> tuple[float, dict]:
        path = str(collection or self.anki)
        return _child([sys.executable, "-c", self.anki_code, mode, path], self.cwd)

    def copies(self, sample: int) -> tuple[Path, Path]:
        """Fresh copies of both sides' files, for a process that writes."""
        data = self.data.parent / f"record-{sample}" / "quiz"
        anki = self.data.parent / f"record-{sample}" / "anki" / "collection.anki2"
        data.mkdir(parents=True)
        anki.parent.mkdir(parents=True)
        shutil.copyfile(self.data / "progress.db", data / "progress.db")
        shutil.copytree(self.data / "cache", data / "cache")
        shutil.copyfile(self.anki, anki)
        return data, anki


def scale_figures(inputs: Inputs, runs: int, work: Path, *, huge: bool = False) -> list[Figure]:
    """Every scale figure (see the module), quiz against Anki in the same run."""
    sizes = prepare_sizes(inputs, huge)
    figures: list[Figure] = []
    main: Sides | None = None
    for size in sizes:
        sides = Sides(size, work, min(200, inputs.scale.records))
        if size.key == "100k":
            main = sides
        sides.quiz("ready")  # fills the deck cache, as any start after the first finds it
        sides.anki_side("ready")
        count = runs if size.key != "1m" else max(1, min(3, runs))
        ready: dict[str, list[float]] = {"quiz": [], "anki": []}
        memory: dict[str, list[float]] = {"quiz": [], "anki": []}
        queued = {}
        for _ in range(count):
            for side, start in (("anki", sides.anki_side), ("quiz", sides.quiz)):
                seconds, out = start("ready")
                ready[side].append(seconds)
                memory[side].append(out["peak_kb"] / 1024)
                queued[side] = out["queued"]
        note = (
            f"{size.items:,} items with a history, {len(size.decks)} deck file(s) or folder(s); "
            f"queued: quiz {queued['quiz']:,}, Anki {queued['anki']:,} (counts shown)"
        )
        figures.append(
            Figure(
                f"scale-ready-{size.key}",
                f"ready to study all due from a fresh process, {size.items:,} items",
                Measurement("quiz: open, count, prepare, StudySession.start", "s", ready["quiz"]),
                Measurement("Anki: open, first queued card (v3)", "s", ready["anki"]),
                (Goal.ratio(1.0),),
                note=note,
            )
        )
        figures.append(
            Figure(
                f"scale-memory-{size.key}",
                f"peak memory of that process, {size.items:,} items",
                Measurement("quiz process (VmHWM)", "MB", memory["quiz"]),
                Measurement("Anki process (VmHWM)", "MB", memory["anki"]),
            )
        )
    assert main is not None
    figures += [_record_figure(main, runs), _counts_figure(main, runs)]
    return figures


def _record_figure(sides: Sides, runs: int) -> Figure:
    quiz, anki = [], []
    for sample in range(max(1, runs // 2)):
        data, collection = sides.copies(sample)
        anki += sides.anki_side("record", collection)[1]["samples"]
        quiz += sides.quiz("record", data)[1]["samples"]
    return Figure(
        "scale-record",
        "record one review, SQLite WAL with synchronous=NORMAL on both sides",
        Measurement("quiz answer + intervals + accept", "ms", [s * MS for s in quiz]),
        Measurement("Anki build_answer + answer_card + next + note", "ms", [s * MS for s in anki]),
        (Goal.ratio(1.0),),
        note=f"into copies of the {sides.size.items:,}-item collection, every deck at once; "
        "each side grades, schedules (FSRS), commits and moves to the next card, the same "
        "work: Anki's next card comes with the states of its four ratings, so quiz's side "
        "includes the intervals of the four buttons; quiz's next item comes with its card, "
        "so Anki's side includes reading the next card's note",
    )


def _counts_figure(sides: Sides, runs: int) -> Figure:
    quiz, anki = [], []
    for _ in range(runs):
        anki.append(sides.anki_side("counts")[1]["seconds"])
        quiz.append(sides.quiz("counts")[1]["seconds"])
    return Figure(
        "scale-deck-counts",
        f"first count of every deck on an open store, {sides.size.items:,} items",
        Measurement("quiz deck list count_decks", "ms", [s * MS for s in quiz]),
        Measurement("Anki deck_due_tree", "ms", [s * MS for s in anki]),
        (Goal.ratio(1.0),),
        note="a fresh process each sample; the store or collection opened before timing",
    )
