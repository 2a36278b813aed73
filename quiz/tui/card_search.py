"""Finding cards by the words typed into Browse's search field, fast enough for every key.

A card matches when each word of the query is in its search text (:func:`quiz.tui.text
.search_text`, case-folded). A word holds no space, so it is in a text exactly when it is in
one of the text's space-separated parts (its tokens), and only the distinct tokens of each
card are kept. They are kept in two ways, so that an index over a million cards takes tens of
bytes a card rather than kilobytes:

- a *common* token (in at least one card of :data:`COMMON_SHARE`) as the set of its cards, a
  bitmap (an ``int`` of one bit a card, never larger than a list of its cards would be);
- the other tokens of a card as one line of a UTF-8 blob, with where each card's line begins.

A word's cards are the union of the bitmaps of the common tokens that hold it and of the cards
whose line holds it; a query's are the intersection of its words'. The latest queries'
matches are kept (as bitmaps): a query that grew starts from the matches of the longest query
it extends, where only the cards still chosen are looked at, and erasing finds earlier
matches again.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from typing import TypeVar

T = TypeVar("T")

KEPT = 64  # queries whose matches are kept
COMMON_SHARE = 32  # a token in at least 1 card in this many is kept as a bitmap
LINE = b"\n"  # between two cards' lines (never in a word: a word holds no whitespace)
_BITS = bytes.maketrans(b"01", b"\x00\x01")
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
# What looking for a word costs, against testing one line of every card at once: going on from
# one occurrence, and looking in one card's line.
FIND_COST = 6
LINE_COST = 3


class CardSearch:
    """The search texts of a list of cards, indexed, and the latest results.

    Built once per list of cards (in a worker thread) and then used from one thread.
    ``labels``, when given, are what a list shows of each card (its prompt and type), so that
    it can be drawn without the cards."""

    def __init__(self, texts: Iterable[str], labels: CardLabels | None = None) -> None:
        self.labels = labels
        ids: dict[str, int] = {}
        counts = array("I")  # cards per token id
        tokens = array("I")  # each card's distinct token ids, card after card
        ends = array("L")  # where each card's ids end in ``tokens``
        for text in texts:
            for token in set(text.casefold().split()):
                number = ids.setdefault(token, len(ids))
                if number == len(counts):
                    counts.append(0)
                counts[number] += 1
                tokens.append(number)
            ends.append(len(tokens))
        self._count = count = len(ends)
        vocabulary = list(ids)
        del ids
        least = max(1, count // COMMON_SHARE)
        slots = array("l", [-1]) * len(vocabulary)  # a common token's bitmap, by token id
        self._common: list[str] = []
        for number, cards in enumerate(counts):
            if cards >= least:
                slots[number] = len(self._common)
                self._common.append(vocabulary[number])
        del counts
        maps = [bytearray((count + 7) // 8) for _ in self._common]
        lines: list[bytes] = []
        self._starts = array("L", [0])  # where each card's line begins in the blob; then end
        start = 0
        for card in range(count):
            rare: list[str] = []
            for number in tokens[(ends[card - 1] if card else 0) : ends[card]]:
                slot = slots[number]
                if slot < 0:
                    rare.append(vocabulary[number])
                else:
                    maps[slot][card >> 3] |= 1 << (card & 7)
            line = " ".join(rare).encode("utf-8", "surrogatepass") + LINE
            lines.append(line)
            start += len(line)
            self._starts.append(start)
        del tokens, ends, vocabulary, slots
        self._rare = b"".join(lines)
        del lines
        self._maps = [int.from_bytes(bits, "little") for bits in maps]
        self._all = (1 << count) - 1
        self._kept: OrderedDict[str, int] = OrderedDict()  # query -> its matches, as a bitmap

    def __len__(self) -> int:
        return self._count

    def matches(self, query: str) -> Sequence[int]:
        """Indices, in order, of the cards whose text holds every word of ``query``
        (case-folded); every card when it has no word."""
        words = query.casefold().split()
        if not words:
            return range(self._count)
        key = " ".join(words)
        found = _recall(self._kept, key)
        if found is None:
            found = self._search(key, words)
            _keep(self._kept, key, found)
        return self._indices(found)

    def _search(self, key: str, words: list[str]) -> int:
        # The longest kept query this one extends: its matches hold all of this one's.
        chosen = self._all
        longest = ""
        for kept, found in self._kept.items():
            if len(kept) > len(longest) and key.startswith(kept):
                chosen, longest = found, kept
        met = set(longest.split())  # words every chosen card holds
        for word in words:
            if word not in met and chosen:
                chosen &= self._holding(word, chosen)
        return chosen

    def _holding(self, word: str, chosen: int) -> int:
        """The cards, among ``chosen``, whose text holds ``word`` (a bitmap)."""
        common = 0
        for token, cards in zip(self._common, self._maps, strict=True):
            if word in token:
                common |= cards
        rest = chosen & ~common
        if not rest:
            return common
        return common | self._in_lines(word.encode("utf-8", "surrogatepass"), rest)

    def _in_lines(self, word: bytes, among: int) -> int:
        """The cards of ``among`` whose line of rare tokens holds ``word`` (a bitmap).

        Whichever is cheapest: going from each occurrence to the next card's line, looking in
        the line of each card of ``among``, or testing every line at once (C loops)."""
        blob, starts, count = self._rare, self._starts, self._count
        occurrences, candidates = blob.count(word), among.bit_count()
        if count <= min(FIND_COST * occurrences, LINE_COST * candidates):
            flags = bytes(map(bytes.__contains__, blob.split(LINE), repeat(word, count)))
            return int(flags.translate(_DIGITS)[::-1], 2) & among
        found = bytearray((count + 7) // 8)
        if occurrences * FIND_COST <= candidates * LINE_COST:
            at = blob.find(word)
            while at >= 0:
                card = bisect_right(starts, at) - 1
                found[card >> 3] |= 1 << (card & 7)
                at = blob.find(word, starts[card + 1])
        else:
            for card in self._indices(among):
                if blob.find(word, starts[card], starts[card + 1]) >= 0:
                    found[card >> 3] |= 1 << (card & 7)
        return int.from_bytes(found, "little") & among

    def _indices(self, bits: int) -> Sequence[int]:
        """The cards of a bitmap, in order."""
        if not bits:
            return array("I")
        flags = format(bits, f"0{self._count}b")[::-1].encode("ascii").translate(_BITS)
        return array("I", compress(range(self._count), flags))


class CardLabels:
    """Each card's prompt and type, in order: the prompts in one UTF-8 blob, each type a
    number standing for one of the kinds' own strings."""

    def __init__(self) -> None:
        self._prompts = bytearray()
        self._ends = array("L")
        self._type_numbers = array("H")
        self._types: dict[str, int] = {}
        self._type_names: list[str] = []

    def add(self, prompt: str, card_type: str) -> None:
        """Add the next card's prompt and type."""
        self._prompts += prompt.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._prompts))
        number = self._types.get(card_type)
        if number is None:
            number = self._types[card_type] = len(self._type_names)
            self._type_names.append(card_type)
        self._type_numbers.append(number)

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> tuple[str, str]:
        if index < 0:
            index += len(self._ends)
        start = self._ends[index - 1] if index else 0
        prompt = self._prompts[start : self._ends[index]].decode("utf-8", "surrogatepass")
        return prompt, self._type_names[self._type_numbers[index]]


def _recall(kept: OrderedDict[str, T], key: str) -> T | None:
    """A kept result, now the latest kept."""
    found = kept.get(key)
    if found is not None:
        kept.move_to_end(key)
    return found


def _keep(kept: OrderedDict[str, T], key: str, value: T) -> None:
    """Keep a result, forgetting the oldest beyond :data:`KEPT`."""
    kept[key] = value
    if len(kept) > KEPT:
        kept.popitem(last=False)
