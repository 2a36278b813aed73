"""Browse's query words: ``is:`` and ``deck:`` words split from the words searched in texts,
and a list of cards put in a sort order."""

from __future__ import annotations

from quiz.tui.card_filters import BITS, Query, in_order, keep_states, parse_query, sorted_cards


def test_is_and_deck_words_are_split_from_the_text_words() -> None:
    query = parse_query("car is:due -is:suspended zeta deck:basics is:sleepy")
    assert query == Query("car zeta", BITS["due"], BITS["suspended"], ("is:sleepy",), ("basics",))
    assert query.filters


def test_words_still_being_typed_filter_nothing() -> None:
    assert parse_query("is: deck: -is:") == Query("")
    assert not parse_query("this:that").filters
    assert parse_query("this:that").text == "this:that"  # only words that begin with is:


def test_states_wanted_and_unwanted() -> None:
    states = bytearray([BITS["new"], BITS["due"] | BITS["suspended"], BITS["due"], 0])
    assert keep_states(range(4), states, parse_query("is:due")) == [1, 2]
    assert keep_states(range(4), states, parse_query("is:due -is:suspended")) == [2]
    assert keep_states([0, 3], states, parse_query("-is:new")) == [3]


def test_chosen_cards_follow_the_sort_order() -> None:
    order = sorted_cards(["d", "b", "a", "c"])
    assert list(order) == [2, 1, 3, 0]
    assert list(in_order([0, 1, 3], order, 4)) == [1, 3, 0]
    assert list(in_order(range(4), order, 4)) == [2, 1, 3, 0]
    assert list(sorted_cards([2.0, 1.0, 2.0])) == [1, 0, 2]  # ties keep the deck's order
