"""Schema problems in plain words, located at the YAML node their path names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from quiz.deck.fields import SLUG_PATTERN, StrictModel
from quiz.deck.model import RuleViolation, format_path
from quiz.deck.problems import ProblemCollector
from quiz.deck.yaml_events import Document
from quiz.kinds.registry import CARD_TYPES

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


def describe_value(value: Any) -> str:
    """A short description of a YAML value for messages: ``text 'no'``, ``a list``."""
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
        shown = repr(value[:41] if isinstance(value, str) else value)
        return f"{kind} {shown if len(shown) <= 40 else shown[:37] + '...'}"
    return kind


def error_path(error: dict[str, Any]) -> tuple[str | int, ...]:
    """The YAML path a pydantic error is about: a missing key's mapping, an unknown card
    type's ``type`` key."""
    loc = error["loc"]
    # A discriminated union adds the card type to the location; the YAML has no such key.
    if len(loc) >= 3 and loc[0] == "cards" and isinstance(loc[1], int) and loc[2] in CARD_TYPES:
        loc = (*loc[:2], *loc[3:])
    kind = error["type"]
    if kind == "missing":
        return tuple(loc[:-1])
    if kind == "union_tag_invalid":
        return (*loc, "type")
    return tuple(loc)


def explain_schema_error(error: dict[str, Any]) -> RuleViolation:
    """Turn one pydantic error into a located, plainly worded rule violation."""
    loc = error["loc"]
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    message = error["msg"]
    if kind == "extra_forbidden":
        key = loc[-1]
        others = [name for name in _FIELD_NAMES if name != key]  # a key of another card type
        close = difflib.get_close_matches(str(key)[:100], others, n=1, cutoff=0.75)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        message = f"unknown key {key!r}{hint}"
    elif kind == "missing":
        message = f"missing required key {loc[-1]!r}"
    elif kind == "union_tag_invalid":
        message = f"unknown card type {ctx.get('tag')!r}; expected one of: {', '.join(CARD_TYPES)}"
    elif kind == "union_tag_not_found":
        message = f"card has no 'type'; expected one of: {', '.join(CARD_TYPES)}"
    elif kind in _TYPE_NAMES:
        message = f"expected {_TYPE_NAMES[kind]}, got {describe_value(value)}"
        if kind == "string_type" and isinstance(value, bool):
            message += (
                " (YAML reads yes, no, on, off, true and false unquoted as true/false: "
                "quote it, 'no')"
            )
        elif kind == "string_type" and isinstance(value, int | float):
            message += " (quote it to keep it as text)"
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
    return RuleViolation(error_path(error), message)


class Locator:
    """Finds where a YAML path is in a parsed document, in time proportional to the path.

    Each mapping on a path is indexed once (key to position in the mapping), so that many
    problems in one large mapping do not rescan its keys.
    """

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._ordinals: dict[int, dict[str, int]] = {}

    def offset(self, path: tuple[str | int, ...], *, at_key: bool = False) -> int:
        """The character offset of the deepest node of ``path`` that exists; of its key
        rather than its value with ``at_key`` (an unknown key is shown where it is written)."""
        doc = self._doc
        node, offset = doc.data, doc.root
        last = len(path) - 1
        for depth, part in enumerate(path):
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                where = doc.moved[id(node)].get(part) if id(node) in doc.moved else None
                if where is None:
                    ordinal = self._ordinal(node, part)
                    offsets = doc.positions[id(node)]
                    where = (offsets[2 * ordinal], offsets[2 * ordinal + 1])
                key_offset, offset = where
                node = node[part]
                if at_key and depth == last:
                    return key_offset
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                offset = doc.positions[id(node)][part]
                node = node[part]
            else:
                break
        return offset

    def _ordinal(self, mapping: dict[str, Any], key: str) -> int:
        """Where ``key`` is in the mapping's order: a small mapping is scanned, a large one
        indexed once."""
        if len(mapping) <= 12:
            for ordinal, name in enumerate(mapping):
                if name == key:
                    return ordinal
        ordinals = self._ordinals.get(id(mapping))
        if ordinals is None:
            ordinals = self._ordinals[id(mapping)] = {k: i for i, k in enumerate(mapping)}
        return ordinals[key]


def locate(locator: Locator, violations: Iterable[RuleViolation], out: ProblemCollector) -> None:
    """Add each violation at the YAML node its path names."""
    for violation in violations:
        at_key = violation.message.startswith("unknown key")
        offset = locator.offset(violation.path, at_key=at_key)
        if out.keeps(offset):
            path = format_path(violation.path)
            out.add_at(violation.message, offset, path, severity=violation.severity)
        else:
            out.left_out(1, offset, violation.severity)


def locate_errors(locator: Locator, errors: list[dict[str, Any]], out: ProblemCollector) -> None:
    """Add pydantic's errors at their YAML nodes: as many as ``out`` lists, in file order, in
    plain words; the others only counted (wording them would cost more than showing them)."""
    limit = out.limit
    placed = []
    for order, error in enumerate(errors):
        at_key = error["type"] == "extra_forbidden"
        placed.append((locator.offset(error_path(error), at_key=at_key), order, error))
    placed.sort(key=lambda item: item[:2])
    for offset, _, error in placed[:limit]:
        violation = explain_schema_error(error)
        out.add_at(violation.message, offset, format_path(violation.path))
    if len(placed) > limit:
        out.left_out(len(placed) - limit, placed[limit][0])
