"""One card of a cached deck, built from its entry without building the deck.

A cache entry (:mod:`quiz.deck.cache`) keeps the deck as JSON, a checksum of each card's JSON
after it, and, in its summary line, where each card's JSON lies and its kind
(:mod:`quiz.deck.cache_layout`). A card is read from the entry, checked against its checksum
(and the entry's header, whenever the file is not the one checked: a rewritten entry is a new
file), and validated alone by its kind's model (with the deck's glossary shared into
it, as the deck does); the deck's other fields (its sources, its glossary) are built once, with
its first card. Any failure is a ``ValueError`` or an ``OSError``, and the caller then builds
the deck the usual way (:meth:`quiz.deck.cache.CachedDeck.restore`, which validates the file
afresh if need be).
"""

from __future__ import annotations

import os
import threading
from array import array
from collections.abc import Iterator, Sequence
from functools import cached_property
from itertools import accumulate, repeat
from operator import add
from typing import TYPE_CHECKING, Any, NamedTuple

from quiz.deck.cache import CachedDeck, _header, _sha256
from quiz.deck.cache_layout import checked_part

if TYPE_CHECKING:
    from quiz.deck.fields import Source
    from quiz.deck.model import Card


class DeckHead(NamedTuple):
    """What a deck's cards need of the deck: the sources they cite, and its glossary."""

    sources: list[Source]
    synonyms: dict[str, list[str]]


def card_models() -> None:
    """Import the card models and build the validator of every kind (so that the first card
    of each kind read from an entry does not wait for its own)."""
    from quiz.kinds.registry import KINDS

    for kind in KINDS:
        kind.model.model_rebuild()


class CachedCards:
    """The cards of one cache entry, each read, checked and validated when asked for.

    Safe to use from several threads (reads are serialized)."""

    def __init__(self, hit: CachedDeck) -> None:
        self._hit = hit
        self._file: tuple[int, int, int] | None = None  # the file checked: inode, size, time
        self._checks = b""  # that file's checksums of the deck JSON's parts
        self._head: DeckHead | None = None
        self._lock = threading.Lock()

    @cached_property
    def _starts(self) -> Sequence[int]:
        """Where each card's JSON begins, after the deck's head; then the end."""
        lengths = self._hit.layout.card_bytes
        end = sum(lengths) + len(lengths)
        steps = map(add, lengths, repeat(1))  # each card and the comma after it
        return array("I" if end < 1 << 32 else "Q", accumulate(steps, initial=0))

    @property
    def head(self) -> DeckHead:
        """The deck's sources and glossary (validated from the deck's fields before its
        cards)."""
        head = self._head
        if head is None:
            from quiz.deck.model import DeckGlossary

            with self._lock, open(self._hit.entry, "rb") as handle:
                self._open(handle)
                start = self._read(handle, 0, 0, self._hit.layout.head_bytes)
            deck = DeckGlossary.model_validate_json(start + b"]}")
            head = self._head = DeckHead(deck.sources, deck.synonyms)
        return head

    def card(self, index: int) -> Card:
        """The card at ``index`` in deck order, built now."""
        layout = self._hit.layout
        with self._lock, open(self._hit.entry, "rb") as handle:
            self._open(handle)
            start = layout.head_bytes + self._starts[index]
            data = self._read(handle, index + 1, start, layout.card_bytes[index])
        return self._built(index, data)

    def cards(self) -> Iterator[Card]:
        """Every card in deck order, each checked and built as it is reached (the file read
        once)."""
        layout = self._hit.layout
        with self._lock, open(self._hit.entry, "rb") as handle:
            self._open(handle)
            handle.seek(self._hit.payload_at)
            payload = handle.read(layout.payload_bytes)
        if len(payload) != layout.payload_bytes:
            raise ValueError(f"{self._hit.entry}: the cache entry is cut short")
        self.head  # noqa: B018  (the glossary each card shares)
        starts = self._starts
        head_bytes = layout.head_bytes
        checks = self._checks
        for index, length in enumerate(layout.card_bytes):
            at = head_bytes + starts[index]
            yield self._built(index, checked_part(checks, index + 1, payload[at : at + length]))

    def _built(self, index: int, data: bytes) -> Card:
        from quiz.deck.model import share_glossary
        from quiz.kinds.registry import kind_named

        try:
            model = kind_named(self._hit.layout.kind(index)).model
        except KeyError:
            raise ValueError(f"{self._hit.entry}: a card of an unknown kind") from None
        card = model.model_validate_json(data, context={"cross_check": False})
        share_glossary(self.head.synonyms, (card,))
        return card

    def _read(self, handle: Any, part: int, offset: int, length: int) -> bytes:
        """``length`` bytes of the deck part from ``offset``: the ``part`` (0 the head, then
        each card), checked against its checksum."""
        handle.seek(self._hit.payload_at + offset)
        data = handle.read(length)
        if len(data) != length:
            raise ValueError(f"{self._hit.entry}: the cache entry is cut short")
        return checked_part(self._checks, part, data)

    def _open(self, handle: Any) -> None:
        """Check the entry's header and that its deck part has the length its layout says, and
        read the checksums of the deck's parts, unless this very file was checked (each part
        is checked against its checksum as it is read)."""
        hit = self._hit
        status = os.fstat(handle.fileno())
        identity = (status.st_ino, status.st_size, status.st_mtime_ns)
        if identity == self._file:
            return
        header = _header(handle.readline())
        if header["source"] != hit.source or header["payload"] != hit.payload_digest:
            raise ValueError(f"{hit.entry}: the cache entry changed")
        # the deck part is where it was when the summary line was read (each part's checksum
        # vouches for what is read there)
        layout = hit.layout
        if status.st_size - hit.payload_at != layout.payload_bytes + layout.check_bytes:
            raise ValueError(f"{hit.entry}: the cache entry is damaged")
        handle.seek(hit.payload_at + layout.payload_bytes)
        checks = handle.read(layout.check_bytes)
        if (
            header["checks"] != hit.checks_digest
            or _sha256(checks).hexdigest() != hit.checks_digest
        ):
            raise ValueError(f"{hit.entry}: the cache entry is damaged")
        self._file, self._checks = identity, checks
