"""Where each card lies in a cache entry's deck JSON and its kind, and a checksum of each card's
JSON: what lets one card be read, checked and built alone (:mod:`quiz.deck.cached_cards`).

The layout is kept in the entry's summary line (:mod:`quiz.deck.cache`), in a form read back
without a Python step per card: the cards' byte lengths as little-endian unsigned 32-bit
numbers in base64, and each card's kind as one character (its place in the list of the
entry's kinds). The checksums, the first :data:`CHECK_BYTES` bytes of the SHA-256 of the
deck's head (its JSON before the first card) and of each card's JSON, follow the deck's JSON at
the end of the entry, read only when a card is: reading a card checks only the card, not a
large deck's whole JSON.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sys
from array import array
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.deck.model import Deck

CHECK_BYTES = 8  # a damaged part passes unnoticed once in 2**64
KIND_MARKS = "0123456789abcdefghijklmnopqrstuvwxyz"  # a card's kind: its place in ``kinds``


def part_check(data: bytes | memoryview) -> bytes:
    """The checksum of one part of a deck's JSON (its head, or one card)."""
    return hashlib.sha256(data).digest()[:CHECK_BYTES]


@dataclass(frozen=True)
class Layout:
    """One entry's layout, decoded whole when the entry is looked up (in C: the encoded
    strings are not kept); ``ValueError`` from :meth:`from_json` when it is malformed."""

    head_bytes: int  # the deck's JSON before its first card (``{...,"cards":[``)
    card_bytes: array[int]  # the length of each card's JSON, in deck order (a comma between)
    kinds: tuple[str, ...]  # the card kinds (``type:``) the deck uses
    card_kinds: str  # each card's kind, as the mark of its place in ``kinds``

    @cached_property
    def payload_bytes(self) -> int:
        """The length of the deck JSON: its head, the cards with a comma between, ``]}``."""
        return self.head_bytes + sum(self.card_bytes) + len(self.card_bytes) + 1

    @property
    def check_bytes(self) -> int:
        """The length of the checksums that follow the deck JSON (:func:`part_checks`)."""
        return CHECK_BYTES * (len(self.card_kinds) + 1)

    def kind(self, index: int) -> str:
        """The kind (``type:``) of the card at ``index``."""
        return self.kinds[KIND_MARKS.index(self.card_kinds[index])]

    @classmethod
    def from_json(cls, data: Any, card_count: int) -> Layout:
        """Read back :func:`layout_json`, for a deck of ``card_count`` cards."""
        if not isinstance(data, dict):
            raise ValueError("malformed card layout in a cache entry")
        head, cards, kinds = data.get("head"), data.get("cards"), data.get("kinds")
        marks = data.get("card_kinds")
        if not (
            type(head) is int
            and head > 0
            and isinstance(cards, str)
            and isinstance(marks, str)
            and isinstance(kinds, list)
            and all(isinstance(kind, str) for kind in kinds)
            and len(kinds) <= len(KIND_MARKS)
            and len(marks) == card_count
            and set(marks) <= set(KIND_MARKS[: len(kinds)])
        ):
            raise ValueError("malformed card layout in a cache entry")
        try:
            raw = base64.b64decode(cards, validate=True)
        except binascii.Error:
            raise ValueError("malformed card layout in a cache entry") from None
        if len(raw) != 4 * card_count:
            raise ValueError("malformed card layout in a cache entry")
        lengths = array("I")
        lengths.frombytes(raw)
        if sys.byteorder == "big":
            lengths.byteswap()
        return cls(head, lengths, tuple(kinds), marks)


def part_checks(head: bytes, cards: list[bytes]) -> bytes:
    """The checksums of a deck JSON's parts, one after another: its head, then each card."""
    return b"".join(map(part_check, [head, *cards]))


def checked_part(checks: bytes, part: int, data: bytes) -> bytes:
    """``data``, when it is the part it is said to be: the head (``part`` 0) or the card at
    ``part - 1``, as ``checks`` (:func:`part_checks`) tell; else ``ValueError``."""
    at = part * CHECK_BYTES
    if part_check(data) != checks[at : at + CHECK_BYTES]:
        raise ValueError("a damaged cache entry")
    return data


def layout_json(deck: Deck, head: bytes, cards: list[bytes]) -> dict[str, Any]:
    """The layout of a deck's JSON, made of ``head`` and ``cards``."""
    kinds = list(dict.fromkeys(card.type for card in deck.cards))
    place = {kind: KIND_MARKS[index] for index, kind in enumerate(kinds)}
    if len(kinds) > len(KIND_MARKS):  # never: there are far fewer card kinds
        raise ValueError("too many card kinds for a cache entry")
    lengths = array("I", map(len, cards))
    if sys.byteorder == "big":
        lengths.byteswap()
    return {
        "head": len(head),
        "cards": base64.b64encode(lengths.tobytes()).decode("ascii"),
        "kinds": kinds,
        "card_kinds": "".join(place[card.type] for card in deck.cards),
    }
