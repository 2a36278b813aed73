"""Cloze deletions: group numbers are checked, and parsing takes time linear in the text."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.deck.cloze import parse_cloze


@pytest.mark.parametrize(
    ("text", "written", "at"),
    [
        ("A {{c0::zero}}.", "c0", 3),
        ("An {{C1::upper}}.", "C1", 4),
        ("A {{c1000::large}}.", "c1000", 3),
        ("A {{c01::leading zero}}.", "c01", 3),
        ("A {{ c2 ::spaced}}.", "c2", 3),
    ],
)
def test_a_group_outside_c1_to_c999_is_an_error(text, written, at):
    with pytest.raises(ValueError) as error:
        parse_cloze(text)
    assert str(error.value) == (
        f"deletion group {written!r} at character {at} is not allowed: groups are written "
        "c1 to c999, in lower case without leading zeros"
    )


@pytest.mark.parametrize("group", [1, 9, 10, 99, 100, 999])
def test_groups_c1_to_c999_are_groups(group):
    (deletion,) = parse_cloze(f"A {{{{c{group}::word::hint}}}}.")
    assert (deletion.group, deletion.answer, deletion.hint) == (group, "word", "hint")


def test_a_word_and_a_hint_are_not_a_group():
    (deletion,) = parse_cloze("A {{cell::a hint}}.")
    assert (deletion.group, deletion.answer, deletion.hint) == (1, "cell", "a hint")


_OLD_DELETION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def _old_spans(text: str) -> list[tuple[int, int]] | None:
    """Where the regular expression the parser used to be finds deletions (None: unbalanced)."""
    spans = [(m.start(), m.end()) for m in _OLD_DELETION.finditer(text)]
    rest = _OLD_DELETION.sub("", text)
    nested = any("{{" in m.group(1) for m in _OLD_DELETION.finditer(text))
    return None if nested or "{{" in rest or "}}" in rest else spans


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="{}ab|: ", max_size=40))
def test_deletions_are_found_where_they_always_were(text):
    expected = _old_spans(text)
    try:
        found = [(d.start, d.end) for d in parse_cloze(text)]
    except ValueError as error:
        assert expected is None or not expected or "empty" in str(error) or "mixes" in str(error)
    else:
        assert found == expected


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        with pytest.raises(ValueError):
            parse_cloze(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_parsing_takes_time_linear_in_the_text():
    # Many openings and no closing made the old pattern rescan the rest of the text from
    # each one: ten times the text took a hundred times as long.
    small, large = _best_time("{{" * 1_000), _best_time("{{" * 10_000)
    assert large < 30 * small + 0.005


def test_a_text_parsed_again_gives_the_same_deletions_in_a_list_of_its_own() -> None:
    text = "{{c1::CD19}} and {{c2::BCMA::a target}}"
    first = parse_cloze(text)
    first.clear()
    again = parse_cloze(text)
    assert [deletion.answer for deletion in again] == ["CD19", "BCMA"]
    long_text = "x " * 1_500 + "{{c1::CD22}}"
    assert parse_cloze(long_text) == parse_cloze(long_text)
    assert parse_cloze(long_text) is not parse_cloze(long_text)
