"""File stamps: an unchanged deck file is served without being read, a changed one never is."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from quiz.deck.cache import DeckCache
from quiz.deck.file_stamp import RACY_NS, current_stamp, record_bytes
from quiz.deck.loader import load_file, load_paths

FIXTURES = Path(__file__).parent / "fixtures"
VALID = (FIXTURES / "valid" / "all-types.yaml").read_text("utf-8")
TITLE = "title: Every card type"
SAME_SIZE = "title: Every card typo"  # an edit that keeps the file's size

_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | bytes | Path):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@contextmanager
def files_opened() -> Iterator[list[str]]:
    """The paths the code inside the block opens (Python's own audit events)."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


SETTLED = (
    "same-second",
    "touched",
    "replaced",
    "entry-cut",
    "cards-cut",
    "bad-record",
    "moved",
    "future",
)


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], DeckCache]:
    """Deck files loaded once they had been left alone long enough for their stamps to be
    recorded (one wait for the module), and one loaded at once, whose stamp is racy."""
    root = tmp_path_factory.mktemp("stamped")
    cache = DeckCache(root / "cache")
    paths = {}
    for name in (*SETTLED, "fresh", "healed"):
        paths[name] = root / "decks" / f"{name}.yaml"
        paths[name].parent.mkdir(parents=True, exist_ok=True)
        paths[name].write_text(VALID.replace("id: all-types", f"id: {name}"), "utf-8")
    load_file(paths["fresh"], cache=cache)
    load_file(paths["healed"], cache=cache)
    time.sleep(RACY_NS / 1e9 + 0.2)
    result = load_paths([paths[name] for name in SETTLED], cache=cache)
    assert not result.problems
    return paths, cache


def title_of(path: Path, cache: DeckCache) -> str:
    deck, problems = load_file(path, cache=cache)
    assert deck is not None, problems
    return deck.title


def test_a_settled_unchanged_file_is_served_without_being_read(decks):
    paths, cache = decks
    path = paths["same-second"]
    assert cache.stamp_path(path).is_file()
    with files_opened() as opened:
        result = load_paths([path], cache=cache)
    assert str(path) not in opened
    assert result.decks[0].summary.title == "Every card type"
    assert result.decks[0].cards.card_at(0).id  # a card is built, from the entry alone
    assert str(path) not in opened


def test_an_edit_of_the_same_size_and_modification_time_is_seen(decks):
    paths, cache = decks
    path = paths["same-second"]
    status = path.stat()
    path.write_text(VALID.replace("id: all-types", "id: same-second").replace(TITLE, SAME_SIZE))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size
    with files_opened() as opened:
        assert title_of(path, cache) == "Every card typo"
    assert str(path) in opened


def test_a_touched_file_is_read_and_hashed_and_still_served_from_the_cache(decks):
    paths, cache = decks
    path = paths["touched"]
    path.touch()
    entry = cache.entry_path(path)
    written = entry.stat().st_mtime_ns
    with files_opened() as opened:
        assert title_of(path, cache) == "Every card type"
    assert str(path) in opened
    assert entry.stat().st_mtime_ns == written  # the entry was right: not written again


def test_a_replaced_file_is_seen_even_with_the_old_size_and_times(decks):
    paths, cache = decks
    path = paths["replaced"]
    status = path.stat()
    new = path.with_name("replacement.tmp")
    new.write_text(VALID.replace("id: all-types", "id: replaced").replace(TITLE, SAME_SIZE))
    os.utime(new, ns=(status.st_atime_ns, status.st_mtime_ns))
    os.replace(new, path)
    assert path.stat().st_ino != status.st_ino
    assert title_of(path, cache) == "Every card typo"


