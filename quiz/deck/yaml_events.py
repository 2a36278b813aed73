"""A deck's YAML built straight from parser events, every structural limit checked on the way.

PyYAML's composer would first build a node tree several times the size of the data, recurse
as deep as the input nests, follow a recursive alias forever and let ``true:`` replace ``1:``
in silence. Building from events instead keeps the work proportional to the input, stops at
the first value past a limit, and records where each value starts (a character offset), so
that a problem found later is located without parsing again.

Plain data only: strings, numbers, true/false, null and dates, lists and mappings with text
keys, anchors, aliases and merge keys (``<<``). Any other tag is refused.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

import yaml

from quiz.deck.model import format_path
from quiz.deck.problems import ProblemCollector

MAX_DEPTH = 100  # lists and mappings inside one another
MAX_VALUES = 400_000  # scalars, lists, mappings and aliases in one file, keys included
MAX_ENTRIES = 1_000  # items of a list or keys of a mapping
MAX_CARDS = 50_000  # items of the deck's `cards` list
MAX_ALIASES = 100
MAX_EXPANDED_VALUES = 1_000_000  # values once every alias is expanded

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_SCALAR_KINDS = {
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
}
_PLAIN_CACHE = 20_000  # short plain scalars whose tag and value are remembered


class StructureError(Exception):
    """Input the builder refuses: a message, where (a character offset) and the YAML path."""

    def __init__(self, message: str, offset: int, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message, self.offset, self.path = message, offset, path


@dataclass
class Document:
    """Plain data built from one YAML document, and where its values are in the text.

    ``positions`` maps ``id()`` of each list to the offsets of its items, and of each mapping
    to the offsets of its keys and values (key, value, key, value... in the mapping's order);
    ``moved`` holds, for a mapping with a repeated key, where the value kept is;
    ``item_sizes`` the number of values (aliases expanded) of each item of each list at the top
    of the document, such as ``cards``.
    """

    data: Any = None
    values: int = 0
    root: int = 0
    positions: dict[int, array[int]] = field(default_factory=dict)
    moved: dict[int, dict[str, tuple[int, int]]] = field(default_factory=dict)
    item_sizes: dict[str, array[int]] = field(default_factory=dict)
    unusable: bool = False
    """Whether a key is not text (the problem is reported; the data is not validated)."""


class _Everything:
    """Holds every first character: a resolver that may read any plain scalar as not text."""

    def __contains__(self, item: object) -> bool:
        return True


def resolved_firsts(loader: Any) -> Any:
    """The first characters (``""`` for an empty scalar) of a plain scalar that ``loader``'s
    resolver may read as something other than text; any other plain scalar is text, as
    ``resolve`` would say after looking it up."""
    firsts = loader.yaml_implicit_resolvers
    if None in firsts or loader.yaml_path_resolvers:
        return _Everything()
    return frozenset(firsts)


def shown_tag(tag: str) -> str:
    """``!!set`` for ``tag:yaml.org,2002:set``: a tag as a deck author writes it."""
    return tag.replace("tag:yaml.org,2002:", "!!")


def build_document(loader: Any, out: ProblemCollector) -> Document:
    """Build the one document of ``loader``'s stream; raises :class:`StructureError` (or
    PyYAML's error for text that is not YAML). Repeated keys and keys that are not text go
    to ``out`` (located in the text given to its :meth:`~ProblemCollector.use_text`)."""
    get_event, resolve = loader.get_event, loader.resolve
    constructors = loader.yaml_constructors
    maybe_not_text = resolved_firsts(loader)
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, mapping_end = yaml.MappingStartEvent, yaml.MappingEndEvent
    sequence_end = yaml.SequenceEndEvent
    doc = Document()
    positions, moved, frames = doc.positions, doc.moved, []
    anchors: dict[str, tuple[Any, int | None]] = {}  # size None: the node is still open
    plain_values: dict[str, tuple[str, Any]] = {}  # short plain scalar: its tag and value
    key_tags: dict[str, str] = {}
    values = aliases = expanded_extra = 0  # aliases add what they stand for to the values

    def path() -> tuple[str | int, ...]:
        # a mapping's frame holds None until its first key is read
        return tuple(frame[0] for frame in frames if frame[0] is not None)

    def fail(message: str, event: yaml.Event, at: tuple[str | int, ...] = ()) -> StructureError:
        return StructureError(message, event.start_mark.index, at)

    def not_allowed(tag: str, event: yaml.Event, at: tuple[str | int, ...]) -> StructureError:
        return fail(f"tag {shown_tag(tag)!r} is not allowed: a deck is plain data", event, at)

    def construct(event: yaml.ScalarEvent, tag: str) -> Any:
        if tag == _STR:
            return event.value
        if tag not in _SCALAR_KINDS:
            raise not_allowed(tag, event, path())
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return constructors[tag](loader, node)
        except yaml.YAMLError:
            raise
        except Exception:  # PyYAML's constructors assume a well-formed value (`!!int ''`)
            message = f"{event.value[:40]!r} cannot be read as {shown_tag(tag)}"
            raise fail(message, event, path()) from None

    def scalar(event: yaml.ScalarEvent) -> tuple[str, Any]:
        """The tag and value of a scalar (a plain one resolved as PyYAML's composer does)."""
        tag = event.tag
        if tag is not None and tag != "!":
            return tag, construct(event, tag)
        text = event.value
        if not event.implicit[0] or text[:1] not in maybe_not_text:
            return _STR, text
        short = len(text) <= 40  # a long text is not remembered: hashing it costs a pass
        known = plain_values.get(text) if short else None
        if known is None:
            tag = resolve(yaml.ScalarNode, text, event.implicit)
            known = (tag, construct(event, tag))
            if short and len(plain_values) < _PLAIN_CACHE:
                plain_values[text] = known  # only immutable values: text, numbers, dates
        return known

    def key_tag(event: yaml.ScalarEvent) -> str:
        """The tag of a scalar key: text, a merge (``<<``), or another scalar (refused)."""
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return _STR
            tag = key_tags.get(event.value)
            if tag is None:
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                if len(event.value) <= 40 and len(key_tags) < _PLAIN_CACHE:
                    key_tags[event.value] = tag
        if tag in (_STR, _MERGE, _VALUE) or tag in _SCALAR_KINDS:
            return tag
        raise not_allowed(tag, event, path()[:-1])

    def too_many_values(event: yaml.Event) -> StructureError:
        message = f"more than {MAX_VALUES:,} values (keys, values and list items) in one file"
        return fail(message, event, path())

    def alias(event: yaml.AliasEvent) -> Any:
        nonlocal aliases, expanded_extra
        aliases += 1
        if aliases > MAX_ALIASES:
            raise fail(f"more than {MAX_ALIASES} aliases (*name) in one file", event)
        if event.anchor not in anchors:
            raise fail(f"invalid YAML: found undefined alias {event.anchor!r}", event)
        value, size = anchors[event.anchor]
        if size is None:
            message = f"alias *{event.anchor} is inside the node it names: a recursive alias"
            raise fail(message, event, path())
        expanded_extra += size - 1
        if values + expanded_extra > MAX_EXPANDED_VALUES:
            raise fail(f"aliases expand to more than {MAX_EXPANDED_VALUES:,} values", event)
        return value

    def anchor(event: yaml.NodeEvent, value: Any, size: int | None) -> None:
        if event.anchor in anchors and anchors[event.anchor][1] is not None:
            raise fail(f"the anchor &{event.anchor} is defined twice", event)
        anchors[event.anchor] = (value, size)

    # Events are told apart by their class's identity (the fastest test), which a type
    # checker does not narrow: the two functions that dispatch on it take any event.
    def build(event: Any, depth: int, limit: int = MAX_ENTRIES) -> Any:
        """The value of a node that is not a plain scalar without anchor (those are inline)."""
        kind = event.__class__
        if kind is scalar_event:
            value = scalar(event)[1]
            if event.anchor is not None:
                anchor(event, value, 1)
            return value
        if kind is alias_event:
            return alias(event)
        if depth >= MAX_DEPTH:
            raise fail(f"lists and mappings nest deeper than {MAX_DEPTH} levels", event)
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if kind is mapping_start else _SEQ):
            raise not_allowed(tag, event, path())
        before = values + expanded_extra - 1  # the container itself is counted
        container: Any = {} if kind is mapping_start else []
        if event.anchor is not None:
            anchor(event, container, None)
        frames.append([None])
        if kind is mapping_start:
            mapping(container, depth)
        else:
            sequence(container, depth, limit)
        frames.pop()
        if event.anchor is not None:
            anchors[event.anchor] = (container, values + expanded_extra - before)
        return container

    def key_of(event: Any) -> tuple[str, str]:
        """The text and tag of a key that is not a plain scalar without anchor."""
        if event.__class__ is alias_event:
            value = alias(event)
            if isinstance(value, str):
                return value, _STR
            raise fail("a key must be text, not an alias of a list or mapping", event, path()[:-1])
        if event.__class__ is not scalar_event:
            raise fail("a key must be text, not a list or mapping", event, path()[:-1])
        tag = key_tag(event)
        anchor(event, construct(event, tag) if tag in _SCALAR_KINDS else event.value, 1)
        return event.value, tag

    def key_problem(message: str, offset: int) -> None:
        if out.keeps(offset):
            out.add_at(message, offset, format_path(path()))
        else:
            out.left_out(1, offset)

    def mapping(target: dict[str, Any], depth: int) -> None:
        nonlocal values
        frame = frames[-1]
        offsets = positions[id(target)] = array("q")
        add_offset = offsets.append
        merges: list[dict[str, Any]] = []
        entries = 0
        while (key_event := get_event()).__class__ is not mapping_end:
            entries += 1
            values += 2
            if entries > MAX_ENTRIES:
                message = f"more than {MAX_ENTRIES:,} keys in one mapping"
                raise fail(message, key_event, path()[:-1])
            if values > MAX_VALUES:
                raise too_many_values(key_event)
            key_offset = key_event.start_mark.index
            if key_event.__class__ is scalar_event and key_event.anchor is None:
                key = key_event.value
                tag = key_event.tag
                if tag is None and key_event.implicit[0]:
                    tag = key_tags.get(key) or key_tag(key_event)
                elif tag is not None:
                    tag = key_tag(key_event)
            else:
                key, tag = key_of(key_event)
            frame[0] = key
            event = get_event()
            value_offset = event.start_mark.index
            if event.__class__ is scalar_event and event.anchor is None:
                value = event.value
                if event.tag is not None or (
                    event.implicit[0] and value[:1] in maybe_not_text
                ):  # not text as it stands (most values are)
                    value = scalar(event)[1]
            else:
                limit = MAX_CARDS if depth == 0 and key == "cards" else MAX_ENTRIES
                value = build(event, depth + 1, limit)
            if tag is not None and tag != _STR:
                if tag == _MERGE:
                    merges.extend(merged(value, event))
                    continue
                if tag in _SCALAR_KINDS:
                    doc.unusable = True
                    key_problem(
                        f"key {key[:40]!r} is read as {_SCALAR_KINDS[tag]}, not as text; "
                        "a deck's keys are names such as 'front'",
                        key_offset,
                    )
            if key in target:
                key_problem(f"key {key[:40]!r} is repeated in this mapping", key_offset)
                moved.setdefault(id(target), {})[key] = (key_offset, value_offset)
            else:
                add_offset(key_offset)
                add_offset(value_offset)
            target[key] = value
        if merges:
            _merge_into(target, merges, offsets, positions, moved)

    def merged(value: Any, event: yaml.Event) -> list[dict[str, Any]]:
        sources = list(reversed(value)) if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in sources):
            raise fail("a merge (<<) takes a mapping or a list of mappings", event, path())
        return sources

    def sequence(target: list[Any], depth: int, limit: int) -> None:
        nonlocal values
        frame = frames[-1]
        offsets = positions[id(target)] = array("q")
        add_offset, add_item = offsets.append, target.append
        sizes = None
        if depth == 1 and len(frames) == 2:  # a list at the top of the deck: cards, sources
            sizes = doc.item_sizes[str(frames[0][0])] = array("q")
        index = 0
        while (event := get_event()).__class__ is not sequence_end:
            values += 1
            if index >= limit:
                what = f"{limit:,} cards" if limit == MAX_CARDS else f"{limit:,} items in one list"
                raise fail(f"more than {what}", event, path()[:-1])
            if values > MAX_VALUES:
                raise too_many_values(event)
            frame[0] = index
            add_offset(event.start_mark.index)
            if event.__class__ is scalar_event and event.anchor is None:
                item = event.value
                if event.tag is not None or (event.implicit[0] and item[:1] in maybe_not_text):
                    item = scalar(event)[1]
                add_item(item)
                size = 1
            else:
                before = values + expanded_extra - 1  # the item itself is counted
                add_item(build(event, depth + 1))
                size = values + expanded_extra - before
            if sizes is not None:
                sizes.append(size)
            index += 1

    try:
        get_event()  # the stream starts
        if loader.check_event(yaml.StreamEndEvent):
            return doc
        get_event()  # the document starts
        first = get_event()
        doc.root = first.start_mark.index
        values = 1
        doc.data = build(first, 0)
        get_event()  # the document ends
        doc.values = values
        if loader.check_event(yaml.DocumentStartEvent):
            raise fail(
                "a deck file holds one YAML document, but a second one starts here",
                loader.peek_event(),
            )
        return doc
    finally:
        # The functions above call one another, a reference cycle that would keep the whole
        # document alive until the next garbage collection (paused while decks load).
        build = mapping = sequence = None  # type: ignore[assignment]


def _merge_into(
    target: dict[str, Any],
    sources: list[dict[str, Any]],
    offsets: array[int],
    positions: dict[int, array[int]],
    moved: dict[int, dict[str, tuple[int, int]]],
) -> None:
    """Apply merge keys as PyYAML does: merged keys first, the mapping's own keys win."""
    where: dict[str, tuple[int, int]] = {}
    values: dict[str, Any] = {}
    for source in [*sources, target]:
        source_offsets = positions.get(id(source), array("q"))
        source_moved = moved.get(id(source), {})
        for ordinal, (key, value) in enumerate(source.items()):
            values[key] = value
            where[key] = source_moved.get(key) or (
                source_offsets[2 * ordinal],
                source_offsets[2 * ordinal + 1],
            )
    target.clear()
    target.update(values)
    del offsets[:]
    for key in target:
        offsets.extend(where[key])
    moved.pop(id(target), None)
