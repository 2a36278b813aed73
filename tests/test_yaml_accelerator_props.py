"""Wherever YAML 1.1 (the event path, PyYAML) and yaml-rs (YAML 1.2) read a text differently,
the fast reading declines it; wherever it takes a text, it gives what the event path gives.
Proved on each known difference, and on generated YAML and decks."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from accelerator_support import loaded_both_ways, read_fast_as_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml_documents import documents

from quiz.deck.problems import ProblemCollector
from quiz.deck.yaml_fast import fast_document
from quiz.deck.yaml_input import UNREADABLE, parse_yaml

# Texts YAML 1.1 and yaml-rs read differently, or that one of them refuses: the fast
# reading must decline each.
TWO_WAY = {
    "yes-no-on-off": "a: yes\nb: No\nc: on\nd: OFF\n",
    "leading-zero": "a: 012\n",
    "leading-zero-in-flow": "a: [1, 010]\n",
    "eight-nine": "a: 09\n",
    "octal-0o": "a: 0o12\n",
    "hex-upper": "a: 0X1F\n",
    "leading-underscore": "a: _1\n",
    "signed-underscore": "a: +_1\n",
    "sexagesimal": "a: 1:20\n",
    "sexagesimal-float": "a: 190:20:30.15\n",
    "exponent-no-sign": "a: 1e3\n",
    "exponent-dot": "a: 1.0e3\n",
    "huge-exponent": "a: 1e400\n",
    "inf-case": "a: .inF\n",
    "bad-date": "a: 2024-02-30\n",
    "merge": "b: {x: 1}\na:\n  <<: {x: 2}\n",
    "value-key": "a: =\n",
    "repeated-key": "a: 1\na: 2\n",
    "null-key": "null: a\n",
    "int-key": "1: a\n",
    "list-key": "[a]: b\n",
    "complex-key": "? [a, b]\n: c\n",
    "local-tag": "a: !mine x\n",
    "set": "a: !!set {x, y}\n",
    "anchor-twice": "a: &x 1\nb: &x 2\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "pipe-in-flow": "a: [x, |y]\n",
    "angle-in-flow": "a: {b: >}\n",
    "question-in-flow": "a: [x, ?y]\n",
    "colon-in-flow": "a: [x, :y]\n",
    "nel": "a: x\x85y\n",
    "line-separator": "a: x\u2028y\n",
    "tab": "a:\t1\n",
    "control": "a: x\x07y\n",
    "c1-control": "a: x\x9by\n",
    "no-final-line-break": "a: |\n  x",
    "block-of-empty-lines": "a: |\n\n\n",
    "long-integer": "a: 9999999999999999999999999999999\n",
}
# Texts both read alike that the fast reading declines all the same: its data would not show
# what the event path checks (tags, anchors, directives), nor how a number, a date or a text
# read otherwise when plain was written; or the text is not a deck's mapping.
KEPT_OUT = {
    "binary": "a: 0b101\n",
    "underscore": "a: 1_000\n",
    "nan-case": "a: .NaN\n",
    "float": "a: 1.5\n",
    "date": "a: 2024-01-02\n",
    "timestamp": "a: 2001-12-14 21:59:43.10 -5\n",
    "folded-timestamp": "a: 2001-12-14\n  21:59:43.10 -5\n",
    "quoted-bool-key": "'yes': a\n",
    "tag": "a: !!str 12\n",
    "anchor-alias": "a: &x 1\nb: *x\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "document-end": "a: 1\n...\n",
    "reserved-at": "a: @x\n",
    "reserved-backquote": "a: `x`\n",
    "question-inside-flow-plain": "a: [x?y]\n",
    "paragraph-separator": 'a: "x\u2029y"\n',
    "lone-cr": "a: x\ry\n",
    "bom-inside": "a: x\ufeffy\n",
    "block-key-of-empty-lines": "? |\n\n: x\n",
    "empty-quoted": "a: ''\n",
    "not-a-mapping": "- a\n- b\n",
    "empty": "",
}


def reading(text: str, fast: bool) -> str:
    """What a reading gives for ``text``: its data, or that it refuses it (yaml-rs told to
    keep a repeated key's last value, as PyYAML does: the fast reading tells it to refuse)."""
    import yaml_rs

    if fast:
        try:
            last = yaml_rs.DuplicateKeyPolicy.LastWins
            return repr(yaml_rs.loads(text, parse_datetime=True, duplicate_key_policy=last))
        except Exception:
            return "refused"
    out = ProblemCollector("deck.yaml")
    data = parse_yaml(text, out)
    return "refused" if data is UNREADABLE or out.problems else repr(data)


@pytest.mark.parametrize("name", sorted(TWO_WAY))
def test_each_known_difference_is_real(name):
    assert reading(TWO_WAY[name], fast=True) != reading(TWO_WAY[name], fast=False)


@pytest.mark.parametrize("name", sorted(TWO_WAY | KEPT_OUT))
def test_each_known_difference_is_left_to_the_event_path(name):
    text = (TWO_WAY | KEPT_OUT)[name]
    assert fast_document(text) is None
    loaded_both_ways(text)


PIECES = [
    *("a", "b", "key", "x y", "The cell", "é", "O'C", "4-1BB", "CD19", "50%", "q?", "x#y"),
    *("yes", "no", "On", "~", "null", "true", "False", "012", "0o7", "1e3", "1_0", "_1"),
    *("1:20", "2024-01-02", "12", "-3", "+4", "0", "1.5", ".inf", "<<", "="),
    *(":", ": ", "- ", "-", "? ", "[", "]", "{", "}", ", ", ",", "'", '"', "#", " #"),
    *("\n", "\n  ", "\n    ", "\n- ", "\n  - ", " ", "  ", ">", "|", ">-", "|+", "|2", ">1"),
    *("&x ", "*x", "!!str ", "!x ", "@", "`", "%", "---", "...", "\t", "\r\n", "\r", "\x85"),
    *("\\", "\\n", "\\x41", "\\u263A", "\\/", "\\ ", "''", '""', "\n\n", " \n", "{{c1::x}}"),
    *("[a, b]", "{k: v}", "[O'x, y]", "{a: [b, c]}", ",\n  ", "[{a: b}]", "a: b", "\n  a: 1"),
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30))
def test_any_arrangement_of_yaml_syntax_is_read_fast_only_as_the_events_read_it(pieces):
    text = "".join(pieces)
    read_fast_as_events(text)
    read_fast_as_events(text + "\n")


