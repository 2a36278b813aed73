"""The validated-deck cache: a deck file that has not changed is not parsed or validated again.

An entry belongs to one deck file and holds what validating it gave: the deck (as JSON), its
summary (what the deck list shows: :mod:`quiz.deck.summary`), its warnings, and where each
card's JSON lies in the deck's, so that one card can be built alone
(:mod:`quiz.deck.cached_cards`). It is used only when both the file's bytes (a SHA-256 of
them) and the code that validated them (quiz's version, the source of the deck-format modules,
pydantic's version) are the ones it was made from, so a changed file, or another quiz, is
always validated afresh. Only valid decks are cached.

A file is not even read when its stamp (size, times, inode and device) is the one recorded
beside its entry with the digest of its bytes, and that record is not racy: the file had last
changed well before it was read (:mod:`quiz.deck.file_stamp`). Any other file is read and
hashed, and its stamp recorded again once it is settled.

Entries are written to a temporary file and renamed into place, so a reader sees a whole
entry or none. An entry that cannot be read, or whose parts do not match their checksums, is
ignored and rewritten; the deck's own part is read, checked and validated again by pydantic
(from JSON, much faster than from YAML) only when the deck is built. A cache folder that
cannot be written only costs speed. Any other error is a bug, and is raised.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz import __version__
from quiz.paths import DATA_DIR_ENV, data_dir

if TYPE_CHECKING:
    from quiz.deck.cache_layout import Layout
    from quiz.deck.file_stamp import Stamp
    from quiz.deck.model import Deck
    from quiz.deck.problems import Problem
    from quiz.deck.summary import DeckSummary

FORMAT = 5  # 3: deck text made visible (quiz.safe_text); 4: card byte lengths; 5: card kinds,
# card checksums and items read back in one string (quiz.deck.cache_layout, quiz.deck.summary)
CACHE_FOLDER = "cache"
ENTRIES = "decks"
SEEN = ".seen"  # a deck file's stamp beside its entry
# The modules whose code decides what a valid deck is, or what an entry holds: a change to any
# of them is a new key. Paths are relative to the quiz package; every card kind counts too.
DECK_FORMAT_MODULES = (
    "../safe_text.py",
    "fields.py",
    "model.py",
    "cloze.py",
    "loader.py",
    "yaml_input.py",
    "schema_errors.py",
    "problems.py",
    "yaml_events.py",
    "validation.py",
    "control_chars.py",
    "file_bytes.py",
    "file_stamp.py",
    "cache.py",
    "cache_layout.py",
    "summary.py",
    "cached_cards.py",
)
HEADER_FIELDS = ("code", "file", "source", "meta", "payload", "checks")
"""What an entry's header line names besides its format, each a string."""


def default_folder(data_dir_override: Path | None = None) -> Path:
    """Where the cache lives: ``<data folder>/cache`` when ``--data-dir`` or ``$QUIZ_HOME``
    names the data folder, else the platform's user cache folder."""
    if data_dir_override or os.environ.get(DATA_DIR_ENV):
        return data_dir(data_dir_override) / CACHE_FOLDER
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quiz", appauthor=False))


def _sha256(data: bytes | memoryview = b"") -> Any:
    # hashlib (with OpenSSL) and json are imported where they are used: the command line
    # imports this module before the app's first frame, which needs neither.
    import hashlib

    return hashlib.sha256(data)


@cache
def code_key() -> str:
    """What identifies the validating code: quiz's version, its deck-format sources, pydantic."""
    digest = _sha256(f"{FORMAT}\0{__version__}".encode())
    here = Path(__file__).parent
    kinds = sorted((here.parent / "kinds").glob("*.py"))
    for path in [*(here / name for name in DECK_FORMAT_MODULES), *kinds]:
        digest.update(_file_bytes(path))
    from importlib.util import find_spec

    for package in ("pydantic", "pydantic_core"):
        spec = find_spec(package)
        if spec is not None and spec.origin:
            folder = Path(spec.origin).parent
            digest.update(_file_bytes(folder / "version.py"))
            digest.update(_file_bytes(folder / "__init__.py"))
    return digest.hexdigest()


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"?"


