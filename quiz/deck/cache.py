"""The validated-deck cache: a deck file that has not changed is not parsed or validated again.

An entry belongs to one deck file and holds what validating it gave: the deck (as JSON), its
summary (what the deck list shows: :mod:`quiz.deck.summary`) and its warnings. It is used only
when both the file's bytes (a SHA-256 of them) and the code that validated them (quiz's
version, the source of the deck-format modules, pydantic's version) are the ones it was made
from, so a changed file, or another quiz, is always validated afresh. Only valid decks are
cached.

Once a file has been left alone for two seconds (:data:`RACY_NS`), its stamp (size, times,
inode) is kept beside its entry with its digest, and a file whose stamp is unchanged is served
without being read: a change always moves its change time, which cannot be set back.

Entries are written to a temporary file and renamed into place, so a reader sees a whole
entry or none. An entry that cannot be read, or whose parts do not match their checksums, is
ignored and rewritten; the deck's own part is read and checked only when the deck is built.
Any error writing the cache is ignored: it only costs speed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from quiz import __version__
from quiz.paths import DATA_DIR_ENV, data_dir

if TYPE_CHECKING:
    from pydantic import BaseModel

    from quiz.deck.model import Deck
    from quiz.deck.problems import Problem
    from quiz.deck.summary import DeckSummary

FORMAT = 2
CACHE_FOLDER = "cache"
ENTRIES = "decks"
# The modules whose code decides what a valid deck is: a change to any of them is a new key.
DECK_FORMAT_MODULES = (
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
    "deck_bytes.py",
    "deck_cache.py",
    "deck_summary.py",
)


def default_folder(data_dir_override: Path | None = None) -> Path:
    """Where the cache lives: ``<data folder>/cache`` when ``--data-dir`` or ``$QUIZ_HOME``
    names the data folder, else the platform's user cache folder."""
    if data_dir_override or os.environ.get(DATA_DIR_ENV):
        return data_dir(data_dir_override) / CACHE_FOLDER
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("quiz", appauthor=False))


def _sha256(data: bytes = b"") -> Any:
    # hashlib (with OpenSSL) and json are imported where they are used: the command line
    # imports this module before the app's first frame, which needs neither.
    import hashlib

    return hashlib.sha256(data)


@cache
def code_key() -> str:
    """What identifies the validating code: quiz's version, its deck-format sources, pydantic."""
    digest = _sha256(f"{FORMAT}\0{__version__}".encode())
    here = Path(__file__).parent
    for name in DECK_FORMAT_MODULES:
        digest.update(_file_bytes(here / name))
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


RACY_NS = 2_000_000_000
"""A file changed this close to the moment it was read may not show it in its times (coarse
file-system clocks): its stamp is not trusted, and its bytes are hashed as usual."""


def file_stamp(path: Path) -> list[int] | None:
    """What identifies a file's version without reading it: size, modification and change
    times, inode and device. None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def trusted_stamp(before: list[int] | None, after: list[int] | None, read_ns: int) -> bool:
    """Whether a file's stamp may stand for its bytes: it did not change while it was read,
    and its last change was well before the reading (see :data:`RACY_NS`)."""
    return before is not None and before == after and max(before[1:3]) < read_ns - RACY_NS


@dataclass(frozen=True)
class CachedDeck:
    """A valid deck as the cache holds it: its summary and warnings, read and checked at once,
    and the deck itself, which :meth:`restore` reads, checks and builds only when needed."""

    summary: DeckSummary
    warnings: tuple[tuple[int, int, str, str], ...]  # line, column, path, message
    entry: Path
    source: str
    payload_digest: str

    def problems(self, file: str) -> list[Problem]:
        """The deck's warnings, naming ``file``."""
        from quiz.deck.problems import Problem

        return [
            Problem(file, line, column, path, "warning", message)
            for line, column, path, message in self.warnings
        ]

    def restore(self) -> Deck:
        """The deck, equal to the one validated (field values and which fields were given).

        Raises ``ValueError`` when the entry is no longer the one looked up, or is damaged.
        """
        from pydantic_core import from_json

        from quiz.deck.model import Deck

        with open(self.entry, "rb") as handle:
            header = _header(handle.readline())
            handle.readline()  # the summary, already read
            payload = handle.read()
        if (
            header["source"] != self.source
            or header["payload"] != self.payload_digest
            or _sha256(payload).hexdigest() != self.payload_digest
        ):
            raise ValueError(f"{self.entry}: the cache entry changed or is damaged")
        return _builder(Deck)(from_json(payload, cache_strings="keys"))