def test_a_racy_stamp_is_never_trusted(decks):
    paths, cache = decks
    path = paths["fresh"]  # read the moment it was written: no stamp was recorded
    assert not cache.stamp_path(path).exists()
    old = cache.digest(path.read_bytes())
    status = path.stat()
    path.write_text(VALID.replace("id: all-types", "id: fresh").replace(TITLE, SAME_SIZE))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    # What a coarse clock could leave: a record of the old bytes that matches the file now.
    stamp = current_stamp(path)
    assert stamp is not None
    read_ns = max(stamp[1], stamp[2]) + RACY_NS // 2
    record = record_bytes(os.path.abspath(path), old, stamp, read_ns)
    cache.stamp_path(path).write_bytes(record)
    assert title_of(path, cache) == "Every card typo"


def test_a_file_read_and_hashed_is_stamped_once_settled(decks):
    paths, cache = decks
    path = paths["healed"]  # read first the moment it was written: racy then, settled now
    assert not cache.stamp_path(path).exists()
    with files_opened() as opened:
        assert title_of(path, cache) == "Every card type"
    assert str(path) in opened
    assert cache.stamp_path(path).is_file()
    with files_opened() as opened:
        assert title_of(path, cache) == "Every card type"
    assert str(path) not in opened


def test_a_record_made_after_now_is_not_trusted(decks):
    paths, cache = decks
    path = paths["future"]
    record = cache.stamp_path(path)
    assert record.is_file()
    stamp = current_stamp(path)
    assert stamp is not None
    source = cache.digest(path.read_bytes())
    ahead = time.time_ns() + 60 * 10**9  # the clock was set back since it was made
    record.write_bytes(record_bytes(os.path.abspath(path), source, stamp, ahead))
    with files_opened() as opened:
        assert title_of(path, cache) == "Every card type"
    assert str(path) in opened


def test_a_truncated_entry_is_refused_and_rewritten(decks):
    paths, cache = decks
    path = paths["entry-cut"]
    entry = cache.entry_path(path)
    good = entry.read_bytes()
    header, meta, _ = good.split(b"\n", 2)
    entry.write_bytes(header + b"\n" + meta[: len(meta) // 2])
    assert title_of(path, cache) == "Every card type"
    assert entry.read_bytes() == good


def test_cards_of_an_entry_cut_short_are_refused_and_built_from_the_file(decks):
    paths, cache = decks
    path = paths["cards-cut"]
    entry = cache.entry_path(path)
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) - 40])
    result = load_paths([path], cache=cache)
    (loaded,) = result.decks
    assert loaded.summary.title == "Every card type"  # the summary line is whole
    fresh, _ = load_file(path)
    assert fresh is not None
    cards = loaded.cards
    assert [cards.card_at(i) for i in range(cards.card_count)] == fresh.cards
    assert entry.read_bytes() == good


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b'"read": ', b'"read": 1'),
        lambda data: data.replace(b'"format": 1', b'"format": 2'),
    ],
    ids=["empty", "truncated", "altered", "other-format"],
)
def test_a_damaged_stamp_record_is_ignored(decks, damage):
    paths, cache = decks
    path = paths["bad-record"]
    record = cache.stamp_path(path)
    good = record.read_bytes()
    record.write_bytes(damage(good))
    with files_opened() as opened:
        assert title_of(path, cache) == "Every card type"
    assert str(path) in opened
    record.write_bytes(good)


def test_a_record_stands_only_for_the_file_it_names(decks):
    paths, cache = decks
    path, other = paths["moved"], paths["bad-record"]
    cache.stamp_path(path).write_bytes(cache.stamp_path(other).read_bytes())
    with files_opened() as opened:
        assert title_of(path, cache) == "Every card type"
    assert str(path) in opened


def test_a_discarded_entry_takes_its_stamp_along(tmp_path):
    cache = DeckCache(tmp_path / "cache")
    path = tmp_path / "deck.yaml"
    cache.stamp_path(path).parent.mkdir(parents=True)
    cache.stamp_path(path).write_bytes(b"x")
    cache.entry_path(path).write_bytes(b"y")
    cache.discard(path)
    assert not cache.stamp_path(path).exists() and not cache.entry_path(path).exists()
