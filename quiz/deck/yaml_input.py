"""Safe, bounded reading of deck YAML: bytes to text to plain data, or located problems.

Hostile input is refused before it reaches the parser (size, nesting, aliases), and YAML tags
that would construct Python objects are errors: a deck is plain data.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from quiz.deck.problems import ProblemCollector, line_col

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
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEEP_INDENT = re.compile(rf"^(?:[ \t]|[-?:][ \t]){{{MAX_INDENT_COLUMNS},}}", re.MULTILINE)
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")


def _too_deep(brackets: str) -> bool:
    """Whether a text's brackets, in order, nest deeper than :data:`MAX_FLOW_DEPTH`."""
    depth = 0
    for bracket in brackets:
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        if depth > MAX_FLOW_DEPTH:
            return True
    return False


def _check_shape(text: str, out: ProblemCollector) -> bool:
    """Refuse input whose nesting or aliases could exhaust the parser; cheap, before parsing."""
    # The brackets alone, joined, are quick to check; the slower scan only locates a problem.
    if _too_deep(_NOT_BRACKETS.sub("", text)):
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


def _has_anchor(text: str) -> bool:
    """Whether ``_ANCHOR`` matches the text: tried only around each ``&``, which it needs."""
    at = text.find("&")
    while at >= 0:
        if _ANCHOR.search(text, max(at - 1, 0), at + 2):
            return True
        at = text.find("&", at + 1)
    return False


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


class _Unusual(Exception):
    """A document the plain-data fast path leaves to PyYAML's composer and constructor."""


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SIMPLE_SCALARS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)
_MERGE_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})


def _plain_data(loader: DeckYamlLoader) -> tuple[Any, list[tuple[yaml.ScalarNode, str]]]:
    """Build a document of plain mappings, lists and scalars straight from parser events.

    Gives what ``get_single_data`` gives, faster and without holding the whole node tree
    (several times the size of the data) in memory. Scalars other than strings go through
    the loader's own constructors; anything else (an anchor or alias, a merge key, a complex
    key, a tag such as ``!!set`` or ``!!python/object``, a second document) raises
    :class:`_Unusual`. Returns the data and the repeated keys found.
    """
    get_event, resolve = loader.get_event, loader.resolve
    constructors = loader.yaml_constructors
    repeated: list[tuple[yaml.ScalarNode, str]] = []
    scalar_event, mapping_end = yaml.ScalarEvent, yaml.MappingEndEvent
    mapping_start, sequence_start, sequence_end = (
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
        yaml.SequenceEndEvent,
    )

    plain_tags: dict[str, str] = {}  # short plain scalars (keys, mostly) resolve the same

    def scalar_tag(event: yaml.ScalarEvent) -> str:
        tag = event.tag
        if tag is not None and tag != "!":
            return tag
        # as PyYAML's composer resolves it; without path resolvers only the value counts
        if not event.implicit[0]:
            return _STR
        value = event.value
        if len(value) > 40:
            return resolve(yaml.ScalarNode, value, event.implicit)
        tag = plain_tags.get(value)
        if tag is None:
            tag = plain_tags[value] = resolve(yaml.ScalarNode, value, event.implicit)
        return tag

    def scalar(event: yaml.ScalarEvent, tag: str) -> Any:
        if tag == _STR:
            return event.value
        if tag not in _SIMPLE_SCALARS:
            raise _Unusual
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return constructors[tag](loader, node)

    def collection_tag(event: yaml.CollectionStartEvent, kind: type) -> str:
        tag = event.tag
        return resolve(kind, None, event.implicit) if tag is None or tag == "!" else tag

    def build(event: yaml.Event) -> Any:
        kind = event.__class__
        if getattr(event, "anchor", None) is not None:
            raise _Unusual
        if kind is scalar_event:
            return scalar(event, scalar_tag(event))
        if kind is mapping_start and collection_tag(event, yaml.MappingNode) == _MAP:
            mapping: dict[Any, Any] = {}
            seen: set[str] = set()
            while (key_event := get_event()).__class__ is not mapping_end:
                if key_event.__class__ is not scalar_event or key_event.anchor is not None:
                    raise _Unusual
                tag = scalar_tag(key_event)
                if tag in _MERGE_KEYS:
                    raise _Unusual
                text = key_event.value
                if text in seen:
                    node = yaml.ScalarNode(tag, text, key_event.start_mark, key_event.end_mark)
                    repeated.append((node, text))
                seen.add(text)
                key = scalar(key_event, tag)
                mapping[key] = build(get_event())
            return mapping
        if kind is sequence_start and collection_tag(event, yaml.SequenceNode) == _SEQ:
            items = []
            while (item_event := get_event()).__class__ is not sequence_end:
                items.append(build(item_event))
            return items
        raise _Unusual  # an alias, or a collection with a tag of its own

    if loader.yaml_path_resolvers:
        raise _Unusual  # tags would depend on where a node is
    get_event()  # the stream starts
    if loader.check_event(yaml.StreamEndEvent):
        return None, repeated
    get_event()  # the document starts
    data = build(get_event())
    get_event()  # the document ends
    if not loader.check_event(yaml.StreamEndEvent):
        raise _Unusual  # a second document: PyYAML reports it
    return data, repeated


def parse_yaml(text: str, out: ProblemCollector) -> Any:
    """The YAML data, or ``UNREADABLE`` when the text cannot be parsed safely."""
    if not _check_shape(text, out):
        return UNREADABLE
    has_anchors = _has_anchor(text)
    loader = DeckYamlLoader(text)
    try:
        if has_anchors:
            if _count_aliases(text, out) is None:
                return UNREADABLE
            data = loader.get_single_data()
        else:
            try:
                data, repeated = _plain_data(loader)
            except Exception:  # not plain data, or an error PyYAML must report in its own way
                loader.dispose()
                loader = DeckYamlLoader(text)
                data = loader.get_single_data()
            else:
                loader.repeated_keys.extend(repeated)
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
