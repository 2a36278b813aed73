"""Read deck files: YAML text to validated :class:`~quiz.deck.model.Deck`, every problem as data.

Nothing here raises on bad input. Each problem is a :class:`Problem` that names the file, the
line and column of the offending YAML node, and its path (``cards[12].choices[2].text``).
Hostile input is bounded before it reaches the parser: see :mod:`quiz.deck.yaml_input`.

A deck file that has not changed since it was last validated is served by the deck cache
(:mod:`quiz.deck.cache`) when one is given. The parser, pydantic and the deck models are
imported only when a file has to be validated, or a cached deck is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.deck.file_bytes import decode, read_bytes, read_stamped
from quiz.deck.loaded import LoadedDeck, paused_gc
from quiz.deck.problems import Problem, ProblemCollector
from quiz.paths import bundled_decks_dir, user_decks_dir

if TYPE_CHECKING:
    from quiz.deck.cache import CachedDeck, DeckCache
    from quiz.deck.model import Deck

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadResult:
    """Everything a load found: the valid decks, every problem, and the files read."""

    decks: list[LoadedDeck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that make a file invalid."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Advice that does not make a file invalid."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def card_count(self) -> int:
        """Cards in the valid decks."""
        return sum(loaded.card_count for loaded in self.decks)

    def build(self) -> list[Deck]:
        """Build every valid deck now (a cached one is otherwise built on first use)."""
        return [loaded.deck for loaded in self.decks]

    def broken(self) -> dict[str, Problem]:
        """Each file that failed to load, with its first error."""
        first: dict[str, Problem] = {}
        for problem in self.errors:
            first.setdefault(problem.file, problem)
        return first


def load_text(text: str, file: str = "<text>") -> tuple[Deck | None, list[Problem]]:
    """Validate deck YAML text; return the deck (``None`` if invalid) and every problem."""
    out = ProblemCollector(file)
    deck = _load_decoded(text, out)
    return deck, out.in_order()


def _load_decoded(text: str, out: ProblemCollector) -> Deck | None:
    text = text.removeprefix("\ufeff")
    out.use_text(text)
    if "\x00" in text:
        out.add_at(
            "contains a NUL byte: this looks like a binary file, not YAML", text.index("\x00")
        )
        return None
    from quiz.deck.control_chars import holds_control
    from quiz.deck.model import cross_check, deck_warnings, failed_examples
    from quiz.deck.schema_errors import Locator, locate, locate_errors
    from quiz.deck.validation import check_deck, control_warnings
    from quiz.deck.yaml_input import parse_document

    with paused_gc():
        doc = parse_document(text, out)
        if doc is None:
            return None
        data = doc.data
        if data is None:
            out.add("file is empty: a deck is a YAML mapping with id, title, sources and cards")
            return None
        if not isinstance(data, dict):
            from quiz.deck.schema_errors import describe_value

            out.add_at(
                f"a deck must be a YAML mapping (key: value), not {describe_value(data)}",
                doc.root,
            )
            return None
        where = Locator(doc)
        locate(where, [v for v in cross_check(data) if v.severity == "error"], out)
        check = check_deck(data, doc.item_sizes, doc.values)
        locate_errors(where, check.errors, out)
        out.left_out(check.counted, where.offset(check.counted_from))
        deck = check.deck
        if deck is not None and not out.failed:
            locate(where, failed_examples(deck), out)
            locate(where, deck_warnings(deck), out)
            if "\\" in text or holds_control(text):  # escapes, or raw NEL or bidi controls
                locate(where, control_warnings(data), out)
    return None if out.failed else deck


def _read_deck(path: Path, out: ProblemCollector, cache: DeckCache | None) -> LoadedDeck | None:
    """Read one deck file, through ``cache`` when given; its problems go to ``out``.

    A file whose stamp is the one the cache recorded is not read at all; any other is read
    and hashed, and its stamp recorded once it is known to hold a valid deck."""
    if cache is None:
        raw, stamp, read_ns = read_bytes(path, out), None, 0
    else:
        hit = cache.lookup_unchanged(path)
        if hit is not None:
            return _cached(hit, path, out, cache)
        raw, stamp, read_ns = read_stamped(path, out)
    if raw is None:
        return None
    source = None
    if cache is not None:
        source = cache.digest(raw)
        hit = cache.lookup(path, source)
        if hit is not None:
            cache.remember(path, source, stamp, read_ns)
            return _cached(hit, path, out, cache)
    text = decode(raw, out)
    del raw  # a large deck's bytes need not stay in memory while it is parsed
    if text is None:
        return None
    try:
        deck = _load_decoded(text, out)
    except Exception as error:  # last resort: bad input must never become a traceback
        out.add(f"could not be read as a deck: {type(error).__name__}: {error}")
        deck = None
    if deck is None:
        return None
    loaded = LoadedDeck(deck, path)
    if (
        cache is not None
        and source is not None
        and cache.store(path, source, deck, loaded.summary, out.in_order())
    ):
        cache.remember(path, source, stamp, read_ns)
    return loaded


def _cached(hit: CachedDeck, path: Path, out: ProblemCollector, cache: DeckCache) -> LoadedDeck:
    """A deck served by the cache: its warnings, and the deck built when first used."""
    out.problems.extend(hit.problems(out.file))
    return LoadedDeck.deferred(path, hit.summary, lambda: _restore(hit, path, out.file, cache), hit)


def _restore(hit: CachedDeck, path: Path, display: str, cache: DeckCache) -> Deck:
    """The cached deck; should the entry not rebuild, it is dropped and the file validated."""
    try:
        return hit.restore()
    except (OSError, ValueError):  # the entry went or is damaged (pydantic's errors included)
        cache.discard(path)
        out = ProblemCollector(display)
        loaded = _read_deck(path, out, cache)
        if loaded is None:
            problems = out.in_order()
            raise RuntimeError(
                f"{display}: the deck changed while it was being read; load it again "
                f"({problems[0].format() if problems else 'no deck'})"
            ) from None
        return loaded.deck


def load_file(
    path: Path, display: str | None = None, *, cache: DeckCache | None = None
) -> tuple[Deck | None, list[Problem]]:
    """Read and validate one deck file, through ``cache`` when given; return the deck
    (``None`` if invalid) and its problems."""
    out = ProblemCollector(display or str(path))
    loaded = _read_deck(path, out, cache)
    return (None if loaded is None else loaded.deck), out.in_order()


def deck_files(folder: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` file under a folder, sorted, hidden folders skipped."""
    found = [
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in DECK_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    return sorted(found)


def load_paths(
    paths: Iterable[Path], *, cache: DeckCache | None = None, keep_decks: bool = True
) -> LoadResult:
    """Load deck files and folders, through ``cache`` when given; deck ids must be unique
    across everything loaded.

    Without ``keep_decks`` each deck is let go once checked (its summary stays, and the deck
    is read again if asked for), so that checking many large decks takes the memory of one.
    """
    result = LoadResult()
    owners: dict[str, Path] = {}
    with paused_gc():
        for given in paths:
            files = deck_files(given) if is_folder(given) else [given]
            for path in files:
                result.files.append(path)
                out = ProblemCollector(str(path))
                loaded = _read_deck(path, out, cache)
                problems = out.in_order()
                if loaded is not None and loaded.deck_id in owners:
                    owner = owners[loaded.deck_id]
                    problems = [
                        _top_key_problem(
                            path, "id", f"deck id {loaded.deck_id!r} is already used by {owner}"
                        ),
                        *problems,
                    ]
                    loaded = None
                result.problems.extend(problems)
                if loaded is not None:
                    owners[loaded.deck_id] = path
                    if not keep_decks and loaded.is_built:
                        loaded = LoadedDeck.deferred(path, loaded.summary, _reader(path))
                    result.decks.append(loaded)
    return result


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False when it cannot be looked at (reading it says why)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, say: reading it reports the problem
        return False


def _reader(path: Path) -> Callable[[], Deck]:
    """A function that reads the deck at ``path`` again (for a deck that was let go)."""

    def read() -> Deck:
        deck, problems = load_file(path)
        if deck is None:
            raise RuntimeError(f"{path}: the deck changed since it was checked: {problems[0]}")
        return deck

    return read


def _top_key_problem(path: Path, key: str, message: str) -> Problem:
    """An error at the value of a top-level key of a deck file that has been read before."""
    from quiz.deck.yaml_input import top_key_offset

    out = ProblemCollector(str(path))
    raw = read_bytes(path, ProblemCollector(str(path)))
    text = None if raw is None else decode(raw, ProblemCollector(str(path)))
    offset = None if text is None else top_key_offset(text.removeprefix("\ufeff"), key)
    if text is None or offset is None:
        out.add(message, path=key)
    else:
        out.use_text(text.removeprefix("\ufeff"))
        out.add_at(message, offset, key)
    return out.problems[0]


def load_default(data_dir: Path, *, cache: DeckCache | None = None) -> LoadResult:
    """The bundled decks plus the student's own decks in ``<data_dir>/decks``, through
    ``cache`` when given."""
    folders = [bundled_decks_dir()]
    own = user_decks_dir(data_dir)
    if own.is_dir():
        folders.append(own)
    return load_paths(folders, cache=cache)
