"""Deck data validated by the models in bounded memory, however many errors it holds.

Pydantic keeps every error of a validation until it returns, each with its location and
input: a file of 100,000 broken cards would hold millions of them at once. A large deck is
therefore validated a slice of its ``sources`` and ``cards`` at a time, each slice a few
thousand values; the errors of the first slices are worked out in full, those after only
counted. A valid deck is the same :class:`Deck` either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError

from quiz.deck.control_chars import describe_control, find_control
from quiz.deck.fields import Source
from quiz.deck.model import Card, Deck, RuleViolation

SLICE_VALUES = 5_000  # values validated at once (a slice holds at least one item)
DETAILED_ERRORS = 2_000  # errors of sources and cards worked out in full; later ones counted
_CONTEXT = {"cross_check": False}
_LISTS = {"sources": Source, "cards": Card}  # the deck's lists of models, which may be long
_adapters: dict[str, TypeAdapter[Any]] = {}


@dataclass
class SchemaCheck:
    """What the models say of deck data: the deck, or the errors found."""

    deck: Deck | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    """Errors worked out in full, as pydantic gives them (``loc`` in the deck data)."""
    counted: int = 0
    """Further errors, only counted."""
    counted_from: tuple[str | int, ...] = ()
    """The path of the first item whose errors were only counted."""


def _errors(error: ValidationError) -> list[dict[str, Any]]:
    # ErrorDetails is a TypedDict: the same dicts, read here by key
    return cast("list[dict[str, Any]]", error.errors(include_url=False))


def check_deck(data: dict[str, Any], sizes: dict[str, Any], values: int) -> SchemaCheck:
    """Validate deck data of ``values`` values; ``sizes`` gives the values of each item of
    its top-level lists (see :class:`~quiz.deck.yaml_events.Document`)."""
    result = SchemaCheck()
    long_lists = [
        key for key in data if key in _LISTS and isinstance(data[key], list) and data[key]
    ]
    if values <= SLICE_VALUES or not long_lists:
        try:
            result.deck = Deck.model_validate(data, context=_CONTEXT)
        except ValidationError as error:
            result.errors = _errors(error)
        return result
    header = {**data, **{key: [] for key in long_lists}}
    try:
        Deck.model_validate(header, context=_CONTEXT)
    except ValidationError as error:
        result.errors = [
            e for e in _errors(error) if not (len(e["loc"]) == 1 and e["loc"][0] in long_lists)
        ]
    built: dict[str, list[Any]] = {}
    detailed = 0
    for key in long_lists:
        built[key] = []
        item_sizes = sizes[key] if key in sizes else _sizes(data[key])  # or an alias's list
        for start, items in _slices(data[key], item_sizes):
            try:
                built[key] += _adapter(key).validate_python(items)
            except ValidationError as error:
                if detailed < DETAILED_ERRORS:
                    found = _errors(error)
                    detailed += len(found)
                    for e in found:
                        e["loc"] = (key, start + e["loc"][0], *e["loc"][1:])
                    result.errors += found
                else:
                    if not result.counted:
                        result.counted_from = (key, start)
                    result.counted += error.error_count()
    if not result.errors and not result.counted:
        result.deck = Deck.model_validate({**data, **built}, context=_CONTEXT)
    return result


def _adapter(key: str) -> TypeAdapter[Any]:
    adapter = _adapters.get(key)
    if adapter is None:
        adapter = _adapters[key] = TypeAdapter(list[_LISTS[key]])  # type: ignore[valid-type]
    return adapter


def _sizes(items: list[Any]) -> list[int]:
    """The values of each item, aliases expanded (each shared list or mapping sized once)."""
    memo: dict[int, int] = {}

    def size(node: Any) -> int:
        if not isinstance(node, dict | list):
            return 1
        known = memo.get(id(node))
        if known is None:
            children = node.values() if isinstance(node, dict) else node
            known = memo[id(node)] = 1 + sum(size(child) for child in children)
        return known

    return [size(item) for item in items]


def _slices(items: list[Any], sizes: Any) -> Iterator[tuple[int, list[Any]]]:
    """Consecutive slices of ``items`` of about :data:`SLICE_VALUES` values each."""
    start = total = 0
    for index, size in enumerate(sizes):
        total += size
        if total >= SLICE_VALUES:
            yield start, items[start : index + 1]
            start, total = index + 1, 0
    if start < len(items):
        yield start, items[start:]


def control_warnings(data: dict[str, Any] | list[Any]) -> Iterator[RuleViolation]:
    """A warning for each text in the data that holds a control character (a terminal would
    act on it; the app shows it as an escape instead)."""
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        pairs = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in pairs:
            if isinstance(child, str):
                found = find_control(child)
                if found:
                    yield RuleViolation(
                        (*path, key),
                        f"text holds the control character {describe_control(found.group())} "
                        f"(character {found.start() + 1}): it is shown as an escape, "
                        "never sent to the terminal",
                        "warning",
                    )
            elif isinstance(child, dict | list):
                stack.append((child, (*path, key)))
