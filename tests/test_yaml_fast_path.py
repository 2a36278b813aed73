"""Deck YAML is built from parser events: for plain data it must give exactly what PyYAML's
safe loader gives; anything else is refused with a located problem, and every limit holds at
its boundary."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.deck import yaml_events
from quiz.deck.problems import ProblemCollector
from quiz.deck.schema_errors import Locator
from quiz.deck.yaml_input import UNREADABLE, parse_document, parse_yaml
from quiz.paths import bundled_decks_dir

FIXTURES = Path(__file__).parent / "fixtures"
PLAIN_FILES = sorted(bundled_decks_dir().glob("*.yaml")) + sorted(FIXTURES.glob("valid/*.yaml"))
SAME_AS_PYYAML = {
    "scalars": "a: 1\nb: -0x1F\nc: 1_000\nd: 1.5e3\ne: .inf\nf: ~\ng: yes\nh: 012\n",
    "dates": "when: 2024-01-02\nexact: 2024-01-02T03:04:05Z\n",
    "repeated": "a: 1\nb: {x: 1, x: 2}\na: 3\nc: [{y: 1, y: 2}]\n",
    "merge": "base: &b {a: 1}\nitem:\n  <<: {a: 2, b: 3}\n  c: 4\nother: {<<: *b, d: 5}\n",
    "merge-list": "x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz: {<<: [*x, *y], c: 3}\n",
    "merge-after-keys": "m: &m {a: 1, b: 2}\nn: {b: 3, <<: *m, e: 4}\n",
    "anchored-scalars": "a: &n 12\nb: *n\nc: &s text\nd: [*s, *s]\n",
    "alias-after-colon": '{"a":&x [1, 2], "b": *x}\n',
    "value-key": "=: 1\n",
    "quoted-keys": "'1': a\n\"true\": b\n'null': c\n",
    "explicit-tags": "a: !!str 12\nb: !!int '7'\nc: !!seq [1]\nd: !!map {x: 1}\ne: ! 3\n",
    "empty": "",
    "comment-only": "# nothing\n",
    "null-document": "---\n...\n",
    "deep": "a:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(90)) + " " * 91 + "v: 1\n",
}
REFUSED = {
    "complex-key": ("? [a, b]\n: value\n", "1:3: error: a key must be text, not a list or mapping"),
    "set": (
        "s: !!set {a, b}\n",
        "1:4: error: tag '!!set' is not allowed: a deck is plain data [s]",
    ),
    "binary": (
        "b: !!binary aGVsbG8=\n",
        "1:4: error: tag '!!binary' is not allowed: a deck is plain data [b]",
    ),
    "python-tag": (
        "x: !!python/object:os.system {}\n",
        "1:4: error: tag '!!python/object:os.system' is not allowed: a deck is plain data [x]",
    ),
    "custom-tag": (
        "x: !mine 3\n",
        "1:4: error: tag '!mine' is not allowed: a deck is plain data [x]",
    ),
    "bad-int": ("x: !!int abc\n", "1:4: error: 'abc' cannot be read as !!int [x]"),
    "empty-int": ("x: !!int\n", "1:4: error: '' cannot be read as !!int [x]"),
    "bad-bool": ("x: !!bool maybe\n", "1:4: error: 'maybe' cannot be read as !!bool [x]"),
    "syntax": (
        "a: [1, 2\n",
        "2:1: error: invalid YAML: while parsing a flow sequence (line 1, column 4): "
        "did not find expected ',' or ']' (hint: a '[' is not closed: add the ']' (or quote "
        "the text))",
    ),
    "two-documents": (
        "a: 1\n---\nb: 2\n",
        "2:1: error: a deck file holds one YAML document, but a second one starts here",
    ),
    "undefined-alias": ("a: *nope\n", "1:4: error: invalid YAML: found undefined alias 'nope'"),
    "anchor-twice": ("a: &x 1\nb: &x 2\n", "2:4: error: the anchor &x is defined twice"),
    "recursive-alias": (
        "a: &m {self: *m}\n",
        "1:14: error: alias *m is inside the node it names: a recursive alias [a.self]",
    ),
    "recursive-list": (
        "a: &m [1, [*m]]\n",
        "1:12: error: alias *m is inside the node it names: a recursive alias [a[1][0]]",
    ),
    "merge-of-text": (
        "a: {<<: text}\n",
        "1:9: error: a merge (<<) takes a mapping or a list of mappings [a.<<]",
    ),
    "alias-key": (
        "a: &m {x: 1}\n*m : 2\n",
        "2:1: error: a key must be text, not an alias of a list or mapping",
    ),
}


def parsed(text: str):
    out = ProblemCollector("deck.yaml")
    return parse_yaml(text, out), [p.format().removeprefix("deck.yaml:") for p in out.in_order()]


def same_as_pyyaml(text: str) -> None:
    data, _ = parsed(text)
    expected = yaml.load(text, Loader=yaml.SafeLoader)
    assert data == expected
    assert type(data) is type(expected)


@pytest.mark.parametrize("path", PLAIN_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_deck_file_parses_as_pyyaml_does(path):
    text = path.read_text("utf-8-sig")
    data, problems = parsed(text)
    assert problems == []
    assert data == yaml.load(text, Loader=yaml.CSafeLoader)


@pytest.mark.parametrize("name", sorted(SAME_AS_PYYAML))
def test_plain_documents_parse_as_pyyaml_does(name):
    same_as_pyyaml(SAME_AS_PYYAML[name])


def test_repeated_keys_are_reported_where_they_are():
    _, problems = parsed(SAME_AS_PYYAML["repeated"])
    assert problems == [
        "2:11: error: key 'x' is repeated in this mapping [b.x]",
        "3:1: error: key 'a' is repeated in this mapping [a]",
        "4:12: error: key 'y' is repeated in this mapping [c[0].y]",
    ]


def test_an_alias_shares_one_object_as_pyyaml_does():
    data, _ = parsed(SAME_AS_PYYAML["alias-after-colon"])
    assert data["a"] is data["b"]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_anything_but_plain_data_is_refused_with_its_place(name):
    text, message = REFUSED[name]
    data, problems = parsed(text)
    assert data is UNREADABLE
    assert problems == [message]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("null: a\n", "1:1: error: key 'null' is read as null, not as text"),
        ("~: a\n", "1:1: error: key '~' is read as null, not as text"),
        ("2024-01-02: a\n", "1:1: error: key '2024-01-02' is read as a date, not as text"),
        ("a: {1: x, true: y}\n", "1:5: error: key '1' is read as a number, not as text"),
    ],
)
def test_keys_that_are_not_text_are_refused(text, message):
    data, problems = parsed(text)
    assert data is UNREADABLE
    assert problems[0].startswith(message)
    assert "; a deck's keys are names such as 'front'" in problems[0]


def test_true_does_not_replace_one():
    data, problems = parsed("a: {1: x, true: y}\n")
    assert data is UNREADABLE
    assert problems == [
        "1:5: error: key '1' is read as a number, not as text; a deck's keys are names "
        "such as 'front' [a.1]",
        "1:11: error: key 'true' is read as true/false, not as text; a deck's keys are names "
        "such as 'front' [a.true]",
    ]


def test_offsets_point_at_each_value():
    text = "id: x\ncards:\n  - {a: 1, b: [x, 'y']}\n  - c: >-\n      folded\n"
    out = ProblemCollector("deck.yaml")
    doc = parse_document(text, out)
    assert doc is not None
    where = Locator(doc)
    assert text[where.offset(("id",)) :].startswith("x\n")
    assert text[where.offset(("cards", 0, "b", 1)) :].startswith("'y'")
    assert text[where.offset(("cards", 0, "b"), at_key=True) :].startswith("b: [")
    assert text[where.offset(("cards", 1, "c")) :].startswith(">-")
    assert text[where.offset(("cards", 1, "missing")) :].startswith("c: >-")
    assert doc.item_sizes["cards"].tolist() == [7, 3]


def test_line_numbers_ignore_the_line_breaks_only_yaml_knows():
    text = 'a: "one\u2028two\u2029three\x85four"\nb: [1, 2\n'
    _, problems = parsed(text)
    assert problems[0].startswith("3:1: error: invalid YAML: while parsing a flow sequence (line 2")


@pytest.mark.parametrize(
    ("limit", "make", "message"),
    [
        ("MAX_DEPTH", lambda n: "[" * n + "]" * n, "lists and mappings nest deeper than"),
        ("MAX_ENTRIES", lambda n: "[" + ", ".join(["1"] * n) + "]", "items in one list"),
        ("MAX_ENTRIES", lambda n: "{" + ", ".join(f"k{i}: 1" for i in range(n)) + "}", "keys"),
        ("MAX_VALUES", lambda n: "[" + ", ".join(["[]"] * (n - 1)) + "]", "values (keys, val"),
        ("MAX_ALIASES", lambda n: "[&a 1" + ", *a" * n + "]", "aliases (*name)"),
    ],
)
def test_each_limit_holds_at_its_boundary(monkeypatch, limit, make, message):
    monkeypatch.setattr(yaml_events, limit, 20)
    data, problems = parsed(make(20))
    assert data is not UNREADABLE, problems
    data, problems = parsed(make(21))
    assert data is UNREADABLE
    assert len(problems) == 1 and message in problems[0]


def test_cards_may_be_more_than_other_lists(monkeypatch):
    monkeypatch.setattr(yaml_events, "MAX_ENTRIES", 5)
    monkeypatch.setattr(yaml_events, "MAX_CARDS", 10)
    data, _ = parsed("cards: [" + ", ".join(["1"] * 10) + "]\n")
    assert len(data["cards"]) == 10
    _, problems = parsed("cards: [" + ", ".join(["1"] * 11) + "]\n")
    assert problems == ["1:39: error: more than 10 cards [cards]"]
    _, problems = parsed("tags: [" + ", ".join(["1"] * 6) + "]\n")
    assert problems == ["1:23: error: more than 5 items in one list [tags]"]


def test_aliases_are_counted_at_their_full_size(monkeypatch):
    monkeypatch.setattr(yaml_events, "MAX_EXPANDED_VALUES", 100)
    base = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
    data, _ = parsed(base + "b: [" + ", ".join(["*a"] * 8) + "]\n")
    assert len(data["b"]) == 8
    _, problems = parsed(base + "b: [" + ", ".join(["*a"] * 10) + "]\n")
    assert problems == ["2:37: error: aliases expand to more than 100 values"]


plain = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**29), 10**29) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(value=plain, flow=st.booleans())
def test_any_dumped_data_parses_as_pyyaml_does(value, flow):
    text = yaml.safe_dump({"root": value}, default_flow_style=flow, allow_unicode=True)
    same_as_pyyaml(text)
