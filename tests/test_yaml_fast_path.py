"""Deck YAML is built from parser events for plain data; it must give exactly what PyYAML
gives, with the same problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.deck import yaml_input
from quiz.deck.problems import ProblemCollector
from quiz.deck.yaml_input import UNREADABLE, parse_yaml
from quiz.paths import bundled_decks_dir

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(bundled_decks_dir().glob("*.yaml")) + sorted(FIXTURES.glob("*/*.yaml"))
DOCUMENTS = {
    "scalars": "a: 1\nb: -0x1F\nc: 1_000\nd: 1.5e3\ne: .inf\nf: ~\ng: yes\nh: 2024-02-30\n",
    "dates": "when: 2024-01-02\nexact: 2024-01-02T03:04:05Z\n",
    "long-int": "n: 1234567890123456789012345678901234567890\n",
    "repeated": "a: 1\nb: {x: 1, x: 2}\na: 3\nc: [{y: 1, y: 2}]\n",
    "merge": "base: {a: 1}\nitem:\n  <<: {a: 2, b: 3}\n  c: 4\n",
    "alias-after-colon": '{"a":&x [1, 2], "b": *x}\n',
    "complex-key": "? [a, b]\n: value\n",
    "set": "s: !!set {a, b}\n",
    "binary": "b: !!binary aGVsbG8=\n",
    "python-tag": "x: !!python/object:os.system {}\n",
    "custom-tag": "x: !mine 3\n",
    "syntax": "a: [1, 2\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "empty": "",
    "deep": "a:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(90)) + " " * 91 + "v: 1\n",
}


def _standard_only(loader):
    raise yaml_input._Unusual


def both_ways(text: str, monkeypatch: pytest.MonkeyPatch):
    """parse_yaml's answer and problems, then the same with PyYAML's constructor only."""
    results = []
    for standard in (False, True):
        with monkeypatch.context() as patch:
            if standard:
                patch.setattr(yaml_input, "_plain_data", _standard_only)
            out = ProblemCollector("deck.yaml")
            data = parse_yaml(text, out)
            results.append((data, [p.format() for p in out.in_order()]))
    return results


def same(fast, standard) -> None:
    assert fast[1] == standard[1]
    if standard[0] is UNREADABLE:
        assert fast[0] is UNREADABLE
    else:
        assert fast[0] == standard[0]
        assert type(fast[0]) is type(standard[0])


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_deck_file_parses_the_same(path, monkeypatch):
    same(*both_ways(path.read_text("utf-8-sig"), monkeypatch))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_unusual_documents_parse_the_same(name, monkeypatch):
    same(*both_ways(DOCUMENTS[name], monkeypatch))


def test_an_alias_the_anchor_scan_misses_still_shares_one_object(monkeypatch):
    (fast, _), _ = both_ways(DOCUMENTS["alias-after-colon"], monkeypatch)
    assert fast["a"] is fast["b"]


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(value=plain, flow=st.booleans())
def test_any_dumped_data_parses_the_same(value, flow):
    text = yaml.safe_dump({"root": value}, default_flow_style=flow, allow_unicode=True)
    with pytest.MonkeyPatch.context() as monkeypatch:
        same(*both_ways(text, monkeypatch))


@pytest.mark.parametrize("path", sorted(bundled_decks_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_plain_deck_files_take_the_fast_path(path):
    text = path.read_text("utf-8-sig")
    loader = yaml_input.DeckYamlLoader(text)
    try:
        data, repeated = yaml_input._plain_data(loader)
    finally:
        loader.dispose()
    assert repeated == []
    assert data == yaml.load(text, Loader=yaml.CSafeLoader)


SHAPE_ALPHABET = st.sampled_from(list("&*[]{},:- \t\nab?"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(SHAPE_ALPHABET, max_size=60))
def test_anchor_scan_finds_what_the_full_pattern_finds(text):
    assert yaml_input._has_anchor(text) == (yaml_input._ANCHOR.search(text) is not None)


@settings(max_examples=200, deadline=None)
@given(brackets=st.text(st.sampled_from(list("[]{}x")), max_size=400), opened=st.integers(0, 120))
def test_bracket_depth_check_agrees_with_a_plain_count(brackets, opened):
    text = "[" * opened + brackets
    depth, deepest = 0, 0
    for char in text:
        if char in "[]{}":
            depth = depth + 1 if char in "[{" else max(depth - 1, 0)
            deepest = max(deepest, depth)
    out = ProblemCollector("deck.yaml")
    assert yaml_input._check_shape(text, out) == (deepest <= yaml_input.MAX_FLOW_DEPTH)
