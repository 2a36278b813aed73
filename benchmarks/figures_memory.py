"""What a collection costs in memory once it is ready to study, per card, at any size.

A fresh process, as the app's deck list does: the decks served by a warm deck cache, every
deck counted from its summary, then a session over all due (every deck at once) with its first
card shown. What it keeps is measured two ways, in two processes: the bytes Python allocated
for it and still holds (``tracemalloc``, from just before the load, after the imports), and the
growth of the resident set (``VmRSS``) over the same span, with the peak (``VmHWM``).

``python -m benchmarks.figures_memory 10000 100000 1000000`` prints the table for those sizes
(decks of 10,000 cards per file, generated once under ``benchmarks/.work/scale``, an empty
store: every card new); the ``bytes-per-card`` figure is the 10,000-card deck of the inputs
with the 100,000-item store.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from benchmarks.inputs import Inputs, fixed_now, write_deck
from benchmarks.measure import Figure, Measurement
from benchmarks.terminal import child_environment

HERE = Path(__file__).resolve().parent
PER_FILE = 10_000

READY_SCRIPT = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
traced = sys.argv[4] == "traced"
from quiz.deck.cache import DeckCache
from quiz.deck.loader import load_paths
from quiz.progress.open import open_store
from quiz.study.session import StudySession
from quiz.study.study_day import count_items
from quiz.deck.cached_cards import card_models
card_models()  # the card models' validators: made once per process whatever the size

def status(name):
    for line in open("/proc/self/status"):
        if line.startswith(name):
            return int(line.split()[1]) * 1024

now = datetime.fromisoformat(sys.argv[3])
cache = DeckCache(Path(sys.argv[2]))
store = open_store(Path(sys.argv[1]))
if traced:
    import tracemalloc
    tracemalloc.start()
rss = status("VmRSS:")
start = time.perf_counter()
result = load_paths([Path(p) for p in sys.argv[5:]], cache=cache)
counts = [
    count_items(store, d.deck_id, d.summary.item_ids, now, tz=UTC, known=d.summary.item_set)
    for d in result.decks
]
session = StudySession.start(store, [d.cards for d in result.decks], now, tz=UTC)
assert session.current is not None and session.current.card is not None
seconds = time.perf_counter() - start
held = tracemalloc.get_traced_memory()[0] if traced else 0
ids = sum(
    sys.getsizeof(d.summary.item_ids) + sum(map(sys.getsizeof, d.summary.item_ids))
    for d in result.decks
)
print(json.dumps({
    "cards": result.card_count, "items": sum(c.items for c in counts),
    "queued": session.remaining, "seconds": seconds, "held": held, "ids": ids,
    "rss": status("VmRSS:") - rss, "peak": status("VmHWM:"),
    "built": sum(d.cards.cards_built for d in result.decks),
    "decks_built": sum(d.is_built for d in result.decks),
}))
"""


def ready_to_study(
    store: Path, cache: Path, targets: list[Path], *, traced: bool, work: Path
) -> dict[str, float]:
    """One fresh process ready to study all due; what it measured (see :data:`READY_SCRIPT`)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            READY_SCRIPT,
            str(store),
            str(cache),
            fixed_now().isoformat(),
            "traced" if traced else "plain",
            *map(str, targets),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=work,
        env=child_environment(),
    )
    if done.returncode != 0:
        raise RuntimeError(f"the ready-to-study process failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout)


def fill_cache(cache: Path, targets: list[Path], work: Path) -> None:
    """Validate the decks once (one at a time in memory), so that later loads are served."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom quiz.deck.cache import DeckCache\n"
        "from quiz.deck.loader import load_paths\n"
        "r = load_paths([Path(p) for p in sys.argv[2:]], cache=DeckCache(Path(sys.argv[1])),"
        " keep_decks=False)\nassert not r.errors, r.errors[:3]\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(cache), *map(str, targets)],
        check=True,
        cwd=work,
        env=child_environment(),
    )


def measure(store: Path, cache: Path, targets: list[Path], runs: int, work: Path) -> dict:
    """Bytes held per card (traced), resident growth per card and peak, over ``runs``."""
    fill_cache(cache, targets, work)
    traced = [ready_to_study(store, cache, targets, traced=True, work=work) for _ in range(runs)]
    plain = [ready_to_study(store, cache, targets, traced=False, work=work) for _ in range(runs)]
    cards = traced[0]["cards"]
    return {
        "cards": cards,
        "queued": traced[0]["queued"],
        "held_per_card": [run["held"] / cards for run in traced],
        "ids_per_card": [run["ids"] / cards for run in traced],
        "rss_per_card": [run["rss"] / cards for run in plain],
        "peak_mb": [run["peak"] / 2**20 for run in plain],
        "seconds": [run["seconds"] for run in plain],
        "cards_built": traced[0]["built"],
        "decks_built": traced[0]["decks_built"],
    }


def bytes_per_card_figure(inputs: Inputs, runs: int, work: Path) -> Figure:
    """Bytes held per card once the medium deck is ready to study over the 100k-item store."""
    store = work / "memory-store.db"
    store.write_bytes(inputs.store.read_bytes())
    found = measure(store, work / "memory-cache", [inputs.medium], runs, work)
    rss = sorted(found["rss_per_card"])[len(found["rss_per_card"]) // 2]
    return Figure(
        "bytes-per-card",
        f"memory a {found['cards']:,}-card deck keeps once ready to study all due (fresh process)",
        Measurement("bytes held per card (tracemalloc)", "B", found["held_per_card"]),
        Measurement("the item ids alone: a tuple of str", "B", found["ids_per_card"]),
        note="a few hundred bytes a card at most is the aim; "
        f"resident growth {rss:.0f} B a card, peak {max(found['peak_mb']):.0f} MB, "
        f"{found['queued']:,} queued, {found['cards_built']} card object(s) built, "
        f"{found['decks_built']} deck(s) built; served by the deck cache",
    )


def scale_decks(root: Path, cards: int) -> list[Path]:
    """A collection of ``cards`` cards in files of 10,000 (generated once under ``root``)."""
    folder = root / f"collection-{cards}"
    stamp = folder / "done"
    if not stamp.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_deck(folder, cards, name=f"scale-{cards}", per_file=PER_FILE)
        stamp.write_text("written\n")
    target = folder / f"scale-{cards}"
    return sorted(target.glob("*.yaml")) if target.is_dir() else [folder / f"scale-{cards}.yaml"]


def main(argv: list[str] | None = None) -> None:
    """Print bytes per card for collections of the sizes given."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.figures_memory")
    parser.add_argument("sizes", nargs="+", type=int, help="cards in each collection measured")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=HERE / ".work" / "scale")
    args = parser.parse_args(argv)
    root: Path = args.workdir
    root.mkdir(parents=True, exist_ok=True)
    print("cards      held B/card  RSS B/card  peak MB  seconds  queued  cards built")
    for cards in args.sizes:
        targets = scale_decks(root, cards)
        store = root / f"store-{cards}.db"
        store.unlink(missing_ok=True)
        found = measure(store, root / f"cache-{cards}", targets, args.runs, root)
        held = min(found["held_per_card"])
        rss = min(found["rss_per_card"])
        print(
            f"{found['cards']:<10,} {held:>11.0f}  {rss:>10.0f}  {max(found['peak_mb']):>7.0f}"
            f"  {min(found['seconds']):>7.2f}  {found['queued']:>6,}  {found['cards_built']:>11}",
            flush=True,
        )


if __name__ == "__main__":
    main()
