"""Cloze groups of one card spread apart in a queue: never next to each other when other
items can part them, each card's groups in their order."""

from __future__ import annotations

import itertools
import random

from session_support import basic_deck

from quiz.deck.model import Deck
from quiz.study.siblings import spread_siblings
from quiz.study.study_queue import StudyQueue


def test_siblings_are_never_next_to_each_other_when_others_can_separate_them() -> None:
    rng = random.Random(5)
    for _ in range(500):
        entries = [(card, n) for card in range(rng.randint(1, 6)) for n in range(rng.randint(1, 4))]
        rng.shuffle(entries)
        spread = spread_siblings(entries, lambda entry: entry[0])
        assert sorted(spread) == sorted(entries)
        for card in {card for card, _ in entries}:  # a card's items keep their order
            assert [e for e in spread if e[0] == card] == [e for e in entries if e[0] == card]
        counts = [sum(1 for e in entries if e[0] == card) for card in {c for c, _ in entries}]
        meetings = sum(1 for a, b in itertools.pairwise(spread) if a[0] == b[0])
        assert meetings == max(0, 2 * max(counts) - len(entries) - 1), (entries, spread)


def test_the_review_case_one_cloze_card_of_three_between_two_others() -> None:
    entries = ["one", "three#c1", "three#c2", "three#c3", "two"]
    spread = spread_siblings(entries, lambda entry: entry.partition("#")[0])
    assert spread == ["one", "three#c1", "two", "three#c2", "three#c3"] or all(
        a.partition("#")[0] != b.partition("#")[0] for a, b in itertools.pairwise(spread)
    )


def _queued(decks: list[Deck], spec: str) -> list[tuple[Deck, str, str]]:
    """Queue entries from ``spec``: ``a#c1`` is group 1 of card a of the first deck, ``2:b``
    card b of the second."""
    entries = []
    for word in spec.split():
        index, _, item_id = word.rpartition(":")
        entries.append((decks[int(index or 1) - 1], item_id, "new"))
    return entries


def test_the_study_queue_takes_out_a_cards_other_groups_and_puts_them_back() -> None:
    decks = [basic_deck("one"), basic_deck("two")]
    queue = StudyQueue()
    spec = "a#c1 b a#c2 2:a#c3 c a#c3 x#c1 a#c4 2:a#c1"
    entries = _queued(decks, spec)
    queue.extend(entries)
    assert queue.popleft() == entries[0]  # a#c1 is shown, then answered
    taken = queue.take_siblings("one", "a#c1")
    assert taken == [(1, entries[2]), (4, entries[5]), (6, entries[7])]
    assert [e[1] for e in queue] == ["b", "a#c3", "c", "x#c1", "a#c1"]
    assert queue.take_siblings("one", "a#c1") == []  # nothing left of it in this deck
    for index, entry in taken:  # as undo does
        queue.insert(index, entry)
    assert list(queue) == entries[1:]
    queue.pop()  # two's a#c1 goes: two's a#c3 is its only sibling left
    assert queue.take_siblings("two", "a#c1") == [(2, entries[3])]
    queue.appendleft(entries[0])
    assert queue.take_siblings("one", "a#c9") == [(0, entries[0]), (2, entries[2]),
                                                  (4, entries[5]), (6, entries[7])]  # fmt: skip
    assert len(queue) == 3 and queue.take_siblings("one", "x#c2") == [(2, entries[6])]


def test_the_study_queue_takes_equal_entries_each_once() -> None:
    deck = basic_deck("one")
    queue = StudyQueue()
    twice = _queued([deck], "a#c1 b a#c2 c a#c2 a#c3")  # a#c2 queued twice (equal entries)
    queue.extend(twice)
    assert queue.take_siblings("one", "a#c1") == [(2, twice[2]), (4, twice[4]), (5, twice[5])]
    assert [e[1] for e in queue] == ["a#c1", "b", "c"]
    assert queue.take_siblings("one", "a#c3") == [(0, twice[0])]
