"""Keys that put the items of an order card in a chosen order, as a student would press them.

The app shuffles the items afresh each session, so tests read the order shown and work out
the keys from it.
"""

from __future__ import annotations

from collections.abc import Sequence


def arranging_keys(
    shown: Sequence[int], target: Sequence[int] | None = None, cursor: int = 0
) -> tuple[list[str], int]:
    """Keys that turn ``shown`` (authored indexes, top to bottom, the highlight at
    ``cursor``) into ``target`` (the correct order when None), and where the highlight
    ends: for each place from the top, highlight the item that belongs there and move it
    up. Both spellings of each key are used in turn, to check both."""
    items = list(shown)
    wanted = list(target) if target is not None else sorted(items)
    keys: list[str] = []
    for place, item in enumerate(wanted):
        at = items.index(item)
        if at == place:
            continue
        steps = at - cursor
        keys += ["down" if step % 2 else "j" for step in range(steps)]
        keys += ["up" if step % 2 else "k" for step in range(-steps)]
        keys += ["shift+up" if step % 2 else "K" for step in range(at - place)]
        items.insert(place, items.pop(at))
        cursor = place
    return keys, cursor
