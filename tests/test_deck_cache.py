"""The validated-deck cache: never stale, robust to damaged entries, errors still located."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from array import array
from dataclasses import replace
from pathlib import Path

import pytest

from quiz.cli.main import main
from quiz.deck import cache as deck_cache
from quiz.deck.cache import DECK_FORMAT_MODULES, DeckCache, default_folder
from quiz.deck.loader import load_file, load_paths
from quiz.deck.model import Deck
from quiz.deck.summary import DeckSummary
from quiz.paths import bundled_decks_dir

FIXTURES = Path(__file__).parent / "fixtures"
VALID = (FIXTURES / "valid" / "all-types.yaml").read_text("utf-8")
WHY = "        why: CD19 is a target antigen, not a signalling domain.\n"


@pytest.fixture
def cache(tmp_path: Path) -> DeckCache:
    return DeckCache(tmp_path / "cache")


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
    fresh, problems = load_file(path, cache=cache)
    assert problems == []
    assert entry(cache, path).is_file()
    cached, cached_problems = load_file(path, cache=cache)
    assert cached_problems == []
    assert cached == fresh
    assert cached is not fresh
    assert fields_set_tree(cached) == fields_set_tree(fresh)


def test_every_bundled_deck_rebuilds_exactly(cache):
    first = load_paths([bundled_decks_dir()], cache=cache)
    second = load_paths([bundled_decks_dir()], cache=cache)
    assert second.problems == first.problems
    assert [loaded.deck for loaded in second.decks] == [loaded.deck for loaded in first.decks]
    for old, new in zip(first.decks, second.decks, strict=True):
        assert fields_set_tree(new.deck) == fields_set_tree(old.deck)


def test_a_changed_file_is_never_served_stale(tmp_path, cache):
    path = deck_file(tmp_path)
    load_file(path, cache=cache)
    path.write_text(VALID.replace("title: Every card type", "title: Renamed"), encoding="utf-8")
    deck, _ = load_file(path, cache=cache)
    assert deck is not None and deck.title == "Renamed"
    # the same size and timestamp as before must not fool it either
    same_size = VALID.replace("title: Every card type", "title: Every card typo")
    stat = path.stat()
    path.write_text(same_size, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    deck, _ = load_file(path, cache=cache)
    assert deck is not None and deck.title == "Every card typo"


def test_a_file_changed_to_invalid_reports_located_errors_every_time(tmp_path, cache):
    path = deck_file(tmp_path)
    load_file(path, cache=cache)
    path.write_text(VALID.replace("    explanation: CD3ζ", "    explanaton: CD3ζ"), "utf-8")
    for _ in range(2):
        deck, problems = load_file(path, cache=cache)
        assert deck is None
        assert [p.format() for p in problems] == [
            f"{path}:29:5: error: unknown key 'explanaton' (did you mean 'explanation'?) "
            "[cards[1].explanaton]"
        ]


def test_invalid_decks_are_never_cached(tmp_path, cache):
    path = FIXTURES / "invalid" / "unknown-key.yaml"
    _, first = load_file(path, cache=cache)
    _, second = load_file(path, cache=cache)
    assert second == first
    assert first[0].line == 8
    assert not entry(cache, path).exists()


def test_warnings_are_cached_and_name_the_file_they_are_read_from(tmp_path, cache):
    text = VALID.replace(WHY, "")
    first = deck_file(tmp_path, text, "first.yaml")
    _, problems = load_file(first, cache=cache)
    assert [p.format() for p in problems] == [
        f"{first}:26:9: warning: wrong choice 'CD19' has no 'why' [cards[1].choices[1]]"
    ]
    assert entry(cache, first).is_file()
    deck, cached = load_file(first, cache=cache)
    assert deck is not None
    assert cached == problems
    second = deck_file(tmp_path, text, "second.yaml")
    _, elsewhere = load_file(second, display="shown.yaml", cache=cache)
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
    fresh, _ = load_file(path, cache=cache)
    stored = entry(cache, path)
    good = stored.read_bytes()
    stored.write_bytes(damage(good))
    deck, problems = load_file(path, cache=cache)
    assert deck == fresh
    assert problems == []
    assert stored.read_bytes() == good


def test_an_entry_whose_deck_no_longer_validates_is_dropped_and_rewritten(tmp_path, cache):
    path = deck_file(tmp_path)
    fresh, _ = load_file(path, cache=cache)
    stored = entry(cache, path)
    good = stored.read_bytes()
    header, summary, payload = good.split(b"\n", 2)
    fields = json.loads(header)
    payload = payload.replace(b'"version":3', b'"version":0')  # checksums agree, pydantic not
    fields["payload"] = hashlib.sha256(payload).hexdigest()
    stored.write_bytes(json.dumps(fields).encode() + b"\n" + summary + b"\n" + payload)
    result = load_paths([path], cache=cache)
    assert not result.decks[0].is_built  # the summary is sound: served by the cache
    assert result.decks[0].deck == fresh  # the deck part failed validation: file read again
    assert stored.read_bytes() == good


def test_every_module_of_the_code_key_exists():
    folder = Path(deck_cache.__file__).parent
    assert [name for name in DECK_FORMAT_MODULES if not (folder / name).is_file()] == []


def _raise_type_error(*args, **kwargs):
    raise TypeError("a bug")


@pytest.mark.parametrize(
    ("owner", "name", "steps"),
    [
        (DeckSummary, "to_json", 1),  # writing an entry
        (DeckSummary, "from_json", 2),  # reading an entry's summary
        (Deck, "model_validate_json", 2),  # building the deck of an entry
    ],
    ids=["store", "lookup", "restore"],
)
def test_a_bug_in_the_cache_is_raised_not_taken_for_a_damaged_entry(
    tmp_path, cache, monkeypatch, owner, name, steps
):
    path = deck_file(tmp_path)
    for _ in range(steps - 1):
        load_file(path, cache=cache)
    monkeypatch.setattr(owner, name, _raise_type_error)
    with pytest.raises(TypeError, match="a bug"):
        load_file(path, cache=cache)


def test_an_entry_from_other_code_is_not_used(tmp_path, cache):
    path = deck_file(tmp_path)
    load_file(path, cache=cache)
    stored = entry(cache, path)
    header, _, payload = stored.read_bytes().partition(b"\n")
    fields = json.loads(header)
    fields["code"] = "another quiz"
    # an entry that says its deck has a different title, were it believed
    payload = payload.replace(b"Every card type", b"Stale title!!!!")
    fields["payload"] = hashlib.sha256(payload).hexdigest()
    stored.write_bytes(json.dumps(fields).encode() + b"\n" + payload)
    deck, _ = load_file(path, cache=cache)
    assert deck is not None and deck.title == "Every card type"


def test_writes_leave_no_temporary_files(tmp_path, cache):
    for index in range(3):
        text = VALID.replace("id: all-types", f"id: d{index}")
        load_file(deck_file(tmp_path, text, f"{index}.yaml"), cache=cache)
    names = sorted(p.name for p in (tmp_path / "cache" / "decks").iterdir())
    assert len(names) == 3
    assert all(name.endswith(".json") and not name.startswith(".") for name in names)


def test_entries_of_deleted_deck_files_are_removed_at_the_next_write(tmp_path, cache):
    kept = deck_file(tmp_path, VALID, "kept.yaml")
    deleted = deck_file(tmp_path, VALID.replace("id: all-types", "id: gone"), "deleted.yaml")
    load_paths([kept, deleted], cache=cache)
    assert entry(cache, deleted).exists()
    deleted.unlink()
    stray = tmp_path / "cache" / "decks" / "from-an-older-quiz.json"
    stray.write_text('{"format": 1, "deck": "x"}\n{}', encoding="utf-8")
    old_stamp = entry(cache, kept).with_suffix(".stamp")  # as older versions kept
    old_stamp.write_text('{"stamp": [1, 2, 3, 4, 5], "source": "x"}', encoding="utf-8")
    load_paths([kept], cache=cache)  # unchanged: served by the cache, nothing written
    assert entry(cache, deleted).exists() and stray.exists()
    edited = deck_file(tmp_path, VALID.replace("id: all-types", "id: fresh"), "new.yaml")
    load_paths([kept, edited], cache=cache)  # validates new.yaml, writes its entry, then prunes
    remaining = {p.name for p in (tmp_path / "cache" / "decks").iterdir()}
    assert remaining == {entry(cache, kept).name, entry(cache, edited).name}


def test_an_unusable_cache_folder_only_costs_speed(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    path = deck_file(tmp_path)
    for _ in range(2):
        deck, problems = load_file(path, cache=DeckCache(blocked))
        assert deck is not None and problems == []


def test_duplicate_deck_ids_are_located_when_served_from_the_cache(tmp_path, cache):
    first = deck_file(tmp_path, VALID, "a.yaml")
    second = deck_file(tmp_path, VALID.replace("title: Every", "title: Also every"), "b.yaml")
    for _ in range(2):
        result = load_paths([first.parent], cache=cache)
        assert [loaded.path for loaded in result.decks] == [first]
        assert [p.format() for p in result.errors] == [
            f"{second}:2:5: error: deck id 'all-types' is already used by {first} [id]"
        ]


def test_without_a_cache_nothing_is_written(tmp_path):
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
    assert outputs[0].endswith("1 file, 6 cards, 0 errors, 1 warning\n")
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


def test_a_summary_reads_back_equal_and_its_later_items_are_checked(cache):
    summaries = [loaded.summary for loaded in load_paths([bundled_decks_dir()]).decks]
    assert [DeckSummary.from_json(s.to_json()) for s in summaries] == summaries
    cloze = next(s for s in summaries if len(s.later_positions) > 1)  # cards of several items
    later = list(cloze.later_positions)
    for wrong in (later[::-1], later[1:], [*later[:-1], len(cloze.item_ids)]):
        moved = replace(cloze, later_items=array("I", wrong).tobytes()).to_json()
        with pytest.raises(ValueError, match="malformed deck summary"):
            DeckSummary.from_json({**cloze.to_json(), "later": moved["later"]})
