"""Safe, bounded reading of deck YAML: text to plain data, or located problems.

The data is built from parser events (:mod:`quiz.deck.yaml_events`), which refuses input
past a limit (nesting, values, entries, aliases) at the first value beyond it; YAML tags that
would construct Python objects are errors: a deck is plain data.
"""

from __future__ import annotations

from typing import Any

import yaml

from quiz.deck.model import format_path
from quiz.deck.problems import ProblemCollector
from quiz.deck.yaml_events import Document, StructureError, build_document

MAX_INT_DIGITS = 30


def _digits(text: str) -> int:
    """How many digits an integer as written has: sign, ``_``, ``:`` and ``0x`` aside."""
    body = text.lstrip("+-").replace("_", "").replace(":", "")
    if body[:2].lower() in ("0x", "0o", "0b"):
        body = body[2:]
    return len(body)


class DeckYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (C where available), with integers and dates that fail politely."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = _digits(node.value)
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
                None, None, f"invalid date {node.value[:40]!r}: {error}", node.start_mark
            ) from None


DeckYamlLoader.add_constructor("tag:yaml.org,2002:int", DeckYamlLoader.construct_yaml_int)
DeckYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", DeckYamlLoader.construct_yaml_timestamp
)

UNREADABLE = object()  # parse_yaml's answer for text it could not, or would not, parse


def parse_document(text: str, out: ProblemCollector) -> Document | None:
    """The YAML data and where its values are, or ``None`` when the text cannot be parsed
    safely. Problems go to ``out``, located in ``text``."""
    if out.lines is None:
        out.use_text(text)
    loader = DeckYamlLoader(text)
    try:
        doc = build_document(loader, out)
    except StructureError as error:
        out.add_at(error.message, error.offset, format_path(error.path))
        return None
    except yaml.MarkedYAMLError as error:
        _add_yaml_error(error, out)
        return None
    except yaml.YAMLError as error:
        out.add(f"invalid YAML: {error}")
        return None
    except (RecursionError, MemoryError):
        out.add("YAML structure is too deeply nested or too large")
        return None
    finally:
        loader.dispose()
    return None if doc.unusable else doc


def parse_yaml(text: str, out: ProblemCollector) -> Any:
    """The YAML data, or ``UNREADABLE`` when the text cannot be parsed safely."""
    doc = parse_document(text, out)
    return UNREADABLE if doc is None else doc.data


def _add_yaml_error(error: yaml.MarkedYAMLError, out: ProblemCollector) -> None:
    """Add PyYAML's error in plain words, located by character offset (PyYAML's own line
    numbers count NEL, LS and PS as line breaks, which editors do not)."""
    assert out.lines is not None
    mark = error.problem_mark or error.context_mark
    message = " ".join(filter(None, [error.context, error.problem])) or str(error)
    if not isinstance(error, yaml.constructor.ConstructorError):
        context = error.context_mark
        if error.context and context and mark:
            line, column = out.lines.line_col(context.index)
            if line != out.lines.line_col(mark.index)[0]:
                message = f"{error.context} (line {line}, column {column}): {error.problem}"
        message = f"invalid YAML: {message}{yaml_hint(error)}"
    if mark is None:
        out.add(message)
    else:
        out.add_at(message, mark.index)


YAML_HINTS = (
    # (what PyYAML's problem says, what the author most likely did, in their words)
    (
        "mapping values are not allowed",
        "a text holding ': ' must be quoted (\"...\"), and a key must line up with the "
        "keys above it: check this line's indentation",
    ),
    ("found a tab character", "indent with spaces, never tabs"),
    ("did not find expected ',' or '}'", "a '{' is not closed: add the '}' (or quote the text)"),
    ("did not find expected ',' or ']'", "a '[' is not closed: add the ']' (or quote the text)"),
    ("found unexpected end of stream", "a quote is not closed: add the closing quote"),
    ("could not find expected ':'", "a key needs ': ' after it, or the text above needs quotes"),
)


def yaml_hint(error: yaml.MarkedYAMLError) -> str:
    """A plain hint for a YAML slip a deck author makes (`` (hint: ...)``), or ""."""
    said = " ".join(filter(None, [error.context, error.problem]))
    for problem, hint in YAML_HINTS:
        if problem in said:
            return f" (hint: {hint})"
    return ""


def top_key_offset(text: str, key: str) -> int | None:
    """Where the value of ``key`` in a document's top-level mapping starts, read only as far
    as that key; ``None`` when it cannot be found."""
    loader = DeckYamlLoader(text)

    def skip(event: yaml.Event) -> None:
        depth = 1 if isinstance(event, yaml.CollectionStartEvent) else 0
        while depth:
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1

    try:
        loader.get_event()  # the stream starts
        if not loader.check_event(yaml.DocumentStartEvent):
            return None
        loader.get_event()
        if not isinstance(loader.get_event(), yaml.MappingStartEvent):
            return None
        while not loader.check_event(yaml.MappingEndEvent):
            event = loader.get_event()
            if isinstance(event, yaml.ScalarEvent) and event.value == key:
                return loader.peek_event().start_mark.index
            skip(event)
            skip(loader.get_event())
        return None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
