"""The optional fast YAML reading (yaml-rs, the ``quiz[fast]`` extra) gives the loader exactly
what the event path gives: the same decks and the same problems, located at the same places;
without it, or switched off, the event path reads every file."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
from accelerator_support import accelerator_off, loaded, loaded_both_ways, read_fast_as_events

from benchmarks.inputs import deck_yaml
from quiz.deck import yaml_document, yaml_fast
from quiz.deck.problems import Problem
from quiz.deck.yaml_input import DeckYamlLoader
from quiz.deck.yaml_two_way import IMPLICIT_FIRSTS, IMPLICIT_PATTERNS
from quiz.paths import bundled_decks_dir

FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED = sorted(bundled_decks_dir().glob("*.yaml"))
FIXTURE_DECKS = sorted(FIXTURES.glob("*/*.yaml"))
ALL_TYPES = (FIXTURES / "valid" / "all-types.yaml").read_text("utf-8")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_each_bundled_deck_is_read_fast_and_loads_the_same(path):
    text = path.read_text("utf-8")
    assert read_fast_as_events(text)
    deck, problems = loaded_both_ways(text)
    assert deck is not None and problems == []


@pytest.mark.parametrize("path", FIXTURE_DECKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_fixture_deck_loads_the_same_with_its_problems(path):
    text = path.read_text("utf-8-sig")
    read_fast_as_events(text)
    loaded_both_ways(text)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_benchmark_deck_is_read_fast_and_loads_the_same(seed):
    text = deck_yaml("synthetic", 120, seed=seed)
    assert read_fast_as_events(text)
    deck, problems = loaded_both_ways(text)
    assert deck is not None and len(deck["cards"]) == 120 and problems == []


def test_a_crlf_deck_is_read_fast_and_loads_the_same():
    text = ALL_TYPES.replace("\n", "\r\n")
    assert yaml_fast.fast_document(text) is not None
    assert loaded_both_ways(text)[0] is not None


def test_quoted_numbers_and_words_are_read_fast_when_every_place_is_quoted():
    deck = ALL_TYPES.replace("answers: [4-1BB, CD137]", 'answers: ["137", "no", \'1:20\']')
    assert read_fast_as_events(deck)
    assert loaded_both_ways(deck)[0]["cards"][5]["answers"] == ["137", "no", "1:20"]
    # the same text written plain elsewhere (a YAML 1.1 boolean) leaves the file to the events
    plain = deck.replace("explanation: The binder", "why: no\n    explanation: The binder")
    assert yaml_fast.fast_document(plain) is None
    loaded_both_ways(plain)


def problem(line: int, column: int, message: str, path: str = "") -> Problem:
    return Problem("deck.yaml", line, column, path, "error", message)


def test_a_problem_found_after_a_fast_reading_is_located_as_the_event_path_locates_it():
    text = ALL_TYPES.replace("    front: What does CAR", "    fornt: What does CAR")
    assert read_fast_as_events(text)  # the text itself reads fast: the problem is the deck's
    deck, problems = loaded_both_ways(text)
    assert deck is None
    assert problems[:2] == [
        problem(14, 5, "missing required key 'front'", "cards[0]"),
        problem(16, 5, "unknown key 'fornt' (did you mean 'front'?)", "cards[0].fornt"),
    ]


def test_a_warning_found_after_a_fast_reading_is_located_too():
    text = ALL_TYPES.replace("back: Chimeric antigen receptor.", 'back: "Chimeric \\e[31m."')
    assert read_fast_as_events(text)
    deck, problems = loaded_both_ways(text)
    assert deck is not None
    assert [(p.line, p.column, p.severity, p.path) for p in problems] == [
        (17, 11, "warning", "cards[0].back")
    ]


def test_should_a_fast_reading_ever_differ_the_event_paths_stands(monkeypatch):
    # a deck with a warning: its findings are located in the event path's document, which
    # must hold the same data; here the fast reading is made to differ
    text = ALL_TYPES.replace("back: Chimeric antigen receptor.", 'back: "Chimeric \\e[31m."')
    read_fast = yaml_fast.fast_document

    def differing(text: str):
        doc = read_fast(text)
        if doc is not None:
            doc.data["title"] = "Another title"
        return doc

    monkeypatch.setattr(yaml_fast, "fast_document", differing)
    deck, problems = loaded(text)
    assert deck["title"] == "Every card type" and len(problems) == 1
    with accelerator_off():
        assert loaded(text) == (deck, problems)


def test_the_switch_turns_the_fast_reading_off(monkeypatch):
    assert yaml_fast.enabled()
    for word in ("0", "off", "no", "false", " OFF "):
        monkeypatch.setenv(yaml_fast.FAST_YAML_ENV, word)
        assert not yaml_fast.enabled()
        assert yaml_fast.fast_document(ALL_TYPES) is None
    monkeypatch.setenv(yaml_fast.FAST_YAML_ENV, "1")
    assert yaml_fast.fast_document(ALL_TYPES) is not None


def test_without_yaml_rs_every_file_is_read_by_the_event_path(monkeypatch):
    monkeypatch.setitem(sys.modules, "yaml_rs", None)  # `import yaml_rs` fails as if absent
    assert not yaml_fast.enabled()
    assert yaml_fast.fast_document(ALL_TYPES) is None
    deck, problems = loaded(ALL_TYPES)
    monkeypatch.delitem(sys.modules, "yaml_rs")
    assert yaml_fast.enabled()
    assert loaded(ALL_TYPES) == (deck, problems)
    assert deck is not None and problems == []


_COLD_LOAD = """
import sys
from pathlib import Path
from quiz.deck.loader import load_paths
result = load_paths([Path(sys.argv[1])])
assert not result.problems and result.decks[0].deck.cards
print("yaml" in sys.modules)
"""


@pytest.mark.parametrize(("switch", "imports_pyyaml"), [("1", "False"), ("0", "True")])
def test_a_fast_load_does_not_import_pyyaml(tmp_path, switch, imports_pyyaml):
    deck = tmp_path / "deck.yaml"
    deck.write_text(ALL_TYPES, encoding="utf-8")
    env = {"PATH": "", yaml_fast.FAST_YAML_ENV: switch, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", _COLD_LOAD, str(deck)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.stdout.strip() == imports_pyyaml


def test_the_resolvers_are_pyyamls():
    table = DeckYamlLoader.yaml_implicit_resolvers
    assert not DeckYamlLoader.yaml_path_resolvers and None not in table
    assert {rx.pattern for rs in table.values() for _, rx in rs} == set(IMPLICIT_PATTERNS)
    assert set(table) == IMPLICIT_FIRSTS
    for _, rx in (pair for pairs in table.values() for pair in pairs):
        # the fast reading compiles every pattern verbose: the others have nothing it drops
        assert rx.flags & re.VERBOSE or not re.search(r"[\s#]", rx.pattern)


@pytest.mark.parametrize(
    ("limit", "make"),
    [
        ("MAX_DEPTH", lambda n: "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "v\n"),
        ("MAX_ENTRIES", lambda n: "a: [" + ", ".join(["1"] * n) + "]\n"),
        ("MAX_ENTRIES", lambda n: "a: {" + ", ".join(f"k{i}: 1" for i in range(n)) + "}\n"),
        ("MAX_ENTRIES", lambda n: "".join(f"k{i}: 1\n" for i in range(n))),
        ("MAX_CARDS", lambda n: "cards:\n" + "- {a: 1}\n" * n),
        ("MAX_VALUES", lambda n: "a: [" + ", ".join(["x"] * (n - 3)) + "]\n"),
    ],
)
def test_each_limit_holds_on_the_fast_reading_at_its_boundary(monkeypatch, limit, make):
    monkeypatch.setattr(yaml_document, limit, 20)
    assert read_fast_as_events(make(20))
    assert yaml_fast.fast_document(make(21)) is None


@pytest.mark.parametrize(
    "text",
    [
        "- " * 40_000 + "a\n",  # yaml-rs would overflow its stack
        "".join(" " * i + f"k{i}:\n" for i in range(5_000)) + " " * 5_000 + "v: 1\n",
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "a:\n  " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
    ],
    ids=["dashes", "indents", "brackets", "braces"],
)
def test_deep_nesting_never_reaches_the_fast_parser_unbounded(text):
    assert yaml_fast.fast_document(text) is None
    with accelerator_off():
        assert yaml_fast.fast_document(text) is None
    deck, problems = loaded_both_ways(text)
    assert deck is None and "nest deeper than 100 levels" in problems[0].message


def test_aliases_are_never_expanded_by_the_fast_parser():
    names = "abcdefghij"
    bomb = "a: &a [x, x]\n" + "".join(
        f"{name}: &{name} [*{before}, *{before}]\n" for before, name in itertools.pairwise(names)
    )
    assert yaml_fast.fast_document(bomb) is None
    assert yaml_fast.fast_document("a: &a [1]\nb: *a\n") is None
