"""The validated-deck cache: never stale, robust to damaged entries, errors still located."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quiz.cli.main import main
from quiz.deck import cache as deck_cache
from quiz.deck import loader
from quiz.deck.cache import DeckCache, default_folder
from quiz.deck.file_bytes import read_bytes
from quiz.deck.loader import load_file, load_paths
from quiz.paths import bundled_decks_dir

FIXTURES = Path(__file__).parent / "fixtures"
VALID = (FIXTURES / "valid" / "all-types.yaml").read_text("utf-8")
WHY = "        why: CD19 is a target antigen, not a signalling domain.\n"


@pytest.fixture
def cache(tmp_path: Path):
    with deck_cache.using(DeckCache(tmp_path / "cache")) as cache:
        yield cache


def deck_file(tmp_path: Path, text: str = VALID, name: str = "deck.yaml") -> Path:
    path = tmp_path / "decks" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def entry(cache: DeckCache, path: Path) -> Path:
    return cache.entry_path(path)


def fields_set_tree(model: object) -> object:
    """Every model's given fields, recursively: what equality of models leaves out."""
    if isinstance(model, list):
        return [fields_set_tree(item) for item in model]
    if not hasattr(model, "__pydantic_fields_set__"):
        return None
    return (
        sorted(model.__pydantic_fields_set__),
        {name: fields_set_tree(value) for name, value in model.__dict__.items()},
    )


def test_a_cached_deck_equals_the_validated_one(tmp_path, cache):
    path = deck_file(tmp_path)
    fresh, problems = load_file(path)
    assert problems == []
    assert entry(cache, path).is_file()
    cached, cached_problems = load_file(path)
    assert cached_problems == []
    assert cached == fresh
    assert cached is not fresh
    assert fields_set_tree(cached) == fields_set_tree(fresh)


def test_every_bundled_deck_rebuilds_exactly(cache):
    first = load_paths([bundled_decks_dir()])
    second = load_paths([bundled_decks_dir()])
    assert second.problems == first.problems
    assert [loaded.deck for loaded in second.decks] == [loaded.deck for loaded in first.decks]
    for old, new in zip(first.decks, second.decks, strict=True):
        assert fields_set_tree(new.deck) == fields_set_tree(old.deck)


def test_a_changed_file_is_never_served_stale(tmp_path, cache):
    path = deck_file(tmp_path)
    load_file(path)
    path.write_text(VALID.replace("title: Every card type", "title: Renamed"), encoding="utf-8")
    deck, _ = load_file(path)
    assert deck is not None and deck.title == "Renamed"
    # the same size and timestamp as before must not fool it either
    same_size = VALID.replace("title: Every card type", "title: Every card typo")
    stat = path.stat()
    path.write_text(same_size, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    deck, _ = load_file(path)
    assert deck is not None and deck.title == "Every card typo"


def test_a_file_changed_to_invalid_reports_located_errors_every_time(tmp_path, cache):
    path = deck_file(tmp_path)
    load_file(path)
    path.write_text(VALID.replace("    explanation: CD3ζ", "    explanaton: CD3ζ"), "utf-8")
    for _ in range(2):
        deck, problems = load_file(path)
        assert deck is None
        assert [p.format() for p in problems] == [
            f"{path}:29:5: error: unknown key 'explanaton' (did you mean 'explanation'?) "
            "[cards[1].explanaton]"
        ]


def test_invalid_decks_are_never_cached(tmp_path, cache):
    path = FIXTURES / "invalid" / "unknown-key.yaml"
    _, first = load_file(path)
    _, second = load_file(path)
    assert second == first
    assert first[0].line == 8
    assert not entry(cache, path).exists()


def test_warnings_are_cached_and_name_the_file_they_are_read_from(tmp_path, cache):
    text = VALID.replace(WHY, "")
    first = deck_file(tmp_path, text, "first.yaml")
    _, problems = load_file(first)
    assert [p.format() for p in problems] == [
        f"{first}:26:9: warning: wrong choice 'CD19' has no 'why' [cards[1].choices[1]]"
    ]
    assert entry(cache, first).is_file()
    deck, cached = load_file(first)
    assert deck is not None
    assert cached == problems
    second = deck_file(tmp_path, text, "second.yaml")
    _, elsewhere = load_file(second, display="shown.yaml")
    assert [p.format() for p in elsewhere] == [
        "shown.yaml:26:9: warning: wrong choice 'CD19' has no 'why' [cards[1].choices[1]]"
    ]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"not json at all\n" + data,
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b'"Every card type"', b'"Every card tyqe"'),
        lambda data: data.replace(b'"format": 2', b'"format": "one"'),
        lambda data: data.split(b"\n", 1)[0],
    ],
    ids=["empty", "garbage", "truncated", "altered-deck", "wrong-header", "header-only"],
)
def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path, cache, damage):
    path = deck_file(tmp_path)
    fresh, _ = load_file(path)
    stored = entry(cache, path)
    good = stored.read_bytes()
    stored.write_bytes(damage(good))
    deck, problems = load_file(path)
    assert deck == fresh
    assert problems == []
    assert stored.read_bytes() == good


