"""Read deck files: YAML text to validated :class:`~quiz.model.Deck`, every problem as data.

Nothing here raises on bad input. Each problem is a :class:`Problem` that names the file, the
line and column of the offending YAML node, and its path (``cards[12].choices[2].text``).
Hostile input is bounded before it reaches the parser: see :mod:`quiz.yaml_input`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from quiz.model import Deck, RuleViolation, cross_check, deck_warnings
from quiz.paths import bundled_decks_dir, user_decks_dir
from quiz.problems import Problem, ProblemCollector, line_col
from quiz.schema_errors import describe_value, explain_schema_error, locate
from quiz.yaml_input import MAX_FILE_BYTES as MAX_FILE_BYTES
from quiz.yaml_input import UNREADABLE, parse_yaml, read_text

DECK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class LoadedDeck:
    """A valid deck and the file it came from."""

    deck: Deck
    path: Path


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
        return sum(len(loaded.deck.cards) for loaded in self.decks)

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
    if "\x00" in text:
        out.add(
            "contains a NUL byte: this looks like a binary file, not YAML",
            *line_col(text, text.index("\x00")),
        )
        return None
    data = parse_yaml(text, out)
    if data is UNREADABLE:
        return None
    if data is None:
        out.add("file is empty: a deck is a YAML mapping with id, title, sources and cards")
        return None
    if not isinstance(data, dict):
        out.add(f"a deck must be a YAML mapping (key: value), not {describe_value(data)}", 1, 1)
        return None
    violations = [v for v in cross_check(data) if v.severity == "error"]
    deck = None
    try:
        deck = Deck.model_validate(data, context={"cross_check": False})
    except ValidationError as error:
        violations.extend(explain_schema_error(e) for e in error.errors(include_url=False))
    if deck is not None and not violations:
        violations.extend(deck_warnings(deck))
    if violations:
        violations.sort(key=lambda v: [(isinstance(p, int), p) for p in v.path])
        locate(text, violations, out)
    return None if out.failed else deck


def load_file(path: Path, display: str | None = None) -> tuple[Deck | None, list[Problem]]:
    """Read and validate one deck file; return the deck (``None`` if invalid) and its problems."""
    out = ProblemCollector(display or str(path))
    text = read_text(path, out)
    if text is None:
        return None, out.in_order()
    try:
        deck = _load_decoded(text, out)
    except Exception as error:  # last resort: bad input must never become a traceback
        out.add(f"could not be read as a deck: {type(error).__name__}: {error}")
        deck = None
    return deck, out.in_order()


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


def load_paths(paths: Iterable[Path]) -> LoadResult:
    """Load deck files and folders; deck ids must be unique across everything loaded."""
    result = LoadResult()
    owners: dict[str, Path] = {}
    for given in paths:
        files = deck_files(given) if given.is_dir() else [given]
        for path in files:
            result.files.append(path)
            deck, problems = load_file(path)
            if deck is not None and deck.id in owners:
                out = ProblemCollector(str(path))
                violation = RuleViolation(
                    ("id",), f"deck id {deck.id!r} is already used by {owners[deck.id]}"
                )
                locate(path.read_text(encoding="utf-8-sig"), [violation], out)
                problems = out.problems + problems
                deck = None
            result.problems.extend(problems)
            if deck is not None:
                owners[deck.id] = path
                result.decks.append(LoadedDeck(deck, path))
    return result


def load_default(data_dir: Path) -> LoadResult:
    """The bundled decks plus the student's own decks in ``<data_dir>/decks``."""
    folders = [bundled_decks_dir()]
    own = user_decks_dir(data_dir)
    if own.is_dir():
        folders.append(own)
    return load_paths(folders)
