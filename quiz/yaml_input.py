"""Safe, bounded reading of deck YAML: bytes to text to plain data, or located problems.

Hostile input is refused before it reaches the parser (size, nesting, aliases), and YAML tags
that would construct Python objects are errors: a deck is plain data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from quiz.problems import ProblemCollector, line_col

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_FLOW_DEPTH = 100
MAX_INDENT_COLUMNS = 200
MAX_ALIASES = 100
MAX_EXPANDED_VALUES = 1_000_000
MAX_INT_DIGITS = 30


class DeckYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
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


DeckYamlLoader.add_constructor("tag:yaml.org,2002:int", DeckYamlLoader.construct_yaml_int)
DeckYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", DeckYamlLoader.construct_yaml_timestamp
)

_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(rf"^(?:[ \t]|[-?:][ \t]){{{MAX_INDENT_COLUMNS},}}", re.MULTILINE)
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")


def read_text(path: Path, out: ProblemCollector) -> str | None:
    """The file's text, or ``None`` with a problem added (unreadable, too large, not UTF-8)."""
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


def _decode(raw: bytes, out: ProblemCollector) -> str | None:
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, column = line_col(raw[:nul].decode("utf-8", "replace"), nul)
        out.add("contains a NUL byte: this looks like a binary file, not YAML", line, column)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = raw[: error.start].decode("utf-8", "replace")
        line, column = line_col(start, len(start))
        out.add(f"is not valid UTF-8 (byte 0x{raw[error.start]:02x})", line, column)
        return None


def _check_shape(text: str, out: ProblemCollector) -> bool:
    """Refuse input whose nesting or aliases could exhaust the parser; cheap, before parsing."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_FLOW_DEPTH:
            out.add(
                f"brackets nest deeper than {MAX_FLOW_DEPTH} levels",
                *line_col(text, match.start()),
            )
            return False
    deep = _DEEP_INDENT.search(text)
    if deep:
        out.add(
            f"nesting is deeper than {MAX_INDENT_COLUMNS} columns of indentation",
            *line_col(text, deep.start()),
        )
        return False
    return True


def _count_aliases(text: str, out: ProblemCollector) -> int | None:
    aliases = 0
    for event in yaml.parse(text, Loader=DeckYamlLoader):
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


UNREADABLE = object()  # parse_yaml's answer for text it could not, or would not, parse


def parse_yaml(text: str, out: ProblemCollector) -> Any:
    """The YAML data, or ``UNREADABLE`` when the text cannot be parsed safely."""
    if not _check_shape(text, out):
        return UNREADABLE
    has_anchors = _ANCHOR.search(text) is not None
    loader = DeckYamlLoader(text)
    try:
        if has_anchors and _count_aliases(text, out) is None:
            return UNREADABLE
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
        return UNREADABLE
    except yaml.YAMLError as error:
        out.add(f"invalid YAML: {error}")
        return UNREADABLE
    except (RecursionError, MemoryError):
        out.add("YAML structure is too deeply nested or too large")
        return UNREADABLE
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
        return UNREADABLE
    return data