def test_an_entry_from_other_code_is_not_used(tmp_path, cache):
    path = deck_file(tmp_path)
    load_file(path)
    stored = entry(cache, path)
    header, _, payload = stored.read_bytes().partition(b"\n")
    fields = json.loads(header)
    fields["code"] = "another quiz"
    # an entry that says its deck has a different title, were it believed
    payload = payload.replace(b"Every card type", b"Stale title!!!!")
    fields["payload"] = hashlib.sha256(payload).hexdigest()
    stored.write_bytes(json.dumps(fields).encode() + b"\n" + payload)
    deck, _ = load_file(path)
    assert deck is not None and deck.title == "Every card type"


def test_writes_leave_no_temporary_files(tmp_path, cache):
    for index in range(3):
        load_file(
            deck_file(tmp_path, VALID.replace("id: all-types", f"id: d{index}"), f"{index}.yaml")
        )
    names = sorted(p.name for p in (tmp_path / "cache" / "decks").iterdir())
    assert len(names) == 3
    assert all(name.endswith(".json") and not name.startswith(".") for name in names)


def test_entries_of_deleted_deck_files_are_removed_at_the_next_write(tmp_path, cache):
    kept = deck_file(tmp_path, VALID, "kept.yaml")
    deleted = deck_file(tmp_path, VALID.replace("id: all-types", "id: gone"), "deleted.yaml")
    load_paths([kept, deleted])
    assert entry(cache, deleted).exists()
    deleted.unlink()
    stray = tmp_path / "cache" / "decks" / "from-an-older-quiz.json"
    stray.write_text('{"format": 1, "deck": "x"}\n{}', encoding="utf-8")
    load_paths([kept])  # unchanged: served by the cache, nothing written
    assert entry(cache, deleted).exists() and stray.exists()
    edited = deck_file(tmp_path, VALID.replace("id: all-types", "id: fresh"), "new.yaml")
    load_paths([kept, edited])  # validates new.yaml, writes its entry, then prunes
    remaining = {p.name for p in (tmp_path / "cache" / "decks").iterdir()}
    assert remaining == {entry(cache, kept).name, entry(cache, edited).name}


def aged(path: Path, seconds: int = 3600) -> Path:
    """The file as if last written ``seconds`` ago, and left alone for a moment since: its
    change time (which cannot be set back) is then older than the shortened racy window."""
    when = path.stat().st_mtime_ns - seconds * 1_000_000_000
    os.utime(path, ns=(when, when))
    time.sleep(0.15)
    return path


@pytest.fixture(autouse=True)
def short_racy_window(monkeypatch):
    """Files count as old 0.1 s after their last change instead of 2 s, to keep tests fast."""
    monkeypatch.setattr(deck_cache, "RACY_NS", 100_000_000)


def test_an_old_unchanged_file_is_known_by_its_stamp_without_being_read(
    tmp_path, cache, monkeypatch
):
    path = aged(deck_file(tmp_path))
    first, _ = load_file(path)
    reads = []
    monkeypatch.setattr(loader, "read_bytes", lambda p, out: reads.append(p) or read_bytes(p, out))
    second, problems = load_file(path)
    assert reads == [] and second == first and problems == []


