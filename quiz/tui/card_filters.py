"""Browse's ``is:`` words (cards by state) and sort orders, over a list of cards by index.

A query's words of the form ``is:STATE`` keep the cards in that state, ``-is:STATE`` those not
in it, ``deck:WORD`` those of the decks whose id or title holds the word; the other words are
searched in the cards' own texts (:mod:`quiz.tui.card_search`). A card
of several review items (a cloze card) is in a state when one of its items is:

- ``new``: never studied;
- ``due``: studied, and its due time has come;
- ``learning``: being learnt or relearnt (FSRS's learning or relearning state);
- ``review``: learnt, and waiting for its next review;
- ``missed``: forgotten at a review (rated Again) and not yet relearnt: the relearning state;
- ``suspended``, ``buried``, ``leech``: set aside, as the list's State column says.

The states of each card are kept as one byte of flags, so that a keystroke's filter reads one
byte a card, and no card is built.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from math import inf
from typing import TYPE_CHECKING

from quiz.deck.model import item_ids
from quiz.progress.state import from_epoch, to_epoch
from quiz.study.set_aside import flag_words

if TYPE_CHECKING:
    from datetime import datetime

    from quiz.deck.deck_cards import DeckCards
    from quiz.deck.model import Card
    from quiz.progress.contract import ProgressStore
    from quiz.progress.state import ItemFlags
    from quiz.tui.card_search import CardLabels

STATE_WORDS = ("due", "new", "learning", "review", "missed", "suspended", "buried", "leech")
BITS = {word: 1 << number for number, word in enumerate(STATE_WORDS)}
SORTS = ("deck", "due", "difficulty", "prompt")
"""The orders the sort key goes through, in turn."""
SORT_NAMES = {"deck": "deck order", "due": "by due", "difficulty": "hardest first", "prompt": "A–Z"}


@dataclass(frozen=True)
class Query:
    """A search split into the words searched in the cards' texts and the ``is:`` words."""

    text: str  # the other words, joined by spaces
    wanted: int = 0  # the states a card must be in (bits of :data:`BITS`)
    unwanted: int = 0  # the states it must not be in
    unknown: tuple[str, ...] = ()  # ``is:`` words that name no state
    decks: tuple[str, ...] = ()  # what ``deck:`` words ask the deck's id or title to hold

    @property
    def filters(self) -> bool:
        """Whether it keeps cards by state."""
        return bool(self.wanted or self.unwanted)


def parse_query(query: str) -> Query:
    """Split a (case-folded) query into its text words and ``is:`` words."""
    text: list[str] = []
    wanted = unwanted = 0
    unknown: list[str] = []
    decks: list[str] = []
    for word in query.split():
        if word.startswith("deck:"):
            if word != "deck:":
                decks.append(word.removeprefix("deck:"))
            continue
        negated = word.startswith("-is:")
        if not (negated or word.startswith("is:")):
            text.append(word)
            continue
        state = word.split(":", 1)[1]
        bit = BITS.get(state)
        if bit is None:
            if state:  # ``is:`` alone is a word still being typed
                unknown.append(word)
        elif negated:
            unwanted |= bit
        else:
            wanted |= bit
    return Query(" ".join(text), wanted, unwanted, tuple(unknown), tuple(decks))


def unknown_text(query: Query) -> str:
    """What the list says when a query names a state there is not."""
    return f"“{query.unknown[0]}”? is: takes {' '.join(STATE_WORDS)}"


def card_state(card: Card, schedules: Mapping[str, tuple[str, int]]) -> tuple[str, datetime | None]:
    """A card's state in a word, and when its item due soonest is due (``None`` if new), from
    the (state, due epoch seconds) of the deck's items (:meth:`ProgressStore.item_schedules`).

    A cloze card is several items: ``review 1/3`` says one of its three has been studied.
    """
    return items_state(item_ids(card), schedules)


def items_state(
    items: Sequence[str], schedules: Mapping[str, tuple[str, int]]
) -> tuple[str, datetime | None]:
    """:func:`card_state` of the card whose review items are ``items``."""
    known = [schedules[item] for item in items if item in schedules]
    if not known:
        return "new", None
    state, due = min(known, key=lambda schedule: schedule[1])
    if len(items) > 1 and len(known) < len(items):
        state = f"{state} {len(known)}/{len(items)}"
    return state, from_epoch(due)


