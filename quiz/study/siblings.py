"""Keeping the cloze groups of one card apart in a queue, so one does not give the next away."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

Entry = TypeVar("Entry")


def spread_siblings(entries: Sequence[Entry], card_of: Callable[[Entry], Hashable]) -> list[Entry]:
    """``entries`` reordered so that the cloze groups of one card are not shown one after
    another: each card's first item in the given order, then each card's second, and so on.

    Seeing one group's answer right before its sibling's question would give it away; spread
    out, the other items come between them. A card's items keep their order. ``card_of``
    names the card of an entry.
    """
    rounds: list[list[Entry]] = []
    seen: dict[Hashable, int] = {}
    for entry in entries:
        card = card_of(entry)
        rank = seen[card] = seen.get(card, -1) + 1
        if rank == len(rounds):
            rounds.append([])
        rounds[rank].append(entry)
    return [entry for round_ in rounds for entry in round_]