def test_a_same_size_edit_with_the_old_times_put_back_is_still_seen(tmp_path, cache):
    path = aged(deck_file(tmp_path))
    load_file(path)
    before = path.stat()
    path.write_text(VALID.replace("version: 3", "version: 4"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and mtime as before
    assert path.stat().st_size == before.st_size
    deck, _ = load_file(path)
    assert deck is not None and deck.version == 4


def test_a_file_read_just_after_a_change_is_hashed_until_it_is_old(tmp_path, cache, monkeypatch):
    path = deck_file(tmp_path)
    load_file(path)  # written a moment ago: its times cannot vouch for its bytes yet
    assert not cache.stamp_path(path).exists()
    aged(path)
    load_file(path)  # read and hashed once more, and now known by its stamp
    assert cache.stamp_path(path).exists()
    reads = []
    monkeypatch.setattr(loader, "read_bytes", lambda p, out: reads.append(p) or read_bytes(p, out))
    load_file(path)
    assert reads == []


def test_an_unusable_cache_folder_only_costs_speed(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    with deck_cache.using(DeckCache(blocked)):
        path = deck_file(tmp_path)
        for _ in range(2):
            deck, problems = load_file(path)
            assert deck is not None and problems == []


def test_duplicate_deck_ids_are_located_when_served_from_the_cache(tmp_path, cache):
    first = deck_file(tmp_path, VALID, "a.yaml")
    second = deck_file(tmp_path, VALID.replace("title: Every", "title: Also every"), "b.yaml")
    for _ in range(2):
        result = load_paths([first.parent])
        assert [loaded.path for loaded in result.decks] == [first]
        assert [p.format() for p in result.errors] == [
            f"{second}:2:5: error: deck id 'all-types' is already used by {first} [id]"
        ]


def test_without_a_cache_nothing_is_written(tmp_path):
    assert deck_cache.current() is None
    load_file(deck_file(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["decks"]


def test_cache_folder_follows_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("QUIZ_HOME", raising=False)
    assert default_folder(tmp_path / "data") == tmp_path / "data" / "cache"
    monkeypatch.setenv("QUIZ_HOME", str(tmp_path / "home"))
    assert default_folder(None) == tmp_path / "home" / "cache"
    monkeypatch.delenv("QUIZ_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder(None) == tmp_path / "xdg" / "quiz"


def test_validate_uses_the_cache_and_prints_the_same(tmp_path, capsys):
    text = VALID.replace(WHY, "")
    path = deck_file(tmp_path, text)
    data = tmp_path / "data"
    outputs = []
    for _ in range(2):
        assert main(["--data-dir", str(data), "validate", str(path)]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert outputs[0].endswith("1 file, 6 cards, 0 errors, 1 warnings\n")
    assert list((data / "cache" / "decks").glob("*.json"))
    assert main(["--data-dir", str(data), "validate", "--strict", str(path)]) == 1


def test_validating_cached_decks_does_not_import_the_parser_or_pydantic(tmp_path):
    script = (
        "import sys\n"
        "from quiz.cli.main import main\n"
        f"code = main(['--data-dir', {str(tmp_path)!r}, 'validate'])\n"
        "print(code, 'pydantic' in sys.modules, 'yaml' in sys.modules)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.splitlines()[-1] == "0 True True"  # validated, then cached
    assert runs[1].stdout.splitlines()[-1] == "0 False False"
    assert runs[1].stdout.splitlines()[:-1] == runs[0].stdout.splitlines()[:-1]


def test_decks_served_from_the_cache_build_no_validator(tmp_path):
    script = (
        "import sys\n"
        "from quiz.deck import cache as deck_cache\n"
        "from quiz.deck.loader import load_paths\n"
        "from quiz.deck.model import Deck\n"
        "from quiz.paths import bundled_decks_dir\n"
        f"with deck_cache.using(deck_cache.DeckCache({str(tmp_path)!r})):\n"
        "    decks = [loaded.deck for loaded in load_paths([bundled_decks_dir()]).decks]\n"
        "print(len(decks), Deck.__pydantic_complete__)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.split() == ["6", "True"]  # validated, so built
    assert runs[1].stdout.split() == ["6", "False"]  # rebuilt from the cache only
