"""Schema problems in plain words, located at the YAML node their path names."""

from __future__ import annotations

import difflib
from typing import Any

import yaml

from quiz.deck.fields import SLUG_PATTERN, StrictModel
from quiz.deck.model import RuleViolation, format_path
from quiz.deck.problems import ProblemCollector
from quiz.deck.yaml_input import DeckYamlLoader
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
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        return f"{kind} {shown}"
    return kind


def explain_schema_error(error: dict[str, Any]) -> RuleViolation:
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
        others = [name for name in _FIELD_NAMES if name != key]  # a key of another card type
        close = difflib.get_close_matches(str(key), others, n=1, cutoff=0.75)
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
        message = f"expected {_TYPE_NAMES[kind]}, got {describe_value(value)}"
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


def locate(text: str, violations: list[RuleViolation], out: ProblemCollector) -> None:
    """Add each violation with the line and column of the YAML node its path names."""
    try:
        root = yaml.compose(text, Loader=DeckYamlLoader)
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
