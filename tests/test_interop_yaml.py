"""The deck writer's YAML reads back exactly, whatever the text."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.interop.yaml_out import HEADER, deck_yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.lists(texts, min_size=1, max_size=5), st.integers(0, 10**9), st.booleans())
def test_any_text_reads_back_as_written(values: list[str], number: int, flag: bool) -> None:
    data = {
        "id": "x",
        "tags": values,
        "cards": [
            {"id": "a", "front": value, "n": number, "ok": flag, "empty": []} for value in values
        ],
        "nested": {"key": values[0]},
    }
    assert yaml.load(deck_yaml(data), Loader=LOADER) == data


# The characters YAML gives a meaning to, mixed with letters: plain text is written only where
# none of them changes what is read back.
_YAML_PIECES = [*"aZé ζ:#-?'\"!&*|>%@`,[]{}~\n\t\\\x85\u2028\ufeff\x7f", "yes", "No", ": ", " #"]
awkward = st.lists(st.sampled_from(_YAML_PIECES), max_size=10).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.lists(awkward, min_size=1, max_size=4))
def test_text_of_yaml_indicators_reads_back_as_written(values: list[str]) -> None:
    data = {"cards": [{"id": "a", "front": value, "tags": values} for value in values]}
    assert yaml.load(deck_yaml(data), Loader=LOADER) == data
    assert yaml.safe_load(deck_yaml(data)) == data


def test_readable_text_stays_readable() -> None:
    text = deck_yaml({"title": "CAR-T basics", "back": "two\nlines", "word": "yes", "n": 3})
    assert text == HEADER + 'title: CAR-T basics\nback: |-\n  two\n  lines\nword: "yes"\nn: 3\n'


def test_the_awkward_characters_are_escaped() -> None:
    for value in [
        "a\u2028b",
        "x\x85y",
        "\ufeffz",
        "trailing \nspace",
        " lead\nx",
        "tab\tx",
        "# not a comment",
        "- not a list",
        "key: value",
        "'q'",
        '"q"',
        "null",
        "~",
        "1.5",
        "0x1F",
        "2025-01-01",
        "@at",
        "`tick`",
        "*alias",
        "&anchor",
        "!tag",
        "%dir",
        "a\r\nb",
        "\n",
        "",
        "a\n",
        "a\n\nb",
        "a\n  b",
        "é\n\u00a0x",
    ]:
        assert yaml.load(deck_yaml({"v": value}), Loader=LOADER) == {"v": value}, value
