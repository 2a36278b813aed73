"""The items a session has still to show, in order, knowing which of them are cloze groups
of one card: answering one group buries the others queued, found without going through the
thousands of other items a session over many decks queues."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from quiz.study.study_item import Queued, card_of_entry, key_of


def _card_if_group(entry: Queued) -> tuple[str, str] | None:
    """(deck id, card id) of a cloze group's entry; None for a whole card's."""
    return card_of_entry(entry) if "#" in key_of(entry)[1] else None


class StudyQueue:
    """A double-ended queue of entries, as :class:`collections.deque` (the operations a
    session uses), keeping the cloze groups it holds by card."""

    def __init__(self) -> None:
        self._entries: deque[Queued] = deque()
        self._groups: dict[tuple[str, str], list[Queued]] = {}

    def _added(self, entry: Queued) -> Queued:
        card = _card_if_group(entry)
        if card is not None:
            self._groups.setdefault(card, []).append(entry)
        return entry

    def _removed(self, entry: Queued) -> Queued:
        card = _card_if_group(entry)
        if card is not None:
            group = self._groups[card]
            group.remove(entry)
            if not group:
                del self._groups[card]
        return entry

    def __len__(self) -> int:
        return len(self._entries)

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __iter__(self) -> Iterator[Queued]:
        return iter(self._entries)

    def append(self, entry: Queued) -> None:
        """Add an entry at the end."""
        self._entries.append(self._added(entry))

    def appendleft(self, entry: Queued) -> None:
        """Add an entry at the front."""
        self._entries.appendleft(self._added(entry))

    def extend(self, entries: Iterable[Queued]) -> None:
        """Add entries at the end, in order."""
        for entry in entries:
            self.append(entry)

    def insert(self, index: int, entry: Queued) -> None:
        """Put an entry at ``index``."""
        self._entries.insert(index, self._added(entry))

    def popleft(self) -> Queued:
        """Take the first entry."""
        return self._removed(self._entries.popleft())

    def pop(self) -> Queued:
        """Take the last entry."""
        return self._removed(self._entries.pop())

    def take_siblings(self, deck_id: str, item_id: str) -> list[tuple[int, Queued]]:
        """Take out the other cloze groups of the card of ``item_id`` (a group of a card of
        ``deck_id``); gives back each with its index, in order, for :meth:`insert` to put
        back in that order."""
        group = self._groups.get((deck_id, item_id.partition("#")[0]), ())
        others = [entry for entry in group if key_of(entry)[1] != item_id]
        if not others:
            return []
        # Where each is: found in C; two equal entries (never queued by a session) would
        # share an index, and are then found one by one instead.
        found = {self._entries.index(entry): entry for entry in others}
        if len(found) < len(others):
            wanted = {key_of(entry) for entry in others}
            found = {i: e for i, e in enumerate(self._entries) if key_of(e) in wanted}
        taken = sorted(found.items())
        for index, entry in reversed(taken):
            del self._entries[index]
            self._removed(entry)
        return taken
