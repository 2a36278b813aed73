"""Read deck files: YAML text to validated :class:`~quiz.model.Deck`, every problem as data.

Nothing here raises on bad input. Each problem is a :class:`Problem` that names the file, the
line and column of the offending YAML node, and its path (``cards[12].choices[2].text``).
Hostile input is bounded before it reaches the parser: see the ``MAX_*`` limits below.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from quiz.model import (
    CARD_TYPES,
    SLUG_PATTERN,
    Deck,
    RuleViolation,
    StrictModel,
    cross_check,
    deck_warnings,
    format_path,
)
from quiz.paths import bundled_decks_dir, user_decks_dir

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_FLOW_DEPTH = 100
MAX_INDENT_COLUMNS = 200
MAX_ALIASES = 100
MAX_EXPANDED_VALUES = 1_000_000
MAX_INT_DIGITS = 30
DECK_SUFFIXES = (".yaml", ".yml")

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a deck file, located as precisely as the input allows.

    ``line`` and ``column`` are 1-based; 0 means the problem concerns the whole file.
    """

    file: str
    line: int
    column: int
    path: str
    severity: Severity
    message: str

    def format(self) -> str:
        """``file:line:col: severity: message [path]``, as compilers print them."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        suffix = f" [{self.path}]" if self.path else ""
        return f"{where}: {self.severity}: {self.message}{suffix}"

    def to_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready mapping."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": self.severity,
            "message": self.message,
        }


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


class _DeckYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (C where available) that also records repeated keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated_keys: list[tuple[yaml.Node, str]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    self.repeated_keys.append((key_node, key_node.value))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = sum(ch.isdigit() for ch in node.value)
        if digits > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"integer of {digits} digits is too long", node.start_mark
            )
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid date {node.value!r}: {error}", node.start_mark
            ) from None


_DeckYamlLoader.add_constructor("tag:yaml.org,2002:int", _DeckYamlLoader.construct_yaml_int)
_DeckYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _DeckYamlLoader.construct_yaml_timestamp
)

_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(rf"^(?:[ \t]|[-?:][ \t]){{{MAX_INDENT_COLUMNS},}}", re.MULTILINE)
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Collector:
    """Gathers the problems of one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        line: int = 0,
        column: int = 0,
        path: str = "",
        *,
        severity: Severity = "error",
    ) -> None:
        self.problems.append(Problem(self.file, line, column, path, severity, message))

    def in_order(self) -> list[Problem]:
        """The problems in file order (whole-file problems first)."""
        return sorted(self.problems, key=lambda p: (p.line, p.column))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _read_text(path: Path, out: _Collector) -> str | None:
    try:
        if path.is_dir():
            out.add("is a directory, not a deck file")
            return None
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        out.add(f"cannot read file: {error.strerror or error}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        out.add(f"file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit for a deck")
        return None
    return _decode(raw, out)


def _decode(raw: bytes, out: _Collector) -> str | None:
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = _line_col(raw[:nul].decode("utf-8", "replace"), nul)
        out.add("contains a NUL byte: this looks like a binary file, not YAML", line, column)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = raw[: error.start].decode("utf-8", "replace")
        line, column = _line_col(start, len(start))
        out.add(f"is not valid UTF-8 (byte 0x{raw[error.start]:02x})", line, column)
        return None


def _check_shape(text: str, out: _Collector) -> bool:
    """Refuse input whose nesting or aliases could exhaust the parser; cheap, before parsing."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_FLOW_DEPTH:
            out.add(
                f"brackets nest deeper than {MAX_FLOW_DEPTH} levels",
                *_line_col(text, match.start()),
            )
            return False
    deep = _DEEP_INDENT.search(text)
    if deep:
        out.add(
            f"nesting is deeper than {MAX_INDENT_COLUMNS} columns of indentation",
            *_line_col(text, deep.start()),
        )
        return False
    return True


def _count_aliases(text: str, out: _Collector) -> int | None:
    aliases = 0
    for event in yaml.parse(text, Loader=_DeckYamlLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                mark = event.start_mark
                out.add(
                    f"more than {MAX_ALIASES} aliases (*name) in one file",
                    mark.line + 1,
                    mark.column + 1,
                )
                return None
    return aliases


def _expanded_size(value: Any, limit: int) -> int:
    """How many values ``value`` holds once every alias is expanded, stopping past ``limit``."""
    memo: dict[int, int] = {}

    def size(item: Any) -> int:
        if not isinstance(item, dict | list):
            return 1
        known = memo.get(id(item))
        if known is not None:
            return known
        children = item.values() if isinstance(item, dict) else item
        total = 1
        for child in children:
            total += size(child)
            if total > limit:
                break
        memo[id(item)] = total
        return total

    return size(value)


_UNREADABLE = object()


def _parse(text: str, out: _Collector) -> Any:
    """The YAML data, or ``_UNREADABLE`` when the text cannot be parsed safely."""
    if not _check_shape(text, out):
        return _UNREADABLE
    has_anchors = _ANCHOR.search(text) is not None
    loader = _DeckYamlLoader(text)
    try:
        if has_anchors and _count_aliases(text, out) is None:
            return _UNREADABLE
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(filter(None, [error.context, error.problem])) or str(error)
        tag = re.search(r"constructor for the tag '([^']*)'", message)
        if tag:
            shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            message = f"tag {shown!r} is not allowed: a deck is plain data"
        elif error.context and "single document" in error.context:
            message = "a deck file holds one YAML document, but a second one starts here"
        elif not isinstance(error, yaml.constructor.ConstructorError):
            context = error.context_mark
            if error.context and context and mark and context.line != mark.line:
                message = (
                    f"{error.context} (line {context.line + 1}, column "
                    f"{context.column + 1}): {error.problem}"
                )
            message = f"invalid YAML: {message}"
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        out.add(message, line, column)
        return _UNREADABLE
    except yaml.YAMLError as error:
        out.add(f"invalid YAML: {error}")
        return _UNREADABLE
    except (RecursionError, MemoryError):
        out.add("YAML structure is too deeply nested or too large")
        return _UNREADABLE
    finally:
        loader.dispose()
    for node, key in loader.repeated_keys:
        out.add(
            f"key {key!r} is repeated in this mapping",
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
    if has_anchors and _expanded_size(data, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES:
        out.add(f"aliases expand to more than {MAX_EXPANDED_VALUES:,} values")
        return _UNREADABLE
    return data


_FIELD_NAMES = sorted(
    {name for model in StrictModel.__subclasses__() for name in model.model_fields}
    | {
        name
        for model in StrictModel.__subclasses__()
        for sub in model.__subclasses__()
        for name in sub.model_fields
    }
)
_TYPE_NAMES = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    kind = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
    if isinstance(value, str | int | float | bool):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        return f"{kind} {shown}"
    return kind


def _schema_problem(error: dict[str, Any]) -> RuleViolation:
    """Turn one pydantic error into a located, plainly worded rule violation."""
    loc = list(error["loc"])
    # A discriminated union adds the card type to the location; the YAML has no such key.
    if len(loc) >= 3 and loc[0] == "cards" and isinstance(loc[1], int) and loc[2] in CARD_TYPES:
        del loc[2]
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    message = error["msg"]
    if kind == "extra_forbidden":
        key = loc[-1]
        close = difflib.get_close_matches(str(key), _FIELD_NAMES, n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        message = f"unknown key {key!r}{hint}"
    elif kind == "missing":
        message = f"missing required key {loc.pop()!r}"
    elif kind == "union_tag_invalid":
        message = f"unknown card type {ctx.get('tag')!r}; expected one of: {', '.join(CARD_TYPES)}"
        loc.append("type")
    elif kind == "union_tag_not_found":
        message = f"card has no 'type'; expected one of: {', '.join(CARD_TYPES)}"
    elif kind in _TYPE_NAMES:
        message = f"expected {_TYPE_NAMES[kind]}, got {_describe(value)}"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        message = (
            f"{value!r} is not a valid id: use lower-case letters and digits, "
            "with single '-' or '_' between them"
        )
    elif kind == "value_error":
        message = str(ctx.get("error", message))
    elif kind in {"string_too_short", "too_short"} and ctx.get("min_length") == 1:
        message = "must not be empty"
    elif kind == "too_long":
        message = f"at most {ctx.get('max_length')} items allowed, found {ctx.get('actual_length')}"
    elif kind == "too_short":
        message = f"at least {ctx.get('min_length')} items needed, found {ctx.get('actual_length')}"
    else:
        message = message[0].lower() + message[1:]
    return RuleViolation(tuple(loc), message)


def _locate(text: str, violations: list[RuleViolation], out: _Collector) -> None:
    """Add each violation with the line and column of the YAML node its path names."""
    try:
        root = yaml.compose(text, Loader=_DeckYamlLoader)
    except yaml.YAMLError:  # parsed once already; defensive only
        root = None
    for violation in violations:
        line = column = 0
        node = root
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        key_node = None
        for part in violation.path:
            child = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        key_node, child = k, v
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                key_node, child = None, node.value[part]
            if child is None:
                break
            node = child
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if violation.message.startswith("unknown key") and key_node is not None:
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
        out.add(
            violation.message,
            line,
            column,
            format_path(violation.path),
            severity=violation.severity,
        )


def load_text(text: str, file: str = "<text>") -> tuple[Deck | None, list[Problem]]:
    """Validate deck YAML text; return the deck (``None`` if invalid) and every problem."""
    out = _Collector(file)
    deck = _load_decoded(text, out)
    return deck, out.in_order()


def _load_decoded(text: str, out: _Collector) -> Deck | None:
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        out.add(
            "contains a NUL byte: this looks like a binary file, not YAML",
            *_line_col(text, text.index("\x00")),
        )
        return None
    data = _parse(text, out)
    if data is _UNREADABLE:
        return None
    if data is None:
        out.add("file is empty: a deck is a YAML mapping with id, title, sources and cards")
        return None
    if not isinstance(data, dict):
        out.add(f"a deck must be a YAML mapping (key: value), not {_describe(data)}", 1, 1)
        return None
    violations = [v for v in cross_check(data) if v.severity == "error"]
    deck = None
    try:
        deck = Deck.model_validate(data, context={"cross_check": False})
    except ValidationError as error:
        violations.extend(_schema_problem(e) for e in error.errors(include_url=False))
    if deck is not None and not violations:
        violations.extend(deck_warnings(deck))
    if violations:
        violations.sort(key=lambda v: [(isinstance(p, int), p) for p in v.path])
        _locate(text, violations, out)
    return None if out.failed else deck


def load_file(path: Path, display: str | None = None) -> tuple[Deck | None, list[Problem]]:
    """Read and validate one deck file; return the deck (``None`` if invalid) and its problems."""
    out = _Collector(display or str(path))
    text = _read_text(path, out)
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
                out = _Collector(str(path))
                violation = RuleViolation(
                    ("id",), f"deck id {deck.id!r} is already used by {owners[deck.id]}"
                )
                _locate(path.read_text(encoding="utf-8-sig"), [violation], out)
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
