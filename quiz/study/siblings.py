"""Keeping the cloze groups of one card apart in a queue, so one does not give the next away."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

Entry = TypeVar("Entry")


def spread_siblings(entries: Sequence[Entry], card_of: Callable[[Entry], Hashable]) -> list[Entry]:
    """``entries`` reordered so that no two items of one card (its cloze groups) are next to
    each other, whenever the other items allow it; otherwise as few as can be.

    Seeing one group's answer right before its sibling's question would give it away. Each
    step takes the earliest remaining entry whose card differs from the one just taken, so
    the given order is kept as far as it can be, and a card's items keep their order; a card
    with more items left than the others can separate is taken first. ``card_of`` names the
    card of an entry.
    """
    by_card: dict[Hashable, deque[tuple[int, Entry]]] = {}
    for index, entry in enumerate(entries):
        by_card.setdefault(card_of(entry), deque()).append((index, entry))
    heads = [(items[0][0], card) for card, items in by_card.items()]  # next entry of each card
    heapq.heapify(heads)
    biggest = max((len(items) for items in by_card.values()), default=0)
    left = len(entries)
    spread: list[Entry] = []
    previous: Hashable = object()
    while heads:
        chosen = _crowded(by_card, left, previous) if left <= 2 * biggest else None
        if chosen is None:
            first = heapq.heappop(heads)
            if first[1] == previous and heads:
                second = heapq.heapreplace(heads, first)
                chosen = second[1]
            else:
                chosen = first[1]
        else:
            heads.remove((by_card[chosen][0][0], chosen))
            heapq.heapify(heads)
        items = by_card[chosen]
        spread.append(items.popleft()[1])
        if items:
            heapq.heappush(heads, (items[0][0], chosen))
        else:
            del by_card[chosen]
        previous, left = chosen, left - 1
    return spread


def _crowded(
    by_card: dict[Hashable, deque[tuple[int, Entry]]], left: int, previous: Hashable
) -> Hashable | None:
    """A card (not the one just taken) with more than half the entries left: unless it is
    taken now, two of its items would have to meet."""
    for card, items in by_card.items():
        if card != previous and 2 * len(items) > left:
            return card
    return None