PLAIN_TEXT = st.sampled_from(  # texts an author may write unquoted
    [
        *("What does CAR stand for?", "Chimeric antigen receptor.", "CD19", "4-1BB", "it's"),
        *("50% of cases", "Yes, often", "T cells", "x*y, a&b", "note:fine", "a#b", "q?", "é"),
    ]
)
TAME_TEXT = PLAIN_TEXT | st.sampled_from(
    [
        *("a: b", "x #y", "line\nbreak", "a\n\nb", "tail\n", "{{c1::scFv}} binds", "[1] as"),
        *("3", "2024", "-1", "no", "On", "~", "1e3", "012", "2024-01-02"),
    ]
)
TRICKY_TEXT = st.sampled_from(
    [
        *("yes", "no", "off", "012", "09", "1e3", "1_000", "1:20", "2024-01-02", "~", "", " "),
        *("-0", "+7", "true", "Null", ".nan", "- a", "#c", '"q"', "\\", "\u2028", "\x85", "\t"),
        *("*x", "&y", "!z", "@w", "[1]", "|x", "?x", ":x", "a\n \nb", " lead", "trail "),
    ]
) | st.text(st.sampled_from("ab :#-'\"\n\\é?|>,[]{}01"), max_size=12)


@st.composite
def deck_scalars(draw, styles: st.SearchStrategy[str]) -> str:
    """A text as a deck holds it, in one of ``styles``; now and then one that YAML may read
    another way, or that an author wrote plain where it needed quotes."""
    style = draw(styles)
    if draw(st.integers(0, 9)) == 0:
        return written(draw(TRICKY_TEXT), style, 6)
    return written(draw(PLAIN_TEXT if style == "plain" else TAME_TEXT), style, 6)


def written(value: str, style: str, indent: int) -> str:
    """``value`` as a YAML scalar in ``style``, written as an author might: ``plain`` as it
    is, whatever YAML then reads it as."""
    pad = " " * indent
    if style == "double":
        return json.dumps(value, ensure_ascii=False)
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style in ("|", ">-"):
        return style + "\n" + "\n".join(pad + line for line in value.split("\n"))
    return value


INLINE_STYLES = st.sampled_from(["plain", "double", "single"])
STYLES = INLINE_STYLES | st.sampled_from(["|", ">-"])


@st.composite
def decks(draw):
    """A small deck with texts written in any style, and numbers in any form."""

    def field(styles: st.SearchStrategy[str] = STYLES) -> str:
        return draw(deck_scalars(styles))

    def odd(usual: str, *others: str) -> str:
        return draw(st.sampled_from(others)) if draw(st.integers(0, 9)) == 0 else usual

    version = odd("3", "012", "0x1F", "1_0", "2.0", "'4'", "1e3", "~", "+3", "0")
    year = odd("2020", "02020", "2_020", '"2020"', "2020.0", "2020-01-01")
    answer = odd("true", "yes", "no", "'true'", "On", "False", "y")
    return (
        f"id: generated\ntitle: {field(INLINE_STYLES)}\ndescription: {field()}\n"
        f"version: {version}\ntags: [fixture]\nsources:\n  - key: src\n"
        f"    title: {field()}\n    authors: [{field(INLINE_STYLES)}]\n"
        f"    year: {year}\n    venue: Journal\ncards:\n"
        f"  - id: one\n    type: basic\n    front: {field()}\n    back: {field()}\n"
        "    source: {key: src, locator: p 1}\n"
        f"  - id: two\n    type: true_false\n    statement: {field()}\n    answer: {answer}\n"
        f"    source: {{key: src, locator: {field(INLINE_STYLES)}}}\n"
        f"  - id: three\n    type: typed\n    question: {field()}\n"
        f"    answers: [{field(INLINE_STYLES)}, {field(INLINE_STYLES)}]\n"
        "    source: {key: src, locator: p 2}\n"
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_generated_decks_load_the_same_with_and_without_the_fast_reading(text):
    read_fast_as_events(text)
    loaded_both_ways(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_documents_as_authors_write_them_are_read_fast_only_as_the_events_read_them(text):
    read_fast_as_events(text)


PLAIN_DATA = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.sampled_from([10**29, -(10**30), 10**31])
    | TAME_TEXT
    | TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TAME_TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(
    PLAIN_DATA,
    st.sampled_from([None, '"', "'", "|", ">"]),
    st.sampled_from([False, True, None]),
    st.sampled_from([20, 80, 1000]),
)
def test_any_data_written_by_pyyaml_is_read_fast_only_as_the_events_read_it(
    value, style, flow, width
):
    text = yaml.safe_dump(
        {"root": value, "cards": [copy.deepcopy(value)]},  # no anchors
        default_style=style,
        default_flow_style=flow,
        allow_unicode=True,
        width=width,
    )
    read_fast_as_events(text)
