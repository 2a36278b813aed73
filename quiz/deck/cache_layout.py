"""Where each card lies in a cache entry's deck JSON, its kind, and a checksum of each card's
JSON: what lets one card be read, checked and built alone (:mod:`quiz.deck.cached_cards`).

Kept in the entry's summary line (:mod:`quiz.deck.cache`), in a form read back without a
Python step per card: the cards' byte lengths as little-endian unsigned 32-bit numbers in
base64, each card's kind as one character (its place in the list of the entry's kinds), and
the first :data:`CHECK_BYTES` bytes of the SHA-256 of the deck's head (its JSON before the
first card) and of each card's JSON, one after another in base64, so that reading a card
checks only the card, not a large deck's whole JSON.
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
    """One entry's layout; ``ValueError`` from :meth:`from_json` when it is malformed, and
    from :attr:`card_bytes` or :attr:`checks` (decoded when a card is first read) when they
    are."""

    head_bytes: int  # the deck's JSON before its first card (``{...,"cards":[``)
    encoded_card_bytes: str  # what :attr:`card_bytes` is read from
    kinds: tuple[str, ...]  # the card kinds (``type:``) the deck uses
    card_kinds: str  # each card's kind, as the mark of its place in ``kinds``
    encoded_checks: str  # what :attr:`checks` is read from

    @cached_property
    def card_bytes(self) -> array[int]:
        """The length of each card's JSON, in deck order (a comma between)."""
        raw = _decoded(self.encoded_card_bytes, 4 * len(self.card_kinds))
        lengths = array("I")
        lengths.frombytes(raw)
        if sys.byteorder == "big":
            lengths.byteswap()
        return lengths

    @cached_property
    def checks(self) -> bytes:
        """The checksum of the head, then of each card (:func:`part_check`)."""
        return _decoded(self.encoded_checks, CHECK_BYTES * (len(self.card_kinds) + 1))

    @cached_property
    def payload_bytes(self) -> int:
        """The length of the deck JSON: its head, the cards with a comma between, ``]}``."""
        return self.head_bytes + sum(self.card_bytes) + len(self.card_bytes) + 1

    def kind(self, index: int) -> str:
        """The kind (``type:``) of the card at ``index``."""
        return self.kinds[KIND_MARKS.index(self.card_kinds[index])]

    def check(self, part: int, data: bytes | memoryview) -> None:
        """``ValueError`` unless ``data`` is the part it is said to be: the head (``part`` 0)
        or the card at ``part - 1``."""
        at = part * CHECK_BYTES
        if part_check(data) != self.checks[at : at + CHECK_BYTES]:
            raise ValueError("a damaged cache entry")

    @classmethod
    def from_json(cls, data: Any, card_count: int) -> Layout:
        """Read back :func:`layout_json`, for a deck of ``card_count`` cards."""
        if not isinstance(data, dict):
            raise ValueError("malformed card layout in a cache entry")
        head, cards, kinds = data.get("head"), data.get("cards"), data.get("kinds")
        marks, checks = data.get("card_kinds"), data.get("checks")
        if not (
            type(head) is int
            and head > 0
            and isinstance(cards, str)
            and isinstance(marks, str)
            and isinstance(checks, str)
            and isinstance(kinds, list)
            and all(isinstance(kind, str) for kind in kinds)
            and len(kinds) <= len(KIND_MARKS)
            and len(marks) == card_count
            and set(marks) <= set(KIND_MARKS[: len(kinds)])
        ):
            raise ValueError("malformed card layout in a cache entry")
        return cls(head, cards, tuple(kinds), marks, checks)


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
        "checks": base64.b64encode(b"".join(map(part_check, [head, *cards]))).decode("ascii"),
    }


def _decoded(encoded: str, length: int) -> bytes:
    try:
        raw = base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise ValueError("malformed card layout in a cache entry") from None
    if len(raw) != length:
        raise ValueError("malformed card layout in a cache entry")
    return raw
