"""One card of a cached deck, built from its entry without building the deck.

A cache entry (:mod:`quiz.deck.cache`) keeps the deck as JSON and, in its summary line,
where each card's JSON lies in it. A card is read from the entry and validated alone (with
the deck's glossary shared into it, as the deck does); the deck's other fields (its sources,
its glossary) are built once, with its first card. The entry's deck part is checked against
its checksum before the first card is read from it, and again whenever the file is no longer
the one checked (a rewritten entry is a new file); any failure is a ``ValueError`` or an
``OSError``, and the caller then builds the deck the usual way
(:meth:`quiz.deck.cache.CachedDeck.restore`, which validates the file afresh if need be).
"""

from __future__ import annotations

import os
import threading
from array import array
from collections.abc import Iterator, Sequence
from functools import cache, cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple

from quiz.deck.cache import CachedDeck, _header, _sha256

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from quiz.deck.fields import Source
    from quiz.deck.model import Card

CHUNK = 1 << 20  # the deck part is hashed a megabyte at a time


class DeckHead(NamedTuple):
    """What a deck's cards need of the deck: the sources they cite, and its glossary."""

    sources: list[Source]
    synonyms: dict[str, list[str]]


@cache
def card_adapter() -> TypeAdapter[Card]:
    """Validates one card of any kind, from JSON (made once)."""
    from pydantic import TypeAdapter

    from quiz.deck.model import Card

    return TypeAdapter(Card)


class CachedCards:
    """The cards of one cache entry, each read and validated when asked for.

    Safe to use from several threads (reads are serialized)."""

    def __init__(self, hit: CachedDeck) -> None:
        self._hit = hit
        self._checked: tuple[int, int, int] | None = None  # the file checked: inode, size, time
        self._payload_at = 0  # where the deck part begins in the file
        self._head: DeckHead | None = None
        self._lock = threading.Lock()

    @cached_property
    def _starts(self) -> Sequence[int]:
        """Where each card's JSON begins, after :attr:`CachedDeck.head_bytes`; then the end."""
        return array("L", accumulate((length + 1 for length in self._hit.card_bytes), initial=0))

    @property
    def head(self) -> DeckHead:
        """The deck's sources and glossary (validated as a deck of its first card only)."""
        head = self._head
        if head is None:
            from quiz.deck.model import Deck

            with self._lock, open(self._hit.entry, "rb") as handle:
                self._check(handle)
                prefix = self._read(handle, 0, self._hit.head_bytes)
                first = self._read(handle, self._hit.head_bytes, self._hit.card_bytes[0])
            deck = Deck.model_validate_json(prefix + first + b"]}", context={"cross_check": False})
            head = self._head = DeckHead(deck.sources, deck.synonyms)
        return head

    def card(self, index: int) -> Card:
        """The card at ``index`` in deck order, built now."""
        hit = self._hit
        with self._lock, open(hit.entry, "rb") as handle:
            self._check(handle)
            data = self._read(handle, hit.head_bytes + self._starts[index], hit.card_bytes[index])
        return self._built(data)

    def cards(self) -> Iterator[Card]:
        """Every card in deck order, each built as it is reached (the file read once)."""
        hit = self._hit
        with self._lock, open(hit.entry, "rb") as handle:
            self._check(handle)
            handle.seek(self._payload_at + hit.head_bytes)
            parts = [handle.read(length + 1)[:length] for length in hit.card_bytes]
        self.head  # noqa: B018  (the glossary each card shares)
        for data in parts:
            yield self._built(data)

    def _built(self, data: bytes) -> Card:
        from quiz.deck.model import share_glossary

        card = card_adapter().validate_json(data, context={"cross_check": False})
        share_glossary(self.head.synonyms, (card,))
        return card

    def _read(self, handle: Any, offset: int, length: int) -> bytes:
        handle.seek(self._payload_at + offset)
        data = handle.read(length)
        if len(data) != length:
            raise ValueError(f"{self._hit.entry}: the cache entry is cut short")
        return data

    def _check(self, handle: Any) -> None:
        """Check the entry's deck part against its checksum, unless this very file was."""
        hit = self._hit
        status = os.fstat(handle.fileno())
        identity = (status.st_ino, status.st_size, status.st_mtime_ns)
        if identity == self._checked:
            return
        header = _header(handle.readline())
        handle.readline()  # the summary, already read
        if header["source"] != hit.source or header["payload"] != hit.payload_digest:
            raise ValueError(f"{hit.entry}: the cache entry changed")
        payload_at = handle.tell()
        digest = _sha256()
        size = 0
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        expected = hit.head_bytes + self._starts[-1] + 1  # the cards, commas, "]}"
        if digest.hexdigest() != hit.payload_digest or size != expected:
            raise ValueError(f"{hit.entry}: the cache entry is damaged")
        self._checked, self._payload_at = identity, payload_at

    def check(self) -> None:
        """Check the entry now (so that the first card shown does not wait for it)."""
        with self._lock, open(self._hit.entry, "rb") as handle:
            self._check(handle)
