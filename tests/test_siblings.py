"""Cloze groups of one card spread apart in a queue: never next to each other when other
items can part them, each card's groups in their order."""

from __future__ import annotations

import itertools
import random

from quiz.study.siblings import spread_siblings


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