def keep_decks(
    chosen: Sequence[int], decks: Sequence[DeckCards], firsts: Sequence[int], words: Sequence[str]
) -> Sequence[int]:
    """The cards of ``chosen`` in the decks whose id or title holds each of ``words``
    (case-folded); ``firsts`` is the index of each deck's first card, then the card count."""
    kept = bytearray(firsts[-1])
    for deck, first, end in zip(decks, firsts, firsts[1:], strict=False):
        names = f"{deck.id} {deck.title}".casefold()
        if all(word in names for word in words):
            kept[first:end] = b"\x01" * (end - first)
    return [card for card in chosen if kept[card]]


def iter_card_items(decks: Sequence[DeckCards]) -> Iterator[tuple[str, Sequence[str]]]:
    """(deck id, item ids) of each card of ``decks``, in order, without building a card."""
    for deck in decks:
        for at in range(deck.card_count):
            yield deck.id, deck.card_item_ids(at)


def state_flags(
    decks: Sequence[DeckCards],
    schedules: Mapping[str, Mapping[str, tuple[str, int]]],
    flags: Mapping[str, Mapping[str, ItemFlags]],
    now: datetime,
) -> bytearray:
    """The states of each card of ``decks`` (bits of :data:`BITS`), from the (state, due)
    and flags of their items, at ``now``."""
    moment = to_epoch(now)
    out = bytearray()
    for deck_id, items in iter_card_items(decks):
        known = schedules.get(deck_id, {})
        set_aside = flags.get(deck_id, {})
        bits = 0
        for item in items:
            schedule = known.get(item)
            if schedule is None:
                bits |= BITS["new"]
            else:
                state, due = schedule
                bits |= BITS["review"] if state == "review" else BITS["learning"]
                if state == "relearning":
                    bits |= BITS["missed"]
                if due <= moment:
                    bits |= BITS["due"]
            for word in flag_words(set_aside.get(item), now):
                bits |= BITS[word]
        out.append(bits)
    return out


def keep_states(chosen: Sequence[int], states: bytearray, query: Query) -> Sequence[int]:
    """The cards of ``chosen`` in every state ``query`` wants and in none it does not."""
    wanted, unwanted = query.wanted, query.unwanted
    return [i for i in chosen if states[i] & wanted == wanted and not states[i] & unwanted]


def due_keys(
    decks: Sequence[DeckCards], schedules: Mapping[str, Mapping[str, tuple[str, int]]]
) -> list[float]:
    """Each card's sort key by due time: when its item due soonest is due; new cards last."""
    keys: list[float] = []
    for deck_id, items in iter_card_items(decks):
        known = schedules.get(deck_id, {})
        dues = [known[item][1] for item in items if item in known]
        keys.append(min(dues) if dues else inf)
    return keys


def difficulty_keys(
    decks: Sequence[DeckCards], difficulties: Mapping[str, Mapping[str, float]]
) -> list[float]:
    """Each card's sort key, hardest first: the FSRS difficulty (1 to 10) of its hardest
    item, negated; cards never studied last."""
    keys: list[float] = []
    for deck_id, items in iter_card_items(decks):
        known = difficulties.get(deck_id, {})
        found = [known[item] for item in items if item in known]
        keys.append(-max(found) if found else inf)
    return keys


def sort_cards(
    sort: str,
    decks: Sequence[DeckCards],
    schedules: Mapping[str, Mapping[str, tuple[str, int]]],
    store: ProgressStore,
    labels: CardLabels,
) -> array[int]:
    """The cards of ``decks`` in the order ``sort`` ("due", "difficulty" or "prompt"), from
    their items' (state, due), the store's states (read here) or their prompts."""
    if sort == "due":
        return sorted_cards(due_keys(decks, schedules))
    if sort == "difficulty":
        difficulties = {
            deck.id: {
                item: state.difficulty
                for item, state in store.item_states(deck.id).items()
                if state.difficulty is not None
            }
            for deck in decks
        }
        return sorted_cards(difficulty_keys(decks, difficulties))
    return sorted_cards([labels[i][0].casefold() for i in range(len(labels))])


def sorted_cards(keys: Sequence[float] | Sequence[str]) -> array[int]:
    """The cards' indices in the order of their keys (ties in deck order)."""
    return array("I", sorted(range(len(keys)), key=keys.__getitem__))


def in_order(chosen: Sequence[int], order: Sequence[int], total: int) -> Sequence[int]:
    """The cards of ``chosen`` (of ``total``) in ``order``."""
    if len(chosen) == total:
        return order
    marks = bytearray(total)
    for card in chosen:
        marks[card] = 1
    return list(compress(order, map(marks.__getitem__, order)))
