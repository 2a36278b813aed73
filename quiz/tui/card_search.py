"""Finding cards by the words typed into Browse's search field, fast enough for every key.

A card matches when each word of the query is in its search text (:func:`quiz.tui.text
.search_text`, case-folded). A word holds no space, so it is in a text exactly when it is in
one of the text's space-separated parts (its tokens). The index keeps, for every distinct
token, the cards that hold it: a word is looked for in the tokens, far fewer and shorter than
the texts, and its cards are those of the tokens that hold it. A word in most texts (a letter or
two) is looked for in the texts instead, where it is found at once.

The latest words' tokens and the latest queries' matches are kept: a word that grew is looked
for in the tokens of the word it grew from, a query that grew starts from the matches of the
longest query it extends, and erasing finds earlier matches again.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")

KEPT = 64  # queries, and words, whose results are kept
# A word whose tokens name more cards than this many per card searched is looked for in the
# texts: gathering those cards would cost more than finding the word in each text.
CARDS_PER_CARD = 1.5


class CardSearch:
    """The search texts of a list of cards, indexed by token, and the latest results.

    Built once per list of cards (in a worker thread: a 10,000-card deck takes a fraction of
    a second) and then used from one thread. ``labels``, when given, are what a list shows of
    each card (its prompt and type), so that it can be drawn without the cards."""

    def __init__(self, texts: Iterable[str], labels: CardLabels | None = None) -> None:
        self.labels = labels
        self._texts = [text.casefold() for text in texts]
        cards: dict[str, list[int]] = {}
        for index, text in enumerate(self._texts):
            for token in set(text.split()):
                cards.setdefault(token, []).append(index)
        # kept as arrays: 4 bytes a card a token instead of a list's 8 and its spare room
        self._cards: dict[str, Sequence[int]] = {t: array("I", found) for t, found in cards.items()}
        del cards
        self._all_tokens = list(self._cards)
        self._tokens: OrderedDict[str, list[str]] = OrderedDict()  # word -> tokens holding it
        self._kept: OrderedDict[str, list[int]] = OrderedDict()  # query -> its matches

    def __len__(self) -> int:
        return len(self._texts)

    def matches(self, query: str) -> Sequence[int]:
        """Indices, in order, of the cards whose text holds every word of ``query``
        (case-folded); every card when it has no word."""
        words = query.casefold().split()
        if not words:
            return range(len(self._texts))
        key = " ".join(words)
        found = _recall(self._kept, key)
        if found is None:
            found = self._search(key, words)
            _keep(self._kept, key, found)
        return found

    def _search(self, key: str, words: list[str]) -> list[int]:
        # The longest kept query this one extends: its matches hold all of this one's.
        start: Sequence[int] = range(len(self._texts))
        longest = ""
        for kept, found in self._kept.items():
            if len(kept) > len(longest) and key.startswith(kept):
                start, longest = found, kept
        met = set(longest.split())  # words every card of ``start`` holds
        chosen = list(start)
        for word in words:
            if word not in met:
                chosen = self._narrow(chosen, word)
        return chosen

    def _narrow(self, chosen: list[int], word: str) -> list[int]:
        """The cards of ``chosen`` whose text holds ``word``."""
        tokens = self._tokens_holding(word)
        cards = [self._cards[token] for token in tokens]
        if sum(map(len, cards)) > CARDS_PER_CARD * len(chosen):
            texts = self._texts
            return [index for index in chosen if word in texts[index]]
        holding: set[int] = set()
        for some in cards:
            holding.update(some)
        return [index for index in chosen if index in holding]

    def _tokens_holding(self, word: str) -> list[str]:
        """The distinct tokens that hold ``word``, from those of a kept word it extends."""
        tokens = _recall(self._tokens, word)
        if tokens is None:
            start = self._all_tokens
            longest = ""
            for kept, held in self._tokens.items():
                if len(kept) > len(longest) and kept in word:
                    start, longest = held, kept
            tokens = [token for token in start if word in token]
            _keep(self._tokens, word, tokens)
        return tokens


class CardLabels:
    """Each card's prompt and type, in order (the types are the kinds' own strings)."""

    def __init__(self) -> None:
        self._prompts: list[str] = []
        self._types: list[str] = []

    def add(self, prompt: str, card_type: str) -> None:
        """Add the next card's prompt and type."""
        self._prompts.append(prompt)
        self._types.append(card_type)

    def __len__(self) -> int:
        return len(self._prompts)

    def __getitem__(self, index: int) -> tuple[str, str]:
        return self._prompts[index], self._types[index]


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