def _header(line: bytes) -> dict[str, Any]:
    import json

    header = json.loads(line)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not an entry of this format")
    return header


class DeckCache:
    """Validated decks in a folder, one entry per deck file.

    An entry is three parts: a header line (format, code key, source digest and the digests
    of the other parts), a line with the summary and warnings, and the deck as JSON.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def entry_path(self, path: Path) -> Path:
        """The entry of a deck file (named after its absolute path)."""
        name = _sha256(os.path.abspath(path).encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / ENTRIES / f"{name[:40]}.json"

    @staticmethod
    def digest(raw: bytes) -> str:
        """What identifies a deck file's content: the SHA-256 of its bytes."""
        return _sha256(raw).hexdigest()

    def lookup(self, path: Path, source: str) -> CachedDeck | None:
        """The cached deck for a file whose bytes have the :meth:`digest` ``source``, or None
        when there is no sound entry. The deck itself is checked when it is restored."""
        import json

        from quiz.deck.summary import DeckSummary

        entry = self.entry_path(path)
        try:
            with open(entry, "rb") as handle:
                header = _header(handle.readline())
                if header["code"] != code_key() or header["source"] != source:
                    return None
                meta = handle.readline()
            if not meta.endswith(b"\n") or header["meta"] != _sha256(meta).hexdigest():
                return None
            data = json.loads(meta)
            warnings = tuple(
                (int(line), int(col), str(where), str(message))
                for line, col, where, message in data["warnings"]
            )
            summary = DeckSummary.from_json(data["summary"])
            return CachedDeck(summary, warnings, entry, source, str(header["payload"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def stamp_path(self, path: Path) -> Path:
        """Beside a deck file's entry: the file's stamp when its bytes had the entry's digest."""
        return self.entry_path(path).with_suffix(".stamp")

    def lookup_unchanged(self, path: Path) -> CachedDeck | None:
        """The cached deck of a file whose stamp (:func:`file_stamp`) is the one recorded with
        its digest, without reading the file; None when the file must be read and hashed."""
        import json

        try:
            recorded = json.loads(self.stamp_path(path).read_bytes())
            stamp, source = recorded["stamp"], recorded["source"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if stamp != file_stamp(path) or not isinstance(source, str):
            return None
        return self.lookup(path, source)

    def restamp(self, path: Path, source: str, stamp: list[int]) -> None:
        """Record that the file, with this stamp, has the bytes whose digest is ``source``."""
        import json

        with suppress(Exception):  # only costs speed
            data = json.dumps({"stamp": stamp, "source": source}).encode("utf-8")
            _write_atomically(self.stamp_path(path), data)

    def discard(self, path: Path) -> None:
        """Forget the entry of a deck file (one that did not rebuild)."""
        for stale in (self.stamp_path(path), self.entry_path(path)):
            with suppress(OSError):
                stale.unlink()

    def store(
        self,
        path: Path,
        source: str,
        deck: Deck,
        summary: DeckSummary,
        problems: list[Problem],
        stamp: list[int] | None = None,
    ) -> None:
        """Keep a valid deck read from bytes with the :meth:`digest` ``source``, with its
        summary, its warnings (errors are never cached) and, when it can be trusted, the
        file's stamp."""
        import json

        if any(problem.severity != "warning" for problem in problems):
            return
        with suppress(Exception):  # a cache that cannot be written only costs speed
            payload = deck.__pydantic_serializer__.to_json(deck, exclude_unset=True)
            meta = {
                "summary": summary.to_json(),
                "warnings": [[p.line, p.column, p.path, p.message] for p in problems],
            }
            meta_line = json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\n"
            header = {
                "format": FORMAT,
                "code": code_key(),
                "file": os.path.abspath(path),
                "source": source,
                "meta": _sha256(meta_line).hexdigest(),
                "payload": _sha256(payload).hexdigest(),
            }
            header_line = json.dumps(header).encode("utf-8") + b"\n"
            _write_atomically(self.entry_path(path), header_line + meta_line + payload)
            if stamp is not None:
                self.restamp(path, source, stamp)
            self.prune()

    def prune(self) -> int:
        """Remove the entries of deck files that no longer exist, and entries of an older
        format; returns how many were removed. (Run after each write, which is rare: only
        after a deck was validated.)"""
        removed = 0
        with suppress(OSError):
            for entry in (self.folder / ENTRIES).glob("*.json"):
                try:
                    with open(entry, "rb") as handle:
                        file = _header(handle.readline())["file"]
                    gone = not isinstance(file, str) or not os.path.exists(file)
                except (OSError, ValueError, KeyError):
                    gone = True
                if gone:
                    with suppress(OSError):
                        entry.unlink()
                        removed += 1
            for stamp in (self.folder / ENTRIES).glob("*.stamp"):
                if not stamp.with_suffix(".json").exists():
                    with suppress(OSError):
                        stamp.unlink()
        return removed


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


# -- restoring a deck without validating it again ------------------------------------------


def _builder(model: type[BaseModel]) -> Callable[[dict[str, Any]], BaseModel]:
    """A function that rebuilds an instance of ``model`` from its ``exclude_unset`` dump."""
    return _builders()[model]


@cache
def _builders() -> dict[type, Callable[[dict[str, Any]], Any]]:
    from pydantic import BaseModel

    builders: dict[type, Callable[[dict[str, Any]], Any]] = {}

    def converter(annotation: Any) -> Callable[[Any], Any] | None:
        """How to rebuild a value of this type from JSON data (None: it is already right)."""
        origin = get_origin(annotation)
        if origin is Annotated:
            return converter(get_args(annotation)[0])
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return model_builder(annotation)
        if origin is list:
            inner = converter(get_args(annotation)[0])
            return None if inner is None else lambda value: [inner(item) for item in value]
        if origin in (Union, UnionType):
            options = [a for a in get_args(annotation) if a is not NoneType]
            models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
            if not models:
                return None
            if len(options) == 1:
                build = model_builder(models[0])
                return lambda value: None if value is None else build(value)
            by_type = {
                get_args(m.__pydantic_fields__["type"].annotation)[0]: model_builder(m)
                for m in models
            }
            return lambda value: by_type[value["type"]](value)
        if origin not in (None, Literal) or annotation in (Any, object):
            raise TypeError(f"the deck cache cannot rebuild a field of type {annotation!r}")
        return None

    def model_builder(model: type[BaseModel]) -> Callable[[dict[str, Any]], BaseModel]:
        if model in builders:
            return builders[model]
        builders[model] = lambda data: builders[model](data)  # until built: models may nest
        plan = []
        for name, info in model.__pydantic_fields__.items():
            if info.default_factory is not None:
                default, factory = None, info.default_factory
            elif info.default is None or isinstance(info.default, bool | int | float | str):
                default, factory = info.default, None  # immutable: shared, as pydantic does
            else:
                default, factory = None, partial(info.get_default, call_default_factory=True)
            plan.append((name, converter(info.annotation), default, factory))
        new, set_attribute, missing = model.__new__, object.__setattr__, object()

        def make(data: dict[str, Any]) -> BaseModel:
            values = {}
            for name, convert, default, factory in plan:
                value = data.get(name, missing)
                if value is missing:
                    value = default if factory is None else factory()
                elif convert is not None:
                    value = convert(value)
                values[name] = value
            instance = new(model)
            set_attribute(instance, "__dict__", values)
            set_attribute(instance, "__pydantic_fields_set__", set(data))
            set_attribute(instance, "__pydantic_extra__", None)
            set_attribute(instance, "__pydantic_private__", None)
            return instance

        builders[model] = make
        return make

    from quiz.deck.model import Deck

    model_builder(Deck)
    return builders


# -- the cache a process uses --------------------------------------------------------------

_current: DeckCache | None = None


def current() -> DeckCache | None:
    """The cache loads use now (None: none, the default for library use and tests)."""
    return _current


@contextmanager
def using(cache_: DeckCache | None) -> Iterator[DeckCache | None]:
    """Load decks through ``cache_`` (None: without a cache) inside the ``with`` block."""
    global _current
    previous, _current = _current, cache_
    try:
        yield cache_
    finally:
        _current = previous
