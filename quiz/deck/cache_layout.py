"""Where each card lies in a cache entry's deck JSON, its kind, and a checksum of each block of
that JSON: what lets one card be read, checked and built alone (:mod:`quiz.deck.cached_cards`).

Kept in the entry's summary line (:mod:`quiz.deck.cache`), in a form read back without a
Python step per card: the cards' byte lengths as little-endian unsigned 32-bit numbers in
base64, each card's kind as one character (its place in the list of the entry's kinds), and
the SHA-256 of every :data:`BLOCK_BYTES` of the deck JSON, so that reading a card checks only
the blocks it lies in, not a large deck's whole JSON.
"""

from __future__ import annotations

import base64
import binascii
import sys
from array import array
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.deck.model import Deck

BLOCK_BYTES = 1 << 16
DIGEST_CHARS = 64  # a SHA-256 in hex
KIND_MARKS = "0123456789abcdefghijklmnopqrstuvwxyz"  # a card's kind: its place in ``kinds``


@dataclass(frozen=True)
class Layout:
    """One entry's layout; ``ValueError`` from :meth:`from_json` when it is malformed, and
    from :attr:`card_bytes` (decoded when a card is first read) when its lengths are."""

    head_bytes: int  # the deck's JSON before its first card (``{...,"cards":[``)
    encoded_card_bytes: str  # what :attr:`card_bytes` is read from
    kinds: tuple[str, ...]  # the card kinds (``type:``) the deck uses
    card_kinds: str  # each card's kind, as the mark of its place in ``kinds``
    block_digests: str  # the hex SHA-256 of each block of the deck JSON, one after another

    @cached_property
    def card_bytes(self) -> array[int]:
        """The length of each card's JSON, in deck order (a comma between)."""
        try:
            raw = base64.b64decode(self.encoded_card_bytes, validate=True)
        except binascii.Error:
            raise ValueError("malformed card layout in a cache entry") from None
        if len(raw) != 4 * len(self.card_kinds):
            raise ValueError("malformed card layout in a cache entry")
        lengths = _numbers(raw)
        payload_bytes = self.head_bytes + sum(lengths) + len(lengths) + 1
        if len(self.block_digests) != DIGEST_CHARS * _block_count(payload_bytes):
            raise ValueError("malformed block checksums in a cache entry")
        return lengths

    @cached_property
    def payload_bytes(self) -> int:
        """The length of the deck JSON: its head, the cards with a comma between, ``]}``."""
        return self.head_bytes + sum(self.card_bytes) + len(self.card_bytes) + 1

    def kind(self, index: int) -> str:
        """The kind (``type:``) of the card at ``index``."""
        return self.kinds[KIND_MARKS.index(self.card_kinds[index])]

    def block_digest(self, block: int) -> str:
        """The hex SHA-256 of the deck JSON's ``block``-th block."""
        return self.block_digests[block * DIGEST_CHARS : (block + 1) * DIGEST_CHARS]

    @classmethod
    def from_json(cls, data: Any, card_count: int) -> Layout:
        """Read back :func:`layout_json`, for a deck of ``card_count`` cards."""
        if not isinstance(data, dict):
            raise ValueError("malformed card layout in a cache entry")
        head, cards, kinds = data.get("head"), data.get("cards"), data.get("kinds")
        marks, blocks, block = data.get("card_kinds"), data.get("blocks"), data.get("block")
        if not (
            type(head) is int
            and head > 0
            and block == BLOCK_BYTES
            and isinstance(cards, str)
            and isinstance(marks, str)
            and isinstance(blocks, str)
            and isinstance(kinds, list)
            and all(isinstance(kind, str) for kind in kinds)
            and len(kinds) <= len(KIND_MARKS)
            and len(marks) == card_count
            and set(marks) <= set(KIND_MARKS[: len(kinds)])
        ):
            raise ValueError("malformed card layout in a cache entry")
        return cls(head, cards, tuple(kinds), marks, blocks)


def layout_json(deck: Deck, head: bytes, cards: list[bytes], payload: bytes) -> dict[str, Any]:
    """The layout of a deck's JSON ``payload``, made of ``head`` and ``cards``."""
    import hashlib

    kinds = list(dict.fromkeys(card.type for card in deck.cards))
    place = {kind: KIND_MARKS[index] for index, kind in enumerate(kinds)}
    if len(kinds) > len(KIND_MARKS):  # never: there are far fewer card kinds
        raise ValueError("too many card kinds for a cache entry")
    lengths = array("I", map(len, cards))
    if sys.byteorder == "big":
        lengths.byteswap()
    blocks = range(0, max(len(payload), 1), BLOCK_BYTES)
    return {
        "head": len(head),
        "cards": base64.b64encode(lengths.tobytes()).decode("ascii"),
        "kinds": kinds,
        "card_kinds": "".join(place[card.type] for card in deck.cards),
        "block": BLOCK_BYTES,
        "blocks": "".join(
            hashlib.sha256(payload[at : at + BLOCK_BYTES]).hexdigest() for at in blocks
        ),
    }


def blocks_of(start: int, length: int) -> range:
    """The blocks that the bytes ``start`` to ``start + length`` of a deck JSON lie in."""
    return range(start // BLOCK_BYTES, (start + max(length, 1) - 1) // BLOCK_BYTES + 1)


def _block_count(payload_bytes: int) -> int:
    return max(1, -(-payload_bytes // BLOCK_BYTES))


def _numbers(raw: bytes) -> array[int]:
    numbers = array("I")
    numbers.frombytes(raw)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers
