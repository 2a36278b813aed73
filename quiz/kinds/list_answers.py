"""List answers: an answer of several parts ("CD19, BCMA and CD22"), typed in any order.

The parts are separated by ``,``, ``;``, ``/``, ``&`` or the word "and". Matching them is a
small assignment problem: each typed part must match a different expected part.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

_SEPARATORS = re.compile(r"\s*(?:[,;/&]|\band\b)\s*", re.IGNORECASE)
T = TypeVar("T")


def list_parts(text: str) -> list[str]:
    """The parts of a list answer, stripped, empty parts dropped."""
    return [part for part in (p.strip() for p in _SEPARATORS.split(text)) if part]


def assign(
    typed: Sequence[str], expected: Sequence[T], fits: Callable[[str, T], bool]
) -> list[tuple[str, T]] | None:
    """Pair each typed part with a different expected part it ``fits``, every part used once;
    None when there is no such pairing (different counts included)."""
    if len(typed) != len(expected):
        return None
    fitting = [[j for j, want in enumerate(expected) if fits(part, want)] for part in typed]
    owner: dict[int, int] = {}  # expected index -> typed index

    def place(i: int, seen: set[int]) -> bool:
        for j in fitting[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    if not all(place(i, set()) for i in range(len(typed))):
        return None
    by_typed = {i: j for j, i in owner.items()}
    return [(typed[i], expected[by_typed[i]]) for i in range(len(typed))]