@dataclass(frozen=True)
class CachedDeck:
    """A valid deck as the cache holds it: its summary and warnings, read and checked at once,
    and the deck itself, which :meth:`restore` reads, checks and builds only when needed."""

    summary: DeckSummary
    warnings: tuple[tuple[int, int, str, str], ...]  # line, column, path, message
    entry: Path
    source: str
    payload_digest: str  # of the deck's JSON and the checksums of its parts after it
    layout: Layout  # where each card lies in the deck's JSON, and its kind
    payload_at: int  # where the deck's JSON begins in the entry (after the two lines)
    checks_digest: str  # of the checksums of the deck JSON's parts

    def problems(self, file: str) -> list[Problem]:
        """The deck's warnings, naming ``file``."""
        from quiz.deck.problems import Problem

        return [
            Problem(file, line, column, path, "warning", message)
            for line, column, path, message in self.warnings
        ]

    def restore(self) -> Deck:
        """The deck, equal to the one validated (field values and which fields were given).

        Raises ``OSError`` when the entry cannot be read, ``ValueError`` (pydantic's
        ``ValidationError`` among them) when it is no longer the one looked up, or is damaged.
        """
        from quiz.deck.model import Deck

        with open(self.entry, "rb") as handle:
            header = _header(handle.readline())
            handle.readline()  # the summary, already read
            payload = handle.read()
        if (
            header["source"] != self.source
            or header["payload"] != self.payload_digest
            or _sha256(payload).hexdigest() != self.payload_digest
            or len(payload) <= self.layout.check_bytes
        ):
            raise ValueError(f"{self.entry}: the cache entry changed or is damaged")
        deck_json = payload[: len(payload) - self.layout.check_bytes]
        # The deck-wide checks ran when the file was validated, with their own messages.
        return Deck.model_validate_json(deck_json, context={"cross_check": False})


def _header(line: bytes) -> dict[str, Any]:
    """An entry's header line; ``ValueError`` unless it is one of this format."""
    import json

    header = json.loads(line)
    if (
        not isinstance(header, dict)
        or header.get("format") != FORMAT
        or not all(isinstance(header.get(name), str) for name in HEADER_FIELDS)
    ):
        raise ValueError("not an entry of this format")
    return header


def _deck_json(deck: Deck) -> tuple[bytes, list[bytes]]:
    """The deck as JSON in parts: everything before its first card (``{...,"cards":[``), and
    each card's JSON (the whole is the deck's own JSON: the cards are its last field)."""
    rest = deck.__pydantic_serializer__.to_json(deck, exclude_unset=True, exclude={"cards"})
    cards = [card.__pydantic_serializer__.to_json(card, exclude_unset=True) for card in deck.cards]
    return rest[:-1] + b',"cards":[', cards


def _warnings(data: Any) -> tuple[tuple[int, int, str, str], ...]:
    """The warnings of an entry's summary line; ``ValueError`` when they are malformed."""
    if isinstance(data, list) and all(
        isinstance(item, list)
        and len(item) == 4
        and all(type(number) is int for number in item[:2])
        and all(isinstance(text, str) for text in item[2:])
        for item in data
    ):
        return tuple((line, column, path, message) for line, column, path, message in data)
    raise ValueError("malformed warnings in a cache entry")


