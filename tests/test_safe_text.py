"""The sanitiser: which characters are unsafe on a terminal, and how each is shown instead."""

from __future__ import annotations

import json

import pytest

from quiz.safe_text import UNSAFE, find_unsafe, json_text, visible, visible_line

C0 = [chr(code) for code in range(0x20) if chr(code) not in "\t\n"]
C1 = [chr(code) for code in range(0x80, 0xA0)]
BIDI = [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
SURROGATES = ["\ud800", "\udcff", "\udfff"]


@pytest.mark.parametrize("character", [*C0, "\x7f", *C1, *BIDI, *SURROGATES])
def test_every_unsafe_character_is_shown_and_never_kept(character: str) -> None:
    shown = visible(f"a{character}b")
    assert character not in shown
    assert shown.startswith("a") and shown.endswith("b") and len(shown) >= 3
    assert UNSAFE.search(shown) is None
    assert find_unsafe(f"a{character}b") == [(1, character)]


def test_c0_controls_read_as_control_pictures_and_the_rest_as_code_points() -> None:
    assert visible("\x1b]52;c;aGk=\x07") == "␛]52;c;aGk=␇"
    assert visible("\x00\x08\x7f") == "␀␈␡"
    assert visible("\x9b31m") == "<U+009B>31m"
    assert visible("\u202eevil") == "<U+202E>evil"
    assert visible("\udcff.yaml") == "<U+DCFF>.yaml"


def test_text_without_controls_comes_back_as_it_is() -> None:
    text = "CD3ζ — 4-1BB\n\tindented  [b]markup[/b] \u200f \u2028 emoji 🧬 and 中文"
    assert visible(text) is text
    assert find_unsafe(text) == []


def test_showing_twice_changes_nothing_more() -> None:
    once = visible("".join([*C0, *C1, *BIDI, "\x7f"]))
    assert visible(once) == once
    assert visible_line(visible_line("a\nb\x1b")) == visible_line("a\nb\x1b") == "a␊b␛"


def test_one_line_text_shows_newlines_and_tabs_too() -> None:
    name = "deck\nfake.yaml:1:1: error: forged\t\x1b[2J.yaml"
    shown = visible_line(name)
    assert "\n" not in shown and "\t" not in shown and "\x1b" not in shown
    assert shown == "deck␊fake.yaml:1:1: error: forged␉␛[2J.yaml"
    assert visible("a\nb\tc") == "a\nb\tc"


def test_json_text_reads_back_exactly_and_holds_no_unsafe_character() -> None:
    value = {"title": "Ti\x1btle \x9b\u202e ζ", "items": ["\x07", "\udcff", "plain"]}
    document = json_text(value, indent=2)
    assert UNSAFE.search(document) is None
    assert "ζ" in document  # non-ASCII text stays readable
    assert json.loads(document) == value
    assert "\\u009b" in document and "\\u202e" in document