class DeckCache:
    """Validated decks in a folder, one entry per deck file.

    An entry is three parts: a header line (format, code key, source digest and the digests
    of the other parts), a line with the summary and warnings, and the deck as JSON followed
    by a checksum of each of its parts (:mod:`quiz.deck.cache_layout`).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def entry_path(self, path: Path) -> Path:
        """The entry of a deck file (named after its absolute path)."""
        name = _sha256(_absolute(path).encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / ENTRIES / f"{name[:40]}.json"

    @staticmethod
    def digest(raw: bytes) -> str:
        """What identifies a deck file's content: the SHA-256 of its bytes."""
        return _sha256(raw).hexdigest()

    def lookup(self, path: Path, source: str) -> CachedDeck | None:
        """The cached deck for a file whose bytes have the :meth:`digest` ``source``, or None
        when there is no sound entry. The deck itself is checked when it is restored."""
        import json

        from quiz.deck.cache_layout import Layout
        from quiz.deck.summary import DeckSummary

        entry = self.entry_path(path)
        try:
            with open(entry, "rb") as handle:
                header = _header(handle.readline())
                if header["code"] != code_key() or header["source"] != source:
                    return None
                meta = handle.readline()
                payload_at = handle.tell()
            if not meta.endswith(b"\n") or header["meta"] != _sha256(meta).hexdigest():
                return None
            data = json.loads(meta)
            if not isinstance(data, dict):
                raise ValueError("malformed summary line in a cache entry")
            summary_data = data.get("summary")
            if not isinstance(summary_data, dict):
                raise ValueError("a cache entry without a deck summary")
            summary = DeckSummary.from_json(summary_data)
            warnings = _warnings(data.get("warnings"))
            layout = Layout.from_json(data.get("layout"), summary.card_count)
        except (OSError, ValueError):  # missing, unreadable or damaged: validate the file
            return None
        return CachedDeck(
            summary,
            warnings,
            entry,
            source,
            header["payload"],
            layout,
            payload_at,
            header["checks"],
        )

    def stamp_path(self, path: Path) -> Path:
        """Beside a deck file's entry: the file's stamp when its bytes had a given digest
        (:mod:`quiz.deck.file_stamp`)."""
        return self.entry_path(path).with_suffix(SEEN)

    def lookup_unchanged(self, path: Path) -> CachedDeck | None:
        """The cached deck of a file whose stamp is the one recorded with its digest and is
        not racy, without reading the file; None when the file is to be read and hashed."""
        from quiz.deck.file_stamp import current_stamp, trusted_source

        try:
            record = self.stamp_path(path).read_bytes()
        except OSError:
            return None
        import time

        now_ns = time.time_ns()
        source = trusted_source(record, _absolute(path), current_stamp(path), now_ns)
        return None if source is None else self.lookup(path, source)

    def remember(self, path: Path, source: str, stamp: Stamp | None, read_ns: int) -> None:
        """Record that the file, with ``stamp`` when read at ``read_ns``, held the bytes whose
        :meth:`digest` is ``source`` (only a stamp that can be trusted: not a racy one)."""
        from quiz.deck.file_stamp import is_settled, record_bytes

        if stamp is None or not is_settled(stamp, read_ns):
            return
        with suppress(OSError):  # only costs speed
            _write_atomically(
                self.stamp_path(path), record_bytes(_absolute(path), source, stamp, read_ns)
            )

    def discard(self, path: Path) -> None:
        """Forget the entry of a deck file (one that did not rebuild), and its stamp."""
        for stale in (self.stamp_path(path), self.entry_path(path)):
            with suppress(OSError):
                stale.unlink()

    def store(
        self, path: Path, source: str, deck: Deck, summary: DeckSummary, problems: list[Problem]
    ) -> bool:
        """Keep a valid deck read from bytes with the :meth:`digest` ``source``, with its
        summary and its warnings (errors are never cached); whether it was kept."""
        import json

        from quiz.deck.cache_layout import layout_json, part_checks

        if any(problem.severity != "warning" for problem in problems):
            return False
        head, cards = _deck_json(deck)
        checks = part_checks(head, cards)
        payload = head + b",".join(cards) + b"]}" + checks
        meta = {
            "summary": summary.to_json(),
            "warnings": [[p.line, p.column, p.path, p.message] for p in problems],
            "layout": layout_json(deck, head, cards),
        }
        meta_line = json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\n"
        header = {
            "format": FORMAT,
            "code": code_key(),
            "file": _absolute(path),
            "source": source,
            "meta": _sha256(meta_line).hexdigest(),
            "payload": _sha256(payload).hexdigest(),
            "checks": _sha256(checks).hexdigest(),
        }
        header_line = json.dumps(header).encode("utf-8") + b"\n"
        try:
            _write_atomically(self.entry_path(path), header_line + meta_line + payload)
        except OSError:  # a cache that cannot be written only costs speed
            return False
        with suppress(OSError):
            self.prune()
        return True

    def prune(self) -> int:
        """Remove the entries of deck files that no longer exist, and entries of an older
        format; returns how many were removed. (Run after each write, which is rare: only
        after a deck was validated.)"""
        removed = 0
        entries = self.folder / ENTRIES
        with suppress(OSError):
            for entry in entries.glob("*.json"):
                try:
                    with open(entry, "rb") as handle:
                        gone = not os.path.exists(_header(handle.readline())["file"])
                except (OSError, ValueError):
                    gone = True
                if gone:
                    with suppress(OSError):
                        entry.unlink()
                        removed += 1
            for stamp in entries.glob("*.stamp"):  # file stamps kept by older versions
                with suppress(OSError):
                    stamp.unlink()
            for stamp in entries.glob(f"*{SEEN}"):  # stamps whose entry went
                if not stamp.with_suffix(".json").exists():
                    with suppress(OSError):
                        stamp.unlink()
                        removed += 1
        return removed


def _absolute(path: Path) -> str:
    return os.path.abspath(path)


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{id(data):x}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    finally:
        with suppress(OSError):
            temporary.unlink()
